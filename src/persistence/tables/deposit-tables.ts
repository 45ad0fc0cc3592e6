/** Row types of migrations/0006_deposits.sql. */
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;


export interface DepositRuleHitColumn {
  code: string;
  detail: string;
}

export interface DepositTable {
  id: string;
  client_id: string;
  entity_id: string;
  method_id: string;
  method_kind: string;
  provider_id: string;
  amount_minor: bigint;
  currency: string;
  status: string;
  provider_session_id: string | null;
  provider_session_url: string | null;
  provider_reference: string | null;
  processed_amount_minor: bigint | null;
  processed_currency: string | null;
  payer_name: string | null;
  rule_hits: ColumnType<DepositRuleHitColumn[], string | undefined, string>;
  applied_outcomes: ColumnType<string[], string[] | undefined, string[]>;
  failure_reason: string | null;
  decision_reason: string | null;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  credit_entry_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  confirmed_at: Timestamp | null;
  credited_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface DepositTables {
  deposit: DepositTable;
}

export type DepositRow = Selectable<DepositTable>;

