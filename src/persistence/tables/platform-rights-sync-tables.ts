/** Row types of migrations/0011_platform_rights_sync.sql. */
import type { ColumnType, Selectable } from 'kysely';
import type { PlatformRights } from '../../integrations/platforms/trading-platform';

type Timestamp = ColumnType<Date, Date, Date>;

export const PLATFORM_SYNC_STATES = ['pending', 'retrying', 'failed', 'applied'] as const;
export type PlatformSyncState = (typeof PLATFORM_SYNC_STATES)[number];

export interface PlatformRightsSyncTable {
  trading_account_id: string;
  desired_rights: PlatformRights;
  follows_client: boolean;
  state: PlatformSyncState;
  attempts: ColumnType<number, number | undefined, number>;
  desired_since: Timestamp;
  last_attempt_at: Timestamp | null;
  applied_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  next_attempt_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlatformRightsSyncTables {
  platform_rights_sync: PlatformRightsSyncTable;
}

export type PlatformRightsSyncRow = Selectable<PlatformRightsSyncTable>;
