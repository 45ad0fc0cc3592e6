/**
 * Trading-account rights follow the client's status (issue 6 "Status follows
 * KYC"), over real HTTP against the MT5 Web API simulator: a lapsed passport
 * (due diligence) restricts the client and their account loses trading on the
 * platform (TRADE_DISABLED), the compliance approval of a new passport gives
 * it back; a failed re-check (compliance hold), a closure and the configured
 * `login_disabled` take the account's login away. A platform failure is
 * retried by the job until applied; a permanent one stays in the sync-health
 * view until staff retry it. Every change has its audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import type { TraderoomConfig } from '../../src/config/schema';
import { createMt5WebApiPlatform } from '../../src/integrations/platforms';
import { MT5_RIGHT } from '../../src/integrations/platforms/mt5/mt5-rights';
import { startMt5Simulator, type Mt5Simulator } from '../../src/simulators/mt5';
import { ManualClock } from '../../src/usecases/clock';
import { runDueDiligence } from '../../src/usecases/due-diligence/run-due-diligence';
import { NO_INTEGRATIONS } from '../../src/usecases/integrations';
import { applyPlatformRights, RIGHTS_MAX_ATTEMPTS } from '../../src/usecases/trading/apply-platform-rights';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import type { HttpClient } from '../support/http-client';
import { seedRightsSync } from '../support/platform-sync-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { addDays, auditEvents, claim, claimAndApprove, clientRow, decide, logInClient, submit, today, uploadPassport, verifiedClient } from '../kyc/kyc-support';

const MANAGER = { login: '1000', password: 'Manager-Pass-1' };
const TRADING_PASSWORD = 'Trade-Pass-1';
const { ENABLED, TRADE_DISABLED } = MT5_RIGHT;

interface World {
  app: TestApp;
  mt5: Mt5Simulator;
  clock: ManualClock;
  close(): Promise<void>;
}

/** The app on a manual clock (Monday 2 March 2026, 09:00 in Nicosia) with an MT5 simulator; the adapter tries each call twice. */
async function startWorld(config: TraderoomConfig = loadConfig()): Promise<World> {
  const clock = new ManualClock(new Date('2026-03-02T07:00:00Z'));
  const mt5 = await startMt5Simulator({ managers: [MANAGER], groups: config.platforms[0]!.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })) });
  const platform = createMt5WebApiPlatform({ baseUrl: mt5.url, ...MANAGER, maxAttempts: 2, retryDelayMs: () => 20 });
  const app = await startTestApp({ clock, config, integrations: { ...NO_INTEGRATIONS, platforms: { mt5_demo: platform } } });
  return {
    app, mt5, clock,
    async close() {
      await app.close();
      await platform.close();
      await mt5.close();
    },
  };
}

