/**
 * Trading accounts end to end, through the browser only (issue 6): a verified
 * client with money in the wallet opens a live EUR account at 1:30 on the
 * MT5 simulator (the platform's password rules come back from the server
 * under the field first), moves €200.00 to it and sees "processing", then the
 * balance on the account (the simulator's account has it too); moves €50.00
 * back; sees both transfers completed and the wallet updated; opens a demo
 * account. A client whose verification lapsed meanwhile is refused a live
 * account with the reason and the way to the next steps. Support sees the
 * accounts and transfers on the client record.
 * Screenshots at desktop and phone width are saved under test-results/browser/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { loadConfig } from '../../src/config/load-config';
import { newId } from '../../src/persistence/ids';
import { startMt5Simulator, type Mt5Simulator } from '../../src/simulators/mt5';
import { platformReference } from '../../src/usecases/trading/trading-views';
import { MT5_RIGHT } from '../../src/integrations/platforms/mt5/mt5-rights';
import { seedCase } from '../support/kyc-fixtures';
import { fundWallet } from '../support/withdrawal-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { openPeopleBrowser, type BrowserSession, type PeopleBrowser } from './browser';
import { balanceMinor, logInClient, logInNewStaff, seedClient, snap, WEB_DIST } from './money-setup';

const FIRST_NAME = 'Anna-Lena Konstantina';
const LAST_NAME = 'Papadopoulou-Schmidt';
const MANAGER = { login: '1000', password: 'Manager-Pass-1' };
const TRADING_PASSWORD = 'Trade-Pass-1';

let mt5: Mt5Simulator;
let app: TestApp;
let baseUrl = '';
let people: PeopleBrowser;
let clientSession: BrowserSession;
let client: Page;
let lapsed: Page;
let lapsedId = '';

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
    }),
  });
  baseUrl = app.baseUrl;
  people = await openPeopleBrowser();
  clientSession = await people.person({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await people?.close();
  await app?.close();
  await mt5?.close();
});

function account(page: Page, login: string): Locator {
  return page.locator(`[data-testid="trading-account"][data-login="${login}"]`);
}

async function typePassword(form: Locator, password: string) {
  await form.getByTestId('open-password').fill(password);
  await form.getByTestId('open-password-confirm').fill(password);
}

async function chooseLeverage(page: Page, form: Locator, label: string) {
  await form.getByTestId('open-leverage').click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

/** The statuses of the transfers the page lists, newest first (the page polls while one is processing). */
async function transferStatuses(page: Page): Promise<(string | null)[]> {
  return page.getByTestId('transfer-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
}

describe('trading accounts through the browser', () => {
  let clientId = '';
  let liveLogin = '';

  it('a verified client with money opens a live EUR account at 1:30; the platform password rules are the server’s', async () => {
    const seeded = await seedClient(app, { verified: true, firstName: FIRST_NAME, lastName: LAST_NAME, prefix: 'trader' });
    clientId = seeded.id;
    await fundWallet(app.ctx, clientId, 100_000n);
    client = await clientSession.newPage();
    await logInClient(client, baseUrl, seeded.email);
    await client.getByTestId('nav-trading').click();
    await client.getByTestId('trading-accounts-empty').waitFor();
    await client.getByTestId('transfer-no-account').waitFor();
    await client.getByTestId('transfers-empty').waitFor();

    const form = client.getByTestId('open-account-form');
    // What the offer allows: live first (the client may trade), EUR or USD, leverage up to the EU retail cap.
    expect(await form.getByTestId('open-platform-name').textContent()).toBe('MetaTrader 5 (demo server)');
    expect(await form.getByTestId('open-type').getByRole('radio', { name: 'Live' }).isChecked()).toBe(true);
    await form.getByTestId('open-currency').getByText('EUR', { exact: true }).click();
    await form.getByTestId('open-leverage').click();
    expect(await client.getByRole('option').allTextContents()).toEqual(['1:1', '1:10', '1:30']);
    await client.getByRole('option', { name: '1:10', exact: true }).click();
    await chooseLeverage(client, form, '1:30');
    expect(await form.getByTestId('open-leverage').inputValue()).toBe('1:30');
    await snap(client, 'trading-01-empty');

    // No symbol: the server refuses and says why, under the field; the rules list shows what is missing.
    await typePassword(form, 'Password12');
    await form.getByTestId('open-submit').click();
    await form.getByText('The password needs 8–16 characters with a lower-case and an upper-case letter, a digit and a symbol.').waitFor();
    expect(await form.getByTestId('open-password').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('open-password-rules').locator('[data-met="false"]').allTextContents()).toEqual(['a symbol, like # or !']);
    expect(await app.ctx.db.selectFrom('trading_account').select('id').where('client_id', '=', clientId).execute()).toHaveLength(0);
    await snap(client, 'trading-02-password-refused');

    await typePassword(form, TRADING_PASSWORD);
    await form.getByTestId('open-submit').click();
    const result = form.locator('[data-testid="open-result"][data-status="active"]');
    await result.waitFor();
    liveLogin = (await result.getAttribute('data-login'))!;
    expect(await result.getByTestId('open-result-login').textContent()).toBe(liveLogin);
    expect(await result.textContent()).toContain('the password you just chose');
    expect(await form.getByTestId('open-password').inputValue()).toBe('');

    const tile = account(client, liveLogin);
    await tile.waitFor();
    expect(await tile.getAttribute('data-type')).toBe('live');
    expect(await tile.getAttribute('data-status')).toBe('active');
    expect(await tile.getByTestId('trading-account-currency').textContent()).toBe('EUR');
    expect(await tile.getByTestId('trading-account-leverage').textContent()).toBe('1:30');
    expect(await tile.getByTestId('trading-balance').getAttribute('data-minor')).toBe('0');
    expect(await tile.textContent()).toContain('the password you chose');
    expect(mt5.account(liveLogin)).toMatchObject({ group: 'real\\eu-retail-eur', currency: 'EUR', leverage: 30, balanceMinor: 0n });
    await snap(client, 'trading-03-live-opened');
  });

  it('moves €200.00 to the account: processing, then on the account and on the platform', async () => {
    const form = client.getByTestId('transfer-form');
    // The only live account is the one; the wallet and the account's free margin are shown.
    expect(await form.getByTestId('transfer-account').inputValue()).toContain(liveLogin);
    expect(await form.getByTestId('transfer-wallet-available').getAttribute('data-minor')).toBe('100000');
    expect(await form.getByTestId('transfer-free-margin').getAttribute('data-minor')).toBe('0');

    await form.getByTestId('transfer-amount').fill('2000');
    await form.getByTestId('transfer-submit').click();
    await form.getByText('This is more than the €1,000.00 available in your wallet.').waitFor();

    // The platform is unavailable twice (HTTP 503): the adapter checks its deal history and sends again, so "processing" can be seen.
    mt5.failNext({ kind: 'http_status', status: 503, command: 'trade/balance', count: 2 });
    await form.getByTestId('transfer-amount').fill('200.00');
    await form.getByTestId('transfer-submit').click();
    await form.locator('[data-testid="transfer-requested"][data-status="pending"]').waitFor();
    const row = client.getByTestId('transfer-row').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('pending');
    expect(await row.getByTestId('transfer-status').textContent()).toBe('Processing');
    expect(await row.getByTestId('transfer-amount').textContent()).toBe('€200.00');
    expect(await row.getByTestId('transfer-route').textContent()).toBe(`Wallet→Account ${liveLogin}`);
    // Left the wallet at once.
    await expect.poll(() => form.getByTestId('transfer-wallet-available').getAttribute('data-minor')).toBe('80000');
    await client.getByTestId('transfer-history').scrollIntoViewIfNeeded();
    await snap(client, 'trading-04-transfer-processing');

    // The page polls: completed, and the balance is on the account.
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
    await form.locator('[data-testid="transfer-requested"][data-status="completed"]').waitFor();
    await expect.poll(() => account(client, liveLogin).getByTestId('trading-balance').getAttribute('data-minor')).toBe('20000');
    expect(await account(client, liveLogin).getByTestId('trading-balance').textContent()).toBe('€200.00');
    expect(await account(client, liveLogin).getByTestId('trading-free-margin').getAttribute('data-minor')).toBe('20000');
    expect(mt5.account(liveLogin)!.balanceMinor).toBe(20_000n);
  });

  it('moves €50.00 back, limited by free margin; both transfers completed and the wallet updated', async () => {
    const form = client.getByTestId('transfer-form');
    await form.getByTestId('transfer-direction').getByText('Account → wallet').click();
    await expect.poll(() => form.getByTestId('transfer-free-margin').getAttribute('data-minor')).toBe('20000');
    await form.getByTestId('transfer-amount').fill('250');
    await form.getByTestId('transfer-submit').click();
    await form.getByText('You can move at most €200.00: the account’s free margin.').waitFor();

    await form.getByTestId('transfer-amount').fill('50');
    await form.getByTestId('transfer-submit').click();
    await form.getByTestId('transfer-requested').waitFor();
    await expect.poll(() => transferStatuses(client), { timeout: 20_000 }).toEqual(['completed', 'completed']);
    expect(await client.getByTestId('transfer-row').first().getAttribute('data-direction')).toBe('to_wallet');
    expect(await client.getByTestId('transfer-row').first().getByTestId('transfer-route').textContent()).toBe(`Account ${liveLogin}→Wallet`);
    await expect.poll(() => account(client, liveLogin).getByTestId('trading-balance').getAttribute('data-minor')).toBe('15000');
    expect(mt5.account(liveLogin)!.balanceMinor).toBe(15_000n);
    await expect.poll(() => form.getByTestId('transfer-wallet-available').getAttribute('data-minor')).toBe('85000');
    await client.getByTestId('transfer-history').scrollIntoViewIfNeeded();
    await snap(client, 'trading-05-transfers-completed');

    await client.getByTestId('nav-funds').click();
    await expect.poll(() => balanceMinor(client, 'EUR')).toBe('85000');
    await client.getByTestId('nav-trading').click();
  });

  it('opens a demo account in USD', async () => {
    const form = client.getByTestId('open-account-form');
    await form.getByTestId('open-type').getByText('Demo', { exact: true }).click();
    await form.getByTestId('open-currency').getByText('USD', { exact: true }).click();
    await chooseLeverage(client, form, '1:10');
    await typePassword(form, 'Demo#Pass9');
    await form.getByTestId('open-submit').click();
    const result = form.locator('[data-testid="open-result"][data-status="active"]');
    await result.waitFor();
    const demoLogin = (await result.getAttribute('data-login'))!;
    const tile = account(client, demoLogin);
    await tile.waitFor();
    expect(await tile.getAttribute('data-type')).toBe('demo');
    expect(await tile.getByTestId('trading-account-type').textContent()).toBe('Demo');
    expect(mt5.account(demoLogin)).toMatchObject({ group: 'demo\\eu-usd', currency: 'USD', leverage: 10 });
    // Demo accounts take no real money: only the live one is offered for transfers.
    await client.getByTestId('transfer-form').getByTestId('transfer-account').click();
    expect(await client.getByRole('option').allTextContents()).toEqual([`${liveLogin} · EUR · MetaTrader 5 (demo server)`]);
    await client.keyboard.press('Escape');
    await snap(client, 'trading-06-accounts');
  });

  it('the page holds at phone width', async () => {
    await client.setViewportSize({ width: 390, height: 844 });
    await client.reload();
    await account(client, liveLogin).getByTestId('trading-balance').waitFor();
    await client.getByTestId('transfer-row').first().waitFor();
    await snap(client, 'trading-07-phone');
    await client.setViewportSize({ width: 1280, height: 900 });
  });

  it('a client whose verification lapsed is refused a live account, with the reason and the way to the next steps', async () => {
    const seeded = await seedClient(app, { verified: true, firstName: 'Lars', lastName: 'Lapsed', prefix: 'lapsed' });
    lapsedId = seeded.id;
    const page = (lapsed = await (await people.person({ viewport: { width: 1280, height: 900 } })).newPage());
    await logInClient(page, baseUrl, seeded.email);
    await page.getByTestId('nav-trading').click();
    const form = page.getByTestId('open-account-form');
    await form.getByTestId('open-submit').waitFor();
    // Verification is withdrawn while the page is open: the server refuses (403) and the page says why.
    await app.ctx.db.updateTable('client').set({ status: 'email_verified', verification_level: 'email_verified' }).where('id', '=', seeded.id).execute();
    await typePassword(form, TRADING_PASSWORD);
    await form.getByTestId('open-submit').click();
    const refused = form.getByTestId('open-refused');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBeTruthy();
    expect(await form.getByTestId('open-submit').count()).toBe(0);
    expect(await refused.getByTestId('open-next-steps').getAttribute('href')).toBe('/');
    await snap(page, 'trading-08-live-refused');
    // Read fresh, the page knows before asking; the demo account is still open to the client.
    await page.reload();
    await form.getByTestId('open-refused').waitFor();
    await form.getByTestId('open-switch-demo').click();
    expect(await form.getByTestId('open-type').getByRole('radio', { name: 'Demo' }).isChecked()).toBe(true);
    await form.getByTestId('open-submit').waitFor();
  });

  it('a demo account the platform refuses shows as not opened with the reason; a restricted account whose balances cannot be read says so', async () => {
    const page = lapsed;
    const form = page.getByTestId('open-account-form');
    mt5.failNext({ kind: 'retcode', retcode: 3, command: 'user/add' });
    await typePassword(form, TRADING_PASSWORD);
    await form.getByTestId('open-submit').click();
    const result = form.locator('[data-testid="open-result"][data-status="failed"]');
    await result.waitFor();
    expect(await result.textContent()).toContain('The trading platform refused the request as sent.');
    const failed = page.locator('[data-testid="trading-account"][data-status="failed"]');
    await failed.waitFor();
    expect(await failed.getByTestId('trading-account-status').textContent()).toBe('Not opened');
    // In the client's words: never the platform's code, group or server text.
    expect(await failed.getByTestId('trading-account-reason').textContent()).toBe('The trading platform refused the request as sent.');
    expect(await failed.getByTestId('trading-account-balances').count()).toBe(0);

    // Set read-only by compliance earlier (SPEC §7), on a login the platform does not answer for just now.
    const id = newId();
    const now = app.ctx.clock.now();
    await app.ctx.db
      .insertInto('trading_account')
      .values({
        id, client_id: lapsedId, entity_id: 'eu', platform_id: 'mt5_demo', account_type: 'live', platform_group: 'real\\eu-retail-usd', currency: 'USD', leverage: 10,
        reference: platformReference('TA', id), login: '999001', status: 'read_only', rights: 'read_only', created_at: now, updated_at: now, provisioned_at: now,
      })
      .execute();
    await page.getByTestId('trading-refresh').click();
    const restricted = account(page, '999001');
    await restricted.getByTestId('trading-balances-unavailable').waitFor();
    expect(await restricted.getByTestId('trading-account-status').textContent()).toBe('Read only');
    expect(await restricted.getByTestId('trading-account-hint').textContent()).toContain('move its free margin back to your wallet');
    // A read-only account may send money back but not receive it.
    const transfer = page.getByTestId('transfer-form');
    await transfer.getByTestId('transfer-no-eligible').waitFor();
    await transfer.getByTestId('transfer-direction').getByText('Account → wallet').click();
    await transfer.getByTestId('transfer-account').waitFor();
    expect(await transfer.getByTestId('transfer-free-margin').textContent()).toBe('not available right now');
    await snap(page, 'trading-09-failed-and-restricted');
    await page.setViewportSize({ width: 390, height: 844 });
    await restricted.waitFor();
    await snap(page, 'trading-10-failed-and-restricted-phone');
    await page.close();
  });

  it('support sees the accounts and the transfers on the client record', async () => {
    const support = await (await people.person({ viewport: { width: 1366, height: 900 } })).newPage();
    await logInNewStaff(support, app, { displayName: 'Sam Support', roles: ['support'], prefix: 'trading-support' });
    await support.goto(`${baseUrl}/backoffice/clients/${clientId}`);
    const section = support.getByTestId('client-trading-accounts');
    await section.getByTestId('staff-trading-account').nth(1).waitFor();
    const live = section.locator(`[data-testid="staff-trading-account"][data-login="${liveLogin}"]`);
    expect(await live.getAttribute('data-type')).toBe('live');
    expect(await live.getByTestId('staff-trading-group').textContent()).toBe('real\\eu-retail-eur');
    expect(await live.getByTestId('staff-trading-status').textContent()).toBe('Active');
    expect(await live.textContent()).toContain('1:30');
    expect(await live.textContent()).toContain('Full');
    expect(await section.locator('[data-testid="staff-trading-account"][data-type="demo"]').count()).toBe(1);
    const transfers = section.getByTestId('staff-trading-transfer');
    expect(await transfers.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-direction')}:${r.getAttribute('data-status')}`))).toEqual([
      'to_wallet:completed',
      'to_account:completed',
    ]);
    expect(await transfers.getByTestId('staff-transfer-amount').allTextContents()).toEqual(['50.00 EUR', '200.00 EUR']);
    await section.scrollIntoViewIfNeeded();
    await snap(support, 'trading-11-backoffice-client');
    await support.setViewportSize({ width: 390, height: 844 });
    await support.reload();
    await section.getByTestId('staff-trading-account').first().waitFor();
    await section.scrollIntoViewIfNeeded();
    await snap(support, 'trading-12-backoffice-client-phone');

  });

  it('compliance restricts the trader on the client record: the account follows on MT5; the lift is refused until KYC is approved, then given back', async () => {
    const officer = await (await people.person({ viewport: { width: 1366, height: 900 } })).newPage();
    await logInNewStaff(officer, app, { displayName: 'Cleo Compliance', roles: ['compliance'], prefix: 'trading-compliance' });
    await officer.goto(`${baseUrl}/backoffice/clients/${clientId}`);
    const standing = officer.getByTestId('client-standing');
    await standing.waitFor();
    expect(await standing.getByRole('button').allTextContents()).toEqual(['Restrict', 'Close record']);

    // The note and the reason are mandatory; the page says so before asking.
    await standing.getByTestId('standing-restrict').click();
    await standing.getByTestId('standing-submit').click();
    await standing.getByText('Choose a reason.').waitFor();
    await standing.getByText('Write a note.').waitFor();
    await standing.getByTestId('standing-reason').click();
    await officer.getByRole('option', { name: 'Compliance hold', exact: true }).click();
    await standing.getByTestId('standing-note').fill('Source of funds questions open.');
    await snap(officer, 'trading-13-restrict-form');
    await standing.getByTestId('standing-submit').click();
    await expect.poll(() => officer.getByTestId('client-status').textContent()).toBe('Restricted');
    expect(await standing.getByTestId('client-standing-summary').textContent()).toBe('Restricted: Compliance hold.');
    const live = officer.getByTestId('client-trading-accounts').locator(`[data-testid="staff-trading-account"][data-login="${liveLogin}"]`);
    await expect.poll(() => live.getByTestId('staff-trading-status').textContent()).toBe('Trading disabled');
    // The platform gets it from the job: trading is disabled on MT5, the login kept.
    await expect.poll(() => mt5.account(liveLogin)!.rights & (MT5_RIGHT.ENABLED | MT5_RIGHT.TRADE_DISABLED), { timeout: 15_000 }).toBe(MT5_RIGHT.ENABLED | MT5_RIGHT.TRADE_DISABLED);
    // Read again, the record shows the rights applied on the platform and no change pending.
    await officer.getByTestId('client-trading-accounts').getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => live.getByTestId('staff-trading-rights').textContent()).toBe('Trading disabled');
    expect(await live.getByTestId('staff-trading-rights-change').count()).toBe(0);
    await officer.getByTestId('timeline').getByText('Client restricted').first().waitFor();

    // Closing is refused while money is with us; the server's reason is shown and nothing changes.
    await standing.getByTestId('standing-close').click();
    await standing.getByTestId('standing-reason').click();
    await officer.getByRole('option', { name: 'Client request', exact: true }).click();
    await standing.getByTestId('standing-note').fill('Client asked to close.');
    await standing.getByTestId('standing-submit').click();
    expect(await standing.getByTestId('standing-error').textContent()).toContain('still holds funds (EUR)');

    // This client was seeded active without a KYC case: lifting is refused until one is approved.
    await standing.getByTestId('standing-lift_restriction').click();
    await standing.getByTestId('standing-note').fill('Questions answered.');
    await standing.getByTestId('standing-submit').click();
    expect(await standing.getByTestId('standing-error').textContent()).toContain('never been verified');
    await snap(officer, 'trading-14-lift-refused');
    await seedCase(app.ctx, clientId, 'approved');
    await standing.getByTestId('standing-submit').click();
    await expect.poll(() => officer.getByTestId('client-status').textContent()).toBe('Active');
    await expect.poll(() => live.getByTestId('staff-trading-status').textContent()).toBe('Active');
    await expect.poll(() => mt5.account(liveLogin)!.rights & (MT5_RIGHT.ENABLED | MT5_RIGHT.TRADE_DISABLED), { timeout: 15_000 }).toBe(MT5_RIGHT.ENABLED);
    await snap(officer, 'trading-15-lifted');

    // Expected refusals (the weak password, the amount checks are the page's own, the lapsed client's live account, the closure and the first lift) are the only failed requests.
    const unexpected = people.errors().filter((e) => !/status of (403|409|422)/.test(e));
    expect(unexpected).toEqual([]);
  });
});
