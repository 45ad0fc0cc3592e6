/**
 * The workflow simulator (issue 7): deterministic for a seed, different for
 * another, its deposits reconcile, the engine's own records show staff
 * working in hours with four eyes, and the HTML report is self-contained and
 * carries the charts' data. Runs on the test database (PGlite, or PostgreSQL
 * with TEST_DATABASE_URL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { compileCalendar, workingWindow } from '../../src/domain/sla/working-calendar';
import { localEpochDay } from '../../src/domain/sla/zoned-time';
import { htmlReport } from '../../src/simulation/html-report';
import { runSimulation, type SimulationResult } from '../../src/simulation/run-simulation';
import { DEFAULT_SCENARIO, type Scenario } from '../../src/simulation/scenario';
import { formatSummary } from '../../src/simulation/summary-text';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const config = loadConfig();
const SMALL: Scenario = { ...DEFAULT_SCENARIO, clients: 30, days: 5, seed: 7 };

interface Run {
  result: SimulationResult;
  database: TestDatabase;
  dir: string;
}

async function simulate(scenario: Scenario): Promise<Run> {
  const database = await createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'traderoom-sim-test-'));
  const result = await runSimulation(scenario, { database, filesDir: join(dir, 'files'), config });
  return { result, database, dir };
}

async function dispose(run: Run): Promise<void> {
  await run.database.close();
  rmSync(run.dir, { recursive: true, force: true });
}

describe('workflow simulator', () => {
  let first: Run;
  let again: Run;

  beforeAll(async () => {
    first = await simulate(SMALL);
    again = await simulate(SMALL);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([first, again].filter(Boolean).map(dispose));
  });

  it('gives the same numbers, summary and report for the same seed', () => {
    expect(JSON.stringify(again.result.summary)).toBe(JSON.stringify(first.result.summary));
    expect(formatSummary(again.result.summary)).toBe(formatSummary(first.result.summary));
    expect(htmlReport(again.result.summary)).toBe(htmlReport(first.result.summary));
    expect(again.result.eventsProcessed).toBe(first.result.eventsProcessed);
  });

  it('drove clients through the real flows: registrations, reviews, deposits', () => {
    const totals = new Map(first.result.summary.totals);
    expect(totals.get('clients registered')).toBe(30);
    expect(totals.get('applications submitted')).toBeGreaterThan(10);
    expect(totals.get('clients approved')).toBeGreaterThan(5);
    expect(totals.get('deposits created')).toBeGreaterThan(0);
    const kyc = first.result.summary.turnarounds.find((t) => t.key === 'kyc.decision')!;
    expect(kyc.n).toBeGreaterThan(5);
    expect(kyc.p90Hours!).toBeGreaterThanOrEqual(kyc.p50Hours!);
  });

  it('reconciles: every deposit credited, failed or under review, as the database says', async () => {
    const { reconciliation } = first.result.summary;
    const d = reconciliation.deposits;
    expect(reconciliation.problems).toEqual([]);
    expect(reconciliation.ok).toBe(true);
    expect(reconciliation.ledgerVerified).toBe(true);
    expect(d.unsettled).toBe(0);
    expect(d.credited + d.failed + d.rejected + d.underReview).toBe(d.inDatabase);
    const rows = await first.database.db.selectFrom('deposit').select('status').execute();
    expect(rows.length).toBe(d.created);
    for (const row of rows) expect(['credited', 'chargeback', 'refunded', 'failed', 'rejected', 'under_review', 'escalated']).toContain(row.status);
  });

  it('staff decided as real staff members, in working hours, never approving two stages of one withdrawal', async () => {
    const db = first.database.db;
    const decisions = await db.selectFrom('audit_event').select(['action', 'actor_type', 'occurred_at']).where('action', 'in', ['kyc_case.claimed', 'kyc_case.approved', 'deposit.approved', 'deposit.rejected']).execute();
    expect(decisions.length).toBeGreaterThan(5);
    const calendar = compileCalendar(config.sla);
    for (const event of decisions) {
      expect(event.actor_type).toBe('staff');
      const at = event.occurred_at.getTime();
      const window = workingWindow(calendar, localEpochDay(at, calendar.timeZone));
      expect(window, `${event.action} at ${event.occurred_at.toISOString()}`).not.toBeNull();
      expect(at >= window!.start && at <= window!.end + 8 * 3_600_000).toBe(true);
    }
    const approvals = await db.selectFrom('withdrawal_step').select(['withdrawal_id', 'approved_stage', 'actor_id']).where('approved_stage', 'is not', null).execute();
    const stagesByPerson = new Map<string, Set<string>>();
    for (const a of approvals) {
      const key = `${a.withdrawal_id}/${a.actor_id}`;
      stagesByPerson.set(key, (stagesByPerson.get(key) ?? new Set()).add(a.approved_stage!));
    }
    for (const stages of stagesByPerson.values()) expect(stages.size).toBe(1);
  });

  it('writes a self-contained HTML report that carries the charts and their data', () => {
    const html = htmlReport(first.result.summary);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=["']?https?:/i);
    expect(html).not.toMatch(/(src|href)=["']?https?:/i);
    expect(html).toContain('Chart.js v4.6.1');
    for (const id of ['percentiles', 'hist-0', 'hist-1', 'hist-2', 'ages', 'sizes', 'sla', 'utilization']) expect(html).toContain(`<canvas id="${id}"`);
    const json = /<script type="application\/json" id="simulation-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json);
    expect(data.turnarounds.map((t: { n: number }) => t.n)).toEqual(first.result.summary.turnarounds.map((t) => t.n));
    expect(data.samples).toHaveLength(SMALL.days * 24 + 1);
    expect(data.sla.map((q: { entered: number }) => q.entered)).toEqual(first.result.summary.sla.map((q) => q.entered));
  });
});

describe('workflow simulator, another seed', () => {
  it('gives other numbers', async () => {
    const base = await simulate(SMALL);
    const other = await simulate({ ...SMALL, seed: 8 });
    try {
      expect(JSON.stringify(other.result.summary)).not.toBe(JSON.stringify(base.result.summary));
      expect(other.result.summary.reconciliation.ok).toBe(true);
    } finally {
      await dispose(base);
      await dispose(other);
    }
  }, 600_000);
});
