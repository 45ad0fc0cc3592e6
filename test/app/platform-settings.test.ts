/**
 * Trading platforms from the environment, by kind: MT5 needs
 * PLATFORM_<ID>_URL/LOGIN/PASSWORD, MT4 (the bridge) PLATFORM_<ID>_URL/KEY_ID/
 * KEY_SECRET and optionally CA_FILE. None set: the platform is left out (a
 * warning at start); some set, or a bad value: start-up is refused naming the
 * variable, never echoing a secret. The app builds the adapter of the kind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { integrationsFrom, tradingPlatformFor } from '../../src/app/integrations';
import { platformConnectionsFor, platformEnvPrefix, readSettings, SettingsError } from '../../src/app/settings';
import { configWithMt4 } from '../support/mt4-fixtures';

const platforms = configWithMt4().platforms;
const production = { simulators: false };
const SECRET = 'bridge-secret-0123456789abcdef0123456789';
const MT4 = { PLATFORM_MT4_LIVE_URL: 'https://mt4-bridge.broker.example:8443/', PLATFORM_MT4_LIVE_KEY_ID: 'trb-2026-03', PLATFORM_MT4_LIVE_KEY_SECRET: SECRET };
const MT5 = { PLATFORM_MT5_DEMO_URL: 'https://mt5.broker.example', PLATFORM_MT5_DEMO_LOGIN: '1001', PLATFORM_MT5_DEMO_PASSWORD: 'secret' };
const dir = mkdtempSync(join(tmpdir(), 'traderoom-platform-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(env: Record<string, string>): string {
  try {
    platformConnectionsFor(production, platforms, env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error('expected a SettingsError');
}

describe('trading platforms from the environment', () => {
  it('reads an MT4 bridge connection next to an MT5 one; the app builds the adapter of each kind', async () => {
    expect(platformEnvPrefix('mt4_live')).toBe('PLATFORM_MT4_LIVE_');
    const { connections, unconfigured } = platformConnectionsFor(production, platforms, { ...MT5, ...MT4 });
    expect(unconfigured).toEqual([]);
    expect(connections).toEqual([
      { platformId: 'mt5_demo', kind: 'mt5', baseUrl: 'https://mt5.broker.example', login: '1001', password: 'secret' },
      { platformId: 'mt4_live', kind: 'mt4', baseUrl: 'https://mt4-bridge.broker.example:8443', keyId: 'trb-2026-03', keySecret: SECRET },
    ]);
    const integrations = integrationsFrom({ ...readSettings({}).integrations, platforms: connections });
    expect(Object.fromEntries(Object.entries(integrations.platforms).map(([id, p]) => [id, p.platform]))).toEqual({ mt5_demo: 'mt5', mt4_live: 'mt4' });
    await Promise.all(Object.values(integrations.platforms).map((p) => p.close()));
  });

  it('a platform with none of its variables is left out, to be named in a warning', () => {
    expect(platformConnectionsFor(production, platforms, MT5)).toMatchObject({ connections: [{ platformId: 'mt5_demo' }], unconfigured: ['mt4_live'] });
    expect(platformConnectionsFor(production, platforms, {})).toEqual({ connections: [], unconfigured: ['mt5_demo', 'mt4_live'] });
    expect(platformConnectionsFor({ simulators: true }, platforms, {})).toEqual({ connections: [], unconfigured: [] });
  });

  it('a half setup stops start-up naming each missing variable of its kind', () => {
    const message = refusal({ ...MT5, PLATFORM_MT4_LIVE_URL: MT4.PLATFORM_MT4_LIVE_URL });
    expect(message).toContain('trading platform "mt4_live" (mt4): missing PLATFORM_MT4_LIVE_KEY_ID, PLATFORM_MT4_LIVE_KEY_SECRET');
    expect(message).not.toContain('mt5_demo');
    expect(message).not.toContain('PLATFORM_MT4_LIVE_LOGIN');
    // The optional CA file alone counts as a start: the rest is missing.
    expect(refusal({ PLATFORM_MT4_LIVE_CA_FILE: '/etc/ssl/broker-ca.pem' })).toContain('missing PLATFORM_MT4_LIVE_URL, PLATFORM_MT4_LIVE_KEY_ID, PLATFORM_MT4_LIVE_KEY_SECRET');
    const both = refusal({ PLATFORM_MT5_DEMO_LOGIN: '1001', PLATFORM_MT4_LIVE_KEY_SECRET: SECRET });
    expect(both).toContain('trading platform "mt5_demo" (mt5): missing PLATFORM_MT5_DEMO_URL, PLATFORM_MT5_DEMO_PASSWORD');
    expect(both).toContain('trading platform "mt4_live" (mt4): missing PLATFORM_MT4_LIVE_URL, PLATFORM_MT4_LIVE_KEY_ID');
    expect(both).not.toContain(SECRET);
  });

  it('refuses a bad key id or a short secret, naming the variable and not the secret', () => {
    expect(refusal({ ...MT4, PLATFORM_MT4_LIVE_KEY_ID: 'trb 2026/03' })).toContain('trading platform "mt4_live" (mt4): PLATFORM_MT4_LIVE_KEY_ID: bridge key id must be');
    const short = refusal({ ...MT4, PLATFORM_MT4_LIVE_KEY_SECRET: 'too-short-secret' });
    expect(short).toContain('PLATFORM_MT4_LIVE_KEY_SECRET: must be 32–256 printable ASCII characters');
    expect(short).not.toContain('too-short-secret');
  });

  it('the bridge URL must be https, plain http only on loopback (the simulator)', () => {
    expect(refusal({ ...MT4, PLATFORM_MT4_LIVE_URL: 'http://mt4-bridge.broker.example' })).toContain('PLATFORM_MT4_LIVE_URL must be https:// (plain http only on loopback)');
    expect(refusal({ ...MT4, PLATFORM_MT4_LIVE_URL: 'mt4-bridge:8443' })).toContain('PLATFORM_MT4_LIVE_URL must be an');
    for (const url of ['http://127.0.0.1:8704', 'http://localhost:8704', 'http://[::1]:8704']) {
      expect(platformConnectionsFor(production, platforms, { ...MT4, PLATFORM_MT4_LIVE_URL: url }).connections[0]).toMatchObject({ baseUrl: url });
    }
  });

  it("PLATFORM_<ID>_CA_FILE: the broker's CA for the bridge's certificate, read at start", () => {
    const pem = join(dir, 'broker-ca.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const [connection] = platformConnectionsFor(production, platforms, { ...MT4, PLATFORM_MT4_LIVE_CA_FILE: pem }).connections;
    expect(connection).toMatchObject({ kind: 'mt4', caCertificate: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(refusal({ ...MT4, PLATFORM_MT4_LIVE_CA_FILE: join(dir, 'nope.pem') })).toContain(`PLATFORM_MT4_LIVE_CA_FILE: cannot read "${join(dir, 'nope.pem')}"`);
    const notPem = join(dir, 'key.txt');
    writeFileSync(notPem, 'not a certificate');
    expect(refusal({ ...MT4, PLATFORM_MT4_LIVE_CA_FILE: notPem })).toContain('holds no PEM certificate');
    const platform = tradingPlatformFor(connection!);
    expect(platform.platform).toBe('mt4');
    return platform.close();
  });
});
