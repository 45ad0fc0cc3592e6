/**
 * Marking a thread read, by the client (the broker's messages) or by staff
 * (the client's messages; `message.view` within the staff member's entities).
 * Read markers are per thread and side: once anyone in the back office has
 * read the client's messages they leave the support inbox.
 *
 * Up to a given message (the newest the reader has on screen, so a message
 * that arrives meanwhile stays unread) or, without one, the whole thread. The
 * marker only moves forward. Audited when it takes messages off the unread
 * count: who read what, and when, is evidence (that a client was told, that
 * support saw a complaint); a call that changes nothing writes nothing.
 */
import { sql } from 'kysely';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction, type UnitOfWork } from '../unit-of-work';
import { unreadView } from './message-views';

export interface MarkReadInput {
  upToMessageId?: string | undefined;
}

type Reader = { side: 'client'; id: string } | { side: 'staff'; id: string };

async function markRead(uow: UnitOfWork, clientId: string, reader: Reader, input: MarkReadInput) {
  const thread = await uow.trx.selectFrom('client_message_thread').selectAll().where('client_id', '=', clientId).forUpdate().executeTakeFirst();
  let target: { id: string; created_at: Date } | undefined;
  if (input.upToMessageId !== undefined) {
    target = isUuid(input.upToMessageId)
      ? await uow.trx.selectFrom('client_message').select(['id', 'created_at']).where('id', '=', input.upToMessageId).where('client_id', '=', clientId).executeTakeFirst()
      : undefined;
    if (!target) throw new ValidationError('That message is not in this thread.', { fields: { upToMessageId: 'Not a message of this thread' } }, 'message_unknown');
  } else {
    target = await uow.trx.selectFrom('client_message').select(['id', 'created_at']).where('client_id', '=', clientId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }
  if (!thread || !target) return { unread: unreadView(thread), changed: false };

  // The messages the reader still has not read: the other side's, after the new marker.
  const writer = reader.side === 'staff' ? 'client' : 'staff';
  const rest = await uow.trx
    .selectFrom('client_message')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('created_at').as('since')])
    .where('client_id', '=', clientId)
    .where('author_type', '=', writer)
    .where(({ eb, refTuple, tuple }) => eb(refTuple('created_at', 'id'), '>', tuple(sql<Date>`${target.created_at}::timestamptz`, sql<string>`${target.id}::uuid`)))
    .executeTakeFirstOrThrow();
  const remaining = Number(rest.n);
  const before = reader.side === 'staff' ? thread.staff_unread_count : thread.client_unread_count;
  if (remaining >= before) return { unread: unreadView(thread), changed: false };

  const updated = await uow.trx
    .updateTable('client_message_thread')
    .set(
      reader.side === 'staff'
        ? {
            staff_read_through_at: target.created_at, staff_read_through_id: target.id, staff_read_by: reader.id, staff_read_at: uow.now,
            staff_unread_count: remaining, staff_unread_since: remaining > 0 ? (rest.since as Date) : null, updated_at: uow.now,
          }
        : { client_read_through_at: target.created_at, client_read_through_id: target.id, client_read_at: uow.now, client_unread_count: remaining, updated_at: uow.now },
    )
    .where('client_id', '=', clientId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await uow.audit({
    actorType: reader.side,
    actorId: reader.id,
    action: reader.side === 'staff' ? 'message_thread.read_by_staff' : 'message_thread.read_by_client',
    subjectType: 'client_message_thread',
    subjectId: clientId,
    clientId,
    oldValues: { unread: before, readThroughId: reader.side === 'staff' ? thread.staff_read_through_id : thread.client_read_through_id },
    newValues: { unread: remaining, readThroughId: target.id },
  });
  return { unread: unreadView(updated), changed: true };
}

export async function markMyMessagesRead(ctx: AppContext, meta: RequestMeta, actor: Actor, input: MarkReadInput) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const { unread } = await inTransaction(ctx, meta, (uow) => markRead(uow, actor.id, { side: 'client', id: actor.id }, input));
  return { unread: unread.client };
}

export async function markClientMessagesRead(ctx: AppContext, meta: RequestMeta, actor: Actor, clientId: string, input: MarkReadInput) {
  authorize(actor, 'message.view');
  const client = isUuid(clientId) ? await ctx.db.selectFrom('client').select(['id', 'entity_id']).where('id', '=', clientId).executeTakeFirst() : undefined;
  if (!client) throw new NotFoundError('Client');
  authorize(actor, 'message.view', { entityId: client.entity_id });
  const { unread } = await inTransaction(ctx, meta, (uow) => markRead(uow, client.id, { side: 'staff', id: actor.id }, input));
  return { unread };
}
