/** The client withdraws their own request before support picks it up; the hold goes back to the wallet. */
import { NotFoundError, UnauthenticatedError } from '../../domain/errors';
import { withdrawalMachine, type WithdrawalState } from '../../domain/machines/withdrawal-machine';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { releaseHold } from './act-on-withdrawal';
import { recordWithdrawalStep } from './record-withdrawal-step';
import { portalWithdrawalView } from './withdrawal-views';

export async function cancelMyWithdrawal(ctx: AppContext, meta: RequestMeta, actor: Actor, withdrawalId: string) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  if (!isUuid(withdrawalId)) throw new NotFoundError('Withdrawal');
  return inTransaction(ctx, meta, async (uow) => {
    const w = await uow.trx.selectFrom('withdrawal').selectAll().where('id', '=', withdrawalId).where('client_id', '=', actor.id).forUpdate().executeTakeFirst();
    if (!w) throw new NotFoundError('Withdrawal');
    const result = withdrawalMachine.transition(w.status as WithdrawalState, 'cancel', { by: 'client' });
    const releaseEntryId = await releaseHold(uow, w, `client:${actor.id}`);
    const updated = await recordWithdrawalStep(ctx, uow, w, { result, actor: { type: 'client', id: actor.id }, details: { releaseEntryId } });
    return { withdrawal: portalWithdrawalView(updated) };
  });
}
