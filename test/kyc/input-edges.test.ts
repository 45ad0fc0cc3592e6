/** Input that once slipped past the schemas: impossible calendar dates and malformed multipart forms. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerVerifiedClient, type RegisteredClient } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { freshPdf, individualProfile, patchProfile, upload } from './kyc-support';

let app: TestApp;
let client: RegisteredClient;
beforeAll(async () => {
  app = await startTestApp();
  client = await registerVerifiedClient(app);
});
afterAll(async () => app?.close());

describe('input edges', () => {
  it('refuses impossible calendar dates with a 422 naming the field, and stores nothing', async () => {
    const profile = await patchProfile(client.http, individualProfile({ date_of_birth: '2000-02-31' }));
    expect(profile.status).toBe(422);
    expect(profile.body.error.details.fields.date_of_birth).toMatch(/real date/i);
    const doc = await upload(client.http, { documentType: 'passport', bytes: freshPdf(), mimeType: 'application/pdf', expiryDate: '2030-02-31' });
    expect(doc.status).toBe(422);
    expect(doc.body.error.details.fields.expiryDate).toMatch(/real date/);
    expect(await app.ctx.db.selectFrom('document').select('id').where('client_id', '=', client.id).execute()).toEqual([]);
  });

  it.each([
    ['a truncated form', 'multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="documentType"\r\n\r\npassport\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 trunc'],
    ['a form without a boundary', 'multipart/form-data', 'anything'],
  ])('answers %s with a 4xx in the error shape', async (_name, contentType, body) => {
    const response = await client.http.postRaw('/api/portal/documents', new TextEncoder().encode(body), contentType);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body.error.code).toEqual(expect.any(String));
  });
});
