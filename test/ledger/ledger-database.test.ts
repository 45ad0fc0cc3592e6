/**
 * The ledger in the database: what PostgreSQL refuses even when the
 * application is bypassed (raw SQL), and what the repository does on top —
 * validation, exactly-once per business event, balance rules, reading.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../src/domain/errors';
import {
  chargebackLossesAccount,
  clearingAccount,
  debtAccount,
  debtRepaymentEntry,
  debtWriteOffEntry,
  depositCreditEntry,
  holdAccount,
  money,
  platformAccount,
  transferToPlatformEntry,
  walletAccount,
  withdrawalHoldEntry,
  withdrawalReleaseEntry,
  withdrawalReturnEntry,
  withdrawalSettleEntry,
  type EntryDraft,
} from '../../src/domain/ledger';
import { newId } from '../../src/persistence/ids';
import {
  balanceOf,
  balancesForClient,
  clientBalance,
  ensureAccounts,
  entriesForAccount,
  findEntry,
  postChargeback,
  postChargebackReversal,
  postEntry,
} from '../../src/persistence/ledger/ledger-repository';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import type { DB } from '../../src/persistence/schema';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { CONTEXT, pgError, post, seedClients, snapshot } from './ledger-support';

let database: TestDatabase;
let db: Kysely<DB>;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());

const usd = (minor: bigint) => money(minor, 'USD');
const ref = (type: string) => ({ type, id: newId() });

async function fundedClient(amountMinor: bigint, currency = 'USD'): Promise<string> {
  const [clientId] = await seedClients(db, 1);
  await post(db, depositCreditEntry({ ref: ref('deposit'), clientId: clientId!, providerId: 'card', amount: money(amountMinor, currency) }));
  return clientId!;
}

/** Account ids for raw SQL, creating the accounts through the repository. */
async function accountIds(...codes: string[]): Promise<string[]> {
  const accounts = await ensureAccounts(db, codes, CONTEXT.now);
  return codes.map((code) => accounts.get(code)!.id);
}

async function rawEntry(trx: Transaction<DB> | Kysely<DB>, postingCount: number, kind = 'deposit_credit'): Promise<string> {
  const id = newId();
  await sql`insert into journal_entry (id, kind, business_type, business_id, posting_count, occurred_at, description, created_by)
            values (${id}, ${kind}, 'raw', ${id}, ${postingCount}, now(), 'raw sql', 'test')`.execute(trx);
  return id;
}

async function rawPosting(trx: Transaction<DB> | Kysely<DB>, entryId: string, line: number, accountId: string, amount: bigint, currency = 'USD') {
  await sql`insert into posting (entry_id, line, account_id, currency, amount_minor)
            values (${entryId}, ${line}, ${accountId}, ${currency}, ${amount})`.execute(trx);
}

/** Runs `work` in a transaction that must fail; returns the error and whether `work` ran to its end (i.e. the failure came at COMMIT). */
async function failingTransaction(work: (trx: Transaction<DB>) => Promise<void>): Promise<{ error: { code: string | undefined; message: string }; reachedCommit: boolean }> {
  let reachedCommit = false;
  try {
    await db.transaction().execute(async (trx) => {
      await work(trx);
      reachedCommit = true;
    });
  } catch (error) {
    return { error: pgError(error), reachedCommit };
  }
  throw new Error('the transaction committed; it should have failed');
}

