/**
 * Shared setup of the money browser tests (deposits, withdrawals): the PSP
 * simulator and the app wired to it (both providers on the generic protocol,
 * so payouts go through the simulator's payout API), the public URL routed to
 * the test server, clients seeded past KYC, and people logged in through the
 * real pages (the client's login form; staff with the password and the TOTP
 * enrolment).
 */
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import type { TraderoomConfig } from '../../src/config/schema';
import type { StaffRole } from '../../src/domain/roles';
import { newId } from '../../src/persistence/ids';
import { hashPassword } from '../../src/security/passwords';
import { currentTotp } from '../../src/security/totp';
import { startPspSimulator, type PspSimulator } from '../../src/simulators/psp';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { PASSWORD, uniqueEmail } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { snap as snapPage } from './browser';

export const WEB_DIST = join(import.meta.dirname, '..', '..', 'web', 'dist');
/** Where the PSP sends the payer back (the configured public URL); routed to the test server. */
export const PUBLIC_URL = 'http://traderoom.test';
const CARD = { secretKey: 'sk_browser_card', webhookSecret: 'whsec_browser_card' };
const WIRE = { secretKey: 'sk_browser_wire', webhookSecret: 'whsec_browser_wire' };

export interface MoneyApp {
  sim: PspSimulator;
  app: TestApp;
  baseUrl: string;
  close(): Promise<void>;
}

/** The PSP simulator (card acquirer and wire bank) and a Traderoom serving web/dist, wired to each other. */
export async function startMoneyApp(config: TraderoomConfig): Promise<MoneyApp> {
  let baseUrl = '';
  const sim = await startPspSimulator({
    providers: [
      { id: 'demo_card', protocol: 'generic', name: 'Demo card acquirer', ...CARD },
      { id: 'demo_wire', protocol: 'generic', name: 'Demo wire bank', ...WIRE },
    ],
    webhookUrl: (providerId) => (baseUrl ? `${baseUrl}/api/webhooks/psp/${providerId}` : undefined),
    retryDelaysMs: [100, 200, 400],
  });
  const app = await startTestApp({
    webDist: WEB_DIST,
    config,
    integrations: integrationsFrom({
      sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
      sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
      psp: [
        { protocol: 'generic', providerId: 'demo_card', baseUrl: sim.url, secretKey: CARD.secretKey, webhookSecrets: [CARD.webhookSecret] },
        { protocol: 'generic', providerId: 'demo_wire', baseUrl: sim.url, secretKey: WIRE.secretKey, webhookSecrets: [WIRE.webhookSecret] },
      ],
    }),
  });
  baseUrl = app.baseUrl;
  return {
    sim,
    app,
    baseUrl,
    async close() {
      await app.close();
      await sim.close();
    },
  };
}

/** The browser is sent from the public URL to the test server, as the reverse proxy in front of a real installation would. */
export async function routePublicUrl(context: BrowserContext, baseUrl: string): Promise<void> {
  await context.route(`${PUBLIC_URL}/**`, async (route) => {
    const url = new URL(route.request().url());
    await route.fulfill({ status: 302, headers: { location: `${baseUrl}${url.pathname}${url.search}` } });
  });
}

/** The demo configuration without the review of a client's first deposit (so a small first deposit shows the auto-credit path). */
export function withoutFirstDepositReview(config: TraderoomConfig): TraderoomConfig {
  return { ...config, reviewRules: { ...config.reviewRules, deposits: { ...config.reviewRules.deposits, reviewFirstDeposit: false } } };
}

/** A client already through KYC (tested in kyc.browser.test.ts): active and verified, with a legal name; or email-verified only. */
export async function seedClient(
  app: TestApp,
  options: { verified: boolean; firstName: string; lastName: string; prefix?: string },
): Promise<{ id: string; email: string }> {
  const id = newId();
  const email = uniqueEmail(options.prefix ?? 'funds');
  const now = app.ctx.clock.now();
  const { firstName, lastName } = options;
  await app.ctx.db
    .insertInto('client')
    .values({
      id, email, password_hash: await hashPassword(PASSWORD), first_name: firstName, last_name: lastName, country: 'DE', client_type: 'individual', entity_id: 'eu',
      status: options.verified ? 'active' : 'email_verified', verification_level: options.verified ? 'verified' : 'email_verified', language: 'en',
      email_verified_at: now, created_at: now, updated_at: now,
    })
    .execute();
  await app.ctx.db.insertInto('client_profile').values({ client_id: id, fields: JSON.stringify({ legal_name: { firstName, lastName } }), updated_at: now }).execute();
  return { id, email };
}

export function textbox(scope: Page | Locator, label: string): Locator {
  return scope.getByRole('textbox', { name: label, exact: true });
}

/** Logs a client in through the portal's login page. */
export async function logInClient(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  const login = page.getByTestId('login-form');
  await textbox(login, 'Email').fill(email);
  await textbox(login, 'Password').fill(PASSWORD);
  await login.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('greeting').waitFor();
}

/** Creates a staff member and logs them in through the back office: password, then the authenticator enrolment. */
export async function logInNewStaff(page: Page, app: TestApp, staff: { displayName: string; roles: StaffRole[]; prefix?: string }): Promise<{ email: string }> {
  const email = uniqueEmail(staff.prefix ?? staff.roles.join('-'));
  const { temporaryPassword } = await createStaff(app.ctx, SYSTEM_REQUEST, { type: 'system', id: 'browser-test' }, {
    email,
    displayName: staff.displayName,
    roles: staff.roles,
    entityIds: 'all',
  });
  await page.goto(`${app.baseUrl}/backoffice`);
  const login = page.getByTestId('staff-login-form');
  await textbox(login, 'Email').fill(email);
  await textbox(login, 'Password').fill(temporaryPassword);
  await login.getByRole('button', { name: 'Continue' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  const totp = page.getByTestId('totp-form');
  await textbox(totp, 'Authentication code').fill(currentTotp(secret, app.ctx.clock.now()));
  await totp.getByRole('button', { name: 'Verify' }).click();
  await page.getByTestId('client-search').waitFor();
  return { email };
}

/** A full-page screenshot from the top (the app shell's header is fixed). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await snapPage(page, name);
}

/** The client's available balance in minor units, as the Funds page shows it. */
export async function balanceMinor(page: Page, currency: string): Promise<string | null> {
  return page.locator(`[data-testid="balance"][data-currency="${currency}"] [data-testid="balance-available"]`).getAttribute('data-minor');
}

/** Fills the deposit form and continues to the provider's page; returns the deposit id the page shows as reference. */
export async function depositOnProviderPage(page: Page, sim: PspSimulator, methodId: string, amount: string, expectedOnPage: string): Promise<string> {
  const form = page.getByTestId('deposit-form');
  await form.locator(`[data-testid="deposit-method"][data-method-id="${methodId}"]`).click();
  await textbox(form, 'Amount').fill(amount);
  await form.getByTestId('deposit-submit').click();
  await page.waitForURL(`${sim.url}/pay/**`);
  expect(await page.getByTestId('psp-amount').textContent()).toBe(expectedOnPage);
  return (await page.getByTestId('psp-reference').textContent())!.trim();
}
