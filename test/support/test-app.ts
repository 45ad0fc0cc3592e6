/**
 * A running Traderoom for tests: a fresh migrated database, the job queue
 * with workers, mail written to a temp folder, and the HTTP server listening
 * on a real loopback port.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startRuntime, type Runtime } from '../../src/app/runtime';
import { loadConfig } from '../../src/config/load-config';
import type { TraderoomConfig } from '../../src/config/schema';
import { buildServer } from '../../src/http/server';
import { fileMailer } from '../../src/integrations/email/mailer';
import { localFileStore } from '../../src/integrations/files/file-store';
import type { Integrations } from '../../src/usecases/integrations';
import type { AppContext } from '../../src/usecases/app-context';
import type { Clock } from '../../src/usecases/clock';
import { createTestDatabase, type TestDatabase } from './test-database';
import { waitFor } from './wait-for';

export interface TestApp {
  ctx: AppContext;
  database: TestDatabase;
  runtime: Runtime;
  server: FastifyInstance;
  baseUrl: string;
  mailDir: string;
  /** Waits for the next email to `to` and returns its decoded text. */
  waitForMail(to: string, count?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startTestApp(
  options: { clock?: Clock; config?: TraderoomConfig; webDist?: string | null; integrations?: Integrations; workers?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = options.config ?? loadConfig();
  const mailDir = mkdtempSync(join(tmpdir(), 'traderoom-mail-'));
  const runtime = await startRuntime({
    database,
    config,
    publicUrl: 'http://traderoom.test',
    mailer: fileMailer(mailDir, 'test@traderoom.test'),
    files: localFileStore(join(mailDir, 'files')),
    pollingIntervalSeconds: 0.5,
    ...(options.integrations ? { integrations: options.integrations } : {}),
    ...(options.workers === false ? { workers: false } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const server = await buildServer(runtime.ctx, { cookieSecure: false, webDist: options.webDist ?? null });
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    ctx: runtime.ctx,
    database,
    runtime,
    server,
    baseUrl: address,
    mailDir,
    async waitForMail(to, count = 1) {
      const mine = () => readdirSync(mailDir).filter((f) => f.endsWith(`-${to}.eml`)).sort();
      await waitFor(() => mine().length >= count, 20_000);
      return decodeEml(readFileSync(join(mailDir, mine()[count - 1]!), 'utf8'));
    },
    async close() {
      await server.close();
      await runtime.stop();
      await database.close();
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
}

/** Undoes quoted-printable soft breaks and escapes, enough to read links out of our own mails. */
export function decodeEml(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function linkToken(mail: string, path: string): string {
  const match = mail.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`no ${path} link in mail:\n${mail}`);
  return match[1]!;
}
