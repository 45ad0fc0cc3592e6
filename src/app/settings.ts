/**
 * Every environment variable Traderoom reads, in one place, with defaults
 * for the embedded demo. (The README's table is generated from this list.)
 */
import { resolve } from 'node:path';

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
  };
}
