/**
 * The MT5 Web API adapter: TradingPlatform over one manager session
 * (mt5-connection.ts). Commands used, with what the docs say [doc] and what we
 * assume [?] (PROTOCOLS.md §1 and the MetaQuotes Web API pages it cites):
 *
 *   POST /api/user/add?group=&leverage=  { PassMain, PassInvestor, Group, Name, Email, Leverage, Rights, Comment, … }
 *        [doc] body wins over the query; login 0/absent → allocated; 3004 login exists,
 *        3006 weak password, 8 no right / group outside the mask / group missing.
 *   GET  /api/user/get?login=                  → user record (13 if unknown) [doc]
 *   GET  /api/user/get_batch?group=            → users of a group [doc]; used only to find an account
 *        created by an unanswered user/add, by our reference in its Comment [? Comment as the key is our choice].
 *   POST /api/user/update?login=&rights=       [doc] an invalid value is silently ignored, so the answer's
 *        Rights is compared with what we sent.
 *   GET  /api/group/get?group=                 → Currency, CurrencyDigits [doc]; [?] needs a manager allowed
 *        to read group configs: otherwise give `groupCurrencies` in the options.
 *   POST /api/trade/balance?login=&type=2&balance=&comment=&check_margin=1 → { Ticket } [doc]: signed amount,
 *        comment ≤ 31 chars (longer is cut), 10019 above the free margin / balance, 4005 above 1e9 per
 *        operation, 3 for a bad type. NO idempotency key: see balanceOperation.
 *   GET  /api/user/account/get?login=          → Balance, Credit, Equity, Margin, MarginFree, Floating… [doc]
 *        only for accounts with positions/orders or activity since the server restart; otherwise we fall
 *        back to user/get (no positions → no margin, no floating) [doc note; the exact retcode is a ?, 13 here].
 *   GET  /api/user/get_batch?login=a,b,c        → users by login list [doc]: balances in batches (Balance, Credit).
 *   GET  /api/user/account/get_batch?login=a,b,c → trade states of those with one [? webapi_user_account_get_batch:
 *        assumed like account/get, idle accounts left out]; refused (retcode 3) → one account/get per login.
 *   GET  /api/deal/get_batch?login=&from=&to=  → deals; Action 2 = balance [doc]; `login` takes a comma list [doc].
 *        from/to and Time are in
 *        the trade server's time zone [?]: set `serverTimeOffsetSeconds` (server − UTC); the history search
 *        also widens its window by `dealSearchMarginSeconds` on both sides.
 *
 * Exactly-once balance operations: our reference is the deal comment from the
 * first attempt on. After an answer that leaves the outcome unknown (timeout,
 * connection lost after the request went out, 5xx, transient retcode) we wait
 * `settleDelayMs`, then search the login's deal history for an Action-2 deal
 * with that exact comment, and only resend when it is not there. If the search
 * itself keeps failing we stop with `outcomeUnknown` instead of resending.
 * Residual risk [?]: a server that commits a request LATER than the settle
 * delay after we gave up on it could still see it twice; the reconciliation
 * job (SPEC §8) catches that through listBalanceDeals (a comment twice).
 * createAccount does the same with our reference in the user's Comment.
 *
 * Other choices of ours [?]: writes go as POST with the parameters in the
 * query (the docs allow GET or POST; POST is never replayed by an
 * intermediary); a 403 means "not logged in" and the command was not run;
 * rights 'login_disabled' also sets TRADE_DISABLED (mt5-rights.ts); minor units
 * follow Traderoom's ISO exponent (falling back to the group's CurrencyDigits
 * for a currency we do not know), and an amount the group's digits cannot hold
 * is refused, not cut; references and group names avoid MT5's query escape
 * characters (\ before = or |) and mask characters (* , !) so nothing needs
 * escaping. Use ONE adapter per manager login: each adapter is one connection.
 */
