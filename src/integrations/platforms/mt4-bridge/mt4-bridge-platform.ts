/**
 * TradingPlatform for MT4 through a broker's bridge (docs/mt4-bridge-protocol.md):
 *
 *   createAccount     POST /v1/accounts                       (+ GET /v1/accounts?reference= to look for an earlier attempt)
 *   getAccount        GET  /v1/accounts/{login}
 *   setRights         PUT  /v1/accounts/{login}/rights        (absolute: enable, enable_read_only)
 *   balanceOperation  POST /v1/accounts/{login}/balance-operations  (+ GET …/balance-operations?reference=)
 *   getBalances       GET  /v1/accounts/{login}/balances
 *   listBalanceDeals  GET  /v1/accounts/{login}/balance-operations?from=&to=
 *
 * Exactly-once (§5): our reference is the MT4 comment from the first attempt
 * on. The bridge answers a repeated reference with the existing operation
 * (`created: false`) and serialises per login; on top of that, after any
 * answer that leaves the outcome unknown we wait `settleDelayMs`, search the
 * login's history for the reference, and resend only when it is not there.
 * If the search keeps failing we stop with `outcomeUnknown` instead of
 * resending. A caller retrying later passes `previousAttemptAt`.
 *
 * Money: the bridge's decimal strings at the account's digits ↔ bigint minor
 * units at Traderoom's ISO exponent (falling back to the digits for a
 * currency we do not know), digit by digit; an amount the digits cannot hold
 * is refused, not rounded.
 *
 * Limits from MT4's structures [api: ManagerAPI.h UserRecord]: group ≤ 15,
 * name ≤ 127, email ≤ 47, country ≤ 31 characters, passwords ≤ 15; logins
 * are 32-bit. Our password rule (8–15, lower, upper, digit) is stricter than
 * MT4's own minimum [ours].
 */
import { CURRENCY_EXPONENTS } from '../../../config/currencies';
import { PlatformConflictError, PlatformInvalidRequestError, PlatformProtocolError, TradingPlatformError } from '../platform-errors';
import {
  PLATFORM_REFERENCE_PATTERN,
  type BalanceOperationResult,
  type CreatePlatformAccountResult,
  type PlatformAccount,
  type PlatformBalanceDeal,
  type PlatformBalances,
  type PlatformRights,
  type TradingPlatform,
} from '../trading-platform';
import { formatForPlatformDigits } from '../mt5/mt5-decimal';
import { Mt4BridgeClient, type Mt4BridgeClientOptions, type Mt4BridgeClientStats } from './mt4-bridge-client';
import { exactlyOnce, sleep, withReadRetries, type RetryPolicy } from './mt4-bridge-exactly-once';
import { mt4FlagsFor, mt4RightsRaw, platformRightsOfMt4 } from './mt4-bridge-rights';
import {
  BRIDGE_MAX_AMOUNT_MAJOR,
  arrayField,
  moneyToMinor,
  objectField,
  toBridgeAccount,
  toBridgeBalances,
  toBridgeOperation,
  type BridgeAccount,
  type BridgeOperation,
} from './mt4-bridge-wire';

export interface Mt4BridgePlatformOptions extends Mt4BridgeClientOptions {
  /** Sends of one write (and tries of one read) before giving up; default 4. */
  maxAttempts?: number;
  /** Wait before try n+1 (n ≥ 1); default 250 ms · 2^(n−1), at most 5 s. */
  retryDelayMs?: (attempt: number) => number;
  /** Wait after an unknown outcome before searching the history; default 1000 ms. */
  settleDelayMs?: number;
  /** Extra seconds on both sides of a history search for our reference (clock skew); default 300. */
  historySearchMarginSeconds?: number;
}

export interface Mt4BridgePlatform extends TradingPlatform {
  readonly platform: 'mt4';
  stats(): Mt4BridgeClientStats;
}

