/**
 * Loopback MT4 bridge simulator: the HTTP side of docs/mt4-bridge-protocol.md
 * over plain HTTP/1.1 (node:http, keep-alive), with the state in the MT5
 * simulator's SimBook (bridge-commands.ts), and faults on demand
 * (PROTOCOLS.md §9).
 *
 * Every request is checked as a real bridge must (§2.3): the signature
 * headers, the key id (up to two keys: rotation), the timestamp within the
 * tolerance of the simulator clock, the HMAC, and the nonce not seen before.
 * A refusal is an unsigned 401. Every other answer is signed with the
 * request's key (§2.4), unless `setSpoofedResponses(true)` makes it sign with
 * a key nobody holds (an impostor).
 *
 * Writes of one login (and account creation as a whole) are serialised, as
 * §4.6 asks of the bridge, so a resend that races a slow first attempt finds
 * it. `setDedupe(false)` turns off the bridge's idempotency by reference, to
 * test the adapter's own history search alone.
 *
 * What a dealer does at the MT4 Administrator, for the reconciliation tests:
 * `manualOperation` (an OP_BALANCE with any comment), `deleteDeal`,
 * `setDealAmount`.
 *
 * Faults (failNext / setRandomFaults), only on authenticated requests:
 * an MT4 return code (mapped per §6) with or without the operation applied,
 * a bare HTTP status as a proxy would send (unsigned), the connection dropped
 * before or after the operation is applied, an answer delayed beyond the
 * client's timeout (applied at once, or applied when the delay ends), and an
 * answer signed with the wrong key.
 */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { MT5_RIGHT } from '../../integrations/platforms/mt5/mt5-rights';
import { MT4_RET, bridgeErrorForMt4 } from '../../integrations/platforms/mt4-bridge/mt4-bridge-codes';
import {
  BRIDGE_MAX_KEYS,
  BRIDGE_NONCE_MEMORY_SECONDS,
  BRIDGE_TIMESTAMP_TOLERANCE_SECONDS,
  assertBridgeKey,
  checkBridgeRequest,
  signBridgeResponse,
  type BridgeKey,
} from '../../integrations/platforms/mt4-bridge/mt4-bridge-signing';
import { BRIDGE_MAX_DIGITS } from '../../integrations/platforms/mt4-bridge/mt4-bridge-wire';
import { SimBook, type Mt5SimGroup, type SimAccount, type SimDeal } from '../mt5/sim-book';
import { BridgeError, executeBridgeCommand, routeOf, type BridgeReply, type Mt4BridgeEndpoint } from './bridge-commands';

export type { Mt4BridgeEndpoint } from './bridge-commands';

/** A group as the bridge is configured: name (≤ 15), currency, digits 0–4 (default 2), password minimum (≥ 8). */
export type Mt4BridgeSimGroup = Mt5SimGroup;

export interface Mt4BridgeSimulatorOptions {
  /** The keys the bridge accepts (1–2). */
  keys: readonly BridgeKey[];
  groups: readonly Mt4BridgeSimGroup[];
  /** Masks of the groups the bridge's manager may touch; default ['*']. */
  allowedGroups?: readonly string[];
  /** First login allocated; default 500000. */
  firstLogin?: number;
  /** First ticket; default 100000. */
  firstDeal?: number;
  /** Simulator clock (ms since epoch, UTC); default Date.now. */
  now?: () => number;
  /** Timestamp tolerance; default 300 s. */
  toleranceSeconds?: number;
  /** Idempotency by reference on the bridge; default true. */
  dedupe?: boolean;
  /** How far back the bridge looks for a repeated reference; default 30 days. */
  dedupeLookbackSeconds?: number;
  /** History answers above this are 422 too_many_results; default 10 000. */
  maxOperationsPerAnswer?: number;
  host?: string;
  port?: number;
}

type FaultTarget = { endpoint?: Mt4BridgeEndpoint; count?: number };

