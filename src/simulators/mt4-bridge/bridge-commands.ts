/**
 * What the simulated MT4 bridge does for each endpoint of
 * docs/mt4-bridge-protocol.md §4, over the MT5 simulator's SimBook (groups,
 * accounts, positions, deals and the money rules are the same; only the wire
 * differs). The bridge's own rules live here: strict request fields (§8),
 * idempotency by reference (§4.2, §4.6), the MT4 field limits, and the §6
 * error codes. MT4's two rights flags are kept in the book's rights mask:
 * `enable` = ENABLED (0x1), `enable_read_only` = TRADE_DISABLED (0x4).
 */
import { formatMt5Decimal } from '../../integrations/platforms/mt5/mt5-decimal';
import { MT5_RET } from '../../integrations/platforms/mt5/mt5-retcodes';
import { MT5_RIGHT } from '../../integrations/platforms/mt5/mt5-rights';
import { BRIDGE_ERROR_STATUS, MT4_RET, bridgeErrorForMt4, type BridgeErrorCode } from '../../integrations/platforms/mt4-bridge/mt4-bridge-codes';
import { BRIDGE_MAX_AMOUNT_MAJOR, BRIDGE_PROTOCOL_NAME } from '../../integrations/platforms/mt4-bridge/mt4-bridge-wire';
import { PLATFORM_REFERENCE_PATTERN } from '../../integrations/platforms/trading-platform';
import { Mt5SimRetcode, groupMatchesMasks, type SimAccount, type SimBook, type SimDeal } from '../mt5/sim-book';

export type Mt4BridgeEndpoint = 'info' | 'account.create' | 'account.find' | 'account.get' | 'account.rights' | 'balance.apply' | 'balance.list' | 'balances';

/** A refusal with a bridge error code (and the MT4 code behind it, when MT4 refused). */
export class BridgeError extends Error {
  readonly status: number;
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly mt4Code?: number,
  ) {
    super(message);
    this.status = BRIDGE_ERROR_STATUS[code];
  }

  static fromMt4(mt4Code: number, message: string): BridgeError {
    return new BridgeError(bridgeErrorForMt4(mt4Code).code, message, mt4Code);
  }
}

export interface BridgeReply {
  status: number;
  body: Record<string, unknown>;
}

export interface BridgeCommandContext {
  book: SimBook;
  /** Masks of the groups the bridge's manager may touch. */
  allowedGroups: readonly string[];
  /** Idempotency by reference on the bridge (§5 layer 1). */
  dedupe: boolean;
  dedupeLookbackSeconds: number;
  maxOperationsPerAnswer: number;
  nowSeconds: () => number;
  onDeduplicated: () => void;
}

export interface Route {
  endpoint: Mt4BridgeEndpoint;
  login?: string;
}

const LOGIN = /^[1-9]\d{0,9}$/;
const MAX_LOGIN = 2_147_483_647;
const MONEY_IN = /^-?\d{1,13}(?:\.(\d{1,8}))?$/;

/** The endpoint for a method and path, or undefined (404 unknown_endpoint). */
export function routeOf(method: string, pathname: string): Route | undefined {
  if (method === 'GET' && pathname === '/v1/info') return { endpoint: 'info' };
  if (pathname === '/v1/accounts') {
    if (method === 'POST') return { endpoint: 'account.create' };
    if (method === 'GET') return { endpoint: 'account.find' };
    return undefined;
  }
  const m = /^\/v1\/accounts\/([^/]+)(\/rights|\/balance-operations|\/balances)?$/.exec(pathname);
  if (!m) return undefined;
  const login = decodeURIComponent(m[1]!);
  const tail = m[2];
  if (tail === undefined && method === 'GET') return { endpoint: 'account.get', login };
  if (tail === '/rights' && method === 'PUT') return { endpoint: 'account.rights', login };
  if (tail === '/balance-operations' && method === 'POST') return { endpoint: 'balance.apply', login };
  if (tail === '/balance-operations' && method === 'GET') return { endpoint: 'balance.list', login };
  if (tail === '/balances' && method === 'GET') return { endpoint: 'balances', login };
  return undefined;
}

