/**
 * CSV lines (RFC 4180, CRLF) for every export: finance's spreadsheets and
 * auditors open these files, so text a spreadsheet would run as a formula
 * (client names, notes, platform comments are outside text) is prefixed with
 * an apostrophe. Amounts are plain signed integers of minor units.
 */

/** A cell's value: text, an integer (count, minor units), an instant, or nothing. */
export type CsvValue = string | number | bigint | Date | null | undefined;

/** One text field: quoted when it holds a comma, quote or line break; a leading = + - @ TAB CR neutralised. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number as written by us (never outside text): a negative amount keeps its sign. */
export function csvNumber(value: bigint | number | null | undefined): string {
  return value === null || value === undefined ? '' : value.toString();
}

export function csvCell(value: CsvValue): string {
  if (typeof value === 'number' || typeof value === 'bigint') return csvNumber(value);
  if (value instanceof Date) return value.toISOString();
  return csvText(value);
}

/** One record, CRLF-terminated. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The header line of a file with these column names (our own identifiers). */
export function csvHeader(columns: readonly string[]): string {
  return csvLine(columns);
}
