/** Back-office KYC: the queue, the case view, claims, decisions, notes, document review and preview, screening hits, risk. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DOCUMENT_REJECTION_REASONS } from '../../domain/machines/document-machine';
import type { AppContext } from '../../usecases/app-context';
import { addCaseNote } from '../../usecases/kyc/add-case-note';
import { assignKycCase, claimKycCase, releaseKycCase } from '../../usecases/kyc/claim-kyc-case';
import { decideKycCase } from '../../usecases/kyc/decide-kyc-case';
import { escalateKycCase, returnKycCaseToReview } from '../../usecases/kyc/escalate-kyc-case';
import { getKycCase } from '../../usecases/kyc/get-kyc-case';
import { listKycQueue } from '../../usecases/kyc/kyc-queue';
import { overrideRisk } from '../../usecases/kyc/override-risk';
import { reviewDocument } from '../../usecases/kyc/review-document';
import { readDocumentFileAsStaff } from '../../usecases/onboarding/read-document-file';
import { decideScreeningHit } from '../../usecases/screening/decide-screening-hit';
import { kycQueueFilters } from '../queue-filters';
import { requestMeta } from '../request-meta';
import { sendDocumentFile } from '../send-document-file';
import { actorOf, requireSession } from '../session-auth';

const id = z.strictObject({ id: z.string().max(64) });
const note = z.string().trim().min(1, 'Write a note').max(5000);
const version = z.number().int().min(1).optional();
const requested = z.array(z.strictObject({ documentTypes: z.array(z.string().max(64)).min(1).max(10), reason: z.string().trim().min(1).max(500) })).min(1).max(10);

export async function backofficeKycRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['backoffice'];
  const preValidation = requireSession(ctx, 'staff');
  const meta = requestMeta;

  r.get(
    '/api/backoffice/kyc/cases',
    {
      preValidation,
      schema: {
        tags,
        summary: 'The KYC queue: filters, sort by age or SLA due time, counts, pages of 50',
        querystring: kycQueueFilters.extend({ cursor: z.string().max(400).optional() }),
      },
    },
    async (request) => listKycQueue(ctx, actorOf(request), request.query),
  );

  r.get('/api/backoffice/kyc/cases/:id', { preValidation, schema: { tags, summary: 'One KYC case with everything a reviewer needs', params: id } }, async (request) =>
    getKycCase(ctx, actorOf(request), request.params.id),
  );

  const optionalNote = z.strictObject({ note: z.string().trim().max(5000).optional() }).nullish();
  r.post('/api/backoffice/kyc/cases/:id/claim', { preValidation, schema: { tags, summary: 'Claim the case (a supervisor adds a note)', params: id, body: optionalNote } }, async (request) =>
    claimKycCase(ctx, meta(request), actorOf(request), request.params.id, request.body ?? {}),
  );
  r.post('/api/backoffice/kyc/cases/:id/release', { preValidation, schema: { tags, summary: 'Put the case back in the queue', params: id, body: optionalNote } }, async (request) =>
    releaseKycCase(ctx, meta(request), actorOf(request), request.params.id, request.body ?? {}),
  );
  r.post(
    '/api/backoffice/kyc/cases/:id/assign',
    { preValidation, schema: { tags, summary: 'Assign the case (supervisor)', params: id, body: z.strictObject({ assigneeId: z.string().max(64), note }) } },
    async (request) => assignKycCase(ctx, meta(request), actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/backoffice/kyc/cases/:id/decision',
    {
      preValidation,
      schema: {
        tags,
        summary: 'Decide: approve, reject (reason from the configured list) or request documents; a note is always required',
        params: id,
        body: z.discriminatedUnion('decision', [
          z.strictObject({ decision: z.literal('approve'), note, expectedVersion: version }),
          z.strictObject({ decision: z.literal('reject'), note, reason: z.string().max(64), clientMessage: z.string().trim().max(500).optional(), expectedVersion: version }),
          z.strictObject({ decision: z.literal('request_documents'), note, documents: requested, expectedVersion: version }),
        ]),
      },
    },
    async (request) => decideKycCase(ctx, meta(request), actorOf(request), request.params.id, request.body),
  );
  r.post('/api/backoffice/kyc/cases/:id/escalate', { preValidation, schema: { tags, summary: 'Escalate to a supervisor', params: id, body: z.strictObject({ note }) } }, async (request) =>
    escalateKycCase(ctx, meta(request), actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/backoffice/kyc/cases/:id/return-to-review',
    { preValidation, schema: { tags, summary: 'Send an escalated case back to review (supervisor)', params: id, body: z.strictObject({ note }) } },
    async (request) => returnKycCaseToReview(ctx, meta(request), actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/backoffice/kyc/cases/:id/notes',
    { preValidation, schema: { tags, summary: 'Add an internal note (never shown to the client)', params: id, body: z.strictObject({ body: note }) } },
    async (request, reply) => reply.status(201).send(await addCaseNote(ctx, meta(request), actorOf(request), request.params.id, request.body)),
  );
  r.post(
    '/api/backoffice/documents/:id/review',
    {
      preValidation,
      schema: {
        tags,
        summary: 'Accept or refuse one document',
        params: id,
        body: z.discriminatedUnion('decision', [
          z.strictObject({ decision: z.literal('approve'), note: z.string().trim().max(5000).optional() }),
          z.strictObject({ decision: z.literal('reject'), reason: z.enum(DOCUMENT_REJECTION_REASONS), clientMessage: z.string().trim().min(1).max(500), note }),
        ]),
      },
    },
    async (request) => reviewDocument(ctx, meta(request), actorOf(request), request.params.id, request.body),
  );
  r.get('/api/backoffice/documents/:id/file', { preValidation, schema: { tags, summary: 'Preview a document (audited)', params: id } }, async (request, reply) =>
    sendDocumentFile(reply, await readDocumentFileAsStaff(ctx, meta(request), actorOf(request), request.params.id)),
  );
  r.post(
    '/api/backoffice/screening-hits/:id/decision',
    { preValidation, schema: { tags, summary: 'Clear (false positive) or confirm a screening hit', params: id, body: z.strictObject({ decision: z.enum(['clear', 'confirm']), note }) } },
    async (request) => decideScreeningHit(ctx, meta(request), actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/backoffice/clients/:id/risk-override',
    { preValidation, schema: { tags, summary: 'Override the risk level (null removes the override)', params: id, body: z.strictObject({ level: z.enum(['low', 'medium', 'high']).nullable(), note }) } },
    async (request) => overrideRisk(ctx, meta(request), actorOf(request), request.params.id, request.body),
  );
}
