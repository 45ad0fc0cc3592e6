/**
 * What the client sees of a deposit or withdrawal (issue 5; SPEC §6), derived
 * from each machine state's `clientLabel`, so a new state with an existing
 * label needs no change here, and a new label fails loudly (tests map every
 * state).
 *
 * Deposits: pending, processing, credited, under_review, failed, refunded,
 * charged_back. Cancelled, expired and rejected deposits show as `failed`
 * (issue 5: "Failed, cancelled and expired deposits show as failed"); the
 * reason is shown beside it.
 * Withdrawals: submitted, under_review, approved, paid, declined — plus
 * `cancelled` for a request the client withdrew themselves before review,
 * which is not a decline by the broker.
 */
import { invariant } from '../errors';
import { type DepositState, depositMachine } from '../machines/deposit-machine';
import { type WithdrawalState, withdrawalMachine } from '../machines/withdrawal-machine';

export const CLIENT_DEPOSIT_STATUSES = ['pending', 'processing', 'credited', 'under_review', 'failed', 'refunded', 'charged_back'] as const;
export type ClientDepositStatus = (typeof CLIENT_DEPOSIT_STATUSES)[number];

export const CLIENT_WITHDRAWAL_STATUSES = ['submitted', 'under_review', 'approved', 'paid', 'declined', 'cancelled'] as const;
export type ClientWithdrawalStatus = (typeof CLIENT_WITHDRAWAL_STATUSES)[number];

/** Deposit machine `clientLabel` → client status. */
const DEPOSIT_LABELS: Readonly<Record<string, ClientDepositStatus>> = Object.freeze({
  pending: 'pending',
  processing: 'processing',
  under_review: 'under_review',
  approved: 'credited',
  rejected: 'failed',
  failed: 'failed',
  cancelled: 'failed',
  expired: 'failed',
  refunded: 'refunded',
  reversed: 'charged_back',
});

/** Withdrawal machine `clientLabel` → client status. */
const WITHDRAWAL_LABELS: Readonly<Record<string, ClientWithdrawalStatus>> = Object.freeze({
  submitted: 'submitted',
  under_review: 'under_review',
  approved: 'approved',
  paid: 'paid',
  declined: 'declined',
  cancelled: 'cancelled',
});

export function clientDepositStatus(state: DepositState): ClientDepositStatus {
  const label = depositMachine.states[state].clientLabel;
  const status = DEPOSIT_LABELS[label];
  invariant(status !== undefined, `deposit client label "${label}" (state "${state}") has no client status`);
  return status;
}

export function clientWithdrawalStatus(state: WithdrawalState): ClientWithdrawalStatus {
  const label = withdrawalMachine.states[state].clientLabel;
  const status = WITHDRAWAL_LABELS[label];
  invariant(status !== undefined, `withdrawal client label "${label}" (state "${state}") has no client status`);
  return status;
}
