/**
 * One simulation run: the real application context (migrated database, the
 * outbox with no workers, simulated payment providers, a ManualClock) driven
 * by a discrete-event loop. Clients arrive as a Poisson process over the
 * horizon (so many arrivals, uniformly spread, in time order), staff are real
 * staff members working their queues in working hours, ongoing due diligence
 * runs daily at 06:00 broker time, queues are sampled hourly. At the horizon
 * staff stop; payments still awaiting their provider get its answer; then
 * the database is reconciled and the numbers summarised.
 */
import type { TraderoomConfig } from '../config/schema';
import type { Database } from '../persistence/database';
import { migrate } from '../persistence/migrate';
import { localFileStore } from '../integrations/files/file-store';
import { dateOfEpochDay, epochDayOfIsoDate, wallTimeToInstant } from '../domain/sla/zoned-time';
import type { StaffActor } from '../domain/permissions';
import { SYSTEM_REQUEST, type AppContext } from '../usecases/app-context';
import { ManualClock } from '../usecases/clock';
import { NO_INTEGRATIONS } from '../usecases/integrations';
import { createStaff } from '../usecases/staff/create-staff';
import { CapturingJobQueue } from './capturing-job-queue';
import { arrive, dueDiligence, type Model } from './onboarding-journey';
import { queueHandlers } from './queue-handlers';
import { Random } from './random';
import { reconcile } from './reconcile';
import { WORKING_ROLES, type Scenario, type WorkingRole } from './scenario';
import { simulatedProviders } from './simulated-psp';
import { HOUR_MS, World, type StaffMember } from './sim-world';
import { StaffPools } from './staff-pools';
import { newSimClient } from './synthetic-clients';
import { summarise, type SimulationSummary } from './summary';

export interface SimulationEnvironment {
  database: Database;
  /** Where uploaded documents go (content-addressed). */
  filesDir: string;
  config: TraderoomConfig;
  /** Called once per simulated day (progress for the command line). */
  onDay?: (day: number, days: number) => void;
}

export interface SimulationResult {
  summary: SimulationSummary;
  eventsProcessed: number;
}

const DAY_MS = 24 * HOUR_MS;

async function hireStaff(ctx: AppContext, scenario: Scenario): Promise<Record<WorkingRole, StaffMember[]>> {
  const members = {} as Record<WorkingRole, StaffMember[]>;
  for (const role of WORKING_ROLES) {
    members[role] = [];
    for (let i = 1; i <= scenario.staff[role]; i++) {
      const { staff } = await createStaff(ctx, SYSTEM_REQUEST, { type: 'system', id: 'simulator' }, {
        email: `${role}-${i}@staff.simulation.traderoom.invalid`, displayName: `${role} ${i}`, roles: [role], entityIds: 'all',
      });
      const actor: StaffActor = { type: 'staff', id: staff.id, roles: [role], entityIds: 'all' };
      members[role].push({ id: staff.id, actor, role, busy: false });
    }
  }
  return members;
}

/** 06:00 broker time on each simulated day. */
function dailyAt(world: World, hour: number, startMs: number, days: number): number[] {
  const tz = world.ctx.config.sla.workingHours.timezone;
  const firstDay = epochDayOfIsoDate(new Date(startMs).toISOString().slice(0, 10))!;
  const out: number[] = [];
  for (let d = 0; d < days; d++) {
    const { year, month, day } = dateOfEpochDay(firstDay + d);
    const at = wallTimeToInstant({ year, month, day, hour, minute: 0 }, tz);
    if (at >= startMs) out.push(at);
  }
  return out;
}

export async function runSimulation(scenario: Scenario, env: SimulationEnvironment): Promise<SimulationResult> {
  await migrate(env.database);
  const jobs = new CapturingJobQueue(env.database, { onError: () => undefined });
  await jobs.install();
  try {
    const startMs = Date.parse(`${scenario.start}T00:00:00Z`);
    const endMs = startMs + scenario.days * DAY_MS;
    const clock = new ManualClock(new Date(startMs));
    const ctx: AppContext = {
      database: env.database, db: env.database.db, config: env.config, clock, jobs, files: localFileStore(env.filesDir),
      integrations: { ...NO_INTEGRATIONS, psp: simulatedProviders(env.config.paymentProviders) },
      publicUrl: 'http://simulation.traderoom.invalid',
    };
    const world = new World(ctx, clock, jobs, scenario, startMs, endMs);
    const root = new Random(scenario.seed);
    const arrivals = root.fork();
    const clientStreams = root.fork();
    const staffStream = root.fork();
    const model = { world } as Model;
    model.pools = new StaffPools(world, await hireStaff(ctx, scenario), queueHandlers(model), staffStream);

    const times = Array.from({ length: scenario.clients }, () => startMs + Math.floor(arrivals.next() * (endMs - startMs))).sort((a, b) => a - b);
    times.forEach((at, i) => {
      const client = newSimClient(i + 1, clientStreams.fork(), at);
      world.clients.push(client);
      world.schedule(at, () => arrive(model, client));
    });
    for (const at of dailyAt(world, 6, startMs, scenario.days)) world.schedule(at, () => dueDiligence(model));
    const sample = (at: number) => {
      const snap = model.pools.snapshot(at);
      world.metrics.samples.push({ hour: Math.round((at - startMs) / HOUR_MS), ...snap });
    };
    for (let h = 0; h < scenario.days * 24; h++) world.schedule(startMs + h * HOUR_MS, async () => sample(world.now()));

    let processed = 0;
    let day = 0;
    const close = () => {
      clock.set(new Date(endMs));
      sample(endMs);
      model.pools.closeBooks(endMs);
      world.closed = true;
    };
    for (let event = world.events.pop(); event; event = world.events.pop()) {
      if (!world.closed && event.at >= endMs) close();
      if (world.closed && !event.drain) continue;
      clock.set(new Date(event.at));
      while (!world.closed && event.at >= startMs + (day + 1) * DAY_MS) {
        day += 1;
        env.onDay?.(day, scenario.days);
      }
      await event.run();
      processed += 1;
    }
    if (!world.closed) close();
    const reconciliation = await reconcile(ctx, world.metrics.counts.get('deposits created') ?? 0);
    return { summary: summarise(scenario, world.metrics, reconciliation, env.config.sla, startMs, endMs), eventsProcessed: processed };
  } finally {
    await jobs.stop();
  }
}
