/**
 * MT5 return codes (doc retcodes_*; texts as MetaQuotes' own MTRetCode
 * formatter prints them; PROTOCOLS.md §1). Every Web API answer carries
 * `"retcode": "<n> <text>"`; success is "0 Done".
 *
 * Mapping to our typed errors (platform-errors.ts):
 *   13 NOTFOUND                                → PlatformNotFoundError
 *   10019 NO_MONEY                             → PlatformNoMoneyError
 *   8 PERMISSIONS (also: group does not exist) → PlatformPermissionError
 *   3 PARAMS, 4 DATA, 17 DUPLICATE, 3004, 3006, 4005 … → PlatformInvalidRequestError
 *   1001/1002/1011/1012/1034 … (auth)          → PlatformAuthError
 *   7 NETWORK, 9 TIMEOUT, 10 CONNECTION, 11 NOSERVICE, 12 FREQUENT, 14 SHUTDOWN, 1018 SERVER_BUSY
 *                                              → PlatformUnavailableError (retryable)
 *   anything else (2 ERROR …)                  → PlatformInvalidRequestError, not retried
 * ASSUMPTION: which codes are transient is our reading of their names; MT5 does
 * not publish retry guidance.
 */
import {
  PlatformAuthError,
  PlatformInvalidRequestError,
  PlatformNoMoneyError,
  PlatformNotFoundError,
  PlatformPermissionError,
  PlatformUnavailableError,
  type TradingPlatformError,
} from '../platform-errors';

export const MT5_RET = Object.freeze({
  OK: 0,
  OK_NONE: 1,
  ERROR: 2,
  ERR_PARAMS: 3,
  ERR_DATA: 4,
  ERR_NETWORK: 7,
  ERR_PERMISSIONS: 8,
  ERR_TIMEOUT: 9,
  ERR_CONNECTION: 10,
  ERR_NOSERVICE: 11,
  ERR_FREQUENT: 12,
  ERR_NOTFOUND: 13,
  ERR_SHUTDOWN: 14,
  ERR_DUPLICATE: 17,
  AUTH_ACCOUNT_INVALID: 1001,
  AUTH_ACCOUNT_DISABLED: 1002,
  AUTH_MANAGER_NOCONFIG: 1011,
  AUTH_MANAGER_IPBLOCK: 1012,
  AUTH_SERVER_BUSY: 1018,
  AUTH_API_DISABLED: 1034,
  USR_LOGIN_EXHAUSTED: 3002,
  USR_LOGIN_PROHIBITED: 3003,
  USR_LOGIN_EXIST: 3004,
  USR_INVALID_PASSWORD: 3006,
  TRADE_MAX_MONEY: 4005,
  REQUEST_NO_MONEY: 10019,
});

/** MetaQuotes' texts for the codes we produce or expect. */
export const MT5_RET_TEXT: Readonly<Record<number, string>> = Object.freeze({
  0: 'Done',
  1: 'OK/None',
  2: 'Common error',
  3: 'Invalid parameters',
  4: 'Invalid data',
  7: 'Network error',
  8: 'Not enough permissions',
  9: 'Operation timeout',
  10: 'No connection',
  11: 'Service is not available',
  12: 'Too frequent requests',
  13: 'Not found',
  14: 'Server shutdown in progress',
  17: 'Duplicate attempt',
  1001: 'Invalid account',
  1002: 'Account disabled',
  1011: "Account doesn't have manager config",
  1012: 'IP address unallowed for manager',
  1018: 'Server is busy',
  1034: 'API disabled',
  3002: 'Login range exhausted',
  3003: 'Login reserved at another server',
  3004: 'Account already exists',
  3006: 'Invalid account password',
  4005: 'Money limit reached',
  10019: 'No money',
});

/** "0 Done" for 0, etc. */
export function mt5Retcode(code: number): string {
  return `${code} ${MT5_RET_TEXT[code] ?? 'Error'}`;
}

/** The leading integer of "10019 No money"; undefined when there is none. */
export function parseMt5Retcode(value: unknown): { code: number; text: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d{1,6})(?:\s+(.*))?$/s.exec(value);
  if (!match) return undefined;
  return { code: Number(match[1]), text: (match[2] ?? '').trim() };
}

const TRANSIENT = new Set<number>([
  MT5_RET.ERR_NETWORK,
  MT5_RET.ERR_TIMEOUT,
  MT5_RET.ERR_CONNECTION,
  MT5_RET.ERR_NOSERVICE,
  MT5_RET.ERR_FREQUENT,
  MT5_RET.ERR_SHUTDOWN,
  MT5_RET.AUTH_SERVER_BUSY,
]);

const AUTH = new Set<number>([MT5_RET.AUTH_ACCOUNT_INVALID, MT5_RET.AUTH_ACCOUNT_DISABLED, MT5_RET.AUTH_MANAGER_NOCONFIG, MT5_RET.AUTH_MANAGER_IPBLOCK, MT5_RET.AUTH_API_DISABLED]);

/** A clear message for the code, in our words, with MT5's code and text kept in `platformCode`. */
export function mt5Error(
  command: string,
  retcode: { code: number; text: string },
  context = '',
  /** For a write: a transient code (e.g. 9 timeout) leaves the outcome unknown. */
  options: { mutating?: boolean } = {},
): TradingPlatformError {
  const platformCode = `${retcode.code} ${retcode.text || (MT5_RET_TEXT[retcode.code] ?? '')}`.trim();
  const where = `MT5 ${command}${context ? ` (${context})` : ''}`;
  const { code } = retcode;
  if (code === MT5_RET.ERR_NOTFOUND) return new PlatformNotFoundError(`${where}: not found [${platformCode}]`, platformCode);
  if (code === MT5_RET.REQUEST_NO_MONEY) {
    return new PlatformNoMoneyError(`${where}: not enough money: a withdrawal cannot exceed the free margin or the balance [${platformCode}]`, platformCode);
  }
  if (code === MT5_RET.ERR_PERMISSIONS) {
    return new PlatformPermissionError(
      `${where}: the manager account lacks the right for this (or the group is outside its mask or does not exist) [${platformCode}]`,
      platformCode,
    );
  }
  if (AUTH.has(code)) return new PlatformAuthError(`${where}: the server refused the manager login [${platformCode}]`, platformCode);
  if (TRANSIENT.has(code)) {
    const unknown = options.mutating === true;
    return new PlatformUnavailableError(`${where}: temporarily unavailable${unknown ? '; it may or may not have been applied' : ''} [${platformCode}]`, platformCode, {
      outcomeUnknown: unknown,
    });
  }
  const detail =
    code === MT5_RET.ERR_PARAMS || code === MT5_RET.ERR_DATA
      ? 'invalid parameters'
      : code === MT5_RET.USR_INVALID_PASSWORD
        ? 'password too weak or too short for the group'
        : code === MT5_RET.USR_LOGIN_EXIST
          ? 'an account with this login already exists'
          : code === MT5_RET.TRADE_MAX_MONEY
            ? 'amount over the per-operation limit'
            : 'refused';
  return new PlatformInvalidRequestError(`${where}: ${detail} [${platformCode}]`, platformCode);
}
