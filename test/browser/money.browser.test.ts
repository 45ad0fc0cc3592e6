/**
 * Money end to end, through the browser only (issue 5): a verified client
 * deposits by card through the simulator and is auto-credited; a large
 * deposit goes to finance review and is approved; a withdrawal passes the
 * three stages and is paid; a returned wire reopens it; the client sees each
 * status.
 *
 * Four people, each in their own browser context: the client (portal, the
 * simulator's hosted payment page and its operator page), and support,
 * compliance and finance in the back office, three different people (one
 * person never approves two stages). The payout goes through the simulator's
 * payout API; the simulator's operator page pays it and returns it, as the
 * bank would.
 *
 * Configuration: the first deposit is not reviewed (so the card deposit shows
 * auto-credit); `recentDepositNotTradedDays: 0`, since there is no trading data
 * yet (otherwise every withdrawal after a fresh deposit needs a supervisor);
 * new payout destinations need finance to check a proof (`proofRequired`), so
 * finance is first refused, marks the proof checked on the client's record,
 * then approves. Screenshots of every page are saved under test-results/browser/.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import type { TraderoomConfig } from '../../src/config/schema';
import type { PspSimulator } from '../../src/simulators/psp';
import type { TestApp } from '../support/test-app';
import { openPeopleBrowser, type BrowserSession, type PeopleBrowser } from './browser';
import {
  balanceMinor,
  depositOnProviderPage,
  logInClient,
  logInNewStaff,
  routePublicUrl,
  seedClient,
  snap,
  startMoneyApp,
  textbox,
  withoutFirstDepositReview,
  type MoneyApp,
} from './money-setup';

/** Long on purpose: the pages must not break on it. */
const FIRST_NAME = 'Anna-Lena Konstantina';
const LAST_NAME = 'Papadopoulou-Schmidt';
const IBAN = 'DE89 3704 0044 0532 0130 00';

let money: MoneyApp;
let sim: PspSimulator;
let app: TestApp;
let baseUrl = '';
let people: PeopleBrowser;
let clientSession: BrowserSession;
let client: Page;
let support: Page;
let compliance: Page;
let finance: Page;

function moneyConfig(): TraderoomConfig {
  const config = withoutFirstDepositReview(loadConfig());
  return {
    ...config,
    reviewRules: { ...config.reviewRules, withdrawals: { ...config.reviewRules.withdrawals, recentDepositNotTradedDays: 0 } },
    payoutDestinations: { proofRequired: true, coolingOffHours: 0 },
  };
}

beforeAll(async () => {
  money = await startMoneyApp(moneyConfig());
  ({ sim, app, baseUrl } = money);
  people = await openPeopleBrowser();
  clientSession = await people.person({ viewport: { width: 1280, height: 900 } });
  await routePublicUrl(clientSession.context, baseUrl);
});
afterAll(async () => {
  await people?.close();
  await money?.close();
});

async function staffPage(): Promise<Page> {
  return (await people.person({ viewport: { width: 1366, height: 900 } })).newPage();
}

function withdrawalRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="withdrawal-row"][data-withdrawal-id="${id}"]`);
}

/** What the client sees of a withdrawal after pressing Refresh on the Funds page (poll it: the list reloads in the background). */
async function clientSees(id: string): Promise<string | null> {
  await client.getByTestId('withdrawals-refresh').click();
  await client.locator('[data-testid="withdrawal-history"][aria-busy="false"]').waitFor();
  return withdrawalRow(client, id).getAttribute('data-status');
}

async function onHoldMinor(currency: string): Promise<string | null> {
  return client.locator(`[data-testid="balance"][data-currency="${currency}"] [data-testid="balance-on-hold"]`).getAttribute('data-minor');
}

/** The withdrawal's status on the back-office page, reloading it (the provider's callbacks change it behind the page). */
async function staffStatus(page: Page): Promise<string | null> {
  await page.reload();
  return page.getByTestId('withdrawal-status').getAttribute('data-status');
}

async function act(page: Page, event: string, note: string | null) {
  await page.getByTestId(`action-${event}`).click();
  const form = page.locator(`[data-testid="action-form"][data-event="${event}"]`);
  if (note !== null) await form.getByTestId('action-note').fill(note);
  await form.getByTestId('action-submit').click();
  return form;
}

/** The simulator's operator page: waits for the payout attempt to reach the provider, then presses a button on its row. */
async function operatorSettles(page: Page, payoutId: string, button: 'Pay' | 'Fail' | 'Return') {
  const row = page.locator('tr[data-payout]', { hasText: payoutId });
  await expect
    .poll(async () => {
      await page.goto(sim.operatorUrl);
      return row.count();
    }, { timeout: 20_000 })
    .toBe(1);
  await row.getByRole('button', { name: button, exact: true }).click();
  await page.getByTestId('operator-notice').waitFor();
  expect(await page.getByTestId('operator-notice').textContent()).toContain(payoutId);
}

describe('money through the browser: deposit, review, withdrawal in three stages, payout, return', () => {
  let clientId = '';
  let withdrawalId = '';
  let firstPayout = '';

  it('a verified client deposits by card through the simulator and is auto-credited', async () => {
    const seeded = await seedClient(app, { verified: true, firstName: FIRST_NAME, lastName: LAST_NAME, prefix: 'money' });
    clientId = seeded.id;
    client = await clientSession.newPage();
    await logInClient(client, baseUrl, seeded.email);
    await client.getByTestId('nav-funds').click();
    await client.getByTestId('balances-empty').waitFor();
    await client.getByTestId('withdrawals-empty').waitFor();
    await client.getByTestId('destinations-empty').waitFor();
    // The withdrawal methods are the ones this client may withdraw with (the server's capabilities).
    const methods = await client.getByTestId('withdraw-method').evaluateAll((items) => items.map((item) => item.getAttribute('data-method-id')));
    expect(methods).toEqual(['eu_card', 'eu_sepa', 'eu_wire']);
    await snap(client, 'money-01-funds-empty');

    const depositId = await depositOnProviderPage(client, sim, 'eu_card', '250.50', 'EUR 250.50');
    await client.getByRole('button', { name: 'Pay', exact: true }).click();
    await client.waitForURL(`${baseUrl}/funds?deposit=${depositId}`);
    await client.locator('[data-testid="deposit-return"][data-state="credited"]').waitFor();
    await expect.poll(() => balanceMinor(client, 'EUR')).toBe('25050');
  });

  it('a large deposit goes to finance review and is approved', async () => {
    await client.getByTestId('deposit-return').getByRole('button', { name: 'Close' }).click();
    const big = await depositOnProviderPage(client, sim, 'eu_wire', '12000', 'EUR 12000.00');
    await client.getByRole('button', { name: 'Pay', exact: true }).click();
    await client.locator('[data-testid="deposit-return"][data-state="under_review"]').waitFor();
    expect(await balanceMinor(client, 'EUR')).toBe('25050');

    finance = await staffPage();
    await logInNewStaff(finance, app, { displayName: 'Fiona Finance-Okonkwo', roles: ['finance'], prefix: 'money-finance' });
    await finance.getByTestId('nav-deposits').click();
    await finance.locator(`[data-testid="queue-row"][data-deposit-id="${big}"]`).getByRole('link').first().click();
    const decision = finance.getByTestId('deposit-decision');
    await decision.getByTestId('decision-note').fill('Wire from the client’s own account; matches the declared savings.');
    await decision.getByTestId('decision-submit').click();
    await finance.locator('[data-testid="deposit-status"][data-status="credited"]').waitFor();

    await client.getByTestId('deposit-return').getByRole('button', { name: 'Close' }).click();
    await client.reload();
    await expect.poll(() => balanceMinor(client, 'EUR')).toBe('1225050');
  });

  it('the client adds payout destinations; the server’s field errors show next to the fields', async () => {
    await client.getByTestId('destination-add').click();
    const form = client.getByTestId('destination-form');
    expect(await form.getByTestId('destination-holderName').inputValue()).toBe(`${FIRST_NAME} ${LAST_NAME}`);
    await form.getByTestId('destination-iban').fill('DE89 3704 0044 0532 0130 01');
    await form.getByTestId('destination-bic').fill('XX1');
    await form.getByTestId('destination-save').click();
    // Both problems come from the server (details.fields), each under its own input.
    await expect.poll(() => form.getByTestId('destination-iban').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('destination-bic').getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('This IBAN is not valid: check it for a typing mistake');
    expect(await form.textContent()).toContain('A BIC (SWIFT code) has 8 or 11 letters and digits');
    expect(await form.getByTestId('form-error').count()).toBe(0);
    await snap(client, 'money-02-destination-field-errors');

    await form.getByTestId('destination-iban').fill(IBAN);
    await form.getByTestId('destination-bic').fill('COBADEFFXXX');
    await form.getByTestId('destination-save').click();
    await form.waitFor({ state: 'detached' });
    const bank = client.locator('[data-testid="destination"][data-kind="bank_account"]');
    expect(await bank.getByTestId('destination-label').textContent()).toBe('IBAN DE89 …3000');
    // New details are checked before the first payout (this broker's policy): the client is told so.
    expect(await bank.getByTestId('destination-status').getAttribute('data-status')).toBe('unverified');

    // An e-wallet in someone else's name: kept, but flagged for the back office.
    await client.getByTestId('destination-add').click();
    await client.getByTestId('destination-kind').getByText('E-wallet').click();
    const wallet = client.locator('[data-testid="destination-form"][data-kind="e_wallet"]');
    await wallet.getByTestId('destination-holderName').fill('Jonathan Q. Random-Thirdparty');
    await wallet.getByTestId('destination-provider').fill('Skrill');
    await wallet.getByTestId('destination-email').fill('anna-lena.papadopoulou-schmidt@example.test');
    await wallet.getByTestId('destination-save').click();
    await wallet.waitFor({ state: 'detached' });
    await client.locator('[data-testid="destination"][data-kind="e_wallet"]').waitFor();
    await client.getByTestId('payout-destinations').scrollIntoViewIfNeeded();
    await snap(client, 'money-03-destinations');
  });

  it('the client requests a withdrawal by wire (and cancels one by card); the amount goes on hold', async () => {
    const form = client.getByTestId('withdraw-form');
    await form.locator('[data-testid="withdraw-method"][data-method-id="eu_wire"]').click();
    // The only bank account is chosen; the client is told it is checked before the first payout.
    await form.getByTestId('withdraw-destination-unverified').waitFor();
    expect(await form.textContent()).toContain('Available: €12,250.50 · Minimum €100.00 · maximum €500,000.00');
    await textbox(form, 'Amount').fill('20000');
    await form.getByTestId('withdraw-submit').click();
    await form.getByText('This is more than your available balance of €12,250.50.').waitFor();
    await snap(client, 'money-04-withdraw-amount-error');

    await textbox(form, 'Amount').fill('5000');
    await form.getByTestId('withdraw-submit').click();
    await form.getByTestId('withdraw-requested').waitFor();
    expect(await form.getByTestId('withdraw-requested').textContent()).toContain('€5,000.00');
    const row = client.getByTestId('withdrawal-row').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('submitted');
    withdrawalId = (await row.getAttribute('data-withdrawal-id'))!;
    expect(await row.getByTestId('withdrawal-destination').textContent()).toBe('IBAN DE89 …3000');
    expect(await row.getByTestId('withdrawal-amount').textContent()).toBe('€5,000.00');
    await expect.poll(() => balanceMinor(client, 'EUR')).toBe('725050');
    expect(await onHoldMinor('EUR')).toBe('500000');

    // By card: no destination, the money goes back to the card; cancelled before review, the hold is released.
    await form.locator('[data-testid="withdraw-method"][data-method-id="eu_card"]').click();
    await form.getByTestId('withdraw-destination-card').waitFor();
    await textbox(form, 'Amount').fill('20');
    await form.getByTestId('withdraw-submit').click();
    await expect.poll(() => client.getByTestId('withdrawal-row').count()).toBe(2);
    const card = client.getByTestId('withdrawal-row').first();
    expect(await card.getByTestId('withdrawal-destination').textContent()).toBe('Back to the card used for deposits');
    await expect.poll(() => balanceMinor(client, 'EUR')).toBe('723050');
    await card.getByTestId('withdrawal-cancel').click();
    await client.getByTestId('withdrawal-cancel-confirm').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('cancelled');
    await expect.poll(() => balanceMinor(client, 'EUR')).toBe('725050');
    expect(await withdrawalRow(client, withdrawalId).getByTestId('withdrawal-cancel').count()).toBe(1);
    await client.getByTestId('withdrawal-history').scrollIntoViewIfNeeded();
    await snap(client, 'money-05-withdrawal-submitted');
  });

  it('support takes it from the support queue and approves the first stage', async () => {
    support = await staffPage();
    await logInNewStaff(support, app, { displayName: 'Sam Support', roles: ['support'], prefix: 'money-support' });
    await support.getByTestId('nav-withdrawals').click();
    const queue = support.getByTestId('withdrawal-queue');
    const row = queue.locator(`[data-testid="queue-row"][data-withdrawal-id="${withdrawalId}"]`);
    await row.waitFor();
    expect(await support.locator('[data-testid="queue-tab"][data-queue="support"] [data-testid="queue-count"]').textContent()).toBe('1');
    expect(await row.getByTestId('queue-amount').textContent()).toBe('5,000.00 EUR');
    expect(await row.getByTestId('sla-timer').getAttribute('data-state')).toMatch(/running|breached/);
    expect(await row.locator('[data-testid="review-reason"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-code')))).toEqual(['destination_unverified']);
    // Filters live in the address: unassigned has it, "me" has nothing yet.
    await support.goto(`${baseUrl}/backoffice/payments/withdrawals?queue=support&assignee=unassigned`);
    await row.waitFor();
    await snap(support, 'money-06-queue-support');
    await support.goto(`${baseUrl}/backoffice/payments/withdrawals?queue=support&assignee=me`);
    await support.getByTestId('queue-empty').waitFor();
    expect(await support.getByTestId('queue-empty').textContent()).toBe('No withdrawals match.');
    await snap(support, 'money-06a-queue-empty');
    await support.goto(`${baseUrl}/backoffice/payments/withdrawals?queue=closed`);
    await support.locator('[data-testid="queue-row"][data-status="cancelled"]').waitFor();
    await snap(support, 'money-06b-queue-closed');

    await support.goto(`${baseUrl}/backoffice/payments/withdrawals/${withdrawalId}`);
    await support.locator('[data-testid="withdrawal-status"][data-status="submitted"]').waitFor();
    expect(await support.getByTestId('withdrawal-client').textContent()).toBe(`${FIRST_NAME} ${LAST_NAME}`);
    expect(await support.getByTestId('name-match').getAttribute('data-match')).toBe('match');
    expect(await support.locator('[data-testid="stage"][data-state="current"]').getAttribute('data-stage')).toBe('support');
    // Support may only start the review (and decline); nothing of another stage is offered.
    const offered = await support.locator('[data-testid="withdrawal-actions"] button[data-testid^="action-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
    expect(offered).toEqual(['action-start_review', 'action-decline']);
    await snap(support, 'money-07-withdrawal-submitted');

    await support.getByTestId('action-start_review').click();
    await support.locator('[data-testid="withdrawal-status"][data-status="support_review"]').waitFor();
    await expect.poll(() => clientSees(withdrawalId)).toBe('under_review');
    // From now on the client can no longer cancel it.
    expect(await withdrawalRow(client, withdrawalId).getByTestId('withdrawal-cancel').count()).toBe(0);

    await act(support, 'support_approve', 'Request complete; account notes clear.');
    await support.locator('[data-testid="withdrawal-status"][data-status="compliance_review"]').waitFor();
    await support.getByTestId('no-actions').waitFor();
  });

  it('compliance approves the second stage', async () => {
    compliance = await staffPage();
    await logInNewStaff(compliance, app, { displayName: 'Chidinma Compliance-Adeyemi', roles: ['compliance'], prefix: 'money-compliance' });
    await compliance.getByTestId('nav-withdrawals').click();
    const row = compliance.locator(`[data-testid="queue-row"][data-withdrawal-id="${withdrawalId}"]`);
    await row.waitFor();
    expect(await compliance.locator('[data-testid="queue-tab"][data-queue="compliance"]').getAttribute('aria-selected')).toBe('true');
    await row.getByRole('link').first().click();
    await compliance.locator('[data-testid="withdrawal-status"][data-status="compliance_review"]').waitFor();
    expect(await compliance.locator('[data-testid="stage"][data-stage="support"]').getByTestId('stage-description').textContent()).toBe('Approved by Sam Support');
    // A decline needs a reason from the list (the client's words are shown) and a note; this one is not sent.
    await compliance.getByTestId('action-decline').click();
    const decline = compliance.locator('[data-testid="action-form"][data-event="decline"]');
    await decline.getByTestId('action-submit').click();
    await decline.getByText('Choose a reason.').waitFor();
    await decline.getByText('Write a note.').waitFor();
    await decline.getByTestId('action-reason').click();
    await compliance.getByRole('option', { name: 'Source of funds unverified' }).click();
    await decline.getByText('The client reads: “We could not verify the source of your funds. Please contact support.”').waitFor();
    await snap(compliance, 'money-08a-decline-form');
    await decline.getByRole('button', { name: 'Cancel' }).click();
    await compliance.getByTestId('action-compliance_approve').click();
    await snap(compliance, 'money-08-withdrawal-compliance');
    const form = compliance.locator('[data-testid="action-form"][data-event="compliance_approve"]');
    await form.getByTestId('action-note').fill('KYC valid, no AML alerts, source of funds: savings (payslips on file).');
    await form.getByTestId('action-submit').click();
    await compliance.locator('[data-testid="withdrawal-status"][data-status="finance_review"]').waitFor();
    await expect.poll(() => clientSees(withdrawalId)).toBe('under_review');
  });

  it('finance is refused until the destination’s proof is checked, checks it on the client record, and approves the payout', async () => {
    await finance.goto(`${baseUrl}/backoffice/payments/withdrawals`);
    await finance.locator(`[data-testid="queue-row"][data-withdrawal-id="${withdrawalId}"]`).getByRole('link').first().click();
    await finance.locator('[data-testid="withdrawal-status"][data-status="finance_review"]').waitFor();
    expect(await finance.getByTestId('withdrawal-destination').getByTestId('destination-status').getAttribute('data-status')).toBe('unverified');
    const refused = await act(finance, 'finance_approve', null);
    await refused.getByTestId('destination-warning').waitFor();
    // The server refuses, and its reason is shown as it comes.
    const error = refused.getByTestId('action-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('destination_not_payable');
    expect(await error.textContent()).toContain("The payout destination's proof has not been checked");
    await snap(finance, 'money-09-finance-refused');

    // The client's record: both destinations with their name-match flags; finance checks the proof and corrects the e-wallet.
    await finance.getByTestId('withdrawal-destination').getByRole('link').click();
    const section = finance.getByTestId('client-payout-destinations');
    await section.getByTestId('client-destination').nth(1).waitFor();
    const bank = section.getByTestId('client-destination').filter({ hasText: 'IBAN DE89' });
    const wallet = section.getByTestId('client-destination').filter({ hasText: 'Skrill' });
    expect(await wallet.getByTestId('name-match').getAttribute('data-match')).toBe('mismatch');
    await section.scrollIntoViewIfNeeded();
    await snap(finance, 'money-10-client-destinations');
    await bank.getByTestId('destination-verify').click();
    const verify = finance.locator('[data-testid="destination-edit-form"][data-mode="verify"]');
    await verify.getByTestId('edit-submit').click();
    await verify.getByText('Write a note: which proof you checked.').waitFor();
    await verify.getByTestId('edit-note').fill('Bank statement of October checked: account holder is the client.');
    await verify.getByTestId('edit-submit').click();
    await verify.waitFor({ state: 'detached' });
    await expect.poll(() => bank.getByTestId('destination-status').getAttribute('data-status')).toBe('active');
    await wallet.getByTestId('destination-edit').click();
    const edit = finance.locator('[data-testid="destination-edit-form"][data-mode="edit"]');
    await edit.getByTestId('edit-holderName').fill(`${FIRST_NAME} ${LAST_NAME}`);
    await edit.getByTestId('edit-note').fill('Client confirmed by phone the wallet is in her own name; typo at entry.');
    await edit.getByTestId('edit-submit').click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => wallet.getByTestId('name-match').getAttribute('data-match')).toBe('match');

    await finance.goto(`${baseUrl}/backoffice/payments/withdrawals/${withdrawalId}`);
    await act(finance, 'finance_approve', 'Route: wire via demo_wire; balance on hold covers it.');
    await finance.locator('[data-testid="withdrawal-status"][data-status="payout_pending"]').waitFor();
    const payout = finance.getByTestId('payout').first();
    firstPayout = (await payout.getAttribute('data-payout-id'))!;
    expect(await finance.getByTestId('payout-note').textContent()).toContain('through its payout API');
    await snap(finance, 'money-11-withdrawal-payout-pending');
    await expect.poll(() => clientSees(withdrawalId)).toBe('approved');
    await snap(client, 'money-12-client-approved');
  });

  it('the provider pays it (operator page); the client sees it paid', async () => {
    const operator = await clientSession.newPage();
    await operatorSettles(operator, firstPayout, 'Pay');
    await snap(operator, 'money-13-simulator-operator-paid');
    await expect.poll(() => staffStatus(finance), { timeout: 20_000 }).toBe('paid');
    expect(await finance.getByTestId('payout').first().getAttribute('data-status')).toBe('paid');
    await expect.poll(() => clientSees(withdrawalId), { timeout: 20_000 }).toBe('paid');
    await client.reload();
    await expect.poll(() => onHoldMinor('EUR')).toBe('0');
    expect(await balanceMinor(client, 'EUR')).toBe('725050');
    await operator.close();
  });

  it('a returned wire reopens it at finance, the money back on hold; finance pays it again and the client sees each status', async () => {
    const operator = await clientSession.newPage();
    await operatorSettles(operator, firstPayout, 'Return');
    await expect.poll(() => staffStatus(finance), { timeout: 20_000 }).toBe('finance_review');
    await finance.getByTestId('payout-reopened').waitFor();
    expect(await finance.getByTestId('payout').first().getAttribute('data-status')).toBe('returned');
    expect(await finance.locator('[data-testid="withdrawal-step"][data-event="payout_returned"]').count()).toBe(1);
    await snap(finance, 'money-14-withdrawal-returned');

    await expect.poll(() => clientSees(withdrawalId), { timeout: 20_000 }).toBe('under_review');
    await client.reload();
    await expect.poll(() => onHoldMinor('EUR')).toBe('500000');

    // The same finance person approves their own stage again; a new payout attempt goes out.
    await act(finance, 'finance_approve', 'Client confirmed by phone the account is open again.');
    await finance.locator('[data-testid="withdrawal-status"][data-status="payout_pending"]').waitFor();
    await expect.poll(() => finance.getByTestId('payout').count()).toBe(2);
    const second = (await finance.getByTestId('payout').nth(1).getAttribute('data-payout-id'))!;
    expect(second).not.toBe(firstPayout);
    await expect.poll(() => clientSees(withdrawalId)).toBe('approved');

    await operatorSettles(operator, second, 'Pay');
    await expect.poll(() => staffStatus(finance), { timeout: 20_000 }).toBe('paid');
    const events = await finance.getByTestId('withdrawal-step').evaluateAll((els) => els.map((el) => el.getAttribute('data-event')));
    expect(events).toEqual(['request', 'start_review', 'support_approve', 'compliance_approve', 'finance_approve', 'confirm_paid', 'payout_returned', 'finance_approve', 'confirm_paid']);
    await snap(finance, 'money-15-withdrawal-paid');
    await expect.poll(() => clientSees(withdrawalId), { timeout: 20_000 }).toBe('paid');
    await client.reload();
    await expect.poll(() => onHoldMinor('EUR')).toBe('0');
    expect(await balanceMinor(client, 'EUR')).toBe('725050');
    await snap(client, 'money-16-funds-paid');
    await operator.close();
  });

  it('the pages hold at phone width', async () => {
    await client.setViewportSize({ width: 390, height: 844 });
    await client.reload();
    await withdrawalRow(client, withdrawalId).waitFor();
    await snap(client, 'money-17-funds-phone');
    await client.setViewportSize({ width: 1280, height: 900 });
    await finance.setViewportSize({ width: 390, height: 844 });
    await finance.reload();
    await finance.getByTestId('withdrawal-status').waitFor();
    await snap(finance, 'money-18-withdrawal-phone');
    await finance.goto(`${baseUrl}/backoffice/payments/withdrawals?queue=closed`);
    await finance.getByTestId('queue-row').first().waitFor();
    await snap(finance, 'money-19-queue-phone');
    await finance.setViewportSize({ width: 1366, height: 900 });
    await finance.goto(`${baseUrl}/backoffice/clients/${clientId}`);
    await finance.getByTestId('client-payout-destinations').getByTestId('client-destination').first().waitFor();

    // Expected refusals (the invalid IBAN, finance refused before the proof check) are the only failed requests.
    const unexpected = people.errors().filter((e) => !/status of (409|422)/.test(e));
    expect(unexpected).toEqual([]);
  });
});
