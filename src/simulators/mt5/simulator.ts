/**
 * Loopback MT5 Web API simulator (PROTOCOLS.md §1, §9): the same endpoints and
 * login as an MT5 access server, over plain HTTP/1.1 (node:http), with the
 * session tied to the TCP connection, and faults on demand.
 *
 *   GET  /api/auth/start?version=&agent=&login=&type=manager → { retcode, version_access, srv_rand }
 *   GET  /api/auth/answer?srv_rand_answer=&cli_rand=          → { retcode, version_access, version_trade, cli_rand_answer }
 *        (≤ 10 s after start; a wrong answer is 1001 and the connection is closed)
 *   GET  /api/test/access, /api/quit
 *   GET|POST /api/user/add, /api/user/update, /api/user/get, /api/user/get_batch,
 *            /api/user/account/get, /api/user/account/get_batch, /api/group/get, /api/trade/balance,
 *            /api/deal/get_batch
 * Every command except auth/start and auth/answer needs a logged-in connection,
 * else HTTP 403 (as seen in the field [?]). Every answer is
 * `{ "retcode": "<n> <text>", "answer": … }` with every number as a string.
 * POST bodies are JSON whatever the Content-Type (the docs say
 * x-www-form-urlencoded, clients send application/json: both are accepted).
 * Manager permissions (ours, modelled on the MT5 manager rights [doc
 * webapi_preparing]): `accounts_read`, `accounts_edit` ("Modify accounts"),
 * `accountant` (balance operations), `groups_read`; plus group masks. A missing
 * right, a group outside the masks or a group that does not exist is retcode 8.
 *
 * ASSUMPTIONS [?] where the docs are silent: a wrong password or an unknown
 * manager is 1001 at auth/answer; an answer later than 10 s is 1001 too;
 * account/get on an idle account is 13; account/get_batch (login list or
 * group mask) leaves idle accounts out; user/update does not move accounts
 * between groups here.
 *
 * Manager-terminal controls (not over the Web API, as a dealer would work):
 * `manualOperation` (a balance, credit, charge, correction or bonus deal with
 * any comment), `deleteDeal`, `setDealAmount`, and `seedAccounts` to load
 * many accounts with their deal history at once (benchmarks).
 *
 * Faults (failNext / setRandomFaults), on commands only (never on the login):
 * a retcode without doing anything (8, 13, 10019…), an HTTP status, the
 * connection dropped before or after the operation is applied, an answer
 * delayed beyond the client's timeout (applied at once, or applied when the
 * delay ends even though the client has left), and an expired session (403).
 * `setSpoofedServer(true)` makes the server answer cli_rand_answer without
 * knowing the password, as an impostor would.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isMt5Rand, mt5AnswersEqual, mt5PasswordHash, mt5RandAnswer, newMt5Rand } from '../../integrations/platforms/mt5/mt5-auth';
import { MT5_RET, mt5Retcode } from '../../integrations/platforms/mt5/mt5-retcodes';
import { MT5_DEFAULT_NEW_ACCOUNT_RIGHTS } from '../../integrations/platforms/mt5/mt5-rights';
import { Mt5SimRetcode, SimBook, groupMatchesMasks, type Mt5SimGroup, type SimAccount, type SimDeal } from './sim-book';

export type Mt5SimManagerRight = 'accounts_read' | 'accounts_edit' | 'accountant' | 'groups_read';
export const MT5_SIM_ALL_RIGHTS: readonly Mt5SimManagerRight[] = ['accounts_read', 'accounts_edit', 'accountant', 'groups_read'];

export interface Mt5SimManager {
  login: string;
  password: string;
  /** Default: all. */
  rights?: readonly Mt5SimManagerRight[];
  /** Group masks the manager may touch; default ['*']. */
  groups?: readonly string[];
}

