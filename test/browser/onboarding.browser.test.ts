/**
 * The onboarding story end to end, through the browser only: a client
 * registers, opens the verification link from the mail folder, logs in and
 * sees the next step; a staff user logs in with TOTP, finds the client and
 * sees the registration and verification events on the timeline.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/security/totp';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { PASSWORD, uniqueEmail } from '../support/actors';
import { linkToken, startTestApp, type TestApp } from '../support/test-app';
import { openBrowser, snap, type BrowserSession } from './browser';

const WEB_DIST = join(import.meta.dirname, '..', '..', 'web', 'dist');

let app: TestApp;
let browser: BrowserSession;

beforeAll(async () => {
  app = await startTestApp({ webDist: WEB_DIST });
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** The verification link exactly as mailed, with the test server in place of the public URL. */
function verificationLink(mail: string): string {
  const token = linkToken(mail, '/verify-email');
  const mailed = mail.match(/https?:\/\/[^\s"<>]+\/verify-email\?token=[A-Za-z0-9_-]+/)?.[0];
  expect(mailed, 'the mail carries a full verification link').toBeTruthy();
  const url = new URL(mailed!);
  expect(url.origin).toBe('http://traderoom.test');
  expect(url.searchParams.get('token')).toBe(token);
  return `${app.baseUrl}${url.pathname}${url.search}`;
}

/** A text input by its label (the label's required-field asterisk is not part of the accessible name). */
function field(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('textbox', { name: label, exact: true });
}

/** A searchable select by its label: type, then click the option. */
async function pickOption(page: Page, label: string, option: string) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect.poll(() => input.inputValue()).toBe(option);
}

describe('onboarding through the browser', () => {
  const email = uniqueEmail('browser');
  let clientId = '';

  it('a client registers, verifies the email from the mail folder, logs in and sees the next step', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/register`);
    const form = page.getByTestId('register-form');
    await form.waitFor();
    await snap(page, '01-register-empty');

    await field(form, 'First name').fill('Maria');
    await field(form, 'Last name').fill('Keller');
    await field(form, 'Email').fill(email);
    await field(form, 'Password').fill(PASSWORD);
    await pickOption(page, 'Country', 'Germany');
    await expect.poll(() => page.getByRole('combobox', { name: 'Client type', exact: true }).inputValue()).toBe('Individual');
    await snap(page, '02-register-filled');
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.getByTestId('register-success').waitFor();
    await snap(page, '03-register-done');

    const link = verificationLink(await app.waitForMail(email));
    await page.goto(link);
    await page.locator('[data-testid="verify-email-result"][data-state="verified"]').waitFor();
    await snap(page, '04-email-verified');

    await page.getByRole('link', { name: 'Go to log in' }).click();
    const login = page.getByTestId('login-form');
    await login.waitFor();
    await expect.poll(() => page.getByTestId('login-notice').textContent()).toContain('verified');
    await field(login, 'Email').fill(email);
    await field(login, 'Password').fill(PASSWORD);
    await login.getByRole('button', { name: 'Log in' }).click();

    const steps = page.getByTestId('next-steps');
    await steps.waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByTestId('greeting').textContent()).toContain('Maria');
    expect(await page.getByTestId('client-email').textContent()).toBe(email);
    const codes = await steps.getByTestId('next-step').evaluateAll((items) => items.map((item) => item.getAttribute('data-code')));
    expect(codes).toContain('complete_profile');
    expect(codes.some((code) => code?.startsWith('upload_document:'))).toBe(true);
    expect(await steps.textContent()).toContain('Complete your profile');
    await snap(page, '05-portal-dashboard');

    const client = await app.ctx.db.selectFrom('client').select(['id', 'status']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(client.status).toBe('email_verified');
    clientId = client.id;

    // Logging out ends the session on the server: the portal asks to log in again.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await page.goto(`${app.baseUrl}/`);
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('a staff user logs in with TOTP, finds the client and sees the registration and verification events', async () => {
    expect(clientId, 'the client scenario ran first').not.toBe('');
    const staffEmail = uniqueEmail('compliance');
    const { temporaryPassword } = await createStaff(app.ctx, SYSTEM_REQUEST, { type: 'system', id: 'browser-test' }, {
      email: staffEmail,
      displayName: 'Clara Compliance',
      roles: ['compliance'],
      entityIds: 'all',
    });

    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/backoffice`);
    const login = page.getByTestId('staff-login-form');
    await login.waitFor();
    await field(login, 'Email').fill(staffEmail);
    await field(login, 'Password').fill(temporaryPassword);
    await snap(page, '06-staff-login');
    await login.getByRole('button', { name: 'Continue' }).click();

    const secretBox = page.getByTestId('totp-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await snap(page, '07-totp-enrolment');
    const totp = page.getByTestId('totp-form');
    await field(totp, 'Authentication code').fill(currentTotp(secret, app.ctx.clock.now()));
    await totp.getByRole('button', { name: 'Verify' }).click();

    const search = page.getByTestId('client-search');
    await search.waitFor();
    expect(new URL(page.url()).pathname).toBe('/backoffice/clients');
    await search.fill('keller');
    const row = page.locator(`[data-testid="client-row"][data-client-id="${clientId}"]`);
    await row.waitFor();
    await expect.poll(() => page.getByTestId('client-row').count()).toBe(1);
    expect(await row.textContent()).toContain(email);
    await snap(page, '08-client-search');

    await row.getByRole('link', { name: 'Maria Keller' }).click();
    const timeline = page.getByTestId('timeline');
    await timeline.waitFor();
    expect(await page.getByTestId('client-name').textContent()).toBe('Maria Keller');
    const actions = await timeline.getByTestId('timeline-event').evaluateAll((items) => items.map((item) => item.getAttribute('data-action')));
    expect(actions).toContain('client.registered');
    expect(actions).toContain('client.email_verified');
    // Newest first: the verification comes before (above) the registration.
    expect(actions.indexOf('client.email_verified')).toBeLessThan(actions.indexOf('client.registered'));
    await snap(page, '09-client-timeline');

    await page.getByTestId('logout').click();
    await page.getByTestId('staff-login-form').waitFor();
    await page.goto(`${app.baseUrl}/backoffice/clients`);
    await page.getByTestId('staff-login-form').waitFor();
    await page.close();
  });

  it('logged no console errors and no page errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
