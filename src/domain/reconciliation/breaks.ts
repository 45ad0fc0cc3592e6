/**
 * Reconciliation breaks (SPEC §8): each difference a run finds between
 * Traderoom (ledger, transfers, deposits, payouts) and an outside system (a
 * trading platform, a PSP's settlement report), with its evidence.
 *
 * Trading platform, per account (platform-reconciliation.ts):
 *   missing_deal              a completed transfer with no deal carrying its reference
 *   duplicate_deal            our reference on more than one deal
 *   amount_mismatch           the deal's amount is not the transfer's (signed) amount
 *   deal_for_failed_transfer  a deal for a transfer we recorded as refused (its money went back to the wallet)
 *   unknown_deal              a manager operation (balance, charge, correction, bonus, credit) without a reference of ours
 *   ledger_mismatch           the ledger's postings for a transfer do not match its state
 *   balance_mismatch          the platform balance is not what its deal history explains (see below)
 *   account_missing           a provisioned account the platform does not have
 *   ledger_unassigned         the platform's ledger account holds money no transfer of a known account explains
 * PSP, per settlement row (settlement-reconciliation.ts):
 *   psp_settlement_without_deposit   a deposit / refund / chargeback row whose reference is no deposit of ours with that provider
 *   psp_settlement_without_payout    a payout row whose reference is no payout attempt of ours with that provider
 *   psp_amount_mismatch              the settled amount or currency is not ours
 *   psp_status_mismatch              settled at the provider, not paid in our records
 *   psp_duplicate_settlement         the same deposit settled twice
 *   deposit_without_settlement       a deposit the provider confirmed in the period, absent from its report
 *   payout_without_settlement        a payout paid through the provider's API in the period, absent from its report
 */

export const BREAK_KINDS = [
  'missing_deal',
  'duplicate_deal',
  'amount_mismatch',
  'deal_for_failed_transfer',
  'unknown_deal',
  'ledger_mismatch',
  'balance_mismatch',
  'account_missing',
  'ledger_unassigned',
  'psp_settlement_without_deposit',
  'psp_settlement_without_payout',
  'psp_amount_mismatch',
  'psp_status_mismatch',
  'psp_duplicate_settlement',
  'deposit_without_settlement',
  'payout_without_settlement',
] as const;
export type BreakKind = (typeof BREAK_KINDS)[number];

/** JSON-safe evidence (amounts as strings of minor units, times as ISO strings). */
export type BreakEvidence = Record<string, unknown>;

/** What a run could not check, and why. */
export interface RunNote {
  code: string;
  detail: string;
}

export interface BreakDraft {
  kind: BreakKind;
  platformId?: string;
  providerId?: string;
  tradingAccountId?: string;
  login?: string;
  clientId?: string;
  entityId?: string;
  reference?: string;
  dealId?: string;
  currency?: string;
  expectedMinor?: bigint;
  actualMinor?: bigint;
  evidence: BreakEvidence;
}

/** Counts per kind, every kind present (0 when none). */
export function countByKind(kinds: Iterable<BreakKind>, into: Record<string, number> = {}): Record<string, number> {
  for (const kind of kinds) into[kind] = (into[kind] ?? 0) + 1;
  return into;
}
