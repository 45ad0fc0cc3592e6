/**
 * The portal in Arabic (issue 7): a client switches the language in the
 * header; the choice is saved on their record (their emails follow it), the
 * page turns right to left (<html lang="ar" dir="rtl">, Mantine's direction),
 * amounts stay left to right, and the dashboard and funds pages render without
 * console errors at desktop and phone width. Before login the language is
 * chosen on the login page and kept in the browser. Screenshots go to
 * test-results/browser/portal-arabic-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { HttpClient } from '../support/http-client';
import { PASSWORD } from '../support/actors';
import { openPeopleBrowser, type PeopleBrowser } from './browser';
import { logInClient, routePublicUrl, seedClient, snap, startMoneyApp, withoutFirstDepositReview, type MoneyApp } from './money-setup';

let money: MoneyApp;
let people: PeopleBrowser;
let client: { id: string; email: string };

beforeAll(async () => {
  money = await startMoneyApp(withoutFirstDepositReview(loadConfig()));
  people = await openPeopleBrowser();
  client = await seedClient(money.app, { verified: true, firstName: 'Layla', lastName: 'Haddad', prefix: 'arabic' });
  // A credited deposit, so the funds page shows a balance and a history row with amounts.
  const http = new HttpClient(money.baseUrl);
  expect((await http.post('/api/portal/login', { email: client.email, password: PASSWORD })).status).toBe(200);
  const created = await http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: '125050', currency: 'EUR' });
  expect(created.status).toBe(201);
  await money.sim.pay(created.body.deposit.id as string, { outcome: 'success', payerName: 'Layla Haddad' });
}, 120_000);
afterAll(async () => {
  await people?.close();
  await money?.close();
});

async function htmlDirection(page: Page): Promise<{ lang: string; dir: string; body: string }> {
  return page.evaluate('({ lang: document.documentElement.lang, dir: document.documentElement.dir, body: getComputedStyle(document.body).direction })');
}

/** No two visible header controls overlap (a mirrored header that does not fit would). Runs in the page (the test has no DOM types). */
async function headerOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const items = [...(document.querySelector('header')?.querySelectorAll('a, button') ?? [])].filter((e) => e.offsetParent !== null);
    const boxes = items.map((e) => ({ name: e.getAttribute('data-testid') ?? e.textContent ?? '', r: e.getBoundingClientRect() }));
    const overlaps = [];
    boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
      if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) overlaps.push(a.name + ' × ' + b.name);
    }));
    return overlaps;
  })()`);
}

describe('the portal in Arabic', () => {
  it('switches from the header, saves the choice, and renders the dashboard and funds right to left (desktop)', async () => {
    const person = await people.person({ viewport: { width: 1280, height: 800 } });
    const page = await person.newPage();
    await routePublicUrl(person.context, money.baseUrl);
    await logInClient(page, money.baseUrl, client.email);
    expect(await htmlDirection(page)).toEqual({ lang: 'en', dir: 'ltr', body: 'ltr' });

    await page.getByTestId('language-switcher').click();
    await page.getByTestId('language-ar').click();
    await page.getByTestId('greeting').getByText(/^مرحباً، \u2068Layla\u2069$/).waitFor();
    expect(await htmlDirection(page)).toEqual({ lang: 'ar', dir: 'rtl', body: 'rtl' });
    const saved = await money.app.ctx.db.selectFrom('client').select('language').where('id', '=', client.id).executeTakeFirstOrThrow();
    expect(saved.language).toBe('ar');
    // Mirrored: the first navigation entry (the dashboard) sits right of the last one.
    const first = await page.getByTestId('nav-dashboard').boundingBox();
    const funds = await page.getByTestId('nav-funds').boundingBox();
    expect(first!.x).toBeGreaterThan(funds!.x);
    expect(await headerOverlaps(page)).toEqual([]);
    await snap(page, 'portal-arabic-dashboard-desktop');

    await page.getByTestId('nav-funds').click();
    await page.getByTestId('funds-title').getByText('الأموال').waitFor();
    const available = page.locator('[data-testid="balance"][data-currency="EUR"] [data-testid="balance-available"]');
    // The amount is a left-to-right isolate inside the Arabic page.
    expect(await available.textContent()).toBe('\u2066€1,250.50\u2069');
    await page.getByText('تمت الإضافة').first().waitFor(); // the deposit's status, in Arabic
    await snap(page, 'portal-arabic-funds-desktop');
    expect(person.errors).toEqual([]);
  });

  it('on a phone: the language is chosen on the login page, and after login the record’s language holds', async () => {
    const person = await people.person({ viewport: { width: 390, height: 844 } });
    const page = await person.newPage();
    await routePublicUrl(person.context, money.baseUrl);
    await page.goto(`${money.baseUrl}/login`);
    await page.getByTestId('language-switcher').click();
    await page.getByTestId('language-ar').click();
    await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
    expect(await htmlDirection(page)).toEqual({ lang: 'ar', dir: 'rtl', body: 'rtl' });
    await snap(page, 'portal-arabic-login-phone');
    // Kept in this browser: a reload stays in Arabic.
    await page.reload();
    await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();

    const form = page.getByTestId('login-form');
    await form.locator('input[type="email"]').fill(client.email);
    await form.locator('input[type="password"]').fill(PASSWORD);
    await form.locator('button[type="submit"]').click();
    await page.getByTestId('greeting').getByText(/^مرحباً، \u2068Layla\u2069$/).waitFor();
    expect(await htmlDirection(page)).toEqual({ lang: 'ar', dir: 'rtl', body: 'rtl' });
    await snap(page, 'portal-arabic-dashboard-phone');
    await page.getByTestId('nav-funds').click();
    await page.getByTestId('funds-title').getByText('الأموال').waitFor();
    await snap(page, 'portal-arabic-funds-phone');

    // Back to English from the phone's language menu (the header has room for the navigation only): saved, left to right again.
    await page.getByTestId('language-switcher-phone').click();
    await page.getByTestId('language-en').click();
    await page.getByTestId('funds-title').getByText('Funds').waitFor();
    expect(await htmlDirection(page)).toEqual({ lang: 'en', dir: 'ltr', body: 'ltr' });
    const saved = await money.app.ctx.db.selectFrom('client').select('language').where('id', '=', client.id).executeTakeFirstOrThrow();
    expect(saved.language).toBe('en');
    await snap(page, 'portal-english-funds-phone');
    expect(person.errors).toEqual([]);
  });
});
