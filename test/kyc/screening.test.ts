/**
 * Sanctions/PEP screening against the yente simulator (fictional entities),
 * through the real adapter and the job queue: a client whose legal name
 * matches a listed person gets a hit with score and explanation on the case;
 * a clean client gets none; a hit cleared by compliance stays cleared after a
 * re-screen; and after a list update a previously clean, verified client with
 * a newly listed name gets a hit and a review case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { kycJobHandlers } from '../../src/jobs/kyc-job-handlers';
import { LATE_ADDITION, startYenteSimulator, type YenteSimulator } from '../../src/simulators/yente';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { caseRow, casesOf, claim, claimAndApprove, decide, eventually, submittedClient } from './kyc-support';

let yente: YenteSimulator;
let app: TestApp;
let compliance: LoggedInStaff;
beforeAll(async () => {
  yente = await startYenteSimulator();
  app = await startTestApp({
    integrations: integrationsFrom({
      sanctionsUrl: yente.url,
      sanctionsApiKey: null,
      sanctionsDataset: 'default',
      sanctionsThreshold: 0.7,
      sumsubUrl: null,
      sumsubAppToken: null,
      sumsubSecretKey: null,
      sumsubWebhookSecrets: [],
      sumsubLevelName: 'basic-kyc-level',
    }),
  });
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => {
  await app?.close();
  await yente?.close();
});

const TESTOVSKY = { legal_name: { firstName: 'Yevgeny', lastName: 'Testovsky' }, date_of_birth: '1965-11-02', nationality: 'RU' };
const LATECOMER = { legal_name: { firstName: 'Quentin', lastName: 'Latecomer' }, date_of_birth: '1988-02-29', nationality: 'GB' };
const CLEAN = { legal_name: { firstName: 'Lieselotte', lastName: 'Unremarkable' }, date_of_birth: '1991-06-15' };

/** Waits for the client's screening run (the job after submission) at the current list version. */
async function screened(clientId: string, listVersion?: string) {
  const run = await eventually(
    () => app.ctx.db.selectFrom('screening_run').selectAll().where('client_id', '=', clientId).executeTakeFirst(),
    (row) => row !== undefined && (listVersion === undefined || row.list_version === listVersion),
  );
  return run!;
}

async function hitsOf(clientId: string) {
  return app.ctx.db.selectFrom('screening_hit').selectAll().where('client_id', '=', clientId).orderBy('created_at').execute();
}

/** What the scheduler does every 15 minutes: compare list versions, queue the stale clients. */
async function runRescreenAll() {
  await kycJobHandlers(app.ctx, () => undefined)['screening.rescreen_all']({ reason: 'test: list updated' }, { id: 'test', attempt: 1 });
}

describe('screening at onboarding', () => {
  it('a client matching a listed person gets a hit with score and explanation on the case; approval waits for it', async () => {
    const client = await submittedClient(app, { profile: TESTOVSKY });
    const run = await screened(client.id);
    expect(run.match_count).toBe(1);
    expect(run.list_version).toBe(yente.version());

    const hits = await hitsOf(client.id);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ match_entity_id: 'tr-sim-p-testovsky', caption: 'Yevgeny Testovsky', status: 'open', case_id: client.caseId, list_version: yente.version() });
    expect(Number(hits[0]!.score)).toBeGreaterThanOrEqual(0.95);
    expect(hits[0]!.topics).toContain('sanction');

    const view = await compliance.http.get(`/api/backoffice/kyc/cases/${client.caseId}`);
    expect(view.body.screeningHits).toHaveLength(1);
    const hit = view.body.screeningHits[0];
    expect(hit).toMatchObject({ matchEntityId: 'tr-sim-p-testovsky', status: 'open', schema: 'Person' });
    expect(hit.score).toBeGreaterThanOrEqual(0.95);
    expect(hit.explanation).toEqual(expect.any(String));
    expect(hit.explanation.length).toBeGreaterThan(0);
    // The open hit raises the risk the reviewer sees.
    expect(view.body.client.risk.factors.map((f: { code: string }) => f.code)).toContain('screening_open');

    expect((await claim(compliance, client.caseId)).status).toBe(200);
    const blocked = await decide(compliance, client.caseId, { decision: 'approve', note: 'Looks fine.' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('screening_hits_open');
  });

  it('a clean client gets no hit', async () => {
    const client = await submittedClient(app, { profile: CLEAN });
    const run = await screened(client.id);
    expect(run.match_count).toBe(0);
    expect(await hitsOf(client.id)).toEqual([]);
    const view = await compliance.http.get(`/api/backoffice/kyc/cases/${client.caseId}`);
    expect(view.body.screeningHits).toEqual([]);
  });
});

