/**
 * One MT5 Web API session for one manager login: ONE keep-alive HTTP(S)
 * connection (node:http(s) Agent, keepAlive, maxSockets 1), the
 * challenge-response login on it, and every command sent over it one at a
 * time.
 *
 * From the docs / PROTOCOLS.md §1 [doc]:
 * - `GET /api/auth/start?version=&agent=&login=&type=manager` → srv_rand;
 *   `GET /api/auth/answer?srv_rand_answer=&cli_rand=` → cli_rand_answer, which we
 *   check (server authentication) before sending anything else. Start and answer
 *   must be ≤ 10 s apart.
 * - "All commands should be passed in the same session": the session is the
 *   connection, so we keep one socket (the official Node sample uses
 *   `https.Agent` with `maxSockets: 1`).
 * - Every answer is JSON `{ "retcode": "<n> <text>", "answer": … }`.
 * - `GET /api/test/access` keeps the session alive, `GET /api/quit` ends it
 *   [code: public clients; the ~20 s ping interval is theirs].
 * ASSUMPTIONS [?]:
 * - An expired or missing session answers HTTP 403 (seen in the field, not
 *   documented); a command refused with 403 was NOT executed, so it is sent
 *   again once after a fresh login. A closed socket also means a lost session.
 * - A failed auth/answer gets a non-zero retcode (the simulator uses 1001).
 * - The idle timeout is unknown; we ping every `pingIntervalMs` (20 s) when idle.
 *
 * Only the password hash is kept in memory, not the password.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import {
  PlatformAuthError,
  PlatformProtocolError,
  PlatformServerAuthError,
  PlatformTimeoutError,
  PlatformUnavailableError,
  type TradingPlatformError,
} from '../platform-errors';
import { isMt5Rand, mt5AnswersEqual, mt5PasswordHash, mt5RandAnswer, newMt5Rand } from './mt5-auth';
import { MT5_RET, mt5Error, parseMt5Retcode } from './mt5-retcodes';

export interface Mt5ConnectionOptions {
  /** https://mt5-access-server:443, or the loopback simulator's http:// url. */
  baseUrl: string;
  /** Manager login (digits). */
  login: string;
  /** The manager's API password. */
  password: string;
  /** Web agent name: non-empty, no spaces; default "Traderoom". */
  agent?: string;
  /** Client version reported to the access server, ≥ 484; default 4000. */
  version?: number;
  /** Per-request timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** Ping (`/api/test/access`) when idle this long; default 20 000 ms; 0 turns it off. */
  pingIntervalMs?: number;
  /** TLS settings for https (e.g. a private CA). */
  tls?: { ca?: string | Buffer; rejectUnauthorized?: boolean; servername?: string };
  /** Largest answer accepted; default 32 MiB (deal and user batches can be big). */
  maxResponseBytes?: number;
}

export interface Mt5CallInit {
  method?: 'GET' | 'POST';
  /** JSON body (POST). */
  body?: unknown;
  /** The command changes state: a lost answer leaves its outcome unknown. */
  mutating?: boolean;
}

export interface Mt5ConnectionStats {
  /** TCP connections opened so far. */
  connections: number;
  /** Successful logins (the first one included). */
  authentications: number;
  /** Commands answered 403 and sent again after a fresh login. */
  reauthentications: number;
  /** Command requests sent (auth, ping and quit not counted). */
  commands: number;
}

interface RawExchange {
  status: number;
  text: string;
  socket: Socket;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_PING_MS = 20_000;
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const USER_AGENT = 'Traderoom MT5 Web API client';

export class Mt5Connection {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly passwordHash: Buffer;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly agentName: string;
  private readonly version: number;
  private readonly login: string;
  private authedSocket: Socket | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private lastUsedAt = Date.now();
  private readonly pingTimer: ReturnType<typeof setInterval> | undefined;
  private readonly seenSockets = new WeakSet<Socket>();
  private readonly counters: Mt5ConnectionStats = { connections: 0, authentications: 0, reauthentications: 0, commands: 0 };

  constructor(options: Mt5ConnectionOptions) {
    this.url = new URL(options.baseUrl);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') throw new RangeError('MT5 baseUrl must be http(s)');
    if (!/^\d{1,20}$/.test(options.login)) throw new RangeError('MT5 manager login must be digits');
    if (options.password.length === 0) throw new RangeError('MT5 manager password is empty');
    this.agentName = options.agent ?? 'Traderoom';
    if (!/^\S{1,64}$/.test(this.agentName)) throw new RangeError('MT5 agent name must be non-empty without spaces');
    this.version = options.version ?? 4000;
    if (!Number.isInteger(this.version) || this.version < 484) throw new RangeError('MT5 client version must be an integer ≥ 484');
    this.login = options.login;
    this.passwordHash = mt5PasswordHash(options.password);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const agentOptions = { keepAlive: true, maxSockets: 1, maxFreeSockets: 1, maxTotalSockets: 1, scheduling: 'lifo' as const };
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({ ...agentOptions, ca: options.tls?.ca, rejectUnauthorized: options.tls?.rejectUnauthorized ?? true, servername: options.tls?.servername })
        : new http.Agent(agentOptions);
    const pingMs = options.pingIntervalMs ?? DEFAULT_PING_MS;
    if (pingMs > 0) {
      this.pingTimer = setInterval(() => this.pingIfIdle(pingMs), Math.max(50, Math.floor(pingMs / 2)));
      this.pingTimer.unref();
    }
  }

