/**
 * A client asks to withdraw (issue 5). In one transaction: the hold (wallet →
 * hold) is posted first — the ledger locks the wallet's balance row and
 * refuses an amount the wallet does not cover, so concurrent requests can
 * never overdraw — then the withdrawal with the stages it must pass
 * (`withdrawalStages`, fixed now) and why, its first step and the audit event.
 */
import type { PaymentMethodKind } from '../../config/vocabulary';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../domain/errors';
import type { ClientPaymentMethod } from '../../domain/kyc/client-capabilities';
import { withdrawalHoldEntry } from '../../domain/ledger/entries';
import { formatMoney, money, type Money } from '../../domain/ledger/money';
import { withdrawalMachine } from '../../domain/machines/withdrawal-machine';
import type { Actor } from '../../domain/roles';
import { assertAmountAgainstMethod } from '../../domain/payments/amount-limits';
import { destinationKindForMethod } from '../../domain/payments/payout-destination-rules';
import { withdrawalStages } from '../../domain/payments/withdrawal-plan';
import { isUuid, newId } from '../../persistence/ids';
import { postEntry } from '../../persistence/ledger/ledger-repository';
import { debtAccount } from '../../domain/ledger/accounts';
import type { Transaction } from 'kysely';
import type { ClientRow, DB } from '../../persistence/schema';
import type { PayoutDestinationRow, ReasonColumn } from '../../persistence/tables/withdrawal-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { capabilitiesOf, legalNameOf, paymentMethodFor } from '../clients/client-money-facts';
import { lockClientStanding } from '../clients/lock-client-standing';
import { inTransaction } from '../unit-of-work';
import { portalWithdrawalView } from './withdrawal-views';
import { notifyClient } from '../notifications/notify-client';
import { REQUEST_CREATED_EFFECTS } from '../../domain/notifications/client-status-emails';

export interface RequestWithdrawalInput {
  methodId: string;
  /** Minor units, digits. */
  amountMinor: string;
  currency: string;
  /** Required unless the method pays back to a card. */
  destinationId?: string | undefined;
}

/** Flags of the destination that staff must see on every withdrawal to it. */
function destinationReasons(destination: PayoutDestinationRow | undefined): ReasonColumn[] {
  if (!destination) return [];
  const reasons: ReasonColumn[] = [];
  if (destination.name_match !== 'match') {
    reasons.push({
      code: destination.name_match === 'partial' ? 'holder_name_partial' : 'holder_name_mismatch',
      detail: `The destination's holder "${destination.holder_name}" ${destination.name_match === 'partial' ? 'only partly matches' : 'does not match'} the client's legal name`,
    });
  }
  if (destination.status === 'unverified') reasons.push({ code: 'destination_unverified', detail: 'The proof of this new destination has not been checked by finance yet' });
  return reasons;
}

async function loadDestination(ctx: AppContext, client: ClientRow, method: ClientPaymentMethod, destinationId: string | undefined, now: Date) {
  const kind = destinationKindForMethod(method.kind);
  if (kind === null) {
    if (destinationId !== undefined) throw new ValidationError('Card withdrawals go back to your card; no destination is needed.', { field: 'destinationId' }, 'destination_not_needed');
    return undefined;
  }
  if (destinationId === undefined || !isUuid(destinationId)) {
    throw new ValidationError('Choose where to send the money (add a payout destination first).', { field: 'destinationId' }, 'destination_required');
  }
  const destination = await ctx.db
    .selectFrom('payout_destination')
    .selectAll()
    .where('id', '=', destinationId)
    .where('client_id', '=', client.id)
    .where('status', '<>', 'removed')
    .executeTakeFirst();
  if (!destination) throw new ValidationError('This payout destination does not exist.', { field: 'destinationId' }, 'destination_unknown');
  if (destination.kind !== kind) {
    throw new ValidationError(`${method.name} pays to a ${kind.replace('_', ' ')}; choose one of those.`, { field: 'destinationId' }, 'destination_kind_mismatch');
  }
  if (destination.usable_from > now) {
    throw new ConflictError(
      `A new payout destination can be used from ${destination.usable_from.toISOString().slice(0, 16).replace('T', ' ')} UTC (a security waiting period).`,
      { field: 'destinationId', usableFrom: destination.usable_from.toISOString() },
      'destination_cooling_off',
    );
  }
  return destination;
}

async function planFacts(ctx: AppContext, clientId: string) {
  const deposits = await ctx.db
    .selectFrom('deposit')
    .select(['method_id', 'method_kind', 'credited_at'])
    .where('client_id', '=', clientId)
    .where('credited_at', 'is not', null)
    .orderBy('credited_at', 'desc')
    .limit(500)
    .execute();
  const methods = new Map(deposits.map((d) => [d.method_id, { id: d.method_id, kind: d.method_kind as PaymentMethodKind }]));
  return { depositMethodsUsed: [...methods.values()], lastDepositAt: deposits[0]?.credited_at ?? null };
}

