/**
 * Words of the back office's withdrawal screens (English, like the rest of
 * the back office), and what a staff member may do now, mirrored from the
 * withdrawal machine (src/domain/machines/withdrawal-machine.ts): the events
 * of the current state whose firers include one of the staff member's roles.
 * The server checks every action again (guards such as four eyes included)
 * and its refusal is shown as it comes.
 */
import type { ApiError } from '../../api/client';
import type { StaffWithdrawalEvent, WithdrawalQueueName, WithdrawalStage, WithdrawalStatus, WithdrawalStepView } from '../../api/withdrawal-types';
import { WITHDRAWAL_DECLINE_REASONS, withdrawalMachine, type WithdrawalEvent } from '../../../../src/domain/machines/withdrawal-machine';

export const WITHDRAWAL_STATUS_LABELS: Record<WithdrawalStatus, string> = {
  submitted: 'Submitted',
  support_review: 'Support review',
  compliance_review: 'Compliance review',
  finance_review: 'Finance review',
  supervisor_review: 'Supervisor review',
  escalated: 'Escalated',
  payout_pending: 'Payout pending',
  paid: 'Paid',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

const STATUS_COLORS: Record<string, string> = {
  submitted: 'gray',
  support_review: 'blue',
  compliance_review: 'violet',
  finance_review: 'indigo',
  supervisor_review: 'grape',
  escalated: 'grape',
  payout_pending: 'cyan',
  paid: 'green',
  declined: 'red',
  cancelled: 'gray',
};

export function withdrawalStatusColor(status: string): string {
  return STATUS_COLORS[status] ?? 'blue';
}

/** What the client sees (src/domain/payments/client-payment-statuses.ts), in the portal's words. */
export const CLIENT_WITHDRAWAL_STATUS_LABELS: Record<string, string> = {
  submitted: 'Submitted',
  under_review: 'Under review',
  approved: 'Approved',
  paid: 'Paid',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

/** The queues (WITHDRAWAL_QUEUES in src/usecases/withdrawals/list-withdrawals.ts), in the order of a withdrawal's life. */
export const WITHDRAWAL_QUEUE_TABS: { value: WithdrawalQueueName; label: string }[] = [
  { value: 'support', label: 'Support' },
  { value: 'compliance', label: 'Compliance' },
  { value: 'finance', label: 'Finance' },
  { value: 'supervisor', label: 'Supervisor' },
  { value: 'escalated', label: 'Escalated' },
  { value: 'payout', label: 'Payout' },
  { value: 'closed', label: 'Closed' },
];

export const STAGE_LABELS: Record<WithdrawalStage | 'payout', string> = {
  support: 'Support',
  compliance: 'Compliance',
  finance: 'Finance',
  supervisor: 'Supervisor',
  payout: 'Payout',
};

/** Each role's own queue, where its work is: the tab a queue page opens on. */
export function homeQueue(roles: readonly string[]): WithdrawalQueueName {
  if (roles.includes('support')) return 'support';
  if (roles.includes('compliance')) return 'compliance';
  if (roles.includes('finance')) return 'finance';
  if (roles.includes('supervisor')) return 'supervisor';
  return 'support';
}

/** The history's words for each step. */
export const STEP_EVENT_LABELS: Record<string, string> = {
  request: 'Requested by the client',
  start_review: 'Review started',
  cancel: 'Cancelled by the client',
  support_approve: 'Support approved',
  compliance_approve: 'Compliance approved',
  finance_approve: 'Finance approved: sent for payout',
  finance_refer: 'Finance approved: referred to a supervisor',
  supervisor_approve: 'Supervisor approved: sent for payout',
  decline: 'Declined',
  escalate: 'Escalated to a supervisor',
  return_to_support: 'Returned to support',
  return_to_compliance: 'Returned to compliance',
  return_to_finance: 'Returned to finance',
  confirm_paid: 'Paid',
  payout_failed: 'Payout failed',
  payout_returned: 'Payout returned',
};

/** Review reasons: the plan's (withdrawal-plan.ts) and the destination's (request-withdrawal.ts). */
export const REVIEW_REASON_LABELS: Record<string, string> = {
  amount_over_threshold: 'Over the supervisor threshold',
  method_differs_from_deposit: 'Method differs from deposits',
  recent_deposit_not_traded: 'Recent deposit, not traded',
  high_risk_client: 'High-risk client',
  holder_name_partial: 'Holder name partly matches',
  holder_name_mismatch: 'Holder name does not match',
  destination_unverified: 'Destination not verified',
};

/** Review reasons that add the supervisor step (the others are for the reviewers' attention). */
export const SUPERVISOR_REASONS: ReadonlySet<string> = new Set(['amount_over_threshold', 'method_differs_from_deposit', 'recent_deposit_not_traded', 'high_risk_client']);

/** WITHDRAWAL_DECLINE_REASONS, in staff words; the client reads the portal's wording of each (withdrawalReason.* in i18n/en.ts). */
export const DECLINE_REASON_LABELS: Record<(typeof WITHDRAWAL_DECLINE_REASONS)[number], string> = {
  incomplete_request: 'Incomplete request',
  invalid_payment_details: 'Invalid payment details',
  kyc_not_approved: 'KYC not approved',
  source_of_funds_unverified: 'Source of funds unverified',
  aml_concern: 'AML concern',
  method_mismatch: 'Method does not match the deposits',
  deposit_not_traded: 'Deposit not traded',
  insufficient_funds: 'Insufficient funds',
  suspected_fraud: 'Suspected fraud',
};

export const DECLINE_REASONS = WITHDRAWAL_DECLINE_REASONS;

export const NAME_MATCH_LABELS: Record<string, { label: string; color: string }> = {
  match: { label: 'Name matches', color: 'green' },
  partial: { label: 'Name partly matches', color: 'orange' },
  mismatch: { label: 'Name does not match', color: 'red' },
};

export const DESTINATION_STATUS_LABELS: Record<string, { label: string; color: string }> = {
  active: { label: 'Active', color: 'green' },
  unverified: { label: 'Proof not checked', color: 'orange' },
  removed: { label: 'Removed by the client', color: 'gray' },
};

export const DESTINATION_KIND_LABELS: Record<string, string> = {
  bank_account: 'Bank account',
  e_wallet: 'E-wallet',
  crypto_address: 'Crypto address',
  card: 'Card',
};

export const PAYOUT_STATUS_COLORS: Record<string, string> = {
  initiating: 'gray',
  pending: 'cyan',
  paid: 'green',
  failed: 'red',
  returned: 'orange',
};

/** The events staff fire (STAFF_WITHDRAWAL_EVENTS in src/usecases/withdrawals/act-on-withdrawal.ts), in the order the actions show. */
export const STAFF_EVENTS = [
  'start_review',
  'support_approve',
  'compliance_approve',
  'finance_approve',
  'finance_refer',
  'supervisor_approve',
  'return_to_support',
  'return_to_compliance',
  'return_to_finance',
  'escalate',
  'decline',
  'confirm_paid',
  'payout_failed',
  'payout_returned',
] as const satisfies readonly (StaffWithdrawalEvent & WithdrawalEvent)[];

/** Recording what happened to a payout (finance); shown apart from the stage decisions. */
export const PAYOUT_EVENTS: ReadonlySet<StaffWithdrawalEvent> = new Set(['confirm_paid', 'payout_failed', 'payout_returned']);

const RETURN_TARGET: Partial<Record<StaffWithdrawalEvent, WithdrawalStage>> = {
  return_to_support: 'support',
  return_to_compliance: 'compliance',
  return_to_finance: 'finance',
};
const STAGE_ORDER: readonly WithdrawalStage[] = ['support', 'compliance', 'finance', 'supervisor'];

/**
 * The events these roles may fire from this state, by the machine's `by` and
 * `byState`; an escalation is offered back only to its stage or an earlier
 * one (the `no_stage_skipped` guard).
 */
export function eventsOpenTo(roles: readonly string[], status: string, escalatedFrom: WithdrawalStage | null): StaffWithdrawalEvent[] {
  if (!withdrawalMachine.isState(status)) return [];
  return STAFF_EVENTS.filter((event) => {
    if (!withdrawalMachine.can(status, event)) return false;
    if (!withdrawalMachine.firersFor(status, event).some((firer) => roles.includes(firer))) return false;
    const target = RETURN_TARGET[event];
    return !target || STAGE_ORDER.indexOf(target) <= STAGE_ORDER.indexOf(escalatedFrom ?? 'support');
  });
}

/** A note is required by the event, or because the supervisor role is the only one that allows it (SPEC §3). */
export function noteRequired(roles: readonly string[], status: string, event: StaffWithdrawalEvent): boolean {
  if (withdrawalMachine.events[event].note === 'required') return true;
  if (!withdrawalMachine.isState(status)) return false;
  const firers = withdrawalMachine.firersFor(status, event);
  const through = roles.filter((role) => (firers as readonly string[]).includes(role));
  return through.length > 0 && through.every((role) => role === 'supervisor');
}

export function reasonRequired(event: StaffWithdrawalEvent): boolean {
  return withdrawalMachine.events[event].reason?.required === true;
}

/** The stage an approving event signs off (APPROVAL_STAGE_OF_EVENT in withdrawal-stages.ts). */
export const APPROVED_STAGE_OF_EVENT: Partial<Record<StaffWithdrawalEvent, WithdrawalStage>> = {
  support_approve: 'support',
  compliance_approve: 'compliance',
  finance_approve: 'finance',
  finance_refer: 'finance',
  supervisor_approve: 'supervisor',
};

/** The four-eyes rule, read from the history: the stage this person already approved, if it is another one. */
export function fourEyesConflict(steps: readonly WithdrawalStepView[], staffId: string, event: StaffWithdrawalEvent): WithdrawalStage | null {
  const stage = APPROVED_STAGE_OF_EVENT[event];
  if (!stage) return null;
  return steps.find((step) => step.actorType === 'staff' && step.actorId === staffId && step.approvedStage !== null && step.approvedStage !== stage)?.approvedStage ?? null;
}

/** A short handle (ids are time-ordered, so their first characters repeat). */
export function shortWithdrawalId(id: string): string {
  return `#${id.slice(-8)}`;
}

/** The words for a refused action: a changed withdrawal, a rule (four eyes, supervisor required…), a missing permission. */
export function withdrawalActionErrorMessage(error: ApiError): string {
  if (error.code === 'stale_version') return 'This withdrawal changed since you opened it. Reload it, check what changed, and act again.';
  if (error.code === 'illegal_transition') return `This action is no longer possible in the withdrawal's current state: ${error.message}`;
  if (error.code === 'guard_failed') return `Refused by a rule: ${error.message}`;
  if (error.code === 'destination_not_payable') return `Refused: ${error.message}`;
  if (error.status === 403) return `You are not allowed to do this: ${error.message}`;
  const fields = Object.entries(error.fields);
  if (fields.length > 0) return `${error.message} ${fields.map(([name, message]) => `${name}: ${message}`).join('; ')}`;
  return error.message;
}
