/**
 * The CSV exports over real HTTP, on the known week of operations-scenario.ts:
 * headers, rows, formula-safe cells, permissions (operations.export plus the
 * data's own view permission, within the staff member's entities), the queue
 * filters, and the audit event every export leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/usecases/clock';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { HOUR, seedScenario, T0, type Scenario } from './operations-scenario';

let app: TestApp;
let scenario: Scenario;
let supervisor: LoggedInStaff;
let compliance: LoggedInStaff;
let finance: LoggedInStaff;
let offshoreFinance: LoggedInStaff;
let support: LoggedInStaff;
const clock = new ManualClock(T0);

beforeAll(async () => {
  app = await startTestApp({ clock, workers: false });
  scenario = await seedScenario(app.ctx, clock);
  supervisor = await loggedInStaff(app, ['supervisor']);
  compliance = await loggedInStaff(app, ['compliance']);
  finance = await loggedInStaff(app, ['finance']);
  offshoreFinance = await loggedInStaff(app, ['finance'], ['offshore']);
  support = await loggedInStaff(app, ['support']);
});
afterAll(async () => app?.close());

/** Splits CRLF records; cells are split on commas outside quotes. */
function parseCsv(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((line) => {
      const cells: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (quoted && ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = !quoted;
        else if (ch === ',' && !quoted) {
          cells.push(cell);
          cell = '';
        } else cell += ch;
      }
      cells.push(cell);
      return cells;
    });
}

async function download(staff: LoggedInStaff, path: string) {
  const res = await staff.http.get(path);
  expect(res.status, typeof res.body === 'string' ? res.body : JSON.stringify(res.body)).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.csv"$/);
  const [header, ...rows] = parseCsv(res.body as string);
  return { header: header!, rows: rows.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]]))), raw: res.body as string };
}

