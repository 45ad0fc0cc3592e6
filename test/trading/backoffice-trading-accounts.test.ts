/**
 * The client record's trading accounts in the back office, over real HTTP:
 * staff read every account of the client (also a failed one, with its
 * reason) with the platform group and rights, and the transfers with our
 * reference and the platform's deal; roles without `trading_account.view`,
 * staff of another entity, clients and strangers are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { loadConfig } from '../../src/config/load-config';
import { startMt5Simulator, type Mt5Simulator } from '../../src/simulators/mt5';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { fundWallet } from '../support/withdrawal-fixtures';
import { verifiedClient, type MoneyClient } from '../withdrawals/withdrawal-support';

const config = loadConfig();
const MANAGER = { login: '1000', password: 'Manager-Pass-1' };
const PASSWORD = 'Trade-Pass-1';
let mt5: Mt5Simulator;
let app: TestApp;
let support: LoggedInStaff;
let client: MoneyClient;
let live: { id: string; login: string };
let demo: { id: string; login: string };
let failed: { id: string };
let completedId: string;
let refusedId: string;

function open(body: Record<string, unknown>) {
  return client.http.post('/api/portal/trading-accounts', { platformId: 'mt5_demo', accountType: 'live', currency: 'EUR', leverage: 30, password: PASSWORD, ...body });
}

async function settled(id: string) {
  await waitFor(async () => (await app.ctx.db.selectFrom('trading_transfer').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status !== 'pending', 15_000);
}

async function transfer(amountMinor: string): Promise<string> {
  const res = await client.http.post('/api/portal/trading-transfers', { tradingAccountId: live.id, direction: 'to_account', amountMinor });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await settled(res.body.transfer.id);
  return res.body.transfer.id as string;
}

const path = (clientId: string) => `/api/backoffice/clients/${clientId}/trading-accounts`;

beforeAll(async () => {
  mt5 = await startMt5Simulator({ managers: [MANAGER], groups: config.platforms[0]!.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })) });
  app = await startTestApp({
    integrations: integrationsFrom({
      sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
      sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
      platforms: [{ platformId: 'mt5_demo', kind: 'mt5', baseUrl: mt5.url, ...MANAGER }],
    }),
  });
  support = await loggedInStaff(app, ['support']);
  client = await verifiedClient(app);
  await fundWallet(app.ctx, client.id, 100_000n);
  live = (await open({})).body.account;
  demo = (await open({ accountType: 'demo', currency: 'USD', leverage: 10 })).body.account;
  mt5.failNext({ kind: 'retcode', retcode: 3, command: 'user/add' });
  failed = (await open({ currency: 'USD' })).body.account;
  completedId = await transfer('25000');
  mt5.failNext({ kind: 'retcode', retcode: 8, command: 'trade/balance' });
  refusedId = await transfer('1000');
});
afterAll(async () => {
  await app?.close();
  await mt5?.close();
});

describe('trading accounts on the client record', () => {
  it('shows staff every account with its group, rights and status, and the transfers with reference and deal', async () => {
    const res = await support.http.get(path(client.id));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.accounts).toHaveLength(3);
    expect(res.body.accounts[0]).toMatchObject({
      id: live.id, platformId: 'mt5_demo', platformName: 'MetaTrader 5 (demo server)', accountType: 'live', login: live.login, group: 'real\\eu-retail-eur',
      currency: 'EUR', leverage: 30, status: 'active', rights: 'full', failureReason: null, reference: expect.stringMatching(/^TA/), provisionedAt: expect.any(String),
    });
    expect(res.body.accounts[1]).toMatchObject({ id: demo.id, accountType: 'demo', login: demo.login, group: 'demo\\eu-usd', currency: 'USD', leverage: 10, status: 'active' });
    expect(res.body.accounts[2]).toMatchObject({ id: failed.id, accountType: 'live', login: null, group: 'real\\eu-retail-usd', status: 'failed', rights: null, failureReason: expect.stringMatching(/^invalid_request: /) });

    // Newest first; the refused one carries the platform's reason, the completed one the deal the platform booked.
    expect(res.body.transfers.map((t: { id: string }) => t.id)).toEqual([refusedId, completedId]);
    const deal = mt5.deals(live.login).find((d) => d.comment.startsWith('TT'));
    expect(res.body.transfers[1]).toMatchObject({
      tradingAccountId: live.id, login: live.login, direction: 'to_account', amountMinor: '25000', currency: 'EUR', status: 'completed', reason: null,
      reference: deal!.comment, platformDealId: expect.any(String), attempts: 1, completedAt: expect.any(String),
    });
    expect(res.body.transfers[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/permission/i), platformDealId: null, completedAt: null });
  });

  it('is read by support, compliance, finance and supervisors; not by admin', async () => {
    for (const role of ['compliance', 'finance', 'supervisor'] as const) {
      expect((await (await loggedInStaff(app, [role])).http.get(path(client.id))).status).toBe(200);
    }
    const admin = await loggedInStaff(app, ['admin']);
    const refused = await admin.http.get(path(client.id));
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ action: 'trading_account.view' });
  });

  it('refuses staff of another entity, and answers 404 for a client that does not exist', async () => {
    const offshore = await loggedInStaff(app, ['support'], ['offshore']);
    const res = await offshore.http.get(path(client.id));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('out_of_scope');
    expect((await support.http.get(path('00000000-0000-7000-8000-000000000000'))).status).toBe(404);
    expect((await support.http.get(path('not-a-uuid'))).status).toBe(404);
  });

  it('needs a back-office session', async () => {
    expect((await client.http.get(path(client.id))).status).toBe(401);
  });
});
