/**
 * The KYC provider (Sumsub protocol) against its simulator, end to end: the
 * applicant is created by a job after submission; signed webhooks come back
 * to the real endpoint and move the case like a reviewer's decision, audited
 * with the provider as actor. Duplicates apply once, an older verdict never
 * overrides a newer one, a RED after GREEN reopens review, a RED RETRY asks
 * the client for documents, and a bad signature is a 401 that stores nothing.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { startSumsubSimulator, type SumsubSimulator } from '../../src/simulators/sumsub';
import { startYenteSimulator, type YenteSimulator } from '../../src/simulators/yente';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { auditEvents, caseRow, clientRow, decide, eventually, nextSteps, submittedClient } from './kyc-support';

const APP_TOKEN = 'sbx:kyc-test-app-token';
const SECRET_KEY = 'kyc-test-secret-key';
const WEBHOOK_SECRET = 'kyc-test-webhook-secret';

let sumsub: SumsubSimulator;
let yente: YenteSimulator;
let app: TestApp;
let compliance: LoggedInStaff;
beforeAll(async () => {
  sumsub = await startSumsubSimulator({ appToken: APP_TOKEN, secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, retryDelaysMs: [50, 50] });
  yente = await startYenteSimulator();
  app = await startTestApp({
    integrations: integrationsFrom({
      sanctionsUrl: yente.url,
      sanctionsApiKey: null,
      sanctionsDataset: 'default',
      sanctionsThreshold: 0.7,
      sumsubUrl: sumsub.url,
      sumsubAppToken: APP_TOKEN,
      sumsubSecretKey: SECRET_KEY,
      sumsubWebhookSecrets: [WEBHOOK_SECRET],
      sumsubLevelName: 'basic-kyc-level',
    }),
  });
  sumsub.setWebhookUrl(`${app.baseUrl}/api/webhooks/sumsub`);
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => {
  await app?.close();
  await sumsub?.close();
  await yente?.close();
});

/** Submits an application and waits for the provider applicant (and its creation webhook) and the screening run. */
async function applicant() {
  const client = await submittedClient(app);
  const row = await eventually(
    () => app.ctx.db.selectFrom('kyc_provider_applicant').selectAll().where('client_id', '=', client.id).executeTakeFirst(),
    (r) => r !== undefined,
  );
  await eventually(() => app.ctx.db.selectFrom('screening_run').select('client_id').where('client_id', '=', client.id).executeTakeFirst(), (r) => r !== undefined);
  await sumsub.settled();
  return { ...client, applicantId: row!.applicant_id };
}

async function providerEvents(applicantId: string) {
  return app.ctx.db.selectFrom('provider_event').selectAll().where('subject_id', '=', applicantId).orderBy('received_at').orderBy('id').execute();
}

async function reviewedEvents(applicantId: string) {
  return (await providerEvents(applicantId)).filter((e) => JSON.parse(e.raw_body).type === 'applicantReviewed');
}

async function providerDecisions(caseId: string) {
  return (await auditEvents(app, { subjectId: caseId })).filter((e) => e.action.startsWith('kyc_case.provider_'));
}

describe('applicant creation', () => {
  it('creates the applicant with the provider on submission (a job), once, with the client as external user id', async () => {
    const client = await applicant();
    const created = sumsub.applicants().filter((a) => a.externalUserId === client.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ id: client.applicantId, levelName: 'basic-kyc-level' });
    expect(created[0]!.fixedInfo).toMatchObject({ firstName: 'Maria', lastName: 'Keller', country: 'DEU' });
    const [event] = await auditEvents(app, { clientId: client.id, action: 'kyc_provider.applicant_created' });
    expect(event).toMatchObject({ actor_type: 'system', new_values: expect.objectContaining({ applicantId: client.applicantId }) });
  });
});

