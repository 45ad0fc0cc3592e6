/**
 * The client uploads a document. The file is checked by content (type, size,
 * readability, no second format hiding inside), stored by its hash, and
 * recorded as a new version of that document type: an earlier version is
 * superseded, never overwritten, and both stay on record.
 */
import { findDocumentType, findEntity } from '../../config/lookups';
import { ConflictError, UnauthenticatedError, ValidationError } from '../../domain/errors';
import { documentMachine, type DocumentState } from '../../domain/machines/document-machine';
import type { Actor } from '../../domain/roles';
import { inspectUpload } from '../../integrations/files/upload-inspection';
import { newId } from '../../persistence/ids';
import { CASE_IN_REVIEW_STATES, findOpenCase } from '../../persistence/repositories/onboarding-repository';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { brokerToday } from './onboarding-facts';
import { documentView } from './document-views';
import { isCalendarDate } from '../../domain/calendar-date';

export interface UploadDocumentInput {
  documentType: string;
  fileName: string;
  declaredMimeType: string | null;
  bytes: Buffer;
  issueDate?: string | null;
  expiryDate?: string | null;
}


function underReview(): ConflictError {
  return new ConflictError('Your documents are being reviewed; you can upload again once compliance has decided or asks for more.', undefined, 'case_under_review');
}

function checkDates(type: NonNullable<ReturnType<typeof findDocumentType>>, input: UploadDocumentInput, today: string): void {
  const fields: Record<string, string> = {};
  for (const [key, value] of [['issueDate', input.issueDate], ['expiryDate', input.expiryDate]] as const) {
    if (value && !isCalendarDate(value)) fields[key] = 'Use a real date in the format YYYY-MM-DD.';
  }
  if (type.expiryRequired && !input.expiryDate) fields.expiryDate = `Enter the expiry date of the ${type.name.toLowerCase()}.`;
  if (type.issueDateRequired && !input.issueDate) fields.issueDate = `Enter the date the ${type.name.toLowerCase()} was issued.`;
  if (!fields.expiryDate && input.expiryDate && input.expiryDate <= today) fields.expiryDate = `This document expired on ${input.expiryDate}: upload a valid one.`;
  if (!fields.issueDate && input.issueDate && input.issueDate > today) fields.issueDate = 'The issue date cannot be in the future.';
  if (!fields.issueDate && input.issueDate && type.maxAgeDays) {
    const ageDays = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${input.issueDate}T00:00:00Z`)) / 86_400_000;
    if (ageDays > type.maxAgeDays) fields.issueDate = `Upload a ${type.name.toLowerCase()} issued within the last ${type.maxAgeDays} days.`;
  }
  if (Object.keys(fields).length > 0) throw new ValidationError('Check the document dates.', { fields }, 'document_dates_invalid');
}

export async function uploadDocument(ctx: AppContext, meta: RequestMeta, actor: Actor, input: UploadDocumentInput) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirstOrThrow();
  const rules = findEntity(ctx.config, client.entity_id)?.clientTypes[client.client_type];
  // What the entity requires, plus anything compliance asked for on the open case (e.g. source-of-funds evidence).
  const asked = (await findOpenCase(ctx.db, client.id))?.requested_documents?.flatMap((r) => r.documentTypes) ?? [];
  const accepted = new Set([...(rules?.requiredDocuments.flatMap((r) => r.anyOf) ?? []), ...asked]);
  const type = findDocumentType(ctx.config, input.documentType);
  if (!type || !accepted.has(type.id)) {
    throw new ValidationError(`We do not ask for this document type.`, { fields: { documentType: `Choose one of: ${[...accepted].join(', ')}` } }, 'document_type_unknown');
  }
  checkDates(type, input, brokerToday(ctx.config, ctx.clock.now()));
  const file = inspectUpload({
    fileName: input.fileName,
    declaredMimeType: input.declaredMimeType,
    bytes: input.bytes,
    acceptedMimeTypes: type.acceptedMimeTypes,
    maxBytes: type.maxBytes,
  });
  // Refuse early what the transaction would refuse, so nothing is stored for it.
  const openBefore = await findOpenCase(ctx.db, client.id);
  if (openBefore && (CASE_IN_REVIEW_STATES as readonly string[]).includes(openBefore.status)) throw underReview();
  // Stored before the transaction: content-addressed, so an orphan after a
  // refused transaction is harmless and a retry finds it already there.
  await ctx.files.put(input.bytes);

  return inTransaction(ctx, meta, async (uow) => {
    // The client row serialises this client's uploads (the next version number) and keeps the lock order.
    await uow.trx.selectFrom('client').select('id').where('id', '=', client.id).forUpdate().execute();
    const open = await findOpenCase(uow.trx, client.id, true);
    if (open && (CASE_IN_REVIEW_STATES as readonly string[]).includes(open.status)) throw underReview();
    const previous = await uow.trx
      .selectFrom('document')
      .selectAll()
      .where('client_id', '=', client.id)
      .where('document_type', '=', type.id)
      .orderBy('version', 'desc')
      .forUpdate()
      .execute();
    const latest = previous[0];
    // A waiting earlier version is replaced at once; an approved one stays valid
    // until its replacement is approved, so the client is never left without one.
    for (const doc of previous) {
      if (doc.status === 'approved' || !documentMachine.can(doc.status as DocumentState, 'supersede')) continue;
      const { to } = documentMachine.transition(doc.status as DocumentState, 'supersede', { by: 'system' });
      await uow.trx.updateTable('document').set({ status: to }).where('id', '=', doc.id).execute();
    }
    const row = await uow.trx
      .insertInto('document')
      .values({
        id: newId(uow.now.getTime()),
        client_id: client.id,
        document_type: type.id,
        version: (latest?.version ?? 0) + 1,
        status: documentMachine.initial,
        file_sha256: file.sha256,
        mime_type: file.mimeType,
        size_bytes: BigInt(file.sizeBytes),
        file_name: file.safeFileName,
        issue_date: input.issueDate ?? null,
        expiry_date: input.expiryDate ?? null,
        supersedes_id: latest?.id ?? null,
        uploaded_at: uow.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'client',
      actorId: client.id,
      action: 'document.uploaded',
      subjectType: 'document',
      subjectId: row.id,
      clientId: client.id,
      oldValues: latest ? { supersededDocumentId: latest.id, supersededStatus: latest.status } : null,
      newValues: {
        documentType: type.id,
        version: row.version,
        sha256: file.sha256,
        sizeBytes: file.sizeBytes,
        mimeType: file.mimeType,
        fileName: file.safeFileName,
        issueDate: row.issue_date,
        expiryDate: row.expiry_date,
      },
    });
    return documentView(row);
  });
}
