/**
 * The money invariants the property and concurrency tests check after every
 * step, read straight from the database (not through the use cases under
 * test), and a digest of the whole money state to prove that a refused
 * operation changed nothing.
 */
import { sql, type Kysely } from 'kysely';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import type { DB } from '../../src/persistence/schema';

/** Withdrawal states whose amount is on hold (everything before paid / declined / cancelled). */
export const HELD_WITHDRAWAL_STATES = [
  'submitted',
  'support_review',
  'compliance_review',
  'finance_review',
  'supervisor_review',
  'escalated',
  'payout_pending',
] as const;

const json = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

/**
 * Every invariant of the client-money ledger, as a list of human-readable
 * problems (empty when all hold):
 * - verifyLedger: entries balance, cache = postings, rules, currency totals;
 * - every journal entry's postings sum to zero per currency (checked here again);
 * - per currency, the balances of all accounts sum to zero, and so do all postings;
 * - every client wallet and hold ≥ 0, every debt account ≤ 0 (the tracked debt);
 * - per client and currency, the hold equals the amounts of the client's
 *   withdrawals still in a held state.
 */
export async function moneyInvariantProblems(db: Kysely<DB>): Promise<string[]> {
  const problems: string[] = [];
  const verification = await verifyLedger(db);
  if (!verification.ok) {
    problems.push(
      `verifyLedger failed: ${json({
        unbalancedEntries: verification.unbalancedEntries,
        postingCountMismatches: verification.postingCountMismatches,
        cacheMismatches: verification.cacheMismatches,
        ruleViolations: verification.ruleViolations,
        nonZeroCurrencyTotals: verification.nonZeroCurrencyTotals,
      })}`,
    );
  }
  const unbalanced = await sql<{ entry_id: string; kind: string; currency: string; total: unknown }>`
    select p.entry_id, e.kind, p.currency, sum(p.amount_minor)::text as total
      from posting p join journal_entry e on e.id = p.entry_id
     group by p.entry_id, e.kind, p.currency having sum(p.amount_minor) <> 0`.execute(db);
  for (const r of unbalanced.rows) problems.push(`journal entry ${r.entry_id} (${r.kind}) sums to ${String(r.total)} ${r.currency}`);

  const emptyEntries = await sql<{ id: string; kind: string }>`
    select e.id, e.kind from journal_entry e where not exists (select 1 from posting p where p.entry_id = e.id)`.execute(db);
  for (const r of emptyEntries.rows) problems.push(`journal entry ${r.id} (${r.kind}) has no postings`);

  const balanceTotals = await sql<{ currency: string; total: unknown }>`
    select a.currency, sum(b.balance_minor)::text as total
      from ledger_account a join account_balance b on b.account_id = a.id
     group by a.currency having sum(b.balance_minor) <> 0`.execute(db);
  for (const r of balanceTotals.rows) problems.push(`the account balances in ${r.currency} sum to ${String(r.total)}, not 0`);
  const postingTotals = await sql<{ currency: string; total: unknown }>`
    select currency, sum(amount_minor)::text as total from posting group by currency having sum(amount_minor) <> 0`.execute(db);
  for (const r of postingTotals.rows) problems.push(`the postings in ${r.currency} sum to ${String(r.total)}, not 0`);

  const broken = await sql<{ code: string; balance: unknown }>`
    select a.code, b.balance_minor::text as balance
      from ledger_account a join account_balance b on b.account_id = a.id
     where (a.kind in ('client_wallet', 'client_hold') and b.balance_minor < 0)
        or (a.kind = 'client_debt' and b.balance_minor > 0)`.execute(db);
  for (const r of broken.rows) problems.push(`client account ${r.code} has balance ${String(r.balance)}`);

  const held = sql.join(HELD_WITHDRAWAL_STATES.map((s) => sql.lit(s)));
  const holds = await sql<{ client_id: string; currency: string; hold: unknown; open: unknown }>`
    with holds as (
      select a.client_id, a.currency, b.balance_minor as hold
        from ledger_account a join account_balance b on b.account_id = a.id
       where a.kind = 'client_hold'),
    open as (
      select client_id, currency, sum(amount_minor) as open
        from withdrawal where status in (${held}) group by client_id, currency)
    select coalesce(h.client_id, o.client_id) as client_id, coalesce(h.currency, o.currency) as currency,
           coalesce(h.hold, 0)::text as hold, coalesce(o.open, 0)::text as open
      from holds h full outer join open o on o.client_id = h.client_id and o.currency = h.currency
     where coalesce(h.hold, 0) <> coalesce(o.open, 0)`.execute(db);
  for (const r of holds.rows) {
    problems.push(`client ${r.client_id} holds ${String(r.hold)} ${r.currency} but has ${String(r.open)} in open withdrawals`);
  }
  return problems;
}

export async function assertMoneyInvariants(db: Kysely<DB>, context = ''): Promise<void> {
  const problems = await moneyInvariantProblems(db);
  if (problems.length > 0) throw new Error(`money invariants broken${context ? ` ${context}` : ''}:\n  - ${problems.join('\n  - ')}`);
}

/** Tables holding client money and the state of deposits and withdrawals. */
const STATE_TABLES = [
  'ledger_account',
  'account_balance',
  'journal_entry',
  'posting',
  'deposit',
  'deposit_refund',
  'withdrawal',
  'withdrawal_step',
  'withdrawal_payout',
  'payout_destination',
  'client_flag',
  'provider_event',
] as const;

export type StateDigest = Record<(typeof STATE_TABLES)[number], string>;

/** One md5 per table over all its rows (as text, sorted): equal digests → nothing changed. */
export async function moneyStateDigest(db: Kysely<DB>): Promise<StateDigest> {
  const out: Partial<StateDigest> = {};
  for (const table of STATE_TABLES) {
    const row = await sql<{ n: unknown; digest: string }>`
      select count(*)::text as n, md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as digest
        from ${sql.table(table)} t`.execute(db);
    out[table] = `${String(row.rows[0]!.n)}:${row.rows[0]!.digest}`;
  }
  return out as StateDigest;
}

/** The tables whose content differs between two digests. */
export function changedTables(before: StateDigest, after: StateDigest): string[] {
  return (Object.keys(before) as (keyof StateDigest)[]).filter((t) => before[t] !== after[t]);
}
