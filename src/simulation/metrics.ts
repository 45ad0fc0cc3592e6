/**
 * What the simulation measures while it runs: turnaround samples per flow and
 * stage (hours), each queue item against its service target, queue sizes and
 * ages sampled every simulated hour, staff busy time, outcomes, and what the
 * engine refused. Only counts and simulated times: never an id.
 */
import { QUEUES, WORKING_ROLES, type QueueName, type WorkingRole } from './scenario';

export const TURNAROUNDS = [
  { key: 'kyc.wait', flow: 'KYC', stage: 'submission → review starts' },
  { key: 'kyc.review', flow: 'KYC', stage: 'review starts → decision' },
  { key: 'kyc.decision', flow: 'KYC', stage: 'submission → decision' },
  { key: 'kyc.onboarding', flow: 'KYC', stage: 'registration → approved' },
  { key: 'deposit.provider', flow: 'Deposits', stage: 'created → provider answer' },
  { key: 'deposit.review', flow: 'Deposits', stage: 'sent to review → decision' },
  { key: 'deposit.credit', flow: 'Deposits', stage: 'created → credited' },
  { key: 'withdrawal.support', flow: 'Withdrawals', stage: 'support stage' },
  { key: 'withdrawal.compliance', flow: 'Withdrawals', stage: 'compliance stage' },
  { key: 'withdrawal.finance', flow: 'Withdrawals', stage: 'finance stage' },
  { key: 'withdrawal.supervisor', flow: 'Withdrawals', stage: 'supervisor stage' },
  { key: 'withdrawal.payout', flow: 'Withdrawals', stage: 'payout sent → paid' },
  { key: 'withdrawal.total', flow: 'Withdrawals', stage: 'request → paid' },
] as const;
export type TurnaroundKey = (typeof TURNAROUNDS)[number]['key'];

export interface QueueSample {
  /** Hours since the start of the simulation. */
  hour: number;
  size: Record<QueueName, number>;
  /** Age of the oldest waiting item, hours (0 when empty). */
  oldestHours: Record<QueueName, number>;
}

export interface SlaTally {
  entered: number;
  decided: number;
  decidedLate: number;
  openAtEnd: number;
  openOverdueAtEnd: number;
}

const HOUR_MS = 3_600_000;

function byQueue<T>(make: () => T): Record<QueueName, T> {
  return Object.fromEntries(QUEUES.map((q) => [q, make()])) as Record<QueueName, T>;
}

export class Metrics {
  readonly turnarounds = new Map<TurnaroundKey, number[]>(TURNAROUNDS.map((t) => [t.key, []]));
  readonly sla: Record<QueueName, SlaTally> = byQueue(() => ({ entered: 0, decided: 0, decidedLate: 0, openAtEnd: 0, openOverdueAtEnd: 0 }));
  readonly samples: QueueSample[] = [];
  /** Hours each item waited before a staff member took it, per queue. */
  readonly waits: Record<QueueName, number[]> = byQueue(() => []);
  readonly busyMs: Record<WorkingRole, number> = Object.fromEntries(WORKING_ROLES.map((r) => [r, 0])) as Record<WorkingRole, number>;
  /** Things that happened (registrations, uploads refused, deposits failed…), by name. */
  readonly counts = new Map<string, number>();
  /** What the engine refused, by use case and error code. */
  readonly refusals = new Map<string, number>();

  turnaround(key: TurnaroundKey, fromMs: number, toMs: number): void {
    this.turnarounds.get(key)!.push((toMs - fromMs) / HOUR_MS);
  }

  count(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  refused(what: string, code: string): void {
    const key = `${what}: ${code}`;
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }
}
