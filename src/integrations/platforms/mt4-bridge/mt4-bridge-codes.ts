/**
 * Error codes of the MT4 bridge protocol (docs/mt4-bridge-protocol.md §6):
 * the MT4 Manager API return codes we name [api: ManagerAPI.h], how a bridge
 * maps them to an HTTP status and a bridge `code` (used by the simulator, and
 * the table a real bridge follows), and how the adapter maps a bridge error to
 * our typed errors.
 *
 * ASSUMPTION [?]: which MT4 code comes back in which situation is our reading
 * of the header's names; the Manager API documentation is not public.
 */
import {
  PlatformAuthError,
  PlatformConflictError,
  PlatformInvalidRequestError,
  PlatformNoMoneyError,
  PlatformNotFoundError,
  PlatformPermissionError,
  PlatformTimeoutError,
  PlatformUnavailableError,
  type TradingPlatformError,
} from '../platform-errors';

/** Manager API return codes (the stable ones: codes above 141 differ between header versions). */
export const MT4_RET = Object.freeze({
  OK: 0,
  OK_NONE: 1,
  ERROR: 2,
  INVALID_DATA: 3,
  TECH_PROBLEM: 4,
  OLD_VERSION: 5,
  NO_CONNECT: 6,
  NOT_ENOUGH_RIGHTS: 7,
  TOO_FREQUENT: 8,
  MALFUNCTION: 9,
  ACCOUNT_DISABLED: 64,
  BAD_ACCOUNT_INFO: 65,
  TRADE_TIMEOUT: 128,
  TRADE_DISABLE: 133,
  TRADE_NO_MONEY: 134,
  TRADE_BROKER_BUSY: 137,
  TRADE_TOO_MANY_REQ: 141,
});

export const MT4_RET_NAME: Readonly<Record<number, string>> = Object.freeze(
  Object.fromEntries(Object.entries(MT4_RET).map(([name, code]) => [code, `RET_${name}`])),
);

export type BridgeErrorCode =
  | 'invalid_request'
  | 'currency_mismatch'
  | 'amount_too_large'
  | 'weak_password'
  | 'missing_signature'
  | 'unknown_key'
  | 'stale_timestamp'
  | 'bad_signature'
  | 'replayed_request'
  | 'permission_denied'
  | 'not_found'
  | 'unknown_endpoint'
  | 'login_exists'
  | 'reference_conflict'
  | 'body_too_large'
  | 'no_money'
  | 'too_many_results'
  | 'too_frequent'
  | 'internal'
  | 'mt4_login_failed'
  | 'mt4_unavailable'
  | 'mt4_timeout';

export const BRIDGE_ERROR_STATUS: Readonly<Record<BridgeErrorCode, number>> = Object.freeze({
  invalid_request: 400,
  currency_mismatch: 400,
  amount_too_large: 400,
  weak_password: 400,
  missing_signature: 401,
  unknown_key: 401,
  stale_timestamp: 401,
  bad_signature: 401,
  replayed_request: 401,
  permission_denied: 403,
  not_found: 404,
  unknown_endpoint: 404,
  login_exists: 409,
  reference_conflict: 409,
  body_too_large: 413,
  no_money: 422,
  too_many_results: 422,
  too_frequent: 429,
  internal: 500,
  mt4_login_failed: 502,
  mt4_unavailable: 503,
  mt4_timeout: 504,
});

/**
 * The bridge's mapping of an MT4 return code (§6). `stage` 'connect' is the
 * bridge's own Connect/Login to MT4; 'operation' is a command on an account.
 */
