/**
 * What every CSV export shares: the permission (`operations.export`, on top
 * of the view permission of the data), an audit event naming who exported
 * what with which filters (written before the first byte leaves), a cap on
 * the rows, and streaming page by page so memory stays bounded.
 */
import { csvHeader } from '../../../domain/csv/csv-line';
import type { StaffActor } from '../../../domain/permissions';
import type { AppContext, RequestMeta } from '../../app-context';
import { inTransaction } from '../../unit-of-work';

/** No export holds more rows than this; a longer one is cut here (narrow the filters or the period). */
export const MAX_EXPORT_ROWS = 100_000;
/** Rows read per query while streaming. */
export const EXPORT_PAGE_ROWS = 1_000;

export interface CsvFile {
  fileName: string;
  lines: AsyncGenerator<string>;
}

export const EXPORT_KINDS = [
  'kyc_queue',
  'deposit_queue',
  'withdrawal_queue',
  'kyc_decisions',
  'deposit_decisions',
  'withdrawal_steps',
  'withdrawals',
  'client_audit_events',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Exports are reads of personal data in bulk: each leaves an audit event (in the client's stream for a client's export). */
export async function auditExport(
  ctx: AppContext,
  meta: RequestMeta,
  actor: StaffActor,
  kind: ExportKind,
  filters: Record<string, unknown>,
  clientId: string | null = null,
): Promise<void> {
  await inTransaction(ctx, meta, (uow) =>
    uow.audit({
      actorType: 'staff', actorId: actor.id, action: 'operations.exported', subjectType: clientId ? 'client' : 'export', subjectId: clientId ?? kind, clientId,
      newValues: { kind, filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null)) },
    }),
  );
}

/**
 * The lines of a file: the header, then each page's lines until a page comes back
 * empty or MAX_EXPORT_ROWS rows are written. `first` is the page already read (so
 * a refusal is an HTTP error, not a broken download).
 */
export async function* csvLines<Cursor>(
  columns: readonly string[],
  first: { lines: string[]; next: Cursor | null },
  page: (cursor: Cursor) => Promise<{ lines: string[]; next: Cursor | null }>,
): AsyncGenerator<string> {
  yield csvHeader(columns);
  let written = 0;
  let current = first;
  for (;;) {
    const room = MAX_EXPORT_ROWS - written;
    const lines = current.lines.slice(0, room);
    if (lines.length) yield lines.join('');
    written += lines.length;
    if (current.next === null || written >= MAX_EXPORT_ROWS) return;
    current = await page(current.next);
  }
}