async function openLiveAccount(http: HttpClient): Promise<{ id: string; login: string }> {
  const res = await http.post('/api/portal/trading-accounts', { platformId: 'mt5_demo', accountType: 'live', currency: 'EUR', leverage: 30, password: TRADING_PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.account;
}

async function syncRow(app: TestApp, tradingAccountId: string) {
  return app.ctx.db.selectFrom('platform_rights_sync').selectAll().where('trading_account_id', '=', tradingAccountId).executeTakeFirstOrThrow();
}

async function accountRow(app: TestApp, tradingAccountId: string) {
  return app.ctx.db.selectFrom('trading_account').selectAll().where('id', '=', tradingAccountId).executeTakeFirstOrThrow();
}

async function applied(app: TestApp, tradingAccountId: string, timeoutMs = 15_000) {
  await waitFor(async () => (await syncRow(app, tradingAccountId)).state === 'applied', timeoutMs);
  return syncRow(app, tradingAccountId);
}

function platformRights(mt5: Mt5Simulator, login: string): bigint {
  return mt5.account(login)!.rights;
}

/** A client verified through the KYC flow by a compliance reviewer logged in now, with a live MT5 account opened over HTTP at full rights. */
async function traderWithAccount(world: World, passportExpiry?: string) {
  const reviewer = await loggedInStaff(world.app, ['compliance']);
  const client = await verifiedClient(world.app, reviewer, passportExpiry ? { passportExpiry } : {});
  const account = await openLiveAccount(client.http);
  expect(platformRights(world.mt5, account.login) & (ENABLED | TRADE_DISABLED)).toBe(ENABLED);
  return { client, account, reviewer };
}

/** Compliance changes the client's standing through the back office (POST /api/backoffice/clients/:id/status). */
async function setStatus(reviewer: LoggedInStaff, clientId: string, event: 'restrict' | 'lift_restriction' | 'close', reason: string | null, note = 'Decided by compliance.') {
  const res = await reviewer.http.post(`/api/backoffice/clients/${clientId}/status`, { event, reason, note });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('rights follow KYC (whenRestricted: trading_disabled)', () => {
  let world: World;
  let app: TestApp;
  let mt5: Mt5Simulator;
  beforeAll(async () => {
    world = await startWorld();
    ({ app, mt5 } = world);
  });
  afterAll(async () => world?.close());

  describe('a lapsed passport and its replacement', () => {
    let trader: Awaited<ReturnType<typeof traderWithAccount>>;
    let expiry: string;
    beforeAll(async () => {
      expiry = addDays(today(app), 20);
      trader = await traderWithAccount(world, expiry);
    });

    it('due diligence restricts the client (kyc_lapsed): the account goes read-only and TRADE_DISABLED is set on MT5, login kept', async () => {
      const { account, client } = trader;
      world.clock.set(new Date(`${addDays(expiry, 1)}T07:00:00Z`));
      expect(await runDueDiligence(app.ctx, world.clock.now())).toMatchObject({ documentsLapsed: 1, clientsRestricted: 1 });
      expect(await clientRow(app, client.id)).toMatchObject({ status: 'restricted', restriction_reason: 'kyc_lapsed' });
      // Same transaction as the client's restriction: the account state and its desired rights.
      expect(await accountRow(app, account.id)).toMatchObject({ status: 'read_only', rights: 'full' });

      const sync = await applied(app, account.id);
      expect(sync).toMatchObject({ desired_rights: 'trading_disabled', follows_client: true, attempts: 1, last_error: null });
      expect(platformRights(mt5, account.login) & (ENABLED | TRADE_DISABLED)).toBe(ENABLED | TRADE_DISABLED);
      expect(await accountRow(app, account.id)).toMatchObject({ status: 'read_only', rights: 'trading_disabled' });

      const [restricted] = await auditEvents(app, { subjectId: account.id, action: 'trading_account.restricted' });
      expect(restricted).toMatchObject({ actor_type: 'system', actor_id: 'due-diligence', client_id: client.id });
      expect(restricted!.old_values).toMatchObject({ status: 'active', rights: 'full' });
      expect(restricted!.new_values).toMatchObject({ status: 'read_only', desiredRights: 'trading_disabled', reason: 'kyc_lapsed', clientStatus: 'restricted' });
      expect(restricted!.note).toMatch(/active → restricted \(kyc_lapsed\)/);
      const [appliedEvent] = await auditEvents(app, { subjectId: account.id, action: 'trading_account.rights_applied' });
      expect(appliedEvent).toMatchObject({ actor_type: 'system', actor_id: 'platform:mt5_demo' });
      expect(appliedEvent!.old_values).toEqual({ rights: 'full' });
      expect(appliedEvent!.new_values).toMatchObject({ rights: 'trading_disabled', status: 'read_only', login: account.login });

      // The portal shows it; funds may still leave a read-only account, none may enter.
      const http = await logInClient(app, client.email);
      const mine = await http.get('/api/portal/trading-accounts');
      expect(mine.body.accounts.find((a: { id: string }) => a.id === account.id)).toMatchObject({ status: 'read_only' });
      // Running the pass again changes nothing.
      expect(await runDueDiligence(app.ctx, world.clock.now())).toMatchObject({ documentsLapsed: 0, clientsRestricted: 0 });
      expect(await auditEvents(app, { subjectId: account.id, action: 'trading_account.restricted' })).toHaveLength(1);
    });

    it('the compliance approval of a new passport reinstates the client: the account is restored and MT5 rights are full again', async () => {
      const { account, client } = trader;
      world.clock.advance(60_000);
      const http = await logInClient(app, client.email);
      await uploadPassport(app, http, addDays(today(app), 3650));
      const submitted = await submit(http);
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
      const reviewer = await loggedInStaff(app, ['compliance']); // the first reviewer's session is long gone
      await claimAndApprove(reviewer, submitted.body.caseId, 'New passport checked.');
      expect(await clientRow(app, client.id)).toMatchObject({ status: 'active', restriction_reason: null });
      expect((await accountRow(app, account.id)).status).toBe('active');

      const sync = await applied(app, account.id);
      expect(sync).toMatchObject({ desired_rights: 'full', follows_client: false });
      expect(platformRights(mt5, account.login) & (ENABLED | TRADE_DISABLED)).toBe(ENABLED);
      expect((await accountRow(app, account.id)).rights).toBe('full');

      const [restored] = await auditEvents(app, { subjectId: account.id, action: 'trading_account.restored' });
      expect(restored).toMatchObject({ actor_type: 'staff', actor_id: reviewer.id });
      expect(restored!.old_values).toMatchObject({ status: 'read_only', rights: 'trading_disabled' });
      expect(restored!.new_values).toMatchObject({ status: 'active', desiredRights: 'full', clientStatus: 'active' });
      const applies = await auditEvents(app, { subjectId: account.id, action: 'trading_account.rights_applied' });
      expect(applies.map((e) => (e.new_values as { rights: string }).rights)).toEqual(['trading_disabled', 'full']);
      // Every state change of the account is in its history, in order.
      const history = (await auditEvents(app, { subjectId: account.id })).map((e) => e.action);
      expect(history).toEqual([
        'trading_account.requested',
        'trading_account.provisioned',
        'trading_account.restricted',
        'trading_account.rights_applied',
        'trading_account.restored',
        'trading_account.rights_applied',
      ]);
    });
  });

  it('a failed re-check puts the client on compliance hold: the account is trading_disabled (no transfers either way)', async () => {
    const { client, account, reviewer } = await traderWithAccount(world);
    const raised = await reviewer.http.post(`/api/backoffice/clients/${client.id}/risk-override`, { level: 'high', note: 'Adverse media.' });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    const caseId = raised.body.reviewCaseId as string;
    expect((await claim(reviewer, caseId)).status).toBe(200);
    const rejected = await decide(reviewer, caseId, { decision: 'reject', reason: 'sanctions_match', note: 'Confirmed match.' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(await clientRow(app, client.id)).toMatchObject({ status: 'restricted', restriction_reason: 'compliance_hold' });
    expect((await accountRow(app, account.id)).status).toBe('trading_disabled');
    await applied(app, account.id);
    expect(platformRights(mt5, account.login) & (ENABLED | TRADE_DISABLED)).toBe(ENABLED | TRADE_DISABLED);
    const [restricted] = await auditEvents(app, { subjectId: account.id, action: 'trading_account.restricted' });
    expect(restricted).toMatchObject({ actor_type: 'staff', actor_id: reviewer.id });
    expect(restricted!.new_values).toMatchObject({ status: 'trading_disabled', reason: 'compliance_hold' });
    const out = await client.http.post('/api/portal/trading-transfers', { tradingAccountId: account.id, direction: 'to_wallet', amountMinor: '100' });
    expect(out.status).toBe(409);
    expect(out.body.error.code).toBe('account_not_active');
  });

  it('a closed client: the account login is disabled on MT5', async () => {
    const { client, account, reviewer } = await traderWithAccount(world);
    await setStatus(reviewer, client.id, 'close', 'compliance_decision');
    expect((await accountRow(app, account.id)).status).toBe('login_disabled');
    await applied(app, account.id);
    expect(platformRights(mt5, account.login) & ENABLED).toBe(0n);
    expect((await accountRow(app, account.id)).rights).toBe('login_disabled');
    const [restricted] = await auditEvents(app, { subjectId: account.id, action: 'trading_account.restricted' });
    expect(restricted!.new_values).toMatchObject({ status: 'login_disabled', desiredRights: 'login_disabled', reason: 'client_restricted', clientStatus: 'closed' });
  });

  it('a client whose live account holds money on the platform cannot be closed, even before any balance sync; nor while the platform does not answer', async () => {
    const { client, account, reviewer } = await traderWithAccount(world);
    world.mt5.manualOperation(account.login, 5_000n, { comment: 'dealer correction' }); // no snapshot of it exists yet
    const close = () => reviewer.http.post(`/api/backoffice/clients/${client.id}/status`, { event: 'close', reason: 'client_request', note: 'Client asked to close.' });
    const held = await close();
    expect(held.status).toBe(409);
    expect(held.body.error.message).toBe(`Trading account ${account.login} still holds a balance: move it back to the wallet first`);
    world.mt5.manualOperation(account.login, -5_000n, { comment: 'dealer correction reversed' });
    world.mt5.failNext({ kind: 'http_status', status: 503, count: 2 }); // both of the adapter's tries
    const unknown = await close();
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.message).toMatch(/cannot be read from the platform just now/);
    expect((await clientRow(world.app, client.id)).status).toBe('active');
    expect((await auditEvents(world.app, { clientId: client.id, action: 'client.closed' }))).toEqual([]);
    const closed = await close();
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect((await clientRow(world.app, client.id)).status).toBe('closed');
  });

  it('an account provisioned while its client is restricted follows the client at once (a demo account here)', async () => {
    const { client, reviewer } = await traderWithAccount(world);
    await setStatus(reviewer, client.id, 'restrict', 'compliance_hold');
    const res = await client.http.post('/api/portal/trading-accounts', { platformId: 'mt5_demo', accountType: 'demo', currency: 'USD', leverage: 30, password: TRADING_PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.account).toMatchObject({ status: 'trading_disabled' });
    await applied(app, res.body.account.id);
    expect(platformRights(mt5, res.body.account.login) & (ENABLED | TRADE_DISABLED)).toBe(ENABLED | TRADE_DISABLED);
    const [restricted] = await auditEvents(app, { subjectId: res.body.account.id, action: 'trading_account.restricted' });
    expect(restricted).toMatchObject({ actor_type: 'system', actor_id: 'platform:mt5_demo' });
  });

  it('a platform failure (connection dropped) is recorded and retried by the job until applied', { timeout: 60_000 }, async () => {
    const { client, account, reviewer } = await traderWithAccount(world);
    // Both of the adapter's tries are dropped: the job fails once and pg-boss runs it again.
    mt5.failNext({ kind: 'drop_before_apply', command: 'user/update', count: 2 });
    await setStatus(reviewer, client.id, 'restrict', 'compliance_hold');
    await waitFor(async () => (await syncRow(app, account.id)).state === 'retrying', 10_000);
    const retrying = await syncRow(app, account.id);
    expect(retrying).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/^(unavailable|timeout):/) });
    expect(retrying.next_attempt_at!.getTime()).toBeGreaterThan(retrying.last_attempt_at!.getTime());
    expect(platformRights(mt5, account.login) & TRADE_DISABLED).toBe(0n);

    // Visible in sync health while it waits.
    const support = await loggedInStaff(app, ['support']);
    const health = await support.http.get('/api/backoffice/platform-sync');
    expect(health.status).toBe(200);
    expect(health.body.items.find((i: { tradingAccountId: string }) => i.tradingAccountId === account.id)).toMatchObject({
      state: 'retrying', attempts: 1, desiredRights: 'trading_disabled', appliedRights: 'full', lastError: expect.any(String), login: account.login,
    });

    const done = await applied(app, account.id, 30_000);
    expect(done).toMatchObject({ attempts: 2, last_error: null, next_attempt_at: null });
    expect(platformRights(mt5, account.login) & TRADE_DISABLED).toBe(TRADE_DISABLED);
    const [event] = await auditEvents(app, { subjectId: account.id, action: 'trading_account.rights_applied' });
    expect(event!.new_values).toMatchObject({ rights: 'trading_disabled', attempts: 2 });
    const after = await support.http.get('/api/backoffice/platform-sync');
    expect(after.body.items.map((i: { tradingAccountId: string }) => i.tradingAccountId)).not.toContain(account.id);
  });

  it('a permanent failure stays in the sync-health view, audited, until staff retry it', async () => {
    const { client, account, reviewer } = await traderWithAccount(world);
    mt5.failNext({ kind: 'retcode', retcode: 8, command: 'user/update' }); // the manager may not modify accounts
    await setStatus(reviewer, client.id, 'restrict', 'compliance_hold');
    await waitFor(async () => (await syncRow(app, account.id)).state === 'failed');
    expect(await syncRow(app, account.id)).toMatchObject({ attempts: 1, next_attempt_at: null, last_error: expect.stringMatching(/^permission_denied:/) });
    const [failed] = await auditEvents(app, { subjectId: account.id, action: 'trading_account.rights_failed' });
    expect(failed).toMatchObject({ actor_type: 'system', actor_id: 'platform:mt5_demo' });
    expect(failed!.new_values).toMatchObject({ desiredRights: 'trading_disabled', attempts: 1, error: expect.stringMatching(/permission/) });

    const finance = await loggedInStaff(app, ['finance']);
    const health = await finance.http.get('/api/backoffice/platform-sync?state=failed');
    expect(health.status).toBe(200);
    expect(health.body.counts.failed).toBeGreaterThanOrEqual(1);
    const item = health.body.items.find((i: { tradingAccountId: string }) => i.tradingAccountId === account.id);
    expect(item).toMatchObject({
      clientId: client.id, platformId: 'mt5_demo', login: account.login, accountStatus: 'trading_disabled', desiredRights: 'trading_disabled', appliedRights: 'full',
      state: 'failed', attempts: 1, lastError: expect.stringMatching(/permission/), ageMs: expect.any(Number), entityId: 'eu',
    });
    // A few minutes later it is still there, older.
    world.clock.advance(5 * 60_000);
    const later = await finance.http.get('/api/backoffice/platform-sync?state=failed');
    expect(later.body.items.find((i: { tradingAccountId: string }) => i.tradingAccountId === account.id).ageMs).toBeGreaterThanOrEqual(5 * 60_000);

    // Finance may look, not retry; support retries.
    expect((await finance.http.post(`/api/backoffice/platform-sync/${account.id}/retry`, {})).status).toBe(403);
    const support = await loggedInStaff(app, ['support']);
    const retried = await support.http.post(`/api/backoffice/platform-sync/${account.id}/retry`, { note: 'Manager right restored on the MT5 server.' });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ state: 'pending', desiredRights: 'trading_disabled' });
    await applied(app, account.id);
    expect(platformRights(mt5, account.login) & TRADE_DISABLED).toBe(TRADE_DISABLED);
    const [retry] = await auditEvents(app, { subjectId: account.id, action: 'trading_account.rights_retry_requested' });
    expect(retry).toMatchObject({ actor_type: 'staff', actor_id: support.id, note: 'Manager right restored on the MT5 server.' });
    expect(retry!.old_values).toMatchObject({ syncState: 'failed', attempts: 1 });
    const cleared = await finance.http.get('/api/backoffice/platform-sync');
    expect(cleared.body.items.map((i: { tradingAccountId: string }) => i.tradingAccountId)).not.toContain(account.id);
    const again = await support.http.post(`/api/backoffice/platform-sync/${account.id}/retry`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('rights_in_sync');
  });

  it('an error that may pass but outlasts the attempts ends failed too', async () => {
    const clientId = (await traderWithAccount(world)).client.id;
    const id = await seedRightsSync(app.ctx, clientId, 'retrying');
    await app.ctx.db.updateTable('platform_rights_sync').set({ attempts: RIGHTS_MAX_ATTEMPTS - 1 }).where('trading_account_id', '=', id).execute();
    // The adapter tries twice, each read inside twice too: four drops outlast it.
    mt5.failNext({ kind: 'drop_before_apply', command: 'user/get', count: 4 });
    expect(await applyPlatformRights(app.ctx, id)).toBe('failed');
    expect(await syncRow(app, id)).toMatchObject({ state: 'failed', attempts: RIGHTS_MAX_ATTEMPTS, next_attempt_at: null, last_error: expect.stringMatching(/^(unavailable|timeout):/) });
    expect(await auditEvents(app, { subjectId: id, action: 'trading_account.rights_failed' })).toHaveLength(1);
  });

  it('staff outside the account’s entity neither see nor retry it', async () => {
    const clientId = (await traderWithAccount(world)).client.id;
    const id = await seedRightsSync(app.ctx, clientId, 'failed');
    const offshore = await loggedInStaff(app, ['support'], ['offshore']);
    const list = await offshore.http.get('/api/backoffice/platform-sync');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { tradingAccountId: string }) => i.tradingAccountId)).not.toContain(id);
    expect((await offshore.http.post(`/api/backoffice/platform-sync/${id}/retry`, {})).status).toBe(403);
    expect((await offshore.http.get('/api/backoffice/platform-sync?entity=eu')).status).toBe(403);
  });
});

