/**
 * One use case = one database transaction. Inside it, the use case writes its
 * change, its audit event and its outbox jobs; all commit together or none do.
 */
import type { Transaction } from 'kysely';
import { appendAuditEvent, type AuditEventInput } from '../audit/audit-writer';
import type { JobData, JobName } from '../jobs/job-types';
import type { DB } from '../persistence/schema';
import type { AppContext, RequestMeta } from './app-context';

export interface UnitOfWork {
  readonly trx: Transaction<DB>;
  /** The instant of this change, read once from the clock. */
  readonly now: Date;
  audit(event: Omit<AuditEventInput, 'requestId' | 'ip'>): Promise<void>;
  enqueue<N extends JobName>(name: N, data: JobData[N]): Promise<void>;
}

/** PostgreSQL's "try again" answers: a deadlock victim, a serialisation failure. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

export async function inTransaction<T>(ctx: AppContext, meta: RequestMeta, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runOnce(ctx, meta, work);
    } catch (error) {
      // The transaction rolled back entirely, so running it again is safe.
      if (attempt >= ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
    }
  }
}

function runOnce<T>(ctx: AppContext, meta: RequestMeta, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const uow: UnitOfWork = {
      trx,
      now,
      audit: async (event) => {
        await appendAuditEvent(trx, { ...event, requestId: meta.requestId, ip: meta.ip }, now);
      },
      enqueue: async (name, data) => {
        await ctx.jobs.enqueue(trx, name, data);
      },
    };
    return work(uow);
  });
}
