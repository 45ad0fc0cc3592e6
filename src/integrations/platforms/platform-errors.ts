/**
 * Typed errors every trading-platform adapter throws (SPEC §7). Each adapter
 * maps its own codes (MT5 retcodes, cTrader error names, …) to one of these,
 * keeping the platform's code and text in `platformCode` for the evidence.
 *
 * `retryable`: the same call may succeed later (network, timeout, busy server).
 * `outcomeUnknown`: the request may have been applied although no answer came
 *   back (a write whose response was lost or timed out). The adapters that can
 *   find out (balanceOperation searches the deal history for the reference,
 *   createAccount searches the group for it) do so themselves before retrying;
 *   this flag on an error that reaches the caller means "still unknown after
 *   the retries ran out": call again with the same reference (and
 *   `previousAttemptAt`) later, never with a new one.
 */

export type TradingPlatformErrorCode =
  | 'not_found'
  | 'no_money'
  | 'permission_denied'
  | 'invalid_request'
  | 'conflict'
  | 'auth_failed'
  | 'server_not_authenticated'
  | 'unavailable'
  | 'timeout'
  | 'protocol';

export abstract class TradingPlatformError extends Error {
  abstract readonly code: TradingPlatformErrorCode;
  abstract readonly retryable: boolean;
  /** True when a write may have been applied on the platform although we got no answer. */
  readonly outcomeUnknown: boolean;
  constructor(
    message: string,
    /** The platform's own code and text, e.g. "10019 No money" (MT5 retcode). */
    readonly platformCode?: string,
    options?: { cause?: unknown; outcomeUnknown?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }
}

/** The login (or deal, group) does not exist on the platform. MT5 13. */
export class PlatformNotFoundError extends TradingPlatformError {
  readonly code = 'not_found';
  readonly retryable = false;
}

/** A withdrawal above the free margin / balance (or credit). MT5 10019. */
export class PlatformNoMoneyError extends TradingPlatformError {
  readonly code = 'no_money';
  readonly retryable = false;
}

/** The manager account lacks a right or the group is outside its mask (or does not exist). MT5 8. */
export class PlatformPermissionError extends TradingPlatformError {
  readonly code = 'permission_denied';
  readonly retryable = false;
}

/** The platform refused the parameters (bad value, weak password, login exists, amount over the limit). MT5 3, 4, 3004, 3006, 4005. */
export class PlatformInvalidRequestError extends TradingPlatformError {
  readonly code = 'invalid_request';
  readonly retryable = false;
}

/** Our reference is already on the platform with other parameters (another login or amount). */
export class PlatformConflictError extends TradingPlatformError {
  readonly code = 'conflict';
  readonly retryable = false;
}

/** The platform refused our manager credentials (wrong password, manager disabled, IP not allowed). */
export class PlatformAuthError extends TradingPlatformError {
  readonly code = 'auth_failed';
  readonly retryable = false;
}

/**
 * The server failed to prove it knows our manager password (MT5
 * `cli_rand_answer` mismatch): it may be an impostor. Nothing is sent to it.
 */
export class PlatformServerAuthError extends TradingPlatformError {
  readonly code = 'server_not_authenticated';
  readonly retryable = false;
}

/** Network error, closed connection, busy server, 5xx. Retryable. */
export class PlatformUnavailableError extends TradingPlatformError {
  readonly code: 'unavailable' | 'timeout' = 'unavailable';
  readonly retryable = true;
}

/** No answer within the timeout. Retryable; for a write the outcome is unknown. */
export class PlatformTimeoutError extends PlatformUnavailableError {
  override readonly code = 'timeout';
}

/** An answer that does not follow the protocol (bad JSON, missing field, a number that is not a decimal). */
export class PlatformProtocolError extends TradingPlatformError {
  readonly code = 'protocol';
  readonly retryable = true;
}

export function isTradingPlatformError(err: unknown): err is TradingPlatformError {
  return err instanceof TradingPlatformError;
}
