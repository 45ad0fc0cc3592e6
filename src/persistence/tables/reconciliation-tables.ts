/** Row types of migrations/0012_reconciliation.sql. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { BreakEvidence, BreakKind, RunNote } from '../../domain/reconciliation/breaks';

type Timestamp = ColumnType<Date, Date, Date>;
type Json<T> = ColumnType<T, string, string>;

export interface PlatformBalanceSnapshotTable {
  id: Generated<bigint>;
  trading_account_id: string;
  platform_id: string;
  login: string;
  currency: string;
  balance_minor: bigint;
  credit_minor: bigint;
  equity_minor: bigint;
  margin_minor: bigint;
  free_margin_minor: bigint;
  floating_minor: bigint;
  taken_at: Timestamp;
}

export interface PlatformSyncCursorTable {
  trading_account_id: string;
  deals_read_until: Timestamp;
  last_synced_at: Timestamp;
}

export interface PlatformExceptionEvidence {
  dealId: string;
  kind: string;
  platformType: string;
  amountMinor: string;
  balanceEffectMinor: string;
  currency: string;
  comment: string;
  time: string;
  /** Set when the comment is the reference of a transfer of another account. */
  referenceOfAnotherAccount?: string;
}

export interface PlatformExceptionTable {
  id: string;
  kind: 'unknown_deal';
  platform_id: string;
  deal_id: string;
  trading_account_id: string;
  client_id: string;
  entity_id: string;
  login: string;
  evidence: Json<PlatformExceptionEvidence>;
  owner_queue: 'finance';
  status: 'open' | 'resolved';
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ReconciliationRunTable {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  requested_by: string;
  requested_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  settlement_from: string;
  settlement_to: string;
  accounts_checked: ColumnType<number, number | undefined, number>;
  transfers_checked: ColumnType<number, number | undefined, number>;
  deals_checked: ColumnType<number, number | undefined, number>;
  settlement_rows_checked: ColumnType<number, number | undefined, number>;
  break_count: ColumnType<number, number | undefined, number>;
  breaks_by_kind: ColumnType<Record<string, number>, string | undefined, string>;
  notes: ColumnType<RunNote[], string | undefined, string>;
  error: string | null;
}

export interface ReconciliationBreakTable {
  id: string;
  run_id: string;
  seq: number;
  kind: BreakKind;
  platform_id: string | null;
  provider_id: string | null;
  trading_account_id: string | null;
  login: string | null;
  client_id: string | null;
  entity_id: string | null;
  reference: string | null;
  deal_id: string | null;
  currency: string | null;
  expected_minor: bigint | null;
  actual_minor: bigint | null;
  evidence: Json<BreakEvidence>;
  status: 'open' | 'resolved';
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ReconciliationTables {
  platform_balance_snapshot: PlatformBalanceSnapshotTable;
  platform_sync_cursor: PlatformSyncCursorTable;
  platform_exception: PlatformExceptionTable;
  reconciliation_run: ReconciliationRunTable;
  reconciliation_break: ReconciliationBreakTable;
}

export type PlatformExceptionRow = Selectable<PlatformExceptionTable>;
export type ReconciliationRunRow = Selectable<ReconciliationRunTable>;
export type ReconciliationBreakRow = Selectable<ReconciliationBreakTable>;
