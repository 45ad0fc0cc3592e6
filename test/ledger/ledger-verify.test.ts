/**
 * verifyLedger finds what only someone with the power to switch triggers off
 * could do: a forged cached balance, an edited or deleted posting. (Its own
 * database: the tampering here stays here.)
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depositCreditEntry, money, walletAccount, withdrawalHoldEntry } from '../../src/domain/ledger';
import { newId } from '../../src/persistence/ids';
import { findEntry } from '../../src/persistence/ledger/ledger-repository';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import type { DB } from '../../src/persistence/schema';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { post, seedClients } from './ledger-support';

let database: TestDatabase;
let db: Kysely<DB>;
let clientId: string;
const depositRef = { type: 'deposit', id: newId() };
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  [clientId] = (await seedClients(db, 1)) as [string];
  await post(db, depositCreditEntry({ ref: depositRef, clientId, providerId: 'card', amount: money(10_000n, 'USD') }));
  await post(db, withdrawalHoldEntry({ ref: { type: 'withdrawal', id: newId() }, clientId, amount: money(2_500n, 'USD') }));
});
afterAll(async () => database?.close());

/** Runs `statement` with the ledger's protective triggers switched off (as a table owner could). */
async function tamper(table: 'account_balance' | 'posting', statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table ${sql.table(table)} disable trigger user`.execute(trx);
    await statement.execute(trx);
    await sql`alter table ${sql.table(table)} enable trigger user`.execute(trx);
  });
}

describe('verifyLedger', () => {
  it('passes on an untouched ledger', async () => {
    expect(await verifyLedger(db)).toEqual({
      ok: true,
      entriesChecked: 2,
      postingsChecked: 4,
      accountsChecked: 3,
      unbalancedEntries: [],
      postingCountMismatches: [],
      cacheMismatches: [],
      ruleViolations: [],
      nonZeroCurrencyTotals: [],
    });
  });

  it('names a cached balance that no longer matches its postings', async () => {
    const wallet = walletAccount(clientId, 'USD');
    await tamper(
      'account_balance',
      sql`update account_balance set balance_minor = balance_minor + 100
          where account_id = (select id from ledger_account where code = ${wallet})`,
    );
    const report = await verifyLedger(db);
    expect(report.ok).toBe(false);
    expect(report.cacheMismatches).toEqual([{ account: wallet, cachedMinor: 7_600n, recomputedMinor: 7_500n, cachedVersion: 2n, postings: 2n }]);
    expect(report.unbalancedEntries).toEqual([]);
    await tamper(
      'account_balance',
      sql`update account_balance set balance_minor = balance_minor - 100
          where account_id = (select id from ledger_account where code = ${wallet})`,
    );
    expect((await verifyLedger(db)).ok).toBe(true);
  });

  it('names an edited posting: its entry no longer balances, the currency total is off, the cache disagrees', async () => {
    const entry = (await findEntry(db, 'deposit_credit', depositRef))!;
    await tamper('posting', sql`update posting set amount_minor = amount_minor + 1 where entry_id = ${entry.id} and line = 2`);
    const report = await verifyLedger(db);
    expect(report.ok).toBe(false);
    expect(report.unbalancedEntries).toEqual([{ entryId: entry.id, currency: 'USD', sumMinor: 1n }]);
    expect(report.nonZeroCurrencyTotals).toEqual([{ currency: 'USD', sumMinor: 1n }]);
    expect(report.cacheMismatches.map((m) => m.account)).toEqual([walletAccount(clientId, 'USD')]);
  });

  it('names an entry that lost a posting', async () => {
    const entry = (await findEntry(db, 'deposit_credit', depositRef))!;
    await tamper('posting', sql`delete from posting where entry_id = ${entry.id} and line = 1`);
    const report = await verifyLedger(db);
    expect(report.postingCountMismatches).toEqual([{ entryId: entry.id, declared: 2, found: 1 }]);
    expect(report.ruleViolations).toEqual([]);
  });
});
