/**
 * What a message refuses, and that a refusal changes nothing (no message, no
 * attachment, no thread counter, no audit event, no stored file): case
 * references outside the client's own cases, attachments the document upload
 * inspection refuses, bad input of every kind; and who may read and write a
 * thread (scope, role, realm), over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, seededClient, type LoggedInStaff, type SeededClient } from '../support/actors';
import { seedCase, seedDepositUnderReview } from '../support/kyc-fixtures';
import { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { sha256Hex } from '../../src/integrations/files/file-store';
import { sampleHtml, samplePdfOfSize } from '../integrations/files/sample-files';
import { freshPng, storedFiles } from '../kyc/kyc-support';
import { clientWrites, messageForm, snapshot, staffWrites } from './message-support';

const RANDOM_ID = '01900000-0000-7000-8000-000000000000';

let app: TestApp;
let alice: SeededClient;
let bob: SeededClient;
let support: LoggedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  [alice, bob] = [await seededClient(app, { emailPrefix: 'alice' }), await seededClient(app, { emailPrefix: 'bob' })];
  support = await loggedInStaff(app, ['support']);
  // Alice's thread exists, so "nothing changed" also covers its counters.
  expect((await clientWrites(alice.http, { body: 'Hello' })).status).toBe(201);
});
afterAll(async () => app?.close());

/** Runs a request that must be refused with `status` (and `code`), and checks it left Alice's thread and the file store as they were. */
async function refusedWithoutChange(run: () => Promise<{ status: number; body: any }>, status: number, code?: string) {
  const before = await snapshot(app, alice.id);
  const files = storedFiles(app);
  const response = await run();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error).toBeDefined();
  if (code) expect(response.body.error.code).toBe(code);
  expect(await snapshot(app, alice.id)).toEqual(before);
  expect(storedFiles(app)).toEqual(files);
  return response;
}

describe('case references', () => {
  it('links a message to one of the client’s own cases (KYC case, deposit)', async () => {
    const caseId = await seedCase(app.ctx, alice.id, 'pending');
    const depositId = await seedDepositUnderReview(app.ctx, alice.id);
    const cases = await alice.http.get('/api/portal/messages/cases');
    expect(cases.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([caseId, depositId]));
    expect(cases.body.items[0]).not.toHaveProperty('status');
    const aboutCase = await clientWrites(alice.http, { body: 'About my application', caseType: 'kyc_case', caseId });
    expect(aboutCase.status, JSON.stringify(aboutCase.body)).toBe(201);
    expect(aboutCase.body.message.case).toEqual({ type: 'kyc_case', id: caseId });
    const aboutDeposit = await staffWrites(support.http, alice.id, { body: 'About your deposit', caseType: 'deposit', caseId: depositId });
    expect(aboutDeposit.status).toBe(201);
    expect((await support.http.get(`/api/backoffice/clients/${alice.id}/messages/cases`)).body.items.find((c: { id: string }) => c.id === depositId)).toMatchObject({ type: 'deposit', status: 'under_review' });
  });

  it("refuses another client's case, a random or malformed id and a wrong type the same way, and stores nothing", async () => {
    const bobsCase = await seedCase(app.ctx, bob.id, 'pending');
    const bobsDeposit = await seedDepositUnderReview(app.ctx, bob.id);
    const foreign = await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', caseType: 'kyc_case', caseId: bobsCase, files: [{ bytes: freshPng(), name: 'a.png' }] }), 422, 'message_case_unknown');
    const random = await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', caseType: 'kyc_case', caseId: RANDOM_ID }), 422, 'message_case_unknown');
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', caseType: 'kyc_case', caseId: 'not-an-id' }), 422, 'message_case_unknown');
    // A deposit id given as a KYC case is not that client's KYC case.
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', caseType: 'withdrawal', caseId: bobsDeposit }), 422, 'message_case_unknown');
    await refusedWithoutChange(() => staffWrites(support.http, alice.id, { body: 'x', caseType: 'deposit', caseId: bobsDeposit }), 422, 'message_case_unknown');
    expect(foreign.body).toEqual(random.body);
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', caseType: 'ticket', caseId: RANDOM_ID }), 422);
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', caseType: 'deposit' }), 422);
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', caseId: RANDOM_ID }), 422);
  });
});

describe('attachments follow the upload rules', () => {
  it('refuses a file the inspection refuses, with its reason, and stores nothing (not even the good file beside it)', async () => {
    const good = freshPng();
    const html = await refusedWithoutChange(
      () => clientWrites(alice.http, { body: 'See attached', files: [{ bytes: good, name: 'fine.png', type: 'image/png' }, { bytes: sampleHtml(), name: 'invoice.png', type: 'image/png' }] }),
      422,
      'file_type_not_accepted',
    );
    expect(html.body.error.details.attachment).toBe(2);
    expect(await app.ctx.files.has(sha256Hex(good))).toBe(false);
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', files: [{ bytes: Buffer.alloc(0), name: 'empty.pdf' }] }), 422, 'file_empty');
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', files: [{ bytes: freshPng(), name: '../../etc/passwd.png' }] }), 422, 'file_name_invalid');
    await refusedWithoutChange(() => staffWrites(support.http, alice.id, { body: 'x', files: [{ bytes: freshPng(), name: 'scan.pdf', type: 'application/pdf' }] }), 422, 'file_type_mismatch');
  });

  it('refuses more than three files, and a file over the size limit', async () => {
    const four = Array.from({ length: 4 }, (_, i) => ({ bytes: freshPng(), name: `p${i}.png` }));
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', files: four }), 422, 'too_many_attachments');
    const big = samplePdfOfSize(10 * 1024 * 1024 + 10);
    const response = await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', files: [{ bytes: big, name: 'big.pdf' }] }), 413);
    expect(response.body.error.code).toBe('file_too_large');
  });
});

