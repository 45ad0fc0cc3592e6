/**
 * A PSP callback (signature already verified) applied to its deposit, in one
 * transaction: the raw callback goes into the provider_event inbox first
 * (UNIQUE(provider, dedup_key): a second delivery of the same event, even
 * concurrent, is a duplicate that changes nothing), then the outcome drives
 * the deposit machine. An outcome already covered by what was applied to the
 * deposit (isStaleOutcome: a late "processing", a second "succeeded" from
 * another event type) is kept as evidence and not applied. The wallet credit's
 * business reference is the deposit itself, so whichever event or decision
 * credits it, it is credited once.
 *
 * Money going back (SPEC §6: "chargebacks and reversals post reversing
 * entries and flag the client"):
 * - a refund (`deposit_refunded`) takes the refunded amount from the wallet,
 *   the shortfall becoming the client's debt; its business reference is the
 *   provider's refund id. Each refund is remembered in deposit_refund, so a
 *   refund that failed (`refund_failed`, possibly delivered first) gives back
 *   exactly what was taken, debt first, and a late "refunded" for a refund
 *   known to have failed changes nothing. Fully refunded → `refunded`.
 * - a chargeback (`chargeback_opened`) likewise, referenced by the dispute;
 *   `chargeback_won` posts the reversal (referenced by the same dispute),
 *   `chargeback_lost` is recorded (no money moves). A dispute reported won
 *   before it was reported opened moves no money either way.
 * Refunds and chargebacks flag the client (client_flag), and a debt they
 * leave adds a debt flag, cleared when money coming back repays it.
 */
import type { TraderoomConfig } from '../../config/schema';
import type { PaymentMethodKind } from '../../config/vocabulary';
import { debtAccount } from '../../domain/ledger/accounts';
import { depositCreditEntry } from '../../domain/ledger/entries';
import { formatMoney, money } from '../../domain/ledger/money';
import { depositMachine, type DepositState } from '../../domain/machines/deposit-machine';
import { depositReviewHits, type DepositReviewHit } from '../../domain/payments/deposit-review-rules';
import { isStaleOutcome, type PspMoneyOutcome, type PspMoneyOutcomeKind, type PspOutcome } from '../../integrations/psp';
import { newId, isUuid } from '../../persistence/ids';
import { balanceOf, findEntry, findEntryById, postChargeback, postChargebackReversal, postClawback, postClawbackReversal, postEntry } from '../../persistence/ledger/ledger-repository';
import type { DepositRefundRow } from '../../persistence/tables/client-payment-flag-tables';
import type { DepositRow } from '../../persistence/tables/deposit-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { clearRepaidDebtFlags, raiseClientFlag } from '../clients/client-flags';
import { inTransaction, type UnitOfWork } from '../unit-of-work';
import { applyPayoutOutcome, PAYOUT_OUTCOME_KINDS } from '../withdrawals/apply-payout-outcome';
import { legalNameOf } from '../clients/client-money-facts';
import { notifyClient } from '../notifications/notify-client';

export type PspEventResult = 'applied' | 'duplicate' | 'stale' | 'ignored' | 'unknown_reference';

const DEPOSIT_KINDS: ReadonlySet<PspMoneyOutcomeKind> = new Set([
  'deposit_succeeded',
  'deposit_failed',
  'deposit_pending',
  'deposit_refunded',
  'refund_failed',
  'chargeback_opened',
  'chargeback_won',
  'chargeback_lost',
]);

