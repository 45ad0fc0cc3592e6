/**
 * MT4 through the bridge as a configured platform (kind mt4), over real HTTP
 * against the MT4 bridge simulator, wired the way start-up wires it
 * (integrationsFrom with a PLATFORM_<ID>_* connection): an offshore client
 * opens a live MT4 account in the configured group, moves money wallet →
 * account → wallet exactly once (also when the bridge's answer is lost), and
 * compliance's restriction changes the account's rights on the bridge
 * (enable / enable_read_only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import type { Mt4BridgeSimulator } from '../../src/simulators/mt4-bridge';
import { loggedInStaff, type LoggedInStaff, type SeededClient } from '../support/actors';
import { MT4_KEY, configWithMt4, offshoreClient, startMt4Bridge } from '../support/mt4-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { fundWallet } from '../support/withdrawal-fixtures';
import { balances } from '../withdrawals/withdrawal-support';
import { settledTransfer } from '../support/trading-fixtures';

const PASSWORD = 'Trade-Pass-1';
let bridge: Mt4BridgeSimulator;
let app: TestApp;
let compliance: LoggedInStaff;

beforeAll(async () => {
  bridge = await startMt4Bridge();
  app = await startTestApp({
    config: configWithMt4(),
    integrations: integrationsFrom({
      sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
      sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
      platforms: [{ platformId: 'mt4_live', kind: 'mt4', baseUrl: bridge.url, keyId: MT4_KEY.id, keySecret: MT4_KEY.secret }],
    }),
  });
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => {
  await app?.close();
  await bridge?.close();
});

async function mt4Trader(amountMinor = 100_000n): Promise<{ client: SeededClient; account: { id: string; login: string; reference: string } }> {
  const client = await offshoreClient(app);
  await fundWallet(app.ctx, client.id, amountMinor, 'USD');
  const res = await client.http.post('/api/portal/trading-accounts', { platformId: 'mt4_live', accountType: 'live', currency: 'USD', leverage: 100, password: PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const row = await app.ctx.db.selectFrom('trading_account').select('reference').where('id', '=', res.body.account.id).executeTakeFirstOrThrow();
  return { client, account: { ...res.body.account, reference: row.reference } };
}

const transfer = (client: SeededClient, tradingAccountId: string, direction: 'to_account' | 'to_wallet', amountMinor: string) => settledTransfer(app, client, tradingAccountId, direction, amountMinor);

async function restrict(clientId: string, reason: string) {
  const res = await compliance.http.post(`/api/backoffice/clients/${clientId}/status`, { event: 'restrict', reason, note: 'Decided by compliance.' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function appliedRights(tradingAccountId: string) {
  const row = () => app.ctx.db.selectFrom('platform_rights_sync').selectAll().where('trading_account_id', '=', tradingAccountId).executeTakeFirst();
  await waitFor(async () => (await row())?.state === 'applied', 15_000);
  return (await row())!;
}

describe('MT4 accounts through the bridge', () => {
  it('the offshore client is offered MT4 and opens a live account in the configured group, our reference in its comment', async () => {
    const { client, account } = await mt4Trader();
    expect(account).toMatchObject({ status: 'active', currency: 'USD', leverage: 100 });
    expect(bridge.account(account.login)).toMatchObject({
      group: 'sc-std-usd', currency: 'USD', leverage: 100, comment: account.reference, enable: true, enableReadOnly: false, balanceMinor: 0n,
    });
    const list = await client.http.get('/api/portal/trading-accounts');
    expect(list.body.offers).toContainEqual(expect.objectContaining({ platformId: 'mt4_live', available: true }));
    expect(list.body.accounts[0]).toMatchObject({ id: account.id, login: account.login, balances: { balanceMinor: '0', freeMarginMinor: '0' } });
  });

  it("MT4's password is at most 15 characters: the offer says so and a 16-character one is refused before the bridge is asked", async () => {
    const client = await offshoreClient(app);
    const list = await client.http.get('/api/portal/trading-accounts');
    expect(list.body.offers).toContainEqual(expect.objectContaining({ platformId: 'mt4_live', passwordLength: { min: 8, max: 15 } }));
    const accountsBefore = bridge.accounts().length;
    const res = await client.http.post('/api/portal/trading-accounts', { platformId: 'mt4_live', accountType: 'live', currency: 'USD', leverage: 100, password: 'Sixteen-Chars-1x' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'password_rules', message: expect.stringContaining('8–15 characters'), details: { field: 'password', maxLength: 15 } });
    expect(await app.ctx.db.selectFrom('trading_account').select('id').where('client_id', '=', client.id).execute()).toEqual([]);
    expect(bridge.accounts()).toHaveLength(accountsBefore);
  });

  it('moves money wallet → account → wallet exactly once; the ledger and the bridge agree', async () => {
    const { client, account } = await mt4Trader(100_000n);
    const out = await transfer(client, account.id, 'to_account', '40000');
    expect(out.status).toBe('completed');
    expect(bridge.account(account.login)!.balanceMinor).toBe(40_000n);
    expect(await balances(client, 'USD')).toEqual({ available: '60000', onHold: '0' });

    const back = await transfer(client, account.id, 'to_wallet', '15000');
    expect(back.status).toBe('completed');
    expect(bridge.account(account.login)!.balanceMinor).toBe(25_000n);
    expect(await balances(client, 'USD')).toEqual({ available: '75000', onHold: '0' });
    const ops = bridge.deals(account.login).filter((d) => d.action === 2);
    expect(ops.map((d) => [d.comment, d.amountMinor])).toEqual([
      [out.reference, 40_000n],
      [back.reference, -15_000n],
    ]);
    expect(ops.map((d) => d.deal)).toEqual([out.platform_deal_id, back.platform_deal_id]);
    const listed = await client.http.get('/api/portal/trading-accounts');
    expect(listed.body.accounts.find((a: { id: string }) => a.id === account.id).balances).toMatchObject({ balanceMinor: '25000' });
    expect((await verifyLedger(app.ctx.db)).ok).toBe(true);
  });

  it('a lost bridge answer is not applied twice: the history is searched for our reference before any resend', async () => {
    const { client, account } = await mt4Trader(100_000n);
    bridge.failNext({ kind: 'drop_after_apply', endpoint: 'balance.apply' });
    const row = await transfer(client, account.id, 'to_account', '30000');
    expect(row.status).toBe('completed');
    expect(bridge.account(account.login)!.balanceMinor).toBe(30_000n);
    expect(bridge.deals(account.login).filter((d) => d.comment === row.reference)).toHaveLength(1);
  });

  it('a withdrawal to the wallet is limited by the free margin the bridge reports', async () => {
    const { client, account } = await mt4Trader(100_000n);
    expect((await transfer(client, account.id, 'to_account', '50000')).status).toBe('completed');
    bridge.openPosition(account.login, { marginMinor: 30_000n, profitMinor: -5_000n });
    const over = await client.http.post('/api/portal/trading-transfers', { tradingAccountId: account.id, direction: 'to_wallet', amountMinor: '15001' });
    expect(over.status).toBe(422);
    expect(over.body.error.code).toBe('over_free_margin');
    expect(bridge.account(account.login)!.balanceMinor).toBe(50_000n);
  });

  it('when MT4 refuses the deposit for good (RET_NOT_ENOUGH_RIGHTS, 403), the money goes back to the wallet', async () => {
    const { client, account } = await mt4Trader(100_000n);
    bridge.failNext({ kind: 'mt4_error', mt4Code: 7, endpoint: 'balance.apply' });
    const row = await transfer(client, account.id, 'to_account', '20000');
    expect(row.status).toBe('failed');
    expect(row.failure_reason).toMatch(/permission/i);
    expect(await balances(client, 'USD')).toEqual({ available: '100000', onHold: '0' });
    expect(bridge.account(account.login)!.balanceMinor).toBe(0n);
  });

  it("compliance's restriction takes trading away on the bridge (enable_read_only); suspected fraud takes the login too", async () => {
    const held = await mt4Trader();
    await restrict(held.client.id, 'compliance_hold');
    expect(await appliedRights(held.account.id)).toMatchObject({ desired_rights: 'trading_disabled', attempts: 1, last_error: null });
    expect(bridge.account(held.account.login)).toMatchObject({ enable: true, enableReadOnly: true });

    const fraud = await mt4Trader();
    await restrict(fraud.client.id, 'suspected_fraud');
    expect(await appliedRights(fraud.account.id)).toMatchObject({ desired_rights: 'login_disabled', last_error: null });
    expect(bridge.account(fraud.account.login)).toMatchObject({ enable: false, enableReadOnly: true });
    const applied = await app.ctx.db.selectFrom('audit_event').selectAll().where('subject_id', '=', fraud.account.id).where('action', '=', 'trading_account.rights_applied').executeTakeFirstOrThrow();
    expect(applied).toMatchObject({ actor_type: 'system', actor_id: 'platform:mt4_live' });
    expect(bridge.stats().requests['account.rights']).toBe(2);
  });
});
