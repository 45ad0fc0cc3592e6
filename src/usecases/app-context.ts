/** What every use case receives: the database, the operating model, time, the outbox. */
import type { Kysely } from 'kysely';
import type { TraderoomConfig } from '../config/schema';
import type { FileStore } from '../integrations/files/file-store';
import type { Integrations } from './integrations';
import type { JobQueue } from '../jobs/job-queue';
import type { Database } from '../persistence/database';
import type { DB } from '../persistence/schema';
import type { Clock } from './clock';

export interface AppContext {
  readonly database: Database;
  readonly db: Kysely<DB>;
  readonly config: TraderoomConfig;
  readonly clock: Clock;
  readonly jobs: JobQueue;
  /** Uploaded files, content-addressed. */
  readonly files: FileStore;
  /** External systems (sanctions screening, KYC provider); each may be absent. */
  readonly integrations: Integrations;
  /** Base URL people open (links in emails). */
  readonly publicUrl: string;
}

/** Where a request came from; copied into every audit event it causes. */
export interface RequestMeta {
  readonly requestId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export const SYSTEM_REQUEST: RequestMeta = { requestId: null, ip: null, userAgent: null };
