/**
 * Shared steps of the message tests, over real HTTP: a message as the
 * browser sends it (multipart/form-data), the reads the tests assert on
 * (rows, thread counters, audit events, stored files).
 */
import type { HttpClient, HttpResponse } from '../support/http-client';
import type { TestApp } from '../support/test-app';

export interface MessageInput {
  body?: string;
  caseType?: string;
  caseId?: string;
  files?: { bytes: Buffer; name: string; type?: string }[];
  extra?: Record<string, string>;
}

export function messageForm(input: MessageInput): FormData {
  const form = new FormData();
  if (input.body !== undefined) form.append('body', input.body);
  if (input.caseType !== undefined) form.append('caseType', input.caseType);
  if (input.caseId !== undefined) form.append('caseId', input.caseId);
  for (const [name, value] of Object.entries(input.extra ?? {})) form.append(name, value);
  for (const file of input.files ?? []) form.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name);
  return form;
}

export function clientWrites(http: HttpClient, input: MessageInput): Promise<HttpResponse> {
  return http.postForm('/api/portal/messages', messageForm(input));
}

export function staffWrites(http: HttpClient, clientId: string, input: MessageInput): Promise<HttpResponse> {
  return http.postForm(`/api/backoffice/clients/${clientId}/messages`, messageForm(input));
}

export async function messageRows(app: TestApp, clientId: string) {
  return app.ctx.db.selectFrom('client_message').selectAll().where('client_id', '=', clientId).orderBy('created_at').orderBy('id').execute();
}

export async function threadRow(app: TestApp, clientId: string) {
  return app.ctx.db.selectFrom('client_message_thread').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function auditCount(app: TestApp, clientId: string, action?: string): Promise<number> {
  let query = app.ctx.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n')).where('client_id', '=', clientId);
  if (action) query = query.where('action', '=', action);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Everything a refused request must leave as it was. */
export async function snapshot(app: TestApp, clientId: string) {
  const [messages, attachments, thread, audit] = await Promise.all([
    messageRows(app, clientId),
    app.ctx.db.selectFrom('client_message_attachment').select('id').where('client_id', '=', clientId).execute(),
    threadRow(app, clientId),
    auditCount(app, clientId),
  ]);
  return { messages: messages.length, attachments: attachments.length, thread, audit };
}
