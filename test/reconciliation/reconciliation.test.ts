/**
 * Reconciliation (SPEC §8) over real HTTP against the MT5 and PSP simulators:
 * a client deposits through the PSP, moves money to a live account and back
 * through the transfer job, trades (closed P/L and an open position); then
 * the breaks are planted the way they happen — a deal deleted at the manager
 * terminal, our operation repeated there by hand, a deal's amount corrected,
 * a bonus given by a dealer, a payment settled at the provider for no deposit
 * of ours — and a run must find each of them, once, and nothing else. The
 * balance sync finds the dealer's bonus too and puts it in finance's queue.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMt5WebApiPlatform } from '../../src/integrations/platforms';
import { createGenericPspClient } from '../../src/integrations/psp';
import { parseSettlementCsv } from '../../src/integrations/psp/settlement-report';
import { startMt5Simulator, type Mt5Simulator } from '../../src/simulators/mt5';
import { startPspSimulator, type PspSimulator } from '../../src/simulators/psp';
import { loadConfig } from '../../src/config/load-config';
import { reconciliationJobHandlers } from '../../src/jobs/reconciliation-job-handlers';
import { syncPlatformBalances } from '../../src/usecases/reconciliation/sync-platform-balances';
import { NO_INTEGRATIONS } from '../../src/usecases/integrations';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { CARD, LEGAL_NAME, startDeposit, verifiedClient, type KitClient } from '../deposits/deposit-test-kit';
import { settledTransfer } from '../support/trading-fixtures';

const config = loadConfig();
const MANAGER = { login: '1000', password: 'Manager-Pass-1' };
let mt5: Mt5Simulator;
let psp: PspSimulator;
let app: TestApp;
let finance: LoggedInStaff;

beforeAll(async () => {
  let baseUrl = '';
  mt5 = await startMt5Simulator({ managers: [MANAGER], groups: config.platforms[0]!.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })) });
  psp = await startPspSimulator({
    providers: [{ id: 'demo_card', protocol: 'generic', ...CARD }],
    webhookUrl: (providerId) => (baseUrl ? `${baseUrl}/api/webhooks/psp/${providerId}` : undefined),
    retryDelaysMs: [50],
  });
  app = await startTestApp({
    integrations: {
      ...NO_INTEGRATIONS,
      psp: { demo_card: { protocol: 'generic', providerId: 'demo_card', client: createGenericPspClient({ baseUrl: psp.url, secretKey: CARD.secretKey }), webhookSecrets: [CARD.webhookSecret] } },
      platforms: { mt5_demo: createMt5WebApiPlatform({ baseUrl: mt5.url, ...MANAGER, pingIntervalMs: 0, settleDelayMs: 5, retryDelayMs: () => 5 }) },
    },
  });
  baseUrl = app.baseUrl;
  finance = await loggedInStaff(app, ['finance']);
});
afterAll(async () => {
  await app?.close();
  await psp?.close();
  await mt5?.close();
});

async function creditedClient(amountMinor: string): Promise<KitClient & { depositId: string }> {
  const client = await verifiedClient(app);
  const { id } = await startDeposit(client.http, amountMinor);
  await psp.pay(id, { outcome: 'success', payerName: LEGAL_NAME });
  await waitFor(async () => (await app.ctx.db.selectFrom('deposit').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status === 'under_review');
  const approved = await finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: 'First deposit checked.' });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return { ...client, depositId: id };
}

/** A transfer that must complete. */
async function transfer(client: KitClient, tradingAccountId: string, direction: 'to_account' | 'to_wallet', amountMinor: string) {
  const row = await settledTransfer(app, client, tradingAccountId, direction, amountMinor);
  expect(row.status).toBe('completed');
  return row;
}

async function runToCompletion(): Promise<{ id: string; body: any }> {
  const started = await finance.http.post('/api/backoffice/reconciliation/runs', {});
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const id = started.body.run.id as string;
  let body: any;
  await waitFor(async () => {
    body = (await finance.http.get(`/api/backoffice/reconciliation/runs/${id}`)).body;
    return body.run.status === 'completed' || body.run.status === 'failed';
  }, 20_000);
  return { id, body };
}