export async function applyPspEvent(
  ctx: AppContext,
  meta: RequestMeta,
  providerId: string,
  event: { dedupKey: string; outcome: PspOutcome },
  evidence: { rawBody: string; headers: Record<string, unknown> },
): Promise<PspEventResult> {
  const { outcome } = event;
  return inTransaction(ctx, meta, async (uow) => {
    const inserted = await uow.trx
      .insertInto('provider_event')
      .values({
        id: newId(uow.now.getTime()),
        provider: providerId,
        dedup_key: event.dedupKey,
        subject_id: outcome.reference ?? null,
        occurred_at: outcome.occurredAt,
        received_at: uow.now,
        raw_body: evidence.rawBody,
        headers: JSON.stringify(evidence.headers),
        outcome: 'received',
      })
      .onConflict((oc) => oc.columns(['provider', 'dedup_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return 'duplicate';
    const settle = async (result: PspEventResult): Promise<PspEventResult> => {
      await uow.trx.updateTable('provider_event').set({ outcome: result }).where('id', '=', inserted.id).execute();
      return result;
    };

    if (outcome.kind !== 'ignored' && PAYOUT_OUTCOME_KINDS.has(outcome.kind)) return settle(await applyPayoutOutcome(ctx, uow, providerId, outcome));
    if (outcome.kind === 'ignored' || !DEPOSIT_KINDS.has(outcome.kind)) return settle('ignored');
    if (!isUuid(outcome.reference)) return settle('unknown_reference');
    const deposit = await uow.trx.selectFrom('deposit').selectAll().where('id', '=', outcome.reference).forUpdate().executeTakeFirst();
    if (!deposit || deposit.provider_id !== providerId) return settle('unknown_reference');
    const applied = deposit.applied_outcomes as PspMoneyOutcomeKind[];
    if (isStaleOutcome(applied, outcome.kind)) return settle('stale');
    const appliedNow = [...applied, outcome.kind];

    if (outcome.kind === 'deposit_pending') {
      await uow.trx.updateTable('deposit').set({ applied_outcomes: appliedNow, updated_at: uow.now }).where('id', '=', deposit.id).execute();
      return settle('applied');
    }
    if (outcome.kind === 'deposit_failed') return settle(await fail(ctx, uow, deposit, outcome, appliedNow));
    if (outcome.kind === 'deposit_succeeded') return settle(await confirm(ctx, uow, deposit, outcome, appliedNow));
    if (outcome.kind === 'deposit_refunded') return settle(await refund(ctx, uow, deposit, outcome, appliedNow));
    if (outcome.kind === 'refund_failed') return settle(await refundFailed(ctx, uow, deposit, outcome, appliedNow));
    if (outcome.kind === 'chargeback_won') return settle(await chargebackWon(ctx, uow, deposit, outcome, appliedNow));
    if (outcome.kind === 'chargeback_lost') return settle(await chargebackLost(uow, deposit, outcome, appliedNow));
    return settle(await chargeback(ctx, uow, deposit, outcome, appliedNow));
  });
}

async function fail(ctx: AppContext, uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
  const from = deposit.status as DepositState;
  if (!depositMachine.can(from, 'fail')) {
    await uow.trx.updateTable('deposit').set({ applied_outcomes: appliedNow, updated_at: uow.now }).where('id', '=', deposit.id).execute();
    return 'ignored';
  }
  const reason = outcome.reason ?? 'payment_failed';
  const result = depositMachine.transition(from, 'fail', { by: 'provider', reason, note: `Provider reported the payment failed: ${reason}` });
  await uow.trx
    .updateTable('deposit')
    .set({ status: result.to, failure_reason: reason, provider_reference: outcome.providerReference, applied_outcomes: appliedNow, updated_at: uow.now, version: deposit.version + 1 })
    .where('id', '=', deposit.id)
    .execute();
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action: 'deposit.failed', subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
    oldValues: { status: from }, newValues: { status: result.to, reason }, note: result.note,
  });
  await notifyDeposit(ctx, uow, deposit, from, result, reason);
  return 'applied';
}

async function reviewHits(ctx: AppContext, uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome): Promise<DepositReviewHit[]> {
  const config: TraderoomConfig = ctx.config;
  const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', deposit.client_id).executeTakeFirstOrThrow();
  const others = await uow.trx
    .selectFrom('deposit')
    .select(['amount_minor', 'currency', 'status', 'confirmed_at', 'created_at', 'credited_at'])
    .where('client_id', '=', deposit.client_id)
    .where('id', '<>', deposit.id)
    .where('status', 'in', ['confirmed', 'under_review', 'escalated', 'credited', 'refunded', 'chargeback'])
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  const credited = others.filter((d) => d.credited_at !== null);
  const processed =
    outcome.processedAmountMinor !== undefined || outcome.processedCurrency !== undefined
      ? money(outcome.processedAmountMinor ?? outcome.amountMinor, outcome.processedCurrency ?? outcome.currency)
      : outcome.amountMinor !== deposit.amount_minor || outcome.currency !== deposit.currency
        ? money(outcome.amountMinor, outcome.currency)
        : undefined;
  return depositReviewHits(config, {
    entityId: deposit.entity_id,
    amount: money(deposit.amount_minor, deposit.currency),
    method: { id: deposit.method_id, kind: deposit.method_kind as PaymentMethodKind },
    client: { legalName: await legalNameOf(ctx, client, uow.trx), riskLevel: client.risk_override ?? client.risk_level },
    payerName: outcome.payerName ?? null,
    previousCreditedDeposits: credited.length,
    recentDeposits: others.map((d) => ({ amountMinor: d.amount_minor, currency: d.currency, at: d.confirmed_at ?? d.created_at })),
    depositHistory: credited.slice(0, 50).map((d) => ({ amountMinor: d.amount_minor, currency: d.currency })),
    ...(processed ? { processedAmount: processed } : {}),
    now: uow.now,
  });
}

/** Credits the wallet once per deposit (business reference: the deposit). */
export async function creditDeposit(uow: UnitOfWork, deposit: DepositRow, createdBy: string): Promise<string> {
  const posted = await postEntry(
    uow.trx,
    depositCreditEntry({ ref: { type: 'deposit', id: deposit.id }, clientId: deposit.client_id, providerId: deposit.provider_id, amount: money(deposit.amount_minor, deposit.currency) }),
    { now: uow.now, createdBy },
  );
  return posted.entryId;
}

async function confirm(ctx: AppContext, uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
  const from = deposit.status as DepositState;
  if (!depositMachine.can(from, 'confirm')) {
    await uow.trx.updateTable('deposit').set({ applied_outcomes: appliedNow, updated_at: uow.now }).where('id', '=', deposit.id).execute();
    return 'ignored';
  }
  const confirmed = depositMachine.transition(from, 'confirm', { by: 'provider', note: `Payment confirmed by ${deposit.provider_id} (${outcome.providerReference})` });
  const hits = await reviewHits(ctx, uow, deposit, outcome);
  const event = hits.length === 0 ? 'auto_credit' : 'send_to_review';
  const next = depositMachine.transition(confirmed.to, event, {
    by: 'system',
    ...(event === 'auto_credit' ? { guardResults: { no_review_rule_hits: null } } : {}),
  });
  const entryId = event === 'auto_credit' ? await creditDeposit(uow, deposit, `provider:${deposit.provider_id}`) : null;
  await uow.trx
    .updateTable('deposit')
    .set({
      status: next.to,
      provider_reference: outcome.providerReference,
      payer_name: outcome.payerName ?? null,
      processed_amount_minor: outcome.processedAmountMinor ?? null,
      processed_currency: outcome.processedCurrency ?? null,
      rule_hits: JSON.stringify(hits),
      applied_outcomes: appliedNow,
      confirmed_at: uow.now,
      ...(entryId ? { credit_entry_id: entryId, credited_at: uow.now } : {}),
      updated_at: uow.now,
      version: deposit.version + 1,
    })
    .where('id', '=', deposit.id)
    .execute();
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action: entryId ? 'deposit.credited' : 'deposit.sent_to_review', subjectType: 'deposit', subjectId: deposit.id,
    clientId: deposit.client_id,
    oldValues: { status: from },
    newValues: { status: next.to, ruleHits: hits.map((h) => h.code), providerReference: outcome.providerReference, ...(entryId ? { entryId } : {}) },
    note: confirmed.note,
  });
  // One email for confirm + credit (or review): the client never sees "processing" in between.
  await notifyDeposit(ctx, uow, deposit, from, next);
  return 'applied';
}

