/** Row types of migrations/0008_client_payment_flags.sql. */
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

export const CLIENT_FLAG_KINDS = ['chargeback', 'refund', 'debt'] as const;
export type ClientFlagKind = (typeof CLIENT_FLAG_KINDS)[number];

export interface ClientFlagTable {
  id: string;
  client_id: string;
  kind: ClientFlagKind;
  subject_type: string;
  subject_id: string;
  reason: string;
  created_at: Timestamp;
  created_by: string;
  cleared_at: Timestamp | null;
  cleared_by: string | null;
  clear_note: string | null;
}

export interface DepositRefundTable {
  id: string;
  deposit_id: string;
  provider_id: string;
  provider_refund_id: string;
  amount_minor: bigint;
  currency: string;
  status: 'refunded' | 'failed';
  refund_entry_id: string | null;
  reversal_entry_id: string | null;
  failure_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ClientPaymentFlagTables {
  client_flag: ClientFlagTable;
  deposit_refund: DepositRefundTable;
}

export type ClientFlagRow = Selectable<ClientFlagTable>;
export type DepositRefundRow = Selectable<DepositRefundTable>;