import { CURRENCY_EXPONENTS } from '../../../config/currencies';
import {
  PlatformConflictError,
  PlatformInvalidRequestError,
  PlatformNotFoundError,
  PlatformProtocolError,
  PlatformUnavailableError,
  TradingPlatformError,
} from '../platform-errors';
import {
  PLATFORM_REFERENCE_PATTERN,
  type BalanceOperationResult,
  type CreatePlatformAccountResult,
  type PlatformAccount,
  type PlatformBalanceDeal,
  type PlatformBalances,
  type PlatformDeal,
  type PlatformDealKind,
  type PlatformRights,
  type TradingPlatform,
} from '../trading-platform';
import { Mt5Connection, type Mt5ConnectionOptions, type Mt5ConnectionStats } from './mt5-connection';
import { formatForPlatformDigits } from './mt5-decimal';
import { MT5_RET } from './mt5-retcodes';
import { MT5_DEFAULT_NEW_ACCOUNT_RIGHTS, applyPlatformRights, platformRightsOf } from './mt5-rights';
import {
  MT5_DEAL_ACTION_BALANCE,
  answerArray,
  answerObject,
  readInteger,
  readMoney,
  toMt5Deal,
  toMt5GroupCurrency,
  toMt5User,
  type Mt5Deal,
  type Mt5GroupCurrency,
  type Mt5User,
} from './mt5-wire';

export interface Mt5WebApiPlatformOptions extends Mt5ConnectionOptions {
  /** Group → deposit currency and digits, instead of asking `/api/group/get`. */
  groupCurrencies?: Readonly<Record<string, Mt5GroupCurrency>>;
  /** Rights bits of a new account before our PlatformRights are applied; default 0x163. */
  defaultRights?: bigint;
  /** Sends of one write (and tries of one read) before giving up; default 4. */
  maxAttempts?: number;
  /** Wait before try n+1 (n ≥ 1); default 250 ms · 2^(n−1), at most 5 s. */
  retryDelayMs?: (attempt: number) => number;
  /** Wait after an unknown outcome before searching the history; default 1000 ms. */
  settleDelayMs?: number;
  /** Trade server time minus UTC, seconds (deal times and from/to are server time [?]); default 0. */
  serverTimeOffsetSeconds?: number;
  /** Extra seconds on both sides of a history search window; default 300. */
  dealSearchMarginSeconds?: number;
  /** Our clock (ms since epoch); default Date.now. */
  now?: () => number;
  /** Logins per batched read (user/get_batch, user/account/get_batch, deal/get_batch); default 500 [? the server's URL limit]. */
  batchSize?: number;
}

export interface Mt5WebApiPlatform extends TradingPlatform {
  readonly platform: 'mt5';
  getBalancesBatch(logins: readonly string[]): Promise<Map<string, PlatformBalances>>;
  listDeals(logins: readonly string[], since: Date, until: Date): Promise<PlatformDeal[]>;
  stats(): Mt5ConnectionStats;
}

interface AccountMoney extends Mt5GroupCurrency {
  /** Traderoom's minor-unit decimals for the currency (ISO; the MT5 digits when we do not know it). */
  exponent: number;
}

const MAX_MONEY_MAJOR = 1_000_000_000n; // 4005 above this per operation [doc]
/**
 * ≤ 63 characters, no MT5 escape characters (= |), no mask characters (* , and a
 * leading !, so a group search by name is exact), no control characters.
 */
function isUsableGroupName(group: string): boolean {
  return group.length >= 1 && group.length <= 63 && !/[=|*,]/.test(group) && !group.startsWith('!') && ![...group].some((c) => c.charCodeAt(0) < 0x20);
}
const MT5_PASSWORD_SPECIAL = /[^A-Za-z0-9]/;

