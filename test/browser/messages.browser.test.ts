/**
 * Client messages end to end, through the browser only (issue 7): a client
 * writes to support with an attachment; support sees the inbox count in the
 * navigation, opens the inbox and the thread (which takes it off the inbox),
 * opens the attachment and replies; the client sees the unread badge, opens
 * Messages and reads the reply, and the badge goes. Screenshots of both faces,
 * desktop and phone width, are saved under test-results/browser/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPng } from '../kyc/kyc-support';
import { startTestApp, type TestApp } from '../support/test-app';
import { openPeopleBrowser, type PeopleBrowser } from './browser';
import { logInClient, logInNewStaff, seedClient, snap, WEB_DIST } from './money-setup';

const QUESTION = 'Hello, my deposit from yesterday is not in my wallet yet. The bank receipt is attached.';
const REPLY = 'Thank you, we found it: the deposit was credited this morning. Nothing else is needed from you.';

let app: TestApp;
let people: PeopleBrowser;
let client: Page;
let support: Page;
let clientId = '';
let email = '';

beforeAll(async () => {
  app = await startTestApp({ webDist: WEB_DIST });
  people = await openPeopleBrowser();
  ({ id: clientId, email } = await seedClient(app, { verified: true, firstName: 'Layla', lastName: 'Haddad', prefix: 'messages-browser' }));
});
afterAll(async () => {
  await people?.close();
  await app?.close();
});

async function badgeCount(page: Page, testId: string): Promise<string | null> {
  const badge = page.getByTestId(testId);
  return (await badge.count()) ? badge.getAttribute('data-count') : null;
}

describe('messages between a client and support through the browser', () => {
  it('the client writes to support with an attachment', async () => {
    client = await (await people.person({ viewport: { width: 1280, height: 900 } })).newPage();
    await logInClient(client, app.baseUrl, email);
    await client.getByTestId('nav-messages').click();
    await client.getByTestId('messages-empty').waitFor();
    const composer = client.getByTestId('message-composer');
    await composer.getByTestId('message-body-input').fill(QUESTION);
    await composer.getByTestId('message-files').setInputFiles({ name: 'bank-receipt.png', mimeType: 'image/png', buffer: freshPng() });
    await composer.getByTestId('message-send').click();
    await client.getByTestId('message-sent').waitFor();
    const sent = client.locator('[data-testid="message"][data-author="client"]');
    await sent.waitFor();
    expect(await sent.getByTestId('message-body').textContent()).toBe(QUESTION);
    expect(await sent.getByTestId('message-attachment').textContent()).toContain('bank-receipt.png');
    expect(await composer.getByTestId('message-body-input').inputValue()).toBe('');
    await snap(client, 'messages-portal-sent');
  });

  it('support sees the count, opens the thread from the inbox, opens the attachment and replies', async () => {
    support = await (await people.person({ viewport: { width: 1366, height: 900 } })).newPage();
    await logInNewStaff(support, app, { displayName: 'Sam Support', roles: ['support'] });
    await expect.poll(() => badgeCount(support, 'nav-inbox-count')).toBe('1');
    await support.getByTestId('nav-inbox').click();
    const row = support.locator(`[data-testid="inbox-thread"][data-client-id="${clientId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-unread')).toBe('1');
    expect(await row.textContent()).toContain('Layla Haddad');
    expect(await row.textContent()).toContain('my deposit from yesterday');
    await snap(support, 'messages-backoffice-inbox');

    await row.getByTestId('inbox-open').click();
    const section = support.getByTestId('client-messages');
    const question = section.locator('[data-testid="message"][data-author="client"]');
    await question.waitFor();
    expect(await question.getByTestId('message-body').textContent()).toBe(QUESTION);
    // Opening the thread marked it read: the navigation's count goes.
    await expect.poll(() => badgeCount(support, 'nav-inbox-count')).toBe(null);
    const href = await question.getByTestId('message-attachment').getAttribute('href');
    const file = await support.request.get(`${app.baseUrl}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/png');

    const composer = section.getByTestId('message-composer');
    await composer.getByTestId('message-body-input').fill(REPLY);
    await composer.getByTestId('message-send').click();
    await composer.getByTestId('message-sent').waitFor();
    const reply = section.locator('[data-testid="message"][data-author="staff"]');
    await reply.waitFor();
    expect(await reply.getByTestId('message-author').textContent()).toBe('Sam Support');
    await section.getByTestId('client-unread').waitFor();
    await section.scrollIntoViewIfNeeded();
    await support.screenshot({ path: 'test-results/browser/messages-backoffice-thread.png' });

    await support.getByTestId('nav-inbox').click();
    await support.getByTestId('inbox-empty').waitFor();
    // The client is told by email that a message waits, without its text.
    const mail = await app.waitForMail(email);
    expect(mail).toContain('/messages');
    expect(mail).not.toContain('credited this morning');
  });

  it('the client sees the unread badge, reads the reply, and the badge goes', async () => {
    await client.getByTestId('nav-dashboard').click();
    await client.reload();
    await expect.poll(() => badgeCount(client, 'nav-messages-unread')).toBe('1');
    await snap(client, 'messages-portal-badge');
    await client.getByTestId('nav-messages').click();
    const reply = client.locator('[data-testid="message"][data-author="staff"]');
    await reply.waitFor();
    expect(await reply.getByTestId('message-body').textContent()).toBe(REPLY);
    // The portal names the broker's support, never the staff member.
    expect(await reply.getByTestId('message-author').textContent()).toBe('Support');
    await expect.poll(() => badgeCount(client, 'nav-messages-unread')).toBe(null);
    // Support read the client's message.
    await client.locator('[data-testid="message"][data-author="client"] [data-testid="message-read"]').waitFor();
    await snap(client, 'messages-portal-thread');
  });

  it('fits a phone: the portal thread and the back-office inbox', async () => {
    const phone = await (await people.person({ viewport: { width: 390, height: 844 } })).newPage();
    await logInClient(phone, app.baseUrl, email);
    await phone.getByTestId('nav-messages').click();
    await phone.locator('[data-testid="message"][data-author="staff"]').waitFor();
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await snap(phone, 'messages-portal-phone');

    await support.setViewportSize({ width: 390, height: 844 });
    await support.goto(`${app.baseUrl}/backoffice/clients/${clientId}#messages`);
    await support.getByTestId('client-messages').locator('[data-testid="message"]').first().waitFor();
    await snap(support, 'messages-backoffice-phone');
    expect(people.errors()).toEqual([]);
  });
});
