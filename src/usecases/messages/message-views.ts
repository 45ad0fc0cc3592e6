/**
 * What each face sees of a message. Staff see who wrote it; the portal sees
 * "the broker" for every staff message, never the staff member's name
 * (reviewer identities stay internal, SPEC §1).
 */
import type { ClientMessageAttachmentRow, ClientMessageRow, ClientMessageThreadRow } from '../../persistence/tables/client-message-tables';
import type { LinkableCase } from './message-cases';

export interface AttachmentView {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

function attachmentView(row: ClientMessageAttachmentRow): AttachmentView {
  return { id: row.id, fileName: row.file_name, mimeType: row.mime_type, sizeBytes: Number(row.size_bytes) };
}

/** Whether a message lies at or before a read marker (the thread's order is (created_at, id)). */
function readThrough(message: ClientMessageRow, at: Date | null, id: string | null): boolean {
  if (!at || !id) return false;
  const t = message.created_at.getTime();
  return t < at.getTime() || (t === at.getTime() && message.id <= id);
}

function baseView(message: ClientMessageRow, attachments: ClientMessageAttachmentRow[], thread: ClientMessageThreadRow | undefined) {
  // A message counts as read by the side it was written to.
  const read =
    message.author_type === 'client'
      ? readThrough(message, thread?.staff_read_through_at ?? null, thread?.staff_read_through_id ?? null)
      : readThrough(message, thread?.client_read_through_at ?? null, thread?.client_read_through_id ?? null);
  return {
    id: message.id,
    authorType: message.author_type,
    body: message.body,
    case: message.case_type && message.case_id ? { type: message.case_type, id: message.case_id } : null,
    attachments: attachments.filter((a) => a.message_id === message.id).sort((a, b) => a.position - b.position).map(attachmentView),
    createdAt: message.created_at,
    readByRecipient: read,
  };
}

export function portalMessageView(message: ClientMessageRow, attachments: ClientMessageAttachmentRow[], thread: ClientMessageThreadRow | undefined) {
  return baseView(message, attachments, thread);
}

export function staffMessageView(
  message: ClientMessageRow,
  attachments: ClientMessageAttachmentRow[],
  thread: ClientMessageThreadRow | undefined,
  staffNames: Map<string, string>,
) {
  return { ...baseView(message, attachments, thread), authorId: message.author_id, authorName: message.author_type === 'staff' ? (staffNames.get(message.author_id) ?? null) : null };
}

/** The portal's case picker: what the client may link, without internal statuses. */
export function portalCaseView(c: LinkableCase) {
  return { type: c.type, id: c.id, kind: c.kind, amountMinor: c.amountMinor, currency: c.currency, createdAt: c.createdAt };
}

export function staffCaseView(c: LinkableCase) {
  return { ...portalCaseView(c), status: c.status };
}

export function unreadView(thread: ClientMessageThreadRow | undefined) {
  return { staff: thread?.staff_unread_count ?? 0, client: thread?.client_unread_count ?? 0 };
}