  stats(): Mt5ConnectionStats {
    return { ...this.counters };
  }

  /**
   * Sends one command (`user/get`, `trade/balance`…) with the session, logging in
   * first when needed and once more after a 403. Resolves with the whole JSON
   * answer when retcode is 0; otherwise throws the mapped TradingPlatformError.
   */
  call(command: string, params: Record<string, string | number | undefined>, init: Mt5CallInit = {}): Promise<Record<string, unknown>> {
    return this.serial(async () => {
      this.assertOpen();
      const path = `/api/${command}${queryString(params)}`;
      const method = init.method ?? 'GET';
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      for (let attempt = 0; ; attempt++) {
        if (!this.sessionAlive()) await this.authenticate();
        this.counters.commands += 1;
        const res = await this.exchange(method, path, body, init.mutating === true);
        if (res.status === 403) {
          // Session expired or the connection was replaced: not executed. Log in again, send once more.
          this.dropSession();
          if (attempt >= 1) throw new PlatformAuthError(`MT5 ${command}: still refused (HTTP 403) right after a fresh login`);
          this.counters.reauthentications += 1;
          continue;
        }
        const json = this.parseAnswer(command, res, init.mutating === true);
        const retcode = parseMt5Retcode(json.retcode)!;
        if (retcode.code !== MT5_RET.OK) throw mt5Error(command, retcode, paramsContext(params), { mutating: init.mutating });
        return json;
      }
    });
  }

