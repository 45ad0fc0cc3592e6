/**
 * Onboarding and KYC end to end, through the browser only (issue 4): a client
 * registers, completes the profile, uploads an ID and a proof of address,
 * sends them and sees "under review"; compliance filters the queue, opens the
 * case (an image and a framed PDF) and asks for more documents with a reason,
 * one of them beyond the entity's list (source of funds); the client sees those
 * exact steps and uploads again; compliance approves; the client's dashboard
 * shows "Verified" and the deposit step; a change of address then shows the
 * client what they asked for. Screenshots of both faces are saved under
 * test-results/browser/.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/security/totp';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { samplePdf, samplePng, sampleJpeg } from '../integrations/files/sample-files';
import { PASSWORD, uniqueEmail } from '../support/actors';
import { linkToken, startTestApp, type TestApp } from '../support/test-app';
import { openBrowser, snap as snapPage, type BrowserSession } from './browser';

const WEB_DIST = join(import.meta.dirname, '..', '..', 'web', 'dist');
const REASON = 'The bottom of your utility bill is cut off: upload the full page, showing your name, address and the date.';
const FUNDS_REASON = 'Show where the money you will trade with comes from, for example your latest payslip.';
const POA = 'Proof of address (utility bill or bank statement)';

let app: TestApp;
let browser: BrowserSession;
let client: Page;
let staff: Page;

beforeAll(async () => {
  app = await startTestApp({ webDist: WEB_DIST });
  browser = await openBrowser({ viewport: { width: 1280, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** YYYY-MM-DD, `days` from today (UTC; the broker's day is at most a few hours away). */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function textbox(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('textbox', { name: label, exact: true });
}

/** A Mantine Select by its label: open it, type when searchable, click the option. */
async function pick(page: Page, scope: Page | Locator, label: string, option: string, search?: string) {
  const input = scope.getByRole('combobox', { name: label, exact: true });
  await input.click();
  if (search !== undefined) await input.fill(search);
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect.poll(() => input.inputValue()).toBe(option);
}

async function stepCodes(page: Page): Promise<(string | null)[]> {
  return page.getByTestId('next-step').evaluateAll((items) => items.map((item) => item.getAttribute('data-code')));
}

function step(page: Page, code: string): Locator {
  return page.locator(`[data-testid="next-step"][data-code="${code}"]`);
}

function requirement(page: Page, type: string): Locator {
  return page.locator(`[data-testid="requirement"][data-types*="${type}"]`);
}

/** A full-page screenshot from the top (the app shell's header is fixed). */
async function snap(page: Page, name: string) {
  await page.evaluate('window.scrollTo(0, 0)');
  await snapPage(page, name);
}

async function caseStatus(page: Page, status: string) {
  await page.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor();
}

