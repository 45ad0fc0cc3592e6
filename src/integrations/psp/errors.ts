/**
 * Errors shared by the PSP adapters (generic Stripe-format PSP and Praxis).
 *
 * - `PspUnavailableError`: network error, timeout, 5xx, 429, 409 (an
 *   idempotent request still running) or an unreadable answer. Retryable; the
 *   call may or may not have taken effect, so retry with the SAME reference
 *   (it is the Idempotency-Key / order_id) and the provider answers with the
 *   object it already created.
 * - `PspRequestError`: the provider refused the request itself (other 4xx, a
 *   Praxis `status` other than 0). Not retryable as is.
 * - `PspPayloadError`: an authentic callback whose body is not what the
 *   protocol says (bad JSON, wrong shape). Answer 400.
 * (`PspSignatureError`, for callbacks that are not authentic, lives in
 * stripe-signature.ts.)
 */

export class PspUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PspUnavailableError';
  }
}

export class PspRequestError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    /** HTTP status (generic PSP) or 200 for a Praxis answer with a non-zero `status`. */
    readonly status: number,
    /** Provider error type/code, e.g. `invalid_request_error`, `idempotency_error`, or the Praxis status number. */
    readonly code: string,
    readonly providerMessage: string,
  ) {
    super(message);
    this.name = 'PspRequestError';
  }
}

export class PspPayloadError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'PspPayloadError';
  }
}

/** Zod issues as "path: message" strings. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string[] {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
}
