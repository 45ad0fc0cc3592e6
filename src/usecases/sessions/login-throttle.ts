/**
 * Per-account login throttling, counted from the audit trail itself (failed
 * logins are audited anyway), so it holds across restarts and processes.
 * The per-IP limit lives in the HTTP layer.
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../persistence/schema';

export const LOGIN_THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000 } as const;

export async function recentLoginFailures(trx: Transaction<DB>, action: string, login: string, now: Date): Promise<number> {
  const row = await trx
    .selectFrom('audit_event')
    .select(sql<bigint>`count(*)`.as('n'))
    .where('action', '=', action)
    .where('subject_id', '=', login)
    .where('occurred_at', '>', new Date(now.getTime() - LOGIN_THROTTLE.windowMs))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
