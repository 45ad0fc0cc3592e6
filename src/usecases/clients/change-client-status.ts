/**
 * Every change of a client's status goes through here (SPEC §5, §7): the
 * client row is updated and, in the same transaction, what depends on the
 * status follows it — today the client's trading accounts and their platform
 * rights (follow-client-status.ts). The caller has decided the transition
 * with the client machine, holds the client row's lock, and writes its own
 * audit event for the client.
 */
import type { Updateable } from 'kysely';
import type { TraderoomConfig } from '../../config/schema';
import type { ClientAccountState } from '../../domain/machines/client-account-machine';
import type { ClientRow, ClientTable } from '../../persistence/schema';
import { followClientStatus, type AccountFollowed, type StatusCause } from '../trading/follow-client-status';
import type { UnitOfWork } from '../unit-of-work';

export type { StatusCause } from '../trading/follow-client-status';

/** The new status, the restriction reason if it changes, and any other client columns written with it. */
export type ClientStatusUpdate = Omit<Updateable<ClientTable>, 'id' | 'status' | 'updated_at'> & { status: ClientAccountState };

export async function changeClientStatus(
  config: TraderoomConfig,
  uow: UnitOfWork,
  client: ClientRow,
  update: ClientStatusUpdate,
  cause: StatusCause,
): Promise<{ accounts: AccountFollowed[] }> {
  await uow.trx.updateTable('client').set({ ...update, updated_at: uow.now }).where('id', '=', client.id).execute();
  const restrictionReason = update.restriction_reason === undefined ? client.restriction_reason : update.restriction_reason;
  const accounts = await followClientStatus(config, uow, { id: client.id, status: update.status, restriction_reason: restrictionReason }, cause, { previousStatus: client.status });
  return { accounts };
}
