/** Portal onboarding: profile, documents (multipart upload), submission for review. */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findDocumentType, findEntity } from '../../config/lookups';
import { DomainError, ValidationError } from '../../domain/errors';
import type { AppContext } from '../../usecases/app-context';
import { documentView } from '../../usecases/onboarding/document-views';
import { readOwnDocumentFile } from '../../usecases/onboarding/read-document-file';
import { submitKyc } from '../../usecases/onboarding/submit-kyc';
import { getProfile, updateProfile } from '../../usecases/onboarding/update-profile';
import { uploadDocument } from '../../usecases/onboarding/upload-document';
import { findOpenCase, listDocuments } from '../../persistence/repositories/onboarding-repository';
import { idempotent } from '../idempotency';
import { NO_BODY } from '../no-body';
import { requestMeta } from '../request-meta';
import { actorOf, requireSession } from '../session-auth';
import { sendDocumentFile } from '../send-document-file';

const UPLOAD_FIELDS = new Set(['documentType', 'issueDate', 'expiryDate']);

export async function portalOnboardingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const maxUpload = Math.max(...ctx.config.documentTypes.map((t) => t.maxBytes));
  // One file part and a few short fields; the per-type size limit is checked again on the bytes.
  // preservePath: busboy would otherwise cut "../../x.png" down to "x.png" and the
  // upload inspection could never refuse a name with path separators.
  await app.register(multipart, {
    limits: { files: 1, fields: 5, fieldSize: 200, fileSize: maxUpload, parts: 6, headerPairs: 50 },
    throwFileSizeLimit: true,
    preservePath: true,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['portal'];
  const preValidation = requireSession(ctx, 'client');

  r.get('/api/portal/profile', { preValidation, schema: { tags, summary: 'My profile fields, which are required, progress, change requests' } }, async (request) => getProfile(ctx, actorOf(request)));

  r.patch(
    '/api/portal/profile',
    {
      preValidation,
      schema: { tags, summary: 'Fill in profile fields (after verification, identity and address changes become a change request)', body: z.strictObject({ fields: z.record(z.string().max(40), z.unknown()) }) },
    },
    async (request) => updateProfile(ctx, requestMeta(request), actorOf(request), request.body.fields),
  );

  r.get('/api/portal/documents', { preValidation, schema: { tags, summary: 'My documents (every version) and the document types asked of me' } }, async (request) => {
    const actor = actorOf(request);
    const client = await ctx.db.selectFrom('client').select(['entity_id', 'client_type']).where('id', '=', actor.id).executeTakeFirstOrThrow();
    const rules = findEntity(ctx.config, client.entity_id)?.clientTypes[client.client_type];
    const required = new Set(rules?.requiredDocuments.flatMap((r) => r.anyOf) ?? []);
    // Documents compliance asked for beyond the entity's list get their own upload card.
    const asked = ((await findOpenCase(ctx.db, actor.id))?.requested_documents ?? [])
      .filter((r) => r.documentTypes.some((id) => !required.has(id)))
      .map((r) => ({ label: `Requested by compliance: ${r.reason}`, anyOf: r.documentTypes.filter((id) => findDocumentType(ctx.config, id)) }));
    return {
      items: (await listDocuments(ctx.db, actor.id)).map(documentView),
      requirements: [...(rules?.requiredDocuments ?? []), ...asked].map((req) => ({
        label: req.label,
        documentTypes: req.anyOf.map((id) => {
          const type = findDocumentType(ctx.config, id)!;
          return { id, name: type.name, expiryRequired: type.expiryRequired, issueDateRequired: type.issueDateRequired, maxAgeDays: type.maxAgeDays ?? null, acceptedMimeTypes: type.acceptedMimeTypes, maxBytes: type.maxBytes };
        }),
      })),
    };
  });

  r.post(
    '/api/portal/documents',
    { preValidation, schema: { tags, summary: 'Upload a document (multipart/form-data: documentType, issueDate?, expiryDate?, file)', consumes: ['multipart/form-data'] } },
    async (request, reply) => {
      if (!request.isMultipart()) throw new ValidationError('Send the document as multipart/form-data.', undefined, 'multipart_required');
      const fields: Record<string, string> = {};
      let file: { fileName: string; mimeType: string; bytes: Buffer } | null = null;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            const bytes = await part.toBuffer();
            file = { fileName: part.filename, mimeType: part.mimetype, bytes };
          } else if (UPLOAD_FIELDS.has(part.fieldname) && typeof part.value === 'string') {
            fields[part.fieldname] = part.value;
          } else {
            throw new ValidationError(`Unknown field "${part.fieldname}".`, { fields: { [part.fieldname]: 'Unknown field.' } });
          }
        }
      } catch (error) {
        // A truncated or boundary-less form is the sender's problem, not ours.
        const status = (error as { statusCode?: number }).statusCode;
        if (error instanceof DomainError || (status !== undefined && status < 500)) throw error;
        throw new ValidationError('The form data is malformed.', undefined, 'malformed_form');
      }
      if (!file) throw new ValidationError('Attach the document file.', { fields: { file: 'Required' } }, 'file_missing');
      if (!fields.documentType) throw new ValidationError('Choose the document type.', { fields: { documentType: 'Required' } });
      const document = await uploadDocument(ctx, requestMeta(request), actorOf(request), {
        documentType: fields.documentType,
        fileName: file.fileName,
        declaredMimeType: file.mimeType || null,
        bytes: file.bytes,
        issueDate: fields.issueDate || null,
        expiryDate: fields.expiryDate || null,
      });
      return reply.status(201).send({ document });
    },
  );

  r.get(
    '/api/portal/documents/:id/file',
    { preValidation, schema: { tags, summary: 'The file of one of my documents', params: z.strictObject({ id: z.string().max(64) }) } },
    async (request, reply) => sendDocumentFile(reply, await readOwnDocumentFile(ctx, actorOf(request), request.params.id)),
  );

  r.post(
    '/api/portal/kyc/submit',
    { preValidation, preHandler: idempotent(ctx), schema: { tags, summary: 'Send my application (or the documents asked for) to compliance', body: NO_BODY } },
    async (request) => submitKyc(ctx, requestMeta(request), actorOf(request)),
  );
}