/** Records the outcome as seen (isStaleOutcome) without changing anything else. */
async function recordSeen(uow: UnitOfWork, deposit: DepositRow, appliedNow: string[]): Promise<void> {
  await uow.trx.updateTable('deposit').set({ applied_outcomes: appliedNow, updated_at: uow.now }).where('id', '=', deposit.id).execute();
}

const PROVIDER = (deposit: DepositRow) => ({ type: 'provider' as const, id: deposit.provider_id });

/** Outcome amounts we cannot post (zero, another currency than the deposit's): kept as evidence, audited for finance. */
function unpostable(deposit: DepositRow, outcome: PspMoneyOutcome): string | null {
  if (outcome.amountMinor <= 0n) return 'the provider reported no amount';
  if (outcome.currency !== deposit.currency) return `the provider reported ${outcome.currency}, the deposit is in ${deposit.currency}`;
  return null;
}

async function notApplied(uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[], action: string, note: string): Promise<PspEventResult> {
  await recordSeen(uow, deposit, appliedNow);
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action, subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
    newValues: { status: deposit.status, kind: outcome.kind, providerReference: outcome.providerReference, amountMinor: String(outcome.amountMinor), currency: outcome.currency, reason: outcome.reason ?? null },
    note,
  });
  return 'ignored';
}

