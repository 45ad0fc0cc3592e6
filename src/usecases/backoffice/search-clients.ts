/** Client search for staff: by email or name, filtered by entity and status, within the staff's entity scope. */
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import type { AppContext } from '../app-context';
import { staffClientView } from '../clients/client-views';
import { decodeCursor, pageLimit, toPage } from '../pagination';

export interface ClientSearchQuery {
  q?: string;
  entity?: string;
  status?: string;
  limit?: number;
  cursor?: string;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchClients(ctx: AppContext, actor: Actor, query: ClientSearchQuery) {
  authorize(actor, 'client.search', query.entity ? { entityId: query.entity } : undefined);
  const limit = pageLimit(query.limit);
  const cursor = decodeCursor(query.cursor);
  let select = ctx.db.selectFrom('client').selectAll();
  if (actor.entityIds !== 'all') select = select.where('entity_id', 'in', actor.entityIds.length ? [...actor.entityIds] : ['']);
  if (query.entity) select = select.where('entity_id', '=', query.entity);
  if (query.status) select = select.where('status', '=', query.status);
  const q = query.q?.trim();
  if (q) {
    const pattern = likePattern(q.toLowerCase());
    select = select.where((eb) =>
      eb.or([
        eb('email', 'like', pattern),
        eb(eb.fn('lower', [eb.fn('concat_ws', [eb.val(' '), eb.ref('first_name'), eb.ref('last_name')])]), 'like', pattern),
        eb(eb.cast('id', 'text'), '=', q.toLowerCase()),
      ]),
    );
  }
  if (cursor) {
    select = select.where((eb) =>
      eb.or([eb('created_at', '<', cursor.at), eb.and([eb('created_at', '=', cursor.at), eb('id', '<', cursor.id)])]),
    );
  }
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }));
  return { items: page.items.map(staffClientView), nextCursor: page.nextCursor };
}
