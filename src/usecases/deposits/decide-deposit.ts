/** Finance decides a deposit the review rules held: approve (credit the wallet) or reject with a reason; a note always. */
import { ConflictError, NotFoundError } from '../../domain/errors';
import { depositMachine, type DepositState } from '../../domain/machines/deposit-machine';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { DB } from '../../persistence/schema';
import type { DepositRow } from '../../persistence/tables/deposit-tables';
import type { Transaction } from 'kysely';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { creditDeposit } from './apply-psp-event';
import { staffDepositView } from './deposit-views';
import { notifyClient } from '../notifications/notify-client';
import { money } from '../../domain/ledger/money';

/**
 * A chargeback or refund that came while the deposit waited for review moved
 * no money (nothing was credited), but the provider has taken the money back:
 * crediting it now would pay the client money the broker no longer holds.
 */
async function assertNotTakenBack(trx: Transaction<DB>, deposit: DepositRow): Promise<void> {
  const applied = new Set(deposit.applied_outcomes);
  const chargedBack = applied.has('chargeback_opened') && !applied.has('chargeback_won');
  const refunded = await trx.selectFrom('deposit_refund').select('id').where('deposit_id', '=', deposit.id).where('status', '=', 'refunded').executeTakeFirst();
  if (chargedBack || refunded) {
    throw new ConflictError(
      `The provider has already taken this payment back (${chargedBack ? 'chargeback' : 'refund'}); reject the deposit instead.`,
      { reversal: chargedBack ? 'chargeback' : 'refund' },
      'reversed_at_provider',
    );
  }
}

export type DepositDecisionInput =
  | { decision: 'approve'; note: string; expectedVersion?: number | undefined }
  | { decision: 'reject'; note: string; reason: string; expectedVersion?: number | undefined };

export async function decideDeposit(ctx: AppContext, meta: RequestMeta, actor: Actor, depositId: string, input: DepositDecisionInput) {
  authorize(actor, 'deposit.review');
  if (!isUuid(depositId)) throw new NotFoundError('Deposit');
  return inTransaction(ctx, meta, async (uow) => {
    const deposit = await uow.trx.selectFrom('deposit').selectAll().where('id', '=', depositId).forUpdate().executeTakeFirst();
    if (!deposit) throw new NotFoundError('Deposit');
    authorize(actor, 'deposit.review', { entityId: deposit.entity_id });
    if (input.expectedVersion !== undefined && input.expectedVersion !== deposit.version) {
      throw new ConflictError('The deposit changed since you opened it; reload it.', { version: deposit.version }, 'stale_version');
    }
    const from = deposit.status as DepositState;
    const event = input.decision === 'approve' ? 'approve' : 'reject';
    if (event === 'approve' && depositMachine.can(from, 'approve')) await assertNotTakenBack(uow.trx, deposit);
    const result = depositMachine.transition(from, event, { by: actor.roles, note: input.note, reason: input.decision === 'reject' ? input.reason : null });
    const entryId = event === 'approve' ? await creditDeposit(uow, deposit, `staff:${actor.id}`) : null;
    const updated = await uow.trx
      .updateTable('deposit')
      .set({
        status: result.to,
        decision_reason: result.reason,
        decision_note: result.note,
        decided_by: actor.id,
        decided_at: uow.now,
        ...(entryId ? { credit_entry_id: entryId, credited_at: uow.now } : {}),
        updated_at: uow.now,
        version: deposit.version + 1,
      })
      .where('id', '=', deposit.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'staff', actorId: actor.id, action: event === 'approve' ? 'deposit.approved' : 'deposit.rejected', subjectType: 'deposit', subjectId: deposit.id,
      clientId: deposit.client_id,
      oldValues: { status: from }, newValues: { status: result.to, ...(entryId ? { entryId } : {}), ...(result.reason ? { reason: result.reason } : {}) }, note: result.note,
    });
    await notifyClient(ctx, uow, {
      kind: 'deposit', clientId: deposit.client_id, from, to: result.to, effects: result.effects, ...(result.reason ? { reasonCode: result.reason } : {}), amount: money(deposit.amount_minor, deposit.currency),
    });
    return { deposit: staffDepositView(updated) };
  });
}