/**
 * After money was taken back (`entryId`: the clawback entry, null when none
 * was posted): flags the client for it, and for the debt this entry left, if
 * any (a debt from elsewhere is that other event's flag).
 */
async function flagClawback(uow: UnitOfWork, deposit: DepositRow, kind: 'chargeback' | 'refund', reason: string, entryId: string | null): Promise<string | null> {
  await raiseClientFlag(uow, { clientId: deposit.client_id, kind, subject: { type: 'deposit', id: deposit.id }, reason, by: PROVIDER(deposit) });
  const entry = entryId ? await findEntryById(uow.trx, entryId) : undefined;
  const shortfall = entry?.postings.find((p) => p.account === debtAccount(deposit.client_id, deposit.currency) && p.amountMinor < 0n);
  if (!shortfall) return null;
  const debt = await balanceOf(uow.trx, debtAccount(deposit.client_id, deposit.currency));
  const owed = formatMoney(money(-debt.amountMinor, deposit.currency));
  await raiseClientFlag(uow, {
    clientId: deposit.client_id, kind: 'debt', subject: { type: 'deposit', id: deposit.id },
    reason: `The ${kind} of deposit ${deposit.id} took ${formatMoney(money(-shortfall.amountMinor, deposit.currency))} more than the wallet had: the client owes ${owed}`,
    by: PROVIDER(deposit),
  });
  return owed;
}

async function chargeback(ctx: AppContext, uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
  const from = deposit.status as DepositState;
  if ((deposit.applied_outcomes as PspMoneyOutcomeKind[]).includes('chargeback_won')) {
    // Reported won before it was reported opened: the provider took the money and gave it back; nothing to post.
    return notApplied(uow, deposit, outcome, appliedNow, 'deposit.chargeback_not_applied', 'Chargeback reported opened after it was reported won: the funds were already reinstated, nothing to post');
  }
  if (!depositMachine.can(from, 'chargeback')) {
    // Not credited (yet): nothing to reverse. Kept as evidence, flagged in the audit for finance.
    return notApplied(uow, deposit, outcome, appliedNow, 'deposit.chargeback_not_applied', `Chargeback reported for a ${from} deposit; nothing was credited to reverse`);
  }
  const cannot = unpostable(deposit, outcome);
  if (cannot) return notApplied(uow, deposit, outcome, appliedNow, 'deposit.chargeback_not_applied', `Chargeback not posted: ${cannot}`);
  const reason = outcome.reason ?? 'chargeback';
  const result = depositMachine.transition(from, 'chargeback', { by: 'provider', reason, note: `Chargeback opened by ${deposit.provider_id}: ${reason}` });
  const posted = await postChargeback(
    uow.trx,
    { ref: { type: 'psp_chargeback', id: `${deposit.provider_id}:${outcome.providerReference}` }, clientId: deposit.client_id, providerId: deposit.provider_id, amount: money(outcome.amountMinor, deposit.currency) },
    { now: uow.now, createdBy: `provider:${deposit.provider_id}` },
  );
  await uow.trx
    .updateTable('deposit')
    .set({ status: result.to, applied_outcomes: appliedNow, updated_at: uow.now, version: deposit.version + 1 })
    .where('id', '=', deposit.id)
    .execute();
  const amount = formatMoney(money(outcome.amountMinor, deposit.currency));
  const owed = await flagClawback(uow, deposit, 'chargeback', `Chargeback of ${amount} on deposit ${deposit.id} (${deposit.provider_id} ${outcome.providerReference}): ${reason}`, posted.entryId);
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action: 'deposit.chargeback', subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
    oldValues: { status: from },
    newValues: { status: result.to, reason, entryId: posted.entryId, clientFlag: 'chargeback', ...(owed ? { debt: owed } : {}) },
    note: result.note,
  });
  await notifyDeposit(ctx, uow, deposit, from, result);
  return 'applied';
}

