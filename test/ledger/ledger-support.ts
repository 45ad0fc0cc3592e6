/** Shared helpers for the ledger tests: clients to own accounts, one-entry transactions, state snapshots. */
import type { Kysely } from 'kysely';
import type { EntryDraft } from '../../src/domain/ledger';
import { newId } from '../../src/persistence/ids';
import { postEntry, type PostingContext, type PostResult } from '../../src/persistence/ledger/ledger-repository';
import type { DB } from '../../src/persistence/schema';

export const CONTEXT: PostingContext = { now: new Date('2026-03-01T10:00:00Z'), createdBy: 'system' };

let seeded = 0;

/** Inserts `count` bare clients (the ledger's client accounts reference them). */
export async function seedClients(db: Kysely<DB>, count: number): Promise<string[]> {
  const now = new Date();
  const ids = Array.from({ length: count }, () => newId());
  await db
    .insertInto('client')
    .values(
      ids.map((id) => {
        seeded += 1;
        return {
          id,
          email: `ledger-${process.pid}-${seeded}-${id.slice(-6)}@example.test`,
          password_hash: 'not-a-real-hash',
          first_name: 'Ledger',
          last_name: `Client${seeded}`,
          country: 'DE',
          client_type: 'individual' as const,
          entity_id: 'eu',
          status: 'active',
          verification_level: 'full',
          language: 'en',
          email_verified_at: now,
          created_at: now,
          updated_at: now,
        };
      }),
    )
    .execute();
  return ids;
}

/** Posts one entry in its own transaction (what a use case does). */
export function post(db: Kysely<DB>, draft: EntryDraft, context: PostingContext = CONTEXT): Promise<PostResult> {
  return db.transaction().execute((trx) => postEntry(trx, draft, context));
}

export interface LedgerSnapshot {
  entries: number;
  postings: number;
  balances: Record<string, string>;
}

/** Everything a refused operation must leave unchanged. */
export async function snapshot(db: Kysely<DB>): Promise<LedgerSnapshot> {
  const entries = await db.selectFrom('journal_entry').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const postings = await db.selectFrom('posting').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('account_balance')
    .innerJoin('ledger_account', 'ledger_account.id', 'account_balance.account_id')
    .select(['ledger_account.code', 'account_balance.balance_minor', 'account_balance.version'])
    .orderBy('ledger_account.code')
    .execute();
  return {
    entries: Number(entries.n),
    postings: Number(postings.n),
    balances: Object.fromEntries(rows.map((r) => [r.code, `${r.balance_minor}@${r.version}`])),
  };
}

/** The SQLSTATE and message of a database error, whichever driver threw it. */
export function pgError(error: unknown): { code: string | undefined; message: string } {
  const e = error as { code?: string; message?: string };
  return { code: e.code, message: e.message ?? String(error) };
}
