/** Words of the back office's reconciliation screens (English, like the rest of the back office). */
import type { ApiError } from '../../api/client';
import type { BreakKind, RunStatus } from '../../api/reconciliation';
import type { Staff } from '../../api/types';
import { BREAK_KINDS } from '../../../../src/domain/reconciliation/breaks';

export { BREAK_KINDS };

/** Each kind of break in plain words, and what it means (src/domain/reconciliation/breaks.ts). */
export const BREAK_KIND_INFO: Record<BreakKind, { label: string; explanation: string; source: 'platform' | 'psp' }> = {
  missing_deal: { label: 'Transfer missing on the platform', explanation: 'A completed transfer that no deal on the platform carries the reference of.', source: 'platform' },
  duplicate_deal: { label: 'Transfer applied twice on the platform', explanation: 'Our reference is on more than one deal.', source: 'platform' },
  amount_mismatch: { label: 'Platform amount differs from the transfer', explanation: "The deal's amount is not the transfer's amount.", source: 'platform' },
  deal_for_failed_transfer: {
    label: 'Deal for a failed transfer',
    explanation: 'A deal for a transfer we recorded as refused (its money went back to the wallet).',
    source: 'platform',
  },
  unknown_deal: {
    label: 'Manual platform operation',
    explanation: 'A balance, credit, charge, correction or bonus made on the platform without a reference of ours: Traderoom did not make it.',
    source: 'platform',
  },
  ledger_mismatch: { label: 'Ledger does not match the transfer', explanation: "The ledger's postings for a transfer do not match its state.", source: 'platform' },
  balance_mismatch: { label: 'Platform balance unexplained', explanation: 'The platform balance is not what its deal history explains.', source: 'platform' },
  account_missing: { label: 'Account missing on the platform', explanation: 'A provisioned account the platform does not have.', source: 'platform' },
  ledger_unassigned: {
    label: 'Platform ledger holds unexplained money',
    explanation: "The platform's ledger account holds money no transfer of a known account explains.",
    source: 'platform',
  },
  psp_settlement_without_deposit: {
    label: 'Settled by the provider, no deposit of ours',
    explanation: "A deposit, refund or chargeback line of the provider's settlement report whose reference is no deposit of ours with that provider.",
    source: 'psp',
  },
  psp_settlement_without_payout: {
    label: 'Settled by the provider, no payout of ours',
    explanation: "A payout line of the provider's settlement report whose reference is no payout of ours with that provider.",
    source: 'psp',
  },
  psp_amount_mismatch: { label: 'Settled amount differs from ours', explanation: 'The settled amount or currency is not ours.', source: 'psp' },
  psp_status_mismatch: { label: 'Settled by the provider, not paid in our records', explanation: 'The provider settled it; our records do not have it paid.', source: 'psp' },
  psp_duplicate_settlement: { label: 'Deposit settled twice', explanation: "The same deposit is on the provider's settlement report twice.", source: 'psp' },
  deposit_without_settlement: {
    label: 'Deposit missing from the settlement report',
    explanation: 'A deposit the provider confirmed in the period, absent from its settlement report.',
    source: 'psp',
  },
  payout_without_settlement: {
    label: 'Payout missing from the settlement report',
    explanation: "A payout paid through the provider's API in the period, absent from its settlement report.",
    source: 'psp',
  },
};

export function breakKindLabel(kind: string): string {
  return (BREAK_KIND_INFO as Record<string, { label: string } | undefined>)[kind]?.label ?? kind;
}

export function isBreakKind(value: string | null): value is BreakKind {
  return value !== null && (BREAK_KINDS as readonly string[]).includes(value);
}

export const RUN_STATUS_LABELS: Record<RunStatus, string> = { queued: 'Queued', running: 'Running', completed: 'Completed', failed: 'Failed' };
export const RUN_STATUS_COLORS: Record<RunStatus, string> = { queued: 'gray', running: 'blue', completed: 'green', failed: 'red' };

export function isRunning(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** `staff:<id>` / `system:schedule` in words: you, the daily schedule, or another staff member (the list carries ids, not names). */
export function actorWords(actor: string | null, staff: Staff, name?: string | null): string {
  if (!actor) return '—';
  const [type, id = ''] = actor.split(':', 2) as [string, string?];
  if (type === 'staff') return id === staff.id ? 'you' : (name ?? `staff member ${id.slice(0, 8)}`);
  if (type === 'system') return id === 'schedule' ? 'the daily schedule' : `the system (${id})`;
  return actor;
}

/** Names of evidence fields (src/domain/reconciliation/*.ts, sync-platform-balances.ts); others are spelled out from their camelCase. */
const EVIDENCE_LABELS: Record<string, string> = {
  dealId: 'Deal',
  kind: 'Deal kind',
  platformType: 'Platform deal type',
  amountMinor: 'Amount',
  balanceEffectMinor: 'Effect on the balance',
  comment: 'Comment on the platform',
  time: 'Time',
  note: 'Note',
  exceptionId: 'Platform exception',
  exceptionStatus: 'Platform exception status',
  transferId: 'Transfer',
  direction: 'Direction',
  status: 'Status in Traderoom',
  requestedAt: 'Requested',
  recordedDealId: 'Deal we recorded',
  ledgerMinor: 'The ledger moved',
  expectedLedgerMinor: 'The ledger should have moved',
  deal: 'Deal on the platform',
  deals: 'Deals on the platform',
  extraMinor: 'Extra',
  platformBalanceMinor: 'Platform balance',
  platformCurrency: 'Platform currency',
  ledgerNetMinor: 'Ledger, net of transfers',
  tradingPnlMinor: 'Closed-trade P/L and fees',
  listedDifferencesMinor: 'Differences listed as other breaks',
  inTransitMinor: 'Transfers in transit',
  expectedMinor: 'Expected balance',
  unexplainedMinor: 'Unexplained',
  dealsRead: 'Deals read',
  transfers: 'Transfers',
  ledgerAccount: 'Ledger account',
  ledgerBalanceMinor: 'Ledger balance',
  sumOfAccountsMinor: 'Sum over the accounts',
  row: 'Settlement report line',
  rows: 'Settlement report lines',
  date: 'Date',
  type: 'Type',
  reference: 'Reference',
  currency: 'Currency',
  feeMinor: 'Fee',
  providerReference: 'Provider reference',
  line: 'Line of the report',
  withdrawalId: 'Withdrawal',
  ourAmountMinor: 'Our amount',
  ourCurrency: 'Our currency',
  ourStatus: 'Our status',
  depositId: 'Deposit',
  depositStatus: 'Deposit status',
  confirmedAt: 'Confirmed',
  payoutId: 'Payout attempt',
  paidAt: 'Paid',
  source: 'Report source',
  login: 'Login',
  referenceOfAnotherAccount: "Reference of another account's transfer",
};

export function evidenceLabel(key: string): string {
  const known = EVIDENCE_LABELS[key];
  if (known) return known;
  const words = key
    .replace(/Minor$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The words for a refused resolve: already resolved by someone else, not allowed, or the server's message. */
export function resolveErrorMessage(error: ApiError): string {
  if (error.code === 'already_resolved') return 'Someone resolved this already. Reload to see their note.';
  if (error.status === 403) return `You are not allowed to do this: ${error.message}`;
  const fields = Object.values(error.fields);
  return fields.length > 0 ? `${error.message} ${fields.join('; ')}` : error.message;
}