/** The dispute was won: the chargeback's amount comes back (debt first), the deposit is credited again. */
async function chargebackWon(ctx: AppContext, uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
  const from = deposit.status as DepositState;
  const ref = { type: 'psp_chargeback', id: `${deposit.provider_id}:${outcome.providerReference}` };
  const taken = await findEntry(uow.trx, 'chargeback', ref);
  if (!depositMachine.can(from, 'chargeback_reversed') || !taken) {
    return notApplied(
      uow, deposit, outcome, appliedNow, 'deposit.chargeback_won_not_applied',
      taken
        ? `Chargeback reported won for a ${from} deposit; nothing to give back`
        : `Chargeback ${outcome.providerReference} reported won, but no chargeback was posted for it: nothing to give back`,
    );
  }
  const clearing = taken.postings.find((p) => p.account.startsWith('psp:'));
  const amount = money(clearing ? clearing.amountMinor : outcome.amountMinor, deposit.currency);
  const result = depositMachine.transition(from, 'chargeback_reversed', { by: 'provider', note: `Chargeback ${outcome.providerReference} won: ${deposit.provider_id} reinstated ${formatMoney(amount)}` });
  const posted = await postChargebackReversal(
    uow.trx,
    { ref, clientId: deposit.client_id, providerId: deposit.provider_id, amount },
    { now: uow.now, createdBy: `provider:${deposit.provider_id}` },
  );
  await uow.trx
    .updateTable('deposit')
    .set({ status: result.to, applied_outcomes: appliedNow, updated_at: uow.now, version: deposit.version + 1 })
    .where('id', '=', deposit.id)
    .execute();
  await clearRepaidDebtFlags(uow, deposit.client_id, deposit.currency, PROVIDER(deposit), `chargeback ${outcome.providerReference} on deposit ${deposit.id} was won`);
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action: 'deposit.chargeback_won', subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
    oldValues: { status: from }, newValues: { status: result.to, entryId: posted.entryId, amountMinor: String(amount.amountMinor) }, note: result.note,
  });
  await notifyDeposit(ctx, uow, deposit, from, result);
  return 'applied';
}

/** The dispute was lost: final. The money was taken when it opened; nothing moves now. */
async function chargebackLost(uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
  await recordSeen(uow, deposit, appliedNow);
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action: 'deposit.chargeback_lost', subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
    newValues: { status: deposit.status, providerReference: outcome.providerReference, reason: outcome.reason ?? null },
    note: `Chargeback ${outcome.providerReference} lost at ${deposit.provider_id}: final, no money moves`,
  });
  return 'applied';
}

async function findRefund(uow: UnitOfWork, deposit: DepositRow, providerRefundId: string): Promise<DepositRefundRow | undefined> {
  return uow.trx.selectFrom('deposit_refund').selectAll().where('provider_id', '=', deposit.provider_id).where('provider_refund_id', '=', providerRefundId).executeTakeFirst();
}

