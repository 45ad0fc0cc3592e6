/**
 * Reads a message sent as multipart/form-data: the fields `body`, `caseType`
 * and `caseId`, and up to three `files`. Anything else in the form is a 422;
 * a truncated or malformed form is the sender's problem (4xx), never a 500.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError, ValidationError } from '../domain/errors';
import { isMessageCaseType, MESSAGE_BODY_MAX, type SendMessageInput } from '../usecases/messages/message-rules';

const FIELDS = new Set(['body', 'caseType', 'caseId']);
/** UTF-8 needs up to 4 bytes a character; a longer field is refused, not cut. */
export const MESSAGE_FIELD_BYTES = MESSAGE_BODY_MAX * 4;

export async function readMessageForm(request: FastifyRequest): Promise<SendMessageInput> {
  if (!request.isMultipart()) throw new ValidationError('Send the message as multipart/form-data.', undefined, 'multipart_required');
  const fields: Record<string, string> = {};
  const attachments: NonNullable<SendMessageInput['attachments']> = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'files') throw new ValidationError(`Unknown field "${part.fieldname}".`, { fields: { [part.fieldname]: 'Unknown field.' } });
        attachments.push({ fileName: part.filename, declaredMimeType: part.mimetype || null, bytes: await part.toBuffer() });
      } else if (FIELDS.has(part.fieldname) && typeof part.value === 'string' && !(part.fieldname in fields)) {
        if (part.valueTruncated) throw new ValidationError(`A message is at most ${MESSAGE_BODY_MAX} characters.`, { fields: { [part.fieldname]: 'Too long' } }, 'message_body_too_long');
        fields[part.fieldname] = part.value;
      } else {
        throw new ValidationError(`Unknown or repeated field "${part.fieldname}".`, { fields: { [part.fieldname]: 'Unknown or repeated field.' } });
      }
    }
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (error instanceof DomainError || (status !== undefined && status < 500)) throw error;
    throw new ValidationError('The form data is malformed.', undefined, 'malformed_form');
  }
  const { caseType, caseId } = fields;
  if ((caseType && !caseId) || (!caseType && caseId)) {
    throw new ValidationError('Give both the case type and the case id, or neither.', { fields: { [caseType ? 'caseId' : 'caseType']: 'Required with the other' } });
  }
  if (caseType && !isMessageCaseType(caseType)) {
    throw new ValidationError('The case type is one of kyc_case, deposit, withdrawal.', { fields: { caseType: 'One of kyc_case, deposit, withdrawal' } });
  }
  return {
    body: fields.body ?? '',
    case: caseType && caseId && isMessageCaseType(caseType) ? { type: caseType, id: caseId } : null,
    attachments,
  };
}
