/**
 * A provider's payout callback (paid, failed, returned), inside the
 * transaction that stored it in the provider_event inbox (apply-psp-event.ts).
 * The reference is our payout attempt id. Applied once per attempt whatever
 * the deliveries: the inbox drops copies, `isStaleOutcome` drops outcomes an
 * earlier one already covers, and the ledger entries are keyed by the attempt.
 * A return that arrives before the "paid" it presupposes settles, then returns.
 */
import { withdrawalMachine, type WithdrawalState } from '../../domain/machines/withdrawal-machine';
import { formatMoney } from '../../domain/ledger/money';
import { isStaleOutcome, type PspMoneyOutcome, type PspMoneyOutcomeKind } from '../../integrations/psp';
import { isUuid } from '../../persistence/ids';
import type { WithdrawalRow } from '../../persistence/tables/withdrawal-tables';
import type { AppContext } from '../app-context';
import type { UnitOfWork } from '../unit-of-work';
import { applyPayoutResult } from './act-on-withdrawal';
import { amountOf } from './request-withdrawal';

export type PayoutOutcomeResult = 'applied' | 'stale' | 'ignored' | 'unknown_reference';

export const PAYOUT_OUTCOME_KINDS: ReadonlySet<PspMoneyOutcomeKind> = new Set(['payout_paid', 'payout_failed', 'payout_returned']);

export async function applyPayoutOutcome(ctx: AppContext, uow: UnitOfWork, providerId: string, outcome: PspMoneyOutcome): Promise<PayoutOutcomeResult> {
  if (!isUuid(outcome.reference)) return 'unknown_reference';
  const found = await uow.trx.selectFrom('withdrawal_payout').select(['withdrawal_id']).where('id', '=', outcome.reference).executeTakeFirst();
  if (!found) return 'unknown_reference';
  // Lock order of every withdrawal use case: the withdrawal, then its payout, then ledger accounts.
  let w = await uow.trx.selectFrom('withdrawal').selectAll().where('id', '=', found.withdrawal_id).forUpdate().executeTakeFirstOrThrow();
  const payout = await uow.trx.selectFrom('withdrawal_payout').selectAll().where('id', '=', outcome.reference).forUpdate().executeTakeFirstOrThrow();
  if (payout.provider_id !== providerId) return 'unknown_reference';
  const applied = payout.applied_outcomes as PspMoneyOutcomeKind[];
  if (isStaleOutcome(applied, outcome.kind)) return 'stale';
  await uow.trx
    .updateTable('withdrawal_payout')
    .set({ applied_outcomes: [...applied, outcome.kind], provider_payout_id: payout.provider_payout_id ?? outcome.providerReference, updated_at: uow.now })
    .where('id', '=', payout.id)
    .execute();
  if (outcome.amountMinor !== w.amount_minor || outcome.currency !== w.currency) {
    await uow.audit({
      actorType: 'provider', actorId: providerId, action: 'withdrawal.payout_amount_mismatch', subjectType: 'withdrawal', subjectId: w.id, clientId: w.client_id,
      newValues: { reportedAmountMinor: String(outcome.amountMinor), reportedCurrency: outcome.currency, payoutId: payout.id },
      note: `The provider reported ${formatMoney({ amountMinor: outcome.amountMinor, currency: outcome.currency })} for a payout of ${formatMoney(amountOf(w))}; the withdrawal's amount is booked`,
    });
  }
  // Only the latest attempt moves the withdrawal; an older one is evidence.
  const latest = await uow.trx.selectFrom('withdrawal_payout').select((eb) => eb.fn.max('attempt').as('attempt')).where('withdrawal_id', '=', w.id).executeTakeFirst();
  if (Number(latest?.attempt) !== payout.attempt) return 'ignored';

  const actor = { type: 'provider' as const, id: providerId };
  const createdBy = `provider:${providerId}`;
  const state = () => w.status as WithdrawalState;
  const ref = outcome.providerReference;
  const fire = async (kind: 'payout_paid' | 'payout_failed' | 'payout_returned', reason: string | null, note: string): Promise<WithdrawalRow> => {
    const event = kind === 'payout_paid' ? 'confirm_paid' : kind;
    const result = withdrawalMachine.transition(state(), event, { by: 'provider', note, reason });
    return applyPayoutResult(ctx, uow, w, payout.id, { outcome: kind, reason, result, actor, createdBy, providerPayoutId: ref });
  };

  if (outcome.kind === 'payout_paid') {
    if (state() !== 'payout_pending') return 'ignored';
    await fire('payout_paid', null, `Paid out by ${providerId} (${ref})`);
    return 'applied';
  }
  const reason = outcome.reason ?? (outcome.kind === 'payout_failed' ? 'payout_failed' : 'payout_returned');
  if (outcome.kind === 'payout_failed') {
    if (state() !== 'payout_pending') return 'ignored';
    await fire('payout_failed', reason, `Payout failed at ${providerId} (${ref}): ${reason}`);
    return 'applied';
  }
  if (state() === 'payout_pending') w = await fire('payout_paid', null, `Paid out by ${providerId} (${ref}), reported with its return`);
  if (state() !== 'paid') return 'ignored';
  await fire('payout_returned', reason, `Payout returned by ${providerId} (${ref}): ${reason}`);
  return 'applied';
}
