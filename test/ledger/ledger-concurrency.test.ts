/**
 * The ledger under concurrent use (PRACTICES.md "Concurrency"). On real
 * PostgreSQL (TEST_DATABASE_URL) these race for row locks; on PGlite the
 * dialect serialises transactions, so the same assertions hold trivially
 * and the file documents the contract.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors';
import {
  clearingAccount,
  depositCreditEntry,
  holdAccount,
  money,
  platformAccount,
  transferFromPlatformEntry,
  transferToPlatformEntry,
  walletAccount,
  withdrawalHoldEntry,
} from '../../src/domain/ledger';
import { openDatabase, type Database } from '../../src/persistence/database';
import { newId } from '../../src/persistence/ids';
import { balanceOf, clientBalance, ensureAccounts, postChargeback, postEntry, type PostResult } from '../../src/persistence/ledger/ledger-repository';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import type { DB } from '../../src/persistence/schema';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database';
import { CONTEXT, pgError, post, seedClients } from './ledger-support';

let database: TestDatabase;
let db: Kysely<DB>;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());

const usd = (minor: bigint) => money(minor, 'USD');

function settle<T>(promises: Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  return Promise.allSettled(promises);
}

async function fundedClient(amountMinor: bigint): Promise<string> {
  const [clientId] = await seedClients(db, 1);
  await post(db, depositCreditEntry({ ref: { type: 'deposit', id: newId() }, clientId: clientId!, providerId: 'card', amount: usd(amountMinor) }));
  return clientId!;
}

async function expectLedgerVerifies(): Promise<void> {
  expect(await verifyLedger(db)).toMatchObject({ ok: true, unbalancedEntries: [], cacheMismatches: [], ruleViolations: [] });
}

describe('concurrent money movements', () => {
  it('50 parallel withdrawal holds of X on a wallet holding 10·X: exactly 10 succeed, 40 are refused, the wallet never goes negative', async () => {
    const X = 2_500n;
    const clientId = await fundedClient(10n * X);
    const wallet = walletAccount(clientId, 'USD');
    let lowest = 10n * X;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const balance = (await balanceOf(db, wallet)).amountMinor;
        if (balance < lowest) lowest = balance;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    const started = performance.now();
    const outcomes = await settle(
      Array.from({ length: 50 }, () => post(db, withdrawalHoldEntry({ ref: { type: 'withdrawal', id: newId() }, clientId, amount: usd(X) }))),
    );
    const elapsed = performance.now() - started;
    polling = false;
    await poller;

    const succeeded = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(succeeded).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(ConflictError);
      expect(reason).toMatchObject({ status: 409, code: 'insufficient_available_balance' });
      expect((reason as ConflictError).message).toMatch(/^Insufficient available balance: 0\.00 USD available, 25\.00 USD needed$/);
    }
    expect(lowest).toBeGreaterThanOrEqual(0n);
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(0n), onHold: usd(10n * X) });
    await expectLedgerVerifies();
    console.info(`50 parallel holds on ${database.kind}: ${elapsed.toFixed(0)} ms`);
  });

  it('the same deposit event delivered 20 times at once, to a client whose accounts do not exist yet, is credited once', async () => {
    const [clientId] = await seedClients(db, 1);
    const draft = depositCreditEntry({ ref: { type: 'psp_event', id: newId() }, clientId: clientId!, providerId: `card_${newId().slice(-6).replace(/-/g, '')}`, amount: usd(7_700n) });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => post(db, draft)));
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.entryId)).size).toBe(1);
    expect(await balanceOf(db, walletAccount(clientId!, 'USD'))).toEqual(usd(7_700n));
    const entries = await db.selectFrom('journal_entry').select('id').where('business_id', '=', draft.businessRef.id).execute();
    expect(entries).toHaveLength(1);
    await expectLedgerVerifies();
  });

  it.skipIf(!onRealPostgres)('the same deposit event delivered to two server processes on one database is credited once', async () => {
    const other: Database = await openDatabase({ kind: 'postgres', url: database.url!, poolSize: 8 });
    try {
      const [clientId] = await seedClients(db, 1);
      const draft = depositCreditEntry({ ref: { type: 'psp_event', id: newId() }, clientId: clientId!, providerId: 'wire', amount: usd(1_000n) });
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 === 0 ? db : other.db, draft)));
      expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
      expect(await balanceOf(db, walletAccount(clientId!, 'USD'))).toEqual(usd(1_000n));
    } finally {
      await other.close();
    }
  });

  it('the same withdrawal hold delivered 10 times at once, with money for one: one hold and nine duplicates, never "insufficient"', async () => {
    const clientId = await fundedClient(1_000n);
    const draft = withdrawalHoldEntry({ ref: { type: 'withdrawal', id: newId() }, clientId, amount: usd(1_000n) });
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => post(db, draft)));
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(0n), onHold: usd(1_000n) });
  });

  it('the same chargeback delivered 10 times at once is applied once, its debt counted once', async () => {
    const clientId = await fundedClient(1_000n);
    await post(db, transferToPlatformEntry({ ref: { type: 'transfer', id: newId() }, clientId, platformId: 'mt5', amount: usd(600n) }));
    const movement = { ref: { type: 'psp_event', id: newId() }, clientId, providerId: 'card', amount: usd(1_000n) };
    const outcomes: PostResult[] = await Promise.all(
      Array.from({ length: 10 }, () => db.transaction().execute((trx) => postChargeback(trx, movement, CONTEXT))),
    );
    expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(0n), debt: usd(600n) });
    await expectLedgerVerifies();
  });

  it('transfers in opposite directions between a wallet and the platform, all at once, never deadlock', async () => {
    const [a, b] = [await fundedClient(100_000n), await fundedClient(100_000n)];
    const platform = `mt5_${newId().slice(-6).replace(/-/g, '')}`;
    // Seed the platform so transfers back are money that was moved there.
    for (const c of [a, b]) await post(db, transferToPlatformEntry({ ref: { type: 'transfer', id: newId() }, clientId: c, platformId: platform, amount: usd(50_000n) }));
    const moves = Array.from({ length: 60 }, (_, i) => {
      const clientId = i % 4 < 2 ? a : b;
      const movement = { ref: { type: 'transfer', id: newId() }, clientId, platformId: platform, amount: usd(100n + BigInt(i)) };
      return i % 2 === 0 ? transferToPlatformEntry(movement) : transferFromPlatformEntry(movement);
    });
    const outcomes = await settle(moves.map((draft) => post(db, draft)));
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [pgError(o.reason)] : []));
    expect(failures).toEqual([]);
    // Net: each client sent Σ even amounts out and received Σ odd amounts back.
    const net = (client: string) =>
      moves.reduce((sum, m, i) => (m.postings.some((p) => p.account === walletAccount(client, 'USD')) ? sum + (i % 2 === 0 ? -1n : 1n) * (100n + BigInt(i)) : sum), 0n);
    expect(await balanceOf(db, walletAccount(a, 'USD'))).toEqual(usd(50_000n + net(a)));
    expect(await balanceOf(db, walletAccount(b, 'USD'))).toEqual(usd(50_000n + net(b)));
    expect(await balanceOf(db, platformAccount(platform, 'USD'))).toEqual(usd(100_000n - net(a) - net(b)));
    await expectLedgerVerifies();
  });

  it.skipIf(!onRealPostgres)('control: postings written in opposite account orders without the repository’s lock order DO deadlock', async () => {
    // Two wallets: accounts with a balance rule, whose cache moves (and row locks) in the posting's own
    // statement. (A platform or clearing account's cache moves at COMMIT, migration 0009.)
    const [clientA, clientB] = [await fundedClient(10_000n), await fundedClient(10_000n)];
    const accounts = await ensureAccounts(db, [walletAccount(clientA, 'USD'), walletAccount(clientB, 'USD')], CONTEXT.now);
    const walletA = accounts.get(walletAccount(clientA, 'USD'))!.id;
    const walletB = accounts.get(walletAccount(clientB, 'USD'))!.id;
    let arrived = 0;
    let release!: () => void;
    const bothHoldOneLock = new Promise<void>((resolve) => (release = resolve));
    const transfer = (first: [string, bigint], second: [string, bigint], kind: string) =>
      db.transaction().execute(async (trx) => {
        const id = newId();
        await sql`insert into journal_entry (id, kind, business_type, business_id, posting_count, occurred_at, description, created_by)
                  values (${id}, ${kind}, 'transfer', ${id}, 2, now(), 'control', 'test')`.execute(trx);
        await sql`insert into posting values (${id}, 1, ${first[0]}, 'USD', ${first[1]})`.execute(trx);
        arrived += 1;
        if (arrived === 2) release();
        await bothHoldOneLock;
        await sql`insert into posting values (${id}, 2, ${second[0]}, 'USD', ${second[1]})`.execute(trx);
      });
    const outcomes = await settle([
      transfer([walletA, -100n], [walletB, 100n], 'control_transfer'),
      transfer([walletB, -100n], [walletA, 100n], 'control_transfer'),
    ]);
    const codes = outcomes.map((o) => (o.status === 'rejected' ? pgError(o.reason).code : 'ok'));
    expect(codes.sort()).toEqual(['40P01', 'ok']);
    await expectLedgerVerifies();
  });

  it.skipIf(!onRealPostgres)('credits through one provider do not wait for each other’s transactions: its clearing account is locked only while one commits', async () => {
    const [a, b] = await seedClients(db, 2);
    const credit = (clientId: string, amountMinor: bigint) =>
      depositCreditEntry({ ref: { type: 'deposit', id: newId() }, clientId, providerId: 'busy_card', amount: usd(amountMinor) });
    // The clearing account exists already, as it does after a provider's first deposit (creating a row makes a concurrent creator wait).
    await ensureAccounts(db, [clearingAccount('busy_card', 'USD')], CONTEXT.now);
    let posted!: () => void;
    const firstPosted = new Promise<void>((resolve) => (posted = resolve));
    let finish!: () => void;
    const stillOpen = new Promise<void>((resolve) => (finish = resolve));
    const first = db.transaction().execute(async (trx) => {
      await postEntry(trx, credit(a!, 1_000n), CONTEXT);
      posted();
      await stillOpen; // the rest of a use case: audit, other writes…
    });
    await firstPosted;
    const second = await Promise.race([
      post(db, credit(b!, 2_000n)).then(() => 'committed'),
      new Promise<string>((resolve) => setTimeout(() => resolve('waited for the first transaction'), 3_000)),
    ]);
    finish();
    await first;
    expect(second).toBe('committed');
    expect(await balanceOf(db, clearingAccount('busy_card', 'USD'))).toEqual(usd(-3_000n));
    expect(await balanceOf(db, walletAccount(a!, 'USD'))).toEqual(usd(1_000n));
    await expectLedgerVerifies();
  });

  it('cross-currency and cross-client work proceeds in parallel, and the books still balance', async () => {
    const clients = await seedClients(db, 8);
    const drafts = clients.flatMap((clientId, i) =>
      ['USD', 'EUR', 'JPY'].map((currency) =>
        depositCreditEntry({ ref: { type: 'deposit', id: newId() }, clientId, providerId: i % 2 === 0 ? 'card' : 'wire', amount: money(1_000n + BigInt(i), currency) }),
      ),
    );
    await Promise.all(drafts.map((d) => post(db, d)));
    await Promise.all(
      clients.map((clientId) => post(db, withdrawalHoldEntry({ ref: { type: 'withdrawal', id: newId() }, clientId, amount: money(500n, 'EUR') }))),
    );
    for (const clientId of clients) {
      expect((await clientBalance(db, clientId, 'EUR')).onHold).toEqual(money(500n, 'EUR'));
      expect(await balanceOf(db, holdAccount(clientId, 'EUR'))).toEqual(money(500n, 'EUR'));
    }
    expect((await balanceOf(db, clearingAccount('card', 'JPY'))).amountMinor).toBeLessThan(0n);
    await expectLedgerVerifies();
  });
});
