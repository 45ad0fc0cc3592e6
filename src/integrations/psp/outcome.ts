/**
 * What a PSP callback means for Traderoom, the same for every protocol
 * (generic Stripe-format PSP and Praxis Cashier).
 *
 * Money semantics, so the ledger can post each kind exactly once:
 * - `deposit_succeeded`: the provider holds the funds; credit the client.
 * - `deposit_pending` / `deposit_failed`: no money moved.
 * - `deposit_refunded`: `amountMinor` went back to the payer (this refund only, not cumulative).
 * - `refund_failed`: a refund announced earlier did not go through; the money is back at the provider.
 * - `chargeback_opened`: the provider has debited the disputed amount (Stripe withdraws dispute funds
 *   when the dispute is created; Praxis' `chargeback` status). Post the reversal here.
 * - `chargeback_won`: the funds were reinstated; `chargeback_lost`: final, no further money moves.
 * - `payout_paid`: money left; `payout_failed`: it never left (release/restore the hold);
 *   `payout_returned`: it left and came back (e.g. a returned wire): restore the funds.
 *
 * Events are delivered at least once and in any order. Dedup by the
 * protocol's key (generic: event id; Praxis: tid + status) and, because one
 * reference can receive several events with the same meaning (e.g. a
 * `checkout.session.completed` and a `payment_intent.succeeded`), also make
 * the state change itself idempotent; `isStaleOutcome` tells whether an
 * outcome arriving late must not override the current one.
 */

export const PSP_OUTCOME_KINDS = [
  'deposit_succeeded',
  'deposit_failed',
  'deposit_pending',
  'deposit_refunded',
  'refund_failed',
  'chargeback_opened',
  'chargeback_lost',
  'chargeback_won',
  'payout_paid',
  'payout_failed',
  'payout_returned',
] as const;

export type PspMoneyOutcomeKind = (typeof PSP_OUTCOME_KINDS)[number];
export type PspOutcomeKind = PspMoneyOutcomeKind | 'ignored';

export interface PspMoneyOutcome {
  kind: PspMoneyOutcomeKind;
  /** Our id: the deposit id (deposits, refunds, chargebacks) or the withdrawal/payout attempt id (payouts). */
  reference: string;
  /** Requested/booked amount in minor units of `currency`. */
  amountMinor: bigint;
  /** ISO 4217, upper case. */
  currency: string;
  /** Set when the provider processed another amount or currency (FX). */
  processedAmountMinor?: bigint;
  processedCurrency?: string;
  /** Provider's failure / dispute / return reason. */
  reason?: string;
  /** Name of the payer (card holder / account holder) when the provider reports it. */
  payerName?: string;
  /** Provider's id of the object (pi_…, ch_…, dp_…, po_…, re_… or the Praxis tid). */
  providerReference: string;
  /** When the provider says it happened. */
  occurredAt: Date;
}

export interface PspIgnoredOutcome {
  kind: 'ignored';
  /** Known when the event carries one. */
  reference?: string;
  /** Event type (generic) or `transaction_type.transaction_status` (Praxis), for the log. */
  eventType: string;
  occurredAt: Date;
}

export type PspOutcome = PspMoneyOutcome | PspIgnoredOutcome;

/**
 * Whether `incoming` is already covered by what was applied to the same
 * reference (`applied`: the kinds applied so far, in any order), so it must be
 * recorded but not applied. Works whatever the delivery order:
 * - `deposit_pending` once anything else happened to the deposit;
 * - `deposit_succeeded`/`deposit_failed` once either was applied (the same
 *   meaning from a second event is applied once; the opposite one is a
 *   conflict: keep the first and re-fetch the provider's state);
 * - `payout_paid`/`payout_failed` once the payout was paid, failed or returned;
 * - `payout_returned`, `chargeback_opened`, and `chargeback_won`/`chargeback_lost`
 *   once applied;
 * - `deposit_refunded` and `refund_failed` are never stale here: there can be
 *   several partial refunds; the dedup key keeps each event to one application.
 * A refund or chargeback arriving before the success it presupposes is not
 * stale, and the success arriving afterwards is not either: credit, then reverse.
 */
export function isStaleOutcome(applied: Iterable<PspMoneyOutcomeKind>, incoming: PspMoneyOutcomeKind): boolean {
  const done = new Set(applied);
  const any = (...kinds: PspMoneyOutcomeKind[]) => kinds.some((k) => done.has(k));
  switch (incoming) {
    case 'deposit_pending':
      return done.size > 0;
    case 'deposit_succeeded':
    case 'deposit_failed':
      return any('deposit_succeeded', 'deposit_failed');
    case 'payout_paid':
    case 'payout_failed':
      return any('payout_paid', 'payout_failed', 'payout_returned');
    case 'payout_returned':
      return any('payout_returned');
    case 'chargeback_opened':
      return any('chargeback_opened');
    case 'chargeback_won':
    case 'chargeback_lost':
      return any('chargeback_won', 'chargeback_lost');
    case 'deposit_refunded':
    case 'refund_failed':
      return false;
  }
}
