/**
 * Which status changes of a client's requests are emailed to the client, and
 * with which template (issue 7). Pure: the use case hands over the machine
 * states before and after, and the effects of the transition it fired.
 *
 * The email names the client-facing status (each machine state's
 * `clientLabel`, through client-payment-statuses.ts for money), so:
 * - only transitions that declare `notify.client` email the client;
 * - a change that keeps the client-facing status sends nothing (a withdrawal
 *   moving from support to compliance review stays "under review");
 * - the template is `<kind>_<client status>`: a declared notification whose
 *   template is missing is a bug (a test walks every machine event).
 */
import { invariant } from '../errors';
import { documentMachine, type DocumentState } from '../machines/document-machine';
import { kycCaseMachine, type KycCaseState } from '../machines/kyc-case-machine';
import type { DepositState } from '../machines/deposit-machine';
import type { WithdrawalState } from '../machines/withdrawal-machine';
import { clientDepositStatus, clientWithdrawalStatus } from '../payments/client-payment-statuses';

export const STATUS_EMAIL_TEMPLATES = [
  'document_approved',
  'document_rejected',
  'document_expired',
  'kyc_approved',
  'kyc_rejected',
  'kyc_more_documents_required',
  'deposit_credited',
  'deposit_under_review',
  'deposit_failed',
  'deposit_refunded',
  'deposit_charged_back',
  'withdrawal_submitted',
  'withdrawal_under_review',
  'withdrawal_approved',
  'withdrawal_paid',
  'withdrawal_declined',
  'withdrawal_cancelled',
] as const;
export type StatusEmailTemplate = (typeof STATUS_EMAIL_TEMPLATES)[number];

export type ClientRequestKind = 'document' | 'kyc' | 'deposit' | 'withdrawal';

/** The effect label a transition declares when the client is told. */
export const NOTIFY_CLIENT = 'notify.client';

/** Effects of a request the client has just made (it has no transition: the record starts in its initial state). */
export const REQUEST_CREATED_EFFECTS: readonly string[] = [NOTIFY_CLIENT];

/** The status the client sees for a record in a machine state. */
export function clientStatusOf(kind: ClientRequestKind, state: string): string {
  switch (kind) {
    case 'document':
      return documentMachine.states[state as DocumentState].clientLabel;
    case 'kyc':
      return kycCaseMachine.states[state as KycCaseState].clientLabel;
    case 'deposit':
      return clientDepositStatus(state as DepositState);
    case 'withdrawal':
      return clientWithdrawalStatus(state as WithdrawalState);
  }
}

function isTemplate(name: string): name is StatusEmailTemplate {
  return (STATUS_EMAIL_TEMPLATES as readonly string[]).includes(name);
}

/**
 * The template for a change from state `from` (null: the request was just
 * made) to state `to`, or null when the client is not emailed.
 */
export function statusEmailTemplate(kind: ClientRequestKind, from: string | null, to: string, effects: readonly string[]): StatusEmailTemplate | null {
  if (!effects.includes(NOTIFY_CLIENT)) return null;
  const status = clientStatusOf(kind, to);
  if (from !== null && clientStatusOf(kind, from) === status) return null;
  const name = `${kind}_${status}`;
  invariant(isTemplate(name), `no client email template "${name}" for a ${kind} that becomes "${to}"`);
  return name;
}