describe('verdicts', () => {
  it('GREEN approves the case with the provider as actor and verifies the client', async () => {
    const client = await applicant();
    const deliveries = await sumsub.review(client.applicantId, { answer: 'GREEN' });
    expect(deliveries.map((d) => d.status)).toEqual([200]);

    expect(await caseRow(app, client.caseId)).toMatchObject({ status: 'approved', decided_by: 'provider:sumsub' });
    expect(await clientRow(app, client.id)).toMatchObject({ status: 'active', verification_level: 'verified' });
    const decisions = await providerDecisions(client.caseId);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ action: 'kyc_case.provider_approved', actor_type: 'provider', actor_id: 'sumsub' });
    expect((await nextSteps(client.http)).map((s) => s.code)).toEqual(['deposit']);
    const [reviewed] = await reviewedEvents(client.applicantId);
    expect(reviewed).toMatchObject({ provider: 'sumsub', outcome: 'applied' });
    expect(reviewed!.headers).toMatchObject({ 'x-payload-digest': expect.any(String) });
  });

  it('a duplicated webhook (delivered three times) applies once: one provider_event row, one decision in the audit', async () => {
    const client = await applicant();
    const deliveries = await sumsub.review(client.applicantId, { answer: 'GREEN' }, { duplicate: 2 });
    expect(deliveries.map((d) => [d.copy, d.status])).toEqual([
      [0, 200],
      [1, 200],
      [2, 200],
    ]);
    const reviewed = await reviewedEvents(client.applicantId);
    expect(reviewed).toHaveLength(1);
    const keys = (await providerEvents(client.applicantId)).map((e) => e.dedup_key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await providerDecisions(client.caseId)).toHaveLength(1);
    expect((await caseRow(app, client.caseId)).version).toBe(2);
  });

  it('out of order: an older GREEN arriving after a newer final RED does not override it', async () => {
    const client = await applicant();
    const deliveries = await sumsub.deliverOutOfOrder(client.applicantId, [{ answer: 'GREEN' }, { answer: 'RED', rejectType: 'FINAL', labels: ['FORGERY'], moderationComment: 'The document was altered.' }]);
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    const reviewed = await reviewedEvents(client.applicantId);
    expect(reviewed.map((e) => [JSON.parse(e.raw_body).reviewResult.reviewAnswer, e.outcome])).toEqual([
      ['RED', 'applied'],
      ['GREEN', 'stale'],
    ]);
    expect(await caseRow(app, client.caseId)).toMatchObject({ status: 'rejected', decided_by: 'provider:sumsub' });
    expect(await clientRow(app, client.id)).toMatchObject({ verification_level: 'email_verified' });
    expect((await providerDecisions(client.caseId)).map((e) => e.action)).toEqual(['kyc_case.provider_rejected']);
  });

  it('a later RED after GREEN reopens the case into the queue; an older GREEN arriving after it changes nothing', async () => {
    const client = await applicant();
    await sumsub.review(client.applicantId, { answer: 'GREEN' });
    expect((await caseRow(app, client.caseId)).status).toBe('approved');

    // Newer RED delivered first, older GREEN last.
    await sumsub.deliverOutOfOrder(client.applicantId, [{ answer: 'GREEN' }, { answer: 'RED', rejectType: 'FINAL', labels: ['ADVERSE_MEDIA'] }]);
    const reopened = await caseRow(app, client.caseId);
    expect(reopened).toMatchObject({ status: 'pending', decision_reason: 'provider_red_after_green', assignee_id: null });
    expect(reopened.sla_due_at).not.toBeNull();
    expect(reopened.submitted_at!.getTime()).toBeGreaterThan(reopened.decided_at!.getTime());
    const queue = await compliance.http.get('/api/backoffice/kyc/cases?status=pending');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(client.caseId);
    const outcomes = (await reviewedEvents(client.applicantId)).map((e) => [JSON.parse(e.raw_body).reviewResult.reviewAnswer, e.outcome]);
    expect(outcomes).toEqual([
      ['GREEN', 'applied'],
      ['RED', 'applied'],
      ['GREEN', 'stale'],
    ]);
    const decisions = await providerDecisions(client.caseId);
    expect(decisions.map((e) => [e.action, e.actor_type, e.note])).toEqual([
      ['kyc_case.provider_approved', 'provider', null],
      ['kyc_case.provider_reopened', 'provider', 'Provider returned RED after GREEN (ADVERSE_MEDIA)'],
    ]);
    // A reviewer picks it up like any other case.
    expect((await compliance.http.post(`/api/backoffice/kyc/cases/${client.caseId}/claim`, {})).status).toBe(200);
  });

  it('RED RETRY asks the client for new identity documents, with the provider comment as the reason', async () => {
    const client = await applicant();
    await sumsub.review(client.applicantId, { answer: 'RED', rejectType: 'RETRY', labels: ['BAD_QUALITY'], moderationComment: 'The photo of your passport is blurred: take a sharper one.' });
    expect(await caseRow(app, client.caseId)).toMatchObject({ status: 'more_documents_required' });
    expect(await nextSteps(client.http)).toEqual([
      { code: 'provide_documents:passport|national_id|driving_licence', title: expect.any(String), detail: 'The photo of your passport is blurred: take a sharper one.' },
    ]);
    expect((await providerDecisions(client.caseId)).map((e) => e.action)).toEqual(['kyc_case.provider_retry_requested']);
    expect((await clientRow(app, client.id)).verification_level).toBe('email_verified');

    // Another RED RETRY while the client is still uploading: recorded as the latest verdict, the case is already waiting.
    const caseBefore = await caseRow(app, client.caseId);
    await sumsub.review(client.applicantId, { answer: 'RED', rejectType: 'RETRY', labels: ['BAD_QUALITY'] });
    expect((await reviewedEvents(client.applicantId)).map((e) => e.outcome)).toEqual(['applied', 'ignored']);
    expect(await caseRow(app, client.caseId)).toEqual(caseBefore);
    const recorded = await app.ctx.db.selectFrom('kyc_provider_applicant').select(['last_verdict']).where('client_id', '=', client.id).executeTakeFirstOrThrow();
    expect(recorded.last_verdict).toBe('red_retry');
  });
});