/** Without `endpoint`, a fault hits the next authenticated request of any kind. */
export type Mt4BridgeFault =
  /** Answer the bridge error for this MT4 return code (§6); `applied: true` runs the operation first (e.g. 128 after the deal went through). */
  | ({ kind: 'mt4_error'; mt4Code: number; applied?: boolean } & FaultTarget)
  /** A bare, unsigned HTTP status, as a proxy in front of the bridge would answer; nothing done. */
  | ({ kind: 'http_status'; status: number } & FaultTarget)
  /** Close the connection without doing anything. */
  | ({ kind: 'drop_before_apply' } & FaultTarget)
  /** Apply, then close the connection without answering. */
  | ({ kind: 'drop_after_apply' } & FaultTarget)
  /** Answer after `ms`: 'now' applies at once; 'after_delay' applies when the delay ends (holding the login's lock), even if the client has gone. */
  | ({ kind: 'delay'; ms: number; apply: 'now' | 'after_delay' } & FaultTarget)
  /** Apply, then sign the answer with a key the client does not hold. */
  | ({ kind: 'bad_response_signature' } & FaultTarget);

/** Faults drawn at random (seeded, replayable) for each request to `endpoint`. */
export interface Mt4BridgeRandomFaults {
  seed: number;
  /** Default 'balance.apply'. */
  endpoint?: Mt4BridgeEndpoint;
  dropAfterApply?: number;
  dropBeforeApply?: number;
  /** Applied at once, answered after `ms`. */
  timeoutAfterApply?: { rate: number; ms: number };
  /** Applied when `ms` has passed, answered then. */
  timeoutBeforeApply?: { rate: number; ms: number };
  /** Applied, answered 504 mt4_timeout (MT4 128). */
  mt4TimeoutAfterApply?: number;
  /** Not applied, answered 503 mt4_unavailable (MT4 6). */
  mt4Unavailable?: number;
}

export interface Mt4BridgeSimAccountSnapshot {
  login: string;
  group: string;
  currency: string;
  name: string;
  email: string;
  country: string;
  comment: string;
  leverage: number;
  enable: boolean;
  enableReadOnly: boolean;
  balanceMinor: bigint;
  creditMinor: bigint;
  floatingMinor: bigint;
  equityMinor: bigint;
  marginMinor: bigint;
  freeMarginMinor: bigint;
}

export interface Mt4BridgeSimStats {
  connections: number;
  /** Authenticated requests, by endpoint. */
  requests: Record<string, number>;
  /** Requests refused with 401, by code. */
  refused: Record<string, number>;
  /** Faults injected, by kind ("mt4_error:<code>[:applied]" for MT4 codes). */
  faults: Record<string, number>;
  /** Repeated references answered with the existing account or operation. */
  deduplicated: number;
}

export interface Mt4BridgeSimulator {
  url: string;
  close(): Promise<void>;
  addGroup(group: Mt4BridgeSimGroup): void;
  /** Replace the accepted keys (1–2): rotation. */
  setKeys(keys: readonly BridgeKey[]): void;
  setDedupe(on: boolean): void;
  setSpoofedResponses(on: boolean): void;
  account(login: string): Mt4BridgeSimAccountSnapshot | undefined;
  accounts(): Mt4BridgeSimAccountSnapshot[];
  /** Deals of the book (balance operations are action 2), oldest first; optionally for one login. */
  deals(login?: string): SimDeal[];
  openPosition(login: string, position: { symbol?: string; profitMinor?: bigint; marginMinor: bigint }): string;
  setFloatingProfit(login: string, positionId: string, profitMinor: bigint): void;
  closePosition(login: string, positionId: string): SimDeal;
  /** An OP_BALANCE record made at the MT4 Administrator (not through the bridge), with any comment: no margin check. */
  manualOperation(login: string, amountMinor: bigint, comment?: string): SimDeal;
  /** A record deleted at the MT4 Administrator, its effect on the balance undone with it. */
  deleteDeal(ticket: string): SimDeal;
  /** A record's amount corrected at the MT4 Administrator; the balance moves by the difference. */
  setDealAmount(ticket: string, amountMinor: bigint): SimDeal;
  failNext(fault: Mt4BridgeFault): void;
  setRandomFaults(faults: Mt4BridgeRandomFaults | undefined): void;
  stats(): Mt4BridgeSimStats;
  /** Resolves when delayed answers and applies have run. */
  settled(): Promise<void>;
}