export function executeBridgeCommand(ctx: BridgeCommandContext, route: Route, query: URLSearchParams, body: Record<string, unknown> | undefined): BridgeReply {
  const { book } = ctx;

  const account = (login: string | undefined): SimAccount => {
    if (login === undefined || !LOGIN.test(login) || Number(login) > MAX_LOGIN) throw new BridgeError('invalid_request', 'login must be a positive 32-bit integer');
    const a = book.accounts.get(login);
    if (!a) throw new BridgeError('not_found', `account ${login} does not exist`);
    if (!groupMatchesMasks(a.group, ctx.allowedGroups)) throw new BridgeError('permission_denied', `group ${a.group} is outside the groups this bridge manages`);
    return a;
  };

  switch (route.endpoint) {
    case 'info':
      onlyParams(query, []);
      return ok(200, { protocol: BRIDGE_PROTOCOL_NAME, version: '1.0', bridge: 'traderoom-mt4-bridge-simulator/1.0', server_time: ctx.nowSeconds(), mt4_connected: true });

    case 'account.find': {
      onlyParams(query, ['reference']);
      const reference = query.get('reference') ?? '';
      if (!PLATFORM_REFERENCE_PATTERN.test(reference)) throw new BridgeError('invalid_request', 'reference is required (≤ 31 characters of A–Z a–z 0–9 _ . : -)');
      const list = [...book.accounts.values()].filter((a) => a.comment === reference && groupMatchesMasks(a.group, ctx.allowedGroups));
      return ok(200, { accounts: list.map((a) => accountRecord(book, a)) });
    }

    case 'account.get':
      onlyParams(query, []);
      return ok(200, { account: accountRecord(book, account(route.login)) });

    case 'account.create':
      onlyParams(query, []);
      return createAccount(ctx, requireBody(body));

    case 'account.rights': {
      onlyParams(query, []);
      const b = requireBody(body);
      onlyFields(b, ['enable', 'enable_read_only'], ['enable', 'enable_read_only']);
      const a = account(route.login);
      const enable = boolField(b, 'enable');
      const readOnly = boolField(b, 'enable_read_only');
      a.rights = (a.rights & ~(MT5_RIGHT.ENABLED | MT5_RIGHT.TRADE_DISABLED)) | (enable ? MT5_RIGHT.ENABLED : 0n) | (readOnly ? MT5_RIGHT.TRADE_DISABLED : 0n);
      return ok(200, { account: accountRecord(book, a) });
    }

    case 'balance.apply':
      onlyParams(query, []);
      return applyBalance(ctx, account(route.login), requireBody(body));

    case 'balance.list': {
      onlyParams(query, ['from', 'to', 'reference']);
      const a = account(route.login);
      const from = intParam(query, 'from');
      const to = intParam(query, 'to');
      if (to < from) throw new BridgeError('invalid_request', 'to must not be before from');
      const reference = query.get('reference');
      if (reference !== null && !PLATFORM_REFERENCE_PATTERN.test(reference)) throw new BridgeError('invalid_request', 'reference is malformed');
      const ops = book.deals.filter((d) => d.login === a.login && d.action === 2 && d.time >= from && d.time <= to && (reference === null || d.comment === reference));
      if (ops.length > ctx.maxOperationsPerAnswer) throw new BridgeError('too_many_results', `more than ${ctx.maxOperationsPerAnswer} operations in the window; narrow it`);
      return ok(200, { operations: ops.map((d) => operationRecord(book, a, d)) });
    }

    case 'balances': {
      onlyParams(query, []);
      const a = account(route.login);
      const digits = book.digitsOf(a);
      const f = (v: bigint) => formatMt5Decimal(v, digits);
      const equity = book.equityMinor(a);
      const margin = book.marginMinor(a);
      return ok(200, {
        balances: {
          login: a.login,
          currency: currencyOf(book, a),
          digits,
          balance: f(a.balanceMinor),
          credit: f(a.creditMinor),
          equity: f(equity),
          margin: f(margin),
          free_margin: f(equity - margin),
          floating: f(book.floatingMinor(a)),
        },
      });
    }
  }
}

// ---------------------------------------------------------------- accounts

const CREATE_FIELDS = ['reference', 'group', 'currency', 'name', 'email', 'country', 'leverage', 'password', 'investor_password', 'enable', 'enable_read_only', 'login'];
const CREATE_REQUIRED = ['reference', 'group', 'currency', 'name', 'email', 'leverage', 'password', 'investor_password', 'enable', 'enable_read_only'];

