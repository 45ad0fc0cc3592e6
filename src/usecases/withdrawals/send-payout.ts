/**
 * The `withdrawal.payout` job: sends one payout attempt to the provider's
 * payout API, outside any transaction. The attempt id is both our reference
 * and the Idempotency-Key, so a retry after a timeout (the job is retried on
 * PspUnavailableError) never pays twice. A refusal (4xx: bad destination…)
 * is a failed payout: the withdrawal goes back to finance with the reason and
 * the hold stays. The provider's later callbacks say paid/failed/returned.
 */
import { withdrawalMachine, type WithdrawalState } from '../../domain/machines/withdrawal-machine';
import { PspRequestError, type PspPayoutDestination } from '../../integrations/psp';
import { SYSTEM_REQUEST, type AppContext } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { applyPayoutResult } from './act-on-withdrawal';

interface DestinationSnapshot {
  kind: string;
  holderName: string;
  details: Record<string, string>;
}

/** Our destination in the generic protocol's field names. */
export function pspDestination(snapshot: DestinationSnapshot): PspPayoutDestination {
  const d = snapshot.details;
  const base = { holder_name: snapshot.holderName };
  if (snapshot.kind === 'bank_account') {
    return { type: 'bank_account', ...base, ...(d.iban ? { iban: d.iban } : {}), ...(d.bic ? { bic: d.bic } : {}), ...(d.accountNumber ? { account_number: d.accountNumber } : {}), ...(d.bankCode ? { bank_code: d.bankCode } : {}), ...(d.country ? { country: d.country } : {}) };
  }
  if (snapshot.kind === 'e_wallet') return { type: 'ewallet', ...base, ...(d.accountId ? { wallet_id: d.accountId } : {}), ...(d.email ? { email: d.email } : {}), ...(d.provider ? { provider: d.provider } : {}) };
  if (snapshot.kind === 'crypto_address') return { type: 'crypto', ...base, address: d.address, network: d.network };
  return { type: 'card', ...base };
}

export async function sendPayout(ctx: AppContext, payoutId: string): Promise<'sent' | 'refused' | 'skipped'> {
  const payout = await ctx.db.selectFrom('withdrawal_payout').selectAll().where('id', '=', payoutId).executeTakeFirst();
  if (!payout || payout.status !== 'initiating') return 'skipped';
  const w = await ctx.db.selectFrom('withdrawal').selectAll().where('id', '=', payout.withdrawal_id).executeTakeFirstOrThrow();
  const psp = ctx.integrations.psp[payout.provider_id];
  if (psp?.protocol !== 'generic') throw new Error(`payout ${payoutId}: provider ${payout.provider_id} has no payout API configured`);
  try {
    const sent = await psp.client.createPayout({
      amountMinor: w.amount_minor,
      currency: w.currency,
      reference: payout.id,
      destination: pspDestination(w.destination as unknown as DestinationSnapshot),
    });
    await ctx.db
      .updateTable('withdrawal_payout')
      .set({ status: 'pending', provider_payout_id: sent.id, updated_at: ctx.clock.now() })
      .where('id', '=', payout.id)
      .where('status', '=', 'initiating') // a callback may already have moved it on
      .execute();
    return 'sent';
  } catch (error) {
    if (!(error instanceof PspRequestError)) throw error; // unavailable: the job retries with the same key
    await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
      const locked = await uow.trx.selectFrom('withdrawal').selectAll().where('id', '=', w.id).forUpdate().executeTakeFirstOrThrow();
      const current = await uow.trx.selectFrom('withdrawal_payout').selectAll().where('id', '=', payout.id).forUpdate().executeTakeFirstOrThrow();
      if (current.status !== 'initiating' || locked.status !== 'payout_pending') return;
      const reason = `provider_refused: ${error.message}`.slice(0, 500);
      const result = withdrawalMachine.transition(locked.status as WithdrawalState, 'payout_failed', {
        by: 'provider',
        reason,
        note: `${payout.provider_id} refused the payout: ${error.message}`.slice(0, 1000),
      });
      await applyPayoutResult(ctx, uow, locked, payout.id, {
        outcome: 'payout_failed',
        reason,
        result,
        actor: { type: 'provider', id: payout.provider_id },
        createdBy: `provider:${payout.provider_id}`,
      });
    });
    return 'refused';
  }
}
