/**
 * A client's journal: the ledger entries that touched any of the client's own
 * accounts (wallet, hold, debt, every currency), newest first, by keyset pages
 * over (occurred_at DESC, id DESC), with only the client's lines of each
 * entry (the counterpart lines are the broker's clearing and platform accounts).
 * Read-only; the ledger's writing side is ledger-repository.ts.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema';
import type { LedgerAccountKindColumn } from '../tables/ledger-tables';

type Reader = Kysely<DB> | Transaction<DB>;

export interface ClientJournalLine {
  readonly account: string;
  readonly accountKind: LedgerAccountKindColumn;
  readonly currency: string;
  /** > 0 into the account, < 0 out of it (the sign the client sees). */
  readonly amountMinor: bigint;
}

export interface ClientJournalEntry {
  readonly id: string;
  readonly kind: string;
  readonly businessType: string;
  readonly businessId: string;
  readonly occurredAt: Date;
  readonly description: string;
  readonly createdBy: string;
  readonly lines: readonly ClientJournalLine[];
}

/** Entries strictly older than `before` in (occurred_at, id) order; `limit` rows at most. */
export async function clientJournal(db: Reader, clientId: string, options: { limit: number; before?: { at: Date; id: string } | null }): Promise<ClientJournalEntry[]> {
  let query = db
    .selectFrom('journal_entry')
    .selectAll('journal_entry')
    .where('journal_entry.id', 'in', (eb) =>
      eb
        .selectFrom('posting')
        .innerJoin('ledger_account', 'ledger_account.id', 'posting.account_id')
        .select('posting.entry_id')
        .where('ledger_account.client_id', '=', clientId),
    );
  const before = options.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('journal_entry.occurred_at', '<', before.at), eb.and([eb('journal_entry.occurred_at', '=', before.at), eb('journal_entry.id', '<', before.id)])]),
    );
  }
  const entries = await query.orderBy('journal_entry.occurred_at', 'desc').orderBy('journal_entry.id', 'desc').limit(options.limit).execute();
  if (entries.length === 0) return [];

  const lines = await db
    .selectFrom('posting')
    .innerJoin('ledger_account', 'ledger_account.id', 'posting.account_id')
    .select(['posting.entry_id', 'posting.amount_minor', 'posting.currency', 'ledger_account.code', 'ledger_account.kind'])
    .where('posting.entry_id', 'in', entries.map((e) => e.id))
    .where('ledger_account.client_id', '=', clientId)
    .orderBy('posting.entry_id')
    .orderBy('posting.line')
    .execute();
  const byEntry = new Map<string, ClientJournalLine[]>();
  for (const line of lines) {
    const list = byEntry.get(line.entry_id) ?? [];
    list.push({ account: line.code, accountKind: line.kind, currency: line.currency, amountMinor: line.amount_minor });
    byEntry.set(line.entry_id, list);
  }
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    businessType: e.business_type,
    businessId: e.business_id,
    occurredAt: e.occurred_at,
    description: e.description,
    createdBy: e.created_by,
    lines: byEntry.get(e.id) ?? [],
  }));
}
