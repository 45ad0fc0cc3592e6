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
 */
import type { TraderoomConfig } from '../../config/schema';
import type { PaymentMethodKind } from '../../config/vocabulary';
import { depositCreditEntry } from '../../domain/ledger/entries';
import { money } from '../../domain/ledger/money';
import { depositMachine, type DepositState } from '../../domain/machines/deposit-machine';
import { depositReviewHits, type DepositReviewHit } from '../../domain/payments/deposit-review-rules';
import { isStaleOutcome, type PspMoneyOutcome, type PspMoneyOutcomeKind, type PspOutcome } from '../../integrations/psp';
import { newId, isUuid } from '../../persistence/ids';
import { postChargeback, postEntry } from '../../persistence/ledger/ledger-repository';
import type { DepositRow } from '../../persistence/tables/deposit-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction, type UnitOfWork } from '../unit-of-work';
import { legalNameOf } from './create-deposit';

export type PspEventResult = 'applied' | 'duplicate' | 'stale' | 'ignored' | 'unknown_reference';

const DEPOSIT_KINDS: ReadonlySet<PspMoneyOutcomeKind> = new Set(['deposit_succeeded', 'deposit_failed', 'deposit_pending', 'chargeback_opened']);

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
    if (outcome.kind === 'deposit_failed') return settle(await fail(uow, deposit, outcome, appliedNow));
    if (outcome.kind === 'deposit_succeeded') return settle(await confirm(ctx, uow, deposit, outcome, appliedNow));
    return settle(await chargeback(uow, deposit, outcome, appliedNow));
  });
}

async function fail(uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
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
  return 'applied';
}

async function chargeback(uow: UnitOfWork, deposit: DepositRow, outcome: PspMoneyOutcome, appliedNow: string[]): Promise<PspEventResult> {
  const from = deposit.status as DepositState;
  if (!depositMachine.can(from, 'chargeback')) {
    // Not credited (yet): nothing to reverse. Kept as evidence, flagged in the audit for finance.
    await uow.trx.updateTable('deposit').set({ applied_outcomes: appliedNow, updated_at: uow.now }).where('id', '=', deposit.id).execute();
    await uow.audit({
      actorType: 'provider', actorId: deposit.provider_id, action: 'deposit.chargeback_not_applied', subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
      newValues: { status: from, reason: outcome.reason ?? null }, note: `Chargeback reported for a ${from} deposit; nothing was credited to reverse`,
    });
    return 'ignored';
  }
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
  await uow.audit({
    actorType: 'provider', actorId: deposit.provider_id, action: 'deposit.chargeback', subjectType: 'deposit', subjectId: deposit.id, clientId: deposit.client_id,
    oldValues: { status: from }, newValues: { status: result.to, reason, entryId: posted.entryId, clientFlag: 'chargeback' }, note: result.note,
  });
  return 'applied';
}
