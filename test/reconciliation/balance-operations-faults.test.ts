/**
 * Issue test: 1,000 balance operations (wallet ↔ trading account transfers)
 * through the real transfer use case and its `platform.transfer` job handler,
 * against the MT5 simulator losing 10 % of the trade/balance responses (the
 * connection dropped after the deal was applied, the answer later than our
 * timeout, the request lost before it was applied). The job handler is run
 * the way pg-boss runs it: again after a throw, several jobs at once.
 * Afterwards every platform balance equals the ledger, every operation is on
 * the platform exactly once, and a reconciliation run and the balance sync
 * find nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { depositCreditEntry } from '../../src/domain/ledger/entries';
import { money } from '../../src/domain/ledger/money';
import { createMt5WebApiPlatform } from '../../src/integrations/platforms';
import { paymentJobHandlers } from '../../src/jobs/payment-job-handlers';
import { newId } from '../../src/persistence/ids';
import { postEntry } from '../../src/persistence/ledger/ledger-repository';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import { startMt5Simulator, type Mt5Simulator } from '../../src/simulators/mt5';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { NO_INTEGRATIONS } from '../../src/usecases/integrations';
import { executeReconciliationRun, startReconciliationRun } from '../../src/usecases/reconciliation/run-reconciliation';
import { syncPlatformBalances } from '../../src/usecases/reconciliation/sync-platform-balances';
import { openTradingAccount } from '../../src/usecases/trading/open-trading-account';
import { transferFunds } from '../../src/usecases/trading/transfer-funds';
import { seedClient } from '../support/kyc-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const config = loadConfig();
const MANAGER = { login: '1000', password: 'Manager-Pass-1' };
const ACCOUNTS = 20;
const ROUNDS = 50; // ACCOUNTS × ROUNDS = 1,000 operations
const FUNDS = 100_000_000n;

let mt5: Mt5Simulator;
let app: TestApp;

beforeAll(async () => {
  mt5 = await startMt5Simulator({ managers: [MANAGER], groups: config.platforms[0]!.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })) });
  const platform = createMt5WebApiPlatform({ baseUrl: mt5.url, ...MANAGER, timeoutMs: 150, pingIntervalMs: 0, settleDelayMs: 5, retryDelayMs: () => 5, maxAttempts: 6 });
  app = await startTestApp({ workers: false, integrations: { ...NO_INTEGRATIONS, platforms: { mt5_demo: platform } } });
});
afterAll(async () => {
  await app?.close();
  await mt5?.close();
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function trader(): Promise<{ clientId: string; accountId: string; login: string }> {
  const clientId = await seedClient(app.ctx, 'eu', 'active');
  await app.ctx.db.updateTable('client').set({ verification_level: 'verified', kyc_verified_at: app.ctx.clock.now() }).where('id', '=', clientId).execute();
  await app.ctx.db.transaction().execute((trx) =>
    postEntry(trx, depositCreditEntry({ ref: { type: 'seed_deposit', id: newId() }, clientId, providerId: 'demo_wire', amount: money(FUNDS, 'EUR') }), { now: app.ctx.clock.now(), createdBy: 'system:test' }),
  );
  const actor = { type: 'client' as const, id: clientId, entityId: 'eu' };
  const { account } = await openTradingAccount(app.ctx, SYSTEM_REQUEST, actor, { platformId: 'mt5_demo', accountType: 'live', currency: 'EUR', leverage: 30, password: 'Trade-Pass-1' });
  expect(account.status).toBe('active');
  return { clientId, accountId: account.id, login: account.login! };
}

describe('1,000 balance operations with 10 % of the responses lost', () => {
  it('leaves every platform balance equal to the ledger, each operation applied once', { timeout: 240_000 }, async () => {
    const traders = [];
    for (let i = 0; i < ACCOUNTS; i++) traders.push(await trader());
    const job = paymentJobHandlers(app.ctx, () => undefined)['platform.transfer'];
    /** pg-boss: a throw means "retry later"; here, at once. */
    async function runJob(transferId: string): Promise<void> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await job({ transferId }, { id: transferId, attempt });
        } catch (error) {
          if (attempt >= 10) throw error;
        }
      }
    }

    mt5.setRandomFaults({ seed: 20_240_611, command: 'trade/balance', dropAfterApply: 0.05, timeoutAfterApply: { rate: 0.03, ms: 300 }, dropBeforeApply: 0.02 });
    const random = mulberry32(42);
    const expectedOnPlatform = new Map(traders.map((t) => [t.accountId, 0n]));
    let operations = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        traders.map(async (t) => {
          const onPlatform = expectedOnPlatform.get(t.accountId)!;
          const out = onPlatform > 1_000n && random() < 0.4;
          const amount = out ? 1n + BigInt(Math.floor(random() * Number(onPlatform))) : BigInt(100 + Math.floor(random() * 50_000));
          const actor = { type: 'client' as const, id: t.clientId, entityId: 'eu' };
          const { transfer } = await transferFunds(app.ctx, SYSTEM_REQUEST, actor, { tradingAccountId: t.accountId, direction: out ? 'to_wallet' : 'to_account', amountMinor: amount.toString() });
          await runJob(transfer.id);
          expectedOnPlatform.set(t.accountId, onPlatform + (out ? -amount : amount));
          operations += 1;
        }),
      );
    }
    mt5.setRandomFaults(undefined);
    await mt5.settled();
    expect(operations).toBe(1000);

    // The faults really happened: about one response in ten was lost.
    const faults = Object.values(mt5.stats().faults).reduce((a, b) => a + b, 0);
    expect(faults).toBeGreaterThan(60);

    const transfers = await app.ctx.db.selectFrom('trading_transfer').selectAll().execute();
    expect(transfers).toHaveLength(1000);
    expect(transfers.filter((t) => t.status !== 'completed')).toEqual([]);

    // No operation applied twice, none missing: each reference on exactly one deal, of its amount.
    const deals = mt5.deals().filter((d) => d.action === 2);
    expect(deals).toHaveLength(1000);
    const byComment = new Map(deals.map((d) => [d.comment, d]));
    expect(byComment.size).toBe(1000);
    for (const t of transfers) {
      expect(byComment.get(t.reference)?.amountMinor, t.reference).toBe(t.direction === 'to_account' ? t.amount_minor : -t.amount_minor);
    }

    // Every platform balance equals the ledger (the postings of its transfers) and what we asked for.
    const ledger = await app.ctx.db
      .selectFrom('journal_entry as je')
      .innerJoin('posting as p', 'p.entry_id', 'je.id')
      .innerJoin('ledger_account as la', 'la.id', 'p.account_id')
      .innerJoin('trading_transfer as t', (join) => join.on((eb) => eb(eb.cast('t.id', 'text'), '=', eb.ref('je.business_id'))))
      .select(['t.trading_account_id', 'p.amount_minor'])
      .where('la.kind', '=', 'platform')
      .execute();
    const ledgerByAccount = new Map<string, bigint>();
    for (const r of ledger) ledgerByAccount.set(r.trading_account_id, (ledgerByAccount.get(r.trading_account_id) ?? 0n) + r.amount_minor);
    for (const t of traders) {
      const balance = mt5.account(t.login)!.balanceMinor;
      expect(balance, t.login).toBe(expectedOnPlatform.get(t.accountId));
      expect(balance, t.login).toBe(ledgerByAccount.get(t.accountId));
    }
    const platformLedger = await app.ctx.db
      .selectFrom('ledger_account as la')
      .innerJoin('account_balance as b', 'b.account_id', 'la.id')
      .select('b.balance_minor')
      .where('la.code', '=', 'platform:mt5_demo:EUR')
      .executeTakeFirstOrThrow();
    expect(platformLedger.balance_minor).toBe(traders.reduce((sum, t) => sum + mt5.account(t.login)!.balanceMinor, 0n));
    expect((await verifyLedger(app.ctx.db)).ok).toBe(true);

    // Reconciliation agrees: no break, no exception.
    const { run } = await startReconciliationRun(app.ctx, SYSTEM_REQUEST, { type: 'staff', id: newId(), roles: ['finance'], entityIds: 'all' }, {});
    expect(await executeReconciliationRun(app.ctx, run.id, { batchSize: 7 })).toBe('completed');
    const done = await app.ctx.db.selectFrom('reconciliation_run').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(done).toMatchObject({ accounts_checked: ACCOUNTS, transfers_checked: 1000, break_count: 0 });
    expect(done.deals_checked).toBe(1000);
    const [sync] = await syncPlatformBalances(app.ctx);
    expect(sync).toMatchObject({ accounts: ACCOUNTS, snapshots: ACCOUNTS, exceptionsOpened: 0 });
  });
});
