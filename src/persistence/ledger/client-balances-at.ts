/**
 * A client's balances as they stood at a past moment, summed from the
 * immutable postings of entries that occurred by then (the balance cache only
 * knows the present). Per currency: available (wallet), on hold, owed (debt,
 * as a positive amount), in minor units.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema';

type Reader = Kysely<DB> | Transaction<DB>;

export interface ClientBalanceAt {
  currency: string;
  availableMinor: bigint;
  onHoldMinor: bigint;
  debtMinor: bigint;
}

export async function clientBalancesAt(db: Reader, clientId: string, at: Date): Promise<ClientBalanceAt[]> {
  const rows = await db
    .selectFrom('posting')
    .innerJoin('ledger_account', 'ledger_account.id', 'posting.account_id')
    .innerJoin('journal_entry', 'journal_entry.id', 'posting.entry_id')
    .select(['ledger_account.kind', 'ledger_account.currency', sql<bigint>`sum(posting.amount_minor)::bigint`.as('total_minor')])
    .where('ledger_account.client_id', '=', clientId)
    .where('journal_entry.occurred_at', '<=', at)
    .groupBy(['ledger_account.kind', 'ledger_account.currency'])
    .execute();
  const byCurrency = new Map<string, ClientBalanceAt>();
  for (const row of rows) {
    const entry = byCurrency.get(row.currency) ?? { currency: row.currency, availableMinor: 0n, onHoldMinor: 0n, debtMinor: 0n };
    const total = BigInt(row.total_minor);
    if (row.kind === 'client_wallet') entry.availableMinor = total;
    else if (row.kind === 'client_hold') entry.onHoldMinor = total;
    else if (row.kind === 'client_debt') entry.debtMinor = -total;
    byCurrency.set(row.currency, entry);
  }
  return [...byCurrency.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
}
