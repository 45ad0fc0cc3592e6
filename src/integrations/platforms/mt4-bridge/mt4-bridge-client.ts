/**
 * HTTP client of the MT4 bridge protocol (docs/mt4-bridge-protocol.md §1–2):
 * keep-alive connections (node:http(s) Agent), a per-request timeout, every
 * request signed (HMAC-SHA256, fresh timestamp and nonce), every answer's
 * signature checked before it is believed, and bridge errors mapped to our
 * typed errors (mt4-bridge-codes.ts).
 *
 * Before the first command it asks `GET /v1/info` once and refuses a bridge
 * that does not speak protocol major version 1.
 *
 * What a write's failure means (§2.4, §5): a timeout, a connection lost after
 * the request went out, any 5xx (signed or a proxy's unsigned one), an answer
 * that is not JSON: outcome unknown. A 401 or a 429: not executed. A missing
 * or wrong answer signature on anything but a 5xx: PlatformServerAuthError.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import {
  PlatformProtocolError,
  PlatformServerAuthError,
  PlatformTimeoutError,
  PlatformUnavailableError,
  type TradingPlatformError,
} from '../platform-errors';
import { platformErrorFromBridge, type BridgeErrorBody } from './mt4-bridge-codes';
import { BRIDGE_HEADER, assertBridgeKey, bridgeRequestHeaders, signBridgeResponse, signaturesEqual, type BridgeKey } from './mt4-bridge-signing';
import { BRIDGE_PROTOCOL_NAME, isSupportedBridgeVersion, toBridgeInfo, type BridgeInfo } from './mt4-bridge-wire';

export interface Mt4BridgeClientOptions {
  /** https://mt4-bridge.broker.example:8443 (a path prefix is allowed), or the simulator's http:// url. */
  baseUrl: string;
  /** Our signing key (§2.2). */
  key: BridgeKey;
  /** Per-request timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** Keep-alive connections at most; default 4. */
  maxSockets?: number;
  /** TLS: the bridge's CA, and a client certificate when the broker adds mTLS on top (§2.1). */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized?: boolean; servername?: string };
  /** Largest answer accepted; default 8 MiB. */
  maxResponseBytes?: number;
  /** Our clock (ms since epoch), for the timestamps; default Date.now. */
  now?: () => number;
}

export interface BridgeRequest {
  /** For messages and errors, e.g. 'balance.apply'. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT';
  /** '/v1/accounts/500001' */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: Record<string, unknown>;
  /** A write: a lost answer leaves its outcome unknown. */
  mutating?: boolean;
}

export interface BridgeAnswer {
  status: number;
  json: Record<string, unknown>;
}

export interface Mt4BridgeClientStats {
  /** Requests sent (the info check included). */
  requests: number;
  /** TCP connections opened. */
  connections: number;
  /** `GET /v1/info` checks that succeeded. */
  infoChecks: number;
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const USER_AGENT = 'Traderoom MT4 bridge client/1.0';

export class Mt4BridgeClient {
  private readonly url: URL;
  private readonly basePath: string;
  private readonly agent: http.Agent;
  private readonly key: BridgeKey;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly now: () => number;
  private readonly seenSockets = new WeakSet<Socket>();
  private readonly counters: Mt4BridgeClientStats = { requests: 0, connections: 0, infoChecks: 0 };
  private infoCheck: Promise<BridgeInfo> | undefined;
  private closed = false;

  constructor(options: Mt4BridgeClientOptions) {
    this.url = new URL(options.baseUrl);
    if (this.url.protocol !== 'https:' && this.url.protocol !== 'http:') throw new RangeError('MT4 bridge baseUrl must be http(s)');
    if (this.url.search !== '' || this.url.hash !== '') throw new RangeError('MT4 bridge baseUrl must not have a query or fragment');
    this.basePath = this.url.pathname.replace(/\/+$/, '');
    assertBridgeKey(options.key);
    this.key = { ...options.key };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.now = options.now ?? Date.now;
    const maxSockets = options.maxSockets ?? 4;
    if (!Number.isInteger(maxSockets) || maxSockets < 1 || maxSockets > 64) throw new RangeError('maxSockets must be 1..64');
    const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const };
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({
            ...agentOptions,
            ca: options.tls?.ca,
            cert: options.tls?.cert,
            key: options.tls?.key,
            rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
            servername: options.tls?.servername,
            minVersion: 'TLSv1.2',
          })
        : new http.Agent(agentOptions);
  }

  stats(): Mt4BridgeClientStats {
    return { ...this.counters };
  }

  /** The bridge's `/v1/info`, checked once (protocol name and major version). */
  info(): Promise<BridgeInfo> {
    if (!this.infoCheck) {
      const check = this.send({ operation: 'info', method: 'GET', path: '/v1/info' }).then(({ json }) => {
        const info = toBridgeInfo('info', json);
        if (info.protocol !== BRIDGE_PROTOCOL_NAME || !isSupportedBridgeVersion(info.version)) {
          throw new PlatformProtocolError(`MT4 bridge speaks ${info.protocol} ${info.version}; this adapter speaks ${BRIDGE_PROTOCOL_NAME} 1.x`);
        }
        this.counters.infoChecks += 1;
        return info;
      });
      this.infoCheck = check;
      // A failed check is asked again by the next call.
      check.catch(() => {
        if (this.infoCheck === check) this.infoCheck = undefined;
      });
    }
    return this.infoCheck;
  }

  /** One command: resolves with a 2xx answer's JSON; anything else throws the mapped TradingPlatformError. */
  async call(request: BridgeRequest): Promise<BridgeAnswer> {
    this.assertOpen();
    await this.info();
    return this.send(request);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.agent.destroy();
  }

