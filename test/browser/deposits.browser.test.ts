/**
 * Deposits end to end, through the browser only (issue 5): a verified client
 * opens Funds, sees only the methods they may deposit with, deposits by card
 * on the PSP simulator's hosted page (clicks Pay), comes back to "we are
 * confirming your payment" and sees the credited balance; a deposit over
 * 10,000.00 by wire goes to finance review, a finance user approves it in the
 * back office with a note (the button stays disabled without one), sees it on
 * the client's wallet, and the client sees it credited. A client who is not
 * verified yet sees why there is no deposit form. Screenshots of every new
 * page are saved under test-results/browser/.
 *
 * The demo configuration reviews every client's first deposit; here that rule
 * is off, so the first card deposit shows the auto-credit path (the review
 * path is the large deposit's). The PSP sends the payer back to the public URL
 * (http://traderoom.test); the browser is routed from there to the test
 * server, as the reverse proxy in front of a real installation would.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { newId } from '../../src/persistence/ids';
import type { PspSimulator } from '../../src/simulators/psp';
import type { TestApp } from '../support/test-app';
import { openBrowser, type BrowserSession } from './browser';
import {
  balanceMinor,
  depositOnProviderPage as depositOnPage,
  logInClient,
  logInNewStaff,
  routePublicUrl,
  seedClient as seedMoneyClient,
  snap,
  startMoneyApp,
  textbox,
  withoutFirstDepositReview,
  type MoneyApp,
} from './money-setup';

/** Long on purpose: the pages must not break on it. */
const FIRST_NAME = 'Maximiliane Alexandra';
const LAST_NAME = 'von Hohenzollern-Sigmaringen';

let money: MoneyApp;
let sim: PspSimulator;
let app: TestApp;
let browser: BrowserSession;
let client: Page;
let staff: Page;
let baseUrl = '';

beforeAll(async () => {
  money = await startMoneyApp(withoutFirstDepositReview(loadConfig()));
  ({ sim, app, baseUrl } = money);
  browser = await openBrowser({ viewport: { width: 1280, height: 900 } });
  await routePublicUrl(browser.context, baseUrl);
});
afterAll(async () => {
  await browser?.close();
  await money?.close();
});

function seedClient(options: { verified: boolean }) {
  return seedMoneyClient(app, { ...options, firstName: FIRST_NAME, lastName: LAST_NAME });
}

const HIT_DETAILS: Record<string, string> = {
  amount_over_threshold: 'The amount 25000.00 USD is over the review threshold of 10000.00 USD',
  unusual_pattern: 'Structuring: 3 deposits just under the threshold within 24 hours',
  velocity: '6 deposits within 24 hours, this one included (more than 5 are reviewed)',
  payer_name_mismatch: 'Payer "Jonathan Q. Random-Thirdparty" does not match the client\'s legal name',
};

/** A deposit already confirmed and held for review (the PSP path to it is exercised by the tests above). */
async function seedReviewDeposit(clientId: string, d: { status: string; amountMinor: bigint; currency: string; hoursAgo: number; hits: string[] }) {
  const now = app.ctx.clock.now();
  const at = new Date(now.getTime() - d.hoursAgo * 3_600_000);
  await app.ctx.db
    .insertInto('deposit')
    .values({
      id: newId(at.getTime()), client_id: clientId, entity_id: 'eu', method_id: 'eu_wire', method_kind: 'wire', provider_id: 'demo_wire',
      amount_minor: d.amountMinor, currency: d.currency, status: d.status, provider_reference: `pi_seed_${d.hoursAgo}`, payer_name: 'Jonathan Q. Random-Thirdparty',
      rule_hits: JSON.stringify(d.hits.map((code) => ({ code, detail: HIT_DETAILS[code] }))), created_at: at, updated_at: at, confirmed_at: at,
    })
    .execute();
}

const logIn = (page: Page, email: string) => logInClient(page, baseUrl, email);
const depositOnProviderPage = (page: Page, methodId: string, amount: string, expectedOnPage: string) => depositOnPage(page, sim, methodId, amount, expectedOnPage);

