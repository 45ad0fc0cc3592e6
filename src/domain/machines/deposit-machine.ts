/**
 * Deposit (SPEC §6, §11). Created `pending`, sent to the PSP, confirmed by a
 * signed provider callback (de-duplicated by the use case before it gets
 * here). The review rules then auto-credit or send it to finance.
 *
 * Money can arrive late: a bank transfer after the deposit expired or was
 * cancelled, a PSP that flips a failure to success. So `failed`, `cancelled`
 * and `expired` are resolved, not terminal, and a provider confirmation still
 * lands. Funds of a rejected deposit are owed back to the payer until returned.
 */
import { defineMachine, type Firer } from './machine';

export const DEPOSIT_REJECTION_REASONS = [
  'payer_name_mismatch',
  'third_party_payment',
  'method_not_allowed',
  'amount_out_of_limits',
  'suspected_fraud',
  'aml_concern',
] as const;
export const DEPOSIT_REFUND_REASONS = ['client_request', 'compliance_decision', 'duplicate_payment'] as const;

export type DepositState =
  | 'pending'
  | 'awaiting_payment'
  | 'confirmed'
  | 'under_review'
  | 'escalated'
  | 'credited'
  | 'rejected'
  | 'failed'
  | 'cancelled'
  | 'expired'
  | 'refunded'
  | 'chargeback';
export type DepositEvent =
  | 'redirect'
  | 'confirm'
  | 'fail'
  | 'cancel'
  | 'expire'
  | 'auto_credit'
  | 'send_to_review'
  | 'approve'
  | 'reject'
  | 'escalate'
  | 'return_to_review'
  | 'return_funds'
  | 'refund'
  | 'refunded_at_provider'
  | 'refund_failed'
  | 'chargeback'
  | 'chargeback_reversed';

const FINANCE: readonly Firer[] = ['finance', 'supervisor'];
const DECIDE = { from: ['under_review', 'escalated'], by: FINANCE, byState: { escalated: ['supervisor'] } } as const;
const BEFORE_PAYMENT = ['pending', 'awaiting_payment'] as const;

export const depositMachine = defineMachine<DepositState, DepositEvent>({
  name: 'deposit',
  initial: 'pending',
  states: {
    pending: { tags: ['open', 'client_action'], clientLabel: 'pending' },
    awaiting_payment: { tags: ['open', 'awaiting_provider'], clientLabel: 'pending' },
    confirmed: { tags: ['open'], clientLabel: 'processing' },
    under_review: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
    escalated: { tags: ['open', 'needs_review', 'escalated'], clientLabel: 'under_review' },
    credited: { tags: ['resolved'], clientLabel: 'approved' },
    rejected: { tags: ['open', 'needs_review'], clientLabel: 'rejected' },
    failed: { tags: ['resolved'], clientLabel: 'failed' },
    cancelled: { tags: ['resolved'], clientLabel: 'cancelled' },
    expired: { tags: ['resolved'], clientLabel: 'expired' },
    // Resolved, not terminal: a provider refund that fails after all puts the money back (credited).
    refunded: { tags: ['resolved'], clientLabel: 'refunded' },
    chargeback: { tags: ['resolved'], clientLabel: 'reversed' },
  },
  events: {
    /** The PSP session or payment instructions were created. */
    redirect: { from: ['pending'], to: 'awaiting_payment', by: ['system'] },
    /** Provider callback, or finance matching a bank transfer by hand (with a note). */
    confirm: {
      from: [...BEFORE_PAYMENT, 'failed', 'cancelled', 'expired'],
      to: 'confirmed',
      by: ['provider', 'finance'],
      note: 'required',
      effects: ['rules.evaluate'],
    },
    fail: {
      from: BEFORE_PAYMENT,
      to: 'failed',
      by: ['provider', 'finance'],
      note: 'required',
      reason: { required: true },
      effects: ['notify.client'],
    },
    cancel: { from: BEFORE_PAYMENT, to: 'cancelled', by: ['client'] },
    expire: { from: BEFORE_PAYMENT, to: 'expired', by: ['system'] },
    auto_credit: {
      from: ['confirmed'],
      to: 'credited',
      by: ['system'],
      guards: ['no_review_rule_hits'],
      effects: ['ledger.credit_wallet', 'notify.client'],
    },
    send_to_review: { from: ['confirmed'], to: 'under_review', by: ['system'], effects: ['queue.finance', 'sla.start', 'notify.client'] },
    approve: { ...DECIDE, to: 'credited', note: 'required', effects: ['sla.stop', 'ledger.credit_wallet', 'notify.client'] },
    reject: {
      ...DECIDE,
      to: 'rejected',
      note: 'required',
      reason: { required: true, codes: DEPOSIT_REJECTION_REASONS },
      effects: ['sla.stop', 'client.flag', 'notify.client'],
    },
    escalate: { from: ['under_review'], to: 'escalated', by: ['finance'], note: 'required', effects: ['queue.escalate', 'notify.staff'] },
    return_to_review: { from: ['escalated'], to: 'under_review', by: ['supervisor'], note: 'required', effects: ['queue.finance'] },
    /** Send a rejected deposit's money back to the payer (nothing was credited). */
    return_funds: { from: ['rejected'], to: 'refunded', by: FINANCE, note: 'required', effects: ['psp.refund', 'notify.client'] },
    refund: {
      from: ['credited'],
      to: 'refunded',
      by: FINANCE,
      note: 'required',
      reason: { required: true, codes: DEPOSIT_REFUND_REASONS },
      guards: ['available_balance_covers'],
      effects: ['ledger.reverse_credit', 'psp.refund', 'notify.client'],
    },
    /**
     * The provider reports the deposit refunded to the payer (in full, counting
     * earlier partial refunds; a partial refund moves money, not the state).
     * The wallet pays what it has, the rest becomes the client's debt.
     */
    refunded_at_provider: {
      from: ['credited'],
      to: 'refunded',
      by: ['provider'],
      note: 'required',
      effects: ['ledger.post_refund', 'client.flag', 'notify.staff', 'notify.client'],
    },
    /** A refund the provider reported failed: the money is back, the deposit is credited again. */
    refund_failed: {
      from: ['refunded'],
      to: 'credited',
      by: ['provider'],
      note: 'required',
      reason: { required: true },
      effects: ['ledger.reverse_refund', 'notify.staff', 'notify.client'],
    },
    chargeback: {
      from: ['credited'],
      to: 'chargeback',
      by: ['provider', 'finance'],
      note: 'required',
      reason: { required: true },
      effects: ['ledger.post_chargeback', 'client.flag', 'notify.staff', 'notify.client'],
    },
    /** The broker won the dispute: the PSP returned the money. */
    chargeback_reversed: {
      from: ['chargeback'],
      to: 'credited',
      by: ['provider', 'finance'],
      note: 'required',
      effects: ['ledger.reverse_chargeback', 'notify.staff', 'notify.client'],
    },
  },
});
