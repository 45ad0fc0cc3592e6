/**
 * Every environment variable Traderoom reads, in one place, with defaults
 * for the embedded demo. (The README's table is generated from this list.)
 */
import { resolve } from 'node:path';
import type { IntegrationSettings } from './integrations';

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
  SIMULATORS: 'true/false: run the sanctions-list and KYC-provider simulators on loopback and use them (default: as DEMO_SEED). Demo only.',
  SANCTIONS_URL: 'Base URL of a yente (OpenSanctions) server for sanctions/PEP screening. Unset (and no simulators): no screening.',
  SANCTIONS_API_KEY: 'API key for the hosted OpenSanctions API (sent as `Authorization: ApiKey …`).',
  SANCTIONS_DATASET: 'yente dataset to match against (default `default`).',
  SANCTIONS_THRESHOLD: 'Match score from which a result is a hit (default 0.7).',
  SUMSUB_URL: 'Sumsub API base URL (e.g. https://api.sumsub.com). Unset (and no simulators): manual review only.',
  SUMSUB_APP_TOKEN: 'Sumsub app token.',
  SUMSUB_SECRET_KEY: 'Sumsub secret key (signs API requests).',
  SUMSUB_WEBHOOK_SECRETS: 'Comma-separated webhook secret(s); two during a rotation.',
  SUMSUB_LEVEL_NAME: 'Sumsub verification level name (default basic-kyc-level).',
} as const;

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
