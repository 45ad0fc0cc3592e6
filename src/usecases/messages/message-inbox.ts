/**
 * The support inbox: threads with client messages no one in the back office
 * has read, the longest-waiting first, within the staff member's entities,
 * with counts per entity; and the summary behind the navigation's badge.
 * Both read only client_message_thread's partial indexes.
 */
import { sql } from 'kysely';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import type { AppContext } from '../app-context';
import { decodeCursor, encodeCursor } from '../pagination';

export const INBOX_PAGE = 50;
export const INBOX_PREVIEW_CHARS = 160;

export interface InboxQuery {
  entity?: string | undefined;
  cursor?: string | undefined;
}

function waitingThreads(ctx: AppContext, actor: Extract<Actor, { type: 'staff' }>) {
  let query = ctx.db.selectFrom('client_message_thread').where('client_message_thread.staff_unread_count', '>', 0);
  if (actor.entityIds !== 'all') query = query.where('client_message_thread.entity_id', 'in', actor.entityIds.length ? [...actor.entityIds] : ['']);
  return query;
}

async function countsByEntity(ctx: AppContext, actor: Extract<Actor, { type: 'staff' }>) {
  const rows = await waitingThreads(ctx, actor)
    .select(['client_message_thread.entity_id', (eb) => eb.fn.countAll<string>().as('threads'), (eb) => eb.fn.sum<string>('client_message_thread.staff_unread_count').as('messages')])
    .groupBy('client_message_thread.entity_id')
    .orderBy('client_message_thread.entity_id')
    .execute();
  const byEntity = rows.map((r) => ({ entityId: r.entity_id, threads: Number(r.threads), messages: Number(r.messages) }));
  return {
    threads: byEntity.reduce((sum, e) => sum + e.threads, 0),
    messages: byEntity.reduce((sum, e) => sum + e.messages, 0),
    byEntity,
  };
}

export async function messageInboxSummary(ctx: AppContext, actor: Actor) {
  authorize(actor, 'message.view');
  const { threads, messages } = await countsByEntity(ctx, actor);
  return { threads, messages };
}

export async function messageInbox(ctx: AppContext, actor: Actor, query: InboxQuery) {
  authorize(actor, 'message.view', query.entity ? { entityId: query.entity } : undefined);
  const cursor = decodeCursor(query.cursor);
  let page = waitingThreads(ctx, actor)
    .innerJoin('client', 'client.id', 'client_message_thread.client_id')
    .selectAll('client_message_thread')
    .select(['client.first_name', 'client.last_name', 'client.email']);
  if (query.entity) page = page.where('client_message_thread.entity_id', '=', query.entity);
  if (cursor) {
    page = page.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('client_message_thread.staff_unread_since', 'client_message_thread.client_id'), '>', tuple(sql<Date>`${cursor.at}::timestamptz`, sql<string>`${cursor.id}::uuid`)),
    );
  }
  const [counts, rows] = await Promise.all([
    countsByEntity(ctx, actor),
    page.orderBy('client_message_thread.staff_unread_since', 'asc').orderBy('client_message_thread.client_id', 'asc').limit(INBOX_PAGE + 1).execute(),
  ]);
  const items = rows.slice(0, INBOX_PAGE);
  const clientIds = items.map((r) => r.client_id);
  // The newest message from each client on the page: what is waiting, in a line.
  const latest = clientIds.length
    ? await ctx.db
        .selectFrom('client_message')
        .distinctOn('client_id')
        .select(['client_id', 'body', 'created_at'])
        .where('client_id', 'in', clientIds)
        .where('author_type', '=', 'client')
        .orderBy('client_id')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    : [];
  const previews = new Map(latest.map((m) => [m.client_id, m]));
  const last = items.at(-1);
  return {
    counts,
    items: items.map((r) => ({
      clientId: r.client_id,
      clientName: `${r.first_name} ${r.last_name}`.trim() || r.email,
      email: r.email,
      entityId: r.entity_id,
      unreadCount: r.staff_unread_count,
      waitingSince: r.staff_unread_since,
      lastMessageAt: r.last_message_at,
      preview: previews.get(r.client_id)?.body.slice(0, INBOX_PREVIEW_CHARS) ?? '',
    })),
    nextCursor: rows.length > INBOX_PAGE && last?.staff_unread_since ? encodeCursor(last.staff_unread_since, last.client_id) : null,
  };
}
