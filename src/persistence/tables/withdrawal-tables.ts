/** Row types of migrations/0007_withdrawals.sql. */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;
type Json<T> = ColumnType<T, string, string>;

export interface ReasonColumn {
  code: string;
  detail: string;
}

export interface PayoutDestinationTable {
  id: string;
  client_id: string;
  kind: 'bank_account' | 'e_wallet' | 'crypto_address';
  label: string;
  holder_name: string;
  details: Json<Record<string, string>>;
  name_match: 'match' | 'partial' | 'mismatch';
  flags: ColumnType<string[], string[] | undefined, string[]>;
  status: 'active' | 'unverified' | 'removed';
  usable_from: Timestamp;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface WithdrawalTable {
  id: string;
  client_id: string;
  entity_id: string;
  method_id: string;
  method_kind: string;
  provider_id: string;
  destination_id: string | null;
  destination: Json<Record<string, unknown>>;
  amount_minor: bigint;
  currency: string;
  status: string;
  stages: string[];
  review_reasons: ColumnType<ReasonColumn[], string | undefined, string>;
  escalated_from: string | null;
  stage_entered_at: Timestamp;
  assigned_to: string | null;
  decline_reason: string | null;
  last_note: string | null;
  payout_failure_reason: string | null;
  hold_entry_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  paid_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface WithdrawalPayoutTable {
  id: string;
  withdrawal_id: string;
  attempt: number;
  provider_id: string;
  channel: 'api' | 'manual';
  status: 'initiating' | 'pending' | 'paid' | 'failed' | 'returned';
  provider_payout_id: string | null;
  failure_reason: string | null;
  applied_outcomes: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WithdrawalStepTable {
  id: Generated<bigint>;
  withdrawal_id: string;
  event: string;
  from_status: string | null;
  to_status: string;
  actor_type: string;
  actor_id: string;
  approved_stage: string | null;
  reason: string | null;
  note: string | null;
  elapsed_ms: bigint | null;
  at: Timestamp;
}

export interface WithdrawalTables {
  payout_destination: PayoutDestinationTable;
  withdrawal: WithdrawalTable;
  withdrawal_payout: WithdrawalPayoutTable;
  withdrawal_step: WithdrawalStepTable;
}

export type PayoutDestinationRow = Selectable<PayoutDestinationTable>;
export type WithdrawalRow = Selectable<WithdrawalTable>;
export type WithdrawalPayoutRow = Selectable<WithdrawalPayoutTable>;
export type WithdrawalStepRow = Selectable<WithdrawalStepTable>;