  /** Ends the session (`/api/quit`, best effort) and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    await this.serial(async () => {
      if (!this.sessionAlive()) return;
      try {
        await this.exchange('GET', '/api/quit', undefined, false, Math.min(this.timeoutMs, 1000));
      } catch {
        // ending anyway
      }
    }).catch(() => undefined);
    this.dropSession();
    this.agent.destroy();
  }

  // ------------------------------------------------------------ internals

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new PlatformUnavailableError('MT5 connection is closed');
  }

  private sessionAlive(): boolean {
    return this.authedSocket !== undefined && !this.authedSocket.destroyed;
  }

  private dropSession(): void {
    this.authedSocket = undefined;
  }

  private async authenticate(): Promise<void> {
    this.dropSession();
    const start = await this.exchange(
      'GET',
      `/api/auth/start${queryString({ version: this.version, agent: this.agentName, login: this.login, type: 'manager' })}`,
      undefined,
      false,
    );
    const startJson = this.parseAnswer('auth/start', start, false);
    const startCode = parseMt5Retcode(startJson.retcode)!;
    if (startCode.code !== MT5_RET.OK) throw authFailure('auth/start', startCode);
    const srvRand = startJson.srv_rand;
    if (!isMt5Rand(srvRand)) throw new PlatformProtocolError('MT5 auth/start: srv_rand is not 16 bytes of hex');

    const cliRand = newMt5Rand();
    const answer = await this.exchange(
      'GET',
      `/api/auth/answer${queryString({ srv_rand_answer: mt5RandAnswer(this.passwordHash, srvRand), cli_rand: cliRand })}`,
      undefined,
      false,
    );
    if (answer.socket !== start.socket) {
      answer.socket.destroy();
      throw new PlatformUnavailableError('MT5 login: the connection was replaced during the handshake');
    }
    const answerJson = this.parseAnswer('auth/answer', answer, false);
    const answerCode = parseMt5Retcode(answerJson.retcode)!;
    if (answerCode.code !== MT5_RET.OK) throw authFailure('auth/answer', answerCode);
    const cliRandAnswer = answerJson.cli_rand_answer;
    if (typeof cliRandAnswer !== 'string' || !mt5AnswersEqual(mt5RandAnswer(this.passwordHash, cliRand), cliRandAnswer)) {
      // The server does not know our password: it may be an impostor. Send it nothing more.
      answer.socket.destroy();
      throw new PlatformServerAuthError(
        'MT5 login: the server failed to prove it knows the manager password (cli_rand_answer mismatch); refusing to talk to it',
      );
    }
    const socket = answer.socket;
    this.authedSocket = socket;
    socket.once('close', () => {
      if (this.authedSocket === socket) this.authedSocket = undefined;
    });
    this.counters.authentications += 1;
  }

  private pingIfIdle(pingMs: number): void {
    if (this.closed || !this.sessionAlive() || Date.now() - this.lastUsedAt < pingMs) return;
    this.lastUsedAt = Date.now();
    void this.serial(async () => {
      if (this.closed || !this.sessionAlive()) return;
      try {
        const res = await this.exchange('GET', '/api/test/access', undefined, false);
        if (res.status === 403) this.dropSession();
      } catch {
        this.dropSession();
      }
    });
  }

  /** One HTTP exchange on the agent's single socket. */
  private exchange(method: 'GET' | 'POST', path: string, body: string | undefined, mutating: boolean, timeoutMs = this.timeoutMs): Promise<RawExchange> {
    this.lastUsedAt = Date.now();
    const transport = this.url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT, Connection: 'keep-alive' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const command = path.split('?')[0]!;
    return new Promise<RawExchange>((resolve, reject) => {
      let sent = false;
      let socket: Socket | undefined;
      let settled = false;
      const fail = (err: TradingPlatformError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      };
      const req = transport.request(
        { protocol: this.url.protocol, hostname: this.url.hostname, port: this.url.port || undefined, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxResponseBytes) {
              req.destroy();
              fail(new PlatformProtocolError(`MT5 ${command}: answer larger than ${this.maxResponseBytes} bytes`, undefined, { outcomeUnknown: mutating }));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), socket: socket ?? res.socket });
          });
          res.on('error', (err) => fail(this.transportError(command, err, mutating && sent)));
          res.on('close', () => {
            if (!res.complete) fail(this.transportError(command, new Error('connection closed in the middle of the answer'), mutating && sent));
          });
        },
      );
      const timer = setTimeout(() => {
        // The socket may still carry the late answer: destroy it (and with it the session).
        req.destroy();
        fail(
          new PlatformTimeoutError(
            `MT5 ${command}: no answer within ${timeoutMs} ms${mutating && sent ? '; it may or may not have been applied' : ''}`,
            undefined,
            { outcomeUnknown: mutating && sent },
          ),
        );
      }, timeoutMs);
      req.on('socket', (s: Socket) => {
        socket = s;
        if (!this.seenSockets.has(s)) {
          this.seenSockets.add(s);
          this.counters.connections += 1;
        }
      });
      req.on('finish', () => {
        sent = true;
      });
      req.on('error', (err) => fail(this.transportError(command, err, mutating && sent)));
      req.end(body);
    });
  }

  private transportError(command: string, err: Error, outcomeUnknown: boolean): TradingPlatformError {
    const code = (err as NodeJS.ErrnoException).code;
    return new PlatformUnavailableError(
      `MT5 ${command}: connection failed (${code ?? err.message})${outcomeUnknown ? '; it may or may not have been applied' : ''}`,
      undefined,
      { cause: err, outcomeUnknown },
    );
  }

  /** Status 200 and a JSON object with a parseable retcode, or a typed error. */
  private parseAnswer(command: string, res: RawExchange, mutating: boolean): Record<string, unknown> {
    if (res.status >= 500) throw new PlatformUnavailableError(`MT5 ${command}: HTTP ${res.status}`, undefined, { outcomeUnknown: mutating });
    if (res.status === 403) throw new PlatformAuthError(`MT5 ${command}: HTTP 403 (not logged in or not allowed)`);
    if (res.status !== 200) throw new PlatformProtocolError(`MT5 ${command}: unexpected HTTP ${res.status}`, undefined, { outcomeUnknown: mutating });
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch (err) {
      throw new PlatformProtocolError(`MT5 ${command}: the answer is not JSON`, undefined, { cause: err, outcomeUnknown: mutating });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new PlatformProtocolError(`MT5 ${command}: the answer is not a JSON object`, undefined, { outcomeUnknown: mutating });
    }
    const record = json as Record<string, unknown>;
    if (!parseMt5Retcode(record.retcode)) throw new PlatformProtocolError(`MT5 ${command}: the answer has no retcode`, undefined, { outcomeUnknown: mutating });
    return record;
  }
}

function authFailure(command: string, retcode: { code: number; text: string }): TradingPlatformError {
  const err = mt5Error(command, retcode);
  // Any refusal of the handshake other than a transient one means the credentials (or the manager's access) are wrong.
  if (err.retryable) return err;
  return new PlatformAuthError(`MT5 login refused: wrong manager login or password, or the manager may not use the Web API [${err.platformCode}]`, err.platformCode);
}

/**
 * `?a=1&b=x` with every value percent-encoded (spaces as %20, as the MT5 docs
 * ask). Values must not rely on MT5's backslash escaping (`\|`, `\=`): free
 * text goes in JSON bodies, and the adapter restricts what it puts in queries.
 */
export function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function paramsContext(params: Record<string, string | number | undefined>): string {
  return ['login', 'group', 'type'].flatMap((k) => (params[k] === undefined ? [] : [`${k} ${params[k]}`])).join(', ');
}
