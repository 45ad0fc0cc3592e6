/**
 * Withdrawal (SPEC §3, §6). The hold is placed when the request is created
 * and stays until the provider confirms payment (`ledger.settle_hold`), so a
 * failed payout needs no ledger change; a payout returned after `paid`
 * restores the funds under hold (`hold.restore`) and reopens finance's stage.
 *
 * Each review stage belongs to one role; a supervisor acts on the supervisor
 * stage and on escalations. Every stage approval carries the `four_eyes`
 * guard: one person never approves two stages of the same withdrawal.
 */
import { defineMachine } from './machine';

export const WITHDRAWAL_DECLINE_REASONS = [
  'incomplete_request',
  'invalid_payment_details',
  'kyc_not_approved',
  'source_of_funds_unverified',
  'aml_concern',
  'method_mismatch',
  'deposit_not_traded',
  'insufficient_funds',
  'suspected_fraud',
] as const;

export type WithdrawalState =
  | 'submitted'
  | 'support_review'
  | 'compliance_review'
  | 'finance_review'
  | 'supervisor_review'
  | 'escalated'
  | 'payout_pending'
  | 'paid'
  | 'declined'
  | 'cancelled';
export type WithdrawalEvent =
  | 'start_review'
  | 'cancel'
  | 'support_approve'
  | 'compliance_approve'
  | 'finance_approve'
  | 'finance_refer'
  | 'supervisor_approve'
  | 'decline'
  | 'escalate'
  | 'return_to_support'
  | 'return_to_compliance'
  | 'return_to_finance'
  | 'confirm_paid'
  | 'payout_failed'
  | 'payout_returned';

const RETURN = { from: ['escalated'], by: ['supervisor'], note: 'required', guards: ['no_stage_skipped'], effects: ['queue.return', 'sla.start'] } as const;
const PAYOUT = ['payout.initiate', 'sla.stop', 'notify.client'] as const;

export const withdrawalMachine = defineMachine<WithdrawalState, WithdrawalEvent>({
  name: 'withdrawal',
  initial: 'submitted',
  states: {
    submitted: { tags: ['open', 'needs_review'], clientLabel: 'submitted' },
    support_review: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
    compliance_review: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
    finance_review: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
    supervisor_review: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
    escalated: { tags: ['open', 'needs_review', 'escalated'], clientLabel: 'under_review' },
    payout_pending: { tags: ['open', 'awaiting_provider'], clientLabel: 'approved' },
    paid: { tags: ['resolved'], clientLabel: 'paid' },
    declined: { tags: ['terminal'], clientLabel: 'declined' },
    cancelled: { tags: ['terminal'], clientLabel: 'cancelled' },
  },
  events: {
    /** Support picks the request up; from here the client can no longer cancel. */
    start_review: { from: ['submitted'], to: 'support_review', by: ['support'], effects: ['queue.assign', 'sla.start'] },
    cancel: { from: ['submitted'], to: 'cancelled', by: ['client'], effects: ['hold.release', 'notify.client'] },
    support_approve: {
      from: ['support_review'],
      to: 'compliance_review',
      by: ['support'],
      note: 'optional',
      guards: ['four_eyes'],
      effects: ['queue.compliance', 'sla.start'],
    },
    compliance_approve: {
      from: ['compliance_review'],
      to: 'finance_review',
      by: ['compliance'],
      note: 'optional',
      guards: ['four_eyes', 'kyc_approved'],
      effects: ['queue.finance', 'sla.start'],
    },
    finance_approve: {
      from: ['finance_review'],
      to: 'payout_pending',
      by: ['finance'],
      note: 'optional',
      guards: ['four_eyes', 'supervisor_required', 'hold_covers_amount'],
      effects: PAYOUT,
    },
    /** Finance signs off its stage and hands over to the supervisor (required by rules, or by choice). */
    finance_refer: {
      from: ['finance_review'],
      to: 'supervisor_review',
      by: ['finance'],
      note: 'required',
      guards: ['four_eyes', 'hold_covers_amount'],
      effects: ['queue.supervisor', 'sla.start'],
    },
    supervisor_approve: {
      from: ['supervisor_review'],
      to: 'payout_pending',
      by: ['supervisor'],
      note: 'required',
      guards: ['four_eyes', 'hold_covers_amount'],
      effects: PAYOUT,
    },
    decline: {
      from: ['submitted', 'support_review', 'compliance_review', 'finance_review', 'supervisor_review', 'escalated'],
      to: 'declined',
      by: ['support', 'compliance', 'finance', 'supervisor'],
      byState: {
        submitted: ['support'],
        support_review: ['support'],
        compliance_review: ['compliance'],
        finance_review: ['finance'],
        supervisor_review: ['supervisor'],
        escalated: ['supervisor'],
      },
      note: 'required',
      reason: { required: true, codes: WITHDRAWAL_DECLINE_REASONS },
      effects: ['hold.release', 'sla.stop', 'notify.client'],
    },
    escalate: {
      from: ['support_review', 'compliance_review', 'finance_review'],
      to: 'escalated',
      by: ['support', 'compliance', 'finance'],
      byState: { support_review: ['support'], compliance_review: ['compliance'], finance_review: ['finance'] },
      note: 'required',
      effects: ['queue.escalate', 'sla.start', 'notify.staff'],
    },
    return_to_support: { ...RETURN, to: 'support_review' },
    return_to_compliance: { ...RETURN, to: 'compliance_review' },
    return_to_finance: { ...RETURN, to: 'finance_review' },
    /** Provider callback, or finance recording a manual payout (with the reference in the note). */
    confirm_paid: {
      from: ['payout_pending'],
      to: 'paid',
      by: ['provider', 'finance'],
      note: 'required',
      effects: ['ledger.settle_hold', 'notify.client'],
    },
    /** The payout never left: the hold is still in place; finance re-routes or declines. */
    payout_failed: {
      from: ['payout_pending'],
      to: 'finance_review',
      by: ['provider', 'finance'],
      note: 'required',
      reason: { required: true },
      effects: ['queue.finance', 'sla.start', 'notify.staff', 'notify.client'],
    },
    /** Money came back after `paid` (returned wire): funds restored under hold, finance decides again. */
    payout_returned: {
      from: ['paid'],
      to: 'finance_review',
      by: ['provider', 'finance'],
      note: 'required',
      reason: { required: true },
      effects: ['hold.restore', 'queue.finance', 'sla.start', 'notify.staff', 'notify.client'],
    },
  },
});
