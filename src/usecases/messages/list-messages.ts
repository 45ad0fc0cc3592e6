/**
 * Reading a thread, newest first, in cursor pages over (created_at, id): the
 * client reads their own; staff read a client's with `message.view` within
 * their entities. Reading changes nothing (marking read is its own use case).
 */
import { sql, type Kysely } from 'kysely';
import { NotFoundError, UnauthenticatedError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { DB } from '../../persistence/schema';
import type { AppContext } from '../app-context';
import { decodeCursor, pageLimit, toPage } from '../pagination';
import { linkableCases } from './message-cases';
import { attachmentRules } from './message-rules';
import { portalCaseView, portalMessageView, staffCaseView, staffMessageView, unreadView } from './message-views';

export interface ThreadQuery {
  cursor?: string | undefined;
  limit?: number | undefined;
}

async function threadPage(db: Kysely<DB>, clientId: string, query: ThreadQuery) {
  const limit = pageLimit(query.limit);
  const cursor = decodeCursor(query.cursor);
  let select = db.selectFrom('client_message').selectAll().where('client_id', '=', clientId);
  if (cursor) {
    select = select.where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '<', tuple(sql<Date>`${cursor.at}::timestamptz`, sql<string>`${cursor.id}::uuid`)));
  }
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = toPage(rows, limit, (row) => ({ at: row.created_at, id: row.id }));
  const ids = page.items.map((m) => m.id);
  const [attachments, thread] = await Promise.all([
    ids.length ? db.selectFrom('client_message_attachment').selectAll().where('message_id', 'in', ids).execute() : [],
    db.selectFrom('client_message_thread').selectAll().where('client_id', '=', clientId).executeTakeFirst(),
  ]);
  return { ...page, attachments, thread };
}

export async function listMyMessages(ctx: AppContext, actor: Actor, query: ThreadQuery) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const { items, nextCursor, attachments, thread } = await threadPage(ctx.db, actor.id, query);
  return { items: items.map((m) => portalMessageView(m, attachments, thread)), nextCursor, unread: thread?.client_unread_count ?? 0 };
}

/** The portal's badge: how many messages from the broker the client has not read. */
export async function myUnreadCount(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const thread = await ctx.db.selectFrom('client_message_thread').select('client_unread_count').where('client_id', '=', actor.id).executeTakeFirst();
  return { unread: thread?.client_unread_count ?? 0 };
}

export async function myLinkableCases(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  return { items: (await linkableCases(ctx.db, actor.id)).map(portalCaseView), attachmentRules: attachmentRules(ctx.config) };
}

async function clientInScope(ctx: AppContext, actor: Actor, clientId: string) {
  authorize(actor, 'message.view');
  const client = isUuid(clientId) ? await ctx.db.selectFrom('client').select(['id', 'entity_id']).where('id', '=', clientId).executeTakeFirst() : undefined;
  if (!client) throw new NotFoundError('Client');
  authorize(actor, 'message.view', { entityId: client.entity_id });
  return client;
}

export async function listClientMessages(ctx: AppContext, actor: Actor, clientId: string, query: ThreadQuery) {
  const client = await clientInScope(ctx, actor, clientId);
  const { items, nextCursor, attachments, thread } = await threadPage(ctx.db, client.id, query);
  const staffIds = [...new Set(items.filter((m) => m.author_type === 'staff').map((m) => m.author_id))];
  const staff = staffIds.length ? await ctx.db.selectFrom('staff').select(['id', 'display_name']).where('id', 'in', staffIds).execute() : [];
  const names = new Map(staff.map((s) => [s.id, s.display_name]));
  return { items: items.map((m) => staffMessageView(m, attachments, thread, names)), nextCursor, unread: unreadView(thread) };
}

export async function clientLinkableCases(ctx: AppContext, actor: Actor, clientId: string) {
  const client = await clientInScope(ctx, actor, clientId);
  return { items: (await linkableCases(ctx.db, client.id)).map(staffCaseView), attachmentRules: attachmentRules(ctx.config) };
}
