/**
 * Payment providers from the environment: one set of PSP_<ID>_* variables per
 * provider id of the configuration; a configured provider without them stops
 * start-up with a message naming each missing variable; the demo (SIMULATORS)
 * keeps the simulators. And the README documents every variable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_VARIABLES, platformConnectionsFor, pspConnectionsFor, pspEnvPrefix, readPspConnections, readSettings, SettingsError } from '../../src/app/settings';
import { integrationsFrom } from '../../src/app/integrations';
import { loadConfig } from '../../src/config/load-config';

const config = loadConfig();

const FULL = {
  PSP_DEMO_CARD_URL: 'https://api.acquirer.example/',
  PSP_DEMO_CARD_SECRET_KEY: 'sk_live_card',
  PSP_DEMO_CARD_WEBHOOK_SECRETS: 'whsec_new, whsec_old ,',
  PSP_DEMO_WIRE_URL: 'https://api.bank.example',
  PSP_DEMO_WIRE_SECRET_KEY: 'sk_live_wire',
  PSP_DEMO_WIRE_WEBHOOK_SECRETS: 'whsec_wire',
  PSP_DEMO_LOCAL_BANK_URL: 'https://pci-gw-test.praxispay.com',
  PSP_DEMO_LOCAL_BANK_MERCHANT_ID: 'API-Broker',
  PSP_DEMO_LOCAL_BANK_APPLICATION_KEY: 'broker-app',
  PSP_DEMO_LOCAL_BANK_MERCHANT_SECRET: 'merchant-secret',
};

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error('expected a SettingsError');
}

describe('payment providers from the environment', () => {
  it('reads one connection per configured provider, by protocol', () => {
    expect(config.paymentProviders.map((p) => [p.id, p.protocol])).toEqual([
      ['demo_card', 'stripe_signed_webhook'],
      ['demo_local_bank', 'praxis_cashier'],
      ['demo_wire', 'stripe_signed_webhook'],
    ]);
    expect(pspEnvPrefix('demo_local_bank')).toBe('PSP_DEMO_LOCAL_BANK_');
    const connections = readPspConnections(config.paymentProviders, FULL);
    expect(connections).toEqual([
      { protocol: 'generic', providerId: 'demo_card', baseUrl: 'https://api.acquirer.example', secretKey: 'sk_live_card', webhookSecrets: ['whsec_new', 'whsec_old'] },
      { protocol: 'praxis', providerId: 'demo_local_bank', baseUrl: 'https://pci-gw-test.praxispay.com', merchantId: 'API-Broker', applicationKey: 'broker-app', merchantSecret: 'merchant-secret' },
      { protocol: 'generic', providerId: 'demo_wire', baseUrl: 'https://api.bank.example', secretKey: 'sk_live_wire', webhookSecrets: ['whsec_wire'] },
    ]);
    const integrations = integrationsFrom({ ...readSettings({}).integrations, psp: connections });
    expect(Object.keys(integrations.psp).sort()).toEqual(['demo_card', 'demo_local_bank', 'demo_wire']);
    expect(integrations.psp.demo_local_bank).toMatchObject({ protocol: 'praxis', options: { merchantId: 'API-Broker' } });
  });

  it('a Praxis notification URL can be set', () => {
    const [, bank] = readPspConnections(config.paymentProviders, { ...FULL, PSP_DEMO_LOCAL_BANK_NOTIFICATION_URL: 'https://broker.example/api/webhooks/psp/demo_local_bank' });
    expect(bank).toMatchObject({ protocol: 'praxis', notificationUrl: 'https://broker.example/api/webhooks/psp/demo_local_bank' });
  });

  it('a configured provider without its variables stops start-up, naming each missing one', () => {
    const { PSP_DEMO_CARD_SECRET_KEY: _key, PSP_DEMO_LOCAL_BANK_MERCHANT_SECRET: _secret, ...rest } = FULL;
    const message = refusal(() => readPspConnections(config.paymentProviders, { ...rest, PSP_DEMO_WIRE_WEBHOOK_SECRETS: ' , ' }));
    expect(message).toContain('payment provider "demo_card" (stripe_signed_webhook): missing PSP_DEMO_CARD_SECRET_KEY');
    expect(message).toContain('payment provider "demo_local_bank" (praxis_cashier): missing PSP_DEMO_LOCAL_BANK_MERCHANT_SECRET');
    expect(message).toContain('payment provider "demo_wire" (stripe_signed_webhook): missing PSP_DEMO_WIRE_WEBHOOK_SECRETS');
    expect(message).not.toContain('PSP_DEMO_CARD_URL');
    expect(message).toContain('SIMULATORS=true');

    const none = refusal(() => readPspConnections(config.paymentProviders, {}));
    expect(none).toContain('missing PSP_DEMO_CARD_URL, PSP_DEMO_CARD_SECRET_KEY, PSP_DEMO_CARD_WEBHOOK_SECRETS');
    expect(none).toContain('missing PSP_DEMO_LOCAL_BANK_URL, PSP_DEMO_LOCAL_BANK_MERCHANT_ID, PSP_DEMO_LOCAL_BANK_APPLICATION_KEY, PSP_DEMO_LOCAL_BANK_MERCHANT_SECRET');
  });

  it('refuses a URL that is not an absolute http(s) URL', () => {
    expect(refusal(() => readPspConnections(config.paymentProviders, { ...FULL, PSP_DEMO_WIRE_URL: 'api.bank.example' }))).toContain(
      'payment provider "demo_wire" (stripe_signed_webhook): PSP_DEMO_WIRE_URL must be an absolute http(s) URL, got "api.bank.example"',
    );
    expect(refusal(() => readPspConnections(config.paymentProviders, { ...FULL, PSP_DEMO_CARD_URL: 'ftp://files.example' }))).toContain('PSP_DEMO_CARD_URL must be an http(s) URL');
  });

  it('the demo keeps the simulators: no PSP variables needed when they run', () => {
    expect(readSettings({}).simulators).toBe(true);
    expect(pspConnectionsFor(readSettings({}), config.paymentProviders, {})).toEqual([]);
    const production = readSettings({ DATABASE_URL: 'postgres://db.example/traderoom' });
    expect(production.simulators).toBe(false);
    expect(refusal(() => pspConnectionsFor(production, config.paymentProviders, {}))).toContain('PSP_DEMO_CARD_URL');
    expect(pspConnectionsFor(production, config.paymentProviders, FULL)).toHaveLength(3);
    expect(pspConnectionsFor(production, [], {})).toEqual([]);
  });

  it('trading platforms: all three variables, none (left out, named for a warning), or a refusal for a half setup', () => {
    const env = { PLATFORM_MT5_DEMO_URL: 'https://mt5.broker.example:443/', PLATFORM_MT5_DEMO_LOGIN: '1001', PLATFORM_MT5_DEMO_PASSWORD: 'secret' };
    expect(platformConnectionsFor({ simulators: false }, config.platforms, env)).toEqual({
      connections: [{ platformId: 'mt5_demo', kind: 'mt5', baseUrl: 'https://mt5.broker.example:443', login: '1001', password: 'secret' }],
      unconfigured: [],
    });
    expect(platformConnectionsFor({ simulators: false }, config.platforms, {})).toEqual({ connections: [], unconfigured: ['mt5_demo'] });
    expect(() => platformConnectionsFor({ simulators: false }, config.platforms, { PLATFORM_MT5_DEMO_URL: env.PLATFORM_MT5_DEMO_URL })).toThrow(
      /PLATFORM_MT5_DEMO_LOGIN, PLATFORM_MT5_DEMO_PASSWORD/,
    );
    expect(platformConnectionsFor({ simulators: true }, config.platforms, {})).toEqual({ connections: [], unconfigured: [] });
  });

  it('the README documents every environment variable', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const missing = Object.keys(ENVIRONMENT_VARIABLES)
      .map((name) => name.replace(/^PSP_ID_/, 'PSP_<ID>_').replace(/^PLATFORM_ID_/, 'PLATFORM_<ID>_'))
      .filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