describe('deposits through the browser', () => {
  let clientEmail = '';
  let clientId = '';
  let bigDeposit = '';

  it('a verified client deposits by card on the provider page and sees the credited balance', async () => {
    ({ email: clientEmail, id: clientId } = await seedClient({ verified: true }));
    client = await browser.newPage();
    await logIn(client, clientEmail);
    await client.getByTestId('nav-funds').click();
    await client.getByTestId('balances-empty').waitFor();
    await client.getByTestId('deposits-empty').waitFor();
    // Only the methods this client may deposit with, each with its limits for the chosen currency.
    const methods = await client.getByTestId('deposit-method').evaluateAll((items) => items.map((item) => item.getAttribute('data-method-id')));
    expect(methods).toEqual(['eu_card', 'eu_sepa', 'eu_wire']);
    const form = client.getByTestId('deposit-form');
    expect(await form.getByText('Minimum €10.00 · maximum €5,000.00').count()).toBe(1);
    await snap(client, 'deposits-01-funds-empty');

    // The amount is checked in the browser (exact decimals, the method's limits) before anything is sent…
    await textbox(form, 'Amount').fill('12.345');
    await form.getByTestId('deposit-submit').click();
    await form.getByText('EUR amounts have at most 2 decimal places.').waitFor();
    await textbox(form, 'Amount').fill('5000.01');
    await form.getByTestId('deposit-submit').click();
    await form.getByText('The maximum deposit by this method is €5,000.00.').waitFor();
    // …and the server's refusal, in its one error shape, is shown next to the form.
    await client.route(`${baseUrl}/api/portal/deposits`, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'provider_unavailable', message: 'The payment provider is unavailable right now; nothing was charged.' } }) })
        : route.fallback(),
    );
    await textbox(form, 'Amount').fill('250.50');
    await form.getByTestId('deposit-submit').click();
    await expect.poll(() => form.getByTestId('form-error').textContent()).toContain('The payment provider is unavailable right now');
    await snap(client, 'deposits-02-form-errors');
    await client.unroute(`${baseUrl}/api/portal/deposits`);

    const depositId = await depositOnProviderPage(client, 'eu_card', '250.50', 'EUR 250.50');
    await snap(client, 'deposits-03-provider-page');
    await client.getByRole('button', { name: 'Pay', exact: true }).click();

    // Back on Funds (through the return URL /portal/deposits?deposit=…): confirmed, credited, balance refreshed.
    await client.waitForURL(`${baseUrl}/funds?deposit=${depositId}`);
    await client.locator('[data-testid="deposit-return"][data-state="credited"]').waitFor();
    expect(await client.getByTestId('deposit-return').textContent()).toContain('Your deposit of €250.50 is credited to your balance.');
    await expect.poll(() => balanceMinor(client, 'EUR')).toBe('25050');
    expect(await client.locator('[data-testid="balance"][data-currency="EUR"] [data-testid="balance-available"]').textContent()).toBe('€250.50');
    await client.locator(`[data-testid="deposit-row"][data-deposit-id="${depositId}"][data-status="credited"]`).waitFor();
    await snap(client, 'deposits-04-card-credited');
  });

  it('a large wire deposit goes to finance review and the client sees it being checked', async () => {
    await client.getByTestId('deposit-return').getByRole('button', { name: 'Close' }).click();
    await client.getByTestId('deposit-return').waitFor({ state: 'detached' });
    bigDeposit = await depositOnProviderPage(client, 'eu_wire', '12000', 'EUR 12000.00');
    // The provider's callback arrives a few seconds after the client is back: "we are confirming your payment".
    sim.failNext({ kind: 'callbacks', delivery: { delayMs: 3000 } });
    await client.getByRole('button', { name: 'Pay', exact: true }).click();
    await client.waitForURL(`${baseUrl}/funds?deposit=${bigDeposit}`);
    await client.locator('[data-testid="deposit-return"][data-state="confirming"]').waitFor();
    await client.locator(`[data-testid="deposit-row"][data-deposit-id="${bigDeposit}"][data-status="pending"]`).waitFor();
    await snap(client, 'deposits-05a-confirming');
    await client.locator('[data-testid="deposit-return"][data-state="under_review"]').waitFor();
    const row = client.locator(`[data-testid="deposit-row"][data-deposit-id="${bigDeposit}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('under_review');
    expect(await row.getByTestId('deposit-amount-cell').textContent()).toBe('€12,000.00');
    expect(await balanceMinor(client, 'EUR')).toBe('25050');
    await snap(client, 'deposits-05-large-under-review');
  });

  it('finance approves it in the back office with a note and sees it on the client wallet', async () => {
    staff = await browser.context.newPage();
    await logInNewStaff(staff, app, { displayName: 'Fiona Finance', roles: ['finance'], prefix: 'deposit-finance' });

    // Other clients' deposits already waiting: an old escalated one (SLA breached) and a payer-name mismatch.
    const other = await seedClient({ verified: true });
    await seedReviewDeposit(other.id, { status: 'escalated', amountMinor: 2_500_000n, currency: 'USD', hoursAgo: 60, hits: ['amount_over_threshold', 'unusual_pattern', 'velocity'] });
    await seedReviewDeposit(other.id, { status: 'under_review', amountMinor: 9_999n, currency: 'EUR', hoursAgo: 3, hits: ['payer_name_mismatch'] });

    // Finance has no KYC queue; it has Payments → Deposits.
    expect(await staff.getByTestId('nav-kyc').count()).toBe(0);
    await staff.getByTestId('nav-deposits').click();
    const queue = staff.getByTestId('deposit-queue');
    const row = queue.locator(`[data-testid="queue-row"][data-deposit-id="${bigDeposit}"]`);
    await row.waitFor();
    await expect.poll(() => staff.locator('[data-testid="queue-count"][data-status="under_review"]').textContent()).toBe('Under review2');
    expect(await staff.locator('[data-testid="queue-count"][data-status="escalated"]').textContent()).toBe('Escalated1');
    // Oldest first: the escalated one (waiting 60 hours) leads, and its timer is overdue.
    const first = queue.getByTestId('queue-row').first();
    expect(await first.getAttribute('data-status')).toBe('escalated');
    expect(await first.getByTestId('sla-timer').getAttribute('data-state')).toBe('breached');
    expect(await row.locator('[data-testid="rule-hit"]').evaluateAll((hits) => hits.map((h) => h.getAttribute('data-code')))).toContain('amount_over_threshold');
    expect(await row.getByTestId('queue-amount').textContent()).toBe('12,000.00 EUR');
    expect(await row.getByTestId('sla-timer').getAttribute('data-state')).toMatch(/running|breached/);
    await snap(staff, 'deposits-06-backoffice-queue');

    await row.getByRole('link').first().click();
    await staff.locator('[data-testid="deposit-status"][data-status="under_review"]').waitFor();
    expect(await staff.getByTestId('deposit-payer').textContent()).toBe(`${FIRST_NAME} ${LAST_NAME}`);
    expect(await staff.getByTestId('deposit-rule-hits').locator('[data-code="amount_over_threshold"]').textContent()).toContain('over the review threshold');
    const decision = staff.getByTestId('deposit-decision');
    const submit = decision.getByTestId('decision-submit');
    expect(await submit.isDisabled()).toBe(true);
    await snap(staff, 'deposits-07-deposit-detail');
    await decision.getByTestId('decision-note').fill('Wire from the client’s own account, amount matches the declared savings.');
    expect(await submit.isDisabled()).toBe(false);
    await submit.click();
    await staff.locator('[data-testid="deposit-status"][data-status="credited"]').waitFor();
    expect(await staff.getByTestId('deposit-decision-note').textContent()).toContain('amount matches the declared savings');
    await staff.locator('[data-testid="deposit-history-event"][data-action="deposit.approved"]').waitFor();
    await snap(staff, 'deposits-08-deposit-approved');

    // The client's record: balances and the journal, each entry linked to its deposit.
    await staff.getByTestId('deposit-client').click();
    const wallet = staff.getByTestId('client-wallet');
    await wallet.locator('[data-testid="wallet-balance"][data-currency="EUR"] [data-testid="wallet-available"][data-minor="1225050"]').waitFor();
    const entries = wallet.getByTestId('journal-entry');
    expect(await entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-deposit-id')))).toHaveLength(2);
    expect(await entries.first().getAttribute('data-deposit-id')).toBe(bigDeposit);
    expect(await entries.first().getByTestId('journal-amount').textContent()).toBe('+12,000.00 EUR');
    expect(staff.url()).toContain(clientId);
    await wallet.scrollIntoViewIfNeeded();
    await snap(staff, 'deposits-09-client-wallet');

    // Filters live in the address and run on the server: nothing has been charged back.
    await staff.goto(`${baseUrl}/backoffice/payments/deposits?status=chargeback&sort=amount`);
    await staff.getByTestId('queue-empty').waitFor();
    expect(await staff.getByTestId('queue-empty').textContent()).toBe('No deposits match.');
    await snap(staff, 'deposits-09b-queue-empty');
  });

  it('the client sees the large deposit credited', async () => {
    await client.goto(`${baseUrl}/funds`);
    await expect.poll(() => balanceMinor(client, 'EUR')).toBe('1225050');
    expect(await client.locator('[data-testid="balance"][data-currency="EUR"] [data-testid="balance-available"]').textContent()).toBe('€12,250.50');
    await client.locator(`[data-testid="deposit-row"][data-deposit-id="${bigDeposit}"][data-status="credited"]`).waitFor();
    await snap(client, 'deposits-10-funds-credited');
    await client.setViewportSize({ width: 390, height: 844 });
    await snap(client, 'deposits-10b-funds-phone');
    await client.setViewportSize({ width: 1280, height: 900 });
  });

  it('a client not verified yet sees why there is no deposit form', async () => {
    const { email } = await seedClient({ verified: false });
    const page = await browser.context.newPage();
    await logIn(page, email);
    await page.goto(`${baseUrl}/funds`);
    await page.getByTestId('deposit-unavailable').waitFor();
    expect(await page.getByTestId('deposit-form').count()).toBe(0);
    const locked = await page.getByTestId('locked-method').allTextContents();
    expect(locked.join(' ')).toContain('Complete verification to use card deposits and withdrawals');
    await snap(page, 'deposits-11-funds-not-verified');
    expect(browser.errors.filter((e) => !e.includes('/api/portal/deposits'))).toEqual([]);
  });
});
