/**
 * PSP settlement reports, for reconciliation (SPEC §8): where they come from
 * and how they are read.
 *
 * Format (the PSP simulator's, src/simulators/psp/settlement.ts; a provider
 * with another format gets its own parser): CSV with the header
 * `date,reference,type,amount_minor,currency,fee_minor,provider_reference`,
 * one row per movement of the merchant's balance at the provider: `type`
 * deposit | payout | refund | chargeback, `amount_minor` signed from the
 * merchant's side (a deposit +, a payout, refund or chargeback −; a chargeback
 * won, a returned payout or a failed refund puts the amount back, +, same
 * type), `reference` OUR reference (deposit id, payout attempt id).
 *
 * Sources: the generic protocol's `GET /v1/settlement_reports` (its client's
 * getSettlementReport), or a CSV file a provider drops (SFTP, e-mail) whose
 * rows are filtered by date here.
 */
import { readFile } from 'node:fs/promises';
import type { GenericPspClient } from './generic-psp-client';
import { PspPayloadError } from './errors';

export const SETTLEMENT_REPORT_HEADER = ['date', 'reference', 'type', 'amount_minor', 'currency', 'fee_minor', 'provider_reference'] as const;
export const SETTLEMENT_ROW_TYPES = ['deposit', 'payout', 'refund', 'chargeback'] as const;
export type SettlementRowType = (typeof SETTLEMENT_ROW_TYPES)[number];

export interface SettlementReportRow {
  /** UTC date at the provider, YYYY-MM-DD. */
  date: string;
  reference: string;
  type: SettlementRowType;
  /** Signed, merchant's side. */
  amountMinor: bigint;
  currency: string;
  feeMinor: bigint;
  providerReference: string;
  /** Line in the file (the header is line 1), for the evidence. */
  line: number;
}

export interface SettlementReportSource {
  readonly providerId: string;
  /** Where the rows come from, for the evidence ("api GET /v1/settlement_reports", "file /path"). */
  readonly description: string;
  /** Rows dated within [dateFrom, dateTo] (YYYY-MM-DD, inclusive). */
  read(dateFrom: string, dateTo: string): Promise<SettlementReportRow[]>;
}

/** RFC 4180 fields ("" escapes a quote; commas and line breaks inside quotes). */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new PspPayloadError('settlement report: a quoted field is not closed');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^-?\d{1,18}$/;

/** Reads a settlement report; any row that does not follow the format is a PspPayloadError naming its line. */
export function parseSettlementCsv(text: string): SettlementReportRow[] {
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  const header = records[0]?.map((h) => h.trim().toLowerCase());
  if (!header || header.join(',') !== SETTLEMENT_REPORT_HEADER.join(',')) {
    throw new PspPayloadError(`settlement report: the header must be ${SETTLEMENT_REPORT_HEADER.join(',')}`);
  }
  const rows: SettlementReportRow[] = [];
  const issues: string[] = [];
  records.slice(1).forEach((r, i) => {
    const line = i + 2;
    if (r.length === 1 && r[0]!.trim() === '') return; // a blank line
    if (r.length !== SETTLEMENT_REPORT_HEADER.length) return void issues.push(`line ${line}: ${r.length} fields, expected ${SETTLEMENT_REPORT_HEADER.length}`);
    const [date, reference, type, amount, currency, fee, providerReference] = r.map((f) => f.trim()) as [string, string, string, string, string, string, string];
    if (!DATE.test(date)) issues.push(`line ${line}: date "${date}" is not YYYY-MM-DD`);
    else if (reference === '' || reference.length > 200) issues.push(`line ${line}: reference must be 1–200 characters`);
    else if (!(SETTLEMENT_ROW_TYPES as readonly string[]).includes(type)) issues.push(`line ${line}: type "${type}" is not one of ${SETTLEMENT_ROW_TYPES.join(', ')}`);
    else if (!INTEGER.test(amount) || amount === '0' || amount === '-0') issues.push(`line ${line}: amount_minor "${amount}" is not a non-zero integer`);
    else if (!/^[A-Z]{3}$/.test(currency)) issues.push(`line ${line}: currency "${currency}" is not an ISO code`);
    else if (!/^\d{1,18}$/.test(fee)) issues.push(`line ${line}: fee_minor "${fee}" is not an integer ≥ 0`);
    else rows.push({ date, reference, type: type as SettlementRowType, amountMinor: BigInt(amount), currency, feeMinor: BigInt(fee), providerReference, line });
  });
  if (issues.length > 0) throw new PspPayloadError(`settlement report: ${issues.length} bad row(s): ${issues.slice(0, 5).join('; ')}`, issues);
  return rows;
}

/** The generic protocol's settlement report over its API. */
export function apiSettlementSource(providerId: string, client: Pick<GenericPspClient, 'getSettlementReport'>): SettlementReportSource {
  return {
    providerId,
    description: 'api GET /v1/settlement_reports',
    async read(dateFrom, dateTo) {
      return parseSettlementCsv(await client.getSettlementReport(dateFrom, dateTo));
    },
  };
}

/** A CSV file the provider delivers (read whole at each run; rows outside the dates are left out). */
export function fileSettlementSource(providerId: string, path: string): SettlementReportSource {
  return {
    providerId,
    description: `file ${path}`,
    async read(dateFrom, dateTo) {
      return parseSettlementCsv(await readFile(path, 'utf8')).filter((r) => r.date >= dateFrom && r.date <= dateTo);
    },
  };
}
