/**
 * Message attachments, read back like document files: the client reads only
 * the attachments of their own thread (anything else is "not found", so ids
 * reveal nothing); staff read with `message.view` within their entities.
 * Every read is audited, on both sides: a file is evidence of what was sent,
 * and who opened it belongs with it.
 */
import { NotFoundError, UnauthenticatedError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { ClientMessageAttachmentRow } from '../../persistence/tables/client-message-tables';
import type { AppContext, RequestMeta } from '../app-context';
import type { DocumentFile } from '../onboarding/read-document-file';
import { inTransaction } from '../unit-of-work';

async function findAttachment(ctx: AppContext, attachmentId: string): Promise<ClientMessageAttachmentRow | undefined> {
  return isUuid(attachmentId) ? ctx.db.selectFrom('client_message_attachment').selectAll().where('id', '=', attachmentId).executeTakeFirst() : undefined;
}

async function fileOf(ctx: AppContext, meta: RequestMeta, attachment: ClientMessageAttachmentRow, actor: { type: 'client' | 'staff'; id: string }): Promise<DocumentFile> {
  const bytes = await ctx.files.get(attachment.file_sha256);
  if (!bytes) throw new NotFoundError('Attachment file');
  await inTransaction(ctx, meta, (uow) =>
    uow.audit({
      actorType: actor.type, actorId: actor.id, action: 'message_attachment.viewed', subjectType: 'client_message_attachment', subjectId: attachment.id, clientId: attachment.client_id,
      newValues: { messageId: attachment.message_id, sha256: attachment.file_sha256, fileName: attachment.file_name },
    }),
  );
  return { bytes, mimeType: attachment.mime_type, fileName: attachment.file_name };
}

export async function readMyMessageAttachment(ctx: AppContext, meta: RequestMeta, actor: Actor, attachmentId: string): Promise<DocumentFile> {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const attachment = await findAttachment(ctx, attachmentId);
  if (!attachment || attachment.client_id !== actor.id) throw new NotFoundError('Attachment');
  return fileOf(ctx, meta, attachment, { type: 'client', id: actor.id });
}

export async function readMessageAttachmentAsStaff(ctx: AppContext, meta: RequestMeta, actor: Actor, attachmentId: string): Promise<DocumentFile> {
  authorize(actor, 'message.view');
  const attachment = await findAttachment(ctx, attachmentId);
  if (!attachment) throw new NotFoundError('Attachment');
  const client = await ctx.db.selectFrom('client').select('entity_id').where('id', '=', attachment.client_id).executeTakeFirstOrThrow();
  authorize(actor, 'message.view', { entityId: client.entity_id });
  return fileOf(ctx, meta, attachment, { type: 'staff', id: actor.id });
}
