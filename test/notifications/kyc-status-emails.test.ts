/**
 * Document decisions, KYC case decisions and ongoing due diligence email the
 * client once per client-facing change, in the client's language, with what
 * the reviewer wrote for the client and never their internal note (issue 7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/usecases/clock';
import { runDueDiligence } from '../../src/usecases/due-diligence/run-due-diligence';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { addDays, claim, claimAndApprove, decide, submittedClient, today, verifiedClient } from '../kyc/kyc-support';
import { emailsTo, payloadTextTo, templatesTo } from './email-jobs';

const NOTE = 'INTERNAL-NOTE-do-not-send';
const MINUTE = 60_000;

// Monday 2 March 2026, 09:00 in Nicosia: working hours.
const clock = new ManualClock(new Date('2026-03-02T07:00:00Z'));
let app: TestApp;
let compliance: LoggedInStaff;
beforeAll(async () => {
  app = await startTestApp({ clock });
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => app?.close());

async function documentsOf(clientId: string) {
  return app.ctx.db.selectFrom('document').select(['id', 'document_type']).where('client_id', '=', clientId).execute();
}

async function ok(res: { status: number; body: unknown }) {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('status emails for documents and KYC decisions', () => {
  it('a refused document, an accepted one and a request for more: one email each with the client-facing words', async () => {
    const client = await submittedClient(app);
    const docs = await documentsOf(client.id);
    const passport = docs.find((d) => d.document_type === 'passport')!;
    const address = docs.find((d) => d.document_type === 'proof_of_address')!;
    await ok(await claim(compliance, client.caseId));
    await ok(await compliance.http.post(`/api/backoffice/documents/${passport.id}/review`, { decision: 'reject', reason: 'unreadable', clientMessage: 'Retake the photo in daylight.', note: NOTE }));
    await ok(await compliance.http.post(`/api/backoffice/documents/${address.id}/review`, { decision: 'approve', note: NOTE }));
    await ok(await decide(compliance, client.caseId, { decision: 'request_documents', note: NOTE, documents: [{ documentTypes: ['passport'], reason: 'Upload a clear photo of your passport.' }] }));

    const emails = await emailsTo(app, client.email);
    expect(emails.map((e) => e.template)).toEqual(['email_verification', 'document_rejected', 'document_approved', 'kyc_more_documents_required']);
    expect(emails[1]!.variables).toMatchObject({ document: 'Passport', reason: 'We could not read the document. Retake the photo in daylight.', link: 'http://traderoom.test/documents' });
    expect(emails[2]!.variables.document).toBe('Proof of address (utility bill or bank statement)');
    expect(emails[3]!.variables.reason).toBe('Upload a clear photo of your passport.');
    expect(emails.every((e) => e.language === 'en')).toBe(true);
    expect(await payloadTextTo(app, client.email)).not.toContain(NOTE);
  });

  it('an approval in Arabic is one email: the documents it accepts with it send none', async () => {
    const client = await submittedClient(app);
    await ok(await client.http.patch('/api/portal/me/language', { language: 'ar' }));
    await claimAndApprove(compliance, client.caseId, NOTE);
    const emails = await emailsTo(app, client.email);
    expect(emails.map((e) => [e.template, e.language])).toEqual([['email_verification', 'en'], ['kyc_approved', 'ar']]);
    expect(await payloadTextTo(app, client.email)).not.toContain(NOTE);
  });

  it('a rejection tells the configured reason and the message for the client, not the note', async () => {
    const client = await submittedClient(app);
    await ok(await claim(compliance, client.caseId));
    await ok(await decide(compliance, client.caseId, { decision: 'reject', reason: 'name_mismatch', clientMessage: 'The passport is in another name.', note: NOTE }));
    const emails = await emailsTo(app, client.email);
    expect(emails.map((e) => e.template)).toEqual(['email_verification', 'kyc_rejected']);
    expect(emails[1]!.variables.reason).toBe('The name on a document does not match the profile: The passport is in another name.');
    expect(await payloadTextTo(app, client.email)).not.toContain(NOTE);
  });

  it('due diligence: a passport about to expire asks for a new one, then its lapse says so, one email each', async () => {
    const expiry = addDays(today(app), 20);
    const client = await verifiedClient(app, compliance, { passportExpiry: expiry });
    const before = (await templatesTo(app, client.email)).length;
    clock.advance(MINUTE);
    await runDueDiligence(app.ctx, clock.now());
    await runDueDiligence(app.ctx, clock.now()); // a second run changes nothing and sends nothing
    clock.set(new Date(`${addDays(expiry, 1)}T07:00:00Z`));
    await runDueDiligence(app.ctx, clock.now());

    const emails = (await emailsTo(app, client.email)).slice(before);
    expect(emails.map((e) => e.template)).toEqual(['kyc_more_documents_required', 'document_expired']);
    expect(emails[0]!.variables.reason).toBe(`Your passport expires on ${expiry}: upload a valid one before then.`);
    expect(emails[1]!.variables.document).toBe('Passport');
  });
});
