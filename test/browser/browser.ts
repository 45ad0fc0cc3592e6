/**
 * Debian's chromium driven by playwright-core (never a downloaded browser),
 * with the flags this machine needs (STACK.md "Browsers") and a fresh profile.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface BrowserSession {
  context: BrowserContext;
  /** Console errors and uncaught page errors seen so far, in all pages of the context. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'traderoom-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ...contextOptions(options.viewport),
  });
  const session = watchedSession(context);
  return {
    ...session,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * One chromium for several people: each `person()` is an isolated context
 * (its own cookies and storage), so a client and staff members of different
 * roles can be logged in side by side, as different people at different desks.
 */
export interface PeopleBrowser {
  person(options?: { viewport?: { width: number; height: number } }): Promise<BrowserSession>;
  /** Console errors and page errors of every person so far. */
  errors(): string[];
  close(): Promise<void>;
}

export async function openPeopleBrowser(): Promise<PeopleBrowser> {
  // launch() gives chromium a fresh temporary profile of its own (and removes it on close).
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const sessions: BrowserSession[] = [];
  return {
    async person(options = {}) {
      const context = await browser.newContext(contextOptions(options.viewport));
      const session = watchedSession(context);
      sessions.push(session);
      return session;
    },
    errors: () => sessions.flatMap((session) => session.errors),
    close: () => browser.close(),
  };
}

function contextOptions(viewport: { width: number; height: number } | undefined) {
  return { viewport: viewport ?? { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC' };
}

/** Collects a context's console errors, page errors and 5xx answers. */
function watchedSession(context: BrowserContext): BrowserSession {
  // Fail a missing element in 15 s with a clear locator error, well inside the test's own timeout.
  context.setDefaultTimeout(15_000);
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const url = message.location().url;
      if (isAnonymousSessionProbe(message.text(), url)) return;
      errors.push(`console: ${message.text()} (${url})`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 500) errors.push(`http ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    errors,
    async newPage() {
      const existing = context.pages().find((page) => page.url() === 'about:blank');
      return existing ?? context.newPage();
    },
    close: () => context.close(),
  };
}

/**
 * The app asks "who am I?" (GET /api/portal/me, /api/backoffice/me) when a
 * protected page opens; for a visitor who is not logged in the answer is 401
 * and the app shows the login page. Chromium logs every 4xx response as a
 * console error, so exactly this one is expected; any other failed request is not.
 */
function isAnonymousSessionProbe(text: string, url: string): boolean {
  if (!text.startsWith('Failed to load resource') || !text.includes('status of 401')) return false;
  const path = URL.canParse(url) ? new URL(url).pathname : '';
  return path === '/api/portal/me' || path === '/api/backoffice/me';
}

/** Saves a full-page screenshot (or only what is in view) under test-results/ (gitignored). */
export async function snap(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
  const dir = join(process.cwd(), 'test-results', 'browser');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}

/** The link from a mail, pointed at the test server instead of the configured public URL. */
export function localLink(mailLink: string, baseUrl: string): string {
  const url = new URL(mailLink);
  return `${baseUrl}${url.pathname}${url.search}`;
}
