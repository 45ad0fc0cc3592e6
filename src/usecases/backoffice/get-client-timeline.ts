/** A client's full audit timeline, newest first, with readable actor labels. */
import type { Actor } from '../../domain/roles';
import type { AppContext } from '../app-context';
import { decodeCursor, pageLimit, toPage } from '../pagination';
import { loadClientForStaff } from './get-client-detail';

export async function getClientTimeline(ctx: AppContext, actor: Actor, clientId: string, query: { limit?: number; cursor?: string }) {
  const client = await loadClientForStaff(ctx, actor, 'client.timeline.view', clientId);
  const limit = pageLimit(query.limit);
  const cursor = decodeCursor(query.cursor);
  let select = ctx.db.selectFrom('audit_event').selectAll().where('client_id', '=', client.id);
  if (cursor) {
    select = select.where((eb) =>
      eb.or([eb('occurred_at', '<', cursor.at), eb.and([eb('occurred_at', '=', cursor.at), eb('id', '<', cursor.id)])]),
    );
  }
  const rows = await select.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = toPage(rows, limit, (row) => ({ at: row.occurred_at, id: row.id }));
  const staffIds = [...new Set(page.items.filter((e) => e.actor_type === 'staff').map((e) => e.actor_id))];
  const staff = staffIds.length
    ? await ctx.db.selectFrom('staff').select(['id', 'email', 'display_name']).where('id', 'in', staffIds).execute()
    : [];
  const staffLabel = new Map(staff.map((s) => [s.id, `${s.display_name} <${s.email}>`]));
  const label = (type: string, id: string) =>
    type === 'staff' ? (staffLabel.get(id) ?? id) : type === 'client' ? (id === client.id ? client.email : id) : id;
  return {
    items: page.items.map((event) => ({
      id: event.id,
      occurredAt: event.occurred_at,
      actorType: event.actor_type,
      actorId: event.actor_id,
      actorLabel: label(event.actor_type, event.actor_id),
      action: event.action,
      subjectType: event.subject_type,
      subjectId: event.subject_id,
      oldValues: event.old_values,
      newValues: event.new_values,
      note: event.note,
      requestId: event.request_id,
      ip: event.ip,
    })),
    nextCursor: page.nextCursor,
  };
}
