/**
 * Reviewers' decisions and their rules, over HTTP: a rejection reason must
 * come from the configured list and the client reads its label; an open
 * screening hit blocks approval until cleared; a risk override needs a note
 * and a rise opens a review of a verified client; an escalated case is the
 * supervisor's, who never acts without a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { seedScreeningHit } from '../support/kyc-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { auditEvents, caseRow, casesOf, claim, clientRow, decide, nextSteps, submit, submittedClient, verifiedClient } from './kyc-support';

let app: TestApp;
let compliance: LoggedInStaff;
let supervisor: LoggedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  [compliance, supervisor] = [await loggedInStaff(app, ['compliance']), await loggedInStaff(app, ['supervisor'])];
});
afterAll(async () => app?.close());

describe('rejection', () => {
  it('refuses a reason that is not in the configuration (422) and changes nothing', async () => {
    const client = await submittedClient(app);
    expect((await claim(compliance, client.caseId)).status).toBe(200);
    const before = await caseRow(app, client.caseId);
    const response = await decide(compliance, client.caseId, { decision: 'reject', reason: 'i_dont_like_it', note: 'No.' });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('reason_unknown');
    expect(response.body.error.details.fields.reason).toContain('name_mismatch');
    expect(await caseRow(app, client.caseId)).toEqual(before);
    expect((await auditEvents(app, { subjectId: client.caseId, action: 'kyc_case.rejected' })).length).toBe(0);
  });

  it('with a configured reason: the client sees "We cannot open your account" and the reason label, and cannot resubmit', async () => {
    const client = await submittedClient(app);
    expect((await claim(compliance, client.caseId)).status).toBe(200);
    const response = await decide(compliance, client.caseId, {
      decision: 'reject',
      reason: 'name_mismatch',
      clientMessage: 'The passport is in another name.',
      note: 'Passport holder is a different person.',
    });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('rejected');
    expect(await nextSteps(client.http)).toEqual([
      { code: 'application_rejected', title: 'We cannot open your account', detail: 'The name on a document does not match the profile: The passport is in another name.' },
    ]);
    const me = await client.http.get('/api/portal/me');
    expect(me.body.client).toMatchObject({ status: 'email_verified', verificationLevel: 'email_verified' });
    expect(me.body.capabilities.canDeposit).toBe(false);
    expect(await caseRow(app, client.caseId)).toMatchObject({ status: 'rejected', decision_reason: 'name_mismatch', decided_by: compliance.id });
    const [event] = await auditEvents(app, { subjectId: client.caseId, action: 'kyc_case.rejected' });
    expect(event).toMatchObject({ actor_type: 'staff', actor_id: compliance.id, note: 'Passport holder is a different person.' });
    const again = await submit(client.http);
    expect(again.status).toBe(409);
  });

  it('a decision without a note is refused (422)', async () => {
    const client = await submittedClient(app);
    expect((await claim(compliance, client.caseId)).status).toBe(200);
    for (const body of [{ decision: 'approve' }, { decision: 'approve', note: '   ' }, { decision: 'reject', reason: 'name_mismatch' }]) {
      const response = await decide(compliance, client.caseId, body);
      expect(response.status).toBe(422);
    }
    expect((await caseRow(app, client.caseId)).status).toBe('under_review');
  });
});

describe('screening hits block approval', () => {
  it('approval is a 409 screening_hits_open until compliance clears the hit with a note', async () => {
    const client = await submittedClient(app);
    const hitId = await seedScreeningHit(app.ctx, client.id);
    expect((await claim(compliance, client.caseId)).status).toBe(200);

    const blocked = await decide(compliance, client.caseId, { decision: 'approve', note: 'Looks fine.' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('screening_hits_open');
    expect((await caseRow(app, client.caseId)).status).toBe('under_review');
    expect((await clientRow(app, client.id)).verification_level).toBe('email_verified');

    const noNote = await compliance.http.post(`/api/backoffice/screening-hits/${hitId}/decision`, { decision: 'clear' });
    expect(noNote.status).toBe(422);
    const cleared = await compliance.http.post(`/api/backoffice/screening-hits/${hitId}/decision`, { decision: 'clear', note: 'Different date of birth and nationality.' });
    expect(cleared.status).toBe(200);
    expect(cleared.body.status).toBe('cleared');
    const twice = await compliance.http.post(`/api/backoffice/screening-hits/${hitId}/decision`, { decision: 'confirm', note: 'Changed my mind.' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('hit_already_decided');

    const view = await compliance.http.get(`/api/backoffice/kyc/cases/${client.caseId}`);
    expect(view.body.screeningHits).toEqual([expect.objectContaining({ id: hitId, status: 'cleared', decisionNote: 'Different date of birth and nationality.' })]);
    const approved = await decide(compliance, client.caseId, { decision: 'approve', note: 'Hit cleared; documents fine.' });
    expect(approved.status).toBe(200);
    expect((await clientRow(app, client.id)).verification_level).toBe('verified');
  });
});

describe('risk override', () => {
  it('needs a note; raising the risk of a verified client opens a review case in the queue; lowering opens none', async () => {
    const client = await verifiedClient(app, compliance);
    const url = `/api/backoffice/clients/${client.id}/risk-override`;
    const noNote = await compliance.http.post(url, { level: 'high', note: '' });
    expect(noNote.status).toBe(422);
    expect((await clientRow(app, client.id)).risk_override).toBeNull();

    const raised = await compliance.http.post(url, { level: 'high', note: 'Adverse media: fraud investigation reported.' });
    expect(raised.status).toBe(200);
    expect(raised.body.effectiveRisk).toBe('high');
    const reviewId: string = raised.body.reviewCaseId;
    expect(reviewId).toEqual(expect.any(String));
    expect(await caseRow(app, reviewId)).toMatchObject({ kind: 'risk_review', status: 'pending', risk_level: 'high', client_id: client.id });
    const queue = await compliance.http.get('/api/backoffice/kyc/cases?risk=high');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(reviewId);
    const [event] = await auditEvents(app, { clientId: client.id, action: 'client.risk_overridden' });
    expect(event).toMatchObject({ actor_id: compliance.id, note: 'Adverse media: fraud investigation reported.' });
    expect(event!.new_values).toMatchObject({ riskOverride: 'high', effectiveRisk: 'high', reviewCaseId: reviewId });
    const view = await compliance.http.get(`/api/backoffice/kyc/cases/${reviewId}`);
    expect(view.body.client.risk).toMatchObject({ level: 'high', computedLevel: 'low', overridden: true });

    // Closing the review, then lowering the risk: no new case.
    expect((await claim(compliance, reviewId)).status).toBe(200);
    expect((await decide(compliance, reviewId, { decision: 'approve', note: 'Investigation closed without charges.' })).status).toBe(200);
    const lowered = await compliance.http.post(url, { level: 'medium', note: 'Investigation closed.' });
    expect(lowered.status).toBe(200);
    expect(lowered.body.reviewCaseId).toBeNull();
    expect((await casesOf(app, client.id)).map((c) => [c.kind, c.status])).toEqual([
      ['onboarding', 'approved'],
      ['risk_review', 'approved'],
    ]);
  });

  it('a high risk set by compliance shortens the next periodic review to the high-risk interval', async () => {
    const client = await submittedClient(app);
    const overridden = await compliance.http.post(`/api/backoffice/clients/${client.id}/risk-override`, { level: 'high', note: 'PEP by family relation.' });
    expect(overridden.status).toBe(200);
    expect(overridden.body.reviewCaseId).toBeNull(); // not verified yet: the onboarding case is the review
    expect((await claim(compliance, client.caseId)).status).toBe(200);
    expect((await decide(compliance, client.caseId, { decision: 'approve', note: 'Approved with enhanced monitoring.' })).status).toBe(200);
    const row = await clientRow(app, client.id);
    const days = (Date.parse(`${row.next_review_on}T00:00:00Z`) - Date.parse(`${(row.kyc_verified_at as Date).toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000;
    expect(Math.abs(days - app.ctx.config.recheck.periodicReviewDays.high)).toBeLessThanOrEqual(1);
  });
});

describe('escalation', () => {
  it('compliance escalates with a note; only the supervisor decides it, and only with a note', async () => {
    const client = await submittedClient(app);
    expect((await claim(compliance, client.caseId)).status).toBe(200);
    const noNote = await compliance.http.post(`/api/backoffice/kyc/cases/${client.caseId}/escalate`, { note: '' });
    expect(noNote.status).toBe(422);
    const escalated = await compliance.http.post(`/api/backoffice/kyc/cases/${client.caseId}/escalate`, { note: 'Source of funds unclear; second opinion please.' });
    expect(escalated.status).toBe(200);
    expect(escalated.body.status).toBe('escalated');
    const queue = await supervisor.http.get('/api/backoffice/kyc/cases?status=escalated');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(client.caseId);

    // The escalating officer can no longer decide it.
    const byCompliance = await decide(compliance, client.caseId, { decision: 'approve', note: 'Never mind.' });
    expect(byCompliance.status).toBe(403);
    expect(byCompliance.body.error.code).toBe('role_not_allowed');
    // The supervisor, without a note: refused.
    const silent = await decide(supervisor, client.caseId, { decision: 'approve', note: '' });
    expect(silent.status).toBe(422);
    expect((await caseRow(app, client.caseId)).status).toBe('escalated');

    const approved = await decide(supervisor, client.caseId, { decision: 'approve', note: 'Payslips explain the deposits.' });
    expect(approved.status).toBe(200);
    expect((await clientRow(app, client.id)).verification_level).toBe('verified');
    const events = (await auditEvents(app, { subjectId: client.caseId })).map((e) => [e.action, e.actor_id, e.note]);
    expect(events).toEqual([
      ['kyc_case.submitted', client.id, null],
      ['kyc_case.claimed', compliance.id, null],
      ['kyc_case.escalated', compliance.id, 'Source of funds unclear; second opinion please.'],
      ['kyc_case.approved', supervisor.id, 'Payslips explain the deposits.'],
    ]);
  });

  it('a supervisor claiming or sending back a case without a note gets 422; with a note it works', async () => {
    const client = await submittedClient(app);
    const silent = await claim(supervisor, client.caseId);
    expect(silent.status).toBe(422);
    expect(silent.body.error.code).toBe('note_required');
    expect(await caseRow(app, client.caseId)).toMatchObject({ status: 'pending', assignee_id: null });
    const claimed = await claim(supervisor, client.caseId, 'Taking this one: VIP onboarding.');
    expect(claimed.status).toBe(200);
    expect(claimed.body).toEqual({ status: 'under_review', assigneeId: supervisor.id });

    const assignNoNote = await supervisor.http.post(`/api/backoffice/kyc/cases/${client.caseId}/assign`, { assigneeId: compliance.id, note: '' });
    expect(assignNoNote.status).toBe(422);
    const assigned = await supervisor.http.post(`/api/backoffice/kyc/cases/${client.caseId}/assign`, { assigneeId: compliance.id, note: 'Over to you.' });
    expect(assigned.status).toBe(200);
    expect(await caseRow(app, client.caseId)).toMatchObject({ status: 'under_review', assignee_id: compliance.id });
    const notes = (await auditEvents(app, { subjectId: client.caseId })).filter((e) => e.actor_id === supervisor.id).map((e) => [e.action, e.note]);
    expect(notes).toEqual([
      ['kyc_case.claimed', 'Taking this one: VIP onboarding.'],
      ['kyc_case.assigned', 'Over to you.'],
    ]);
  });
});
