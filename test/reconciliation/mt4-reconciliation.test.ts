/**
 * Reconciliation and the balance sync over an MT4 account, through the bridge
 * simulator. Bridge protocol 1.0 has no batched reads (docs/mt4-bridge-protocol.md
 * §8), so the adapter has no getBalancesBatch / listDeals and both read one
 * login at a time (balances + balance operations): the run says the history
 * was partial, and still finds the breaks a dealer plants at the MT4
 * Administrator — a deleted operation, ours repeated by hand, an amount
 * corrected, a bonus Traderoom did not make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TradingPlatform } from '../../src/integrations/platforms';
import type { Mt4BridgeSimulator } from '../../src/simulators/mt4-bridge';
import { NO_INTEGRATIONS } from '../../src/usecases/integrations';
import { readPlatformAccounts } from '../../src/usecases/reconciliation/platform-reads';
import { syncPlatformBalances } from '../../src/usecases/reconciliation/sync-platform-balances';
import { loggedInStaff, type LoggedInStaff, type SeededClient } from '../support/actors';
import { configWithMt4, mt4Adapter, offshoreClient, startMt4Bridge } from '../support/mt4-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { fundWallet } from '../support/withdrawal-fixtures';
import { settledTransfer } from '../support/trading-fixtures';

let bridge: Mt4BridgeSimulator;
let platform: TradingPlatform;
let app: TestApp;
let finance: LoggedInStaff;

beforeAll(async () => {
  bridge = await startMt4Bridge();
  platform = mt4Adapter(bridge, { settleDelayMs: 5, retryDelayMs: () => 5 });
  app = await startTestApp({ config: configWithMt4(), integrations: { ...NO_INTEGRATIONS, platforms: { mt4_live: platform } } });
  finance = await loggedInStaff(app, ['finance']);
});
afterAll(async () => {
  await app?.close();
  await platform?.close();
  await bridge?.close();
});

/** A transfer that must complete. */
async function transfer(client: SeededClient, tradingAccountId: string, direction: 'to_account' | 'to_wallet', amountMinor: string) {
  const row = await settledTransfer(app, client, tradingAccountId, direction, amountMinor);
  expect(row.status).toBe('completed');
  return row;
}

async function runToCompletion(): Promise<any> {
  const started = await finance.http.post('/api/backoffice/reconciliation/runs', {});
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  let body: any;
  await waitFor(async () => {
    body = (await finance.http.get(`/api/backoffice/reconciliation/runs/${started.body.run.id}`)).body;
    return body.run.status === 'completed' || body.run.status === 'failed';
  }, 20_000);
  return body;
}

const PARTIAL = 'platform_history_partial';

