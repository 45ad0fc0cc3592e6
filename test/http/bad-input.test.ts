/**
 * Anything a client or staff member can send gets a clear 4xx in the one
 * error shape and changes nothing: no 500s for input.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, registerVerifiedClient, type LoggedInStaff, type RegisteredClient } from '../support/actors';
import { HttpClient, type HttpResponse } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let client: RegisteredClient;
let admin: LoggedInStaff;
beforeAll(async () => {
  app = await startTestApp();
  client = await registerVerifiedClient(app);
  admin = await loggedInStaff(app, ['admin', 'support']);
});
afterAll(async () => app?.close());

/** A fingerprint of everything input could change. */
async function stateFingerprint(): Promise<string> {
  const { rows } = await sql<Record<string, bigint>>`select
      (select count(*) from client) as clients, (select count(*) from staff) as staff,
      (select count(*) from audit_event) as events, (select count(*) from session) as sessions,
      (select count(*) from one_time_token) as tokens, (select count(*) from idempotency_key) as keys,
      (select count(*) from pgboss.job) as jobs,
      (select string_agg(status || verification_level, ',' order by id) from client) as statuses`.execute(app.ctx.db);
  return JSON.stringify(rows[0], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function expectErrorShape(response: HttpResponse, status?: number) {
  if (status) expect(response.status).toBe(status);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  expect(Object.keys(response.body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
}

/** `{}` is a valid body for the input-less actions (log out), so it is not junk. */
function notEmptyObject(value: unknown): boolean {
  return !(value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);
}

describe('bad input', () => {
  const raw = (path: string, body: string, contentType = 'application/json') =>
    new HttpClient(app.baseUrl).request('POST', path, body, { 'content-type': contentType });

  it.each([
    ['malformed JSON', () => raw('/api/portal/register', '{"email": '), 400, 'malformed_json'],
    ['form-encoded body', () => raw('/api/portal/register', 'email=a@b.c', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
    ['text body', () => raw('/api/portal/login', 'hello', 'text/plain'), 415, 'unsupported_media_type'],
    ['body over 1 MiB', () => raw('/api/portal/register', JSON.stringify({ email: 'x'.repeat(1_100_000) })), 413, 'body_too_large'],
    ['a JSON array', () => raw('/api/portal/login', '[1,2]'), 422, 'validation_failed'],
    ['JSON null', () => raw('/api/portal/login', 'null'), 422, 'validation_failed'],
    ['unknown field', () => raw('/api/portal/login', JSON.stringify({ email: 'a@b.co', password: 'x', admin: true })), 422, 'validation_failed'],
    ['number for a string', () => raw('/api/portal/login', JSON.stringify({ email: 5, password: 'x' })), 422, 'validation_failed'],
    ['overlong password', () => raw('/api/portal/login', JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(300) })), 422, 'validation_failed'],
    ['lower-case country', () => raw('/api/portal/register', JSON.stringify({ email: 'a@b.co', password: 'long enough pass', country: 'de', clientType: 'individual', firstName: 'A', lastName: 'B' })), 422, 'validation_failed'],
    ['blank first name', () => raw('/api/portal/register', JSON.stringify({ email: 'a@b.co', password: 'long enough pass', country: 'DE', clientType: 'individual', firstName: '   ', lastName: 'B' })), 422, 'validation_failed'],
    ['short token', () => raw('/api/portal/verify-email', JSON.stringify({ token: 'abc' })), 422, 'validation_failed'],
    ['unknown token', () => raw('/api/portal/verify-email', JSON.stringify({ token: 'x'.repeat(43) })), 422, 'token_invalid'],
    ['non-digit TOTP', () => raw('/api/backoffice/login/totp', JSON.stringify({ code: 'abcdef' })), 422, 'validation_failed'],
    ['unknown route', () => raw('/api/portal/nothing-here', '{}'), 404, 'route_not_found'],
    ['a NUL character in a name', () => raw('/api/portal/register', JSON.stringify({ email: 'nul@b.co', password: 'long enough pass', country: 'DE', clientType: 'individual', firstName: 'A\u0000B', lastName: 'C' })), 422, 'invalid_characters'],
    ['cross-site origin', () => new HttpClient(app.baseUrl).request('POST', '/api/portal/login', { email: 'a@b.co', password: 'x' }, { origin: 'https://evil.example' }), 403, 'origin_refused'],
  ] as const)('%s → %s %s, nothing changed', async (_name, send, status, code) => {
    const before = await stateFingerprint();
    const response = await send();
    expectErrorShape(response, status);
    expect(response.body.error.code).toBe(code);
    expect(await stateFingerprint()).toBe(before);
  });

  it('names the unknown field in details', async () => {
    const response = await raw('/api/portal/login', JSON.stringify({ email: 'a@b.co', password: 'x', admin: true }));
    expect(response.body.error.details.fields).toEqual({ admin: 'Unknown field.' });
  });

  it('refuses bad staff input with field errors and no change', async () => {
    const before = await stateFingerprint();
    const bad = await admin.http.post('/api/backoffice/staff', { email: 'not-an-email', displayName: '', roles: ['king'], entityIds: [] });
    expectErrorShape(bad, 422);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['displayName', 'email', 'entityIds', 'roles.0']);
    const notUuid = await admin.http.get('/api/backoffice/clients/not-a-uuid');
    expectErrorShape(notUuid, 404);
    for (const forged of ['+275760-09-13T00:00:00.000Z', '-001000-01-01T00:00:00.000Z']) {
      const cursor = Buffer.from(`${forged}|00000000-0000-7000-8000-000000000001`).toString('base64url');
      expectErrorShape(await admin.http.get(`/api/backoffice/clients?cursor=${cursor}`), 422);
    }
    expectErrorShape(await admin.http.get('/api/backoffice/clients?q=%00'), 422);
    const unknownQuery = await admin.http.get('/api/backoffice/clients?sort=evil');
    expectErrorShape(unknownQuery, 422);
    expect(await stateFingerprint()).toBe(before);
  });

  it('survives random JSON sent to every POST endpoint: always 4xx, never a change', async () => {
    const doc = (await new HttpClient(app.baseUrl).get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const posts = Object.entries(doc.paths).filter(([, ops]) => 'post' in ops).map(([path]) => path);
    expect(posts.length).toBeGreaterThanOrEqual(9);
    const before = await stateFingerprint();
    const sessions = [new HttpClient(app.baseUrl), client.http, admin.http];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...posts), fc.constantFrom(...sessions), fc.jsonValue().filter(notEmptyObject), async (path, http, body) => {
        const response = await http.post(path, JSON.stringify(body));
        expectErrorShape(response);
      }),
      { numRuns: 150, seed: 7 },
    );
    // Failed logins are audited on purpose; nothing else may change.
    const after = JSON.parse(await stateFingerprint());
    const start = JSON.parse(before);
    expect({ ...after, events: 0 }).toEqual({ ...start, events: 0 });
  });
});