function createAccount(ctx: BridgeCommandContext, b: Record<string, unknown>): BridgeReply {
  const { book } = ctx;
  onlyFields(b, CREATE_FIELDS, CREATE_REQUIRED);
  const reference = stringField(b, 'reference', 31);
  if (!PLATFORM_REFERENCE_PATTERN.test(reference)) throw new BridgeError('invalid_request', 'reference must be ≤ 31 characters of A–Z a–z 0–9 _ . : -');
  const groupName = stringField(b, 'group', 15);
  const group = book.group(groupName);
  if (!group) throw new BridgeError('not_found', `group ${groupName} does not exist`);
  if (!groupMatchesMasks(groupName, ctx.allowedGroups)) throw new BridgeError('permission_denied', `group ${groupName} is outside the groups this bridge manages`);
  const currency = stringField(b, 'currency', 3);
  if (currency !== group.currency) throw new BridgeError('currency_mismatch', `group ${groupName} is in ${group.currency}, not ${currency}`);
  const name = stringField(b, 'name', 127);
  if (name.trim() === '') throw new BridgeError('invalid_request', 'name is empty');
  const email = stringField(b, 'email', 47);
  const country = b.country === undefined ? '' : stringField(b, 'country', 31);
  const leverage = b.leverage;
  if (typeof leverage !== 'number' || !Number.isInteger(leverage) || leverage < 1 || leverage > 1000) throw new BridgeError('invalid_request', 'leverage must be an integer 1..1000');
  const password = stringField(b, 'password', 64);
  const investor = stringField(b, 'investor_password', 64);
  if (!acceptablePassword(password, group.passwordMin) || !acceptablePassword(investor, group.passwordMin)) {
    throw new BridgeError('weak_password', `passwords must be ${group.passwordMin}–15 characters with lower case, upper case and a digit`, MT4_RET.INVALID_DATA);
  }
  const enable = boolField(b, 'enable');
  const readOnly = boolField(b, 'enable_read_only');
  const fixed = b.login === undefined ? undefined : stringField(b, 'login', 10);
  if (fixed !== undefined && (!LOGIN.test(fixed) || Number(fixed) > MAX_LOGIN)) throw new BridgeError('invalid_request', 'login must be a positive 32-bit integer');

  if (ctx.dedupe) {
    const existing = [...book.accounts.values()].find((a) => a.comment === reference);
    if (existing) {
      if (existing.group !== groupName || (fixed !== undefined && existing.login !== fixed)) {
        throw new BridgeError('reference_conflict', `reference ${reference} is already on account ${existing.login} (group ${existing.group})`);
      }
      ctx.onDeduplicated();
      return ok(200, { account: accountRecord(book, existing), created: false });
    }
  }
  if (fixed !== undefined && book.accounts.has(fixed)) throw new BridgeError('login_exists', `login ${fixed} already exists`);
  const login = fixed ?? book.allocateLogin();
  const a: SimAccount = {
    login,
    group: groupName,
    name,
    firstName: '',
    lastName: '',
    email,
    country,
    comment: reference,
    leverage,
    rights: (enable ? MT5_RIGHT.ENABLED : 0n) | (readOnly ? MT5_RIGHT.TRADE_DISABLED : 0n),
    passMain: password,
    passInvestor: investor,
    registration: ctx.nowSeconds(),
    balanceMinor: 0n,
    creditMinor: 0n,
    positions: [],
    active: false,
  };
  book.accounts.set(login, a);
  return ok(201, { account: accountRecord(book, a), created: true });
}

function acceptablePassword(password: string, min: number): boolean {
  return password.length >= min && password.length <= 15 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password);
}

// ---------------------------------------------------------------- money