describe('webhook signature', () => {
  it('a tampered webhook is refused with 401 and nothing is stored or changed', async () => {
    const client = await applicant();
    const eventsBefore = await providerEvents(client.applicantId);
    const caseBefore = await caseRow(app, client.caseId);
    const deliveries = await sumsub.review(client.applicantId, { answer: 'GREEN' }, { tamper: true });
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 401)).toBe(true);
    expect(await providerEvents(client.applicantId)).toEqual(eventsBefore);
    expect(await caseRow(app, client.caseId)).toEqual(caseBefore);
    expect(await providerDecisions(client.caseId)).toEqual([]);
  });

  it('a webhook signed with another secret, or not signed at all, is a 401', async () => {
    const client = await applicant();
    const body = JSON.stringify({
      applicantId: client.applicantId,
      inspectionId: 'x',
      correlationId: 'y',
      externalUserId: client.id,
      levelName: 'basic-kyc-level',
      type: 'applicantReviewed',
      reviewStatus: 'completed',
      reviewResult: { reviewAnswer: 'GREEN' },
      createdAt: '2030-01-01 00:00:00+0000',
      createdAtMs: '2030-01-01 00:00:00.000',
    });
    const anonymous = new HttpClient(app.baseUrl);
    const wrong = createHmac('sha256', 'not-the-secret').update(body).digest('hex');
    const forged = await anonymous.post('/api/webhooks/sumsub', body, { 'x-payload-digest': wrong, 'x-payload-digest-alg': 'HMAC_SHA256_HEX' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('signature_invalid');
    const unsigned = await anonymous.post('/api/webhooks/sumsub', body);
    expect(unsigned.status).toBe(401);
    expect((await caseRow(app, client.caseId)).status).toBe('pending');
    expect(await reviewedEvents(client.applicantId)).toEqual([]);

    // The same body with the right signature is accepted (so the 401s were about the signature).
    const right = createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
    const signed = await anonymous.post('/api/webhooks/sumsub', body, { 'x-payload-digest': right, 'x-payload-digest-alg': 'HMAC_SHA256_HEX' });
    expect(signed.status).toBe(200);
    expect((await caseRow(app, client.caseId)).status).toBe('approved');
  });
});

describe('provider verdicts and screening', () => {
  it('a GREEN does not approve a client with an open sanctions hit: the case stays with compliance', async () => {
    const client = await submittedClient(app, { profile: { legal_name: { firstName: 'Yevgeny', lastName: 'Testovsky' }, date_of_birth: '1965-11-02', nationality: 'RU' } });
    const row = await eventually(
      () => app.ctx.db.selectFrom('kyc_provider_applicant').selectAll().where('client_id', '=', client.id).executeTakeFirst(),
      (r) => r !== undefined,
    );
    await eventually(() => app.ctx.db.selectFrom('screening_hit').select('id').where('client_id', '=', client.id).execute(), (hits) => hits.length === 1);
    await sumsub.settled();

    await sumsub.review(row!.applicant_id, { answer: 'GREEN' });
    expect((await caseRow(app, client.caseId)).status).toBe('pending');
    expect(await clientRow(app, client.id)).toMatchObject({ status: 'email_verified', verification_level: 'email_verified' });
    const [reviewed] = await reviewedEvents(row!.applicant_id);
    expect(reviewed!.outcome).toBe('held');
    const held = await providerDecisions(client.caseId);
    expect(held.map((e) => [e.action, e.actor_type, e.actor_id])).toEqual([['kyc_case.provider_approval_held', 'provider', 'sumsub']]);
    expect(held[0]!.note).toMatch(/1 open screening hit/);
    // Compliance clears the hit and decides.
    const [hit] = await app.ctx.db.selectFrom('screening_hit').select('id').where('client_id', '=', client.id).execute();
    expect((await compliance.http.post(`/api/backoffice/kyc/cases/${client.caseId}/claim`, {})).status).toBe(200);
    expect((await compliance.http.post(`/api/backoffice/screening-hits/${hit!.id}/decision`, { decision: 'clear', note: 'Different person.' })).status).toBe(200);
    expect((await decide(compliance, client.caseId, { decision: 'approve', note: 'Provider GREEN, hit cleared.' })).status).toBe(200);
  });
});