describe('bad input is a 4xx that changes nothing', () => {
  it('refuses an empty, blank, too long or NUL-carrying body, unknown fields, and JSON instead of a form', async () => {
    await refusedWithoutChange(() => clientWrites(alice.http, {}), 422, 'message_body_missing');
    await refusedWithoutChange(() => clientWrites(alice.http, { body: '   \n ' }), 422, 'message_body_missing');
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x'.repeat(5001) }), 422, 'message_body_too_long');
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'a\u0000b' }), 422, 'invalid_characters');
    await refusedWithoutChange(() => clientWrites(alice.http, { body: 'x', extra: { priority: 'high' } }), 422);
    await refusedWithoutChange(() => alice.http.postForm('/api/portal/messages', (() => { const f = messageForm({ body: 'x' }); f.append('body', 'again'); return f; })()), 422);
    await refusedWithoutChange(() => alice.http.postForm('/api/portal/messages', (() => { const f = messageForm({ body: 'x' }); f.append('attachment', new Blob([new Uint8Array(freshPng())]), 'a.png'); return f; })()), 422);
    await refusedWithoutChange(() => alice.http.post('/api/portal/messages', { body: 'x' }), 422, 'multipart_required');
    await refusedWithoutChange(() => alice.http.postRaw('/api/portal/messages', Buffer.from('--xx\r\nContent-Disposition: form-data; name="body"\r\n\r\nunterminated'), 'multipart/form-data; boundary=xx'), 422);
  });

  it('refuses bad read markers, cursors and limits', async () => {
    await refusedWithoutChange(() => alice.http.post('/api/portal/messages/read', { upToMessageId: RANDOM_ID }), 422, 'message_unknown');
    const bobs = await clientWrites(bob.http, { body: 'Bob here' });
    await refusedWithoutChange(() => support.http.post(`/api/backoffice/clients/${alice.id}/messages/read`, { upToMessageId: bobs.body.message.id }), 422, 'message_unknown');
    await refusedWithoutChange(() => alice.http.post('/api/portal/messages/read', { upToMessageId: RANDOM_ID, extra: 1 }), 422, 'validation_failed');
    await refusedWithoutChange(() => alice.http.get('/api/portal/messages?cursor=bm90LWEtY3Vyc29y'), 422, 'cursor_invalid');
    await refusedWithoutChange(() => alice.http.get('/api/portal/messages?limit=0'), 422);
    await refusedWithoutChange(() => alice.http.get('/api/portal/messages?limit=101'), 422);
    await refusedWithoutChange(() => support.http.get('/api/backoffice/messages/inbox?cursor=zzz'), 422, 'cursor_invalid');
    await refusedWithoutChange(() => support.http.get(`/api/backoffice/clients/${RANDOM_ID}/messages`), 404);
    await refusedWithoutChange(() => staffWrites(support.http, RANDOM_ID, { body: 'x' }), 404);
  });
});

describe('who may read and write', () => {
  let attachmentId = '';
  beforeAll(async () => {
    const sent = await clientWrites(alice.http, { body: 'With a file', files: [{ bytes: freshPng(), name: 'a.png' }] });
    attachmentId = sent.body.message.attachments[0].id;
  });

  it('a client reaches only their own thread and attachments (another’s is the same 404 as a random id)', async () => {
    const foreign = await bob.http.get(`/api/portal/message-attachments/${attachmentId}/file`);
    const random = await bob.http.get(`/api/portal/message-attachments/${RANDOM_ID}/file`);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(random.body);
    expect((await bob.http.get('/api/portal/messages')).body.items.map((m: { body: string }) => m.body)).toEqual(['Bob here']);
    expect((await new HttpClient(app.baseUrl).get('/api/portal/messages')).status).toBe(401);
    // A client session never reaches the back office.
    expect((await alice.http.get('/api/backoffice/messages/inbox')).status).toBe(401);
  });

  it('staff outside the client’s entity, and roles without the permission, are refused and change nothing', async () => {
    const offshore = await loggedInStaff(app, ['support'], ['offshore']);
    const admin = await loggedInStaff(app, ['admin']);
    for (const staff of [offshore, admin]) {
      await refusedWithoutChange(() => staff.http.get(`/api/backoffice/clients/${alice.id}/messages`), 403);
      await refusedWithoutChange(() => staffWrites(staff.http, alice.id, { body: 'x', files: [{ bytes: freshPng(), name: 'x.png' }] }), 403);
      await refusedWithoutChange(() => staff.http.post(`/api/backoffice/clients/${alice.id}/messages/read`, {}), 403);
      await refusedWithoutChange(() => staff.http.get(`/api/backoffice/message-attachments/${attachmentId}/file`), 403);
    }
    // The offshore member's inbox does not show the EU thread, nor count it.
    const box = await offshore.http.get('/api/backoffice/messages/inbox');
    expect(box.status).toBe(200);
    expect(box.body.items.map((i: { clientId: string }) => i.clientId)).not.toContain(alice.id);
    expect(box.body.counts.byEntity.map((e: { entityId: string }) => e.entityId)).not.toContain('eu');
    expect((await offshore.http.get('/api/backoffice/messages/inbox?entity=eu')).status).toBe(403);
    expect((await admin.http.get('/api/backoffice/messages/summary')).status).toBe(403);
  });
});
