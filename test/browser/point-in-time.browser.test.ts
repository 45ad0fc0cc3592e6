/**
 * The point-in-time view in the browser (issue 7): a client is taken over
 * HTTP through registration, profile, uploads, a rejected proof of address
 * and its replacement, approval and a restriction. A compliance officer opens
 * the client record, follows "Record as of a past moment…" (the record now:
 * restricted), then, from the history, "See the record as of this event" on
 * the approval (active, verified, documents approved, the rejected version
 * kept), and picks a moment before the client registered (nothing on record).
 * No console errors; screenshots at desktop and phone width are saved under
 * test-results/browser/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { addDays, claimAndApprove, decide, claim, freshPng, submit, submittedClient, today, upload } from '../kyc/kyc-support';
import { openPeopleBrowser, type BrowserSession, type PeopleBrowser } from './browser';
import { logInNewStaff, snap, WEB_DIST } from './money-setup';

let app: TestApp;
let people: PeopleBrowser;
let officer: BrowserSession;
let page: Page;
let clientId = '';
let beforeRegistration = '';

beforeAll(async () => {
  app = await startTestApp({ webDist: WEB_DIST });
  people = await openPeopleBrowser();
  officer = await people.person({ viewport: { width: 1280, height: 900 } });
  page = await officer.newPage();

  const reviewer: LoggedInStaff = await loggedInStaff(app, ['compliance']);
  beforeRegistration = new Date(Date.now() - 1000).toISOString();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const client = await submittedClient(app);
  clientId = client.id;
  const docs = (await client.http.get('/api/portal/documents')).body.items as { id: string; documentType: string }[];
  const proof = docs.find((d) => d.documentType === 'proof_of_address')!;
  expect((await claim(reviewer, client.caseId)).status).toBe(200);
  expect((await reviewer.http.post(`/api/backoffice/documents/${proof.id}/review`, { decision: 'reject', reason: 'address_too_old', clientMessage: 'The bill is too old.', note: 'Last year.' })).status).toBe(200);
  expect((await decide(reviewer, client.caseId, { decision: 'request_documents', note: 'Recent bill needed.', documents: [{ documentTypes: ['proof_of_address'], reason: 'Upload a recent bill.' }] })).status).toBe(200);
  expect((await upload(client.http, { documentType: 'proof_of_address', bytes: freshPng(), fileName: 'new-bill.png', mimeType: 'image/png', issueDate: addDays(today(app), -2) })).status).toBe(201);
  expect((await submit(client.http)).status).toBe(200);
  await claimAndApprove(reviewer, client.caseId, 'Passport and new bill match.');
  const restricted = await reviewer.http.post(`/api/backoffice/clients/${clientId}/status`, { event: 'restrict', reason: 'compliance_hold', note: 'Source of funds to be checked.' });
  expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
}, 120_000);

afterAll(async () => {
  await people?.close();
  await app?.close();
});

describe('point in time, in the back office', () => {
  it('shows the record now, as of the approval from the history, and before registration, without console errors', async () => {
    await logInNewStaff(page, app, { displayName: 'Petra Auditor', roles: ['compliance'] });
    await page.goto(`${app.baseUrl}/backoffice/clients/${clientId}`);
    await page.getByTestId('client-as-of-link').click();
    await page.waitForURL(`**/backoffice/clients/${clientId}/as-of`);
    await expect.poll(() => page.getByTestId('as-of-status').textContent()).toBe('Restricted');
    expect(await page.getByTestId('as-of-restriction').textContent()).toBe('Compliance hold');
    expect(await page.getByTestId('as-of-document').count()).toBe(3);
    await snap(page, 'point-in-time-now-desktop');

    // From the history on the client page: the record as of the approval.
    await page.goto(`${app.baseUrl}/backoffice/clients/${clientId}`);
    const approval = page.locator('[data-testid="timeline-event"][data-action="kyc_case.approved"]');
    await approval.getByTestId('timeline-as-of-link').click();
    await page.waitForURL(/\/as-of\?at=/);
    await expect.poll(() => page.getByTestId('as-of-status').textContent()).toBe('Active');
    expect(await page.getByTestId('as-of-verification').textContent()).toBe('Verified');
    const statuses = await page.getByTestId('as-of-document').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-type')}:${r.getAttribute('data-status')}`));
    expect(statuses.sort()).toEqual(['passport:approved', 'proof_of_address:approved', 'proof_of_address:rejected']);
    // The newest event shown is the approval itself; the restriction came later and is not there.
    expect(await page.getByTestId('as-of-event').first().getAttribute('data-action')).toBe('kyc_case.approved');
    expect(await page.locator('[data-testid="as-of-event"][data-action="client.restricted"]').count()).toBe(0);
    await page.locator('[data-testid="as-of-case"]').first().waitFor();
    expect(await page.getByTestId('as-of-case').first().getAttribute('data-status')).toBe('approved');
    await snap(page, 'point-in-time-approval-desktop');

    // The picker: a moment before the client registered.
    const local = beforeRegistration.slice(0, 19); // the browser runs in UTC
    await page.getByTestId('as-of-input').fill(local);
    await page.getByTestId('as-of-show').click();
    await page.getByTestId('as-of-not-yet').waitFor();
    expect(new URL(page.url()).searchParams.get('at')).toBe(`${local}.999Z`);

    // Phone width: the approval again.
    const phone = await people.person({ viewport: { width: 390, height: 844 } });
    await phone.context.addCookies(await officer.context.cookies());
    const small = await phone.newPage();
    await small.goto(`${app.baseUrl}/backoffice/clients/${clientId}`);
    await small.locator('[data-testid="timeline-event"][data-action="kyc_case.approved"]').getByTestId('timeline-as-of-link').click();
    await expect.poll(() => small.getByTestId('as-of-status').textContent()).toBe('Active');
    await snap(small, 'point-in-time-approval-phone');

    expect(people.errors()).toEqual([]);
  }, 90_000);
});