function applyBalance(ctx: BridgeCommandContext, a: SimAccount, b: Record<string, unknown>): BridgeReply {
  const { book } = ctx;
  onlyFields(b, ['reference', 'amount', 'currency'], ['reference', 'amount', 'currency']);
  const reference = stringField(b, 'reference', 31);
  if (!PLATFORM_REFERENCE_PATTERN.test(reference)) throw new BridgeError('invalid_request', 'reference must be ≤ 31 characters of A–Z a–z 0–9 _ . : -');
  const currency = stringField(b, 'currency', 3);
  if (currency !== currencyOf(book, a)) throw new BridgeError('currency_mismatch', `account ${a.login} is in ${currencyOf(book, a)}, not ${currency}`);
  const amountText = stringField(b, 'amount', 40);
  const digits = book.digitsOf(a);
  const match = MONEY_IN.exec(amountText);
  if (!match || (match[1] ?? '').length > digits) throw new BridgeError('invalid_request', `amount must be a decimal string with at most ${digits} decimals`);
  if (/^-?0*(\.0*)?$/.test(amountText)) throw new BridgeError('invalid_request', 'amount must not be zero');
  const [whole, fraction = ''] = amountText.replace('-', '').split('.');
  const magnitude = BigInt(`${whole}${fraction.padEnd(digits, '0')}`);
  if (magnitude > BRIDGE_MAX_AMOUNT_MAJOR * 10n ** BigInt(digits)) throw new BridgeError('amount_too_large', `more than ${BRIDGE_MAX_AMOUNT_MAJOR} in one operation`);
  const amount = amountText.startsWith('-') ? -magnitude : magnitude;

  if (ctx.dedupe) {
    const since = ctx.nowSeconds() - ctx.dedupeLookbackSeconds;
    const earlier = book.deals.find((d) => d.login === a.login && d.action === 2 && d.comment === reference && d.time >= since);
    if (earlier) {
      if (earlier.amountMinor !== amount) throw new BridgeError('reference_conflict', `reference ${reference} is already operation ${earlier.deal} for another amount`);
      ctx.onDeduplicated();
      return ok(200, { operation: operationRecord(book, a, earlier), created: false });
    }
  }
  let deal: SimDeal;
  try {
    deal = book.balance(a.login, 2, amountText, reference, true);
  } catch (err) {
    if (!(err instanceof Mt5SimRetcode)) throw err;
    if (err.retcode === MT5_RET.REQUEST_NO_MONEY) throw BridgeError.fromMt4(MT4_RET.TRADE_NO_MONEY, err.message);
    if (err.retcode === MT5_RET.ERR_NOTFOUND) throw new BridgeError('not_found', err.message);
    if (err.retcode === MT5_RET.TRADE_MAX_MONEY) throw new BridgeError('amount_too_large', err.message);
    throw BridgeError.fromMt4(MT4_RET.INVALID_DATA, err.message);
  }
  return ok(201, { operation: operationRecord(book, a, deal), created: true });
}

// ---------------------------------------------------------------- records

function currencyOf(book: SimBook, a: SimAccount): string {
  return book.group(a.group)?.currency ?? '';
}

export function accountRecord(book: SimBook, a: SimAccount): Record<string, unknown> {
  const digits = book.digitsOf(a);
  return {
    login: a.login,
    group: a.group,
    currency: currencyOf(book, a),
    digits,
    name: a.name,
    email: a.email,
    country: a.country,
    leverage: a.leverage,
    comment: a.comment,
    enable: (a.rights & MT5_RIGHT.ENABLED) !== 0n,
    enable_read_only: (a.rights & MT5_RIGHT.TRADE_DISABLED) !== 0n,
    registered_at: a.registration,
    balance: formatMt5Decimal(a.balanceMinor, digits),
    credit: formatMt5Decimal(a.creditMinor, digits),
  };
}

export function operationRecord(book: SimBook, a: SimAccount, d: SimDeal): Record<string, unknown> {
  return {
    ticket: d.deal,
    login: d.login,
    amount: formatMt5Decimal(d.amountMinor, book.digitsOf(a)),
    currency: currencyOf(book, a),
    comment: d.comment,
    time: d.time,
  };
}

// ---------------------------------------------------------------- request checks

function ok(status: number, body: Record<string, unknown>): BridgeReply {
  return { status, body };
}

function requireBody(body: Record<string, unknown> | undefined): Record<string, unknown> {
  if (body === undefined) throw new BridgeError('invalid_request', 'a JSON object body is required');
  return body;
}

/** Unknown request fields are refused, not ignored (§8). */
function onlyFields(b: Record<string, unknown>, allowed: readonly string[], required: readonly string[]): void {
  const unknown = Object.keys(b).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new BridgeError('invalid_request', `unknown field(s): ${unknown.join(', ')}`);
  const missing = required.filter((k) => b[k] === undefined || b[k] === null);
  if (missing.length > 0) throw new BridgeError('invalid_request', `missing field(s): ${missing.join(', ')}`);
}

function onlyParams(q: URLSearchParams, allowed: readonly string[]): void {
  const unknown = [...new Set(q.keys())].filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new BridgeError('invalid_request', `unknown query parameter(s): ${unknown.join(', ')}`);
}

function stringField(b: Record<string, unknown>, field: string, maxLength: number): string {
  const v = b[field];
  if (typeof v !== 'string') throw new BridgeError('invalid_request', `${field} must be a string`);
  if (v.length > maxLength) throw new BridgeError('invalid_request', `${field} is longer than ${maxLength} characters`);
  return v;
}

function boolField(b: Record<string, unknown>, field: string): boolean {
  const v = b[field];
  if (typeof v !== 'boolean') throw new BridgeError('invalid_request', `${field} must be a boolean`);
  return v;
}

function intParam(q: URLSearchParams, name: string): number {
  const v = q.get(name);
  if (v === null || !/^\d{1,12}$/.test(v)) throw new BridgeError('invalid_request', `${name} must be Unix seconds`);
  return Number(v);
}
