/**
 * Ongoing due diligence with an injected clock: `runDueDiligence(ctx, now)`
 * as the daily job runs it, time moved by a ManualClock. A passport expiring
 * within the notice period opens one re-check case; past its expiry date it
 * lapses and the client is restricted until a new one is approved; periodic
 * reviews open when next_review_on passes, sooner for high risk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/usecases/clock';
import { runDueDiligence } from '../../src/usecases/due-diligence/run-due-diligence';
import { loggedInStaff, type LoggedInStaff, type RegisteredClient } from '../support/actors';
import type { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  addDays,
  auditEvents,
  casesOf,
  claim,
  claimAndApprove,
  clientRow,
  decide,
  logInClient,
  nextSteps,
  submit,
  submittedClient,
  today,
  uploadPassport,
  verifiedClient,
} from './kyc-support';

const DAY = 86_400_000;
const MINUTE = 60_000;
const ID_DOCUMENTS = 'provide_documents:passport|national_id|driving_licence';

describe('document expiry', () => {
  // Monday 2 March 2026, 09:00 in Nicosia.
  const clock = new ManualClock(new Date('2026-03-02T07:00:00Z'));
  let app: TestApp;
  let compliance: LoggedInStaff;
  let client: RegisteredClient & { caseId: string };
  let control: RegisteredClient & { caseId: string };
  let expiry: string;
  let http: HttpClient;
  beforeAll(async () => {
    app = await startTestApp({ clock });
    compliance = await loggedInStaff(app, ['compliance']);
    expiry = addDays(today(app), 20);
    client = await verifiedClient(app, compliance, { passportExpiry: expiry });
    control = await verifiedClient(app, compliance);
    http = client.http;
  });
  afterAll(async () => app?.close());

  it('a passport expiring in 20 days opens one re-check case asking for a new one; running twice opens no second', async () => {
    clock.advance(MINUTE);
    const first = await runDueDiligence(app.ctx, clock.now());
    expect(first).toMatchObject({ asOf: today(app), recheckCasesOpened: 1, documentsLapsed: 0, clientsRestricted: 0, periodicReviewsOpened: 0 });
    const second = await runDueDiligence(app.ctx, clock.now());
    expect(second).toMatchObject({ recheckCasesOpened: 0, documentsLapsed: 0 });

    const cases = await casesOf(app, client.id);
    expect(cases.map((c) => [c.kind, c.status])).toEqual([
      ['onboarding', 'approved'],
      ['document_recheck', 'more_documents_required'],
    ]);
    expect(cases[1]!.opened_reason).toBe(`Passport expires on ${expiry}`);
    expect(await nextSteps(http)).toEqual([{ code: ID_DOCUMENTS, title: expect.any(String), detail: `Your passport expires on ${expiry}: upload a valid one before then.` }]);
    // Still valid today: nothing is restricted yet.
    const me = await http.get('/api/portal/me');
    expect(me.body.client.status).toBe('active');
    expect(me.body.capabilities.canDeposit).toBe(true);
    // A client whose passport is far from expiry is left alone.
    expect((await casesOf(app, control.id)).map((c) => c.kind)).toEqual(['onboarding']);
    const opened = await auditEvents(app, { clientId: client.id, action: 'kyc_case.opened' });
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ actor_type: 'system', actor_id: 'due-diligence' });
  });

  it('after the expiry date the passport expires and the client is restricted (kyc_lapsed); next steps name the document and the date', async () => {
    clock.set(new Date(`${addDays(expiry, 1)}T07:00:00Z`));
    const report = await runDueDiligence(app.ctx, clock.now());
    expect(report).toMatchObject({ documentsLapsed: 1, clientsRestricted: 1, recheckCasesOpened: 0 });
    expect(await runDueDiligence(app.ctx, clock.now())).toMatchObject({ documentsLapsed: 0, clientsRestricted: 0, recheckCasesOpened: 0 });

    expect(await clientRow(app, client.id)).toMatchObject({ status: 'restricted', restriction_reason: 'kyc_lapsed', verification_level: 'verified' });
    const passports = await app.ctx.db.selectFrom('document').select(['status', 'expiry_date']).where('client_id', '=', client.id).where('document_type', '=', 'passport').execute();
    expect(passports).toEqual([{ status: 'expired', expiry_date: expiry }]);
    // Still one open case for the client, now asking about the lapsed passport only.
    const open = (await casesOf(app, client.id)).filter((c) => c.status !== 'approved');
    expect(open).toHaveLength(1);
    expect(open[0]!.requested_documents).toEqual([{ documentTypes: ['passport', 'national_id', 'driving_licence'], reason: `Your passport expired on ${expiry}: upload a valid one.` }]);

    http = await logInClient(app, client.email); // the old session ended weeks ago
    const me = await http.get('/api/portal/me');
    expect(me.body.nextSteps).toEqual([{ code: 'restricted', title: 'Your account is restricted', detail: expect.any(String) }, { code: ID_DOCUMENTS, title: expect.any(String), detail: `Your passport expired on ${expiry}: upload a valid one.` }]);
    expect(me.body.client.status).toBe('restricted');
    expect(me.body.capabilities.canDeposit).toBe(false);
    const [lapsed] = await auditEvents(app, { clientId: client.id, action: 'document.lapsed' });
    expect(lapsed).toMatchObject({ actor_type: 'system', actor_id: 'due-diligence' });
    expect(lapsed!.new_values).toMatchObject({ documentStatus: 'expired', clientStatus: 'restricted', restrictionReason: 'kyc_lapsed', expiryDate: expiry });
    // The control client is untouched.
    expect(await clientRow(app, control.id)).toMatchObject({ status: 'active', restriction_reason: null });
  });

  it('uploading a new passport and its approval reinstate the client', async () => {
    clock.advance(MINUTE);
    const newExpiry = addDays(today(app), 3650);
    const replacement = await uploadPassport(app, http, newExpiry);
    expect(replacement).toMatchObject({ version: 2, status: 'uploaded', expiryDate: newExpiry });
    expect((await nextSteps(http)).map((s) => s.code)).toEqual(['restricted', 'submit_for_review']);
    const submitted = await submit(http);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('pending');

    const reviewer = await loggedInStaff(app, ['compliance']); // the first reviewer's session is long gone
    await claimAndApprove(reviewer, submitted.body.caseId, 'New passport checked.');
    expect(await clientRow(app, client.id)).toMatchObject({ status: 'active', restriction_reason: null, verification_level: 'verified' });
    const me = await http.get('/api/portal/me');
    expect(me.body.nextSteps.map((s: { code: string }) => s.code)).toEqual(['deposit']);
    expect(me.body.capabilities.canDeposit).toBe(true);
    const passports = await app.ctx.db.selectFrom('document').select(['version', 'status']).where('client_id', '=', client.id).where('document_type', '=', 'passport').orderBy('version').execute();
    expect(passports).toEqual([
      { version: 1, status: 'expired' },
      { version: 2, status: 'approved' },
    ]);
    expect(await runDueDiligence(app.ctx, clock.now())).toMatchObject({ recheckCasesOpened: 0, documentsLapsed: 0, clientsRestricted: 0, periodicReviewsOpened: 0 });
  });

  it('a passport that lapses with no re-check case open opens one asking for a valid document', async () => {
    // Expires in 45 days: beyond the 30-day notice today; the daily job is not run until after it has lapsed.
    clock.advance(MINUTE);
    const reviewer = await loggedInStaff(app, ['compliance']);
    const late = addDays(today(app), 45);
    const other = await verifiedClient(app, reviewer, { passportExpiry: late });
    clock.set(new Date(`${addDays(late, 2)}T07:00:00Z`));
    const report = await runDueDiligence(app.ctx, clock.now());
    expect(report.clientsRestricted).toBeGreaterThanOrEqual(1);
    const cases = await casesOf(app, other.id);
    expect(cases.map((c) => [c.kind, c.status])).toEqual([
      ['onboarding', 'approved'],
      ['document_recheck', 'more_documents_required'],
    ]);
    const http2 = await logInClient(app, other.email);
    expect(await nextSteps(http2)).toEqual([{ code: 'restricted', title: 'Your account is restricted', detail: expect.any(String) }, { code: ID_DOCUMENTS, title: expect.any(String), detail: `Your passport expired on ${late}: upload a valid one.` }]);
  });
});

describe('periodic review', () => {
  const clock = new ManualClock(new Date('2026-03-02T07:00:00Z'));
  let app: TestApp;
  let low: RegisteredClient;
  let high: RegisteredClient;
  let overridden: RegisteredClient;
  let start: string;
  beforeAll(async () => {
    app = await startTestApp({ clock });
    const compliance = await loggedInStaff(app, ['compliance']);
    start = today(app);
    const longPassport = addDays(start, 3650);
    low = await verifiedClient(app, compliance, { passportExpiry: longPassport });
    // A prohibited nationality scores high by itself.
    high = await verifiedClient(app, compliance, { passportExpiry: longPassport, profile: { nationality: 'KP' } });
    // Computed low, raised to high by compliance before approval.
    const pending = await submittedClient(app, { passportExpiry: longPassport });
    expect((await compliance.http.post(`/api/backoffice/clients/${pending.id}/risk-override`, { level: 'high', note: 'Adverse media.' })).status).toBe(200);
    expect((await claim(compliance, pending.caseId)).status).toBe(200);
    expect((await decide(compliance, pending.caseId, { decision: 'approve', note: 'Approved with enhanced monitoring.' })).status).toBe(200);
    overridden = pending;
  });
  afterAll(async () => app?.close());

  it('schedules the next review by the risk level in force: high sooner than low', async () => {
    const { periodicReviewDays } = app.ctx.config.recheck;
    expect(await clientRow(app, low.id)).toMatchObject({ risk_level: 'low', next_review_on: addDays(start, periodicReviewDays.low) });
    expect(await clientRow(app, high.id)).toMatchObject({ risk_level: 'high', next_review_on: addDays(start, periodicReviewDays.high) });
    expect(await clientRow(app, overridden.id)).toMatchObject({ risk_level: 'low', risk_override: 'high', next_review_on: addDays(start, periodicReviewDays.high) });
  });

  it('opens a review case in the queue when next_review_on passes, once, high risk first', async () => {
    const { periodicReviewDays } = app.ctx.config.recheck;
    const kinds = async (c: RegisteredClient) => (await casesOf(app, c.id)).map((k) => [k.kind, k.status]);

    clock.set(new Date(clock.now().getTime() + (periodicReviewDays.high - 1) * DAY));
    expect(await runDueDiligence(app.ctx, clock.now())).toMatchObject({ periodicReviewsOpened: 0 });

    clock.advance(DAY);
    expect(today(app)).toBe(addDays(start, periodicReviewDays.high));
    expect(await runDueDiligence(app.ctx, clock.now())).toMatchObject({ periodicReviewsOpened: 2 });
    expect(await runDueDiligence(app.ctx, clock.now())).toMatchObject({ periodicReviewsOpened: 0 });
    for (const c of [high, overridden]) expect(await kinds(c)).toEqual([['onboarding', 'approved'], ['periodic_review', 'pending']]);
    expect(await kinds(low)).toEqual([['onboarding', 'approved']]);
    const reviewer = await loggedInStaff(app, ['compliance']);
    const queue = await reviewer.http.get('/api/backoffice/kyc/cases?risk=high');
    const reviewIds = (await casesOf(app, high.id)).filter((c) => c.kind === 'periodic_review').map((c) => c.id);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(reviewIds));
    expect((await casesOf(app, high.id)).at(-1)!.opened_reason).toBe(`Periodic review (high risk) due on ${addDays(start, periodicReviewDays.high)}`);

    clock.set(new Date(`${addDays(start, periodicReviewDays.low)}T07:00:00Z`));
    expect(await runDueDiligence(app.ctx, clock.now())).toMatchObject({ periodicReviewsOpened: 1 });
    expect(await kinds(low)).toEqual([['onboarding', 'approved'], ['periodic_review', 'pending']]);
  });
});
