/**
 * Shared setup for the MT5 adapter ↔ simulator tests: a simulator with a few
 * groups and managers, an adapter with short timeouts, and a raw HTTP client
 * (one keep-alive socket, handshake done by hand) to look at the wire itself.
 */
import http from 'node:http';
import { createMt5WebApiPlatform, type Mt5WebApiPlatform, type Mt5WebApiPlatformOptions } from '../../../src/integrations/platforms/mt5';
import { mt5PasswordHash, mt5RandAnswer, newMt5Rand } from '../../../src/integrations/platforms/mt5/mt5-auth';
import type { CreatePlatformAccountInput } from '../../../src/integrations/platforms/trading-platform';
import { startMt5Simulator, type Mt5Simulator, type Mt5SimulatorOptions } from '../../../src/simulators/mt5';

export const MANAGER = { login: '1000', password: 'Manager#2024' } as const;
/** Reads only: no "Modify accounts", no "Accountant". */
export const READER = { login: '1001', password: 'Reader#2024x' } as const;
/** All rights, but only on demo groups. */
export const DEMO_MANAGER = { login: '1002', password: 'DemoMgr#2024' } as const;

export const GROUP_USD = 'real\\traderoom-usd';
export const GROUP_EUR = 'real\\traderoom-eur';
export const GROUP_JPY = 'real\\traderoom-jpy';
export const GROUP_KWD = 'real\\traderoom-kwd';
export const GROUP_STRICT = 'real\\strict-usd';
export const GROUP_DEMO = 'demo\\traderoom-usd';

export async function startSim(extra: Partial<Mt5SimulatorOptions> = {}): Promise<Mt5Simulator> {
  return startMt5Simulator({
    managers: [
      { ...MANAGER },
      { ...READER, rights: ['accounts_read', 'groups_read'] },
      { ...DEMO_MANAGER, groups: ['demo\\*'] },
    ],
    groups: [
      { name: GROUP_USD, currency: 'USD' },
      { name: GROUP_EUR, currency: 'EUR' },
      { name: GROUP_JPY, currency: 'JPY', digits: 0 },
      { name: GROUP_KWD, currency: 'KWD', digits: 3 },
      { name: GROUP_STRICT, currency: 'USD', passwordMin: 12 },
      { name: GROUP_DEMO, currency: 'USD' },
    ],
    ...extra,
  });
}

export function adapterFor(sim: Mt5Simulator, overrides: Partial<Mt5WebApiPlatformOptions> = {}): Mt5WebApiPlatform {
  return createMt5WebApiPlatform({
    baseUrl: sim.url,
    login: MANAGER.login,
    password: MANAGER.password,
    timeoutMs: 1000,
    pingIntervalMs: 0,
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
    firstName: 'Anna',
    lastName: 'Demo',
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
  json: Record<string, unknown> | undefined;
  text: string;
}

/** A bare MT5 Web API client on one keep-alive socket, for looking at the wire. */
export class RawMt5Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly baseUrl: string) {}

  request(method: 'GET' | 'POST', path: string, body?: string, contentType = 'application/json'): Promise<RawResponse> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, agent: this.agent, headers: body === undefined ? {} : { 'Content-Type': contentType } },
        (res) => {
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
            resolve({ status: res.statusCode ?? 0, json, text });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  get(path: string): Promise<RawResponse> {
    return this.request('GET', path);
  }

  async start(login: string): Promise<string> {
    const res = await this.get(`/api/auth/start?version=4000&agent=raw-test&login=${login}&type=manager`);
    return String(res.json?.srv_rand);
  }

  async answer(password: string, srvRand: string): Promise<{ res: RawResponse; cliRand: string }> {
    const cliRand = newMt5Rand();
    const res = await this.get(`/api/auth/answer?srv_rand_answer=${mt5RandAnswer(mt5PasswordHash(password), srvRand)}&cli_rand=${cliRand}`);
    return { res, cliRand };
  }

  async login(login: string, password: string): Promise<void> {
    const { res } = await this.answer(password, await this.start(login));
    if (res.json?.retcode !== '0 Done') throw new Error(`raw login failed: ${res.text}`);
  }

  close(): void {
    this.agent.destroy();
  }
}
