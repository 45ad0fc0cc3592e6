/**
 * A message into a client's thread, from the client (portal) or from staff
 * (back office, `message.send` within the staff member's entities). The body,
 * the case reference and every attachment are checked before anything is
 * written; attachments are stored content-addressed before the transaction
 * (an orphan after a refused transaction is harmless, as for documents).
 * One transaction: the message, its attachments, the thread's counters, the
 * audit event, and for a staff message the email telling the client a
 * message waits (the body is not in the email).
 *
 * The audit event carries the body's length and SHA-256, not the text: the
 * message row is the record (append-only), and the hash in the chained
 * trail proves it was not altered, without copying free text (personal data)
 * into an immutable log.
 */
import { createHash } from 'node:crypto';
import { NotFoundError, UnauthenticatedError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import type { InspectedFile } from '../../integrations/files/upload-inspection';
import { isUuid, newId } from '../../persistence/ids';
import type { ClientRow } from '../../persistence/schema';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction, type UnitOfWork } from '../unit-of-work';
import { assertCaseOfClient } from './message-cases';
import { checkedBody, inspectAttachments, type CaseRef, type SendMessageInput } from './message-rules';
import { portalMessageView, staffMessageView } from './message-views';

interface Author {
  type: 'client' | 'staff';
  id: string;
}

async function prepare(ctx: AppContext, client: Pick<ClientRow, 'id'>, input: SendMessageInput) {
  const body = checkedBody(input.body);
  const caseRef = input.case ?? null;
  if (caseRef) await assertCaseOfClient(ctx.db, client.id, caseRef);
  const files = inspectAttachments(ctx.config, input.attachments ?? []);
  // Reached only when every file passed: a refused message stores nothing.
  for (const file of input.attachments ?? []) await ctx.files.put(file.bytes);
  return { body, caseRef, files };
}

async function record(
  uow: UnitOfWork,
  client: Pick<ClientRow, 'id' | 'entity_id'>,
  author: Author,
  message: { body: string; caseRef: CaseRef | null; files: InspectedFile[] },
) {
  // The thread row serialises this client's messages; each one is stamped after the previous,
  // so the thread's order, (created_at, id), is the order they were written in.
  const before = await uow.trx
    .selectFrom('client_message_thread')
    .select(['staff_unread_count', 'client_unread_count', 'last_message_at'])
    .where('client_id', '=', client.id)
    .forUpdate()
    .executeTakeFirst();
  const at = before && before.last_message_at >= uow.now ? new Date(before.last_message_at.getTime() + 1) : uow.now;
  const id = newId(at.getTime());
  const fromClient = author.type === 'client';
  const row = await uow.trx
    .insertInto('client_message')
    .values({ id, client_id: client.id, author_type: author.type, author_id: author.id, body: message.body, case_type: message.caseRef?.type ?? null, case_id: message.caseRef?.id ?? null, created_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
  const attachments = message.files.length
    ? await uow.trx
        .insertInto('client_message_attachment')
        .values(message.files.map((file, index) => ({
          id: newId(at.getTime()), message_id: id, client_id: client.id, position: index + 1,
          file_sha256: file.sha256, mime_type: file.mimeType, size_bytes: BigInt(file.sizeBytes), file_name: file.safeFileName,
        })))
        .returningAll()
        .execute()
    : [];
  const thread = await uow.trx
    .insertInto('client_message_thread')
    .values({
      client_id: client.id, entity_id: client.entity_id, message_count: 1, last_message_at: at,
      staff_unread_count: fromClient ? 1 : 0, staff_unread_since: fromClient ? at : null, client_unread_count: fromClient ? 0 : 1, updated_at: uow.now,
    })
    .onConflict((oc) =>
      oc.column('client_id').doUpdateSet((eb) => ({
        message_count: eb('client_message_thread.message_count', '+', 1),
        last_message_at: at,
        staff_unread_count: eb('client_message_thread.staff_unread_count', '+', fromClient ? 1 : 0),
        staff_unread_since: fromClient ? eb.fn.coalesce('client_message_thread.staff_unread_since', eb.val(at)) : eb.ref('client_message_thread.staff_unread_since'),
        client_unread_count: eb('client_message_thread.client_unread_count', '+', fromClient ? 0 : 1),
        updated_at: uow.now,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  await uow.audit({
    actorType: author.type,
    actorId: author.id,
    action: 'message.sent',
    subjectType: 'client_message',
    subjectId: id,
    clientId: client.id,
    oldValues: { staffUnread: before?.staff_unread_count ?? 0, clientUnread: before?.client_unread_count ?? 0 },
    newValues: {
      authorType: author.type,
      bodyLength: message.body.length,
      bodySha256: createHash('sha256').update(message.body, 'utf8').digest('hex'),
      case: message.caseRef,
      attachments: message.files.map((f) => ({ sha256: f.sha256, sizeBytes: f.sizeBytes, mimeType: f.mimeType, fileName: f.safeFileName })),
      staffUnread: thread.staff_unread_count,
      clientUnread: thread.client_unread_count,
    },
  });
  return { row, attachments, thread };
}

export async function sendClientMessage(ctx: AppContext, meta: RequestMeta, actor: Actor, input: SendMessageInput) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').select(['id', 'entity_id']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  const prepared = await prepare(ctx, client, input);
  return inTransaction(ctx, meta, async (uow) => {
    const { row, attachments, thread } = await record(uow, client, { type: 'client', id: client.id }, prepared);
    return { message: portalMessageView(row, attachments, thread) };
  });
}

export async function sendStaffMessage(ctx: AppContext, meta: RequestMeta, actor: Actor, clientId: string, input: SendMessageInput) {
  authorize(actor, 'message.send');
  const client = isUuid(clientId) ? await ctx.db.selectFrom('client').selectAll().where('id', '=', clientId).executeTakeFirst() : undefined;
  if (!client) throw new NotFoundError('Client');
  authorize(actor, 'message.send', { entityId: client.entity_id });
  const prepared = await prepare(ctx, client, input);
  return inTransaction(ctx, meta, async (uow) => {
    const { row, attachments, thread } = await record(uow, client, { type: 'staff', id: actor.id }, prepared);
    await uow.enqueue('email.send', {
      template: 'message_received',
      to: client.email,
      language: client.language,
      variables: { firstName: client.first_name, brokerName: ctx.config.broker.name, link: `${ctx.publicUrl}/messages` },
    });
    const staff = await uow.trx.selectFrom('staff').select('display_name').where('id', '=', actor.id).executeTakeFirst();
    return { message: staffMessageView(row, attachments, thread, new Map(staff ? [[actor.id, staff.display_name]] : [])) };
  });
}
