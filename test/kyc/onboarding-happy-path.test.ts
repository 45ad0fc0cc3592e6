/**
 * Onboarding from registration to verified, over real HTTP only: the client
 * fills in the profile, uploads an ID and a proof of address as
 * multipart/form-data, and sends the application; compliance finds it in the
 * queue, asks for a better proof of address with a reason the client sees
 * word for word; the client uploads again (the first version is kept,
 * superseded) and resubmits; compliance approves. The next steps change at
 * each step, and the audit timeline shows every step with its actor and note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, registerVerifiedClient, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  claim,
  decide,
  individualProfile,
  nextStepCodes,
  nextSteps,
  patchProfile,
  submit,
  submittedClient,
  uploadPassport,
  uploadProofOfAddress,
  type NextStep,
} from './kyc-support';

let app: TestApp;
let compliance: LoggedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => app?.close());

const ID_DOCUMENT = 'upload_document:passport|national_id|driving_licence';
const PROOF_OF_ADDRESS = 'upload_document:proof_of_address';
const REQUEST_REASON = 'The utility bill is cut off at the bottom: upload all pages of a bill from the last 90 days.';

describe('onboarding happy path over HTTP', () => {
  it('takes a client from registration to verified, with the exact next step at every stage and the whole story audited', async () => {
    const client = await registerVerifiedClient(app);

    // 1. Nothing done yet: the profile and both documents are asked for.
    expect(await nextStepCodes(client.http)).toEqual(['complete_profile', ID_DOCUMENT, PROOF_OF_ADDRESS]);
    const profileBefore = await client.http.get('/api/portal/profile');
    expect(profileBefore.body.progress).toEqual({ done: 0, total: 9 });

    // 2. The profile: every field entity eu requires of an individual.
    const patched = await patchProfile(client.http, individualProfile());
    expect(patched.status).toBe(200);
    expect(patched.body.changeRequest).toBeNull();
    expect([...patched.body.applied].sort()).toEqual(Object.keys(individualProfile()).sort());
    const profile = await client.http.get('/api/portal/profile');
    expect(profile.body.progress).toEqual({ done: 9, total: 9 });
    expect(profile.body.fields.legal_name).toEqual({ firstName: 'Maria', lastName: 'Keller' });
    expect(await nextStepCodes(client.http)).toEqual([ID_DOCUMENT, PROOF_OF_ADDRESS]);

    // 3. The documents, as multipart/form-data.
    const passport = await uploadPassport(app, client.http);
    expect(passport).toMatchObject({ documentType: 'passport', version: 1, status: 'uploaded', mimeType: 'application/pdf' });
    expect(await nextStepCodes(client.http)).toEqual([PROOF_OF_ADDRESS]);
    const firstProof = await uploadProofOfAddress(app, client.http);
    expect(firstProof).toMatchObject({ documentType: 'proof_of_address', version: 1, status: 'uploaded', mimeType: 'image/png' });
    expect(await nextStepCodes(client.http)).toEqual(['submit_for_review']);

    // 4. Submission: a pending case in the queue, with its SLA.
    const submitted = await submit(client.http);
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('pending');
    const caseId: string = submitted.body.caseId;
    const underReview = await nextSteps(client.http);
    expect(underReview.map((s) => s.code)).toEqual(['under_review']);
    expect(underReview[0]!.detail).toContain('8 working hours');

    const queue = await compliance.http.get('/api/backoffice/kyc/cases?entity=eu&country=DE&status=pending');
    expect(queue.status).toBe(200);
    const row = queue.body.items.find((item: { id: string }) => item.id === caseId);
    expect(row).toMatchObject({ clientId: client.id, entityId: 'eu', country: 'DE', kind: 'onboarding', status: 'pending', assignee: null });
    expect(row.sla).toMatchObject({ breached: false, allowedWorkingMs: 8 * 3_600_000 });
    expect(new Date(row.sla.dueAt).getTime()).toBeGreaterThan(new Date(row.submittedAt).getTime());
    expect(queue.body.counts.pending).toBe(queue.body.items.length);

    // 5. Compliance claims it and asks for a better proof of address.
    const claimed = await claim(compliance, caseId);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toEqual({ status: 'under_review', assigneeId: compliance.id });
    const requested = await decide(compliance, caseId, {
      decision: 'request_documents',
      note: 'Bottom of the bill missing; address line not readable.',
      documents: [{ documentTypes: ['proof_of_address'], reason: REQUEST_REASON }],
    });
    expect(requested.status).toBe(200);
    expect(requested.body.status).toBe('more_documents_required');
    const asked: NextStep[] = await nextSteps(client.http);
    expect(asked).toEqual([{ code: 'provide_documents:proof_of_address', title: expect.stringContaining('proof of address'), detail: REQUEST_REASON }]);

    // 6. The client uploads again: the first version is kept, superseded.
    const secondProof = await uploadProofOfAddress(app, client.http);
    expect(secondProof).toMatchObject({ documentType: 'proof_of_address', version: 2, status: 'uploaded' });
    const documents = await client.http.get('/api/portal/documents');
    const proofs = documents.body.items.filter((d: { documentType: string }) => d.documentType === 'proof_of_address');
    expect(proofs.map((d: { id: string; version: number; status: string }) => [d.id, d.version, d.status])).toEqual([
      [secondProof.id, 2, 'uploaded'],
      [firstProof.id, 1, 'superseded'],
    ]);
    expect(await nextStepCodes(client.http)).toEqual(['submit_for_review']);
    const resubmitted = await submit(client.http);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toEqual({ caseId, status: 'pending' });
    expect(await nextStepCodes(client.http)).toEqual(['under_review']);

    // The reviewer sees both versions on the case.
    const caseView = await compliance.http.get(`/api/backoffice/kyc/cases/${caseId}`);
    expect(caseView.status).toBe(200);
    const versions = caseView.body.documents.filter((d: { documentType: string }) => d.documentType === 'proof_of_address');
    expect(versions.map((d: { id: string; supersedesId: string | null }) => [d.id, d.supersedesId])).toEqual([
      [secondProof.id, firstProof.id],
      [firstProof.id, null],
    ]);

    // 7. Approval: verified, active, and the next step is a deposit.
    expect((await claim(compliance, caseId)).status).toBe(200);
    const approved = await decide(compliance, caseId, { decision: 'approve', note: 'Passport and new bill match the profile.' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const me = await client.http.get('/api/portal/me');
    expect(me.body.client).toMatchObject({ verificationLevel: 'verified', status: 'active' });
    expect(me.body.nextSteps.map((s: NextStep) => s.code)).toEqual(['deposit']);
    expect(me.body.capabilities.canDeposit).toBe(true);
    const finalDocs = await client.http.get('/api/portal/documents');
    expect(Object.fromEntries(finalDocs.body.items.map((d: { id: string; status: string }) => [d.id, d.status]))).toEqual({
      [passport.id]: 'approved',
      [firstProof.id]: 'superseded',
      [secondProof.id]: 'approved',
    });

    // 8. The audit timeline: every step, with its actor and note.
    const timeline = await compliance.http.get(`/api/backoffice/clients/${client.id}/timeline?limit=100`);
    expect(timeline.status).toBe(200);
    const events = [...timeline.body.items].reverse() as { action: string; actorType: string; actorId: string; note: string | null; subjectId: string }[];
    const story = events
      .filter((e) => e.action !== 'client.risk_assessed' && e.action !== 'client.login_succeeded')
      .map((e) => [e.action, e.actorType, e.actorType === 'staff' ? e.actorId : e.actorType === 'client' ? e.actorId : 'system', e.note]);
    expect(story).toEqual([
      ['client.registered', 'client', client.id, null],
      ['client.email_verified', 'client', client.id, null],
      ['client.profile_updated', 'client', client.id, null],
      ['document.uploaded', 'client', client.id, null],
      ['document.uploaded', 'client', client.id, null],
      ['kyc_case.submitted', 'client', client.id, null],
      ['kyc_case.claimed', 'staff', compliance.id, null],
      ['kyc_case.documents_requested', 'staff', compliance.id, 'Bottom of the bill missing; address line not readable.'],
      ['document.uploaded', 'client', client.id, null],
      ['kyc_case.resubmitted', 'client', client.id, null],
      ['kyc_case.claimed', 'staff', compliance.id, null],
      ['kyc_case.approved', 'staff', compliance.id, 'Passport and new bill match the profile.'],
    ]);
    const approvedEvent = events.find((e) => e.action === 'kyc_case.approved')!;
    expect(approvedEvent.subjectId).toBe(caseId);
    expect(timeline.body.items.find((e: { action: string }) => e.action === 'kyc_case.approved').actorLabel).toContain(compliance.email);
  });

  it('filters the queue by entity, country and status, and counts what it filters', async () => {
    const german = await submittedClient(app, { country: 'DE' });
    const polish = await submittedClient(app, { country: 'PL' });
    const southAfrican = await submittedClient(app, { country: 'ZA' });

    const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);
    const byCountry = await compliance.http.get('/api/backoffice/kyc/cases?country=PL');
    expect(ids(byCountry.body)).toContain(polish.caseId);
    expect(ids(byCountry.body)).not.toContain(german.caseId);
    expect(byCountry.body.items.every((i: { country: string }) => i.country === 'PL')).toBe(true);

    const offshore = await compliance.http.get('/api/backoffice/kyc/cases?entity=offshore');
    expect(ids(offshore.body)).toEqual([southAfrican.caseId]);
    expect(offshore.body.counts).toEqual({ pending: 1 });

    const eu = await compliance.http.get('/api/backoffice/kyc/cases?entity=eu&status=pending');
    expect(ids(eu.body)).toEqual(expect.arrayContaining([german.caseId, polish.caseId]));
    expect(ids(eu.body)).not.toContain(southAfrican.caseId);

    expect((await claim(compliance, polish.caseId)).status).toBe(200);
    const reviewing = await compliance.http.get('/api/backoffice/kyc/cases?status=under_review&assignee=me');
    expect(ids(reviewing.body)).toEqual([polish.caseId]);
    const stillPending = await compliance.http.get('/api/backoffice/kyc/cases?country=PL&status=pending');
    expect(ids(stillPending.body)).not.toContain(polish.caseId);
    const plCounts = await compliance.http.get('/api/backoffice/kyc/cases?country=PL');
    expect(plCounts.body.counts.under_review).toBe(1);

    // Sorted by SLA due time: earliest first.
    const bySla = await compliance.http.get('/api/backoffice/kyc/cases?sort=sla');
    const due = bySla.body.items.map((i: { sla: { dueAt: string } }) => new Date(i.sla.dueAt).getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));

    // A compliance officer scoped to the offshore entity sees none of eu's cases.
    const offshoreOnly = await loggedInStaff(app, ['compliance'], ['offshore']);
    const scoped = await offshoreOnly.http.get('/api/backoffice/kyc/cases');
    expect(ids(scoped.body)).toEqual([southAfrican.caseId]);
    expect((await offshoreOnly.http.get('/api/backoffice/kyc/cases?entity=eu')).status).toBe(403);
  });
});
