/**
 * Regenerates the screenshots in docs/screenshots/ from a real running
 * Traderoom (fresh database, web/dist served) and Debian's chromium:
 *
 *   npm run build:web && npx tsx scripts/screenshot.ts
 *
 * The client is registered, verified and logged in through the HTTP API; its
 * session cookie is handed to the browser. The staff member logs in with
 * password + TOTP the same way. For the KYC case, a second client completes
 * the profile, uploads an ID and a proof of address and sends them; the
 * sanctions-list simulator (fictional entities only) screens the client, and
 * the staff member claims the case.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { integrationsFrom } from '../src/app/integrations';
import { COOKIE } from '../src/http/session-auth';
import { currentTotp } from '../src/security/totp';
import { SYSTEM_REQUEST } from '../src/usecases/app-context';
import { startYenteSimulator } from '../src/simulators/yente';
import { createStaff } from '../src/usecases/staff/create-staff';
import { openBrowser } from '../test/browser/browser';
import { PNG_SIGNATURE, pngChunk, samplePdf } from '../test/integrations/files/sample-files';
import { waitFor } from '../test/support/wait-for';
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

async function loggedInClient(app: TestApp, person = { email: 'maria.keller@example.com', firstName: 'Maria', lastName: 'Keller' }): Promise<{ cookie: string; id: string; http: HttpClient }> {
  const http = new HttpClient(app.baseUrl);
  const { email, firstName, lastName } = person;
  const password = 'correct horse battery staple';
  const registered = await http.post('/api/portal/register', {
    email,
    password,
    country: 'DE',
    clientType: 'individual',
    firstName,
    lastName,
  });
  check(registered.status === 201, 'register', registered.body);
  const token = linkToken(await app.waitForMail(email), '/verify-email');
  const verified = await http.post('/api/portal/verify-email', { token });
  check(verified.status === 200, 'verify email', verified.body);
  const login = await http.post('/api/portal/login', { email, password });
  check(login.status === 200, 'client login', login.body);
  return { cookie: http.cookie(COOKIE.client)!, id: login.body.client.id, http };
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A made-up ID card as a PNG: a coloured header, a photo box, text lines and a machine-readable zone. */
function idCardPng(width = 420, height = 270): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      let rgb = [244, 241, 232];
      if (y < 40) rgb = [52, 84, 160];
      else if (x >= 22 && x < 122 && y >= 60 && y < 190) rgb = y < 150 && (x - 72) ** 2 + (y - 105) ** 2 < 900 ? [150, 150, 158] : [205, 205, 212];
      else if (x >= 142 && y >= 64 && y < 184 && (y - 64) % 24 < 9 && x < 142 + [220, 170, 240, 120, 200][Math.floor((y - 64) / 24)]!) rgb = [70, 70, 80];
      else if (y >= 210 && y < 250 && (y - 210) % 22 < 12 && x >= 22 && x < width - 22 && x % 11 < 8) rgb = [40, 40, 48];
      row.set(rgb, 1 + x * 3);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.concat(rows))), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A client whose application is with compliance: profile complete, ID and proof of address uploaded, sent for review. */
async function submittedClient(app: TestApp): Promise<string> {
  const { http, id } = await loggedInClient(app, { email: 'anna.placeholder@example.com', firstName: 'Anna', lastName: 'Placeholder' });
  const profile = await http.patch('/api/portal/profile', {
    fields: {
      legal_name: { firstName: 'Anna', lastName: 'Placeholder' },
      date_of_birth: '1984-06-21',
      nationality: 'DE',
      residential_address: { line1: 'Bergmannstraße 41', city: 'Berlin', postalCode: '10961', country: 'DE' },
      tax_residence: 'DE',
      tax_number: 'DE 41 207 593 118',
      employment_status: 'self_employed',
      source_of_funds: 'business_income',
      trading_experience: 'over_3_years',
    },
  });
  check(profile.status === 200, 'profile', profile.body);
  const upload = async (documentType: string, file: Blob, name: string, dates: Record<string, string>) => {
    const form = new FormData();
    form.set('documentType', documentType);
    for (const [key, value] of Object.entries(dates)) form.set(key, value);
    form.set('file', file, name);
    const uploaded = await http.postForm('/api/portal/documents', form);
    check(uploaded.status === 201, `upload ${documentType}`, uploaded.body);
  };
  await upload('national_id', new Blob([new Uint8Array(idCardPng())], { type: 'image/png' }), 'id-card.png', { expiryDate: day(4 * 365) });
  await upload('proof_of_address', new Blob([new Uint8Array(samplePdf())], { type: 'application/pdf' }), 'electricity-bill.pdf', { issueDate: day(-12) });
  const submitted = await http.post('/api/portal/kyc/submit', {});
  check(submitted.status === 200, 'submit', submitted.body);
  // Screening runs as a job after the submission: wait for its result.
  await waitFor(async () => (await app.ctx.db.selectFrom('audit_event').select('id').where('client_id', '=', id).where('action', '=', 'client.screened').executeTakeFirst()) !== undefined, 20_000);
  return submitted.body.caseId as string;
}

