/**
 * What the portal refuses, and what it turns into a review: profile field
 * errors with their paths (nothing saved), document date rules (nothing
 * stored), the profile frozen while compliance reviews it, and a change of
 * address after verification becoming a change request that compliance
 * approves (the change applies) or rejects (the old values stay).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, registerVerifiedClient, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  addDays,
  auditActions,
  casesOf,
  claim,
  decide,
  freshPdf,
  individualProfile,
  isStored,
  nextStepCodes,
  nextSteps,
  patchProfile,
  storedFiles,
  submit,
  submittedClient,
  today,
  upload,
  uploadProofOfAddress,
  verifiedClient,
} from './kyc-support';

let app: TestApp;
let compliance: LoggedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => app?.close());

const NEW_ADDRESS = { line1: 'Gartenweg 7', line2: 'Hinterhaus', city: 'Hamburg', postalCode: '20095', country: 'DE' };

async function documentCount(clientId: string): Promise<number> {
  return (await app.ctx.db.selectFrom('document').select('id').where('client_id', '=', clientId).execute()).length;
}

describe('profile validation', () => {
  it('refuses an underage date of birth, a bad country and an unknown field with 422 and each field path, and saves nothing', async () => {
    const client = await registerVerifiedClient(app);
    const auditBefore = await auditActions(app, client.id);
    const seventeen = addDays(today(app), -17 * 365);
    const response = await patchProfile(client.http, {
      ...individualProfile(),
      date_of_birth: seventeen,
      nationality: 'XX',
      residential_address: { line1: '', city: 'Berlin', postalCode: '10115', country: 'ZZ' },
      favourite_colour: 'blue',
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('validation_failed');
    const fields = response.body.error.details.fields;
    expect(Object.keys(fields).sort()).toEqual(['date_of_birth', 'favourite_colour', 'nationality', 'residential_address.country', 'residential_address.line1']);
    expect(fields.date_of_birth).toMatch(/at least 18/);
    expect(fields.nationality).toMatch(/country code/);

    // Nothing changed: not even the valid fields sent alongside.
    const profile = await client.http.get('/api/portal/profile');
    expect(profile.body.fields).toEqual({});
    expect(profile.body.progress.done).toBe(0);
    expect(await auditActions(app, client.id)).toEqual(auditBefore);
    expect(await nextStepCodes(client.http)).toContain('complete_profile');
  });

  it('accepts the day the client turns 18, and a partial profile shows what is still missing', async () => {
    const client = await registerVerifiedClient(app);
    const [y, m, d] = today(app).split('-');
    const eighteenToday = `${Number(y) - 18}-${m}-${d === '29' && m === '02' ? '28' : d}`;
    const response = await patchProfile(client.http, { legal_name: { firstName: 'Jon', lastName: 'Doe' }, date_of_birth: eighteenToday });
    expect(response.status).toBe(200);
    const steps = await nextSteps(client.http);
    const profileStep = steps.find((s) => s.code === 'complete_profile')!;
    expect(profileStep.detail).toBe(
      'Add your nationality, residential address, tax residence, tax identification number, employment status, source of funds, trading experience.',
    );
  });
});

describe('document date rules', () => {
  it('refuses an expired passport with the date in the message, and stores nothing', async () => {
    const client = await registerVerifiedClient(app);
    const filesBefore = storedFiles(app);
    const bytes = freshPdf();
    const yesterday = addDays(today(app), -1);
    const response = await upload(client.http, { documentType: 'passport', bytes, fileName: 'passport.pdf', mimeType: 'application/pdf', expiryDate: yesterday });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('document_dates_invalid');
    expect(response.body.error.details.fields.expiryDate).toBe(`This document expired on ${yesterday}: upload a valid one.`);

    const missing = await upload(client.http, { documentType: 'passport', bytes, fileName: 'passport.pdf', mimeType: 'application/pdf' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.fields.expiryDate).toBe('Enter the expiry date of the passport.');

    expect(await documentCount(client.id)).toBe(0);
    expect(await isStored(app, bytes)).toBe(false);
    expect(storedFiles(app)).toEqual(filesBefore);
  });

  it('refuses a proof of address issued more than 90 days ago (91 days: refused; 90 days: accepted)', async () => {
    const client = await registerVerifiedClient(app);
    const old = await upload(client.http, { documentType: 'proof_of_address', bytes: freshPdf(), fileName: 'bill.pdf', mimeType: 'application/pdf', issueDate: addDays(today(app), -91) });
    expect(old.status).toBe(422);
    expect(old.body.error.details.fields.issueDate).toBe('Upload a proof of address (utility bill or bank statement) issued within the last 90 days.');
    const future = await upload(client.http, { documentType: 'proof_of_address', bytes: freshPdf(), fileName: 'bill.pdf', mimeType: 'application/pdf', issueDate: addDays(today(app), 1) });
    expect(future.status).toBe(422);
    expect(future.body.error.details.fields.issueDate).toBe('The issue date cannot be in the future.');
    expect(await documentCount(client.id)).toBe(0);
    expect(await nextStepCodes(client.http)).toContain('upload_document:proof_of_address');

    const edge = await upload(client.http, { documentType: 'proof_of_address', bytes: freshPdf(), fileName: 'bill.pdf', mimeType: 'application/pdf', issueDate: addDays(today(app), -90) });
    expect(edge.status).toBe(201);
    expect(await nextStepCodes(client.http)).not.toContain('upload_document:proof_of_address');
  });

  it('refuses a document type the entity does not ask for', async () => {
    const client = await registerVerifiedClient(app);
    const response = await upload(client.http, { documentType: 'company_registration', bytes: freshPdf(), fileName: 'c.pdf', mimeType: 'application/pdf' });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('document_type_unknown');
    expect(await documentCount(client.id)).toBe(0);
  });
});

describe('frozen while under review', () => {
  it('refuses a profile change (409) and an upload (409) while the case is pending or under review, changing and storing nothing', async () => {
    const client = await submittedClient(app);
    const profileBefore = (await client.http.get('/api/portal/profile')).body.fields;
    const documentsBefore = await documentCount(client.id);
    const filesBefore = storedFiles(app);
    const auditBefore = await auditActions(app, client.id);

    const patched = await patchProfile(client.http, { employment_status: 'retired' });
    expect(patched.status).toBe(409);
    expect(patched.body.error.code).toBe('case_under_review');
    const bytes = freshPdf();
    const uploaded = await upload(client.http, { documentType: 'proof_of_address', bytes, fileName: 'bill.pdf', mimeType: 'application/pdf', issueDate: addDays(today(app), -3) });
    expect(uploaded.status).toBe(409);
    expect(uploaded.body.error.code).toBe('case_under_review');
    const again = await submit(client.http);
    expect(again.status).toBe(409);

    expect((await claim(compliance, client.caseId)).status).toBe(200);
    expect((await patchProfile(client.http, { employment_status: 'retired' })).status).toBe(409);

    expect((await client.http.get('/api/portal/profile')).body.fields).toEqual(profileBefore);
    expect(await documentCount(client.id)).toBe(documentsBefore);
    expect(await isStored(app, bytes)).toBe(false);
    expect(storedFiles(app)).toEqual(filesBefore);
    expect(await auditActions(app, client.id)).toEqual([...auditBefore, 'kyc_case.claimed']);
  });
});

describe('changes after verification', () => {
  it('a change of address becomes a change request with a proof of address requested; approving the case applies it', async () => {
    const client = await verifiedClient(app, compliance);
    const oldAddress = individualProfile().residential_address;

    // A field outside identity and address still applies at once.
    const direct = await patchProfile(client.http, { employment_status: 'self_employed' });
    expect(direct.status).toBe(200);
    expect(direct.body).toEqual({ applied: ['employment_status'], changeRequest: null });

    const changed = await patchProfile(client.http, { residential_address: NEW_ADDRESS });
    expect(changed.status).toBe(200);
    expect(changed.body.applied).toEqual([]);
    expect(changed.body.changeRequest).toMatchObject({ fields: ['residential_address'], proofOfAddressRequired: true });

    const profile = await client.http.get('/api/portal/profile');
    expect(profile.body.fields.residential_address).toEqual(oldAddress);
    expect(profile.body.fields.employment_status).toBe('self_employed');
    expect(profile.body.changeRequests).toEqual([expect.objectContaining({ id: changed.body.changeRequest.id, status: 'pending', fields: ['residential_address'] })]);

    const cases = await casesOf(app, client.id);
    const review = cases.at(-1)!;
    expect(review).toMatchObject({ kind: 'profile_change', status: 'more_documents_required' });
    expect(review.requested_documents).toEqual([{ documentTypes: ['proof_of_address'], reason: 'You changed your address: upload a proof of the new address.' }]);
    expect(await nextSteps(client.http)).toEqual([
      expect.objectContaining({ code: 'change_request_pending' }),
      { code: 'provide_documents:proof_of_address', title: expect.any(String), detail: 'You changed your address: upload a proof of the new address.' },
    ]);
    // A second change while the first is pending is refused.
    const second = await patchProfile(client.http, { residential_address: { ...NEW_ADDRESS, city: 'Bremen' } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('change_request_pending');

    await uploadProofOfAddress(app, client.http);
    const submitted = await submit(client.http);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ caseId: review.id, status: 'pending' });
    expect((await claim(compliance, review.id)).status).toBe(200);
    const caseView = await compliance.http.get(`/api/backoffice/kyc/cases/${review.id}`);
    expect(caseView.body.changeRequests[0]).toMatchObject({ status: 'pending', oldFields: { residential_address: oldAddress }, newFields: { residential_address: NEW_ADDRESS } });
    const approved = await decide(compliance, review.id, { decision: 'approve', note: 'New bill confirms the Hamburg address.' });
    expect(approved.status).toBe(200);

    const after = await client.http.get('/api/portal/profile');
    expect(after.body.fields.residential_address).toEqual(NEW_ADDRESS);
    expect(after.body.changeRequests[0]).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    const me = await client.http.get('/api/portal/me');
    expect(me.body.client).toMatchObject({ status: 'active', verificationLevel: 'verified' });
    expect(me.body.nextSteps.map((s: { code: string }) => s.code)).toEqual(['deposit']);
  });

  it('rejecting the change request keeps the old values, and the client stays verified', async () => {
    const client = await verifiedClient(app, compliance);
    const oldAddress = individualProfile().residential_address;
    const changed = await patchProfile(client.http, { residential_address: NEW_ADDRESS, legal_name: { firstName: 'Maria', lastName: 'Keller-Schmidt' } });
    expect(changed.status).toBe(200);
    expect([...changed.body.changeRequest.fields].sort()).toEqual(['legal_name', 'residential_address']);
    await uploadProofOfAddress(app, client.http);
    const submitted = await submit(client.http);
    expect(submitted.status).toBe(200);
    expect((await claim(compliance, submitted.body.caseId)).status).toBe(200);
    const rejected = await decide(compliance, submitted.body.caseId, { decision: 'reject', reason: 'name_mismatch', note: 'No marriage certificate for the new surname.' });
    expect(rejected.status).toBe(200);

    const profile = await client.http.get('/api/portal/profile');
    expect(profile.body.fields.residential_address).toEqual(oldAddress);
    expect(profile.body.fields.legal_name).toEqual({ firstName: 'Maria', lastName: 'Keller' });
    expect(profile.body.changeRequests[0]).toMatchObject({ id: changed.body.changeRequest.id, status: 'rejected' });
    const me = await client.http.get('/api/portal/me');
    expect(me.body.client).toMatchObject({ status: 'active', verificationLevel: 'verified' });
    expect(me.body.capabilities.canDeposit).toBe(true);
    const decision = await app.ctx.db.selectFrom('profile_change_request').selectAll().where('id', '=', changed.body.changeRequest.id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ status: 'rejected', decided_by: compliance.id, decision_note: 'No marriage certificate for the new surname.' });
  });
});