describe('onboarding and KYC through the browser', () => {
  const email = uniqueEmail('kyc-browser');
  let caseId = '';

  it('a client registers, completes the profile, uploads an ID and a proof of address and sees "under review"', async () => {
    client = await browser.newPage();
    await client.goto(`${app.baseUrl}/register`);
    const register = client.getByTestId('register-form');
    await textbox(register, 'First name').fill('Lena');
    await textbox(register, 'Last name').fill('Hoffmann');
    await textbox(register, 'Email').fill(email);
    await textbox(register, 'Password').fill(PASSWORD);
    await pick(client, client, 'Country', 'Germany', 'Germany');
    await register.getByRole('button', { name: 'Create account' }).click();
    await client.getByTestId('register-success').waitFor();

    const token = linkToken(await app.waitForMail(email), '/verify-email');
    await client.goto(`${app.baseUrl}/verify-email?token=${token}`);
    await client.locator('[data-testid="verify-email-result"][data-state="verified"]').waitFor();
    await client.goto(`${app.baseUrl}/login`);
    const login = client.getByTestId('login-form');
    await textbox(login, 'Email').fill(email);
    await textbox(login, 'Password').fill(PASSWORD);
    await login.getByRole('button', { name: 'Log in' }).click();
    await step(client, 'complete_profile').waitFor();

    // The profile: exactly the fields the EU entity asks of an individual.
    await step(client, 'complete_profile').getByTestId('step-action').click();
    const form = client.getByTestId('profile-form');
    await form.waitFor();
    await expect.poll(() => client.getByTestId('profile-progress').getAttribute('data-total')).toBe('9');
    expect(await client.getByTestId('profile-progress').getAttribute('data-done')).toBe('0');
    const fields = await form.locator('[data-field]').evaluateAll((items) => items.map((item) => item.getAttribute('data-field')));
    expect(fields).toEqual([
      'legal_name',
      'date_of_birth',
      'nationality',
      'residential_address',
      'tax_residence',
      'tax_number',
      'employment_status',
      'source_of_funds',
      'trading_experience',
    ]);
    await textbox(form, 'First name').fill('Lena');
    await textbox(form, 'Last name').fill('Hoffmann');
    await client.getByTestId('profile-date_of_birth').fill('1988-04-12');
    await pick(client, form, 'Nationality', 'Germany', 'Germ');
    await textbox(form, 'Street and number').fill('Lindenstraße 12');
    await textbox(form, 'City').fill('Berlin');
    await textbox(form, 'Postal code').fill('10969');
    await pick(client, form, 'Country', 'Germany', 'Germ');
    await pick(client, form, 'Tax residence', 'Germany', 'Germ');
    await textbox(form, 'Tax identification number').fill('DE 12 345 678 901');
    await pick(client, form, 'Employment status', 'Employed');
    await pick(client, form, 'Source of funds', 'Salary');
    await pick(client, form, 'Trading experience', '1 to 3 years');
    await snap(client, 'kyc-01-profile-filled');
    await client.getByTestId('profile-save').click();
    await client.locator('[data-testid="profile-progress"][data-done="9"]').waitFor();
    await client.getByTestId('profile-outcome').waitFor();

    // The documents: an ID (JPEG, with its expiry date) and a proof of address (PDF, recent).
    await client.getByTestId('nav-documents').click();
    const id = requirement(client, 'passport');
    await id.getByTestId('upload-expiry-date').fill(isoDay(3 * 365));
    await id.getByTestId('upload-file').setInputFiles({ name: 'passport.jpg', mimeType: 'image/jpeg', buffer: sampleJpeg() });
    await id.getByTestId('upload-submit').click();
    await id.locator('[data-testid="document-current"][data-status="uploaded"]').waitFor();

    const address = requirement(client, 'proof_of_address');
    await address.getByTestId('upload-issue-date').fill(isoDay(-20));
    await address.getByTestId('upload-file').setInputFiles({ name: 'utility-bill.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await address.getByTestId('upload-submit').click();
    await address.locator('[data-testid="document-current"][data-status="uploaded"]').waitFor();
    await client.getByTestId('ready-to-send').waitFor();
    await snap(client, 'kyc-02-documents-uploaded');

    // Send for review from the dashboard: the next step becomes "under review".
    await client.getByTestId('nav-dashboard').click();
    await step(client, 'submit_for_review').getByTestId('submit-for-review').click();
    await step(client, 'under_review').waitFor();
    expect(await stepCodes(client)).toEqual(['under_review']);
    expect(await step(client, 'under_review').textContent()).toContain('under review');
    expect(await client.getByTestId('kyc-status').textContent()).toBe('Under review');
    expect(await client.getByTestId('verification-level').textContent()).toBe('Not verified yet');
    await snap(client, 'kyc-03-client-under-review');
  });

  it('compliance filters the queue, opens the case and asks for more documents with a reason', async () => {
    const staffEmail = uniqueEmail('kyc-compliance');
    const { temporaryPassword } = await createStaff(app.ctx, SYSTEM_REQUEST, { type: 'system', id: 'browser-test' }, {
      email: staffEmail,
      displayName: 'Clara Compliance',
      roles: ['compliance'],
      entityIds: 'all',
    });
    staff = await browser.context.newPage();
    await staff.goto(`${app.baseUrl}/backoffice`);
    const login = staff.getByTestId('staff-login-form');
    await textbox(login, 'Email').fill(staffEmail);
    await textbox(login, 'Password').fill(temporaryPassword);
    await login.getByRole('button', { name: 'Continue' }).click();
    const secret = (await staff.getByTestId('totp-secret').textContent())!.trim();
    const totp = staff.getByTestId('totp-form');
    await textbox(totp, 'Authentication code').fill(currentTotp(secret, app.ctx.clock.now()));
    await totp.getByRole('button', { name: 'Verify' }).click();
    await staff.getByTestId('client-search').waitFor();

    await staff.getByTestId('nav-kyc').click();
    await staff.getByTestId('kyc-queue').waitFor();
    const filters = staff.getByTestId('queue-filters');
    // The entities of the staff member's scope (all of them here), by name.
    const entity = filters.getByRole('combobox', { name: 'Entity', exact: true });
    await entity.click();
    const entityOptions = staff.getByRole('option');
    await expect.poll(() => entityOptions.count()).toBe(2);
    expect(await entityOptions.allTextContents()).toEqual([
      expect.stringContaining('Traderoom Demo Markets (Europe) Ltd'),
      expect.stringContaining('Traderoom Demo Markets (Seychelles) Ltd'),
    ]);
    await snapPage(staff, 'kyc-04a-queue-entity-filter');
    await entityOptions.filter({ hasText: 'Traderoom Demo Markets (Europe) Ltd' }).click();
    await expect.poll(() => entity.inputValue()).toBe('eu · Traderoom Demo Markets (Europe) Ltd');
    await pick(staff, filters, 'Country', 'Germany (DE)', 'Germany');
    await pick(staff, filters, 'Status', 'Pending');
    await pick(staff, filters, 'Assignee', 'Unassigned');
    await expect.poll(() => new URL(staff.url()).searchParams.toString()).toBe('entity=eu&country=DE&status=pending&assignee=unassigned');
    const row = staff.getByTestId('queue-row').filter({ hasText: email });
    await row.waitFor();
    await expect.poll(() => staff.getByTestId('queue-row').count()).toBe(1);
    expect(Number(await staff.locator('[data-testid="queue-count"][data-status="pending"] b').textContent())).toBe(1);
    expect(await row.getByTestId('sla-timer').getAttribute('data-state')).toBe('running');
    caseId = (await row.getAttribute('data-case-id'))!;
    await snap(staff, 'kyc-04-queue-filtered');

    await row.getByRole('link', { name: 'Lena Hoffmann' }).click();
    await caseStatus(staff, 'pending');
    expect(new URL(staff.url()).pathname).toBe(`/backoffice/kyc/${caseId}`);
    await staff.locator('[data-testid="case-document-group"][data-document-type="passport"] [data-testid="document-preview"][data-kind="image"] img').waitFor();
    // The PDF is framed in the page (the file endpoint allows our own pages to frame it), with a link to a new tab.
    const addressGroup = staff.locator('[data-testid="case-document-group"][data-document-type="proof_of_address"]');
    const frame = addressGroup.locator('[data-testid="document-preview"][data-kind="pdf"] iframe');
    await frame.waitFor();
    const fileUrl = await frame.getAttribute('src');
    expect(fileUrl).toMatch(/^\/api\/backoffice\/documents\/[0-9a-f-]+\/file#/);
    // Chromium let the frame load the file (a refused frame shows chrome-error://) and opened its PDF viewer in it.
    const pdfFrame = await (await frame.elementHandle())!.contentFrame();
    await expect.poll(() => pdfFrame?.url()).toBe(`${app.baseUrl}${fileUrl}`);
    await expect.poll(() => pdfFrame?.childFrames().some((child) => child.url().startsWith('chrome-extension://'))).toBe(true);
    expect(await addressGroup.getByRole('link', { name: 'Open utility-bill.pdf in a new tab' }).getAttribute('target')).toBe('_blank');
    // Document types by their configured names.
    expect(await addressGroup.getByTestId('case-document-type').textContent()).toBe(POA);
    expect(await staff.locator('[data-testid="profile-field"][data-field="residential_address"]').textContent()).toContain('Lindenstraße 12, 10969 Berlin, Germany (DE)');

    await staff.getByTestId('action-claim').click();
    await caseStatus(staff, 'under_review');
    expect(await staff.getByTestId('case-assignee').textContent()).toBe('Clara Compliance');

    await staff.getByTestId('action-request_documents').click();
    const request = staff.getByTestId('request-documents-form');
    const rows = request.getByTestId('request-row');
    await rows.nth(0).getByRole('combobox', { name: 'Documents', exact: true }).click();
    await staff.getByRole('option', { name: POA, exact: true }).click();
    await staff.keyboard.press('Escape');
    await rows.nth(0).getByTestId('request-reason').fill(REASON);
    // Compliance may ask for any configured document, not only the entity's list.
    await request.getByRole('button', { name: 'Ask for another document' }).click();
    await rows.nth(1).getByRole('combobox', { name: 'Documents', exact: true }).click();
    await staff.getByRole('option', { name: 'Source of funds evidence', exact: true }).click();
    await staff.keyboard.press('Escape');
    await rows.nth(1).getByTestId('request-reason').fill(FUNDS_REASON);
    await request.getByTestId('action-note').fill('Proof of address is cropped; the issue date is not visible. Source of funds not evidenced.');
    await request.getByTestId('request-documents-form-submit').click();
    await caseStatus(staff, 'more_documents_required');
    const requested = await staff.getByTestId('case-requested-documents').textContent();
    expect(requested).toContain(`${POA} — “${REASON}”`);
    expect(requested).toContain(`Source of funds evidence — “${FUNDS_REASON}”`);
    expect(await staff.locator('[data-testid="sla-timer"]').getAttribute('data-state')).toBe('stopped');
    await staff.locator('[data-testid="case-history-event"][data-action="kyc_case.documents_requested"]').waitFor();
    await snap(staff, 'kyc-05-case-documents-requested');
    // Chromium paints a framed PDF only while it is on screen, so the full-page shot above shows an empty viewer.
    await frame.scrollIntoViewIfNeeded();
    await staff.waitForTimeout(1000);
    await snapPage(staff, 'kyc-05b-case-pdf-preview', { fullPage: false });
  });

  it('the client sees those exact steps, uploads again and sends them', async () => {
    await client.goto(`${app.baseUrl}/`);
    const asked = step(client, 'provide_documents:proof_of_address');
    await asked.waitFor();
    expect(await stepCodes(client)).toEqual(['provide_documents:proof_of_address', 'provide_documents:source_of_funds']);
    expect(await asked.getByTestId('next-step-detail').textContent()).toBe(REASON);
    expect(await step(client, 'provide_documents:source_of_funds').getByTestId('next-step-detail').textContent()).toBe(FUNDS_REASON);
    expect(await client.getByTestId('kyc-status').textContent()).toBe('More documents needed');
    await snap(client, 'kyc-06-client-more-documents');

    await asked.getByTestId('step-action').click();
    const address = requirement(client, 'proof_of_address');
    expect(await address.getByTestId('requirement-step').textContent()).toContain(REASON);
    await address.getByTestId('upload-issue-date').fill(isoDay(-3));
    await address.getByTestId('upload-file').setInputFiles({ name: 'utility-bill-full.png', mimeType: 'image/png', buffer: samplePng() });
    await address.getByTestId('upload-submit').click();
    await address.locator('[data-testid="document-current"][data-version="2"][data-status="uploaded"]').waitFor();
    // The first version is kept, marked as replaced.
    await address.getByTestId('document-earlier-toggle').click();
    await address.locator('[data-testid="document-earlier"][data-version="1"][data-status="superseded"]').waitFor();

    // The document asked for beyond the entity's list has its own card and upload form.
    const funds = requirement(client, 'source_of_funds');
    expect(await funds.getAttribute('data-label')).toBe(`Requested by compliance: ${FUNDS_REASON}`);
    expect(await funds.getByRole('heading').textContent()).toBe('Source of funds evidence');
    expect(await funds.getByTestId('requirement-requested').textContent()).toBe('Requested by compliance');
    expect(await funds.getAttribute('data-state')).toBe('needed');
    expect(await funds.getByTestId('requirement-step').textContent()).toContain(FUNDS_REASON);
    await funds.getByTestId('upload-issue-date').fill(isoDay(-10));
    await funds.getByTestId('upload-file').setInputFiles({ name: 'payslip.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await funds.getByTestId('upload-submit').click();
    await funds.locator('[data-testid="document-current"][data-status="uploaded"]').waitFor();
    await client.getByTestId('ready-to-send').waitFor();
    // Once uploaded the step is gone; the card still says why it was asked for.
    expect(await funds.getByTestId('requirement-requested').textContent()).toBe(`Requested by compliance: “${FUNDS_REASON}”`);
    await snap(client, 'kyc-07-documents-second-version');

    await client.getByTestId('nav-dashboard').click();
    await step(client, 'submit_for_review').getByTestId('submit-for-review').click();
    await step(client, 'under_review').waitFor();
  });

  it('compliance approves the case', async () => {
    await staff.reload();
    await caseStatus(staff, 'pending');
    const address = staff.locator('[data-testid="case-document-group"][data-document-type="proof_of_address"]');
    await address.locator('[data-testid="case-document"][data-version="2"][data-status="uploaded"]').waitFor();
    await address.locator('[data-testid="document-preview"][data-kind="image"] img').waitFor();
    const funds = staff.locator('[data-testid="case-document-group"][data-document-type="source_of_funds"]');
    await funds.locator('[data-testid="case-document"][data-status="uploaded"]').waitFor();
    await funds.locator('[data-testid="document-preview"][data-kind="pdf"] iframe').waitFor();
    expect(await funds.getByTestId('case-document-type').textContent()).toBe('Source of funds evidence');
    expect(await staff.locator('[data-testid="sla-timer"]').getAttribute('data-state')).toBe('running');

    await staff.getByTestId('action-claim').click();
    await caseStatus(staff, 'under_review');
    await staff.getByTestId('action-approve').click();
    const approve = staff.getByTestId('approve-form');
    await approve.getByTestId('action-note').fill('ID and new proof of address checked; name and address match the profile.');
    await approve.getByTestId('approve-form-submit').click();
    await caseStatus(staff, 'approved');
    await staff.locator('[data-testid="case-document"][data-version="2"][data-status="approved"]').waitFor();
    await staff.getByTestId('no-actions').waitFor();
    await staff.mouse.move(0, 0);
    await snap(staff, 'kyc-08-case-approved');
  });

  it("the client's dashboard shows verified and the deposit step", async () => {
    await client.goto(`${app.baseUrl}/`);
    await step(client, 'deposit').waitFor();
    expect(await stepCodes(client)).toEqual(['deposit']);
    const level = client.getByTestId('verification-level');
    expect(await level.getAttribute('data-level')).toBe('verified');
    expect(await level.textContent()).toBe('Verified');
    expect(await client.getByTestId('account-status').textContent()).toBe('Active');
    const methods = client.getByTestId('payment-methods');
    await expect.poll(() => methods.locator('[data-testid="payment-method"][data-visible="true"]').count()).toBeGreaterThan(0);
    expect(await methods.locator('[data-capability="deposit"]').getAttribute('data-enabled')).toBe('true');
    await snap(client, 'kyc-09-client-verified');
  });

  it('a verified client asks to change the address and sees what they asked for', async () => {
    await client.getByTestId('nav-profile').click();
    const form = client.getByTestId('profile-form');
    await client.getByTestId('profile-verified-notice').waitFor();
    await textbox(form, 'Street and number').fill('Oranienstraße 25');
    await textbox(form, 'Postal code').fill('10999');
    await client.getByTestId('profile-save').click();
    await client.getByTestId('profile-change-requested').waitFor();
    const change = client.locator('[data-testid="change-request"][data-status="pending"]');
    await change.waitFor();
    expect(await change.locator('[data-testid="change-request-field"][data-field="residential_address"]').textContent()).toBe(
      'You asked to change your residential address to Oranienstraße 25, 10999 Berlin, Germany.',
    );
    await snap(client, 'kyc-10-client-change-request');
  });

  it('logged no console errors and no page errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
