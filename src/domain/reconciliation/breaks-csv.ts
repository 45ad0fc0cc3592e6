/**
 * A run's breaks as CSV, for finance's spreadsheets and auditors, written
 * with the shared CSV cells (../csv/csv-line.ts: formulas neutralised,
 * amounts as signed integers of minor units).
 */

import { csvHeader, csvLine } from '../csv/csv-line';

export { csvText } from '../csv/csv-line';

export const BREAKS_CSV_COLUMNS = [
  'break_id',
  'run_id',
  'seq',
  'kind',
  'status',
  'platform_id',
  'provider_id',
  'login',
  'trading_account_id',
  'client_id',
  'entity_id',
  'reference',
  'deal_id',
  'currency',
  'expected_minor',
  'actual_minor',
  'difference_minor',
  'evidence',
  'resolved_by',
  'resolved_at',
  'resolution_note',
] as const;

export interface BreakCsvRow {
  id: string;
  runId: string;
  seq: number;
  kind: string;
  status: string;
  platformId: string | null;
  providerId: string | null;
  login: string | null;
  tradingAccountId: string | null;
  clientId: string | null;
  entityId: string | null;
  reference: string | null;
  dealId: string | null;
  currency: string | null;
  expectedMinor: bigint | null;
  actualMinor: bigint | null;
  evidence: unknown;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  resolutionNote: string | null;
}

export function breaksCsvHeader(): string {
  return csvHeader(BREAKS_CSV_COLUMNS);
}

export function breakCsvLine(b: BreakCsvRow): string {
  const difference = b.expectedMinor !== null && b.actualMinor !== null ? b.actualMinor - b.expectedMinor : null;
  return csvLine([
    b.id, b.runId, b.seq, b.kind, b.status, b.platformId, b.providerId, b.login, b.tradingAccountId, b.clientId, b.entityId, b.reference, b.dealId, b.currency,
    b.expectedMinor, b.actualMinor, difference, JSON.stringify(b.evidence), b.resolvedBy, b.resolvedAt, b.resolutionNote,
  ]);
}