type ResolvedFault =
  | { kind: 'mt4_error'; mt4Code: number; applied: boolean }
  | { kind: 'http_status'; status: number }
  | { kind: 'drop_before_apply' }
  | { kind: 'drop_after_apply' }
  | { kind: 'delay'; ms: number; apply: 'now' | 'after_delay' }
  | { kind: 'bad_response_signature' };

const MAX_BODY_BYTES = 64 * 1024;
const WRITES = new Set<Mt4BridgeEndpoint>(['account.create', 'account.rights', 'balance.apply']);

export async function startMt4BridgeSimulator(options: Mt4BridgeSimulatorOptions): Promise<Mt4BridgeSimulator> {
  const now = options.now ?? Date.now;
  const nowSeconds = () => Math.floor(now() / 1000);
  const tolerance = options.toleranceSeconds ?? BRIDGE_TIMESTAMP_TOLERANCE_SECONDS;
  for (const g of options.groups) assertGroup(g);
  const book = new SimBook(options.groups, options.firstLogin ?? 500_000, options.firstDeal ?? 100_000, now);
  let keys = checkedKeys(options.keys);
  let dedupe = options.dedupe ?? true;
  let spoofed = false;
  let closed = false;
  const nonces = new Map<string, number>();
  const locks = new Map<string, Promise<void>>();
  const sockets = new Set<Socket>();
  const queued: { fault: ResolvedFault; endpoint: Mt4BridgeEndpoint | undefined; left: number }[] = [];
  const pending = new Set<Promise<void>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let random: { config: Mt4BridgeRandomFaults; next: () => number } | undefined;
  const stats: Mt4BridgeSimStats = { connections: 0, requests: {}, refused: {}, faults: {}, deduplicated: 0 };
  const ctx = {
    book,
    allowedGroups: options.allowedGroups ?? ['*'],
    get dedupe() {
      return dedupe;
    },
    dedupeLookbackSeconds: options.dedupeLookbackSeconds ?? 30 * 86_400,
    maxOperationsPerAnswer: options.maxOperationsPerAnswer ?? 10_000,
    nowSeconds,
    onDeduplicated: () => void (stats.deduplicated += 1),
  };

  const server = http.createServer((req, res) => {
    const work = handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) sendBare(res, 500);
    });
    pending.add(work);
    void work.finally(() => pending.delete(work));
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  server.requestTimeout = 0;
  server.on('connection', (socket: Socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  /** One writer at a time per key (a login, or 'create'). */
  async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    locks.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (locks.get(key) === tail) locks.delete(key);
    }
  }

  function rememberNonce(nonce: string): boolean {
    const t = nowSeconds();
    if (nonces.size > 20_000) for (const [n, expiry] of nonces) if (expiry < t) nonces.delete(n);
    const expiry = nonces.get(nonce);
    if (expiry !== undefined && expiry >= t) return false;
    nonces.set(nonce, t + BRIDGE_NONCE_MEMORY_SECONDS);
    return true;
  }

  // ---------------------------------------------------------------- HTTP

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (raw === undefined) {
      // Over the limit: answered before authentication, so unsigned (§6).
      sendJson(res, 413, { error: { code: 'body_too_large', message: `bodies are limited to ${MAX_BODY_BYTES} bytes` } });
      return;
    }
    const target = req.url ?? '/';
    const method = req.method ?? 'GET';
    const auth = checkBridgeRequest(keys, { method, target, headers: req.headers, body: raw }, nowSeconds(), rememberNonce, tolerance);
    if (!auth.ok) {
      stats.refused[auth.code] = (stats.refused[auth.code] ?? 0) + 1;
      sendJson(res, 401, { error: { code: auth.code, message: auth.message, ...(auth.code === 'stale_timestamp' ? { server_time: nowSeconds() } : {}) } });
      return;
    }
    const reply = (r: BridgeReply, signWith = auth.key.secret) => {
      const text = JSON.stringify(r.body);
      sendText(res, r.status, text, {
        'X-Bridge-Key-Id': auth.key.id,
        'X-Bridge-Signature': signBridgeResponse(spoofed ? randomBytes(24).toString('hex') : signWith, r.status, auth.signature, text),
        ...(r.status === 429 ? { 'Retry-After': '1' } : {}),
      });
    };

    const url = new URL(target, 'http://bridge.local');
    const route = routeOf(method, url.pathname);
    if (!route) return reply(errorReply(new BridgeError('unknown_endpoint', `${method} ${url.pathname} is not part of protocol v1`)));
    stats.requests[route.endpoint] = (stats.requests[route.endpoint] ?? 0) + 1;

    let body: Record<string, unknown> | undefined;
    if (raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return reply(errorReply(new BridgeError('invalid_request', 'the body is not a JSON object')));
      }
    }

    const fault = takeFault(route.endpoint);
    if (fault) {
      // mt4_error faults are counted per code and whether applied, e.g. "mt4_error:128:applied".
      const name = fault.kind === 'mt4_error' ? `mt4_error:${fault.mt4Code}${fault.applied ? ':applied' : ''}` : fault.kind;
      stats.faults[name] = (stats.faults[name] ?? 0) + 1;
    }
    const socket = req.socket;
    if (fault?.kind === 'http_status') return sendBare(res, fault.status);
    if (fault?.kind === 'drop_before_apply') {
      socket.destroy();
      return;
    }
    if (fault?.kind === 'mt4_error' && !fault.applied) return reply(mt4ErrorReply(fault.mt4Code));

    const run = () => {
      try {
        return executeBridgeCommand(ctx, route, url.searchParams, body);
      } catch (err) {
        if (err instanceof BridgeError) return errorReply(err);
        throw err;
      }
    };
    const lockKey = route.endpoint === 'account.create' ? 'create' : `login:${route.login ?? ''}`;
    const result = await (WRITES.has(route.endpoint) ? withLock(lockKey, apply) : apply());

    async function apply(): Promise<BridgeReply> {
      if (fault?.kind === 'delay' && fault.apply === 'after_delay') await wait(fault.ms);
      return run();
    }

    if (fault?.kind === 'drop_after_apply') {
      socket.destroy();
      return;
    }
    if (fault?.kind === 'delay' && fault.apply === 'now') await wait(fault.ms);
    if (socket.destroyed || res.destroyed) return;
    if (fault?.kind === 'mt4_error') return reply(mt4ErrorReply(fault.mt4Code));
    if (fault?.kind === 'bad_response_signature') return reply(result, randomBytes(24).toString('hex'));
    reply(result);
  }

  function takeFault(endpoint: Mt4BridgeEndpoint): ResolvedFault | undefined {
    const index = queued.findIndex((f) => f.endpoint === undefined || f.endpoint === endpoint);
    if (index >= 0) {
      const q = queued[index]!;
      q.left -= 1;
      if (q.left <= 0) queued.splice(index, 1);
      return q.fault;
    }
    if (!random || (random.config.endpoint ?? 'balance.apply') !== endpoint) return undefined;
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
    if (pick(c.mt4TimeoutAfterApply)) return { kind: 'mt4_error', mt4Code: MT4_RET.TRADE_TIMEOUT, applied: true };
    if (pick(c.mt4Unavailable)) return { kind: 'mt4_error', mt4Code: MT4_RET.NO_CONNECT, applied: false };
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
  if (!address || typeof address === 'string') throw new Error('MT4 bridge simulator did not bind a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const snapshot = (a: SimAccount): Mt4BridgeSimAccountSnapshot => ({
    login: a.login,
    group: a.group,
    currency: book.group(a.group)?.currency ?? '',
    name: a.name,
    email: a.email,
    country: a.country,
    comment: a.comment,
    leverage: a.leverage,
    enable: (a.rights & MT5_RIGHT.ENABLED) !== 0n,
    enableReadOnly: (a.rights & MT5_RIGHT.TRADE_DISABLED) !== 0n,
    balanceMinor: a.balanceMinor,
    creditMinor: a.creditMinor,
    floatingMinor: book.floatingMinor(a),
    equityMinor: book.equityMinor(a),
    marginMinor: book.marginMinor(a),
    freeMarginMinor: book.freeMarginMinor(a),
  });

  return {
    url: `http://${host}:${address.port}`,

    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },

    addGroup(g) {
      assertGroup(g);
      book.addGroup(g);
    },
    setKeys(next) {
      keys = checkedKeys(next);
    },
    setDedupe(on) {
      dedupe = on;
    },
    setSpoofedResponses(on) {
      spoofed = on;
    },
    account: (login) => {
      const a = book.accounts.get(login);
      return a ? snapshot(a) : undefined;
    },
    accounts: () => [...book.accounts.values()].map(snapshot),
    deals: (login) => book.deals.filter((d) => login === undefined || d.login === login).map((d) => ({ ...d })),
    openPosition: (login, position) => book.openPosition(login, position),
    setFloatingProfit: (login, positionId, profitMinor) => book.setFloatingProfit(login, positionId, profitMinor),
    closePosition: (login, positionId) => ({ ...book.closePosition(login, positionId) }),
    manualOperation: (login, amountMinor, comment = '') => ({ ...book.manualOperation(login, 2, amountMinor, comment) }),
    deleteDeal: (ticket) => ({ ...book.deleteDeal(ticket) }),
    setDealAmount: (ticket, amountMinor) => ({ ...book.setDealAmount(ticket, amountMinor) }),

    failNext(fault) {
      const count = fault.count ?? 1;
      if (count <= 0) return;
      const resolved: ResolvedFault =
        fault.kind === 'mt4_error'
          ? { kind: 'mt4_error', mt4Code: fault.mt4Code, applied: fault.applied ?? false }
          : fault.kind === 'http_status'
            ? { kind: 'http_status', status: fault.status }
            : fault.kind === 'delay'
              ? { kind: 'delay', ms: fault.ms, apply: fault.apply }
              : { kind: fault.kind };
      queued.push({ fault: resolved, endpoint: fault.endpoint, left: count });
    },

    setRandomFaults(faults) {
      random = faults ? { config: { ...faults }, next: mulberry32(faults.seed) } : undefined;
    },

    stats: () => ({ ...stats, requests: { ...stats.requests }, refused: { ...stats.refused }, faults: { ...stats.faults } }),

    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