  // ------------------------------------------------------------ internals

  private assertOpen(): void {
    if (this.closed) throw new PlatformUnavailableError('MT4 bridge client is closed');
  }

  private async send(request: BridgeRequest): Promise<BridgeAnswer> {
    this.assertOpen();
    const mutating = request.mutating === true;
    const target = `${this.basePath}${request.path}${queryString(request.query ?? {})}`;
    const body = request.body === undefined ? '' : JSON.stringify(request.body);
    const { headers, signature } = bridgeRequestHeaders(this.key, { method: request.method, target, body, nowMs: this.now() });
    this.counters.requests += 1;
    const raw = await this.exchange(request, target, body, headers, mutating);
    const where = `MT4 bridge ${request.operation}`;

    if (raw.status === 401) {
      // Unsigned by design (§2.3): the refusal of our signature. Nothing was executed.
      throw platformErrorFromBridge(request.operation, 401, parseErrorBody(raw.body) ?? { code: 'unauthenticated', message: 'HTTP 401' }, false);
    }
    const keyId = raw.headers[BRIDGE_HEADER.keyId];
    const expected = signBridgeResponse(this.key.secret, raw.status, signature, raw.body);
    if (keyId !== this.key.id || !signaturesEqual(expected, raw.headers[BRIDGE_HEADER.signature])) {
      if (raw.status >= 500) {
        // A proxy or load balancer in front of the bridge (502/503/504): a transport failure.
        throw new PlatformUnavailableError(`${where}: HTTP ${raw.status} from in front of the bridge (unsigned)${mutating ? '; it may or may not have been applied' : ''}`, undefined, {
          outcomeUnknown: mutating,
        });
      }
      throw new PlatformServerAuthError(
        `${where}: the answer (HTTP ${raw.status}) is not signed with our key: not the bridge, or tampered with; not believed${mutating ? ' (the request may or may not have been applied)' : ''}`,
        undefined,
        { outcomeUnknown: mutating },
      );
    }

    let json: unknown;
    try {
      json = JSON.parse(raw.body.toString('utf8'));
    } catch (err) {
      throw new PlatformProtocolError(`${where}: the answer (HTTP ${raw.status}) is not JSON`, undefined, { cause: err, outcomeUnknown: mutating });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new PlatformProtocolError(`${where}: the answer is not a JSON object`, undefined, { outcomeUnknown: mutating });
    }
    if (raw.status >= 200 && raw.status < 300) return { status: raw.status, json: json as Record<string, unknown> };
    const error = errorBodyOf(json as Record<string, unknown>);
    if (!error) throw new PlatformProtocolError(`${where}: HTTP ${raw.status} without an error object`, undefined, { outcomeUnknown: mutating && raw.status >= 500 });
    throw platformErrorFromBridge(request.operation, raw.status, error, mutating);
  }

  private exchange(request: BridgeRequest, target: string, body: string, signed: Record<string, string>, mutating: boolean): Promise<RawAnswer> {
    const transport = this.url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT, Connection: 'keep-alive', ...signed };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const where = `MT4 bridge ${request.operation}`;
    return new Promise<RawAnswer>((resolve, reject) => {
      let sent = false;
      let settled = false;
      const fail = (err: TradingPlatformError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      };
      const transportError = (err: Error) => {
        const unknown = mutating && sent;
        const code = (err as NodeJS.ErrnoException).code;
        return new PlatformUnavailableError(`${where}: connection failed (${code ?? err.message})${unknown ? '; it may or may not have been applied' : ''}`, undefined, {
          cause: err,
          outcomeUnknown: unknown,
        });
      };
      const req = transport.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          method: request.method,
          path: target,
          headers,
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxResponseBytes) {
              req.destroy();
              fail(new PlatformProtocolError(`${where}: answer larger than ${this.maxResponseBytes} bytes`, undefined, { outcomeUnknown: mutating }));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('error', (err) => fail(transportError(err)));
          res.on('close', () => {
            if (!res.complete) fail(transportError(new Error('connection closed in the middle of the answer')));
          });
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        const unknown = mutating && sent;
        fail(new PlatformTimeoutError(`${where}: no answer within ${this.timeoutMs} ms${unknown ? '; it may or may not have been applied' : ''}`, undefined, { outcomeUnknown: unknown }));
      }, this.timeoutMs);
      req.on('socket', (s: Socket) => {
        if (!this.seenSockets.has(s)) {
          this.seenSockets.add(s);
          this.counters.connections += 1;
        }
      });
      req.on('finish', () => {
        sent = true;
      });
      req.on('error', (err) => fail(transportError(err)));
      req.end(body === '' ? undefined : body);
    });
  }
}

function errorBodyOf(json: Record<string, unknown>): BridgeErrorBody | undefined {
  const e = json.error;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return undefined;
  const r = e as Record<string, unknown>;
  if (typeof r.code !== 'string' || r.code === '') return undefined;
  return {
    code: r.code,
    message: typeof r.message === 'string' ? r.message : '',
    ...(typeof r.mt4_code === 'number' && Number.isSafeInteger(r.mt4_code) ? { mt4_code: r.mt4_code } : {}),
    ...(typeof r.server_time === 'number' && Number.isSafeInteger(r.server_time) ? { server_time: r.server_time } : {}),
  };
}

function parseErrorBody(body: Buffer): BridgeErrorBody | undefined {
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? errorBodyOf(json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `?a=1&b=x`, every value percent-encoded; the signature covers it exactly as sent. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
