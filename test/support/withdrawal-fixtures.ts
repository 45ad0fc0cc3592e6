/**
 * Direct inserts of withdrawals in a given state, with the money that state
 * implies on the ledger (credit, then hold), for tests that need a record
 * without walking the whole flow (the flow is tested end to end elsewhere).
 */
import { depositCreditEntry, withdrawalHoldEntry } from '../../src/domain/ledger/entries';
import { money } from '../../src/domain/ledger/money';
import { newId } from '../../src/persistence/ids';
import { postEntry } from '../../src/persistence/ledger/ledger-repository';
import type { AppContext } from '../../src/usecases/app-context';

export async function seedPayoutDestination(ctx: AppContext, clientId: string): Promise<string> {
  const id = newId();
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('payout_destination')
    .values({
      id, client_id: clientId, kind: 'bank_account', label: 'IBAN DE89 …3000', holder_name: 'Seeded Client',
      details: JSON.stringify({ iban: 'DE89370400440532013000' }), name_match: 'match', status: 'active', usable_from: now, created_at: now, created_by: 'test', updated_at: now,
    })
    .execute();
  return id;
}

export async function seedWithdrawal(
  ctx: AppContext,
  clientId: string,
  status: string,
  options: { amountMinor?: bigint; payout?: 'manual' } = {},
): Promise<string> {
  const id = newId();
  const amount = money(options.amountMinor ?? 5000n, 'EUR');
  const client = await ctx.db.selectFrom('client').select(['entity_id']).where('id', '=', clientId).executeTakeFirstOrThrow();
  const destinationId = await seedPayoutDestination(ctx, clientId);
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const posting = { now, createdBy: 'system:test' };
    await postEntry(trx, depositCreditEntry({ ref: { type: 'seed_deposit', id }, clientId, providerId: 'demo_wire', amount }), posting);
    const hold = await postEntry(trx, withdrawalHoldEntry({ ref: { type: 'withdrawal', id }, clientId, amount }), posting);
    await trx
      .insertInto('withdrawal')
      .values({
        id, client_id: clientId, entity_id: client.entity_id, method_id: 'eu_wire', method_kind: 'wire', provider_id: 'demo_wire',
        destination_id: destinationId, destination: JSON.stringify({ kind: 'bank_account', label: 'IBAN DE89 …3000', holderName: 'Seeded Client', details: {} }),
        amount_minor: amount.amountMinor, currency: 'EUR', status, stages: ['support', 'compliance', 'finance'], stage_entered_at: now, hold_entry_id: hold.entryId,
        created_at: now, updated_at: now,
      })
      .execute();
    if (options.payout) {
      await trx
        .insertInto('withdrawal_payout')
        .values({ id: newId(), withdrawal_id: id, attempt: 1, provider_id: 'demo_wire', channel: options.payout, status: 'pending', created_at: now, updated_at: now })
        .execute();
    }
  });
  return id;
}

/** Credits a client's wallet as if a deposit had been credited (for tests that are not about deposits). */
export async function fundWallet(ctx: AppContext, clientId: string, amountMinor: bigint, currency = 'EUR'): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const ref = { type: 'seed_deposit', id: newId() };
    await postEntry(trx, depositCreditEntry({ ref, clientId, providerId: 'demo_wire', amount: money(amountMinor, currency) }), { now: ctx.clock.now(), createdBy: 'system:test' });
  });
}
