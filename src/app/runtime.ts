/**
 * Wires a running Traderoom: database (migrated), configuration, clock, job
 * queue with its workers, mailer. Used by the server, the CLI and the tests.
 */
import { join } from 'node:path';
import type { TraderoomConfig } from '../config/schema';
import { fileMailer, smtpMailer, type Mailer } from '../integrations/email/mailer';
import { emailJobHandler } from '../jobs/email-job-handler';
import { kycJobHandlers } from '../jobs/kyc-job-handlers';
import { paymentJobHandlers } from '../jobs/payment-job-handlers';
import { platformJobHandlers } from '../jobs/platform-job-handlers';
import { reconciliationJobHandlers } from '../jobs/reconciliation-job-handlers';
import type { FileStore } from '../integrations/files/file-store';
import { NO_INTEGRATIONS, type Integrations } from '../usecases/integrations';
import { JobQueue } from '../jobs/job-queue';
import type { Database } from '../persistence/database';
import { migrate } from '../persistence/migrate';
import type { AppContext } from '../usecases/app-context';
import { systemClock, type Clock } from '../usecases/clock';

export interface RuntimeOptions {
  database: Database;
  config: TraderoomConfig;
  publicUrl: string;
  mailer: Mailer;
  files: FileStore;
  integrations?: Integrations;
  clock?: Clock;
  /** Start job workers (false: enqueue only, e.g. a CLI command). */
  workers?: boolean;
  pollingIntervalSeconds?: number;
  log?: (message: string) => void;
}

/** Daily at 06:00 broker time; and a list-version check every 15 minutes. */
const DUE_DILIGENCE_CRON = '0 6 * * *';
const RESCREEN_CRON = '*/15 * * * *';
/** Platform balances and deals every 15 minutes; a reconciliation run daily at 05:00 broker time (SPEC §8). */
const BALANCE_SYNC_CRON = '*/15 * * * *';
const RECONCILIATION_CRON = '0 5 * * *';

export interface Runtime {
  ctx: AppContext;
  stop(): Promise<void>;
}

export function mailerFor(settings: { smtpUrl: string | null; dataDir: string; mailFrom: string }, config: TraderoomConfig): Mailer {
  const from = settings.mailFrom || `${config.broker.name} <${config.broker.supportEmail}>`;
  return settings.smtpUrl ? smtpMailer(settings.smtpUrl, from) : fileMailer(join(settings.dataDir, 'mail'), from);
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => undefined);
  await migrate(options.database);
  const jobs = new JobQueue(options.database, {
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
    onError: (error) => log(`job queue error: ${error.message}`),
  });
  await jobs.install();
  const ctx: AppContext = {
    database: options.database,
    db: options.database.db,
    config: options.config,
    clock: options.clock ?? systemClock,
    jobs,
    files: options.files,
    integrations: options.integrations ?? NO_INTEGRATIONS,
    publicUrl: options.publicUrl,
  };
  if (options.workers !== false) {
    await jobs.work({ 'email.send': emailJobHandler(options.mailer, log), ...kycJobHandlers(ctx, log), ...paymentJobHandlers(ctx, log), ...platformJobHandlers(ctx, log), ...reconciliationJobHandlers(ctx, log) });
    await jobs.schedule('kyc.due_diligence', DUE_DILIGENCE_CRON, {}, options.config.sla.workingHours.timezone);
    await jobs.schedule('screening.rescreen_all', RESCREEN_CRON, { reason: 'periodic list check' }, 'UTC');
    await jobs.schedule('platform.balance_sync', BALANCE_SYNC_CRON, {}, 'UTC');
    await jobs.schedule('reconciliation.run', RECONCILIATION_CRON, {}, options.config.sla.workingHours.timezone);
  }
  return {
    ctx,
    async stop() {
      await jobs.stop();
    },
  };
}
