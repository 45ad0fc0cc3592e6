/**
 * The Operations page (SPEC §10) through the browser, on the known week of
 * test/operations/operations-scenario.ts: the charts render (SVG bars) without
 * console errors, the period and entity filters (kept in the address) change
 * the figures, an export downloads the CSV of the filters shown, and the KYC
 * queue and the client page offer their own exports. Support sees no
 * Operations entry. Screenshots at desktop and phone width under
 * test-results/browser/.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/usecases/clock';
import { seedScenario, T0, type Scenario } from '../operations/operations-scenario';
import { startTestApp, type TestApp } from '../support/test-app';
import { openPeopleBrowser, type PeopleBrowser } from './browser';
import { logInNewStaff, snap, WEB_DIST } from './money-setup';

const PHONE = { width: 390, height: 844 };
const clock = new ManualClock(T0);
let app: TestApp;
let people: PeopleBrowser;
let scenario: Scenario;
let supervisor: Page;

const text = async (page: Page, testId: string, inside: string) => (await page.getByTestId(inside).getByTestId(testId).textContent())?.trim();

beforeAll(async () => {
  app = await startTestApp({ clock, webDist: WEB_DIST, workers: false });
  scenario = await seedScenario(app.ctx, clock);
  people = await openPeopleBrowser();
  supervisor = await (await people.person()).newPage();
  await logInNewStaff(supervisor, app, { displayName: 'Sam Supervisor', roles: ['supervisor'] });
});
afterAll(async () => {
  await people?.close();
  await app?.close();
});

describe('operations page', () => {
  it('draws the charts from the figures, without console errors', async () => {
    await supervisor.getByTestId('nav-operations').click();
    await supervisor.waitForURL('**/backoffice/operations');
    await supervisor.getByTestId('operations').waitFor();
    expect(await supervisor.getByTestId('operations').getAttribute('data-period')).toBe('2026-10-27/2026-11-25');
    // Recharts draws SVG: one bar per non-empty queue segment, and a histogram per distribution.
    await supervisor.locator('[data-testid="queue-chart"] svg .recharts-bar-rectangle').first().waitFor();
    expect(await supervisor.locator('[data-testid="queue-chart"] svg .recharts-bar-rectangle path').count()).toBeGreaterThan(0);
    expect(await supervisor.locator('[data-testid="dist-kyc"] svg').count()).toBeGreaterThan(0);
    expect(await text(supervisor, 'dist-count', 'dist-kyc')).toBe('2');
    expect(await text(supervisor, 'dist-p50', 'dist-kyc')).toBe('5h 0m');
    expect(await text(supervisor, 'dist-p90', 'dist-kyc')).toBe('1d 6h');
    expect(await text(supervisor, 'sla-breaches', 'queues')).toBe('3 SLA breaches');
    expect(await supervisor.locator('[data-rate="depositAutoCredit"] [data-testid="rate-value"]').textContent()).toBe('40.0 %');
    await snap(supervisor, 'operations-desktop');
    expect(people.errors()).toEqual([]);
  });

  it('changes the figures with the period and entity filters, kept in the address', async () => {
    await supervisor.getByTestId('filter-from').fill('2026-11-23');
    await supervisor.getByTestId('filter-to').fill('2026-11-23');
    await supervisor.getByTestId('filter-apply').click();
    await expect.poll(() => supervisor.getByTestId('operations').getAttribute('data-period')).toBe('2026-11-23/2026-11-23');
    expect(supervisor.url()).toContain('from=2026-11-23');
    await expect.poll(() => text(supervisor, 'dist-count', 'dist-kyc')).toBe('1');
    expect(await supervisor.locator('[data-rate="depositFailure"] [data-testid="rate-value"]').textContent()).toBe('0.0 %');

    await supervisor.goto(`${app.baseUrl}/backoffice/operations?entity=offshore`);
    await supervisor.getByTestId('operations').waitFor();
    await expect.poll(() => text(supervisor, 'sla-breaches', 'queues')).toBe('0 SLA breaches');
    expect(await supervisor.locator('[data-queue="kyc_review"] [data-testid="queue-count"]').first().textContent()).toBe('1');
    expect(await supervisor.locator('[data-rate="depositFailure"] [data-testid="rate-value"]').textContent()).toBe('100.0 %');
    expect(people.errors()).toEqual([]);
  });

  it('downloads an export of the filters shown', async () => {
    await supervisor.goto(`${app.baseUrl}/backoffice/operations?entity=eu`);
    await supervisor.getByTestId('operations').waitFor();
    const [download] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByTestId('export-withdrawals').click()]);
    expect(download.suggestedFilename()).toBe('withdrawals-eu-2026-10-27-2026-11-25.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^withdrawal_id,client_id,/);
    expect(csv).toContain(scenario.w1);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + 4);
  });

  it('offers the queue and audit exports where they belong', async () => {
    await supervisor.goto(`${app.baseUrl}/backoffice/kyc?entity=eu`);
    const [queueCsv] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByTestId('export-csv').click()]);
    const queue = readFileSync((await queueCsv.path())!, 'utf8').trimEnd().split('\r\n');
    expect(queue).toHaveLength(2);
    expect(queue[1]).toContain(`"'=SUM(1,2) Client`);

    await supervisor.goto(`${app.baseUrl}/backoffice/clients/${scenario.rejectedClient}`);
    const [auditCsv] = await Promise.all([supervisor.waitForEvent('download'), supervisor.getByTestId('export-audit-events').click()]);
    expect(auditCsv.suggestedFilename()).toBe(`audit-events-${scenario.rejectedClient}.csv`);
    expect(readFileSync((await auditCsv.path())!, 'utf8')).toContain('kyc_case.rejected');
    expect(people.errors()).toEqual([]);
  });

  it('fits a phone, and support has no Operations entry', async () => {
    const phone = await (await people.person({ viewport: PHONE })).newPage();
    await logInNewStaff(phone, app, { displayName: 'Fay Finance', roles: ['finance'] });
    await phone.goto(`${app.baseUrl}/backoffice/operations`);
    await phone.locator('[data-testid="queue-chart"] svg').first().waitFor();
    await snap(phone, 'operations-phone');
    const support = await (await people.person()).newPage();
    await logInNewStaff(support, app, { displayName: 'Sue Support', roles: ['support'] });
    expect(await support.getByTestId('nav-operations').count()).toBe(0);
    expect(await support.getByTestId('nav-kyc').count()).toBe(1);
    await support.goto(`${app.baseUrl}/backoffice/kyc`);
    await support.getByTestId('queue-refresh').waitFor();
    expect(await support.getByTestId('export-csv').count()).toBe(0);
    expect(people.errors()).toEqual([]);
  });
});
