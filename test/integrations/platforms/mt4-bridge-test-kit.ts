/**
 * Shared setup for the MT4 bridge adapter ↔ simulator tests: a simulator with
 * a few groups, an adapter with short timeouts, and a raw signed HTTP client
 * to look at the wire itself (and to send what the adapter never would).
 */
import http from 'node:http';
import { createMt4BridgePlatform, type Mt4BridgePlatform, type Mt4BridgePlatformOptions } from '../../../src/integrations/platforms/mt4-bridge';
import { bridgeRequestHeaders, type BridgeKey } from '../../../src/integrations/platforms/mt4-bridge/mt4-bridge-signing';
import type { CreatePlatformAccountInput } from '../../../src/integrations/platforms/trading-platform';
import { startMt4BridgeSimulator, type Mt4BridgeSimulator, type Mt4BridgeSimulatorOptions } from '../../../src/simulators/mt4-bridge';

export const KEY: BridgeKey = { id: 'trb-2025-11', secret: 'test-secret-0123456789-abcdefghijklmnop' };
export const NEXT_KEY: BridgeKey = { id: 'trb-2026-05', secret: 'next-secret-9876543210-ponmlkjihgfedcba' };

export const GROUP_USD = 'real-usd';
export const GROUP_EUR = 'real-eur';
export const GROUP_JPY = 'real-jpy';
export const GROUP_KWD = 'real-kwd';
/** USD kept without decimals by the bridge: cents cannot be moved. */
export const GROUP_USD0 = 'real-usd0';
export const GROUP_STRICT = 'real-strict';
export const GROUP_DEMO = 'demo-usd';
/** Exists on the server, outside the groups the bridge may manage. */
export const GROUP_HOUSE = 'house-usd';

export async function startSim(extra: Partial<Mt4BridgeSimulatorOptions> = {}): Promise<Mt4BridgeSimulator> {
  return startMt4BridgeSimulator({
    keys: [KEY],
    groups: [
      { name: GROUP_USD, currency: 'USD' },
      { name: GROUP_EUR, currency: 'EUR' },
      { name: GROUP_JPY, currency: 'JPY', digits: 0 },
      { name: GROUP_KWD, currency: 'KWD', digits: 3 },
      { name: GROUP_USD0, currency: 'USD', digits: 0 },
      { name: GROUP_STRICT, currency: 'USD', passwordMin: 12 },
      { name: GROUP_DEMO, currency: 'USD' },
      { name: GROUP_HOUSE, currency: 'USD' },
    ],
    allowedGroups: ['real-*', 'demo-*'],
    ...extra,
  });
}

export function adapterFor(sim: Mt4BridgeSimulator, overrides: Partial<Mt4BridgePlatformOptions> = {}): Mt4BridgePlatform {
  return createMt4BridgePlatform({
    baseUrl: sim.url,
    key: KEY,
    timeoutMs: 1000,
    settleDelayMs: 5,
    retryDelayMs: () => 2,
    ...overrides,
  });
}

let seq = 0;
export function nextRef(prefix = 'ref'): string {
  seq += 1;
  return `${prefix}-${process.pid}-${seq}`;
}

export function accountInput(overrides: Partial<CreatePlatformAccountInput> = {}): CreatePlatformAccountInput {
  return {
    group: GROUP_USD,
    currency: 'USD',
    leverage: 100,
    name: 'Anna Demo',
    email: 'anna@example.test',
    country: 'CY',
    reference: nextRef('ta'),
    mainPassword: 'Main#Pass1',
    investorPassword: 'Inv#Pass12',
    ...overrides,
  };
}

export async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown> | undefined;
  /** The request's signature (the answer's signature covers it). */
  requestSignature: string;
}

export interface RawOptions {
  key?: BridgeKey;
  nowMs?: number;
  nonce?: string;
  /** Change the headers after signing (tampering, missing headers). */
  editHeaders?: (headers: Record<string, string>) => void;
  /** Send this body while the signature covers `body`. */
  sentBody?: string;
}

/** A bare signed client on one keep-alive socket. */
export class RawBridgeClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly baseUrl: string) {}

  request(method: 'GET' | 'POST' | 'PUT', target: string, body?: string, options: RawOptions = {}): Promise<RawResponse> {
    const url = new URL(this.baseUrl);
    const { headers, signature } = bridgeRequestHeaders(options.key ?? KEY, {
      method,
      target,
      body: body ?? '',
      nowMs: options.nowMs ?? Date.now(),
      ...(options.nonce ? { nonce: options.nonce } : {}),
    });
    const sent = options.sentBody ?? body;
    if (sent !== undefined) headers['Content-Type'] = 'application/json';
    options.editHeaders?.(headers);
    return new Promise((resolve, reject) => {
      const req = http.request({ hostname: url.hostname, port: url.port, path: target, method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, requestSignature: signature });
        });
      });
      req.on('error', reject);
      req.end(sent);
    });
  }

  get(target: string, options?: RawOptions): Promise<RawResponse> {
    return this.request('GET', target, undefined, options);
  }

  close(): void {
    this.agent.destroy();
  }
}