describe('reconciliation', () => {
  let client: KitClient & { depositId: string };
  let account: { id: string; login: string };
  let planted: { missing: string; duplicate: string; amount: string; unknownDeal: string; pspReference: string };

  it('a clean book reconciles with no break; closed-trade P/L and open positions are no break', async () => {
    client = await creditedClient('100000');
    const opened = await client.http.post('/api/portal/trading-accounts', { platformId: 'mt5_demo', accountType: 'live', currency: 'EUR', leverage: 30, password: 'Trade-Pass-1' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    account = opened.body.account;
    await transfer(client, account.id, 'to_account', '30000');
    await transfer(client, account.id, 'to_wallet', '2000');
    const closed = mt5.openPosition(account.login, { marginMinor: 1000n, profitMinor: 0n });
    mt5.setFloatingProfit(account.login, closed, 1234n);
    mt5.closePosition(account.login, closed); // +12.34 realised
    mt5.openPosition(account.login, { marginMinor: 2000n, profitMinor: -500n }); // floating, not in the balance

    const { body } = await runToCompletion();
    expect(body.run).toMatchObject({ status: 'completed', breakCount: 0, notes: [], accountsChecked: 1, transfersChecked: 2, settlementRowsChecked: 1 });
    expect(body.breaks).toEqual([]);
  });

  it('finds each planted break — missing deal, duplicate deal, amount mismatch, unknown manual deal, PSP settlement without deposit — and nothing else', async () => {
    const missing = await transfer(client, account.id, 'to_account', '10000');
    const duplicate = await transfer(client, account.id, 'to_account', '5000');
    const amount = await transfer(client, account.id, 'to_account', '7000');
    mt5.deleteDeal(missing.platform_deal_id!); // deleted at the manager terminal
    mt5.manualOperation(account.login, 5000n, { comment: duplicate.reference }); // our operation made again by hand
    mt5.setDealAmount(amount.platform_deal_id!, 7500n); // corrected by hand
    const bonus = mt5.manualOperation(account.login, 2500n, { comment: '=bonus by dealer' }); // Traderoom did not make it
    // Paid at the provider for no deposit of ours: a session made straight on its API.
    const pspReference = randomUUID();
    const session = await createGenericPspClient({ baseUrl: psp.url, secretKey: CARD.secretKey }).createCheckoutSession({
      amountMinor: 4200n, currency: 'EUR', reference: pspReference, customer: { id: 'x', name: 'Somebody Else', email: 'x@example.test' }, returnUrl: 'https://example.test/back', method: 'card',
    });
    await psp.pay(session.id, { outcome: 'success', payerName: 'Somebody Else' });
    planted = { missing: missing.reference, duplicate: duplicate.reference, amount: amount.reference, unknownDeal: bonus.deal, pspReference };

    const { id, body } = await runToCompletion();
    expect(body.run).toMatchObject({ status: 'completed', breakCount: 5, notes: [] });
    expect(body.run.breaksByKind).toEqual({ missing_deal: 1, duplicate_deal: 1, amount_mismatch: 1, unknown_deal: 1, psp_settlement_without_deposit: 1 });
    const byKind = Object.fromEntries((body.breaks as any[]).map((b) => [b.kind, b]));
    expect(byKind.missing_deal).toMatchObject({ reference: missing.reference, login: account.login, clientId: client.id, entityId: 'eu', expectedMinor: '10000', actualMinor: '0' });
    expect(byKind.duplicate_deal).toMatchObject({ reference: duplicate.reference, expectedMinor: '5000', actualMinor: '10000' });
    expect(byKind.duplicate_deal.evidence.deals).toHaveLength(2);
    expect(byKind.amount_mismatch).toMatchObject({ reference: amount.reference, dealId: amount.platform_deal_id, expectedMinor: '7000', actualMinor: '7500', differenceMinor: '500' });
    expect(byKind.unknown_deal).toMatchObject({ dealId: bonus.deal, actualMinor: '2500', evidence: expect.objectContaining({ comment: '=bonus by dealer', kind: 'balance' }) });
    expect(byKind.psp_settlement_without_deposit).toMatchObject({ providerId: 'demo_card', reference: pspReference, actualMinor: '4200', entityId: null });
    expect(byKind.psp_settlement_without_deposit.evidence.row).toMatchObject({ type: 'deposit', amountMinor: '4200', currency: 'EUR' });

    // Exported as CSV: one line per break, evidence included, a comment that looks like a formula neutralised.
    const csv = await finance.http.get(`/api/backoffice/reconciliation/runs/${id}/breaks.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="reconciliation-.*\.csv"/);
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe('break_id,run_id,seq,kind,status,platform_id,provider_id,login,trading_account_id,client_id,entity_id,reference,deal_id,currency,expected_minor,actual_minor,difference_minor,evidence,resolved_by,resolved_at,resolution_note');
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.includes(',unknown_deal,'))).toContain("'=bonus by dealer");
    expect(lines.find((l) => l.includes(',amount_mismatch,'))).toContain(',7000,7500,500,');
  });

  it('the balance sync stores snapshots and puts the deal Traderoom did not make in finance\'s queue, once', async () => {
    const [first] = await syncPlatformBalances(app.ctx);
    const [second] = await syncPlatformBalances(app.ctx);
    expect(first).toMatchObject({ platformId: 'mt5_demo', accounts: 1, snapshots: 1, notOnPlatform: 0 });
    expect(second).toMatchObject({ exceptionsOpened: 0, snapshots: 1 });
    const snapshot = await app.ctx.db.selectFrom('platform_balance_snapshot').selectAll().where('trading_account_id', '=', account.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(snapshot.balance_minor).toBe(mt5.account(account.login)!.balanceMinor);
    expect(snapshot.floating_minor).toBe(-500n);

    const queue = await finance.http.get('/api/backoffice/reconciliation/exceptions');
    expect(queue.status).toBe(200);
    expect(queue.body.items).toHaveLength(1);
    const exception = queue.body.items[0];
    expect(exception).toMatchObject({ kind: 'unknown_deal', status: 'open', ownerQueue: 'finance', dealId: planted.unknownDeal, login: account.login, clientId: client.id });
    expect(exception.evidence).toMatchObject({ dealId: planted.unknownDeal, amountMinor: '2500', comment: '=bonus by dealer', currency: 'EUR' });
    const owner = await app.ctx.db.selectFrom('client').select(['first_name', 'last_name']).where('id', '=', client.id).executeTakeFirstOrThrow();
    expect(exception.clientName).toBe(`${owner.first_name} ${owner.last_name}`);

    const resolved = await finance.http.post(`/api/backoffice/reconciliation/exceptions/${exception.id}/resolve`, { note: 'Bonus approved by the dealing desk; booked to marketing.' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.exception).toMatchObject({ status: 'resolved', resolutionNote: 'Bonus approved by the dealing desk; booked to marketing.', resolvedBy: `staff:${finance.id}` });
    expect((await finance.http.get('/api/backoffice/reconciliation/exceptions')).body.items).toEqual([]);
    await syncPlatformBalances(app.ctx);
    expect((await finance.http.get('/api/backoffice/reconciliation/exceptions')).body.items).toEqual([]); // not opened again
  });

  it('a later run lists the same breaks with the exception linked; finance resolves a break with a note, audited, once', async () => {
    const { body } = await runToCompletion();
    expect(body.run.breakCount).toBe(5);
    const unknown = (body.breaks as any[]).find((b) => b.kind === 'unknown_deal');
    expect(unknown.evidence).toMatchObject({ exceptionStatus: 'resolved' });
    const missing = (body.breaks as any[]).find((b) => b.kind === 'missing_deal');
    const note = 'Deal deleted by the dealer by mistake; re-applied under ticket 7.';
    const res = await finance.http.post(`/api/backoffice/reconciliation/breaks/${missing.id}/resolve`, { note });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.break).toMatchObject({ status: 'resolved', resolutionNote: note });
    expect((await finance.http.post(`/api/backoffice/reconciliation/breaks/${missing.id}/resolve`, { note })).status).toBe(409);
    const audit = await app.ctx.db.selectFrom('audit_event').selectAll().where('subject_id', '=', missing.id).execute();
    expect(audit).toEqual([expect.objectContaining({ action: 'reconciliation_break.resolved', actor_id: finance.id, note })]);
    const open = await finance.http.get(`/api/backoffice/reconciliation/runs/${body.run.id}?status=open`);
    expect(open.body.breaks.map((b: any) => b.kind).sort()).toEqual(['amount_mismatch', 'duplicate_deal', 'psp_settlement_without_deposit', 'unknown_deal']);
    expect(open.body.run.openBreaks).toBe(4);
    const resolvedBreaks = await finance.http.get(`/api/backoffice/reconciliation/runs/${body.run.id}?status=resolved`);
    expect(resolvedBreaks.body.breaks).toEqual([expect.objectContaining({ id: missing.id, resolvedByName: 'Test finance', clientName: expect.any(String) })]);
    // Another staff member reads who started the runs by name.
    const supervisor = await loggedInStaff(app, ['supervisor']);
    const runs = await supervisor.http.get('/api/backoffice/reconciliation/runs');
    expect(runs.body.items.length).toBeGreaterThanOrEqual(3);
    expect(runs.body.items[0]).toMatchObject({ requestedBy: `staff:${finance.id}`, requestedByName: 'Test finance' });
  });

  it('the settlement report the simulator serves over its API is what reconciliation reads', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const rows = parseSettlementCsv(await createGenericPspClient({ baseUrl: psp.url, secretKey: CARD.secretKey }).getSettlementReport(today, today));
    expect(rows.map((r) => [r.type, r.reference, r.amountMinor])).toEqual([
      ['deposit', client.depositId, 100000n],
      ['deposit', planted.pspReference, 4200n],
    ]);
  });

  it('the daily schedule\'s job (no run id) requests a run, which its own job executes', async () => {
    await reconciliationJobHandlers(app.ctx, () => undefined)['reconciliation.run']({}, { id: 'scheduled', attempt: 1 });
    const run = await app.ctx.db.selectFrom('reconciliation_run').selectAll().where('requested_by', '=', 'system:schedule').executeTakeFirstOrThrow();
    expect(run.settlement_to).toBe(new Date().toISOString().slice(0, 10));
    await waitFor(async () => (await app.ctx.db.selectFrom('reconciliation_run').select('status').where('id', '=', run.id).executeTakeFirstOrThrow()).status === 'completed', 20_000);
    const audit = await app.ctx.db.selectFrom('audit_event').select('action').where('subject_id', '=', run.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['reconciliation_run.requested', 'reconciliation_run.started', 'reconciliation_run.completed']);
  });

  it('a platform that cannot be read leaves a note on the run, which still checks the PSPs', async () => {
    mt5.failNext({ kind: 'http_status', status: 503, command: 'user/get_batch', count: 4 }); // every try of the adapter (maxAttempts 4)
    const { body } = await runToCompletion();
    expect(body.run.status).toBe('completed');
    expect(body.run.notes.map((n: { code: string }) => n.code)).toEqual(['platform_unreadable', 'platform_accounts_unchecked']);
    expect(body.run.breaksByKind).toEqual({ psp_settlement_without_deposit: 1 });
  });

  it('only finance starts runs and resolves; compliance and supervisors read; support sees nothing', async () => {
    const support = await loggedInStaff(app, ['support']);
    const compliance = await loggedInStaff(app, ['compliance']);
    expect((await support.http.get('/api/backoffice/reconciliation/runs')).status).toBe(403);
    expect((await compliance.http.get('/api/backoffice/reconciliation/runs')).status).toBe(200);
    expect((await compliance.http.post('/api/backoffice/reconciliation/runs', {})).status).toBe(403);
    expect((await compliance.http.post('/api/backoffice/reconciliation/balance-sync', {})).status).toBe(403);
    expect((await finance.http.post('/api/backoffice/reconciliation/balance-sync', { platformId: 'nope' })).status).toBe(422);
    expect((await finance.http.post('/api/backoffice/reconciliation/balance-sync', {})).status).toBe(202);
    expect((await finance.http.post('/api/backoffice/reconciliation/runs', { settlementFrom: '2999-01-01' })).status).toBe(422);
  });
});
