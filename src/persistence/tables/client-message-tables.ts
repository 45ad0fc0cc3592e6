/** Row types of migrations/0013_client_messages.sql. */
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

export const MESSAGE_AUTHOR_TYPES = ['client', 'staff'] as const;
export type MessageAuthorType = (typeof MESSAGE_AUTHOR_TYPES)[number];

/** What a message may be about: one of the client's own cases. */
export const MESSAGE_CASE_TYPES = ['kyc_case', 'deposit', 'withdrawal'] as const;
export type MessageCaseType = (typeof MESSAGE_CASE_TYPES)[number];

export interface ClientMessageTable {
  id: string;
  client_id: string;
  author_type: MessageAuthorType;
  author_id: string;
  body: string;
  case_type: MessageCaseType | null;
  case_id: string | null;
  created_at: Timestamp;
}

export interface ClientMessageAttachmentTable {
  id: string;
  message_id: string;
  client_id: string;
  position: number;
  file_sha256: string;
  mime_type: string;
  size_bytes: bigint;
  file_name: string;
}

export interface ClientMessageThreadTable {
  client_id: string;
  entity_id: string;
  message_count: number;
  last_message_at: Timestamp;
  staff_unread_count: ColumnType<number, number | undefined, number>;
  staff_unread_since: Timestamp | null;
  client_unread_count: ColumnType<number, number | undefined, number>;
  staff_read_through_at: Timestamp | null;
  staff_read_through_id: string | null;
  staff_read_by: string | null;
  staff_read_at: Timestamp | null;
  client_read_through_at: Timestamp | null;
  client_read_through_id: string | null;
  client_read_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface ClientMessageTables {
  client_message: ClientMessageTable;
  client_message_attachment: ClientMessageAttachmentTable;
  client_message_thread: ClientMessageThreadTable;
}

export type ClientMessageRow = Selectable<ClientMessageTable>;
export type ClientMessageAttachmentRow = Selectable<ClientMessageAttachmentTable>;
export type ClientMessageThreadRow = Selectable<ClientMessageThreadTable>;
