/**
 * The issue's reliability and security list, over HTTP: a client reaches only
 * their own documents (anything else is the same 404 as a random id); staff
 * read files only through the authorised, audited endpoint; files are served
 * with the detected type, nosniff and a CSP without script; hostile or broken
 * uploads are refused with nothing stored (no row, no file, no audit event);
 * a staff role without the permission cannot decide and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, registerVerifiedClient, type LoggedInStaff, type RegisteredClient } from '../support/actors';
import { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { pngChunk, sampleHtml, samplePdfOfSize, samplePng, sampleSvg } from '../integrations/files/sample-files';
import {
  addDays,
  auditActions,
  auditEvents,
  caseRow,
  claim,
  clientRow,
  decide,
  freshPdf,
  freshPng,
  isStored,
  storedFiles,
  submittedClient,
  today,
  upload,
  uploadPassport,
} from './kyc-support';

let app: TestApp;
let alice: RegisteredClient;
let bob: RegisteredClient;
let compliance: LoggedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  [alice, bob] = [await registerVerifiedClient(app), await registerVerifiedClient(app)];
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => app?.close());

const RANDOM_ID = '01900000-0000-7000-8000-000000000000';

async function documentRows(clientId: string) {
  return app.ctx.db.selectFrom('document').select('id').where('client_id', '=', clientId).execute();
}

describe('who can read a document file', () => {
  it("a client gets their own file, and another client's document is the same 404 as a random or malformed id", async () => {
    const bytes = freshPdf();
    const uploaded = await upload(alice.http, { documentType: 'passport', bytes, fileName: 'alice-passport.pdf', mimeType: 'application/pdf', expiryDate: addDays(today(app), 900) });
    expect(uploaded.status).toBe(201);
    const id: string = uploaded.body.document.id;

    const own = await fetch(`${app.baseUrl}/api/portal/documents/${id}/file`, { headers: { cookie: `tr_portal=${alice.http.cookie('tr_portal')}` } });
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(bytes)).toBe(true);

    const foreign = await bob.http.get(`/api/portal/documents/${id}/file`);
    const random = await bob.http.get(`/api/portal/documents/${RANDOM_ID}/file`);
    const malformed = await bob.http.get('/api/portal/documents/not-an-id/file');
    expect(foreign.status).toBe(404);
    expect(random.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(foreign.body).toEqual(random.body);
    expect(foreign.body).toEqual(malformed.body);
    // Nor does Bob's list mention it.
    expect((await bob.http.get('/api/portal/documents')).body.items).toEqual([]);
    // Without a session: 401, and no file.
    expect((await new HttpClient(app.baseUrl).get(`/api/portal/documents/${id}/file`)).status).toBe(401);
  });

  it('staff read a file only through the back-office endpoint, and each read is audited as document.viewed', async () => {
    const doc = await uploadPassport(app, alice.http);
    const before = await auditEvents(app, { subjectId: doc.id, action: 'document.viewed' });
    expect(before).toEqual([]);

    const read = await compliance.http.get(`/api/backoffice/documents/${doc.id}/file`);
    expect(read.status).toBe(200);
    const viewed = await auditEvents(app, { subjectId: doc.id, action: 'document.viewed' });
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ actor_type: 'staff', actor_id: compliance.id, client_id: alice.id, subject_type: 'document' });
    expect(viewed[0]!.new_values).toMatchObject({ documentType: 'passport', version: doc.version });

    // A staff session cannot use the portal endpoint, a client cannot use the back-office one.
    expect((await compliance.http.get(`/api/portal/documents/${doc.id}/file`)).status).toBe(401);
    expect((await alice.http.get(`/api/backoffice/documents/${doc.id}/file`)).status).toBe(401);
    // A role without document.view, or staff of another entity: 403, and no audited read.
    const finance = await loggedInStaff(app, ['finance']);
    const forbidden = await finance.http.get(`/api/backoffice/documents/${doc.id}/file`);
    expect(forbidden.status).toBe(403);
    const offshore = await loggedInStaff(app, ['compliance'], ['offshore']);
    const outOfScope = await offshore.http.get(`/api/backoffice/documents/${doc.id}/file`);
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.error.code).toBe('out_of_scope');
    expect((await compliance.http.get(`/api/backoffice/documents/${RANDOM_ID}/file`)).status).toBe(404);
    expect(await auditEvents(app, { subjectId: doc.id, action: 'document.viewed' })).toHaveLength(1);
  });

  it('serves the detected type, nosniff, no script in the CSP, as a private, non-cached, same-origin resource', async () => {
    // A PNG sent with an uninformative type and no extension: served as what it is.
    const png = freshPng();
    const uploaded = await upload(alice.http, { documentType: 'proof_of_address', bytes: png, fileName: 'scan', mimeType: 'application/octet-stream', issueDate: addDays(today(app), -5) });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.document.mimeType).toBe('image/png');
    const pdf = await uploadPassport(app, alice.http);

    for (const [id, type] of [[uploaded.body.document.id, 'image/png'], [pdf.id, 'application/pdf']] as const) {
      for (const response of [await alice.http.get(`/api/portal/documents/${id}/file`), await compliance.http.get(`/api/backoffice/documents/${id}/file`)]) {
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe(type);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        const csp = response.headers.get('content-security-policy')!;
        expect(csp).toContain("default-src 'none'");
        expect(csp).not.toMatch(/script/i);
        expect(csp).not.toMatch(/unsafe-eval/);
        if (type === 'image/png') expect(csp).toMatch(/\bsandbox\b/);
        expect(response.headers.get('cache-control')).toMatch(/\bno-store\b/);
        expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="[A-Za-z0-9 ._-]+"$/);
      }
    }
    const served = await alice.http.get(`/api/portal/documents/${uploaded.body.document.id}/file`);
    expect(served.headers.get('content-disposition')).toBe('inline; filename="scan.png"');
  });
});

describe('refused uploads store nothing', () => {
  const polyglot = samplePng({ extraChunks: [pngChunk('tEXt', Buffer.from('Comment\0<script>fetch("/api/portal/me")</script>', 'latin1'))] });
  const passport = (bytes: Buffer, fileName: string, mimeType: string) => ({ documentType: 'passport', bytes, fileName, mimeType, expiryDate: '2031-06-30' });

  it.each([
    { label: 'a polyglot (PNG carrying <script>)', input: passport(polyglot, 'photo.png', 'image/png'), status: 422, code: 'file_polyglot' },
    { label: 'a PNG sent as application/pdf', input: passport(samplePng({ width: 103 }), 'passport.png', 'application/pdf'), status: 422, code: 'file_type_mismatch' },
    { label: 'a PNG named .pdf', input: passport(samplePng({ width: 104 }), 'passport.pdf', 'application/octet-stream'), status: 422, code: 'file_type_mismatch' },
    { label: 'an SVG sent as image/png', input: passport(sampleSvg(), 'photo.png', 'image/png'), status: 422, code: 'file_type_not_accepted' },
    { label: 'an HTML page sent as a PDF', input: passport(sampleHtml(), 'passport.pdf', 'application/pdf'), status: 422, code: 'file_type_not_accepted' },
    { label: 'a zero-byte file', input: passport(Buffer.alloc(0), 'passport.pdf', 'application/pdf'), status: 422, code: 'file_empty' },
    { label: 'an oversize file (10 MiB + 1 byte)', input: passport(samplePdfOfSize(10 * 1024 * 1024 + 1), 'passport.pdf', 'application/pdf'), status: 413, code: 'file_too_large' },
    { label: 'a file name with ../', input: passport(samplePng({ width: 105 }), '../../etc/passport.png', 'image/png'), status: 422, code: 'file_name_invalid' },
    { label: 'a file name with a folder', input: passport(samplePng({ width: 106 }), 'scans/passport.png', 'image/png'), status: 422, code: 'file_name_invalid' },
    { label: 'a file name with a backslash', input: passport(samplePng({ width: 107 }), 'C:\\scans\\passport.png', 'image/png'), status: 422, code: 'file_name_invalid' },
    { label: 'a file name with a control character', input: passport(samplePng({ width: 108 }), 'pass\u0007port.png', 'image/png'), status: 422, code: 'file_name_invalid' },
    { label: 'a file name with a right-to-left override', input: passport(samplePng({ width: 109 }), 'photo\u202Egnp.pdf', 'image/png'), status: 422, code: 'file_name_invalid' },
  ])('$label → $status $code', async ({ input, status, code }) => {
    const client = await registerVerifiedClient(app);
    const filesBefore = storedFiles(app);
    const auditBefore = await auditActions(app, client.id);
    const response = await upload(client.http, input);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(await documentRows(client.id)).toEqual([]);
    expect(await isStored(app, input.bytes)).toBe(false);
    expect(storedFiles(app)).toEqual(filesBefore);
    expect(await auditActions(app, client.id)).toEqual(auditBefore);
  });

  it('refuses raw ESC, NUL and DEL bytes in the file name (multipart written byte for byte)', async () => {
    const client = await registerVerifiedClient(app);
    const filesBefore = storedFiles(app);
    const png = samplePng({ width: 111 });
    for (const disposition of ['filename="pass\x1b[31mport.png"', 'filename="pass\x00port.png"', 'filename="pass\x7fport.png"']) {
      const boundary = `----kyc${Math.random().toString(16).slice(2)}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\npassport\r\n`, 'latin1'),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="expiryDate"\r\n\r\n2031-06-30\r\n`, 'latin1'),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: image/png\r\n\r\n`, 'latin1'),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
      ]);
      const response = await client.http.postRaw('/api/portal/documents', body, `multipart/form-data; boundary=${boundary}`);
      expect(response.status, disposition).toBe(422);
      expect(response.body.error.code, disposition).toBe('file_name_invalid');
    }
    expect(await documentRows(client.id)).toEqual([]);
    expect(await isStored(app, png)).toBe(false);
    expect(storedFiles(app)).toEqual(filesBefore);
  });

  it('the same file with a clean name is accepted (so the refusals above are about the file, not the client)', async () => {
    const client = await registerVerifiedClient(app);
    const png = samplePng({ width: 105 });
    const response = await upload(client.http, passport(png, 'passport.png', 'image/png'));
    expect(response.status).toBe(201);
    expect(await isStored(app, png)).toBe(true);
    expect(await documentRows(client.id)).toHaveLength(1);
  });
});

describe('a staff role without the permission', () => {
  it('support cannot claim or decide a case (403) and nothing changes', async () => {
    const client = await submittedClient(app);
    const support = await loggedInStaff(app, ['support']);
    const caseBefore = await caseRow(app, client.caseId);
    const clientBefore = await clientRow(app, client.id);
    const auditBefore = await auditActions(app, client.id);

    // Support may look at the case…
    expect((await support.http.get(`/api/backoffice/kyc/cases/${client.caseId}`)).status).toBe(200);
    // …but not take it or decide it.
    const claimed = await claim(support, client.caseId);
    expect(claimed.status).toBe(403);
    for (const body of [
      { decision: 'approve', note: 'Looks fine to me.' },
      { decision: 'reject', reason: 'document_unreadable', note: 'Blurry.' },
      { decision: 'request_documents', note: 'Need more.', documents: [{ documentTypes: ['proof_of_address'], reason: 'Upload a newer bill.' }] },
    ]) {
      const response = await decide(support, client.caseId, body);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
    }
    expect((await support.http.post(`/api/backoffice/kyc/cases/${client.caseId}/escalate`, { note: 'Please look.' })).status).toBe(403);
    const hitless = await support.http.post(`/api/backoffice/clients/${client.id}/risk-override`, { level: 'high', note: 'Suspicious.' });
    expect(hitless.status).toBe(403);

    expect(await caseRow(app, client.caseId)).toEqual(caseBefore);
    expect(await clientRow(app, client.id)).toEqual(clientBefore);
    expect(await auditActions(app, client.id)).toEqual(auditBefore);
    // And the same decision by compliance works, so the 403 was about the role.
    expect((await claim(compliance, client.caseId)).status).toBe(200);
    expect((await decide(compliance, client.caseId, { decision: 'approve', note: 'Checked.' })).status).toBe(200);
  });
});
