/** Client messages: the client's thread (portal), the support inbox and a client's thread (back office), attachments. */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../usecases/app-context';
import { clientLinkableCases, listClientMessages, listMyMessages, myLinkableCases, myUnreadCount } from '../../usecases/messages/list-messages';
import { markClientMessagesRead, markMyMessagesRead } from '../../usecases/messages/mark-messages-read';
import { messageInbox, messageInboxSummary } from '../../usecases/messages/message-inbox';
import { attachmentRules, MESSAGE_ATTACHMENTS_MAX } from '../../usecases/messages/message-rules';
import { readMessageAttachmentAsStaff, readMyMessageAttachment } from '../../usecases/messages/read-message-attachment';
import { sendClientMessage, sendStaffMessage } from '../../usecases/messages/send-message';
import { MESSAGE_FIELD_BYTES, readMessageForm } from '../message-form';
import { requestMeta } from '../request-meta';
import { sendDocumentFile } from '../send-document-file';
import { actorOf, requireSession } from '../session-auth';

const id = z.strictObject({ id: z.string().max(64) });
const page = z.strictObject({ cursor: z.string().max(512).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });
const markRead = z.strictObject({ upToMessageId: z.string().max(64).optional() });
const multipartSummary = `multipart/form-data: body (1–5000 characters), caseType and caseId (optional: kyc_case, deposit or withdrawal of this client), files (up to ${MESSAGE_ATTACHMENTS_MAX}; JPEG, PNG or PDF, checked like documents)`;

export async function messageRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  // One more file than allowed is read, so the answer names the message limit rather than a generic one.
  await app.register(multipart, {
    limits: { files: MESSAGE_ATTACHMENTS_MAX + 1, fields: 3, fieldSize: MESSAGE_FIELD_BYTES, fileSize: attachmentRules(ctx.config).maxBytes, parts: MESSAGE_ATTACHMENTS_MAX + 4, headerPairs: 50 },
    throwFileSizeLimit: true,
    // As for documents: keep "../x.png" whole so the inspection can refuse it.
    preservePath: true,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();
  const client = requireSession(ctx, 'client');
  const staff = requireSession(ctx, 'staff');
  const portal = { tags: ['portal'] };
  const backoffice = { tags: ['backoffice'] };

  r.get('/api/portal/messages', { preValidation: client, schema: { ...portal, summary: 'My thread with the broker, newest first, in cursor pages; my unread count', querystring: page } }, async (request) =>
    listMyMessages(ctx, actorOf(request), request.query),
  );
  r.get('/api/portal/messages/unread', { preValidation: client, schema: { ...portal, summary: 'How many messages from the broker I have not read' } }, async (request) =>
    myUnreadCount(ctx, actorOf(request)),
  );
  r.get('/api/portal/messages/cases', { preValidation: client, schema: { ...portal, summary: 'My cases a message can be about (verification, deposits, withdrawals), and the attachment rules' } }, async (request) =>
    myLinkableCases(ctx, actorOf(request)),
  );
  r.post('/api/portal/messages', { preValidation: client, schema: { ...portal, summary: `Write to the broker (${multipartSummary})`, consumes: ['multipart/form-data'] } }, async (request, reply) =>
    reply.status(201).send(await sendClientMessage(ctx, requestMeta(request), actorOf(request), await readMessageForm(request))),
  );
  r.post('/api/portal/messages/read', { preValidation: client, schema: { ...portal, summary: 'Mark the broker’s messages read, up to a message or all', body: markRead } }, async (request) =>
    markMyMessagesRead(ctx, requestMeta(request), actorOf(request), request.body),
  );
  r.get('/api/portal/message-attachments/:id/file', { preValidation: client, schema: { ...portal, summary: 'A file attached to a message of my thread (audited)', params: id } }, async (request, reply) =>
    sendDocumentFile(reply, await readMyMessageAttachment(ctx, requestMeta(request), actorOf(request), request.params.id), 'attachment'),
  );

  r.get(
    '/api/backoffice/messages/inbox',
    {
      preValidation: staff,
      schema: {
        ...backoffice,
        summary: 'Threads with client messages no one has read, longest waiting first, pages of 50, with counts per entity',
        querystring: z.strictObject({ entity: z.string().max(64).optional(), cursor: z.string().max(512).optional() }),
      },
    },
    async (request) => messageInbox(ctx, actorOf(request), request.query),
  );
  r.get('/api/backoffice/messages/summary', { preValidation: staff, schema: { ...backoffice, summary: 'How many threads and client messages wait in my entities' } }, async (request) =>
    messageInboxSummary(ctx, actorOf(request)),
  );
  r.get(
    '/api/backoffice/clients/:id/messages',
    { preValidation: staff, schema: { ...backoffice, summary: "A client's thread, newest first, in cursor pages; unread counts of both sides", params: id, querystring: page } },
    async (request) => listClientMessages(ctx, actorOf(request), request.params.id, request.query),
  );
  r.get('/api/backoffice/clients/:id/messages/cases', { preValidation: staff, schema: { ...backoffice, summary: "The client's cases a message can be about, and the attachment rules", params: id } }, async (request) =>
    clientLinkableCases(ctx, actorOf(request), request.params.id),
  );
  r.post(
    '/api/backoffice/clients/:id/messages',
    { preValidation: staff, schema: { ...backoffice, summary: `Write to the client; the client is emailed that a message waits (${multipartSummary})`, params: id, consumes: ['multipart/form-data'] } },
    async (request, reply) => reply.status(201).send(await sendStaffMessage(ctx, requestMeta(request), actorOf(request), request.params.id, await readMessageForm(request))),
  );
  r.post(
    '/api/backoffice/clients/:id/messages/read',
    { preValidation: staff, schema: { ...backoffice, summary: "Mark the client's messages read, up to a message or all (takes the thread off the inbox)", params: id, body: markRead } },
    async (request) => markClientMessagesRead(ctx, requestMeta(request), actorOf(request), request.params.id, request.body),
  );
  r.get('/api/backoffice/message-attachments/:id/file', { preValidation: staff, schema: { ...backoffice, summary: 'A file attached to a client message (audited)', params: id } }, async (request, reply) =>
    sendDocumentFile(reply, await readMessageAttachmentAsStaff(ctx, requestMeta(request), actorOf(request), request.params.id), 'attachment'),
  );
}
