/**
 * Row types of the tables created by `migrations/*.sql`, for Kysely: the
 * foundation's here, later ones in `tables/`, one file per migration.
 * Keep in step with the migrations; the migration test compares them.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ClientMessageTables } from './tables/client-message-tables';
import type { ClientPaymentFlagTables } from './tables/client-payment-flag-tables';
import type { DepositTables } from './tables/deposit-tables';
import type { LedgerTables } from './tables/ledger-tables';
import type { OnboardingTables } from './tables/onboarding-tables';
import type { PlatformRightsSyncTables } from './tables/platform-rights-sync-tables';
import type { ReconciliationTables } from './tables/reconciliation-tables';
import type { TradingTables } from './tables/trading-tables';
import type { WithdrawalTables } from './tables/withdrawal-tables';

type Timestamp = ColumnType<Date, Date, Date>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface ClientTable {
  id: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  country: string;
  client_type: 'individual' | 'corporate';
  entity_id: string;
  status: string;
  verification_level: string;
  language: string;
  email_verified_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  // from 0002_onboarding
  risk_level: ColumnType<'low' | 'medium' | 'high', 'low' | 'medium' | 'high' | undefined, 'low' | 'medium' | 'high'>;
  risk_score: ColumnType<number, number | undefined, number>;
  risk_factors: ColumnType<unknown[], string | undefined, string>;
  risk_override: 'low' | 'medium' | 'high' | null;
  kyc_verified_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  next_review_on: ColumnType<string | null, string | null | undefined, string | null>;
  restriction_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StaffTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  /** NULL means every entity. */
  entity_ids: string[] | null;
  totp_secret: string | null;
  totp_enrolled_at: Timestamp | null;
  totp_last_step: bigint | null;
  active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionTable {
  token_hash: string;
  realm: 'client' | 'staff';
  subject_id: string;
  stage: 'active' | 'totp' | 'totp_enrolment';
  pending_totp_secret: string | null;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface OneTimeTokenTable {
  token_hash: string;
  purpose: 'email_verification' | 'password_reset';
  client_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AuditStreamTable {
  stream_id: string;
  last_seq: bigint;
  last_hash: string;
}

export interface AuditEventTable {
  id: string;
  stream_id: string;
  seq: bigint;
  occurred_at: Timestamp;
  actor_type: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  client_id: string | null;
  old_values: Json | null;
  new_values: Json | null;
  note: string | null;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: Json | null;
  created_at: Timestamp;
}

export interface SchemaMigrationTable {
  version: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface DB extends OnboardingTables, LedgerTables, DepositTables, WithdrawalTables, ClientPaymentFlagTables, TradingTables, PlatformRightsSyncTables, ReconciliationTables, ClientMessageTables {
  client: ClientTable;
  staff: StaffTable;
  session: SessionTable;
  one_time_token: OneTimeTokenTable;
  audit_stream: AuditStreamTable;
  audit_event: AuditEventTable;
  idempotency_key: IdempotencyKeyTable;
  schema_migration: SchemaMigrationTable;
}

export type ClientRow = Selectable<ClientTable>;
export type StaffRow = Selectable<StaffTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