export async function requestWithdrawal(ctx: AppContext, meta: RequestMeta, actor: Actor, input: RequestWithdrawalInput) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  const caps = capabilitiesOf(ctx, client);
  if (!caps.canWithdraw) {
    const why = caps.reasons.find((r) => r.capability === 'withdraw');
    throw new ForbiddenError(why?.message ?? 'Withdrawals are not available for your account', { capability: 'withdraw' }, why?.code ?? 'withdraw_not_allowed');
  }
  const method = paymentMethodFor(caps.paymentMethods, input.methodId, 'withdrawal');
  if (!/^\d{1,18}$/.test(input.amountMinor)) throw new ValidationError('Enter the amount in minor units (digits).', { field: 'amount' }, 'amount_invalid');
  const amount = money(BigInt(input.amountMinor), input.currency);
  assertAmountAgainstMethod(method, 'withdrawal', amount);
  const now = ctx.clock.now();
  const destination = await loadDestination(ctx, client, method, input.destinationId, now);
  const plan = withdrawalStages(ctx.config, {
    amount,
    method: { id: method.id, kind: method.kind },
    ...(await planFacts(ctx, client.id)),
    client: { riskLevel: client.risk_override ?? client.risk_level },
    // No trading data yet (MT5 sync comes with the trading accounts): nothing counts as traded.
    tradedSinceLastDeposit: false,
    now,
  });
  const reasons: ReasonColumn[] = [...plan.reasons, ...destinationReasons(destination)];
  const legalName = await legalNameOf(ctx, client);
  const snapshot = destination
    ? { kind: destination.kind, label: destination.label, holderName: destination.holder_name, details: destination.details }
    : { kind: 'card', label: 'Back to the card used for deposits', holderName: legalName, details: {} };

  const id = newId(now.getTime());
  return inTransaction(ctx, meta, async (uow) => {
    await lockClientStanding(uow.trx, client);
    await assertNoDebt(uow.trx, client.id, amount.currency);
    const hold = await postEntry(uow.trx, withdrawalHoldEntry({ ref: { type: 'withdrawal', id }, clientId: client.id, amount }), {
      now: uow.now,
      createdBy: `client:${client.id}`,
    });
    const row = await uow.trx
      .insertInto('withdrawal')
      .values({
        id,
        client_id: client.id,
        entity_id: client.entity_id,
        method_id: method.id,
        method_kind: method.kind,
        provider_id: method.provider,
        destination_id: destination?.id ?? null,
        destination: JSON.stringify(snapshot),
        amount_minor: amount.amountMinor,
        currency: amount.currency,
        status: withdrawalMachine.initial,
        stages: plan.stages,
        review_reasons: JSON.stringify(reasons),
        stage_entered_at: uow.now,
        hold_entry_id: hold.entryId,
        created_at: uow.now,
        updated_at: uow.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.trx
      .insertInto('withdrawal_step')
      .values({ withdrawal_id: id, event: 'request', from_status: null, to_status: row.status, actor_type: 'client', actor_id: client.id, at: uow.now })
      .execute();
    await uow.audit({
      actorType: 'client', actorId: client.id, action: 'withdrawal.requested', subjectType: 'withdrawal', subjectId: id, clientId: client.id,
      newValues: {
        status: row.status, methodId: method.id, amountMinor: String(amount.amountMinor), currency: amount.currency,
        destinationId: destination?.id ?? null, stages: plan.stages, reviewReasons: reasons.map((r) => r.code), holdEntryId: hold.entryId,
      },
    });
    await notifyClient(ctx, uow, { kind: 'withdrawal', clientId: client.id, from: null, to: row.status, effects: REQUEST_CREATED_EFFECTS, amount });
    return { withdrawal: portalWithdrawalView(row) };
  });
}

/**
 * A client who owes money (a chargeback or refund the wallet could not cover)
 * does not withdraw in that currency. Read under a share lock of the debt's
 * balance row: a chargeback posting at the same moment holds that row, so
 * this waits for it and sees its debt (or, if each waits for the other's
 * wallet/debt lock, PostgreSQL picks a deadlock victim and the use case is
 * retried). A client's very first debt creates the row; that one instant is
 * not covered.
 */
async function assertNoDebt(trx: Transaction<DB>, clientId: string, currency: string): Promise<void> {
  const row = await trx
    .selectFrom('account_balance')
    .innerJoin('ledger_account', 'ledger_account.id', 'account_balance.account_id')
    .select('account_balance.balance_minor')
    .where('ledger_account.code', '=', debtAccount(clientId, currency))
    .forShare('account_balance')
    .executeTakeFirst();
  const owed = -(row?.balance_minor ?? 0n);
  if (owed > 0n) {
    const debt = money(owed, currency);
    throw new ConflictError(`You owe ${formatMoney(debt)} (a reversed payment); withdrawals in ${currency} resume once it is settled.`, { debtMinor: String(owed) }, 'outstanding_debt');
  }
}

export function amountOf(w: { amount_minor: bigint; currency: string }): Money {
  return money(w.amount_minor, w.currency);
}

