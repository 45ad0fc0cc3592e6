/**
 * One PSP's settlement report reconciled against our deposits and payouts
 * (SPEC §8). Pure.
 *
 * The report's `reference` is ours: the deposit id for deposit, refund and
 * chargeback rows, the payout attempt id for payout rows. Row by row (rows
 * dated within the period):
 *   deposit (+)   → a deposit of ours with this provider (else psp_settlement_without_deposit),
 *                   the provider confirmed it (else psp_status_mismatch), for the amount and
 *                   currency it processed (else psp_amount_mismatch), settled once
 *                   (else psp_duplicate_settlement);
 *   refund, chargeback → a deposit of ours with this provider (else psp_settlement_without_deposit);
 *   payout (−)    → a payout attempt of ours with this provider (else psp_settlement_without_payout),
 *                   for the withdrawal's amount and currency (else psp_amount_mismatch),
 *                   not recorded as failed (else psp_status_mismatch);
 *   payout (+)    → a returned payout: the attempt must exist.
 * And the other way: a deposit the provider confirmed within the period
 * (confirmed_at's UTC date) with no deposit row (deposit_without_settlement),
 * a payout attempt paid through the provider's API within the period with no
 * payout row (payout_without_settlement). Rows are looked up in the report of
 * the period widened by a day on each side, so a payment confirmed just before
 * midnight and settled just after is not a break.
 */
import type { BreakDraft } from './breaks';

export interface ReportRow {
  date: string;
  reference: string;
  type: 'deposit' | 'payout' | 'refund' | 'chargeback';
  amountMinor: bigint;
  currency: string;
  feeMinor: bigint;
  providerReference: string;
  line: number;
}

export interface SettlementDeposit {
  id: string;
  providerId: string;
  clientId: string;
  entityId: string;
  status: string;
  amountMinor: bigint;
  currency: string;
  processedAmountMinor: bigint | null;
  processedCurrency: string | null;
  /** When the provider confirmed the payment (null: never). */
  confirmedAt: Date | null;
}

export interface SettlementPayout {
  /** The payout attempt id: our reference at the provider. */
  id: string;
  withdrawalId: string;
  providerId: string;
  clientId: string;
  entityId: string;
  channel: 'api' | 'manual';
  status: string;
  amountMinor: bigint;
  currency: string;
  /** When it was recorded paid (status 'paid'). */
  paidAt: Date | null;
}

export interface SettlementInput {
  providerId: string;
  /** UTC dates, inclusive. */
  dateFrom: string;
  dateTo: string;
  /** The report from the day before dateFrom to the day after dateTo. */
  rows: readonly ReportRow[];
  /** Our records each row's reference names (found by id), whatever their date. */
  depositsById: ReadonlyMap<string, SettlementDeposit>;
  payoutsById: ReadonlyMap<string, SettlementPayout>;
  /** Deposits of this provider confirmed within the period, and API payouts paid within it. */
  confirmedDeposits: readonly SettlementDeposit[];
  paidPayouts: readonly SettlementPayout[];
}

const s = (v: bigint) => v.toString();

function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function rowEvidence(r: ReportRow) {
  return { date: r.date, type: r.type, reference: r.reference, amountMinor: s(r.amountMinor), currency: r.currency, feeMinor: s(r.feeMinor), providerReference: r.providerReference, line: r.line };
}

