/** Client messages (src/http/routes/message-routes.ts). */
export type MessageCaseType = 'kyc_case' | 'deposit' | 'withdrawal';

export interface MessageCaseRef {
  type: MessageCaseType;
  id: string;
}

export interface MessageAttachment {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

export interface PortalMessage {
  id: string;
  authorType: 'client' | 'staff';
  body: string;
  case: MessageCaseRef | null;
  attachments: MessageAttachment[];
  createdAt: string;
  /** Read by the other side (staff for the client's messages, the client for staff messages). */
  readByRecipient: boolean;
}

export interface StaffMessage extends PortalMessage {
  authorId: string;
  /** The staff member's name; null for the client's own messages. */
  authorName: string | null;
}

/** A case a message can be about (the portal's has no status). */
export interface LinkableCase {
  type: MessageCaseType;
  id: string;
  kind: string | null;
  amountMinor: string | null;
  currency: string | null;
  createdAt: string;
  status?: string;
}

export interface PortalThreadPage {
  items: PortalMessage[];
  nextCursor: string | null;
  unread: number;
}

export interface StaffThreadPage {
  items: StaffMessage[];
  nextCursor: string | null;
  unread: { staff: number; client: number };
}

export interface InboxCounts {
  threads: number;
  messages: number;
  byEntity: { entityId: string; threads: number; messages: number }[];
}

export interface InboxThread {
  clientId: string;
  clientName: string;
  email: string;
  entityId: string;
  unreadCount: number;
  waitingSince: string;
  lastMessageAt: string;
  preview: string;
}

export interface InboxPage {
  counts: InboxCounts;
  items: InboxThread[];
  nextCursor: string | null;
}

export interface SendMessageInput {
  body: string;
  case: MessageCaseRef | null;
  files: File[];
}

export interface AttachmentRules {
  acceptedMimeTypes: string[];
  maxBytes: number;
  maxFiles: number;
}

/** What the composer offers: the cases to link and the attachment limits. */
export interface ComposeOptions {
  items: LinkableCase[];
  attachmentRules: AttachmentRules;
}
