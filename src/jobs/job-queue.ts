/**
 * The outbox and its worker, on pg-boss.
 *
 * A use case enqueues side effects (emails now; PSP and platform calls later)
 * with `enqueue(trx, …)`: the job row is inserted through the use case's own
 * transaction, so it exists if and only if the business change committed.
 * Workers then run it with retries and exponential backoff.
 */
import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../persistence/database';
import type { DB } from '../persistence/schema';
import type { JobData, JobName } from './job-types';
import { JOB_NAMES } from './job-types';

export type JobHandler<N extends JobName> = (data: JobData[N], meta: { id: string; attempt: number }) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/** Every job's retries: up to 8 after the first run, from 5 s (5–10 s), doubling each time. */
export const RETRY = { retryLimit: 8, retryDelay: 5, retryBackoff: true } as const;

/** Arbitrary, fixed (next to the migrations' key): the advisory lock every Traderoom process sets up pg-boss under. */
const QUEUE_SETUP_LOCK_KEY = 72_707_370;

export class JobQueue {
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    private readonly database: Database,
    private readonly options: { pollingIntervalSeconds?: number; onError?: (error: Error) => void } = {},
  ) {
    this.boss = new PgBoss({
      db: { executeSql: (text: string, values?: unknown[]) => database.rawQuery(text, values) },
      schema: 'pgboss',
      // Our migrations own the app schema; pg-boss installs and upgrades its own `pgboss` schema.
      migrate: true,
      supervise: true,
      schedule: true,
      // Job payloads can hold single-use secrets (email links): keep finished jobs
      // about two hours, not pg-boss's default of days. The audit trail is the record.
      archiveCompletedAfterSeconds: 3600,
      deleteAfterHours: 1,
    });
    this.boss.on('error', (error: Error) => this.options.onError?.(error));
  }

  /**
   * Installs pg-boss's schema and queues. Needed before enqueue(). One process
   * at a time: pg-boss creates each queue's partition of its job table (DDL)
   * without a lock of its own, so two processes starting together on a fresh
   * database deadlock there (test/money/money-concurrency.test.ts).
   */
  async install(): Promise<void> {
    if (this.started) return;
    await this.database.exclusively(QUEUE_SETUP_LOCK_KEY, async () => {
      await this.boss.start();
      for (const name of JOB_NAMES) {
        if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name, { name, ...RETRY });
      }
    });
    this.started = true;
  }

  /** Starts workers for the job kinds given handlers (the others stay queued). */
  async work(handlers: Partial<JobHandlers>): Promise<void> {
    await this.install();
    const pollingIntervalSeconds = this.options.pollingIntervalSeconds ?? 1;
    for (const name of JOB_NAMES) {
      const handler = handlers[name] as JobHandler<typeof name> | undefined;
      if (!handler) continue;
      await this.boss.work<JobData[typeof name]>(name, { pollingIntervalSeconds, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) {
          await handler(job.data, { id: job.id, attempt: ((job as { retryCount?: number }).retryCount ?? 0) + 1 });
        }
      });
    }
  }

  /** Enqueue in the caller's transaction: the outbox write commits or rolls back with the change. */
  async enqueue<N extends JobName>(trx: Transaction<DB>, name: N, data: JobData[N]): Promise<string | null> {
    const db = {
      executeSql: async (text: string, values: unknown[]) => {
        const result = await trx.executeQuery(CompiledQuery.raw(text, values));
        return { rows: result.rows };
      },
    };
    return this.boss.send(name, data as object, { db, ...RETRY });
  }

  /** Runs a job on a cron schedule (pg-boss keeps one schedule per name, across processes). */
  async schedule<N extends JobName>(name: N, cron: string, data: JobData[N], tz: string): Promise<void> {
    await this.boss.schedule(name, cron, data as object, { tz });
  }

  /** Counts jobs not yet finished (tests wait for zero). */
  async pendingCount(): Promise<number> {
    let total = 0;
    for (const name of JOB_NAMES) total += await this.boss.getQueueSize(name);
    return total;
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, close: false, timeout: 5000, wait: true });
  }
}