export interface Mt5SimulatorOptions {
  managers: readonly Mt5SimManager[];
  groups: readonly Mt5SimGroup[];
  /** First login allocated by user/add; default 500000. */
  firstLogin?: number;
  /** First deal ticket; default 100000. */
  firstDeal?: number;
  /** Simulator clock (ms since epoch, UTC); default Date.now. */
  now?: () => number;
  /** Trade server time minus UTC, seconds: deal times and from/to are in server time; default 0. */
  serverTimeOffsetSeconds?: number;
  /** Max time between auth/start and auth/answer; default 10 000 ms [doc]. */
  authAnswerWindowMs?: number;
  /** Idle keep-alive connections are closed after this; default 60 000 ms [? not documented]. */
  idleTimeoutMs?: number;
  host?: string;
  port?: number;
}

/** `command` is e.g. 'trade/balance'; without it a fault hits the next command of any kind. */
export type Mt5Fault =
  /** Answer this retcode and do nothing. */
  | { kind: 'retcode'; retcode: number; command?: string; count?: number }
  /** Answer this HTTP status (e.g. 500, 503) and do nothing. */
  | { kind: 'http_status'; status: number; command?: string; count?: number }
  /** Close the connection without doing anything (the request is lost). */
  | { kind: 'drop_before_apply'; command?: string; count?: number }
  /** Apply the command, then close the connection without answering. */
  | { kind: 'drop_after_apply'; command?: string; count?: number }
  /** Answer after `ms`: `apply: 'now'` applies at once; 'after_delay' applies when the delay ends, even if the client has gone. */
  | { kind: 'delay'; ms: number; apply: 'now' | 'after_delay'; command?: string; count?: number }
  /** The session expires just before this command: HTTP 403, nothing done. */
  | { kind: 'expire_session'; command?: string; count?: number };

/** Faults drawn at random (seeded, so a run can be replayed) for each command matching `command`. */
export interface Mt5RandomFaults {
  seed: number;
  /** Default 'trade/balance'. */
  command?: string;
  dropAfterApply?: number;
  dropBeforeApply?: number;
  /** Applied at once, answered after `ms` (beyond the client's timeout). */
  timeoutAfterApply?: { rate: number; ms: number };
  /** Applied when `ms` has passed, answered then. */
  timeoutBeforeApply?: { rate: number; ms: number };
  expireSession?: number;
  /** Transient retcode (default 9 "Operation timeout"), nothing done. */
  transientRetcode?: { rate: number; retcode?: number };
}

export interface Mt5SimAccountSnapshot {
  login: string;
  group: string;
  currency: string;
  name: string;
  email: string;
  comment: string;
  leverage: number;
  rights: bigint;
  balanceMinor: bigint;
  creditMinor: bigint;
  floatingMinor: bigint;
  equityMinor: bigint;
  marginMinor: bigint;
  freeMarginMinor: bigint;
  positions: { id: string; symbol: string; profitMinor: bigint; marginMinor: bigint }[];
  active: boolean;
}

export interface Mt5SimStats {
  connections: number;
  authentications: number;
  failedAuthentications: number;
  /** Commands received, by name (auth excluded), including those refused with 403. */
  commands: Record<string, number>;
  /** Commands refused with HTTP 403 (no session). */
  unauthenticated: number;
  /** Faults injected, by kind. */
  faults: Record<string, number>;
}