/** What was taken from the client for this deposit's refunds that stand (money posted, not failed). */
async function refundedSoFar(uow: UnitOfWork, depositId: string): Promise<bigint> {
  const rows = await uow.trx
    .selectFrom('deposit_refund')
    .select('amount_minor')
    .where('deposit_id', '=', depositId)
    .where('status', '=', 'refunded')
    .where('refund_entry_id', 'is not', null)
    .execute();
  return rows.reduce((sum, r) => sum + r.amount_minor, 0n);
}

const refundRef = (deposit: DepositRow, providerRefundId: string) => ({ type: 'psp_refund', id: `${deposit.provider_id}:${providerRefundId}` });

/**
 * The provider refunded (part of) the deposit to the payer. Money is taken
 * back only from a credited deposit (or a refunded one, for a refund beyond
 * the amount); for any other the refund is recorded and audited.
 */
async function refund(ctx: AppContext, uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
  const refundId = outcome.providerReference;
  const known = await findRefund(uow, deposit, refundId);
  if (known) {
    // Another event about the same refund: already applied, or already known to have failed (delivered first).
    await recordSeen(uow, deposit, appliedNow);
    return 'stale';
  }
  const cannot = unpostable(deposit, outcome);
  if (cannot) return notApplied(uow, deposit, outcome, appliedNow, 'deposit.refund_not_applied', `Refund ${refundId} not posted: ${cannot}`);
  const from = deposit.status as DepositState;
  const amount = money(outcome.amountMinor, deposit.currency);
  const takesMoney = from === 'credited' || from === 'refunded';
  const posted = takesMoney
    ? await postClawback(
        uow.trx,
        'deposit_refund',
        { ref: refundRef(deposit, refundId), clientId: deposit.client_id, providerId: deposit.provider_id, amount },
        { now: uow.now, createdBy: `provider:${deposit.provider_id}` },
      )
    : null;
  await uow.trx
    .insertInto('deposit_refund')
    .values({
      id: newId(uow.now.getTime()),
      deposit_id: deposit.id,
      provider_id: deposit.provider_id,
      provider_refund_id: refundId,
      amount_minor: amount.amountMinor,
      currency: amount.currency,
      status: 'refunded',
      refund_entry_id: posted?.entryId ?? null,
      created_at: uow.now,
      updated_at: uow.now,
    })
    .execute();
  const total = await refundedSoFar(uow, deposit.id);
  const full = posted !== null && from === 'credited' && total >= deposit.amount_minor;
  const note = `${full ? 'Refunded in full' : 'Refund'} of ${formatMoney(amount)} made at ${deposit.provider_id} (${refundId})${takesMoney ? '' : `; the deposit is ${from}, nothing was credited to take back`}`;
  const result = full ? depositMachine.transition(from, 'refunded_at_provider', { by: 'provider', note }) : null;
  await uow.trx
    .updateTable('deposit')
    .set({ ...(result ? { status: result.to, version: deposit.version + 1 } : {}), applied_outcomes: appliedNow, updated_at: uow.now })
    .where('id', '=', deposit.id)
    .execute();
  const owed = await flagClawback(uow, deposit, 'refund', `Refund of ${formatMoney(amount)} on deposit ${deposit.id} made at ${deposit.provider_id} (${refundId})`, posted?.entryId ?? null);
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action: posted ? 'deposit.refunded' : 'deposit.refund_not_applied', subjectType: 'deposit', subjectId: deposit.id,
    clientId: deposit.client_id,
    oldValues: { status: from },
    newValues: {
      status: result?.to ?? from, refundId, amountMinor: String(amount.amountMinor), refundedMinor: String(total),
      ...(posted ? { entryId: posted.entryId } : {}), clientFlag: 'refund', ...(owed ? { debt: owed } : {}),
    },
    note,
  });
  if (result) await notifyDeposit(ctx, uow, deposit, from, result);
  return posted ? 'applied' : 'ignored';
}

