/**
 * A run's breaks as CSV (RFC 4180, CRLF), for finance's spreadsheets and
 * auditors. Text that a spreadsheet would run as a formula (a platform deal
 * comment is outside text) is prefixed with an apostrophe; amounts are plain
 * signed integers of minor units.
 */

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

/** One field: quoted when it holds a comma, quote or line break; a leading = + - @ TAB CR neutralised. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvNumber(value: bigint | number | null): string {
  return value === null ? '' : value.toString();
}

export function breaksCsvHeader(): string {
  return `${BREAKS_CSV_COLUMNS.join(',')}\r\n`;
}

export function breakCsvLine(b: BreakCsvRow): string {
  const difference = b.expectedMinor !== null && b.actualMinor !== null ? b.actualMinor - b.expectedMinor : null;
  return (
    [
      csvText(b.id), csvText(b.runId), csvNumber(b.seq), csvText(b.kind), csvText(b.status), csvText(b.platformId), csvText(b.providerId), csvText(b.login),
      csvText(b.tradingAccountId), csvText(b.clientId), csvText(b.entityId), csvText(b.reference), csvText(b.dealId), csvText(b.currency),
      csvNumber(b.expectedMinor), csvNumber(b.actualMinor), csvNumber(difference), csvText(JSON.stringify(b.evidence)), csvText(b.resolvedBy),
      csvText(b.resolvedAt?.toISOString() ?? null), csvText(b.resolutionNote),
    ].join(',') + '\r\n'
  );
}
