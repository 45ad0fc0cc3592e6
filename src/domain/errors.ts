/**
 * Domain errors. Every refusal the product makes is one of these; the HTTP
 * layer maps each `code` family to a status and the single JSON error shape
 * `{ "error": { "code", "message", "details" } }`.
 */
export type ErrorDetails = Record<string, unknown> | unknown[] | undefined;

export abstract class DomainError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is malformed or a value breaks a rule (unknown field, bad email…). */
export class ValidationError extends DomainError {
  readonly status = 422;
  constructor(message: string, details?: ErrorDetails, code = 'validation_failed') {
    super(code, message, details);
  }
}

/** No valid session, or credentials refused. Message stays generic on purpose. */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor(message = 'Authentication required', code = 'unauthenticated') {
    super(code, message);
  }
}

/** Authenticated, but this actor may not do this action (role, scope, four eyes, realm). */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message: string, details?: ErrorDetails, code = 'forbidden') {
    super(code, message, details);
  }
}

/** The thing does not exist, or the actor may not know that it exists. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what: string, code = 'not_found') {
    super(code, `${what} not found`);
  }
}

/** The record is not in a state that allows this (illegal transition, lost race, duplicate). */
export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(message: string, details?: ErrorDetails, code = 'conflict') {
    super(code, message, details);
  }
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  constructor(message = 'Too many attempts; try again later', code = 'rate_limited') {
    super(code, message);
  }
}

/** A provider we depend on is down or refused the request; nothing was left half done. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  constructor(message: string, details?: ErrorDetails, code = 'provider_unavailable') {
    super(code, message, details);
  }
}

/** Raised by `assert` when an invariant the code relies on does not hold: a bug, never input. */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(`invariant violated: ${message}`);
    this.name = 'InvariantViolation';
  }
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}
