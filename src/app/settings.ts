/**
 * Every environment variable Traderoom reads, in one place, with defaults
 * for the embedded demo. (The README's table documents each of them; a test
 * checks it names them all.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PlatformConfig, PlatformKind } from '../config/platform-schema';
import { assertBridgeKey } from '../integrations/platforms/mt4-bridge/mt4-bridge-signing';
import type { PaymentProvider } from '../config/schema';
import type { IntegrationSettings, PlatformConnection, PspConnection } from './integrations';

export interface Settings {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | null;
  dataDir: string;
  configPath: string | undefined;
  smtpUrl: string | null;
  mailFrom: string;
  demoSeed: boolean;
  logLevel: string;
  cookieSecure: boolean;
  /** Start the sanctions and KYC-provider simulators on loopback and use them (demo). */
  simulators: boolean;
  integrations: IntegrationSettings;
}

export const ENVIRONMENT_VARIABLES = {
  PORT: 'HTTP port (default 3000).',
  HOST: 'Interface to listen on (default 127.0.0.1; 0.0.0.0 in a container).',
  PUBLIC_URL: 'URL people open, used in email links and to decide Secure cookies (default http://localhost:PORT).',
  DATABASE_URL: 'PostgreSQL connection URL. Unset: the embedded database (PGlite) under DATA_DIR — demo and tests only.',
  DATA_DIR: 'Folder for the embedded database, the mail folder and uploads (default ./data).',
  TRADEROOM_CONFIG: "The broker's configuration file (default config/demo.yaml).",
  SMTP_URL: 'SMTP server, e.g. smtps://user:pass@mail.example.com. Unset: emails are written as .eml files to DATA_DIR/mail.',
  MAIL_FROM: 'Sender address of emails (default the configuration’s support email).',
  DEMO_SEED: 'true/false: create demo staff and a demo client on an empty database (default true on the embedded database, false on PostgreSQL).',
  LOG_LEVEL: 'pino log level (default info).',
  TRUST_PROXY: 'true when behind a reverse proxy that sets X-Forwarded-For (default false).',
  SIMULATORS: 'true/false: run the sanctions-list, KYC-provider and PSP simulators on loopback and use them instead of SANCTIONS_*, SUMSUB_* and PSP_* (default: as DEMO_SEED). Demo only.',
  SANCTIONS_URL: 'Base URL of a yente (OpenSanctions) server for sanctions/PEP screening. Unset (and no simulators): no screening.',
  SANCTIONS_API_KEY: 'API key for the hosted OpenSanctions API (sent as `Authorization: ApiKey …`).',
  SANCTIONS_DATASET: 'yente dataset to match against (default `default`).',
  SANCTIONS_THRESHOLD: 'Match score from which a result is a hit (default 0.7).',
  SUMSUB_URL: 'Sumsub API base URL (e.g. https://api.sumsub.com). Unset (and no simulators): manual review only.',
  SUMSUB_APP_TOKEN: 'Sumsub app token.',
  SUMSUB_SECRET_KEY: 'Sumsub secret key (signs API requests).',
  SUMSUB_WEBHOOK_SECRETS: 'Comma-separated webhook secret(s); two during a rotation.',
  SUMSUB_LEVEL_NAME: 'Sumsub verification level name (default basic-kyc-level).',
  // Payment providers: one set per provider id of the configuration's `paymentProviders`, <ID> = the id in upper case
  // (demo_card → PSP_DEMO_CARD_URL). Required for every configured provider unless SIMULATORS is on (demo).
  PSP_ID_URL: 'PSP_<ID>_URL: the provider API base URL (protocol stripe_signed_webhook: the generic PSP API; praxis_cashier: https://gw.praxisgate.com live, https://pci-gw-test.praxispay.com sandbox).',
  PSP_ID_SECRET_KEY: 'PSP_<ID>_SECRET_KEY (stripe_signed_webhook): API secret key, sent as a Bearer token.',
  PSP_ID_WEBHOOK_SECRETS: 'PSP_<ID>_WEBHOOK_SECRETS (stripe_signed_webhook): comma-separated Stripe-Signature signing secret(s); two during a rotation. Callbacks go to PUBLIC_URL/api/webhooks/psp/<id>.',
  PSP_ID_MERCHANT_ID: 'PSP_<ID>_MERCHANT_ID (praxis_cashier): Praxis merchant id.',
  PSP_ID_APPLICATION_KEY: 'PSP_<ID>_APPLICATION_KEY (praxis_cashier): Praxis application key.',
  PSP_ID_MERCHANT_SECRET: 'PSP_<ID>_MERCHANT_SECRET (praxis_cashier): Praxis merchant secret (GT-Authentication of requests, notifications and acks).',
  // Trading platforms: one set per platform id of the configuration's `platforms`, by its kind (mt5_demo → PLATFORM_MT5_DEMO_URL).
  PLATFORM_ID_URL: 'PLATFORM_<ID>_URL: kind mt5: the MT5 Web API access server (e.g. https://mt5.example-broker.com:443); kind mt4: the MT4 bridge (https; docs/mt4-bridge-protocol.md). A platform without its variables cannot open accounts (a warning at start); one with only some stops start-up.',
  PLATFORM_ID_LOGIN: 'PLATFORM_<ID>_LOGIN (mt5): the manager login Traderoom uses on that server (needs rights to add users, change rights and make balance operations).',
  PLATFORM_ID_PASSWORD: "PLATFORM_<ID>_PASSWORD (mt5): that manager's API password.",
  PLATFORM_ID_KEY_ID: 'PLATFORM_<ID>_KEY_ID (mt4): the id of the key Traderoom signs bridge requests with (X-Bridge-Key-Id, [A-Za-z0-9_.-]{1,64}).',
  PLATFORM_ID_KEY_SECRET: 'PLATFORM_<ID>_KEY_SECRET (mt4): that key\'s HMAC-SHA256 secret (32–256 printable ASCII characters, e.g. openssl rand -base64 32). To rotate: add the new key to the bridge, switch these two variables and restart, then remove the old key from the bridge.',
  PLATFORM_ID_CA_FILE: "PLATFORM_<ID>_CA_FILE (mt4, optional): a PEM file with the CA that issued the bridge's certificate (the broker's private CA).",
  PSP_ID_NOTIFICATION_URL: 'PSP_<ID>_NOTIFICATION_URL (praxis_cashier, optional): where Praxis sends notifications (default PUBLIC_URL/api/webhooks/psp/<id>).',
  PSP_ID_SETTLEMENT_FILE: 'PSP_<ID>_SETTLEMENT_FILE (optional): a settlement report CSV the provider delivers, read by each reconciliation run (default: the generic API\'s /v1/settlement_reports; Praxis has none).',
} as const;