// ---------------------------------------------------------------- helpers

function checkedKeys(keys: readonly BridgeKey[]): BridgeKey[] {
  if (keys.length < 1 || keys.length > BRIDGE_MAX_KEYS) throw new RangeError(`the bridge accepts 1..${BRIDGE_MAX_KEYS} keys`);
  for (const k of keys) assertBridgeKey(k);
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new RangeError('bridge key ids must differ');
  return keys.map((k) => ({ ...k }));
}

function assertGroup(g: Mt4BridgeSimGroup): void {
  if (g.name.length < 1 || g.name.length > 15) throw new RangeError(`MT4 group ${g.name}: 1–15 characters (group[16])`);
  const digits = g.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > BRIDGE_MAX_DIGITS) throw new RangeError(`MT4 group ${g.name}: digits must be 0..${BRIDGE_MAX_DIGITS}`);
}

function errorReply(err: BridgeError): BridgeReply {
  return { status: err.status, body: { error: { code: err.code, message: err.message, ...(err.mt4Code !== undefined ? { mt4_code: err.mt4Code } : {}) } } };
}

function mt4ErrorReply(mt4Code: number): BridgeReply {
  const { status, code } = bridgeErrorForMt4(mt4Code);
  return { status, body: { error: { code, message: `MT4 returned ${mt4Code} (injected)`, mt4_code: mt4Code } } };
}

/** The body bytes, or undefined when over the limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
  });
}

function sendJson(res: ServerResponse, status: number, payload: Record<string, unknown>): void {
  sendText(res, status, JSON.stringify(payload));
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendBare(res: ServerResponse, status: number): void {
  if (res.destroyed) return;
  const text = `HTTP ${status} from the proxy`;
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
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
