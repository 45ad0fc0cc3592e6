/**
 * Recomputes the ledger from its postings and compares: every entry has the
 * postings it declared and balances per currency; every account's cached
 * balance (and version = number of postings) equals its postings; no
 * recomputed wallet, hold or debt breaks its rule; and all balances of one
 * currency sum to zero. Read in one REPEATABLE READ snapshot, so it can run
 * while money moves. The balance cache is allowed only because this check
 * exists (issue 5, "Ledger").
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema';

export interface LedgerVerification {
  readonly ok: boolean;
  readonly entriesChecked: number;
  readonly postingsChecked: number;
  readonly accountsChecked: number;
  readonly unbalancedEntries: { entryId: string; currency: string; sumMinor: bigint }[];
  readonly postingCountMismatches: { entryId: string; declared: number; found: number }[];
  readonly cacheMismatches: { account: string; cachedMinor: bigint; recomputedMinor: bigint; cachedVersion: bigint; postings: bigint }[];
  readonly ruleViolations: { account: string; rule: string; recomputedMinor: bigint }[];
  readonly nonZeroCurrencyTotals: { currency: string; sumMinor: bigint }[];
}

const big = (value: unknown): bigint => BigInt(String(value));

async function check(db: Kysely<DB> | Transaction<DB>): Promise<LedgerVerification> {
  const counts = await sql<{ entries: unknown; postings: unknown; accounts: unknown }>`
    select (select count(*) from journal_entry) as entries,
           (select count(*) from posting) as postings,
           (select count(*) from ledger_account) as accounts`.execute(db);
  const unbalanced = await sql<{ entry_id: string; currency: string; total: unknown }>`
    select entry_id, currency, sum(amount_minor) as total
      from posting group by entry_id, currency having sum(amount_minor) <> 0
     order by entry_id, currency`.execute(db);
  const miscounted = await sql<{ id: string; posting_count: number; found: unknown }>`
    select e.id, e.posting_count, count(p.entry_id) as found
      from journal_entry e left join posting p on p.entry_id = e.id
     group by e.id, e.posting_count having count(p.entry_id) <> e.posting_count
     order by e.id`.execute(db);
  const accounts = await sql<{ code: string; balance_rule: string; cached: unknown; version: unknown; recomputed: unknown; postings: unknown }>`
    select a.code, a.balance_rule, b.balance_minor as cached, b.version,
           coalesce(p.total, 0) as recomputed, coalesce(p.n, 0) as postings
      from ledger_account a
      left join account_balance b on b.account_id = a.id
      left join (select account_id, sum(amount_minor) as total, count(*) as n from posting group by account_id) p
             on p.account_id = a.id
     order by a.code`.execute(db);
  const totals = await sql<{ currency: string; total: unknown }>`
    select currency, sum(amount_minor) as total from posting
     group by currency having sum(amount_minor) <> 0 order by currency`.execute(db);

  const cacheMismatches: LedgerVerification['cacheMismatches'] = [];
  const ruleViolations: LedgerVerification['ruleViolations'] = [];
  for (const row of accounts.rows) {
    const recomputed = big(row.recomputed);
    const postings = big(row.postings);
    const cached = row.cached === null ? null : big(row.cached);
    const version = row.version === null ? null : big(row.version);
    if (cached !== recomputed || version !== postings) {
      cacheMismatches.push({ account: row.code, cachedMinor: cached ?? -1n, recomputedMinor: recomputed, cachedVersion: version ?? -1n, postings });
    }
    if ((row.balance_rule === 'non_negative' && recomputed < 0n) || (row.balance_rule === 'non_positive' && recomputed > 0n)) {
      ruleViolations.push({ account: row.code, rule: row.balance_rule, recomputedMinor: recomputed });
    }
  }
  const result = {
    entriesChecked: Number(counts.rows[0]!.entries),
    postingsChecked: Number(counts.rows[0]!.postings),
    accountsChecked: Number(counts.rows[0]!.accounts),
    unbalancedEntries: unbalanced.rows.map((r) => ({ entryId: r.entry_id, currency: r.currency, sumMinor: big(r.total) })),
    postingCountMismatches: miscounted.rows.map((r) => ({ entryId: r.id, declared: r.posting_count, found: Number(r.found) })),
    cacheMismatches,
    ruleViolations,
    nonZeroCurrencyTotals: totals.rows.map((r) => ({ currency: r.currency, sumMinor: big(r.total) })),
  };
  const ok =
    result.unbalancedEntries.length === 0 &&
    result.postingCountMismatches.length === 0 &&
    cacheMismatches.length === 0 &&
    ruleViolations.length === 0 &&
    result.nonZeroCurrencyTotals.length === 0;
  return { ok, ...result };
}

/** Runs the check in its own read-only snapshot, or inside the caller's transaction when given one. */
export async function verifyLedger(db: Kysely<DB> | Transaction<DB>): Promise<LedgerVerification> {
  if (db.isTransaction) return check(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) => check(trx));
}