describe('the database refuses what the application would refuse, even with raw SQL', () => {
  it('an unbalanced entry fails at COMMIT, and leaves nothing behind', async () => {
    const [clientId] = await seedClients(db, 1);
    const [clearing, wallet] = await accountIds(clearingAccount('card', 'USD'), walletAccount(clientId!, 'USD'));
    const before = await snapshot(db);
    const { error, reachedCommit } = await failingTransaction(async (trx) => {
      const entryId = await rawEntry(trx, 2);
      await rawPosting(trx, entryId, 1, clearing!, -500n);
      await rawPosting(trx, entryId, 2, wallet!, 499n);
    });
    expect(reachedCommit).toBe(true); // every statement was accepted: the check is deferred to COMMIT
    expect(error.code).toBe('23514');
    expect(error.message).toMatch(/does not balance in USD: postings sum to -1/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('an entry balanced in total but not per currency fails at COMMIT', async () => {
    const [clientId] = await seedClients(db, 1);
    const [clearing, wallet] = await accountIds(clearingAccount('card', 'USD'), walletAccount(clientId!, 'EUR'));
    const { error, reachedCommit } = await failingTransaction(async (trx) => {
      const entryId = await rawEntry(trx, 2);
      await rawPosting(trx, entryId, 1, clearing!, -500n, 'USD');
      await rawPosting(trx, entryId, 2, wallet!, 500n, 'EUR');
    });
    expect(reachedCommit).toBe(true);
    expect(error.message).toMatch(/does not balance in EUR/);
  });

  it('an entry with fewer postings than it declared — one, or none — fails at COMMIT', async () => {
    const [clientId] = await seedClients(db, 1);
    const [wallet] = await accountIds(walletAccount(clientId!, 'USD'));
    const none = await failingTransaction(async (trx) => void (await rawEntry(trx, 2)));
    expect(none.reachedCommit).toBe(true);
    expect(none.error.message).toMatch(/has 0 postings, declared 2/);
    const one = await failingTransaction(async (trx) => {
      const entryId = await rawEntry(trx, 2);
      await rawPosting(trx, entryId, 1, wallet!, 500n);
    });
    expect(one.error.message).toMatch(/has 1 postings, declared 2/);
  });

  it('no posting can be added to a committed entry, not even a balanced pair', async () => {
    const clientId = await fundedClient(1000n);
    const entry = (await entriesForAccount(db, walletAccount(clientId, 'USD')))[0]!;
    const [hold, fees] = await accountIds(holdAccount(clientId, 'USD'), 'broker:fees:USD');
    const { error, reachedCommit } = await failingTransaction(async (trx) => {
      await rawPosting(trx, entry.id, 3, hold!, 100n);
      await rawPosting(trx, entry.id, 4, fees!, -100n);
    });
    expect(reachedCommit).toBe(true);
    expect(error.message).toMatch(/has 4 postings, declared 2/);
  });

  it('a wallet going below zero fails at once, whoever writes the posting', async () => {
    const clientId = await fundedClient(1000n);
    const [wallet, platform] = await accountIds(walletAccount(clientId, 'USD'), platformAccount('mt5', 'USD'));
    const before = await snapshot(db);
    const { error, reachedCommit } = await failingTransaction(async (trx) => {
      const entryId = await rawEntry(trx, 2, 'transfer_to_platform');
      await rawPosting(trx, entryId, 1, wallet!, -1001n);
      await rawPosting(trx, entryId, 2, platform!, 1001n);
    });
    expect(reachedCommit).toBe(false);
    expect(error.code).toBe('23514');
    expect(error.message).toMatch(/account_balance_within_rule/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('postings, entries and accounts cannot be updated, deleted or truncated', async () => {
    const clientId = await fundedClient(1000n);
    const entry = (await entriesForAccount(db, walletAccount(clientId, 'USD')))[0]!;
    const before = await snapshot(db);
    const attempts = [
      sql`update posting set amount_minor = amount_minor * 2 where entry_id = ${entry.id}`,
      sql`update posting set currency = 'EUR' where entry_id = ${entry.id}`,
      sql`delete from posting where entry_id = ${entry.id}`,
      sql`truncate posting`,
      sql`update journal_entry set business_id = 'other' where id = ${entry.id}`,
      sql`update journal_entry set description = null where id = ${entry.id}`,
      sql`delete from journal_entry where id = ${entry.id}`,
      sql`truncate journal_entry cascade`,
      sql`update ledger_account set balance_rule = 'any' where client_id = ${clientId}`,
      sql`delete from ledger_account where client_id = ${clientId}`,
      sql`truncate ledger_account cascade`,
      sql`update account_balance set balance_minor = 1000000`,
      sql`delete from account_balance`,
      sql`truncate account_balance`,
    ];
    for (const attempt of attempts) {
      const error = await attempt.execute(db).then(
        () => null,
        (e: unknown) => pgError(e),
      );
      expect(error, attempt.compile(db).sql).not.toBeNull();
      expect(error!.code, attempt.compile(db).sql).toBe('42501');
    }
    expect(await snapshot(db)).toEqual(before);
  });

  it('a balance row cannot be forged: not inserted by hand, not moved without a posting', async () => {
    const [clientId] = await seedClients(db, 1);
    const [wallet] = await accountIds(walletAccount(clientId!, 'USD'));
    await expect(sql`insert into account_balance values (${newId()}, 'USD', 'any', 0, 0)`.execute(db)).rejects.toThrow(/maintained from postings only/);
    await expect(sql`update account_balance set balance_minor = 5, version = version + 1 where account_id = ${wallet}`.execute(db)).rejects.toThrow(
      /maintained from postings only/,
    );
  });

  it('a posting must be in its account’s currency, non-zero, and once per account per entry', async () => {
    const [clientId] = await seedClients(db, 1);
    const [clearing, wallet] = await accountIds(clearingAccount('card', 'USD'), walletAccount(clientId!, 'USD'));
    const currency = await failingTransaction(async (trx) => {
      const entryId = await rawEntry(trx, 2);
      await rawPosting(trx, entryId, 1, clearing!, -500n, 'EUR');
    });
    expect(currency.error.code).toBe('23503'); // (account_id, currency) → ledger_account (id, currency)
    const zeroAmount = await failingTransaction(async (trx) => {
      const entryId = await rawEntry(trx, 2);
      await rawPosting(trx, entryId, 1, clearing!, 0n);
    });
    expect(zeroAmount.error.code).toBe('23514');
    const repeated = await failingTransaction(async (trx) => {
      const entryId = await rawEntry(trx, 3);
      await rawPosting(trx, entryId, 1, clearing!, -500n);
      await rawPosting(trx, entryId, 2, wallet!, 200n);
      await rawPosting(trx, entryId, 3, wallet!, 300n);
    });
    expect(repeated.error.code).toBe('23505');
  });

  it('an account must follow the code scheme, and a wallet can never be opened allowing a negative balance', async () => {
    const [clientId] = await seedClients(db, 1);
    const insert = (code: string, kind: string, currency: string, client: string | null, rule: string) =>
      sql`insert into ledger_account (id, code, kind, currency, client_id, balance_rule, created_at)
          values (${newId()}, ${code}, ${kind}, ${currency}, ${client}, ${rule}, now())`.execute(db);
    await expect(insert(`client:${clientId}:wallet:USD`, 'client_wallet', 'USD', clientId!, 'any')).rejects.toThrow(/check constraint/);
    await expect(insert(`client:${clientId}:wallet:USD`, 'client_wallet', 'EUR', clientId!, 'non_negative')).rejects.toThrow(/check constraint/);
    await expect(insert(`client:${clientId}:debt:USD`, 'client_debt', 'USD', clientId!, 'non_negative')).rejects.toThrow(/check constraint/);
    await expect(insert('psp:card:clearing:USD', 'psp_clearing', 'EUR', null, 'any')).rejects.toThrow(/check constraint/);
    await insert(`client:${clientId}:wallet:USD`, 'client_wallet', 'USD', clientId!, 'non_negative');
  });

  it('one business event, one entry: a second entry of the same kind and reference is refused', async () => {
    const businessId = newId();
    const { error, reachedCommit } = await failingTransaction(async (trx) => {
      for (let i = 0; i < 2; i += 1) {
        await sql`insert into journal_entry (id, kind, business_type, business_id, posting_count, occurred_at, description, created_by)
                  values (${newId()}, 'deposit_credit', 'deposit', ${businessId}, 2, now(), '', 'test')`.execute(trx);
      }
    });
    expect(reachedCommit).toBe(false);
    expect(error.code).toBe('23505');
  });
});

describe('postEntry', () => {
  it('posts a deposit: the wallet holds it, the clearing account owes it, and each account shows the entry', async () => {
    const [clientId] = await seedClients(db, 1);
    const result = await post(db, depositCreditEntry({ ref: { type: 'deposit', id: `d-${clientId}` }, clientId: clientId!, providerId: 'wire', amount: usd(12_345n) }));
    expect(result.duplicate).toBe(false);
    expect(await balanceOf(db, walletAccount(clientId!, 'USD'))).toEqual(usd(12_345n));
    expect(await clientBalance(db, clientId!, 'USD')).toEqual({ currency: 'USD', available: usd(12_345n), onHold: usd(0n), debt: usd(0n) });
    const [entry] = await entriesForAccount(db, walletAccount(clientId!, 'USD'));
    expect(entry).toMatchObject({
      id: result.entryId,
      kind: 'deposit_credit',
      businessRef: { type: 'deposit', id: `d-${clientId}` },
      createdBy: 'system',
      postings: [
        { account: 'psp:wire:clearing:USD', amountMinor: -12_345n, currency: 'USD' },
        { account: walletAccount(clientId!, 'USD'), amountMinor: 12_345n, currency: 'USD' },
      ],
    });
    expect(entry!.description).toBe('Deposit of 123.45 USD via wire credited');
  });

  it('refuses an invalid entry with a 422 naming the problem, writing nothing', async () => {
    const [clientId] = await seedClients(db, 1);
    const before = await snapshot(db);
    const draft: EntryDraft = {
      kind: 'deposit_credit',
      businessRef: ref('deposit'),
      description: '',
      postings: [
        { account: clearingAccount('card', 'USD'), amountMinor: -100n, currency: 'USD' },
        { account: walletAccount(clientId!, 'USD'), amountMinor: 99n, currency: 'USD' },
      ],
    };
    const error = await post(db, draft).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/postings in USD sum to -1/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('applies a business event once: the same entry again is a duplicate, the same reference with other amounts a 409', async () => {
    const [clientId] = await seedClients(db, 1);
    const deposit = depositCreditEntry({ ref: { type: 'psp_event', id: `evt-${clientId}` }, clientId: clientId!, providerId: 'card', amount: usd(500n) });
    const first = await post(db, deposit);
    const before = await snapshot(db);
    const again = await post(db, deposit);
    expect(again).toEqual({ entryId: first.entryId, duplicate: true });
    expect(await snapshot(db)).toEqual(before);

    const other = depositCreditEntry({ ref: deposit.businessRef, clientId: clientId!, providerId: 'card', amount: usd(501n) });
    const error = await post(db, other).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('ledger_entry_conflict');
    expect(await snapshot(db)).toEqual(before);
    expect(await balanceOf(db, walletAccount(clientId!, 'USD'))).toEqual(usd(500n));
  });

  it('refuses to overdraw a wallet with a clear 409, and the use case’s transaction stays usable', async () => {
    const clientId = await fundedClient(1000n);
    const before = await snapshot(db);
    const outcome = await db.transaction().execute(async (trx) => {
      const refused = await postEntry(trx, withdrawalHoldEntry({ ref: ref('withdrawal'), clientId, amount: usd(1001n) }), CONTEXT).catch((e: unknown) => e);
      // The refusal wrote nothing, so the same transaction can go on (e.g. to record it).
      const accepted = await postEntry(trx, withdrawalHoldEntry({ ref: ref('withdrawal'), clientId, amount: usd(1000n) }), CONTEXT);
      return { refused, accepted };
    });
    expect(outcome.refused).toBeInstanceOf(ConflictError);
    expect(outcome.refused).toMatchObject({
      status: 409,
      code: 'insufficient_available_balance',
      message: 'Insufficient available balance: 10.00 USD available, 10.01 USD needed',
    });
    expect(outcome.accepted.duplicate).toBe(false);
    const after = await snapshot(db);
    expect(after.entries).toBe(before.entries + 1);
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(0n), onHold: usd(1000n) });
  });

  it('runs a withdrawal through both phases: hold, settle, return, release', async () => {
    const clientId = await fundedClient(10_000n);
    const withdrawal = { type: 'withdrawal', id: newId() };
    const payout = { type: 'payout', id: newId() };
    const amount = usd(4_000n);
    await post(db, withdrawalHoldEntry({ ref: withdrawal, clientId, amount }));
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(6_000n), onHold: usd(4_000n) });
    await post(db, withdrawalSettleEntry({ ref: payout, clientId, providerId: 'wire', amount }));
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(6_000n), onHold: usd(0n) });
    await post(db, withdrawalReturnEntry({ ref: payout, clientId, providerId: 'wire', amount }));
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(6_000n), onHold: usd(4_000n) });
    await post(db, withdrawalReleaseEntry({ ref: withdrawal, clientId, amount }));
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(10_000n), onHold: usd(0n) });
    // A hold cannot be released twice into money that is not there.
    const second = await post(db, withdrawalReleaseEntry({ ref: { type: 'withdrawal', id: newId() }, clientId, amount })).catch((e: unknown) => e);
    expect(second).toMatchObject({ status: 409, code: 'insufficient_hold' });
  });

  it('a chargeback after the money was moved away leaves a tracked debt, not a negative wallet; winning it repays the debt first', async () => {
    const clientId = await fundedClient(10_000n);
    await post(db, transferToPlatformEntry({ ref: ref('transfer'), clientId, platformId: 'mt5', amount: usd(7_000n) }));
    const movement = { ref: { type: 'chargeback', id: newId() }, clientId, providerId: 'card', amount: usd(10_000n) };
    const charged = await db.transaction().execute((trx) => postChargeback(trx, movement, CONTEXT));
    expect(await clientBalance(db, clientId, 'USD')).toEqual({ currency: 'USD', available: usd(0n), onHold: usd(0n), debt: usd(7_000n) });
    expect((await findEntry(db, 'chargeback', movement.ref))!.postings).toEqual([
      { account: 'psp:card:clearing:USD', amountMinor: 10_000n, currency: 'USD' },
      { account: walletAccount(clientId, 'USD'), amountMinor: -3_000n, currency: 'USD' },
      { account: debtAccount(clientId, 'USD'), amountMinor: -7_000n, currency: 'USD' },
    ]);
    // Delivered again after the balances changed: still the same event, still once.
    await post(db, depositCreditEntry({ ref: ref('deposit'), clientId, providerId: 'card', amount: usd(500n) }));
    expect(await db.transaction().execute((trx) => postChargeback(trx, movement, CONTEXT))).toEqual({ entryId: charged.entryId, duplicate: true });

    // The debt cannot be overpaid.
    const overpay = await post(db, debtRepaymentEntry({ ref: ref('repayment'), clientId, amount: usd(500n) })).then(
      () => post(db, debtWriteOffEntry({ ref: ref('write_off'), clientId, amount: usd(6_600n) })),
    ).catch((e: unknown) => e);
    expect(overpay).toMatchObject({ status: 409, code: 'debt_overpaid' });
    expect(await clientBalance(db, clientId, 'USD')).toMatchObject({ available: usd(0n), debt: usd(6_500n) });

    await db.transaction().execute((trx) =>
      postChargebackReversal(trx, { ref: { type: 'chargeback_reversal', id: newId() }, clientId, providerId: 'card', amount: usd(10_000n) }, CONTEXT),
    );
    expect(await clientBalance(db, clientId, 'USD')).toEqual({ currency: 'USD', available: usd(3_500n), onHold: usd(0n), debt: usd(0n) });
    await expect(post(db, debtWriteOffEntry({ ref: ref('write_off'), clientId, amount: usd(1n) }))).rejects.toMatchObject({ code: 'debt_overpaid' });
    expect(await balanceOf(db, chargebackLossesAccount('USD'))).toEqual(usd(0n));
  });

  it('reports a client’s balances per currency', async () => {
    const clientId = await fundedClient(1_500n, 'EUR');
    await post(db, depositCreditEntry({ ref: ref('deposit'), clientId, providerId: 'card', amount: money(2_000n, 'JPY') }));
    await post(db, withdrawalHoldEntry({ ref: ref('withdrawal'), clientId, amount: money(500n, 'EUR') }));
    expect(await balancesForClient(db, clientId)).toEqual([
      { currency: 'EUR', available: money(1_000n, 'EUR'), onHold: money(500n, 'EUR'), debt: money(0n, 'EUR') },
      { currency: 'JPY', available: money(2_000n, 'JPY'), onHold: money(0n, 'JPY'), debt: money(0n, 'JPY') },
    ]);
    expect(await balanceOf(db, walletAccount(newId(), 'GBP'))).toEqual(money(0n, 'GBP'));
  });

  it('the whole ledger verifies: every entry balanced, the cache equal to the postings', async () => {
    const report = await verifyLedger(db);
    expect(report).toMatchObject({ ok: true, unbalancedEntries: [], postingCountMismatches: [], cacheMismatches: [], ruleViolations: [], nonZeroCurrencyTotals: [] });
    expect(report.entriesChecked).toBeGreaterThan(10);
  });
});
