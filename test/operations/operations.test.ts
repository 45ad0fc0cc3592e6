/**
 * The operations view over real HTTP, on the known week of
 * operations-scenario.ts: queue sizes, ages and SLA breaches per queue and
 * entity, approval-time distributions (buckets, p50, p90), payment rates, the
 * entity and period filters, scope, and bad filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/usecases/clock';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { HOUR, NOW, seedScenario, T0 } from './operations-scenario';

let app: TestApp;
let supervisor: LoggedInStaff;
let offshoreFinance: LoggedInStaff;
let support: LoggedInStaff;
const clock = new ManualClock(T0);

beforeAll(async () => {
  app = await startTestApp({ clock, workers: false });
  await seedScenario(app.ctx, clock);
  supervisor = await loggedInStaff(app, ['supervisor']);
  offshoreFinance = await loggedInStaff(app, ['finance'], ['offshore']);
  support = await loggedInStaff(app, ['support']);
});
afterAll(async () => app?.close());

type Queue = { queue: string; slaTarget: string | null; total: Figures; byEntity: (Figures & { entityId: string | null })[] };
type Figures = { count: number; oldestAgeMs: number | null; medianAgeMs: number | null; breached: number | null };
type Distribution = { count: number; p50Ms: number | null; p90Ms: number | null; buckets: { label: string; count: number }[] };

async function overview(staff: LoggedInStaff, query = '') {
  const res = await staff.http.get(`/api/backoffice/operations${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    period: { from: string; to: string; start: string; end: string };
    queues: Queue[];
    approvalTimes: { kyc: Distribution & { decidedLate: number }; withdrawalRequestToPaid: Distribution; withdrawalStages: (Distribution & { queue: string })[] };
    rates: Record<string, { part: number; whole: number; rate: number | null }>;
  };
}

const queue = (body: { queues: Queue[] }, name: string) => body.queues.find((q) => q.queue === name)!;
const buckets = (d: Distribution) => Object.fromEntries(d.buckets.filter((b) => b.count > 0).map((b) => [b.label, b.count]));

describe('operations overview', () => {
  it('counts queue sizes, ages and SLA breaches per queue and entity', async () => {
    const body = await overview(supervisor);
    const kyc = queue(body, 'kyc_review');
    expect(kyc.slaTarget).toBe('kyc_review');
    expect(kyc.total).toEqual({ count: 2, oldestAgeMs: NOW.getTime() - T0.getTime(), medianAgeMs: HOUR, breached: 1 });
    expect(kyc.byEntity).toEqual([
      { entityId: 'eu', count: 1, oldestAgeMs: 49 * HOUR, medianAgeMs: 49 * HOUR, breached: 1 },
      { entityId: 'offshore', count: 1, oldestAgeMs: HOUR, medianAgeMs: HOUR, breached: 0 },
    ]);
    expect(queue(body, 'deposit_review').total).toEqual({ count: 2, oldestAgeMs: 49 * HOUR, medianAgeMs: HOUR / 2, breached: 1 });
    expect(queue(body, 'withdrawal_compliance').total).toMatchObject({ count: 1, breached: 1 });
    expect(queue(body, 'withdrawal_finance').total).toMatchObject({ count: 2, oldestAgeMs: HOUR, breached: 0 });
    expect(queue(body, 'withdrawal_support').byEntity).toEqual([{ entityId: 'offshore', count: 1, oldestAgeMs: 0, medianAgeMs: 0, breached: 0 }]);
    expect(queue(body, 'withdrawal_payout').total).toEqual({ count: 0, oldestAgeMs: null, medianAgeMs: null, breached: 0 });
    expect(queue(body, 'reconciliation_breaks').total).toEqual({ count: 1, oldestAgeMs: 49 * HOUR, medianAgeMs: 49 * HOUR, breached: null });
    expect(queue(body, 'platform_sync_failures').total).toMatchObject({ count: 1, breached: null });
    expect(queue(body, 'platform_exceptions').total.count).toBe(0);
  });

  it('puts approval times in the right buckets with p50 and p90', async () => {
    const { approvalTimes } = await overview(supervisor);
    // Case A: rejected by the use case 5 h after submission; case D: approved after 30 h, after its due time.
    expect(approvalTimes.kyc).toMatchObject({ count: 2, p50Ms: 5 * HOUR, p90Ms: 30 * HOUR, decidedLate: 1 });
    expect(buckets(approvalTimes.kyc)).toEqual({ '4–8 h': 1, '1–3 d': 1 });
    expect(approvalTimes.withdrawalRequestToPaid).toMatchObject({ count: 1, p50Ms: 26.5 * HOUR, p90Ms: 26.5 * HOUR });
    expect(buckets(approvalTimes.withdrawalRequestToPaid)).toEqual({ '1–3 d': 1 });
    const stage = (name: string) => approvalTimes.withdrawalStages.find((s) => s.queue === name)!;
    expect(stage('withdrawal_support')).toMatchObject({ count: 2, p50Ms: HOUR / 2, p90Ms: HOUR });
    expect(buckets(stage('withdrawal_support'))).toEqual({ '< 1 h': 1, '1–4 h': 1 });
    expect(stage('withdrawal_compliance')).toMatchObject({ count: 1, p50Ms: 2 * HOUR });
    expect(stage('withdrawal_finance')).toMatchObject({ count: 1, p50Ms: 3 * HOUR });
    expect(buckets(stage('withdrawal_payout'))).toEqual({ '8–24 h': 1 });
    expect(stage('withdrawal_supervisor').count).toBe(0);
  });

  it('computes the payment rates', async () => {
    const { rates } = await overview(supervisor);
    expect(rates.depositAutoCredit).toEqual({ part: 2, whole: 5, rate: 0.4 });
    expect(rates.depositFailure).toEqual({ part: 2, whole: 7, rate: 2 / 7 });
    expect(rates.depositChargeback).toEqual({ part: 1, whole: 3, rate: 1 / 3 });
    expect(rates.payoutFailure).toEqual({ part: 1, whole: 3, rate: 1 / 3 });
    expect(rates.payoutReturn).toEqual({ part: 1, whole: 2, rate: 0.5 });
  });

  it('defaults to the last 30 local days and filters by period', async () => {
    const all = await overview(supervisor);
    expect(all.period).toMatchObject({ from: '2026-10-27', to: '2026-11-25', start: '2026-10-26T22:00:00.000Z', end: '2026-11-25T22:00:00.000Z' });
    const monday = await overview(supervisor, '?from=2026-11-23&to=2026-11-23');
    expect(monday.approvalTimes.kyc.count).toBe(1);
    expect(monday.rates.depositFailure).toEqual({ part: 0, whole: 1, rate: 0 });
    expect(monday.rates.depositChargeback).toEqual({ part: 0, whole: 0, rate: null });
    const tuesday = await overview(supervisor, '?from=2026-11-24&to=2026-11-24');
    expect(tuesday.rates.depositFailure).toEqual({ part: 2, whole: 5, rate: 0.4 });
    expect(tuesday.approvalTimes.withdrawalRequestToPaid.count).toBe(1);
    const september = await overview(supervisor, '?from=2026-09-01&to=2026-09-01');
    expect(september.rates.depositFailure).toEqual({ part: 1, whole: 1, rate: 1 });
    // Queues are "now", whatever the period.
    expect(queue(september, 'kyc_review').total.count).toBe(2);
  });

  it('filters by entity', async () => {
    const eu = await overview(supervisor, '?entity=eu');
    expect(queue(eu, 'kyc_review').total.count).toBe(1);
    expect(queue(eu, 'withdrawal_support').total.count).toBe(0);
    expect(eu.rates.depositFailure).toEqual({ part: 1, whole: 6, rate: 1 / 6 });
  });

  it('shows staff scoped to some entities only theirs, and refuses another entity', async () => {
    const offshore = await overview(offshoreFinance);
    expect(queue(offshore, 'kyc_review').byEntity.map((e) => e.entityId)).toEqual(['offshore']);
    expect(queue(offshore, 'deposit_review').total.count).toBe(0);
    expect(queue(offshore, 'reconciliation_breaks').total.count).toBe(0);
    expect(offshore.rates.depositFailure).toEqual({ part: 1, whole: 1, rate: 1 });
    expect(offshore.approvalTimes.kyc.count).toBe(0);
    const refused = await offshoreFinance.http.get('/api/backoffice/operations?entity=eu');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('out_of_scope');
  });

  it('is refused to support', async () => {
    expect((await support.http.get('/api/backoffice/operations')).status).toBe(403);
  });

  it.each([
    ['?from=2026-02-30', 422],
    ['?from=2026-11-25&to=2026-11-01', 422],
    ['?from=2025-01-01&to=2026-11-25', 422],
    ['?entity=atlantis', 422],
    ['?from=yesterday', 422],
    ['?period=7d', 422],
  ])('refuses %s with %i and the one error shape', async (query, status) => {
    const res = await supervisor.http.get(`/api/backoffice/operations${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });
});
