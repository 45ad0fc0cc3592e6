/**
 * The state of one simulation run: the real application context on a
 * simulated clock, the agenda, the synthetic clients, the measurements, and
 * the one way the model calls a use case (`attempt`), which records what the
 * engine refused and hands back what the call put in the outbox.
 */
import { DomainError } from '../domain/errors';
import type { StaffActor } from '../domain/permissions';
import { compileCalendar, workingWindow } from '../domain/sla/working-calendar';
import { localEpochDay } from '../domain/sla/zoned-time';
import type { AppContext } from '../usecases/app-context';
import type { ManualClock } from '../usecases/clock';
import type { CapturedJob, CapturingJobQueue } from './capturing-job-queue';
import { EventQueue } from './event-queue';
import { Metrics } from './metrics';
import type { Random } from './random';
import type { Scenario, WorkingRole } from './scenario';

export const HOUR_MS = 3_600_000;

export interface SimClient {
  /** 1-based arrival order: the only name the report ever uses. */
  index: number;
  email: string;
  firstName: string;
  lastName: string;
  country: string;
  /** Each client draws from its own stream, so staffing changes do not change what clients do. */
  rng: Random;
  id: string | null;
  entityId: string | null;
  registeredAt: number;
  /** When the current review cycle was submitted (null while the client has to act). */
  submittedAt: number | null;
  approvedAt: number | null;
  /** An ID that expires within weeks (ongoing due diligence will ask for a new one). */
  idExpiresSoon: boolean;
  /** The identity document type the client uses. */
  idType: 'passport' | 'national_id' | 'driving_licence';
  documentsUploaded: number;
}

export interface StaffMember {
  id: string;
  actor: StaffActor;
  role: WorkingRole;
  busy: boolean;
}

export type Attempt<T> = { ok: true; value: T; jobs: CapturedJob[] } | { ok: false; code: string; message: string };

export class World {
  readonly events = new EventQueue();
  readonly metrics = new Metrics();
  readonly clients: SimClient[] = [];
  readonly clientsById = new Map<string, SimClient>();
  /** After the horizon only provider answers for payments in flight are delivered. */
  closed = false;
  private sequence = 0;

  constructor(
    readonly ctx: AppContext,
    readonly clock: ManualClock,
    readonly jobs: CapturingJobQueue,
    readonly scenario: Scenario,
    readonly startMs: number,
    readonly endMs: number,
  ) {}

  /** 1, 2, 3…: provider references and event keys of this run. */
  nextNumber(): number {
    this.sequence += 1;
    return this.sequence;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  schedule(at: number, run: () => Promise<void>, options: { drain?: boolean } = {}): void {
    if (this.closed && !options.drain) return;
    this.events.schedule(Math.max(at, this.now()), run, options);
  }

  after(hours: number, run: () => Promise<void>, options: { drain?: boolean } = {}): void {
    this.schedule(this.now() + Math.round(hours * HOUR_MS), run, options);
  }

  /**
   * Calls a use case. A refusal (a DomainError: the engine said no, nothing
   * changed) is counted and returned; anything else is a bug and stops the run.
   */
  async attempt<T>(what: string, call: () => Promise<T>): Promise<Attempt<T>> {
    this.jobs.take();
    try {
      const value = await call();
      return { ok: true, value, jobs: this.jobs.take() };
    } catch (error) {
      this.jobs.take();
      if (!(error instanceof DomainError)) throw error;
      this.metrics.refused(what, error.code);
      return { ok: false, code: error.code, message: error.message };
    }
  }

  /** Inside the broker's working hours (configuration `sla.workingHours` and holidays)? */
  isWorking(at: number): boolean {
    const calendar = compileCalendar(this.ctx.config.sla);
    const window = workingWindow(calendar, localEpochDay(at, calendar.timeZone));
    return window !== null && at >= window.start && at < window.end;
  }

  /** The first working instant at or after `at`. */
  nextOpening(at: number): number {
    const calendar = compileCalendar(this.ctx.config.sla);
    const first = localEpochDay(at, calendar.timeZone);
    for (let day = first; day < first + 400; day++) {
      const window = workingWindow(calendar, day);
      if (window && window.end > at) return Math.max(window.start, at);
    }
    throw new Error('no working hours within 400 days: check sla.workingHours and holidays');
  }
}
