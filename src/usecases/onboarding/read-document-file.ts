/**
 * Document files, read back. A client reads only their own (anything else is
 * "not found", never "forbidden", so ids reveal nothing); staff read through
 * an authorised endpoint and every read is audited.
 */
import { NotFoundError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { DocumentRow } from '../../persistence/tables/onboarding-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';

export interface DocumentFile {
  bytes: Buffer;
  mimeType: string;
  fileName: string;
}

async function fileOf(ctx: AppContext, doc: DocumentRow): Promise<DocumentFile> {
  const bytes = await ctx.files.get(doc.file_sha256);
  if (!bytes) throw new NotFoundError('Document file');
  return { bytes, mimeType: doc.mime_type, fileName: doc.file_name };
}

export async function readOwnDocumentFile(ctx: AppContext, actor: Actor, documentId: string): Promise<DocumentFile> {
  if (actor.type !== 'client' || !isUuid(documentId)) throw new NotFoundError('Document');
  const doc = await ctx.db.selectFrom('document').selectAll().where('id', '=', documentId).where('client_id', '=', actor.id).executeTakeFirst();
  if (!doc) throw new NotFoundError('Document');
  return fileOf(ctx, doc);
}

export async function readDocumentFileAsStaff(ctx: AppContext, meta: RequestMeta, actor: Actor, documentId: string): Promise<DocumentFile> {
  authorize(actor, 'document.view');
  const doc = isUuid(documentId) ? await ctx.db.selectFrom('document').selectAll().where('id', '=', documentId).executeTakeFirst() : undefined;
  if (!doc) throw new NotFoundError('Document');
  const client = await ctx.db.selectFrom('client').select('entity_id').where('id', '=', doc.client_id).executeTakeFirstOrThrow();
  authorize(actor, 'document.view', { entityId: client.entity_id });
  const file = await fileOf(ctx, doc);
  await inTransaction(ctx, meta, (uow) =>
    uow.audit({
      actorType: 'staff', actorId: actor.id, action: 'document.viewed', subjectType: 'document', subjectId: doc.id, clientId: doc.client_id,
      newValues: { documentType: doc.document_type, version: doc.version },
    }),
  );
  return file;
}