describe('reconciliation over MT4 (one login at a time)', () => {
  let client: SeededClient;
  let account: { id: string; login: string };
  let bonusTicket: string;

  it('a clean book reconciles with no break; the run notes that only balance operations were read', async () => {
    client = await offshoreClient(app);
    await fundWallet(app.ctx, client.id, 100_000n, 'USD');
    const opened = await client.http.post('/api/portal/trading-accounts', { platformId: 'mt4_live', accountType: 'live', currency: 'USD', leverage: 100, password: 'Trade-Pass-1' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    account = opened.body.account;
    await transfer(client, account.id, 'to_account', '30000');
    await transfer(client, account.id, 'to_wallet', '2000');
    const trade = bridge.openPosition(account.login, { marginMinor: 1000n, profitMinor: 0n });
    bridge.setFloatingProfit(account.login, trade, 1234n);
    bridge.closePosition(account.login, trade); // realised P/L: not a balance operation

    const body = await runToCompletion();
    expect(body.run).toMatchObject({ status: 'completed', breakCount: 0, accountsChecked: 1, transfersChecked: 2 });
    expect(body.run.notes.map((n: { code: string }) => n.code)).toEqual([PARTIAL]);
    expect(body.run.notes[0].detail).toContain('mt4_live');
  });

  it('finds each planted break — missing, duplicate, amount mismatch, unknown manual operation — and nothing else', async () => {
    const missing = await transfer(client, account.id, 'to_account', '10000');
    const duplicate = await transfer(client, account.id, 'to_account', '5000');
    const amount = await transfer(client, account.id, 'to_account', '7000');
    bridge.deleteDeal(missing.platform_deal_id!);
    bridge.manualOperation(account.login, 5000n, duplicate.reference);
    bridge.setDealAmount(amount.platform_deal_id!, 7500n);
    bonusTicket = bridge.manualOperation(account.login, 2500n, 'bonus by dealer').deal;

    const body = await runToCompletion();
    expect(body.run).toMatchObject({ status: 'completed', breakCount: 4 });
    expect(body.run.breaksByKind).toEqual({ missing_deal: 1, duplicate_deal: 1, amount_mismatch: 1, unknown_deal: 1 });
    expect(body.run.notes.map((n: { code: string }) => n.code)).toEqual([PARTIAL]);
    const byKind = Object.fromEntries((body.breaks as any[]).map((b) => [b.kind, b]));
    const common = { platformId: 'mt4_live', login: account.login, clientId: client.id, entityId: 'offshore', currency: 'USD' };
    expect(byKind.missing_deal).toMatchObject({ ...common, reference: missing.reference, expectedMinor: '10000', actualMinor: '0' });
    expect(byKind.duplicate_deal).toMatchObject({ ...common, reference: duplicate.reference, expectedMinor: '5000', actualMinor: '10000' });
    expect(byKind.amount_mismatch).toMatchObject({ ...common, reference: amount.reference, dealId: amount.platform_deal_id, expectedMinor: '7000', actualMinor: '7500' });
    expect(byKind.unknown_deal).toMatchObject({ ...common, dealId: bonusTicket, actualMinor: '2500', evidence: expect.objectContaining({ comment: 'bonus by dealer', kind: 'balance' }) });
  });

  it("the balance sync stores the bridge's balances and puts the dealer's bonus in finance's queue, once", async () => {
    const [first] = await syncPlatformBalances(app.ctx);
    const [second] = await syncPlatformBalances(app.ctx);
    expect(first).toMatchObject({ platformId: 'mt4_live', accounts: 1, snapshots: 1, notOnPlatform: 0 });
    expect(second).toMatchObject({ exceptionsOpened: 0, snapshots: 1 });
    const snapshot = await app.ctx.db.selectFrom('platform_balance_snapshot').selectAll().where('trading_account_id', '=', account.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(snapshot.balance_minor).toBe(bridge.account(account.login)!.balanceMinor);
    const queue = await finance.http.get('/api/backoffice/reconciliation/exceptions');
    expect(queue.body.items).toEqual([expect.objectContaining({ kind: 'unknown_deal', status: 'open', dealId: bonusTicket, login: account.login, clientId: client.id })]);
  });

  it('the fallback read: balances and balance operations per login, a login the bridge does not have is absent, history partial', async () => {
    expect(platform.getBalancesBatch).toBeUndefined();
    expect(platform.listDeals).toBeUndefined();
    const read = await readPlatformAccounts(platform, [account.login, '999999'], new Date(0), new Date(Date.now() + 60_000));
    expect(read.fullHistory).toBe(false);
    expect(read.accounts.get('999999')).toEqual({ balances: undefined, deals: [] });
    const mine = read.accounts.get(account.login)!;
    expect(mine.balances).toMatchObject({ currency: 'USD', balanceMinor: bridge.account(account.login)!.balanceMinor });
    expect(mine.deals.every((d) => d.kind === 'balance' && d.balanceEffectMinor === d.amountMinor && d.currency === 'USD')).toBe(true);
    expect(mine.deals.map((d) => d.dealId)).toEqual(bridge.deals(account.login).filter((d) => d.action === 2).map((d) => d.deal));
  });

  it('a bridge that cannot be read leaves a note on the run instead of failing it', async () => {
    bridge.failNext({ kind: 'mt4_error', mt4Code: 6, endpoint: 'balances', count: 4 }); // 503 mt4_unavailable on every try (maxAttempts 4)
    const body = await runToCompletion();
    expect(body.run.status).toBe('completed');
    expect(body.run.notes.map((n: { code: string }) => n.code)).toEqual(['platform_unreadable', 'platform_accounts_unchecked']);
    expect(body.run.notes[0].detail).toMatch(/^mt4_live: /);
  });
});