export function reconcileSettlement(input: SettlementInput): BreakDraft[] {
  const { providerId } = input;
  const breaks: BreakDraft[] = [];
  const inPeriod = (date: string) => date >= input.dateFrom && date <= input.dateTo;
  const depositRows = new Map<string, ReportRow[]>();
  const payoutRows = new Set<string>();
  for (const r of input.rows) {
    if (r.type === 'deposit' && r.amountMinor > 0n) {
      const list = depositRows.get(r.reference);
      if (list) list.push(r);
      else depositRows.set(r.reference, [r]);
    }
    if (r.type === 'payout' && r.amountMinor < 0n) payoutRows.add(r.reference);
  }

  for (const r of input.rows) {
    if (!inPeriod(r.date)) continue;
    const rowBase = { providerId, reference: r.reference, currency: r.currency };
    if (r.type === 'payout') {
      const payout = input.payoutsById.get(r.reference);
      if (!payout || payout.providerId !== providerId) {
        breaks.push({ ...rowBase, kind: 'psp_settlement_without_payout', actualMinor: r.amountMinor, evidence: { row: rowEvidence(r), note: 'No payout attempt of ours with this provider has this reference.' } });
        continue;
      }
      const who = { clientId: payout.clientId, entityId: payout.entityId };
      if (r.amountMinor < 0n) {
        if (-r.amountMinor !== payout.amountMinor || r.currency !== payout.currency) {
          breaks.push({
            ...rowBase, ...who, kind: 'psp_amount_mismatch', expectedMinor: -payout.amountMinor, actualMinor: r.amountMinor,
            evidence: { row: rowEvidence(r), withdrawalId: payout.withdrawalId, ourAmountMinor: s(payout.amountMinor), ourCurrency: payout.currency },
          });
        }
        if (payout.status === 'failed') {
          breaks.push({ ...rowBase, ...who, kind: 'psp_status_mismatch', actualMinor: r.amountMinor, evidence: { row: rowEvidence(r), withdrawalId: payout.withdrawalId, ourStatus: payout.status } });
        }
      }
      continue;
    }
    const deposit = input.depositsById.get(r.reference);
    if (!deposit || deposit.providerId !== providerId) {
      breaks.push({
        ...rowBase, kind: 'psp_settlement_without_deposit', actualMinor: r.amountMinor,
        evidence: { row: rowEvidence(r), note: deposit ? `The deposit is with ${deposit.providerId}, not ${providerId}.` : 'No deposit of ours has this reference.' },
      });
      continue;
    }
    if (r.type !== 'deposit' || r.amountMinor < 0n) continue;
    const who = { clientId: deposit.clientId, entityId: deposit.entityId };
    const rowsOfDeposit = depositRows.get(r.reference) ?? [];
    if (rowsOfDeposit.length > 1 && rowsOfDeposit[1] === r) {
      breaks.push({
        ...rowBase, ...who, kind: 'psp_duplicate_settlement', actualMinor: rowsOfDeposit.reduce((sum, x) => sum + x.amountMinor, 0n),
        evidence: { rows: rowsOfDeposit.map(rowEvidence), depositStatus: deposit.status },
      });
    }
    const amount = deposit.processedAmountMinor ?? deposit.amountMinor;
    const currency = deposit.processedCurrency ?? deposit.currency;
    if (r.amountMinor !== amount || r.currency !== currency) {
      breaks.push({
        ...rowBase, ...who, kind: 'psp_amount_mismatch', expectedMinor: amount, actualMinor: r.amountMinor,
        evidence: { row: rowEvidence(r), ourAmountMinor: s(amount), ourCurrency: currency, depositStatus: deposit.status },
      });
    }
    if (deposit.confirmedAt === null) {
      breaks.push({
        ...rowBase, ...who, kind: 'psp_status_mismatch', expectedMinor: 0n, actualMinor: r.amountMinor,
        evidence: { row: rowEvidence(r), depositStatus: deposit.status, note: 'Settled by the provider; never confirmed to us.' },
      });
    }
  }

  for (const d of input.confirmedDeposits) {
    if (d.providerId !== providerId || d.confirmedAt === null || !inPeriod(utcDate(d.confirmedAt)) || depositRows.has(d.id)) continue;
    const amount = d.processedAmountMinor ?? d.amountMinor;
    breaks.push({
      kind: 'deposit_without_settlement', providerId, reference: d.id, clientId: d.clientId, entityId: d.entityId, currency: d.processedCurrency ?? d.currency,
      expectedMinor: amount, actualMinor: 0n,
      evidence: { depositId: d.id, status: d.status, amountMinor: s(amount), confirmedAt: d.confirmedAt.toISOString() },
    });
  }
  for (const p of input.paidPayouts) {
    if (p.providerId !== providerId || p.channel !== 'api' || p.status !== 'paid' || p.paidAt === null || !inPeriod(utcDate(p.paidAt)) || payoutRows.has(p.id)) continue;
    breaks.push({
      kind: 'payout_without_settlement', providerId, reference: p.id, clientId: p.clientId, entityId: p.entityId, currency: p.currency,
      expectedMinor: -p.amountMinor, actualMinor: 0n,
      evidence: { payoutId: p.id, withdrawalId: p.withdrawalId, amountMinor: s(p.amountMinor), paidAt: p.paidAt.toISOString() },
    });
  }
  return breaks;
}

/** The day before / after a YYYY-MM-DD date. */
export function shiftDate(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