interface AccountMoney {
  currency: string;
  /** The bridge's digits for the account currency. */
  digits: number;
  /** Traderoom's minor-unit decimals (ISO; the bridge digits for a currency we do not know). */
  exponent: number;
}

const MAX_LOGIN = 2_147_483_647n; // UserRecord.login is an int

export function createMt4BridgePlatform(options: Mt4BridgePlatformOptions): Mt4BridgePlatform {
  const client = new Mt4BridgeClient(options);
  const maxAttempts = options.maxAttempts ?? 4;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) throw new RangeError('maxAttempts must be 1..20');
  const policy: RetryPolicy = {
    maxAttempts,
    retryDelayMs: options.retryDelayMs ?? ((n: number) => Math.min(5000, 250 * 2 ** (n - 1))),
    settleDelayMs: options.settleDelayMs ?? 1000,
  };
  const marginSeconds = options.historySearchMarginSeconds ?? 300;
  const now = options.now ?? Date.now;
  // An account's currency never changes, so it is cached for good.
  const loginMoney = new Map<string, AccountMoney>();

  // ---------------------------------------------------------------- helpers

  function moneyOf(currency: string, digits: number): AccountMoney {
    return { currency, digits, exponent: CURRENCY_EXPONENTS[currency] ?? digits };
  }

  function remember(account: BridgeAccount): AccountMoney {
    const money = moneyOf(account.currency, account.digits);
    loginMoney.set(account.login, money);
    return money;
  }

  async function readAccount(login: string): Promise<BridgeAccount> {
    const { json } = await withReadRetries(policy, () => client.call({ operation: 'account.get', method: 'GET', path: `/v1/accounts/${login}` }));
    const account = toBridgeAccount('account.get', objectField('account.get', json, 'account'));
    if (account.login !== login) throw new PlatformProtocolError(`MT4 bridge account.get: asked for ${login}, got ${account.login}`);
    remember(account);
    return account;
  }

  async function accountMoney(login: string): Promise<AccountMoney> {
    return loginMoney.get(login) ?? remember(await readAccount(login));
  }

  function toPlatformAccount(a: BridgeAccount): PlatformAccount {
    return {
      login: a.login,
      group: a.group,
      currency: a.currency,
      leverage: a.leverage,
      name: a.name,
      email: a.email,
      reference: a.comment === '' ? undefined : a.comment,
      rights: platformRightsOfMt4(a),
      rightsRaw: mt4RightsRaw(a),
      registeredAt: a.registeredAt === undefined || a.registeredAt === 0 ? undefined : new Date(a.registeredAt * 1000),
    };
  }

  function operationAmount(where: string, op: BridgeOperation, money: AccountMoney): bigint {
    if (op.currency !== money.currency) throw new PlatformProtocolError(`MT4 bridge ${where}: operation ${op.ticket} is in ${op.currency}, the account in ${money.currency}`);
    return moneyToMinor(where, 'amount', op.amountText, money.exponent);
  }

  /** Balance operations of one login in [fromSeconds, toSeconds], optionally only those with this comment. */
  async function operationsBetween(login: string, fromSeconds: number, toSeconds: number, reference?: string): Promise<BridgeOperation[]> {
    const { json } = await client.call({
      operation: 'balance.list',
      method: 'GET',
      path: `/v1/accounts/${login}/balance-operations`,
      query: { from: Math.max(0, fromSeconds), to: toSeconds, reference },
    });
    return arrayField('balance.list', json, 'operations').map((r) => toBridgeOperation('balance.list', r));
  }

  // ---------------------------------------------------------------- the interface

  return {
    platform: 'mt4',

    stats: () => client.stats(),

    async createAccount(input) {
      assertReference(input.reference);
      assertGroup(input.group);
      assertMt4Password(input.mainPassword, 'main');
      assertMt4Password(input.investorPassword, 'investor');
      if (!Number.isInteger(input.leverage) || input.leverage < 1 || input.leverage > 1000) {
        throw new PlatformInvalidRequestError(`leverage must be an integer 1..1000, got ${input.leverage}`);
      }
      if (input.name.trim() === '' || input.name.length > 127) throw new PlatformInvalidRequestError('name must be 1..127 characters');
      if (!/^[^\s@]+@[^\s@]+$/.test(input.email) || input.email.length > 47) throw new PlatformInvalidRequestError('email must be an address of at most 47 characters (MT4 email[48])');
      if (input.country !== undefined && input.country.length > 31) throw new PlatformInvalidRequestError('country must be at most 31 characters (MT4 country[32])');
      if (input.login !== undefined) assertLogin(input.login);
      const currency = input.currency.toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) throw new PlatformInvalidRequestError(`currency "${input.currency}" is not an ISO code`);
      const flags = mt4FlagsFor(input.rights ?? 'full');
      const body: Record<string, unknown> = {
        reference: input.reference,
        group: input.group,
        currency,
        name: input.name,
        email: input.email,
        leverage: input.leverage,
        password: input.mainPassword,
        investor_password: input.investorPassword,
        enable: flags.enable,
        enable_read_only: flags.enable_read_only,
      };
      if (input.country !== undefined) body.country = input.country;
      if (input.login !== undefined) body.login = input.login;

      const check = (where: string, a: BridgeAccount): string => {
        if (a.comment !== input.reference) throw new PlatformProtocolError(`MT4 bridge ${where}: account ${a.login} has comment "${a.comment}", not our reference`);
        if (a.group !== input.group) throw new PlatformConflictError(`reference ${input.reference} is already on account ${a.login} in group ${a.group}, not ${input.group}`);
        if (input.login !== undefined && a.login !== input.login) throw new PlatformConflictError(`reference ${input.reference} is already on account ${a.login}, not ${input.login}`);
        if (a.currency !== currency) throw new PlatformConflictError(`reference ${input.reference} is on account ${a.login} in ${a.currency}, not ${currency}`);
        remember(a);
        return a.login;
      };

      const lookup = async (): Promise<{ login: string; created: boolean } | undefined> => {
        const { json } = await client.call({ operation: 'account.find', method: 'GET', path: '/v1/accounts', query: { reference: input.reference } });
        const mine = arrayField('account.find', json, 'accounts')
          .map((r) => toBridgeAccount('account.find', r))
          .filter((a) => a.comment === input.reference)
          .sort((a, b) => compareDigits(a.login, b.login));
        const found = mine[0];
        return found ? { login: check('account.find', found), created: false } : undefined;
      };

      const send = async (): Promise<{ login: string; created: boolean }> => {
        try {
          const { json } = await client.call({ operation: 'account.create', method: 'POST', path: '/v1/accounts', body, mutating: true });
          const account = toBridgeAccount('account.create', objectField('account.create', json, 'account'));
          return { login: check('account.create', account), created: json.created === true };
        } catch (err) {
          // A fixed login that exists already: ours from an unanswered attempt (a bridge that does not
          // deduplicate says login_exists), or someone else's.
          if (input.login === undefined || !(err instanceof PlatformConflictError) || err.platformCode !== 'login_exists') throw err;
          const existing = await readAccount(input.login);
          if (existing.comment !== input.reference) throw err;
          return { login: check('account.get', existing), created: false };
        }
      };

      const { value, found } = await exactlyOnce(policy, `MT4 create account ${input.reference}`, send, lookup, input.previousAttemptAt !== undefined);
      return { login: value.login, alreadyExisted: found || !value.created } satisfies CreatePlatformAccountResult;
    },

    async getAccount(login) {
      assertLogin(login);
      return toPlatformAccount(await readAccount(login));
    },

    async setRights(login, rights: PlatformRights) {
      assertLogin(login);
      const flags = mt4FlagsFor(rights);
      // Absolute (both flags sent), so resending after a lost answer is harmless.
      for (let attempt = 1; ; attempt++) {
        try {
          const { json } = await client.call({ operation: 'account.rights', method: 'PUT', path: `/v1/accounts/${login}/rights`, body: { ...flags }, mutating: true });
          const account = toBridgeAccount('account.rights', objectField('account.rights', json, 'account'));
          if (account.login !== login) throw new PlatformProtocolError(`MT4 bridge account.rights: asked for ${login}, got ${account.login}`);
          if (account.enable !== flags.enable || account.enable_read_only !== flags.enable_read_only) {
            throw new PlatformInvalidRequestError(`MT4 bridge kept ${mt4RightsRaw(account)} for ${login} instead of ${mt4RightsRaw(flags)}`);
          }
          remember(account);
          return toPlatformAccount(account);
        } catch (err) {
          if (!(err instanceof TradingPlatformError) || !err.retryable || attempt >= maxAttempts) throw err;
          await sleep(policy.retryDelayMs(attempt));
        }
      }
    },

    async balanceOperation(input): Promise<BalanceOperationResult> {
      assertLogin(input.login);
      assertReference(input.reference);
      if (typeof input.amountMinor !== 'bigint' || input.amountMinor === 0n) throw new PlatformInvalidRequestError('amountMinor must be a non-zero bigint');
      const money = await accountMoney(input.login);
      if (input.currency.toUpperCase() !== money.currency) {
        throw new PlatformInvalidRequestError(`account ${input.login} is in ${money.currency}, not ${input.currency.toUpperCase()}`);
      }
      const magnitude = input.amountMinor < 0n ? -input.amountMinor : input.amountMinor;
      if (magnitude > BRIDGE_MAX_AMOUNT_MAJOR * 10n ** BigInt(money.exponent)) {
        throw new PlatformInvalidRequestError(`one balance operation is limited to ${BRIDGE_MAX_AMOUNT_MAJOR} ${money.currency} through the MT4 bridge`);
      }
      let amountText: string;
      try {
        amountText = formatForPlatformDigits(input.amountMinor, money.exponent, money.digits);
      } catch (err) {
        throw new PlatformInvalidRequestError(`amount for ${input.login}: ${(err as Error).message}`, undefined, { cause: err });
      }
      const windowStartMs = input.previousAttemptAt?.getTime() ?? now();
      const what = `MT4 balance operation ${input.reference} on ${input.login}`;

      const mineOrConflict = (where: string, op: BridgeOperation): BalanceOperationResult & { dealId: string } => {
        if (op.login !== input.login || op.comment !== input.reference) {
          throw new PlatformProtocolError(`MT4 bridge ${where}: operation ${op.ticket} is ${op.login}/"${op.comment}", not ${input.login}/"${input.reference}"`);
        }
        const amount = operationAmount(where, op, money);
        if (amount !== input.amountMinor) {
          throw new PlatformConflictError(
            `reference ${input.reference} is already used by operation ${op.ticket} on ${input.login} for another amount (${amount} ≠ ${input.amountMinor} minor units)`,
          );
        }
        return { dealId: op.ticket, alreadyApplied: true };
      };

      const lookup = async (): Promise<BalanceOperationResult | undefined> => {
        const from = Math.floor(windowStartMs / 1000) - marginSeconds;
        const to = Math.ceil(now() / 1000) + marginSeconds;
        const ops = (await operationsBetween(input.login, from, to, input.reference))
          .filter((op) => op.login === input.login && op.comment === input.reference)
          .sort((a, b) => compareDigits(a.ticket, b.ticket));
        return ops[0] ? mineOrConflict('balance.list', ops[0]) : undefined;
      };

      const send = async (): Promise<BalanceOperationResult> => {
        const { json } = await client.call({
          operation: 'balance.apply',
          method: 'POST',
          path: `/v1/accounts/${input.login}/balance-operations`,
          body: { reference: input.reference, amount: amountText, currency: money.currency },
          mutating: true,
        });
        const op = toBridgeOperation('balance.apply', objectField('balance.apply', json, 'operation'));
        const result = mineOrConflict('balance.apply', op);
        // created: false = the bridge found our reference applied already (an earlier attempt).
        return { dealId: result.dealId, alreadyApplied: json.created !== true };
      };

      const { value, found } = await exactlyOnce(policy, what, send, lookup, input.previousAttemptAt !== undefined);
      return { dealId: value.dealId, alreadyApplied: found || value.alreadyApplied };
    },

    async getBalances(login): Promise<PlatformBalances> {
      assertLogin(login);
      const { json } = await withReadRetries(policy, () => client.call({ operation: 'balances', method: 'GET', path: `/v1/accounts/${login}/balances` }));
      const b = toBridgeBalances('balances', objectField('balances', json, 'balances'));
      if (b.login !== login) throw new PlatformProtocolError(`MT4 bridge balances: asked for ${login}, got ${b.login}`);
      const money = moneyOf(b.currency, b.digits);
      loginMoney.set(login, money);
      const m = (field: string, text: string) => moneyToMinor('balances', field, text, money.exponent);
      return {
        currency: money.currency,
        balanceMinor: m('balance', b.balanceText),
        creditMinor: m('credit', b.creditText),
        equityMinor: m('equity', b.equityText),
        marginMinor: m('margin', b.marginText),
        freeMarginMinor: m('free_margin', b.freeMarginText),
        floatingMinor: m('floating', b.floatingText),
      };
    },

    async listBalanceDeals(login, since, until): Promise<PlatformBalanceDeal[]> {
      assertLogin(login);
      const money = await accountMoney(login);
      // MT4 keeps whole seconds: the second that holds `since` is included.
      const fromSeconds = Math.floor(since.getTime() / 1000);
      const toSeconds = until === undefined ? Math.ceil(now() / 1000) + marginSeconds : Math.floor(until.getTime() / 1000);
      if (toSeconds < fromSeconds) return [];
      const ops = await withReadRetries(policy, () => operationsBetween(login, fromSeconds, toSeconds));
      return ops
        .filter((op) => op.login === login && op.time >= fromSeconds && op.time <= toSeconds)
        .map((op) => ({
          dealId: op.ticket,
          login: op.login,
          amountMinor: operationAmount('balance.list', op, money),
          currency: money.currency,
          comment: op.comment,
          time: new Date(op.time * 1000),
        }))
        .sort((a, b) => a.time.getTime() - b.time.getTime() || compareDigits(a.dealId, b.dealId));
    },

    close: () => client.close(),
  };
}

// ---------------------------------------------------------------- validation

function assertReference(reference: string): void {
  if (!PLATFORM_REFERENCE_PATTERN.test(reference)) {
    throw new PlatformInvalidRequestError(`reference "${reference}" must be 1–31 characters of A–Z a–z 0–9 _ . : - (it is stored in an MT4 comment[32])`);
  }
}

function assertLogin(login: string): void {
  if (!/^[1-9]\d{0,9}$/.test(login) || BigInt(login) > MAX_LOGIN) throw new PlatformInvalidRequestError(`login "${login}" is not an MT4 login (a positive 32-bit integer)`);
}

function assertGroup(group: string): void {
  if (group.length < 1 || group.length > 15 || [...group].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new PlatformInvalidRequestError(`group "${group}" is not a usable MT4 group name (1–15 characters, MT4 group[16])`);
  }
}

/** Ours [§4.2]: 8–15 characters (MT4 password[16]) with a lower-case letter, an upper-case letter and a digit. */
export function assertMt4Password(password: string, which: string): void {
  const ok = password.length >= 8 && password.length <= 15 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password);
  if (!ok) throw new PlatformInvalidRequestError(`the ${which} password must be 8–15 characters with lower case, upper case and a digit`);
}

function compareDigits(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
