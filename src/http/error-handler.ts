/**
 * Every error leaves the server in ONE shape:
 *   { "error": { "code": "…", "message": "…", "details": … } }
 * Input problems are 4xx with a clear message; only our own bugs are 500,
 * and those never leak internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../domain/errors';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Fastify's own input errors, by code → our code. */
const FASTIFY_INPUT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty_body', message: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_content_length', message: 'Content-Length does not match the body.' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'bad_content_type', message: 'The Content-Type header is not valid.' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'file_too_large', message: 'The file is too large.' },
  FST_FILES_LIMIT: { status: 413, code: 'too_many_files', message: 'Send one file at a time.' },
  FST_PARTS_LIMIT: { status: 413, code: 'too_many_parts', message: 'The form has too many parts.' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too_many_fields', message: 'The form has too many fields.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Send the document as multipart/form-data.' },
  FST_PROTO_VIOLATION: { status: 400, code: 'malformed_form', message: 'The form data is malformed.' },
};

/** PostgreSQL SQLSTATEs that mean "this value cannot be stored", never a bug of ours. */
const DATABASE_INPUT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  '22P05': { status: 422, code: 'invalid_characters', message: 'The request contains characters that cannot be stored (e.g. a NUL character).' },
  '22021': { status: 422, code: 'invalid_characters', message: 'The request contains characters that cannot be stored.' },
  '22008': { status: 422, code: 'date_out_of_range', message: 'A date in the request is out of range.' },
  '22007': { status: 422, code: 'invalid_date', message: 'A date in the request is not valid.' },
  '22003': { status: 422, code: 'number_out_of_range', message: 'A number in the request is out of range.' },
  '23505': { status: 409, code: 'duplicate', message: 'This already exists (another request created it at the same time).' },
};

function validationDetails(error: FastifyError) {
  const fields: Record<string, string> = {};
  for (const issue of error.validation ?? []) {
    const path = ((issue as { instancePath?: string }).instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const keys = (issue.params as { keys?: unknown } | undefined)?.keys;
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      for (const key of keys) fields[path ? `${path}.${String(key)}` : String(key)] = 'Unknown field.';
    } else {
      fields[path || '(body)'] ??= issue.message ?? 'Not valid.';
    }
  }
  return { fields, in: error.validationContext };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) {
      return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = validationDetails(error);
      const names = Object.keys(details.fields).join(', ');
      return reply.status(422).send(errorBody('validation_failed', `Some fields are not valid: ${names}.`, details));
    }
    const fromDatabase = DATABASE_INPUT_ERRORS[(error as { code?: string }).code ?? ''];
    if (fromDatabase && !(error as { statusCode?: number }).statusCode) {
      // Input the schemas let through but PostgreSQL refuses (a NUL character, a date beyond its range,
      // a duplicate that lost a race): the transaction rolled back, so nothing changed.
      request.log.warn({ err: error }, 'database refused input');
      return reply.status(fromDatabase.status).send(errorBody(fromDatabase.code, fromDatabase.message));
    }
    const known = error.code ? FASTIFY_INPUT_ERRORS[error.code] : undefined;
    if (known) return reply.status(known.status).send(errorBody(known.code, known.message));
    if (error.statusCode === 429) {
      return reply.status(429).send(errorBody('rate_limited', 'Too many requests. Slow down and try again shortly.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('bad_request', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', `Something went wrong on our side (request ${request.id}).`));
  });

}
