/** Settlement report of the PSP simulator (CSV), for reconciliation. */

export type SettlementType = 'deposit' | 'payout' | 'refund' | 'chargeback';

/**
 * One movement of the merchant's balance at the provider. `amountMinor` is
 * signed from the merchant's point of view: a deposit is +, a payout, refund or
 * chargeback is −; a chargeback won, a returned payout or a failed refund puts
 * the amount back (+, same type). `feeMinor` is what the provider charged for
 * it (≥ 0, same currency). With FX, amount and currency are the PROCESSED ones.
 */
export interface SettlementRow {
  seq: number;
  providerId: string;
  /** When it happened at the provider (ms since epoch). */
  at: number;
  reference: string;
  type: SettlementType;
  amountMinor: bigint;
  currency: string;
  feeMinor: bigint;
  providerReference: string;
}

export const SETTLEMENT_CSV_HEADER = 'date,reference,type,amount_minor,currency,fee_minor,provider_reference';

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Fee in basis points, rounded down. */
export function bpsFee(amountMinor: bigint, bps: number): bigint {
  const abs = amountMinor < 0n ? -amountMinor : amountMinor;
  return (abs * BigInt(Math.round(bps))) / 10_000n;
}

/**
 * CSV with header `date,reference,type,amount_minor,currency,fee_minor,provider_reference`,
 * one row per movement whose UTC date is within [dateFrom, dateTo] (YYYY-MM-DD,
 * inclusive), in the order they happened; LF line endings, final newline.
 */
export function settlementCsv(rows: readonly SettlementRow[], providerId: string, dateFrom: string, dateTo: string): string {
  const lines = [SETTLEMENT_CSV_HEADER];
  const selected = rows
    .filter((r) => r.providerId === providerId)
    .filter((r) => {
      const d = isoDate(r.at);
      return d >= dateFrom && d <= dateTo;
    })
    .sort((a, b) => a.at - b.at || a.seq - b.seq);
  for (const r of selected) {
    lines.push([isoDate(r.at), r.reference, r.type, r.amountMinor.toString(), r.currency, r.feeMinor.toString(), r.providerReference].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}