/** A setting that is missing or wrong: start-up stops with this message (no stack). */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes'].includes(value.toLowerCase());
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    publicUrl,
    databaseUrl,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    configPath: env.TRADEROOM_CONFIG || undefined,
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM ?? '',
    demoSeed: bool(env.DEMO_SEED, databaseUrl === null),
    logLevel: env.LOG_LEVEL ?? 'info',
    cookieSecure: publicUrl.startsWith('https://'),
    simulators: bool(env.SIMULATORS, bool(env.DEMO_SEED, databaseUrl === null)),
    integrations: {
      sanctionsUrl: env.SANCTIONS_URL?.trim() || null,
      sanctionsApiKey: env.SANCTIONS_API_KEY?.trim() || null,
      sanctionsDataset: env.SANCTIONS_DATASET ?? 'default',
      sanctionsThreshold: Number(env.SANCTIONS_THRESHOLD ?? 0.7),
      sumsubUrl: env.SUMSUB_URL?.trim() || null,
      sumsubAppToken: env.SUMSUB_APP_TOKEN?.trim() || null,
      sumsubSecretKey: env.SUMSUB_SECRET_KEY?.trim() || null,
      sumsubWebhookSecrets: (env.SUMSUB_WEBHOOK_SECRETS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      sumsubLevelName: env.SUMSUB_LEVEL_NAME ?? 'basic-kyc-level',
    },
  };
}