export function createMt5WebApiPlatform(options: Mt5WebApiPlatformOptions): Mt5WebApiPlatform {
  const connection = new Mt5Connection(options);
  const maxAttempts = options.maxAttempts ?? 4;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) throw new RangeError('maxAttempts must be 1..20');
  const retryDelayMs = options.retryDelayMs ?? ((n: number) => Math.min(5000, 250 * 2 ** (n - 1)));
  const settleDelayMs = options.settleDelayMs ?? 1000;
  const offsetSeconds = options.serverTimeOffsetSeconds ?? 0;
  const marginSeconds = options.dealSearchMarginSeconds ?? 300;
  const now = options.now ?? Date.now;
  const defaultRights = options.defaultRights ?? MT5_DEFAULT_NEW_ACCOUNT_RIGHTS;
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw new RangeError('batchSize must be 1..5000');
  let accountBatchUnsupported = false;
  const groupCache = new Map<string, Mt5GroupCurrency>(Object.entries(options.groupCurrencies ?? {}));
  // An account's currency never changes (MT5 refuses moving it to a group in another currency), so it is cached for good.
  const loginCache = new Map<string, AccountMoney>();

  // ---------------------------------------------------------------- helpers

  async function withReadRetries<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        if (!(err instanceof TradingPlatformError) || !err.retryable || attempt >= maxAttempts) throw err;
        await sleep(retryDelayMs(attempt));
      }
    }
  }

  /**
   * Sends a write that has no idempotency key on the platform, at most `maxAttempts`
   * times; before every resend after an unknown outcome (and before the first send
   * when `previousAttempt`), `lookup` must have answered "not there".
   */
  async function exactlyOnce<T>(what: string, send: () => Promise<T>, lookup: () => Promise<T | undefined>, previousAttempt: boolean): Promise<{ value: T; found: boolean }> {
    async function check(): Promise<T | undefined> {
      try {
        return await withReadRetries(lookup);
      } catch (err) {
        if (err instanceof PlatformConflictError) throw err;
        throw new PlatformUnavailableError(
          `${what}: could not check whether an earlier attempt was applied (${(err as Error).message}); not sending it again. Retry later with the same reference.`,
          err instanceof TradingPlatformError ? err.platformCode : undefined,
          { cause: err, outcomeUnknown: true },
        );
      }
    }
    if (previousAttempt) {
      const found = await check();
      if (found !== undefined) return { value: found, found: true };
    }
    let last: TradingPlatformError | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        return { value: await send(), found: false };
      } catch (err) {
        if (!(err instanceof TradingPlatformError) || !err.retryable) throw err;
        last = err;
        if (err.outcomeUnknown) {
          await sleep(settleDelayMs);
          const found = await check();
          if (found !== undefined) return { value: found, found: true };
        }
        if (attempt < maxAttempts) await sleep(retryDelayMs(attempt));
      }
    }
    throw new PlatformUnavailableError(
      `${what}: gave up after ${maxAttempts} attempts (${last!.message})${last!.outcomeUnknown ? '; the last attempt may still be applied: retry later with the same reference' : ''}`,
      last!.platformCode,
      { cause: last, outcomeUnknown: last!.outcomeUnknown },
    );
  }

  async function groupCurrency(group: string): Promise<Mt5GroupCurrency> {
    const cached = groupCache.get(group);
    if (cached) return cached;
    const json = await withReadRetries(() => connection.call('group/get', { group }));
    const info = toMt5GroupCurrency('group/get', answerObject('group/get', json));
    groupCache.set(group, info);
    return info;
  }

  function moneyOf(info: Mt5GroupCurrency): AccountMoney {
    return { ...info, exponent: CURRENCY_EXPONENTS[info.currency] ?? info.digits };
  }

  async function getUser(login: string): Promise<Mt5User> {
    const json = await withReadRetries(() => connection.call('user/get', { login }));
    const user = toMt5User('user/get', answerObject('user/get', json));
    if (user.login !== login) throw new PlatformProtocolError(`MT5 user/get: asked for ${login}, got ${user.login}`);
    return user;
  }

  async function accountMoney(login: string, user?: Mt5User): Promise<AccountMoney> {
    const cached = loginCache.get(login);
    if (cached) return cached;
    const u = user ?? (await getUser(login));
    const money = moneyOf(await groupCurrency(u.group));
    loginCache.set(login, money);
    return money;
  }

  async function toAccount(user: Mt5User): Promise<PlatformAccount> {
    const money = await accountMoney(user.login, user);
    return {
      login: user.login,
      group: user.group,
      currency: money.currency,
      leverage: user.leverage,
      name: user.name,
      email: user.email,
      reference: user.comment === '' ? undefined : user.comment,
      rights: platformRightsOf(user.rights),
      rightsRaw: user.rights.toString(),
      registeredAt: user.registration === undefined || user.registration === 0 ? undefined : new Date(user.registration * 1000),
    };
  }

  /** Deals of one login whose server time falls in [fromMs, toMs] (our clock), widened by the margin. */
  async function dealsBetween(login: string, fromMs: number, toMs: number, margin: number): Promise<Mt5Deal[]> {
    const from = Math.max(0, Math.floor(fromMs / 1000) + offsetSeconds - margin);
    const to = Math.ceil(toMs / 1000) + offsetSeconds + margin;
    const json = await connection.call('deal/get_batch', { login, from, to });
    return answerArray('deal/get_batch', json).map((d) => toMt5Deal('deal/get_batch', d));
  }

  /** Users of these logins (one user/get_batch per `batchSize`); the currency of each is cached on the way. */
  async function usersBatch(logins: readonly string[]): Promise<Mt5User[]> {
    const wanted = new Set(logins);
    const users: Mt5User[] = [];
    for (const chunk of chunks(logins, batchSize)) {
      const json = await withReadRetries(() => connection.call('user/get_batch', { login: chunk.join(',') }));
      for (const record of answerArray('user/get_batch', json)) {
        const user = toMt5User('user/get_batch', record);
        if (!wanted.has(user.login)) continue;
        await accountMoney(user.login, user);
        users.push(user);
      }
    }
    return users;
  }

  function balancesFromAccountRecord(command: string, a: Record<string, unknown>, money: AccountMoney): PlatformBalances {
    const e = money.exponent;
    const balanceMinor = readMoney(command, a, 'Balance', e);
    const creditMinor = readMoney(command, a, 'Credit', e);
    const floatingMinor = readMoney(command, a, a.Floating !== undefined ? 'Floating' : 'Profit', e);
    return {
      currency: money.currency,
      balanceMinor,
      creditMinor,
      equityMinor: a.Equity !== undefined ? readMoney(command, a, 'Equity', e) : balanceMinor + creditMinor + floatingMinor,
      marginMinor: readMoney(command, a, 'Margin', e),
      freeMarginMinor: readMoney(command, a, 'MarginFree', e),
      floatingMinor,
    };
  }

  /** An account without trade state (no positions/orders/activity since the server restart [doc]): no margin, no floating P/L. */
  function balancesFromUser(command: string, user: Mt5User, money: AccountMoney): PlatformBalances {
    const balanceMinor = readMoney(command, { Balance: user.balanceText }, 'Balance', money.exponent);
    const creditMinor = readMoney(command, { Credit: user.creditText }, 'Credit', money.exponent);
    return {
      currency: money.currency,
      balanceMinor,
      creditMinor,
      equityMinor: balanceMinor + creditMinor,
      marginMinor: 0n,
      freeMarginMinor: balanceMinor + creditMinor,
      floatingMinor: 0n,
    };
  }

  async function getBalances(login: string): Promise<PlatformBalances> {
    assertLogin(login);
    const money = await accountMoney(login);
    try {
      const json = await withReadRetries(() => connection.call('user/account/get', { login }));
      return balancesFromAccountRecord('user/account/get', answerObject('user/account/get', json), money);
    } catch (err) {
      if (!(err instanceof PlatformNotFoundError)) throw err;
      // No trade state for an idle account (no positions/orders/activity since the server restart) [doc]:
      // read the user record; without positions there is no margin and no floating P/L.
      return balancesFromUser('user/get', await getUser(login), money);
    }
  }

  function optionalMoney(command: string, value: unknown, field: string, exponent: number): bigint {
    return value === undefined || value === null || value === '' ? 0n : readMoney(command, { [field]: value }, field, exponent);
  }

  function dealTime(deal: Mt5Deal): Date {
    return new Date(deal.timeMsc !== undefined && deal.timeMsc > 0 ? deal.timeMsc - offsetSeconds * 1000 : (deal.time - offsetSeconds) * 1000);
  }

  // ---------------------------------------------------------------- the interface

  return {
    platform: 'mt5',

    stats: () => connection.stats(),

    async createAccount(input) {
      assertReference(input.reference);
      assertGroup(input.group);
      assertMt5Password(input.mainPassword, 'main');
      assertMt5Password(input.investorPassword, 'investor');
      if (!Number.isInteger(input.leverage) || input.leverage < 1 || input.leverage > 1000) {
        throw new PlatformInvalidRequestError(`leverage must be an integer 1..1000, got ${input.leverage}`);
      }
      if (input.name.trim() === '' || input.name.length > 127) throw new PlatformInvalidRequestError('name must be 1..127 characters');
      if (!/^[^\s@]+@[^\s@]+$/.test(input.email)) throw new PlatformInvalidRequestError('email is not an address');
      if (input.login !== undefined && !/^[1-9]\d{0,19}$/.test(input.login)) throw new PlatformInvalidRequestError('login must be a positive integer');
      const group = await groupCurrency(input.group);
      if (group.currency !== input.currency.toUpperCase()) {
        throw new PlatformInvalidRequestError(`group ${input.group} is in ${group.currency}, not ${input.currency.toUpperCase()}`);
      }
      const rights = applyPlatformRights(defaultRights, input.rights ?? 'full');
      const body: Record<string, string> = {
        PassMain: input.mainPassword,
        PassInvestor: input.investorPassword,
        Group: input.group,
        Name: input.name,
        Email: input.email,
        Leverage: String(input.leverage),
        Rights: rights.toString(),
        Comment: input.reference,
      };
      if (input.login !== undefined) body.Login = input.login;
      if (input.firstName !== undefined) body.FirstName = input.firstName;
      if (input.lastName !== undefined) body.LastName = input.lastName;
      if (input.country !== undefined) body.Country = input.country;

      const lookup = async (): Promise<string | undefined> => {
        const json = await connection.call('user/get_batch', { group: input.group });
        const users = answerArray('user/get_batch', json).map((u) => toMt5User('user/get_batch', u));
        const mine = users.filter((u) => u.group === input.group && u.comment === input.reference).sort((a, b) => compareDigits(a.login, b.login));
        const found = mine[0];
        if (!found) return undefined;
        if (input.login !== undefined && found.login !== input.login) {
          throw new PlatformConflictError(`reference ${input.reference} is already on account ${found.login}, not ${input.login}`);
        }
        return found.login;
      };

      let existedBefore = false;
      const send = async (): Promise<string> => {
        try {
          const json = await connection.call('user/add', { group: input.group, leverage: input.leverage }, { method: 'POST', body, mutating: true });
          const user = toMt5User('user/add', answerObject('user/add', json));
          loginCache.set(user.login, moneyOf(group));
          return user.login;
        } catch (err) {
          // A fixed login that exists already: ours from an unanswered attempt, or someone else's.
          if (input.login !== undefined && err instanceof TradingPlatformError && err.platformCode?.startsWith(`${MT5_RET.USR_LOGIN_EXIST} `)) {
            const existing = await getUser(input.login);
            if (existing.comment === input.reference) {
              existedBefore = true;
              return existing.login;
            }
            throw new PlatformConflictError(`login ${input.login} already exists for another reference`, err.platformCode, { cause: err });
          }
          throw err;
        }
      };

      const { value: login, found } = await exactlyOnce(`MT5 create account ${input.reference}`, send, lookup, input.previousAttemptAt !== undefined);
      return { login, alreadyExisted: found || existedBefore } satisfies CreatePlatformAccountResult;
    },

    async getAccount(login) {
      assertLogin(login);
      return toAccount(await getUser(login));
    },

    async setRights(login, rights: PlatformRights) {
      assertLogin(login);
      // Absolute (read, set the bits, write the whole mask), so a retry is harmless.
      for (let attempt = 1; ; attempt++) {
        try {
          const user = await getUser(login);
          const wanted = applyPlatformRights(user.rights, rights);
          if (wanted === user.rights) return await toAccount(user);
          const json = await connection.call('user/update', { login, rights: wanted.toString() }, { method: 'POST', mutating: true });
          const updated = toMt5User('user/update', answerObject('user/update', json));
          if (updated.rights !== wanted) {
            // MT5 silently ignores a value it does not accept [doc webapi_user_update].
            throw new PlatformInvalidRequestError(`MT5 user/update ignored the new rights for ${login}: sent ${wanted}, kept ${updated.rights}`);
          }
          return await toAccount(updated);
        } catch (err) {
          if (!(err instanceof TradingPlatformError) || !err.retryable || attempt >= maxAttempts) throw err;
          await sleep(retryDelayMs(attempt));
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
      if (magnitude > MAX_MONEY_MAJOR * 10n ** BigInt(money.exponent)) {
        throw new PlatformInvalidRequestError(`one balance operation is limited to ${MAX_MONEY_MAJOR} ${money.currency} on MT5 (4005)`);
      }
      let amountText: string;
      try {
        amountText = formatForPlatformDigits(input.amountMinor, money.exponent, money.digits);
      } catch (err) {
        throw new PlatformInvalidRequestError(`amount for ${input.login}: ${(err as Error).message}`, undefined, { cause: err });
      }
      const windowStartMs = input.previousAttemptAt?.getTime() ?? now();

      const lookup = async (): Promise<string | undefined> => {
        const deals = await dealsBetween(input.login, windowStartMs, now(), marginSeconds);
        const mine = deals
          .filter((d) => d.action === MT5_DEAL_ACTION_BALANCE && d.login === input.login && d.comment === input.reference)
          .sort((a, b) => compareDigits(a.deal, b.deal));
        const found = mine[0];
        if (!found) return undefined;
        const amount = readMoney('deal/get_batch', { Profit: found.profitText }, 'Profit', money.exponent);
        if (amount !== input.amountMinor) {
          throw new PlatformConflictError(
            `reference ${input.reference} is already used by deal ${found.deal} on ${input.login} for another amount (${amount} ≠ ${input.amountMinor} minor units)`,
          );
        }
        return found.deal;
      };

      const send = async (): Promise<string> => {
        const json = await connection.call(
          'trade/balance',
          { login: input.login, type: MT5_DEAL_ACTION_BALANCE, balance: amountText, comment: input.reference, check_margin: 1 },
          { method: 'POST', mutating: true },
        );
        const ticket = readInteger('trade/balance', answerObject('trade/balance', json), 'Ticket');
        if (ticket === undefined || ticket === '0') throw new PlatformProtocolError('MT5 trade/balance: no deal ticket in the answer', undefined, { outcomeUnknown: true });
        return ticket;
      };

      const { value: dealId, found } = await exactlyOnce(
        `MT5 balance operation ${input.reference} on ${input.login}`,
        send,
        lookup,
        input.previousAttemptAt !== undefined,
      );
      return { dealId, alreadyApplied: found };
    },

    getBalances,

    async getBalancesBatch(logins): Promise<Map<string, PlatformBalances>> {
      const unique = [...new Set(logins)];
      unique.forEach(assertLogin);
      const result = new Map<string, PlatformBalances>();
      for (const chunk of chunks(unique, batchSize)) {
        const users = await usersBatch(chunk);
        const known = users.map((u) => u.login);
        const traded = new Map<string, Record<string, unknown>>();
        if (!accountBatchUnsupported && known.length > 0) {
          try {
            const json = await withReadRetries(() => connection.call('user/account/get_batch', { login: known.join(',') }));
            for (const a of answerArray('user/account/get_batch', json)) traded.set(readInteger('user/account/get_batch', a, 'Login')!, a);
          } catch (err) {
            if (!(err instanceof PlatformInvalidRequestError)) throw err;
            accountBatchUnsupported = true; // a server without the batch command: one account/get per login from now on
          }
        }
        for (const user of users) {
          const money = await accountMoney(user.login, user);
          const record = traded.get(user.login);
          if (record) result.set(user.login, balancesFromAccountRecord('user/account/get_batch', record, money));
          else if (accountBatchUnsupported) result.set(user.login, await getBalances(user.login));
          else result.set(user.login, balancesFromUser('user/get_batch', user, money));
        }
      }
      return result;
    },

    async listDeals(logins, since, until): Promise<PlatformDeal[]> {
      const unique = [...new Set(logins)];
      unique.forEach(assertLogin);
      const unknown = unique.filter((l) => !loginCache.has(l));
      if (unknown.length > 0) await usersBatch(unknown);
      const fromMs = since.getTime();
      const toMs = until.getTime();
      const from = Math.max(0, Math.floor(fromMs / 1000) + offsetSeconds);
      const to = Math.ceil(toMs / 1000) + offsetSeconds;
      const deals: PlatformDeal[] = [];
      for (const chunk of chunks(unique.filter((l) => loginCache.has(l)), batchSize)) {
        const wanted = new Set(chunk);
        const json = await withReadRetries(() => connection.call('deal/get_batch', { login: chunk.join(','), from, to }));
        for (const record of answerArray('deal/get_batch', json)) {
          const d = toMt5Deal('deal/get_batch', record);
          if (!wanted.has(d.login)) continue;
          const time = dealTime(d);
          if (time.getTime() < fromMs || time.getTime() > toMs) continue;
          const money = loginCache.get(d.login)!;
          const e = money.exponent;
          const kind = dealKindOf(d.action);
          const profit = optionalMoney('deal/get_batch', d.profitText, 'Profit', e);
          const effect =
            kind === 'credit'
              ? 0n
              : kind === 'trade'
                ? profit + optionalMoney('deal/get_batch', d.storageText, 'Storage', e) + optionalMoney('deal/get_batch', d.commissionText, 'Commission', e) + optionalMoney('deal/get_batch', d.feeText, 'Fee', e)
                : profit;
          deals.push({
            dealId: d.deal, login: d.login, kind, platformType: String(d.action), balanceEffectMinor: effect, amountMinor: kind === 'trade' ? effect : profit,
            currency: money.currency, comment: d.comment, time,
          });
        }
      }
      return deals.sort((a, b) => a.time.getTime() - b.time.getTime() || compareDigits(a.dealId, b.dealId));
    },

    async listBalanceDeals(login, since, until): Promise<PlatformBalanceDeal[]> {
      assertLogin(login);
      const money = await accountMoney(login);
      const toMs = until?.getTime() ?? now();
      const deals = await withReadRetries(() => dealsBetween(login, since.getTime(), toMs, until === undefined ? marginSeconds : 0));
      return deals
        .filter((d) => d.action === MT5_DEAL_ACTION_BALANCE && d.login === login)
        .map((d) => ({
          dealId: d.deal,
          login: d.login,
          amountMinor: readMoney('deal/get_batch', { Profit: d.profitText }, 'Profit', money.exponent),
          currency: money.currency,
          comment: d.comment,
          time: dealTime(d),
        }))
        .filter((d) => d.time.getTime() >= since.getTime() && d.time.getTime() <= toMs)
        .sort((a, b) => a.time.getTime() - b.time.getTime() || compareDigits(a.dealId, b.dealId));
    },

    close: () => connection.close(),
  };
}

// ---------------------------------------------------------------- validation

function assertReference(reference: string): void {
  if (!PLATFORM_REFERENCE_PATTERN.test(reference)) {
    throw new PlatformInvalidRequestError(`reference "${reference}" must be 1–31 characters of A–Z a–z 0–9 _ . : - (it is stored in an MT5 comment)`);
  }
}

function assertLogin(login: string): void {
  if (!/^[1-9]\d{0,19}$/.test(login)) throw new PlatformInvalidRequestError(`login "${login}" is not an MT5 login`);
}

function assertGroup(group: string): void {
  if (!isUsableGroupName(group)) throw new PlatformInvalidRequestError(`group "${group}" is not a usable MT5 group name`);
}

/** MT5's rule [doc webapi_user_add]: 8–16 characters with a lower-case letter, an upper-case letter, a digit and a special character. */
export function assertMt5Password(password: string, which: string): void {
  const ok =
    password.length >= 8 && password.length <= 16 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password) && MT5_PASSWORD_SPECIAL.test(password);
  if (!ok) throw new PlatformInvalidRequestError(`the ${which} password must be 8–16 characters with lower case, upper case, a digit and a special character`);
}

/** EnDealAction → kind [doc webapi_deal_data_structure]: 0 buy, 1 sell, 2 balance, 3 credit, 4 charge, 5 correction, 6 bonus, 7–19 commissions, interest, dividends, tax, agent, 20 SO compensation credit. */
export function dealKindOf(action: number): PlatformDealKind {
  if (action === 0 || action === 1) return 'trade';
  if (action === MT5_DEAL_ACTION_BALANCE) return 'balance';
  if (action === 3 || action === 20) return 'credit';
  if (action >= 4 && action <= 6) return 'adjustment';
  return 'fee';
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function compareDigits(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