describe('re-screening after a list update', () => {
  it('a cleared false positive stays cleared; a previously clean verified client now listed gets a hit and a review case', async () => {
    // Listed, cleared by compliance, approved.
    const listed = await submittedClient(app, { profile: TESTOVSKY });
    await screened(listed.id);
    const [hit] = await hitsOf(listed.id);
    expect((await claim(compliance, listed.caseId)).status).toBe(200);
    const cleared = await compliance.http.post(`/api/backoffice/screening-hits/${hit!.id}/decision`, { decision: 'clear', note: 'Different person: passport shows another birthplace.' });
    expect(cleared.status).toBe(200);
    expect((await decide(compliance, listed.caseId, { decision: 'approve', note: 'Hit cleared; documents fine.' })).status).toBe(200);

    // Clean at onboarding, verified.
    const late = await submittedClient(app, { profile: LATECOMER });
    expect((await screened(late.id)).match_count).toBe(0);
    await claimAndApprove(compliance, late.caseId);
    const clean = await submittedClient(app, { profile: CLEAN });
    await screened(clean.id);

    // The list changes: the latecomer is added.
    const before = yente.version();
    yente.addEntities([LATE_ADDITION]);
    const after = yente.version();
    expect(after).not.toBe(before);
    await runRescreenAll();
    await Promise.all([screened(listed.id, after), screened(late.id, after), screened(clean.id, after)]);

    // The cleared hit is still cleared, and not found again.
    const listedHits = await hitsOf(listed.id);
    expect(listedHits.map((h) => [h.id, h.status])).toEqual([[hit!.id, 'cleared']]);
    expect((await casesOf(app, listed.id)).map((c) => c.status)).toEqual(['approved']);
    // …because the re-screen asked the list to leave it out, so no new match even appeared.
    const screenings = await app.ctx.db.selectFrom('audit_event').select('new_values').where('client_id', '=', listed.id).where('action', '=', 'client.screened').orderBy('seq').execute();
    expect(screenings.at(-1)!.new_values).toMatchObject({ listVersion: after, matches: [], newHits: [], excludedAsCleared: 1 });

    // The latecomer: a new hit, and a review case waiting in the queue.
    const lateHits = await eventually(() => hitsOf(late.id), (hits) => hits.length > 0);
    expect(lateHits).toHaveLength(1);
    expect(lateHits[0]).toMatchObject({ match_entity_id: LATE_ADDITION.id, status: 'open', list_version: after });
    expect(Number(lateHits[0]!.score)).toBeGreaterThanOrEqual(0.95);
    const cases = await casesOf(app, late.id);
    expect(cases.map((c) => [c.kind, c.status])).toEqual([
      ['onboarding', 'approved'],
      ['risk_review', 'pending'],
    ]);
    const review = cases[1]!;
    expect(lateHits[0]!.case_id).toBe(review.id);
    expect(review.sla_due_at).not.toBeNull();
    const queue = await compliance.http.get('/api/backoffice/kyc/cases?status=pending');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(review.id);
    expect((await caseRow(app, review.id)).opened_reason).toMatch(/screening/i);

    // The clean client is still clean.
    expect(await hitsOf(clean.id)).toEqual([]);

    // Another pass with the same list changes nothing.
    await runRescreenAll();
    expect(await hitsOf(late.id)).toHaveLength(1);
    expect(await casesOf(app, late.id)).toHaveLength(2);
  });
});