/** The payment providers to use at start-up: none from the environment when the demo's simulators play them. */
export function pspConnectionsFor(settings: Pick<Settings, 'simulators'>, providers: readonly Pick<PaymentProvider, 'id' | 'protocol'>[], env: NodeJS.ProcessEnv = process.env): PspConnection[] {
  return settings.simulators ? [] : readPspConnections(providers, env);
}

/**
 * PLATFORM_<ID>_* by platform kind: what Traderoom needs to sign in to the
 * platform (required), then what it may be given (optional).
 * MT4 (docs/mt4-bridge-protocol.md §2): the bridge's URL and Traderoom's one
 * signing key; during a rotation the bridge accepts the old and the new key,
 * and Traderoom is switched to the new one (§2.5). The bridge holds the MT4
 * manager login itself. CA_FILE: the broker's private CA for the bridge's
 * certificate.
 */
const PLATFORM_VARIABLES = {
  mt5: { required: ['URL', 'LOGIN', 'PASSWORD'], optional: [] },
  mt4: { required: ['URL', 'KEY_ID', 'KEY_SECRET'], optional: ['CA_FILE'] },
} as const satisfies Record<PlatformKind, { required: readonly string[]; optional: readonly string[] }>;

/** Secrets are taken as written; everything else is trimmed. */
const UNTRIMMED_PLATFORM_VARIABLES = new Set(['PASSWORD', 'KEY_SECRET']);

/** The environment variable prefix of a configured platform: mt5_demo → PLATFORM_MT5_DEMO_. */
export function platformEnvPrefix(platformId: string): string {
  return `PLATFORM_${platformId.toUpperCase()}_`;
}

/**
 * The trading platform servers from PLATFORM_<ID>_* (PLATFORM_VARIABLES, by
 * the platform's kind). A platform with none of them is left out (its
 * accounts cannot be opened; the caller warns); one with only some, or a bad
 * value, is a mistake that stops start-up naming the variable.
 */
export function platformConnectionsFor(
  settings: Pick<Settings, 'simulators'>,
  platforms: readonly Pick<PlatformConfig, 'id' | 'kind'>[],
  env: NodeJS.ProcessEnv = process.env,
): { connections: PlatformConnection[]; unconfigured: string[] } {
  if (settings.simulators) return { connections: [], unconfigured: [] };
  const connections: PlatformConnection[] = [];
  const unconfigured: string[] = [];
  const problems: string[] = [];
  for (const platform of platforms) {
    const prefix = platformEnvPrefix(platform.id);
    const value = (suffix: string) => (UNTRIMMED_PLATFORM_VARIABLES.has(suffix) ? env[prefix + suffix] ?? '' : env[prefix + suffix]?.trim() ?? '');
    const { required, optional } = PLATFORM_VARIABLES[platform.kind];
    const missing = required.filter((suffix) => value(suffix) === '').map((suffix) => prefix + suffix);
    if (![...required, ...optional].some((suffix) => value(suffix) !== '')) {
      unconfigured.push(platform.id);
      continue;
    }
    try {
      if (missing.length > 0) throw new SettingsError(`missing ${missing.join(', ')}`);
      connections.push(platformConnection(platform, prefix, value));
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      problems.push(`  trading platform "${platform.id}" (${platform.kind}): ${error.message}`);
    }
  }
  if (problems.length > 0) {
    throw new SettingsError(
      `Trading platforms are half set up in the environment:\n${problems.join('\n')}\n` +
        'Set or fix these variables (see the README, "Environment variables"), unset all of a platform\'s variables to leave it out, or run the demo with SIMULATORS=true.',
    );
  }
  return { connections, unconfigured };
}

