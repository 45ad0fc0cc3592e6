/**
 * The first statement of a transaction that creates a client's request
 * (deposit, withdrawal, trading transfer): the client row again, under a share
 * lock. The request was allowed from a read made before the transaction; if
 * compliance changed the client's standing since (restricted, closed), the
 * request is refused. A change of standing running now (it holds the row for
 * update) is waited for, and one that starts after sees this request as open.
 * Client first is the lock order everywhere.
 */
import type { Transaction } from 'kysely';
import { ConflictError } from '../../domain/errors';
import type { DB } from '../../persistence/schema';

export async function lockClientStanding(trx: Transaction<DB>, checked: { id: string; status: string }): Promise<void> {
  const now = await trx.selectFrom('client').select('status').where('id', '=', checked.id).forShare().executeTakeFirstOrThrow();
  if (now.status !== checked.status) {
    throw new ConflictError('The status of your account changed just now: reload the page and try again.', { status: now.status }, 'client_status_changed');
  }
}
