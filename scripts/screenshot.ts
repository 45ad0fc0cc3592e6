/**
 * Regenerates the screenshots in docs/screenshots/ from a real running
 * Traderoom (fresh database, web/dist served) and Debian's chromium:
 *
 *   npm run build:web && npx tsx scripts/screenshot.ts
 *
 * The client is registered, verified and logged in through the HTTP API; its
 * session cookie is handed to the browser. The staff member logs in with
 * password + TOTP the same way.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { COOKIE } from '../src/http/session-auth';
import { currentTotp } from '../src/security/totp';
import { SYSTEM_REQUEST } from '../src/usecases/app-context';
import { createStaff } from '../src/usecases/staff/create-staff';
import { openBrowser } from '../test/browser/browser';
import { HttpClient } from '../test/support/http-client';
import { linkToken, startTestApp, type TestApp } from '../test/support/test-app';

const ROOT = join(import.meta.dirname, '..');
const WEB_DIST = join(ROOT, 'web', 'dist');
const OUT = join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1280, height: 800 };
const MAX_BYTES = 300 * 1024;

function check(ok: boolean, what: string, detail?: unknown): asserts ok {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
}

async function loggedInClient(app: TestApp): Promise<{ cookie: string; id: string }> {
  const http = new HttpClient(app.baseUrl);
  const email = 'maria.keller@example.com';
  const password = 'correct horse battery staple';
  const registered = await http.post('/api/portal/register', {
    email,
    password,
    country: 'DE',
    clientType: 'individual',
    firstName: 'Maria',
    lastName: 'Keller',
  });
  check(registered.status === 201, 'register', registered.body);
  const token = linkToken(await app.waitForMail(email), '/verify-email');
  const verified = await http.post('/api/portal/verify-email', { token });
  check(verified.status === 200, 'verify email', verified.body);
  const login = await http.post('/api/portal/login', { email, password });
  check(login.status === 200, 'client login', login.body);
  return { cookie: http.cookie(COOKIE.client)!, id: login.body.client.id };
}

async function loggedInStaff(app: TestApp): Promise<string> {
  const email = 'clara.jensen@broker.example';
  const { temporaryPassword } = await createStaff(app.ctx, SYSTEM_REQUEST, { type: 'system', id: 'screenshots' }, {
    email,
    displayName: 'Clara Jensen',
    roles: ['compliance'],
    entityIds: 'all',
  });
  const http = new HttpClient(app.baseUrl);
  const step1 = await http.post('/api/backoffice/login', { email, password: temporaryPassword });
  check(step1.status === 200 && step1.body.stage === 'totp_enrolment', 'staff password step', step1.body);
  const step2 = await http.post('/api/backoffice/login/totp', { code: currentTotp(step1.body.enrolment.secret, app.ctx.clock.now()) });
  check(step2.status === 200, 'staff TOTP step', step2.body);
  return http.cookie(COOKIE.staff)!;
}

async function main() {
  check(existsSync(join(WEB_DIST, 'index.html')), 'web/dist is missing: run `npm run build:web` first');
  mkdirSync(OUT, { recursive: true });
  const app = await startTestApp({ webDist: WEB_DIST });
  const browser = await openBrowser({ viewport: VIEWPORT });
  try {
    const client = await loggedInClient(app);
    const staffCookie = await loggedInStaff(app);
    const cookie = (name: string, value: string) => ({ name, value, url: app.baseUrl, httpOnly: true, sameSite: 'Strict' as const });
    await browser.context.addCookies([cookie(COOKIE.client, client.cookie), cookie(COOKIE.staff, staffCookie)]);
    const page = await browser.newPage();

    await page.goto(`${app.baseUrl}/`);
    await page.getByTestId('next-step').first().waitFor();
    const portal = join(OUT, 'portal-dashboard.png');
    await page.screenshot({ path: portal });

    await page.goto(`${app.baseUrl}/backoffice/clients/${client.id}`);
    await page.locator('[data-testid="timeline-event"][data-action="client.registered"]').waitFor();
    await page.getByTestId('client-record').waitFor();
    // Show what the verification changed, then grow the window to the page so the fixed navbar spans it.
    const verified = page.locator('[data-testid="timeline-event"][data-action="client.email_verified"]');
    await verified.getByTestId('timeline-diff-toggle').click();
    await verified.getByTestId('timeline-diff').waitFor({ state: 'visible' });
    await page.waitForTimeout(400); // the collapse animation
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    const fullHeight = Math.max(VIEWPORT.height, height);
    await page.setViewportSize({ width: VIEWPORT.width, height: fullHeight });
    const navbar = page.locator('.mantine-AppShell-navbar');
    for (let tries = 0; tries < 50; tries += 1) {
      const box = await navbar.boundingBox();
      if (box && box.y + box.height >= fullHeight - 1) break;
      await page.waitForTimeout(50);
    }
    await page.mouse.move(VIEWPORT.width - 10, fullHeight - 10); // no hover highlight in the picture
    const backoffice = join(OUT, 'backoffice-timeline.png');
    await page.screenshot({ path: backoffice });

    check(browser.errors.length === 0, 'the browser logged errors', browser.errors);
    for (const file of [portal, backoffice]) {
      const bytes = statSync(file).size;
      check(bytes <= MAX_BYTES, `${file} is larger than 300 KB`, bytes);
      console.log(`${file.slice(ROOT.length + 1)}  ${(bytes / 1024).toFixed(0)} KB`);
    }
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