/** Grows the window to the page so the fixed navbar spans it, then takes the picture. */
async function fullHeightShot(page: Page, path: string) {
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
  await page.screenshot({ path });
  await page.setViewportSize(VIEWPORT);
}

async function loggedInStaff(app: TestApp): Promise<{ cookie: string; http: HttpClient }> {
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
  return { cookie: http.cookie(COOKIE.staff)!, http };
}

async function main() {
  check(existsSync(join(WEB_DIST, 'index.html')), 'web/dist is missing: run `npm run build:web` first');
  mkdirSync(OUT, { recursive: true });
  // The sanctions-list simulator (fictional entities only) screens the KYC client; no KYC provider, so no automatic verdict.
  const yente = await startYenteSimulator({ host: '127.0.0.1', port: 0 });
  const integrations = integrationsFrom({
    sanctionsUrl: yente.url,
    sanctionsApiKey: null,
    sanctionsDataset: 'default',
    sanctionsThreshold: 0.7,
    sumsubUrl: null,
    sumsubAppToken: null,
    sumsubSecretKey: null,
    sumsubWebhookSecrets: [],
    sumsubLevelName: 'basic-kyc-level',
  });
  const app = await startTestApp({ webDist: WEB_DIST, integrations });
  const browser = await openBrowser({ viewport: VIEWPORT });
  try {
    const client = await loggedInClient(app);
    const staff = await loggedInStaff(app);
    const caseId = await submittedClient(app);
    const cookie = (name: string, value: string) => ({ name, value, url: app.baseUrl, httpOnly: true, sameSite: 'Strict' as const });
    await browser.context.addCookies([cookie(COOKIE.client, client.cookie), cookie(COOKIE.staff, staff.cookie)]);
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
    const backoffice = join(OUT, 'backoffice-timeline.png');
    await fullHeightShot(page, backoffice);

    // The KYC case, claimed, with a note and the screening hit waiting for a decision.
    const claimed = await staff.http.post(`/api/backoffice/kyc/cases/${caseId}/claim`, {});
    check(claimed.status === 200, 'claim', claimed.body);
    const noted = await staff.http.post(`/api/backoffice/kyc/cases/${caseId}/notes`, { body: 'Name matches a sanctions list entry: checking date of birth and nationality against the ID before deciding.' });
    check(noted.status === 201, 'note', noted.body);
    await page.goto(`${app.baseUrl}/backoffice/kyc/${caseId}`);
    await page.locator('[data-testid="case-status"][data-status="under_review"]').waitFor();
    await page.locator('[data-testid="document-preview"][data-kind="image"] img').waitFor();
    await page.waitForFunction('[...document.images].every((img) => img.complete && img.naturalWidth > 0)');
    const kycCase = join(OUT, 'backoffice-kyc-case.png');
    await fullHeightShot(page, kycCase);

    check(browser.errors.length === 0, 'the browser logged errors', browser.errors);
    for (const file of [portal, backoffice, kycCase]) {
      const bytes = statSync(file).size;
      check(bytes <= MAX_BYTES, `${file} is larger than 300 KB`, bytes);
      console.log(`${file.slice(ROOT.length + 1)}  ${(bytes / 1024).toFixed(0)} KB`);
    }
  } finally {
    await browser.close();
    await app.close();
    await yente.close();
  }
}

await main();