function platformConnection(platform: Pick<PlatformConfig, 'id' | 'kind'>, prefix: string, value: (suffix: string) => string): PlatformConnection {
  const baseUrl = httpUrl(`${prefix}URL`, value('URL'));
  if (platform.kind === 'mt5') return { platformId: platform.id, kind: 'mt5', baseUrl, login: value('LOGIN'), password: value('PASSWORD') };
  // The bridge protocol allows plain HTTP on loopback only (§1): account bodies carry passwords.
  const { protocol, hostname } = new URL(baseUrl);
  if (protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(hostname)) {
    throw new SettingsError(`${prefix}URL must be https:// (plain http only on loopback), got "${baseUrl}"`);
  }
  const key = { id: value('KEY_ID'), secret: value('KEY_SECRET') };
  try {
    assertBridgeKey(key);
  } catch (error) {
    const message = (error as Error).message;
    throw new SettingsError(message.includes('secret') ? `${prefix}KEY_SECRET: must be 32–256 printable ASCII characters` : `${prefix}KEY_ID: ${message}`);
  }
  const caFile = value('CA_FILE');
  return { platformId: platform.id, kind: 'mt4', baseUrl, keyId: key.id, keySecret: key.secret, ...(caFile ? { caCertificate: pemFile(`${prefix}CA_FILE`, caFile) } : {}) };
}

function pemFile(name: string, path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SettingsError(`${name}: cannot read "${path}": ${(error as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new SettingsError(`${name}: "${path}" holds no PEM certificate`);
  return text;
}

/** The environment variable prefix of a configured provider: demo_card → PSP_DEMO_CARD_. */
export function pspEnvPrefix(providerId: string): string {
  return `PSP_${providerId.toUpperCase()}_`;
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(`${name} must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new SettingsError(`${name} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/**
 * The connection of every payment provider of the configuration, from
 * PSP_<ID>_* variables (see ENVIRONMENT_VARIABLES). A provider without its
 * variables stops start-up with a message naming what is missing: a method
 * whose provider cannot be reached would otherwise fail only when a client
 * tries to pay. (With SIMULATORS on, the demo uses the simulators instead and
 * this is not called.)
 */
export function readPspConnections(providers: readonly Pick<PaymentProvider, 'id' | 'protocol'>[], env: NodeJS.ProcessEnv = process.env): PspConnection[] {
  const problems: string[] = [];
  const connections: PspConnection[] = [];
  for (const provider of providers) {
    const prefix = pspEnvPrefix(provider.id);
    const wanted =
      provider.protocol === 'praxis_cashier'
        ? ['URL', 'MERCHANT_ID', 'APPLICATION_KEY', 'MERCHANT_SECRET']
        : ['URL', 'SECRET_KEY', 'WEBHOOK_SECRETS'];
    const value = (suffix: string) => env[prefix + suffix]?.trim() ?? '';
    const secrets = value('WEBHOOK_SECRETS').split(',').map((x) => x.trim()).filter(Boolean);
    const missing = wanted.filter((suffix) => (suffix === 'WEBHOOK_SECRETS' ? secrets.length === 0 : value(suffix) === '')).map((suffix) => prefix + suffix);
    if (missing.length > 0) {
      problems.push(`  payment provider "${provider.id}" (${provider.protocol}): missing ${missing.join(', ')}`);
      continue;
    }
    try {
      const baseUrl = httpUrl(`${prefix}URL`, value('URL'));
      const settlementFile = value('SETTLEMENT_FILE');
      const settlement = settlementFile ? { settlementFile } : {};
      if (provider.protocol === 'praxis_cashier') {
        const notificationUrl = value('NOTIFICATION_URL');
        connections.push({
          protocol: 'praxis',
          providerId: provider.id,
          baseUrl,
          merchantId: value('MERCHANT_ID'),
          applicationKey: value('APPLICATION_KEY'),
          merchantSecret: value('MERCHANT_SECRET'),
          ...(notificationUrl ? { notificationUrl: httpUrl(`${prefix}NOTIFICATION_URL`, notificationUrl) } : {}),
          ...settlement,
        });
      } else {
        connections.push({ protocol: 'generic', providerId: provider.id, baseUrl, secretKey: value('SECRET_KEY'), webhookSecrets: secrets, ...settlement });
      }
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      problems.push(`  payment provider "${provider.id}" (${provider.protocol}): ${error.message}`);
    }
  }
  if (problems.length > 0) {
    throw new SettingsError(
      `Payment providers of the configuration are not set up in the environment:\n${problems.join('\n')}\n` +
        'Set these variables (see the README, "Environment variables"), remove the provider and its methods from the configuration, or run the demo with SIMULATORS=true.',
    );
  }
  return connections;
}