export interface Mt5Simulator {
  url: string;
  close(): Promise<void>;
  addGroup(group: Mt5SimGroup): void;
  addManager(manager: Mt5SimManager): void;
  account(login: string): Mt5SimAccountSnapshot | undefined;
  accounts(): Mt5SimAccountSnapshot[];
  /** Deals (all kinds), oldest first; optionally for one login. */
  deals(login?: string): SimDeal[];
  openPosition(login: string, position: { symbol?: string; profitMinor?: bigint; marginMinor: bigint }): string;
  setFloatingProfit(login: string, positionId: string, profitMinor: bigint): void;
  closePosition(login: string, positionId: string): SimDeal;
  /** A server restart: every session and connection is dropped, and idle accounts lose their trade state (account/get → 13). */
  restart(): void;
  /** A deal made at the manager terminal (type 2 balance by default; 3 credit, 4 charge, 5 correction, 6 bonus), any comment. */
  manualOperation(login: string, amountMinor: bigint, options?: { comment?: string; type?: number }): SimDeal;
  /** Deletes a deal at the manager terminal; its effect on the balance is undone. */
  deleteDeal(dealId: string): SimDeal;
  /** Corrects a deal's amount at the manager terminal; the balance moves by the difference. */
  setDealAmount(dealId: string, amountMinor: bigint): SimDeal;
  /** Loads accounts with their deal history (server times in seconds); each balance is the sum of its deals unless given. */
  seedAccounts(accounts: Iterable<Mt5SimSeedAccount>): void;
  /** Every session expires (connections stay open): the next command on each gets 403. */
  expireSessions(): void;
  failNext(fault: Mt5Fault): void;
  setRandomFaults(faults: Mt5RandomFaults | undefined): void;
  /** Answer cli_rand_answer without knowing the manager password (an impostor server). */
  setSpoofedServer(spoofed: boolean): void;
  stats(): Mt5SimStats;
  /** Resolves when delayed answers and applies have run. */
  settled(): Promise<void>;
}

export interface Mt5SimSeedAccount {
  login: string;
  group: string;
  name?: string;
  email?: string;
  /** The account's comment (Traderoom: our trading-account reference). */
  comment?: string;
  leverage?: number;
  /** Default: the sum of the balance-affecting deals. */
  balanceMinor?: bigint;
  deals?: readonly { action?: number; amountMinor: bigint; comment?: string; time?: number }[];
}

interface Session {
  stage: 'started' | 'authenticated';
  manager: Mt5SimManager;
  srvRand: string;
  startedAt: number;
}

type ResolvedFault =
  | { kind: 'retcode'; retcode: number }
  | { kind: 'http_status'; status: number }
  | { kind: 'drop_before_apply' }
  | { kind: 'drop_after_apply' }
  | { kind: 'delay'; ms: number; apply: 'now' | 'after_delay' }
  | { kind: 'expire_session' };

type QueuedFault = { fault: ResolvedFault; command: string | undefined; left: number };

class HttpStatus extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const MAX_BODY_BYTES = 1024 * 1024;
const VERSION_ACCESS = '5200';
const VERSION_TRADE = '5200';
const READ_COMMANDS = new Set(['user/get', 'user/get_batch', 'user/account/get', 'user/account/get_batch', 'deal/get_batch', 'group/get', 'test/access', 'quit']);

