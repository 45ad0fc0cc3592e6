/**
 * The simulator's HTML report in chromium: opened from a file with no
 * server, every chart draws without console errors, the page asks nothing
 * of the network, and it reads at desktop and phone width.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { htmlReport } from '../../src/simulation/html-report';
import { runSimulation } from '../../src/simulation/run-simulation';
import { DEFAULT_SCENARIO } from '../../src/simulation/scenario';
import { createTestDatabase } from '../support/test-database';
import { openBrowser, snap } from './browser';

describe('simulation report in the browser', () => {
  let dir: string;
  let reportUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'traderoom-sim-report-'));
    const database = await createTestDatabase();
    try {
      const { summary } = await runSimulation({ ...DEFAULT_SCENARIO, clients: 30, days: 5, seed: 7 }, { database, filesDir: join(dir, 'files'), config: loadConfig() });
      const file = join(dir, 'simulation-report.html');
      writeFileSync(file, htmlReport(summary));
      reportUrl = pathToFileURL(file).href;
    } finally {
      await database.close();
    }
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`draws every chart without errors or requests (${name})`, async () => {
      const browser = await openBrowser({ viewport });
      try {
        const page = await browser.newPage();
        const requests: string[] = [];
        page.on('request', (request) => {
          if (!request.url().startsWith('file:')) requests.push(request.url());
        });
        await page.goto(reportUrl);
        await page.waitForSelector('body[data-charts-ready="true"]');
        // How many pixels each chart painted (in the page: a string, as the test's TypeScript has no DOM types).
        const canvases = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((canvas) => {
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
          return { id: canvas.id, width: canvas.width, painted };
        })`)) as { id: string; width: number; painted: number }[];
        expect(canvases.map((c) => c.id)).toEqual(['percentiles', 'hist-0', 'hist-1', 'hist-2', 'ages', 'sizes', 'sla', 'utilization']);
        for (const c of canvases) {
          expect(c.width, c.id).toBeGreaterThan(100);
          expect(c.painted, c.id).toBeGreaterThan(500);
        }
        await expect(page.getByText('Bottleneck role').isVisible()).resolves.toBe(true);
        const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
        expect(overflow).toBeLessThanOrEqual(0);
        expect(browser.errors).toEqual([]);
        expect(requests).toEqual([]);
        await snap(page, `simulation-report-${name}`);
      } finally {
        await browser.close();
      }
    });
  }
});
