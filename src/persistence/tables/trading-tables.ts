/** Row types of migrations/0010_trading_accounts.sql. */
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

export interface TradingAccountTable {
  id: string;
  client_id: string;
  entity_id: string;
  platform_id: string;
  account_type: 'live' | 'demo';
  platform_group: string;
  currency: string;
  leverage: number;
  reference: string;
  login: string | null;
  status: string;
  rights: string | null;
  failure_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  provisioned_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface TradingTransferTable {
  id: string;
  client_id: string;
  trading_account_id: string;
  direction: 'to_account' | 'to_wallet';
  amount_minor: bigint;
  currency: string;
  status: 'pending' | 'completed' | 'failed';
  reference: string;
  platform_deal_id: string | null;
  failure_reason: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface TradingTables {
  trading_account: TradingAccountTable;
  trading_transfer: TradingTransferTable;
}

export type TradingAccountRow = Selectable<TradingAccountTable>;
export type TradingTransferRow = Selectable<TradingTransferTable>;
