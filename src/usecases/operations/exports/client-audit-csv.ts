/**
 * A client's audit events as CSV, in chain order (oldest first), with each
 * event's hash and the previous one, so an auditor can check the chain
 * outside Traderoom. Needs the timeline permission within the client's entity.
 */
import { sql } from 'kysely';
import { csvLine } from '../../../domain/csv/csv-line';
import { authorize } from '../../../domain/permissions';
import type { Actor } from '../../../domain/roles';
import type { AppContext, RequestMeta } from '../../app-context';
import { loadClientForStaff } from '../../backoffice/get-client-detail';
import { auditExport, csvLines, EXPORT_PAGE_ROWS, type CsvFile } from './csv-export';

export const CLIENT_AUDIT_COLUMNS = [
  'seq', 'occurred_at', 'actor_type', 'actor_id', 'actor_name', 'action', 'subject_type', 'subject_id', 'old_values', 'new_values', 'note', 'request_id', 'ip', 'prev_hash', 'hash', 'event_id',
] as const;

export async function clientAuditCsv(ctx: AppContext, meta: RequestMeta, actor: Actor, clientId: string): Promise<CsvFile> {
  const client = await loadClientForStaff(ctx, actor, 'client.timeline.view', clientId);
  authorize(actor, 'operations.export', { entityId: client.entity_id });
  const read = async (after: bigint | null) => {
    let q = ctx.db
      .selectFrom('audit_event as e')
      .leftJoin('staff as s', (join) => join.on('e.actor_type', '=', 'staff').on(sql`s.id::text`, '=', sql.ref('e.actor_id')))
      .selectAll('e')
      .select('s.display_name')
      .where('e.stream_id', '=', `client:${client.id}`);
    if (after !== null) q = q.where('e.seq', '>', after);
    const rows = await q.orderBy('e.seq').limit(EXPORT_PAGE_ROWS).execute();
    const last = rows.at(-1);
    return {
      lines: rows.map((e) =>
        csvLine([
          e.seq, e.occurred_at, e.actor_type, e.actor_id, e.display_name, e.action, e.subject_type, e.subject_id, e.old_values === null ? null : JSON.stringify(e.old_values),
          e.new_values === null ? null : JSON.stringify(e.new_values), e.note, e.request_id, e.ip, e.prev_hash, e.hash, e.id,
        ]),
      ),
      next: rows.length === EXPORT_PAGE_ROWS && last ? last.seq : null,
    };
  };
  const first = await read(null);
  // Written after the first page is read, so the file shows the chain as it was before this export's own event.
  await auditExport(ctx, meta, actor, 'client_audit_events', { clientId: client.id }, client.id);
  return { fileName: `audit-events-${client.id}.csv`, lines: csvLines(CLIENT_AUDIT_COLUMNS, first, read) };
}
