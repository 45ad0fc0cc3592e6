/**
 * Trading accounts over real HTTP against the MT5 Web API simulator: opening
 * live and demo accounts in the configured groups, wallet ↔ account transfers
 * applied exactly once on the platform (also when the platform's answer is
 * lost), limited by free margin, and given back when the platform refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { loadConfig } from '../../src/config/load-config';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import { startMt5Simulator, type Mt5Simulator } from '../../src/simulators/mt5';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { auditEvents } from '../kyc/kyc-support';
import { fundWallet } from '../support/withdrawal-fixtures';
import { balances, verifiedClient, type MoneyClient } from '../withdrawals/withdrawal-support';

const config = loadConfig();
const MANAGER = { login: '1000', password: 'Manager-Pass-1' };
const PASSWORD = 'Trade-Pass-1';
let mt5: Mt5Simulator;
let app: TestApp;

beforeAll(async () => {
  mt5 = await startMt5Simulator({ managers: [MANAGER], groups: config.platforms[0]!.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })) });
  app = await startTestApp({
    integrations: integrationsFrom({
      sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
      sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
      platforms: [{ platformId: 'mt5_demo', kind: 'mt5', baseUrl: mt5.url, ...MANAGER }],
    }),
  });
});
afterAll(async () => {
  await app?.close();
  await mt5?.close();
});

async function openAccount(client: MoneyClient, body: Record<string, unknown> = {}) {
  return client.http.post('/api/portal/trading-accounts', { platformId: 'mt5_demo', accountType: 'live', currency: 'EUR', leverage: 30, password: PASSWORD, ...body });
}

async function fundedTrader(amountMinor = 100_000n) {
  const client = await verifiedClient(app);
  await fundWallet(app.ctx, client.id, amountMinor);
  const res = await openAccount(client);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { client, account: res.body.account as { id: string; login: string } };
}

async function transfer(client: MoneyClient, tradingAccountId: string, direction: 'to_account' | 'to_wallet', amountMinor: string) {
  return client.http.post('/api/portal/trading-transfers', { tradingAccountId, direction, amountMinor });
}

async function settled(id: string) {
  await waitFor(async () => (await app.ctx.db.selectFrom('trading_transfer').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status !== 'pending', 15_000);
  return app.ctx.db.selectFrom('trading_transfer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('trading accounts', () => {
  it('opens a live account in the configured group with the chosen leverage; the portal shows its live balances', async () => {
    const { client, account } = await fundedTrader();
    expect(account).toMatchObject({ status: 'active', currency: 'EUR', leverage: 30 });
    const onPlatform = mt5.account(account.login)!;
    expect(onPlatform).toMatchObject({ group: 'real\\eu-retail-eur', currency: 'EUR', leverage: 30, email: expect.stringContaining('@') });
    const list = await client.http.get('/api/portal/trading-accounts');
    expect(list.body.accounts[0]).toMatchObject({ id: account.id, login: account.login, balances: { balanceMinor: '0', freeMarginMinor: '0' } });
    expect(list.body.offers[0]).toMatchObject({ platformId: 'mt5_demo', available: true, leverages: [1, 10, 30] });
  });

  it('refuses a leverage over the entity cap, a currency without a group, a weak password; nothing is created', async () => {
    const client = await verifiedClient(app);
    expect((await openAccount(client, { leverage: 100 })).body.error.code).toBe('leverage_not_allowed');
    expect((await openAccount(client, { currency: 'GBP' })).body.error.code).toBe('account_not_offered');
    expect((await openAccount(client, { password: 'password' })).body.error.code).toBe('password_rules');
    expect(await app.ctx.db.selectFrom('trading_account').select('id').where('client_id', '=', client.id).execute()).toHaveLength(0);
  });

  it('moves money to the account and back exactly once; the ledger and the platform agree', async () => {
    const { client, account } = await fundedTrader(100_000n);
    const out = await transfer(client, account.id, 'to_account', '40000');
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    expect(await balances(client)).toEqual({ available: '60000', onHold: '0' }); // left the wallet at once
    expect((await settled(out.body.transfer.id)).status).toBe('completed');
    expect(mt5.account(account.login)!.balanceMinor).toBe(40_000n);

    const back = await transfer(client, account.id, 'to_wallet', '15000');
    expect((await settled(back.body.transfer.id)).status).toBe('completed');
    expect(mt5.account(account.login)!.balanceMinor).toBe(25_000n);
    expect(await balances(client)).toEqual({ available: '75000', onHold: '0' });
    expect((await verifyLedger(app.ctx.db)).ok).toBe(true);
  });

  it('a lost platform answer is not applied twice: the deal history is searched before any retry', async () => {
    const { client, account } = await fundedTrader(100_000n);
    mt5.failNext({ kind: 'drop_after_apply', command: 'trade/balance' });
    const res = await transfer(client, account.id, 'to_account', '30000');
    const row = await settled(res.body.transfer.id);
    expect(row.status).toBe('completed');
    expect(mt5.account(account.login)!.balanceMinor).toBe(30_000n);
    expect(mt5.deals(account.login).filter((d) => d.comment === row.reference)).toHaveLength(1);
  });

  it('a withdrawal to the wallet is limited by free margin', async () => {
    const { client, account } = await fundedTrader(100_000n);
    await settled((await transfer(client, account.id, 'to_account', '50000')).body.transfer.id);
    mt5.openPosition(account.login, { marginMinor: 30_000n, profitMinor: -5_000n });
    const free = mt5.account(account.login)!.freeMarginMinor; // 50,000 − 5,000 − 30,000
    expect(free).toBe(15_000n);
    const over = await transfer(client, account.id, 'to_wallet', '15001');
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('over_free_margin');
    expect((await settled((await transfer(client, account.id, 'to_wallet', '15000')).body.transfer.id)).status).toBe('completed');
  });

  it('when the platform refuses the deposit for good, the money goes back to the wallet', async () => {
    const { client, account } = await fundedTrader(100_000n);
    mt5.failNext({ kind: 'retcode', retcode: 8, command: 'trade/balance' });
    const res = await transfer(client, account.id, 'to_account', '20000');
    const row = await settled(res.body.transfer.id);
    expect(row.status).toBe('failed');
    expect(row.failure_reason).toMatch(/permission/i);
    expect(await balances(client)).toEqual({ available: '100000', onHold: '0' });
    expect(mt5.account(account.login)!.balanceMinor).toBe(0n);
    // The client is told in their words; the platform's own (retcode, text) stay with staff.
    const list = await client.http.get('/api/portal/trading-accounts');
    const mine = list.body.transfers.find((t: { id: string }) => t.id === row.id);
    expect(mine).toMatchObject({ status: 'failed', failureCode: 'platform_error' });
    expect(JSON.stringify(mine)).not.toMatch(/permission|retcode|\b8\b/i);
  });

  it('a demo account needs only a verified email and takes no real money; an unverified client cannot open a live one', async () => {
    const client = await verifiedClient(app);
    await app.ctx.db.updateTable('client').set({ status: 'email_verified', verification_level: 'email_verified' }).where('id', '=', client.id).execute();
    expect((await openAccount(client)).status).toBe(403);
    const demo = await openAccount(client, { accountType: 'demo', currency: 'USD' });
    expect(demo.status, JSON.stringify(demo.body)).toBe(201);
    expect(mt5.account(demo.body.account.login)!.group).toBe('demo\\eu-usd');
    const res = await transfer(client, demo.body.account.id, 'to_account', '1000');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('demo_account');
  });

  it("a demo account starts with its group's virtual money, on the platform only: no ledger entry, once", async () => {
    const client = await verifiedClient(app);
    const entriesBefore = await countEntries();
    const demo = await openAccount(client, { accountType: 'demo', currency: 'EUR' });
    expect(demo.status, JSON.stringify(demo.body)).toBe(201);
    const login = demo.body.account.login as string;
    // config/demo.yaml: demo\eu-eur starts with 10,000.00.
    expect(mt5.account(login)!.balanceMinor).toBe(1_000_000n);
    const deals = mt5.deals(login).filter((d) => d.action === 2);
    expect(deals).toHaveLength(1);
    expect(deals[0]!.comment).toMatch(/^TV/);
    expect(await countEntries()).toBe(entriesBefore);
    const [provisioned] = await auditEvents(app, { subjectId: demo.body.account.id, action: 'trading_account.provisioned' });
    expect(provisioned!.new_values).toMatchObject({ virtualMoney: { amountMinor: '1000000', reference: deals[0]!.comment, dealId: expect.any(String) } });
    const list = await client.http.get('/api/portal/trading-accounts');
    expect(list.body.accounts.find((a: { id: string }) => a.id === demo.body.account.id).balances).toMatchObject({ balanceMinor: '1000000' });
  });

  it('a demo account the platform will not fund stays open at zero, and the audit says why', async () => {
    const client = await verifiedClient(app);
    mt5.failNext({ kind: 'retcode', retcode: 8, command: 'trade/balance' });
    const demo = await openAccount(client, { accountType: 'demo', currency: 'EUR' });
    expect(demo.status, JSON.stringify(demo.body)).toBe(201);
    expect(demo.body.account.status).toBe('active');
    expect(mt5.account(demo.body.account.login)!.balanceMinor).toBe(0n);
    const [provisioned] = await auditEvents(app, { subjectId: demo.body.account.id, action: 'trading_account.provisioned' });
    expect(provisioned!.new_values).toMatchObject({ virtualMoney: { amountMinor: '1000000', failed: expect.stringMatching(/^permission_denied: /) } });
  });
});

async function countEntries(): Promise<number> {
  const row = await app.ctx.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
