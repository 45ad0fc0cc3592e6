/**
 * The limits of a message, checked before anything is written: the body, the
 * case it is about, and its attachments, which follow the document upload
 * rules (the same inspection, the types and the largest size any document
 * type of the configuration accepts). A refused attachment refuses the whole
 * message, and nothing is stored for it.
 */
import type { TraderoomConfig } from '../../config/schema';
import { UPLOAD_MIME_TYPES, type UploadMimeType } from '../../config/vocabulary';
import { ValidationError } from '../../domain/errors';
import { inspectUpload, type InspectedFile } from '../../integrations/files/upload-inspection';
import { MESSAGE_CASE_TYPES, type MessageCaseType } from '../../persistence/tables/client-message-tables';

export const MESSAGE_BODY_MAX = 5000;
export const MESSAGE_ATTACHMENTS_MAX = 3;

export interface CaseRef {
  type: MessageCaseType;
  id: string;
}

export interface AttachmentUpload {
  fileName: string;
  declaredMimeType: string | null;
  bytes: Buffer;
}

export interface SendMessageInput {
  body: string;
  case?: CaseRef | null;
  attachments?: AttachmentUpload[];
}

export interface AttachmentRules {
  acceptedMimeTypes: UploadMimeType[];
  maxBytes: number;
  maxFiles: number;
}

/** What any document type accepts: the union of their types, the largest of their size limits. */
export function attachmentRules(config: TraderoomConfig): AttachmentRules {
  const accepted = new Set(config.documentTypes.flatMap((type) => type.acceptedMimeTypes));
  return {
    acceptedMimeTypes: UPLOAD_MIME_TYPES.filter((mime) => accepted.has(mime)),
    maxBytes: Math.max(...config.documentTypes.map((type) => type.maxBytes)),
    maxFiles: MESSAGE_ATTACHMENTS_MAX,
  };
}

export function checkedBody(body: string): string {
  const trimmed = body.trim();
  // PostgreSQL cannot store NUL; refused here so that nothing (not even an attachment) is stored.
  if (trimmed.includes('\u0000')) throw new ValidationError('The message contains characters that cannot be stored.', { fields: { body: 'No NUL characters' } }, 'invalid_characters');
  if (!trimmed) throw new ValidationError('Write your message.', { fields: { body: 'Required' } }, 'message_body_missing');
  if (trimmed.length > MESSAGE_BODY_MAX) {
    throw new ValidationError(`A message is at most ${MESSAGE_BODY_MAX} characters.`, { fields: { body: `At most ${MESSAGE_BODY_MAX} characters` } }, 'message_body_too_long');
  }
  return trimmed;
}

export function isMessageCaseType(value: string): value is MessageCaseType {
  return (MESSAGE_CASE_TYPES as readonly string[]).includes(value);
}

/** Inspects every attachment (pure, nothing stored); the first refusal refuses the message, naming the file's position. */
export function inspectAttachments(config: TraderoomConfig, attachments: readonly AttachmentUpload[]): InspectedFile[] {
  const rules = attachmentRules(config);
  if (attachments.length > rules.maxFiles) {
    throw new ValidationError(`Attach at most ${rules.maxFiles} files to one message.`, { fields: { files: `At most ${rules.maxFiles} files` } }, 'too_many_attachments');
  }
  return attachments.map((file, index) => {
    try {
      return inspectUpload({ ...file, acceptedMimeTypes: rules.acceptedMimeTypes, maxBytes: rules.maxBytes });
    } catch (error) {
      if (error instanceof ValidationError) {
        const details = (error.details && !Array.isArray(error.details) ? error.details : {}) as Record<string, unknown>;
        throw new ValidationError(error.message, { ...details, attachment: index + 1 }, error.code);
      }
      throw error;
    }
  });
}