describe('rights follow KYC (whenRestricted: login_disabled)', () => {
  let world: World;
  beforeAll(async () => {
    const config = loadConfig();
    world = await startWorld({ ...config, platforms: config.platforms.map((p) => ({ ...p, whenRestricted: 'login_disabled' as const })) });
  });
  afterAll(async () => world?.close());

  it('a lapsed passport takes the login away on MT5; the approval of a new one gives full rights back', async () => {
    const { app, mt5, clock } = world;
    const expiry = addDays(today(app), 20);
    const { client, account } = await traderWithAccount(world, expiry);
    clock.set(new Date(`${addDays(expiry, 1)}T07:00:00Z`));
    expect(await runDueDiligence(app.ctx, clock.now())).toMatchObject({ clientsRestricted: 1 });
    expect((await accountRow(app, account.id)).status).toBe('login_disabled');
    await applied(app, account.id);
    expect(platformRights(mt5, account.login) & ENABLED).toBe(0n);

    clock.advance(60_000); // the replacement comes after the request for it
    const http = await logInClient(app, client.email);
    await uploadPassport(app, http, addDays(today(app), 3650));
    const submitted = await submit(http);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    await claimAndApprove(await loggedInStaff(app, ['compliance']), submitted.body.caseId, 'New passport checked.');
    expect((await accountRow(app, account.id)).status).toBe('active');
    await applied(app, account.id);
    expect(platformRights(mt5, account.login) & (ENABLED | TRADE_DISABLED)).toBe(ENABLED);
    expect((await auditEvents(app, { subjectId: account.id })).map((e) => e.action).filter((a) => a !== 'trading_account.requested' && a !== 'trading_account.provisioned')).toEqual([
      'trading_account.restricted',
      'trading_account.rights_applied',
      'trading_account.restored',
      'trading_account.rights_applied',
    ]);
  });
});