export function bridgeErrorForMt4(mt4Code: number, stage: 'connect' | 'operation' = 'operation'): { status: number; code: BridgeErrorCode } {
  const code = ((): BridgeErrorCode => {
    switch (mt4Code) {
      case MT4_RET.INVALID_DATA:
        return 'invalid_request';
      case MT4_RET.NOT_ENOUGH_RIGHTS:
      case MT4_RET.TRADE_DISABLE:
        return 'permission_denied';
      case MT4_RET.ACCOUNT_DISABLED:
        return stage === 'connect' ? 'mt4_login_failed' : 'permission_denied';
      case MT4_RET.OLD_VERSION:
      case MT4_RET.BAD_ACCOUNT_INFO:
        return stage === 'connect' ? 'mt4_login_failed' : 'internal';
      case MT4_RET.TOO_FREQUENT:
      case MT4_RET.TRADE_TOO_MANY_REQ:
        return 'too_frequent';
      case MT4_RET.TECH_PROBLEM:
      case MT4_RET.NO_CONNECT:
      case MT4_RET.TRADE_BROKER_BUSY:
        return 'mt4_unavailable';
      case MT4_RET.TRADE_TIMEOUT:
        return 'mt4_timeout';
      case MT4_RET.TRADE_NO_MONEY:
        return 'no_money';
      default:
        return 'internal';
    }
  })();
  return { status: BRIDGE_ERROR_STATUS[code], code };
}

export interface BridgeErrorBody {
  code: string;
  message: string;
  mt4_code?: number;
  server_time?: number;
}

/** "no_money; MT4 134 RET_TRADE_NO_MONEY", kept in the error's platformCode for the evidence. */
export function bridgePlatformCode(error: BridgeErrorBody): string {
  if (error.mt4_code === undefined) return error.code;
  return `${error.code}; MT4 ${error.mt4_code}${MT4_RET_NAME[error.mt4_code] ? ` ${MT4_RET_NAME[error.mt4_code]}` : ''}`;
}

/**
 * The adapter's mapping of a (signed, or 401) bridge error to our typed errors.
 * `mutating`: the request was a write, so a 5xx leaves its outcome unknown.
 */
export function platformErrorFromBridge(operation: string, status: number, error: BridgeErrorBody, mutating: boolean): TradingPlatformError {
  const platformCode = bridgePlatformCode(error);
  const where = `MT4 bridge ${operation}`;
  const text = `${error.message || error.code} [${platformCode}]`;
  const unknown = mutating && status >= 500;
  const maybe = unknown ? '; it may or may not have been applied' : '';
  if (status === 401) {
    const hint =
      error.code === 'stale_timestamp'
        ? `our clock and the bridge's differ by more than 300 s${error.server_time !== undefined ? ` (bridge time ${error.server_time})` : ''}: fix the clocks`
        : error.code === 'unknown_key'
          ? 'the bridge does not know our key id (rotated away?)'
          : 'the bridge refused our signature: check the key id and secret';
    return new PlatformAuthError(`${where}: ${hint} [${platformCode}]`, platformCode);
  }
  switch (error.code) {
    case 'not_found':
      return new PlatformNotFoundError(`${where}: not found: ${text}`, platformCode);
    case 'no_money':
      return new PlatformNoMoneyError(`${where}: not enough money: a withdrawal cannot exceed the free margin or the balance: ${text}`, platformCode);
    case 'permission_denied':
      return new PlatformPermissionError(`${where}: not allowed for the bridge's manager (right or group): ${text}`, platformCode);
    case 'login_exists':
    case 'reference_conflict':
      return new PlatformConflictError(`${where}: ${text}`, platformCode);
    case 'mt4_login_failed':
      return new PlatformAuthError(`${where}: the bridge cannot log in to MT4 with its manager account: ${text}`, platformCode);
    case 'too_frequent':
      // Refused before anything was done (§6): retryable, outcome known.
      return new PlatformUnavailableError(`${where}: rate limited: ${text}`, platformCode);
    case 'mt4_timeout':
      return new PlatformTimeoutError(`${where}: MT4 did not confirm in time${maybe}: ${text}`, platformCode, { outcomeUnknown: unknown });
    case 'unknown_endpoint':
      return new PlatformInvalidRequestError(`${where}: the bridge does not serve this endpoint (protocol version?): ${text}`, platformCode);
  }
  if (status >= 500) return new PlatformUnavailableError(`${where}: bridge or MT4 unavailable (HTTP ${status})${maybe}: ${text}`, platformCode, { outcomeUnknown: unknown });
  return new PlatformInvalidRequestError(`${where}: refused (HTTP ${status}): ${text}`, platformCode);
}
