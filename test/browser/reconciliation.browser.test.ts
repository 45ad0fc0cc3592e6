/**
 * Reconciliation screens (SPEC §8), through the browser: a client's live MT5
 * account gets money through our transfers; then, at the manager terminal, one
 * of our deals is corrected to another amount and a dealer gives a bonus
 * Traderoom did not make. Finance starts a run in the back office, follows it
 * to completion, opens it, sees both breaks with their evidence (and the notes
 * of what the run could not check: a provider without a settlement report), filters by
 * kind (in the address), is refused a resolution without a note (the server's
 * words under the field), resolves with one, and downloads the CSV. The
 * balance sync, run on demand, puts the bonus in the platform exceptions
 * queue, where finance resolves it. Compliance reads but neither starts nor
 * resolves; support has no Reconciliation entry at all.
 * Screenshots at desktop and phone width are saved under test-results/browser/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { loadConfig } from '../../src/config/load-config';
import { startMt5Simulator, type Mt5Simulator } from '../../src/simulators/mt5';
import { seededClient, type SeededClient } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { fundWallet } from '../support/withdrawal-fixtures';
import { openPeopleBrowser, type PeopleBrowser } from './browser';
import { logInNewStaff, snap, WEB_DIST } from './money-setup';

const MANAGER = { login: '1000', password: 'Manager-Pass-1' };
const PHONE = { width: 390, height: 844 };
const BREAK_NOTE = 'Dealer corrected the deal by mistake; reversed on the platform under ticket 4711.';
const EXCEPTION_NOTE = 'Welcome bonus approved by the dealing desk; booked to marketing.';

let mt5: Mt5Simulator;
let app: TestApp;
let people: PeopleBrowser;
let finance: Page;
let client: SeededClient;
let login = '';
let correctedDeal = '';
let bonusDeal = '';

async function transfer(tradingAccountId: string, amountMinor: string) {
  const res = await client.http.post('/api/portal/trading-transfers', { tradingAccountId, direction: 'to_account', amountMinor });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.transfer.id as string;
  await waitFor(async () => (await app.ctx.db.selectFrom('trading_transfer').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status !== 'pending', 15_000);
  const row = await app.ctx.db.selectFrom('trading_transfer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  expect(row.status).toBe('completed');
  return row;
}

beforeAll(async () => {
  const config = loadConfig();
  mt5 = await startMt5Simulator({ managers: [MANAGER], groups: config.platforms[0]!.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })) });
  app = await startTestApp({
    webDist: WEB_DIST,
    config,
    integrations: integrationsFrom({
      sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
      sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
      platforms: [{ platformId: 'mt5_demo', kind: 'mt5', baseUrl: mt5.url, ...MANAGER }],
      // A provider on the Praxis protocol without a settlement file: a run cannot check it, and says so.
      psp: [{ protocol: 'praxis', providerId: 'demo_wire', baseUrl: 'http://127.0.0.1:9', merchantId: 'API-Recon', applicationKey: 'recon', merchantSecret: 'recon-secret' }],
    }),
  });
  people = await openPeopleBrowser();

  // A client with a live account funded by our transfers (trading.browser.test.ts does this through the portal).
  client = await seededClient(app, { emailPrefix: 'recon' });
  await fundWallet(app.ctx, client.id, 100_000n);
  const opened = await client.http.post('/api/portal/trading-accounts', { platformId: 'mt5_demo', accountType: 'live', currency: 'EUR', leverage: 30, password: 'Trade-Pass-1' });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  login = opened.body.account.login;
  await transfer(opened.body.account.id, '30000');
  const corrected = await transfer(opened.body.account.id, '7000');
  // At the manager terminal: our €70.00 deal corrected to €75.00, and a €25.00 bonus Traderoom did not make.
  correctedDeal = corrected.platform_deal_id!;
  mt5.setDealAmount(correctedDeal, 7500n);
  bonusDeal = mt5.manualOperation(login, 2500n, { comment: 'Welcome bonus' }).deal;
});
afterAll(async () => {
  await people?.close();
  await app?.close();
  await mt5?.close();
});

function breakOf(page: Page, kind: string): Locator {
  return page.locator(`[data-testid="break"][data-kind="${kind}"]`);
}

async function evidenceValue(scope: Locator, key: string): Promise<string | null> {
  return scope.locator(`[data-testid="evidence-field"][data-key="${key}"]`).first().textContent();
}

describe('reconciliation in the back office', () => {
  let runId = '';

  it('finance starts a run and sees it through to completion', async () => {
    finance = await (await people.person({ viewport: { width: 1366, height: 900 } })).newPage();
    await logInNewStaff(finance, app, { displayName: 'Fiona Finance', roles: ['finance'], prefix: 'recon-finance' });
    await finance.getByTestId('nav-reconciliation-runs').click();
    await finance.waitForURL('**/backoffice/reconciliation/runs');
    await finance.getByTestId('runs-empty').waitFor();

    await finance.getByTestId('start-run').click();
    const form = finance.getByTestId('start-run-form');
    // A period ending in the future is the server's to refuse, with its words.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await form.getByTestId('start-run-to').fill(tomorrow);
    await form.getByTestId('start-run-submit').click();
    await form.getByText('The period cannot end in the future.').waitFor();
    await form.getByTestId('start-run-to').fill('');
    await form.getByTestId('start-run-submit').click();

    const started = finance.getByTestId('started-run');
    await started.waitFor();
    runId = (await started.getAttribute('data-run-id'))!;
    await expect.poll(() => started.getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    expect(await started.textContent()).toContain('The run completed: 2 breaks.');

    const row = finance.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('completed');
    expect(await row.textContent()).toContain('you');
    expect(await row.getByTestId('run-checked').textContent()).toBe('1 account · 2 transfers · 3 deals · 0 settlement lines');
    expect(await row.getByTestId('run-break-kind').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['amount_mismatch', 'unknown_deal']);
    // The wire provider has no settlement report source here: the run says what it could not check.
    expect(await row.getByTestId('run-notes').textContent()).toContain('demo_wire: no settlement report source');
    await snap(finance, 'reconciliation-01-run-completed');
  });

  it('opens the run: the breaks with their evidence, money formatted, filters in the address', async () => {
    await finance.getByTestId('started-run-open').click();
    await finance.waitForURL(`**/backoffice/reconciliation/runs/${runId}`);
    const header = finance.getByTestId('run-header');
    await header.waitFor();
    expect(await header.getAttribute('data-status')).toBe('completed');
    expect(await header.getByTestId('run-break-count').textContent()).toBe('2');
    expect(await header.getByTestId('run-open-count').textContent()).toBe('2');
    expect(await finance.getByTestId('run-notes').locator('[data-code="no_settlement_source"]').count()).toBe(1);
    await expect.poll(() => finance.getByTestId('break').count()).toBe(2);

    const amount = breakOf(finance, 'amount_mismatch');
    expect(await amount.getByTestId('break-kind').textContent()).toBe('Platform amount differs from the transfer');
    expect(await amount.getByTestId('break-login').textContent()).toBe(login);
    expect(await amount.getByTestId('break-client').getAttribute('href')).toBe(`/backoffice/clients/${client.id}`);
    expect(await amount.getByTestId('break-client').textContent()).toMatch(/^\S.* · eu$/);
    expect(await amount.getByTestId('break-expected').textContent()).toBe('70.00 EUR');
    expect(await amount.getByTestId('break-actual').textContent()).toBe('75.00 EUR');
    expect(await amount.getByTestId('break-difference').textContent()).toBe('+5.00 EUR');
    expect(await amount.textContent()).toContain(correctedDeal);

    const unknown = breakOf(finance, 'unknown_deal');
    expect(await unknown.getByTestId('break-actual').textContent()).toBe('25.00 EUR');
    expect(await evidenceValue(unknown.getByTestId('break-evidence'), 'comment')).toBe('Welcome bonus');
    expect(await evidenceValue(unknown.getByTestId('break-evidence'), 'dealId')).toBe(bonusDeal);
    // The raw evidence is there too, for what the labelled view does not say.
    await unknown.getByText('Show the raw evidence (JSON)').click();
    expect(await unknown.getByTestId('evidence-json').textContent()).toContain('"comment": "Welcome bonus"');
    await snap(finance, 'reconciliation-02-run-breaks');

    // Filter by kind: in the address, so a reload or a shared link keeps it.
    await finance.getByTestId('filter-kind').click();
    await finance.getByRole('option', { name: 'Platform amount differs from the transfer' }).click();
    await finance.waitForURL(/kind=amount_mismatch/);
    await expect.poll(() => finance.getByTestId('break').count()).toBe(1);
    await finance.reload();
    await breakOf(finance, 'amount_mismatch').waitFor();
    expect(await finance.getByTestId('break').count()).toBe(1);
    expect(await finance.getByTestId('filter-kind').inputValue()).toBe('Platform amount differs from the transfer');
  });

  it('resolving needs a note (the server says so under the field); with one, the break is resolved in place', async () => {
    const amount = breakOf(finance, 'amount_mismatch');
    await amount.getByTestId('break-resolve').click();
    const form = amount.getByTestId('break-resolve-form');
    await form.getByTestId('break-resolve-form-submit').click();
    await form.getByText('Write a note').waitFor();
    expect(await form.getByTestId('break-resolve-form-note').getAttribute('aria-invalid')).toBe('true');
    expect(await amount.getAttribute('data-status')).toBe('open');
    await snap(finance, 'reconciliation-03-note-required');

    await form.getByTestId('break-resolve-form-note').fill(BREAK_NOTE);
    await form.getByTestId('break-resolve-form-submit').click();
    await expect.poll(() => amount.getAttribute('data-status')).toBe('resolved');
    expect(await amount.getByTestId('resolution-note').textContent()).toBe(`“${BREAK_NOTE}”`);
    expect(await amount.getByTestId('resolution').textContent()).toContain('Resolved by you');
    expect(await finance.getByTestId('run-open-count').textContent()).toBe('1');

    // Open breaks only: the resolved one is gone, the bonus remains.
    await finance.goto(`${app.baseUrl}/backoffice/reconciliation/runs/${runId}?status=open`);
    await expect.poll(() => finance.getByTestId('break').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['unknown_deal']);
    await finance.getByTestId('filter-status').getByText('Resolved').click();
    await finance.waitForURL(/status=resolved/);
    await expect.poll(() => finance.getByTestId('break').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['amount_mismatch']);
    await snap(finance, 'reconciliation-04-resolved');
  });

  it('the CSV lists the breaks with their evidence and the resolution', async () => {
    const href = (await finance.getByTestId('breaks-csv').getAttribute('href'))!;
    expect(href).toBe(`/api/backoffice/reconciliation/runs/${runId}/breaks.csv`);
    const csv = await finance.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: await res.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.disposition).toMatch(/^attachment; filename="reconciliation-.*\.csv"$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('kind,status');
    const amountLine = lines.find((l) => l.includes(',amount_mismatch,'))!;
    expect(amountLine).toContain(',resolved,');
    expect(amountLine).toContain(',7000,7500,500,');
    expect(amountLine).toContain(BREAK_NOTE);
    expect(lines.find((l) => l.includes(',unknown_deal,'))).toContain('Welcome bonus');
  });

  it('the balance sync on demand puts the bonus in the platform exceptions queue; finance resolves it with a note', async () => {
    await finance.getByTestId('nav-reconciliation-runs').click();
    await finance.getByTestId('sync-balances').click();
    await finance.getByTestId('sync-queued').waitFor();

    await finance.getByTestId('nav-reconciliation-exceptions').click();
    await finance.waitForURL('**/backoffice/reconciliation/exceptions');
    const exception = finance.locator(`[data-testid="exception"][data-deal-id="${bonusDeal}"]`);
    await expect
      .poll(
        async () => {
          if ((await exception.count()) > 0) return true;
          await finance.getByTestId('exceptions-refresh').click();
          return false;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    expect(await exception.getByTestId('exception-login').textContent()).toBe(login);
    expect(await exception.getByTestId('exception-client').getAttribute('href')).toBe(`/backoffice/clients/${client.id}`);
    expect(await exception.getByTestId('exception-amount').textContent()).toBe('+25.00 EUR');
    expect(await exception.getByTestId('exception-comment').textContent()).toBe('Welcome bonus');
    expect(await evidenceValue(exception.getByTestId('exception-evidence'), 'platformType')).toBeTruthy();
    await snap(finance, 'reconciliation-05-exceptions');

    await exception.getByTestId('exception-resolve').click();
    const form = exception.getByTestId('exception-resolve-form');
    await form.getByTestId('exception-resolve-form-note').fill('   ');
    await form.getByTestId('exception-resolve-form-submit').click();
    await form.getByText('Write a note').waitFor();
    await form.getByTestId('exception-resolve-form-note').fill(EXCEPTION_NOTE);
    await form.getByTestId('exception-resolve-form-submit').click();
    await expect.poll(() => exception.getAttribute('data-status')).toBe('resolved');
    expect(await exception.getByTestId('resolution-note').textContent()).toBe(`“${EXCEPTION_NOTE}”`);

    await finance.getByTestId('exceptions-refresh').click();
    await finance.getByTestId('exceptions-empty').waitFor();
    await finance.locator('[data-testid="exception-tab"][data-status="resolved"]').click();
    await finance.waitForURL(/status=resolved/);
    await exception.waitFor();
    expect(await exception.getAttribute('data-status')).toBe('resolved');
    const audit = await app.ctx.db.selectFrom('audit_event').select(['action', 'note']).where('action', 'in', ['reconciliation_break.resolved', 'platform_exception.resolved']).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'reconciliation_break.resolved', note: BREAK_NOTE },
      { action: 'platform_exception.resolved', note: EXCEPTION_NOTE },
    ]);
    await snap(finance, 'reconciliation-06-exception-resolved');
  });

  it('the screens hold at phone width', async () => {
    await finance.setViewportSize(PHONE);
    await finance.goto(`${app.baseUrl}/backoffice/reconciliation`);
    await finance.waitForURL('**/backoffice/reconciliation/runs');
    await finance.getByTestId('run-row').first().waitFor();
    await snap(finance, 'reconciliation-07-runs-phone');
    await finance.goto(`${app.baseUrl}/backoffice/reconciliation/runs/${runId}`);
    await finance.getByTestId('break').nth(1).waitFor();
    await snap(finance, 'reconciliation-08-run-phone');
    await finance.goto(`${app.baseUrl}/backoffice/reconciliation/exceptions?status=resolved`);
    await finance.getByTestId('exception').first().waitFor();
    await snap(finance, 'reconciliation-09-exceptions-phone');
    await finance.setViewportSize({ width: 1366, height: 900 });
  });

  it('compliance reads but neither starts nor resolves; support has no Reconciliation entry', async () => {
    const compliance = await (await people.person({ viewport: { width: 1366, height: 900 } })).newPage();
    await logInNewStaff(compliance, app, { displayName: 'Carla Compliance', roles: ['compliance'], prefix: 'recon-compliance' });
    await compliance.getByTestId('nav-reconciliation-runs').click();
    await compliance.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).waitFor();
    expect(await compliance.getByTestId('start-run').count()).toBe(0);
    expect(await compliance.getByTestId('sync-balances').count()).toBe(0);
    await compliance.goto(`${app.baseUrl}/backoffice/reconciliation/runs/${runId}`);
    await compliance.getByTestId('break').nth(1).waitFor();
    expect(await compliance.getByTestId('break-resolve').count()).toBe(0);

    const support = await (await people.person({ viewport: { width: 1366, height: 900 } })).newPage();
    await logInNewStaff(support, app, { displayName: 'Sam Support', roles: ['support'], prefix: 'recon-support' });
    await support.getByTestId('nav-platform-sync').waitFor();
    expect(await support.getByTestId('nav-reconciliation').count()).toBe(0);

    // The refusals the test asked for (the future period, the empty notes) are the only failed requests.
    const unexpected = people.errors().filter((e) => !/status of 422/.test(e));
    expect(unexpected).toEqual([]);
  });
});