describe('CSV exports', () => {
  it('exports the KYC queue with the queue filters, formulas neutralised', async () => {
    const all = await download(supervisor, '/api/backoffice/exports/kyc-queue.csv');
    expect(all.header.slice(0, 4)).toEqual(['case_id', 'client_id', 'client_name', 'client_email']);
    expect(all.rows).toHaveLength(2);
    const formula = all.rows.find((r) => r.client_id === scenario.formulaClient)!;
    expect(formula.client_name).toMatch(/^'=SUM\(1,2\) Client\d+$/);
    expect(all.raw).toContain(`"'=SUM(1,2) Client`);
    expect(formula).toMatchObject({ entity_id: 'eu', status: 'pending', age_hours: '49', sla_breached: 'yes' });
    // A breached timer's remainder is a negative number a spreadsheet can sum, not text.
    expect(formula.sla_remaining_working_hours).toMatch(/^-\d+(\.\d+)?$/);
    const offshore = await download(supervisor, '/api/backoffice/exports/kyc-queue.csv?entity=offshore');
    expect(offshore.rows.map((r) => r.entity_id)).toEqual(['offshore']);
    expect(offshore.rows[0]).toMatchObject({ sla_breached: 'no', sla_remaining_working_hours: '7' });
  });

  it('exports the deposit and withdrawal queues as their pages show them', async () => {
    const deposits = await download(finance, '/api/backoffice/exports/deposit-queue.csv');
    expect(deposits.rows.map((r) => [r.amount_minor, r.status, r.rule_hits, r.sla_breached])).toEqual([
      ['10000', 'under_review', 'first_deposit', 'yes'],
      ['10000', 'under_review', 'first_deposit', 'no'],
    ]);
    const financeQueue = await download(finance, '/api/backoffice/exports/withdrawal-queue.csv?queue=finance');
    expect(financeQueue.rows).toHaveLength(2);
    expect(financeQueue.rows.every((r) => r.status === 'finance_review' && r.sla_target === 'withdrawal_finance')).toBe(true);
    const supportQueue = await download(finance, '/api/backoffice/exports/withdrawal-queue.csv?entity=eu');
    expect(supportQueue.rows).toHaveLength(0);
  });

  it('exports decisions in a period', async () => {
    const kyc = await download(compliance, '/api/backoffice/exports/kyc-decisions.csv');
    expect(kyc.rows.map((r) => [r.decision, r.reason, r.submission_to_decision_ms, r.decided_after_due, r.decided_by_name])).toEqual([
      ['rejected', 'document_unreadable', String(5 * HOUR), 'no', 'Ops Reviewer'],
      ['approved', '', String(30 * HOUR), 'yes', 'Ops Reviewer'],
    ]);
    const monday = await download(compliance, '/api/backoffice/exports/kyc-decisions.csv?from=2026-11-23&to=2026-11-23');
    expect(monday.rows).toHaveLength(1);

    const deposits = await download(finance, '/api/backoffice/exports/deposit-decisions.csv?entity=eu');
    expect(deposits.rows.map((r) => [r.decision, r.status_now, r.review_ms])).toEqual([
      ['auto_credit', 'credited', '0'],
      ['auto_credit', 'chargeback', '0'],
      ['approve', 'credited', String(2 * HOUR)],
    ]);

    const steps = await download(finance, '/api/backoffice/exports/withdrawal-steps.csv');
    expect(steps.rows.map((r) => [r.from_status, r.time_in_state_ms, r.stage_sla_target])).toEqual([
      ['submitted', String(HOUR / 2), 'withdrawal_support'],
      ['support_review', String(HOUR), 'withdrawal_support'],
      ['compliance_review', String(2 * HOUR), 'withdrawal_compliance'],
      ['finance_review', String(3 * HOUR), 'withdrawal_finance'],
      ['payout_pending', String(20 * HOUR), 'withdrawal_payout'],
    ]);
    // Payout: 20 h wall clock from Mon 15:30 local to Tue 11:30 local = 2.5 + 2.5 working hours, inside its 8.
    expect(steps.rows.at(-1)).toMatchObject({ stage_working_ms: String(5 * HOUR), stage_allowed_working_ms: String(8 * HOUR), stage_sla_breached: 'no' });
  });

  it('exports withdrawals with their stage times', async () => {
    const { rows } = await download(finance, '/api/backoffice/exports/withdrawals.csv?entity=eu');
    const w1 = rows.find((r) => r.withdrawal_id === scenario.w1)!;
    expect(w1).toMatchObject({
      status: 'paid', amount_minor: '5000', request_to_paid_ms: String(26.5 * HOUR), steps: '5',
      support_ms: String(1.5 * HOUR), compliance_ms: String(2 * HOUR), finance_ms: String(3 * HOUR), supervisor_ms: '', escalated_ms: '', payout_ms: String(20 * HOUR),
    });
    expect(rows.filter((r) => r.withdrawal_id !== scenario.w1).every((r) => r.steps === '0' && r.paid_at === '')).toBe(true);
  });

  it("exports a client's audit events in chain order and records every export", async () => {
    const { rows } = await download(compliance, `/api/backoffice/clients/${scenario.rejectedClient}/audit-events.csv`);
    expect(rows.map((r) => r.action)).toEqual(['kyc_case.claimed', 'kyc_case.rejected']);
    expect(rows.map((r) => r.seq)).toEqual(['1', '2']);
    expect(rows[1]).toMatchObject({ actor_type: 'staff', actor_name: 'Ops Reviewer', note: 'Passport photo unreadable.' });
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(JSON.parse(rows[1]!.new_values!)).toMatchObject({ status: 'rejected', reason: 'document_unreadable' });

    const exported = await app.ctx.db.selectFrom('audit_event').selectAll().where('action', '=', 'operations.exported').where('client_id', '=', scenario.rejectedClient).execute();
    expect(exported).toHaveLength(1);
    expect(exported[0]!.new_values).toEqual({ kind: 'client_audit_events', filters: { clientId: scenario.rejectedClient } });
    const queueExports = await app.ctx.db.selectFrom('audit_event').select(['actor_id', 'new_values']).where('action', '=', 'operations.exported').where('subject_id', '=', 'kyc_queue').execute();
    expect(queueExports.map((e) => e.new_values)).toContainEqual({ kind: 'kyc_queue', filters: { entity: 'offshore' } });
  });

  it('refuses exports without operations.export, without the data’s view permission, or outside the entities', async () => {
    const refusals: [LoggedInStaff, string, number][] = [
      [support, '/api/backoffice/exports/kyc-queue.csv', 403],
      [support, `/api/backoffice/clients/${scenario.rejectedClient}/audit-events.csv`, 403],
      [finance, '/api/backoffice/exports/kyc-queue.csv', 403],
      [finance, '/api/backoffice/exports/kyc-decisions.csv', 403],
      [offshoreFinance, '/api/backoffice/exports/withdrawals.csv?entity=eu', 403],
      [offshoreFinance, `/api/backoffice/clients/${scenario.rejectedClient}/audit-events.csv`, 403],
      [supervisor, '/api/backoffice/exports/withdrawals.csv?from=2026-11-30&to=2026-11-01', 422],
      [supervisor, '/api/backoffice/exports/kyc-queue.csv?cursor=abc', 422],
      [supervisor, '/api/backoffice/exports/deposit-queue.csv?status=nope', 422],
      [supervisor, '/api/backoffice/clients/not-a-client/audit-events.csv', 404],
    ];
    for (const [staff, path, status] of refusals) {
      const res = await staff.http.get(path);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
    const scoped = await download(offshoreFinance, '/api/backoffice/exports/withdrawals.csv');
    expect(scoped.rows).toHaveLength(1);
    expect(scoped.rows[0]!.entity_id).toBe('offshore');
  });
});
