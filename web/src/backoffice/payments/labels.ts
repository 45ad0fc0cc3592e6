/** Words of the back office's payment screens (English, like the rest of the back office). */
import type { ApiError } from '../../api/client';
import type { StaffDeposit } from '../../api/types';
import { humanize } from '../../lib/format';
import { formatStaffMoney } from '../../lib/money';

/** Deposit machine states (src/domain/machines/deposit-machine.ts), in the order of a deposit's life. */
export const DEPOSIT_STATUS_LABELS: Record<string, string> = {
  under_review: 'Under review',
  escalated: 'Escalated',
  pending: 'Pending',
  awaiting_payment: 'Awaiting payment',
  confirmed: 'Confirmed',
  credited: 'Credited',
  rejected: 'Rejected (funds owed back)',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  refunded: 'Refunded',
  chargeback: 'Chargeback',
};

/** What the client sees (src/domain/payments/client-payment-statuses.ts), in the portal's words. */
export const CLIENT_DEPOSIT_STATUS_LABELS: Record<string, string> = {
  pending: 'Waiting for payment',
  processing: 'Confirming payment',
  credited: 'Credited',
  under_review: 'Being checked',
  failed: 'Failed',
  refunded: 'Refunded',
  charged_back: 'Reversed',
};

/** The states that wait for a decision, for the count badges (the server counts these). */
export const DEPOSIT_REVIEW_STATUSES = ['under_review', 'escalated'] as const;

const DEPOSIT_STATUS_COLORS: Record<string, string> = {
  under_review: 'violet',
  escalated: 'grape',
  pending: 'gray',
  awaiting_payment: 'gray',
  confirmed: 'blue',
  credited: 'green',
  rejected: 'red',
  failed: 'red',
  cancelled: 'gray',
  expired: 'gray',
  refunded: 'orange',
  chargeback: 'red',
};

export function depositStatusColor(status: string): string {
  return DEPOSIT_STATUS_COLORS[status] ?? 'blue';
}

/** DEPOSIT_REVIEW_CODES (src/domain/payments/deposit-review-rules.ts). */
export const RULE_HIT_LABELS: Record<string, string> = {
  first_deposit: 'First deposit',
  amount_over_threshold: 'Over threshold',
  payer_name_mismatch: 'Payer name',
  velocity: 'Velocity',
  unusual_pattern: 'Unusual pattern',
  high_risk_client: 'High-risk client',
  fx_amount_differs: 'Amount differs',
};

/** DEPOSIT_REJECTION_REASONS (src/domain/machines/deposit-machine.ts); the client sees its own wording of each. */
export const DEPOSIT_REJECTION_LABELS: Record<string, string> = {
  payer_name_mismatch: 'Payer name does not match the client',
  third_party_payment: 'Third-party payment',
  method_not_allowed: 'Method not allowed for this client',
  amount_out_of_limits: 'Amount outside the method limits',
  suspected_fraud: 'Suspected fraud',
  aml_concern: 'AML concern',
};

export const METHOD_KIND_LABELS: Record<string, string> = {
  card: 'Card',
  local_bank_transfer: 'Local bank transfer',
  wire: 'Wire transfer',
  e_wallet: 'E-wallet',
  crypto: 'Crypto',
};

export const SORT_OPTIONS = [
  { value: 'oldest', label: 'Oldest first' },
  { value: 'newest', label: 'Newest first' },
  { value: 'amount', label: 'Largest amount' },
];

/** The client's open flags and debts in one line: "Chargeback: fraudulent · owes 50.00 EUR". */
export function clientAlertText(deposit: Pick<StaffDeposit, 'clientOpenFlags' | 'clientDebts'>): string {
  const flags = (deposit.clientOpenFlags ?? []).map((flag) => `${humanize(flag.kind)}: ${flag.reason}`);
  const debts = (deposit.clientDebts ?? []).map((debt) => `owes ${formatStaffMoney(debt.debtMinor, debt.currency)}`);
  return [...flags, ...debts].join(' · ');
}

/** A short handle for a deposit: the end of its id (ids are time-ordered, so their first characters repeat). */
export function shortDepositId(id: string): string {
  return `#${id.slice(-8)}`;
}

/** The words for a refused decision: a changed deposit, a missing permission, or the server's message. */
export function depositActionErrorMessage(error: ApiError): string {
  if (error.code === 'stale_version') return 'This deposit changed since you opened it. Reload it, check what changed, and decide again.';
  if (error.code === 'illegal_transition') return `This decision is no longer possible in the deposit's current state: ${error.message}`;
  if (error.status === 403) return `You are not allowed to do this: ${error.message}`;
  const fields = Object.entries(error.fields);
  if (fields.length > 0) return `${error.message} ${fields.map(([name, message]) => `${name}: ${message}`).join('; ')}`;
  return error.message;
}
