/** Row types of migrations/0004_ledger.sql. */
import type { ColumnType, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date, Date>;

export type LedgerAccountKindColumn =
  | 'client_wallet'
  | 'client_hold'
  | 'client_debt'
  | 'psp_clearing'
  | 'platform'
  | 'broker_fees'
  | 'broker_chargeback_losses';
export type BalanceRuleColumn = 'non_negative' | 'non_positive' | 'any';

export interface LedgerAccountTable {
  id: string;
  code: string;
  kind: LedgerAccountKindColumn;
  currency: string;
  client_id: string | null;
  balance_rule: BalanceRuleColumn;
  created_at: Timestamp;
}

export interface JournalEntryTable {
  id: string;
  kind: string;
  business_type: string;
  business_id: string;
  posting_count: number;
  occurred_at: Timestamp;
  description: string;
  created_by: string;
}

export interface PostingTable {
  entry_id: string;
  line: number;
  account_id: string;
  currency: string;
  amount_minor: bigint;
}

/** Written only by the database's own triggers; read (and row-locked) by the ledger repository. */
export interface AccountBalanceTable {
  account_id: string;
  currency: string;
  balance_rule: BalanceRuleColumn;
  balance_minor: bigint;
  version: bigint;
}

export interface LedgerTables {
  ledger_account: LedgerAccountTable;
  journal_entry: JournalEntryTable;
  posting: PostingTable;
  account_balance: AccountBalanceTable;
}

export type LedgerAccountRow = Selectable<LedgerAccountTable>;
export type JournalEntryRow = Selectable<JournalEntryTable>;
export type PostingRow = Selectable<PostingTable>;