/**
 * A refund failed: what it took comes back (debt first, then the wallet). A
 * failure reported before the refund itself is remembered, so the late
 * "refunded" changes nothing.
 */
async function refundFailed(ctx: AppContext, uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
  const refundId = outcome.providerReference;
  const reason = outcome.reason ?? 'refund_failed';
  const known = await findRefund(uow, deposit, refundId);
  if (known?.status === 'failed') {
    await recordSeen(uow, deposit, appliedNow);
    return 'stale';
  }
  const from = deposit.status as DepositState;
  if (!known) {
    const cannot = unpostable(deposit, outcome);
    if (cannot) return notApplied(uow, deposit, outcome, appliedNow, 'deposit.refund_failed_not_applied', `Failed refund ${refundId} not recorded: ${cannot}`);
    await uow.trx
      .insertInto('deposit_refund')
      .values({
        id: newId(uow.now.getTime()),
        deposit_id: deposit.id,
        provider_id: deposit.provider_id,
        provider_refund_id: refundId,
        amount_minor: outcome.amountMinor,
        currency: deposit.currency,
        status: 'failed',
        failure_reason: reason,
        created_at: uow.now,
        updated_at: uow.now,
      })
      .execute();
    await recordSeen(uow, deposit, appliedNow);
    await uow.audit({
      actorType: 'provider', actorId: deposit.provider_id, action: 'deposit.refund_failed', subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
      newValues: { status: from, refundId, amountMinor: String(outcome.amountMinor), reason },
      note: `Refund ${refundId} failed at ${deposit.provider_id} (${reason}) before it was reported made: nothing was taken, nothing to give back`,
    });
    return 'applied';
  }
  const amount = money(known.amount_minor, known.currency);
  const posted = known.refund_entry_id
    ? await postClawbackReversal(
        uow.trx,
        'deposit_refund_reversal',
        { ref: refundRef(deposit, refundId), clientId: deposit.client_id, providerId: deposit.provider_id, amount },
        { now: uow.now, createdBy: `provider:${deposit.provider_id}` },
      )
    : null;
  await uow.trx
    .updateTable('deposit_refund')
    .set({ status: 'failed', reversal_entry_id: posted?.entryId ?? null, failure_reason: reason, updated_at: uow.now })
    .where('id', '=', known.id)
    .execute();
  const total = await refundedSoFar(uow, deposit.id);
  const note = `Refund ${refundId} of ${formatMoney(amount)} failed at ${deposit.provider_id} (${reason})${posted ? ': the money is back' : ''}`;
  const result = posted && from === 'refunded' && total < deposit.amount_minor ? depositMachine.transition(from, 'refund_failed', { by: 'provider', reason, note }) : null;
  await uow.trx
    .updateTable('deposit')
    .set({ ...(result ? { status: result.to, version: deposit.version + 1 } : {}), applied_outcomes: appliedNow, updated_at: uow.now })
    .where('id', '=', deposit.id)
    .execute();
  if (posted) await clearRepaidDebtFlags(uow, deposit.client_id, deposit.currency, PROVIDER(deposit), `refund ${refundId} of deposit ${deposit.id} failed`);
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action: 'deposit.refund_failed', subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
    oldValues: { status: from },
    newValues: { status: result?.to ?? from, refundId, amountMinor: String(amount.amountMinor), refundedMinor: String(total), reason, ...(posted ? { entryId: posted.entryId } : {}) },
    note,
  });
  if (result) await notifyDeposit(ctx, uow, deposit, from, result);
  return 'applied';
}

/** The client's email for a deposit's status change; `reasonCode` only for a failure (words for it, never the provider's text). */
function notifyDeposit(ctx: AppContext, uow: UnitOfWork, deposit: DepositRow, from: DepositState, result: { to: DepositState; effects: readonly string[] }, reasonCode?: string) {
  return notifyClient(ctx, uow, {
    kind: 'deposit', clientId: deposit.client_id, from, to: result.to, effects: result.effects, amount: money(deposit.amount_minor, deposit.currency),
    ...(reasonCode !== undefined ? { reasonCode } : {}),
  });
}