export async function startMt5Simulator(options: Mt5SimulatorOptions): Promise<Mt5Simulator> {
  const now = options.now ?? Date.now;
  const offsetMs = (options.serverTimeOffsetSeconds ?? 0) * 1000;
  const authWindowMs = options.authAnswerWindowMs ?? 10_000;
  const book = new SimBook(options.groups, options.firstLogin ?? 500_000, options.firstDeal ?? 100_000, () => now() + offsetMs);
  const managers = new Map<string, Mt5SimManager>();
  for (const m of options.managers) managers.set(m.login, m);
  const sessions = new Map<Socket, Session>();
  const sockets = new Set<Socket>();
  const queued: QueuedFault[] = [];
  const pending = new Set<Promise<void>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let random: { config: Mt5RandomFaults; next: () => number } | undefined;
  let spoofed = false;
  let closed = false;
  const stats: Mt5SimStats = { connections: 0, authentications: 0, failedAuthentications: 0, commands: {}, unauthenticated: 0, faults: {} };

  const server = http.createServer((req, res) => {
    const work = handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) sendStatus(res, err instanceof HttpStatus ? err.status : 500);
    });
    track(work);
  });
  server.keepAliveTimeout = options.idleTimeoutMs ?? 60_000;
  server.headersTimeout = server.keepAliveTimeout + 1000;
  server.requestTimeout = 0;
  server.on('connection', (socket: Socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      sessions.delete(socket);
    });
  });

  function track(p: Promise<void>): void {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  // ---------------------------------------------------------------- HTTP

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mt5.local');
    const body = await readBody(req);
    const socket = req.socket;
    if (!url.pathname.startsWith('/api/')) return sendStatus(res, 404);
    if (req.method !== 'GET' && req.method !== 'POST') return sendStatus(res, 405);
    const command = url.pathname.slice('/api/'.length).replace(/\/+$/, '');
    const q = url.searchParams;

    if (command === 'auth/start') return sendJson(res, authStart(socket, q));
    if (command === 'auth/answer') {
      const answer = authAnswer(socket, q);
      sendJson(res, answer, !answer.retcode.startsWith('0 '));
      return;
    }

    stats.commands[command] = (stats.commands[command] ?? 0) + 1;
    const session = sessions.get(socket);
    if (!session || session.stage !== 'authenticated') {
      stats.unauthenticated += 1;
      return sendStatus(res, 403);
    }
    // Faults are drawn only for logged-in commands, so a 403 never swallows one.
    const fault = takeFault(command);
    if (fault) stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + 1;
    if (fault?.kind === 'expire_session') {
      sessions.delete(socket);
      stats.unauthenticated += 1;
      return sendStatus(res, 403);
    }

    if (fault?.kind === 'http_status') return sendStatus(res, fault.status);
    if (fault?.kind === 'retcode') return sendJson(res, { retcode: mt5Retcode(fault.retcode) });
    if (fault?.kind === 'drop_before_apply') {
      socket.destroy();
      return;
    }
    if (fault?.kind === 'delay' && fault.apply === 'after_delay') await wait(fault.ms);

    const result = run(command, q, body, session.manager);
    if (command === 'quit') sessions.delete(socket);

    if (fault?.kind === 'drop_after_apply') {
      socket.destroy();
      return;
    }
    if (fault?.kind === 'delay' && fault.apply === 'now') await wait(fault.ms);
    if (socket.destroyed || res.destroyed) return;
    sendJson(res, result, command === 'quit');
  }

  function authStart(socket: Socket, q: URLSearchParams): Record<string, unknown> {
    sessions.delete(socket);
    const version = Number(q.get('version'));
    const agent = q.get('agent') ?? '';
    const login = q.get('login') ?? '';
    if (!Number.isInteger(version) || version < 484 || agent === '' || /\s/.test(agent) || q.get('type') !== 'manager' || !/^\d+$/.test(login)) {
      return { retcode: mt5Retcode(MT5_RET.ERR_PARAMS) };
    }
    // An unknown manager still gets a challenge: the refusal comes at auth/answer, so logins cannot be probed.
    const manager = managers.get(login) ?? { login, password: randomBytes(24).toString('hex'), rights: [], groups: [] };
    const srvRand = newMt5Rand();
    sessions.set(socket, { stage: 'started', manager, srvRand, startedAt: now() });
    return { retcode: mt5Retcode(MT5_RET.OK), version_access: VERSION_ACCESS, srv_rand: srvRand };
  }

  function authAnswer(socket: Socket, q: URLSearchParams): { retcode: string } & Record<string, unknown> {
    const session = sessions.get(socket);
    sessions.delete(socket);
    const srvRandAnswer = q.get('srv_rand_answer') ?? '';
    const cliRand = q.get('cli_rand') ?? '';
    const refuse = () => {
      stats.failedAuthentications += 1;
      return { retcode: mt5Retcode(MT5_RET.AUTH_ACCOUNT_INVALID) };
    };
    if (!session || session.stage !== 'started' || !isMt5Rand(cliRand)) return refuse();
    if (now() - session.startedAt > authWindowMs) return refuse();
    const hash = mt5PasswordHash(session.manager.password);
    if (!mt5AnswersEqual(mt5RandAnswer(hash, session.srvRand), srvRandAnswer)) return refuse();
    sessions.set(socket, { ...session, stage: 'authenticated' });
    stats.authentications += 1;
    const proofHash = spoofed ? mt5PasswordHash(randomBytes(12).toString('hex')) : hash;
    return { retcode: mt5Retcode(MT5_RET.OK), version_access: VERSION_ACCESS, version_trade: VERSION_TRADE, cli_rand_answer: mt5RandAnswer(proofHash, cliRand) };
  }

  // ---------------------------------------------------------------- commands

  function run(command: string, q: URLSearchParams, body: Record<string, unknown>, manager: Mt5SimManager): Record<string, unknown> {
    try {
      const answer = execute(command, q, body, manager);
      return answer === undefined ? { retcode: mt5Retcode(MT5_RET.OK) } : { retcode: mt5Retcode(MT5_RET.OK), answer };
    } catch (err) {
      if (err instanceof Mt5SimRetcode) return { retcode: mt5Retcode(err.retcode) };
      throw err;
    }
  }

  function need(manager: Mt5SimManager, right: Mt5SimManagerRight): void {
    if (!(manager.rights ?? MT5_SIM_ALL_RIGHTS).includes(right)) throw new Mt5SimRetcode(MT5_RET.ERR_PERMISSIONS);
  }

  function inMask(manager: Mt5SimManager, group: string): boolean {
    return groupMatchesMasks(group, manager.groups ?? ['*']);
  }

  function visibleAccount(manager: Mt5SimManager, login: string | null): SimAccount {
    if (login === null || !/^\d+$/.test(login)) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
    const a = book.accounts.get(login);
    if (!a) throw new Mt5SimRetcode(MT5_RET.ERR_NOTFOUND);
    if (!inMask(manager, a.group)) throw new Mt5SimRetcode(MT5_RET.ERR_PERMISSIONS);
    return a;
  }

  function execute(command: string, q: URLSearchParams, body: Record<string, unknown>, manager: Mt5SimManager): unknown {
    if (!READ_COMMANDS.has(command) && !['user/add', 'user/update', 'trade/balance'].includes(command)) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
    switch (command) {
      case 'test/access':
      case 'quit':
        return undefined;
      case 'group/get': {
        need(manager, 'groups_read');
        const g = book.group(q.get('group') ?? '');
        if (!g) throw new Mt5SimRetcode(MT5_RET.ERR_NOTFOUND);
        return book.groupRecord(g);
      }
      case 'user/get':
        need(manager, 'accounts_read');
        return book.userRecord(visibleAccount(manager, q.get('login')));
      case 'user/get_batch': {
        need(manager, 'accounts_read');
        const logins = q.get('login');
        const groups = q.get('group');
        if ((logins === null) === (groups === null)) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
        const list =
          logins !== null
            ? logins.split(',').flatMap((l) => (book.accounts.has(l.trim()) ? [book.accounts.get(l.trim())!] : []))
            : [...book.accounts.values()].filter((a) => groupMatchesMasks(a.group, [groups!]));
        return list.filter((a) => inMask(manager, a.group)).map((a) => book.userRecord(a));
      }
      case 'user/account/get': {
        need(manager, 'accounts_read');
        const a = visibleAccount(manager, q.get('login'));
        // Trade state exists only with positions/orders or activity since the server restart [doc].
        if (!a.active && a.positions.length === 0) throw new Mt5SimRetcode(MT5_RET.ERR_NOTFOUND);
        return book.accountRecord(a);
      }
      case 'user/account/get_batch': {
        need(manager, 'accounts_read');
        const logins = q.get('login');
        const groups = q.get('group');
        if ((logins === null) === (groups === null)) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
        const list =
          logins !== null
            ? logins.split(',').flatMap((l) => (book.accounts.has(l.trim()) ? [book.accounts.get(l.trim())!] : []))
            : [...book.accounts.values()].filter((a) => groupMatchesMasks(a.group, [groups!]));
        return list.filter((a) => inMask(manager, a.group) && (a.active || a.positions.length > 0)).map((a) => book.accountRecord(a));
      }
      case 'deal/get_batch': {
        need(manager, 'accounts_read');
        const from = Number(q.get('from'));
        const to = Number(q.get('to'));
        if (q.get('from') === null || q.get('to') === null || !Number.isInteger(from) || !Number.isInteger(to)) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
        const logins = new Set((q.get('login') ?? '').split(',').map((l) => l.trim()).filter(Boolean));
        const groups = q.get('group');
        if (logins.size === 0 && groups === null) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
        const candidates = logins.size > 0 ? [...logins].flatMap((l) => book.dealsByLogin.get(l) ?? []) : book.deals;
        return candidates
          .filter((d) => d.time >= from && d.time <= to)
          .filter((d) => {
            const a = book.accounts.get(d.login);
            if (!a || !inMask(manager, a.group)) return false;
            return logins.size > 0 || groupMatchesMasks(a.group, [groups!]);
          })
          .sort((a, b) => a.timeMsc - b.timeMsc || a.deal.length - b.deal.length || (a.deal < b.deal ? -1 : a.deal > b.deal ? 1 : 0))
          .map((d) => book.dealRecord(d));
      }
      case 'user/add':
        return book.userRecord(addUser(q, body, manager));
      case 'user/update':
        return book.userRecord(updateUser(q, body, manager));
      case 'trade/balance': {
        need(manager, 'accountant');
        const a = visibleAccount(manager, q.get('login'));
        const type = Number(q.get('type') ?? '');
        const checkMargin = (q.get('check_margin') ?? '1') !== '0';
        const deal = book.balance(a.login, Number.isInteger(type) ? type : -1, q.get('balance') ?? '', q.get('comment') ?? '', checkMargin);
        return { Ticket: deal.deal };
      }
    }
    throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
  }

  /** Body (PascalCase) wins over the query (lower case) [doc webapi_user_add]. */
  function field(q: URLSearchParams, body: Record<string, unknown>, bodyName: string, queryName: string): string | undefined {
    const b = body[bodyName];
    if (b !== undefined && b !== null) return typeof b === 'string' ? b : typeof b === 'number' ? String(b) : undefined;
    return q.get(queryName) ?? undefined;
  }

  function addUser(q: URLSearchParams, body: Record<string, unknown>, manager: Mt5SimManager): SimAccount {
    need(manager, 'accounts_edit');
    const groupName = field(q, body, 'Group', 'group') ?? '';
    const group = book.group(groupName);
    if (!group || !inMask(manager, groupName)) throw new Mt5SimRetcode(MT5_RET.ERR_PERMISSIONS);
    const name = field(q, body, 'Name', 'name') ?? '';
    const leverage = Number(field(q, body, 'Leverage', 'leverage') ?? '');
    // leverage 1..500 [doc webapi_user_add]
    if (name.trim() === '' || !Number.isInteger(leverage) || leverage < 1 || leverage > 500) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
    const passMain = field(q, body, 'PassMain', 'pass_main') ?? '';
    const passInvestor = field(q, body, 'PassInvestor', 'pass_investor') ?? '';
    if (!strongPassword(passMain, group.passwordMin) || !strongPassword(passInvestor, group.passwordMin)) throw new Mt5SimRetcode(MT5_RET.USR_INVALID_PASSWORD);
    const rightsText = field(q, body, 'Rights', 'rights');
    if (rightsText !== undefined && !/^\d{1,20}$/.test(rightsText)) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
    const fixed = field(q, body, 'Login', 'login');
    let login: string;
    if (fixed !== undefined && fixed !== '0') {
      if (!/^[1-9]\d{0,19}$/.test(fixed)) throw new Mt5SimRetcode(MT5_RET.ERR_PARAMS);
      if (book.accounts.has(fixed)) throw new Mt5SimRetcode(MT5_RET.USR_LOGIN_EXIST);
      login = fixed;
    } else {
      login = book.allocateLogin();
    }
    const account: SimAccount = {
      login,
      group: groupName,
      name: name.slice(0, 127),
      firstName: field(q, body, 'FirstName', 'first_name') ?? '',
      lastName: field(q, body, 'LastName', 'last_name') ?? '',
      email: field(q, body, 'Email', 'email') ?? '',
      country: field(q, body, 'Country', 'country') ?? '',
      comment: (field(q, body, 'Comment', 'comment') ?? '').slice(0, 63),
      leverage,
      rights: rightsText !== undefined ? BigInt(rightsText) : MT5_DEFAULT_NEW_ACCOUNT_RIGHTS,
      passMain,
      passInvestor,
      registration: Math.floor((now() + offsetMs) / 1000),
      balanceMinor: 0n,
      creditMinor: 0n,
      positions: [],
      active: false,
    };
    book.accounts.set(login, account);
    return account;
  }

  function updateUser(q: URLSearchParams, body: Record<string, unknown>, manager: Mt5SimManager): SimAccount {
    need(manager, 'accounts_edit');
    const a = visibleAccount(manager, q.get('login') ?? field(q, body, 'Login', 'login') ?? null);
    // An invalid value leaves the field unchanged, silently [doc webapi_user_update].
    const rights = field(q, body, 'Rights', 'rights');
    if (rights !== undefined && /^\d{1,20}$/.test(rights) && BigInt(rights) < 2n ** 64n) a.rights = BigInt(rights);
    const leverage = Number(field(q, body, 'Leverage', 'leverage') ?? 'x');
    if (Number.isInteger(leverage) && leverage >= 1 && leverage <= 500) a.leverage = leverage;
    const name = field(q, body, 'Name', 'name');
    if (name !== undefined && name.trim() !== '') a.name = name.slice(0, 127);
    const email = field(q, body, 'Email', 'email');
    if (email !== undefined) a.email = email;
    const comment = field(q, body, 'Comment', 'comment');
    if (comment !== undefined) a.comment = comment.slice(0, 63);
    return a;
  }

  // ---------------------------------------------------------------- faults

  function takeFault(command: string): ResolvedFault | undefined {
    const index = queued.findIndex((f) => f.command === undefined || f.command === command);
    if (index >= 0) {
      const q = queued[index]!;
      q.left -= 1;
      if (q.left <= 0) queued.splice(index, 1);
      return q.fault;
    }
    if (!random || (random.config.command ?? 'trade/balance') !== command) return undefined;
    const c = random.config;
    let r = random.next();
    const pick = (rate: number | undefined) => {
      if (rate === undefined || rate <= 0) return false;
      if (r < rate) return true;
      r -= rate;
      return false;
    };
    if (pick(c.dropAfterApply)) return { kind: 'drop_after_apply' };
    if (pick(c.dropBeforeApply)) return { kind: 'drop_before_apply' };
    if (c.timeoutAfterApply && pick(c.timeoutAfterApply.rate)) return { kind: 'delay', ms: c.timeoutAfterApply.ms, apply: 'now' };
    if (c.timeoutBeforeApply && pick(c.timeoutBeforeApply.rate)) return { kind: 'delay', ms: c.timeoutBeforeApply.ms, apply: 'after_delay' };
    if (pick(c.expireSession)) return { kind: 'expire_session' };
    if (c.transientRetcode && pick(c.transientRetcode.rate)) return { kind: 'retcode', retcode: c.transientRetcode.retcode ?? MT5_RET.ERR_TIMEOUT };
    return undefined;
  }

  // ---------------------------------------------------------------- start

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('MT5 simulator did not bind a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host}:${address.port}`;

  const snapshot = (a: SimAccount): Mt5SimAccountSnapshot => ({
    login: a.login,
    group: a.group,
    currency: book.group(a.group)?.currency ?? '',
    name: a.name,
    email: a.email,
    comment: a.comment,
    leverage: a.leverage,
    rights: a.rights,
    balanceMinor: a.balanceMinor,
    creditMinor: a.creditMinor,
    floatingMinor: book.floatingMinor(a),
    equityMinor: book.equityMinor(a),
    marginMinor: book.marginMinor(a),
    freeMarginMinor: book.freeMarginMinor(a),
    positions: a.positions.map((p) => ({ ...p })),
    active: a.active,
  });

  return {
    url: baseUrl,

    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },

    addGroup: (g) => book.addGroup(g),
    addManager: (m) => void managers.set(m.login, m),
    account: (login) => {
      const a = book.accounts.get(login);
      return a ? snapshot(a) : undefined;
    },
    accounts: () => [...book.accounts.values()].map(snapshot),
    deals: (login) => book.deals.filter((d) => login === undefined || d.login === login).map((d) => ({ ...d })),
    openPosition: (login, position) => book.openPosition(login, position),
    setFloatingProfit: (login, positionId, profitMinor) => book.setFloatingProfit(login, positionId, profitMinor),
    closePosition: (login, positionId) => ({ ...book.closePosition(login, positionId) }),

    manualOperation: (login, amountMinor, opts = {}) => ({ ...book.manualOperation(login, opts.type ?? 2, amountMinor, opts.comment ?? '') }),
    deleteDeal: (dealId) => ({ ...book.deleteDeal(dealId) }),
    setDealAmount: (dealId, amountMinor) => ({ ...book.setDealAmount(dealId, amountMinor) }),

    seedAccounts(accounts) {
      const registration = Math.floor((now() + offsetMs) / 1000);
      for (const a of accounts) {
        book.seedAccount(
          {
            login: a.login, group: a.group, name: a.name ?? `Seeded ${a.login}`, firstName: '', lastName: '', email: a.email ?? `${a.login}@example.test`, country: '',
            comment: (a.comment ?? '').slice(0, 63), leverage: a.leverage ?? 100, rights: MT5_DEFAULT_NEW_ACCOUNT_RIGHTS, passMain: 'Seeded#Pass1', passInvestor: 'Seeded#Pass2',
            registration, ...(a.balanceMinor !== undefined ? { balanceMinor: a.balanceMinor } : {}),
          },
          (a.deals ?? []).map((d) => ({ action: d.action ?? 2, amountMinor: d.amountMinor, comment: d.comment ?? '', time: d.time ?? registration })),
        );
      }
    },

    restart() {
      sessions.clear();
      for (const s of sockets) s.destroy();
      for (const a of book.accounts.values()) a.active = false;
    },

    expireSessions() {
      sessions.clear();
    },

    failNext(fault) {
      const count = fault.count ?? 1;
      if (count <= 0) return;
      const { command, ...rest } = fault;
      delete (rest as { count?: number }).count;
      queued.push({ fault: rest as ResolvedFault, command, left: count });
    },

    setRandomFaults(faults) {
      random = faults ? { config: { ...faults }, next: mulberry32(faults.seed) } : undefined;
    },

    setSpoofedServer(value) {
      spoofed = value;
    },

    stats: () => ({ ...stats, commands: { ...stats.commands }, faults: { ...stats.faults } }),

    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

// ---------------------------------------------------------------- helpers

function strongPassword(password: string, min: number): boolean {
  return password.length >= min && password.length <= 16 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password) && /[^A-Za-z0-9]/.test(password);
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpStatus(413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        const parsed: unknown = JSON.parse(text);
        resolve(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
  });
}

function sendJson(res: ServerResponse, payload: Record<string, unknown>, closeAfter = false): void {
  if (res.destroyed) return;
  const text = JSON.stringify(payload);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...(closeAfter ? { Connection: 'close' } : {}),
  });
  res.end(text);
}

function sendStatus(res: ServerResponse, status: number): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Length': '0' });
  res.end();
}

/** Small seeded PRNG (mulberry32): faults drawn from a seed can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
