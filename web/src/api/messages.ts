/** Message endpoints (src/http/routes/message-routes.ts), for the portal and the back office. */
import { api, request } from './client';
import type { ComposeOptions, InboxPage, PortalMessage, PortalThreadPage, SendMessageInput, StaffMessage, StaffThreadPage } from './message-types';

/** Fields before files, so the server reads them first; one `files` part per attachment. */
function messageForm(input: SendMessageInput): FormData {
  const form = new FormData();
  form.append('body', input.body);
  if (input.case) {
    form.append('caseType', input.case.type);
    form.append('caseId', input.case.id);
  }
  for (const file of input.files) form.append('files', file, file.name);
  return form;
}

const clientPath = (clientId: string) => `/api/backoffice/clients/${encodeURIComponent(clientId)}/messages`;

/** Portal (cookie realm `tr_portal`). */
export const portalMessageApi = {
  thread: (cursor: string | null, signal?: AbortSignal) => api.get<PortalThreadPage>('/api/portal/messages', { query: { cursor }, signal }),
  unread: (signal?: AbortSignal) => api.get<{ unread: number }>('/api/portal/messages/unread', { signal }),
  cases: (signal?: AbortSignal) => api.get<ComposeOptions>('/api/portal/messages/cases', { signal }),
  send: (input: SendMessageInput) => request<{ message: PortalMessage }>('POST', '/api/portal/messages', { body: messageForm(input) }),
  markRead: (upToMessageId: string) => api.post<{ unread: number }>('/api/portal/messages/read', { upToMessageId }),
  attachmentUrl: (id: string) => `/api/portal/message-attachments/${encodeURIComponent(id)}/file`,
};

/** Back office (cookie realm `tr_staff`). */
export const backofficeMessageApi = {
  inbox: (entity: string | null, cursor: string | null, signal?: AbortSignal) => api.get<InboxPage>('/api/backoffice/messages/inbox', { query: { entity, cursor }, signal }),
  summary: (signal?: AbortSignal) => api.get<{ threads: number; messages: number }>('/api/backoffice/messages/summary', { signal }),
  thread: (clientId: string, cursor: string | null, signal?: AbortSignal) => api.get<StaffThreadPage>(clientPath(clientId), { query: { cursor }, signal }),
  cases: (clientId: string, signal?: AbortSignal) => api.get<ComposeOptions>(`${clientPath(clientId)}/cases`, { signal }),
  send: (clientId: string, input: SendMessageInput) => request<{ message: StaffMessage }>('POST', clientPath(clientId), { body: messageForm(input) }),
  markRead: (clientId: string, upToMessageId: string) => api.post<{ unread: { staff: number; client: number } }>(`${clientPath(clientId)}/read`, { upToMessageId }),
  attachmentUrl: (id: string) => `/api/backoffice/message-attachments/${encodeURIComponent(id)}/file`,
};

/** Fired after a thread was marked read, so the navigation's badges refresh at once. */
export const MESSAGES_READ_EVENT = 'traderoom:messages-read';
export function announceMessagesRead(): void {
  window.dispatchEvent(new Event(MESSAGES_READ_EVENT));
}
