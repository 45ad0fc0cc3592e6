import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client';
import { PASSWORD, registerVerifiedClient, uniqueEmail } from '../support/actors';
import { linkToken, startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

const registration = (email: string) => ({ email, password: PASSWORD, country: 'DE', clientType: 'individual', firstName: 'Ann', lastName: 'Lee' });

async function auditActions(clientId: string): Promise<string[]> {
  const rows = await app.ctx.db.selectFrom('audit_event').select('action').where('client_id', '=', clientId).orderBy('seq').execute();
  return rows.map((r) => r.action);
}

async function tableCounts() {
  const { rows } = await sql<{ clients: bigint; events: bigint; sessions: bigint }>`
    select (select count(*) from client) as clients, (select count(*) from audit_event) as events, (select count(*) from session) as sessions`.execute(app.ctx.db);
  return rows[0]!;
}

describe('portal: register, verify, log in, next step, log out', () => {
  it('walks the whole flow and audits each step on the client stream', async () => {
    const http = new HttpClient(app.baseUrl);
    const email = uniqueEmail();
    const registered = await http.post('/api/portal/register', registration(email));
    expect(registered.status).toBe(201);

    const beforeVerify = await http.post('/api/portal/login', { email, password: PASSWORD });
    expect(beforeVerify.status).toBe(403);
    expect(beforeVerify.body.error.code).toBe('email_not_verified');

    const token = linkToken(await app.waitForMail(email), '/verify-email');
    expect((await http.post('/api/portal/verify-email', { token })).status).toBe(200);
    const reused = await http.post('/api/portal/verify-email', { token });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('token_invalid');

    const login = await http.post('/api/portal/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/tr_portal=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);

    const me = await http.get('/api/portal/me');
    expect(me.status).toBe(200);
    expect(me.body.client).toMatchObject({ email, status: 'email_verified', entity: { id: 'eu' } });
    expect(me.body.client).not.toHaveProperty('password_hash');
    expect(me.body.nextSteps.map((s: { code: string }) => s.code)).toContain('complete_profile');
    expect(me.body.nextSteps.find((s: { code: string; detail: string }) => s.code.startsWith('upload_document') && s.detail.includes('90 days'))).toBeTruthy();

    expect((await http.post('/api/portal/logout')).status).toBe(204);
    expect((await http.get('/api/portal/me')).status).toBe(401);

    expect(await auditActions(login.body.client.id)).toEqual([
      'client.registered',
      'client.login_failed',
      'client.email_verified',
      'client.login_succeeded',
      'client.logged_out',
    ]);
  });

  it('maps the country to the entity the configuration names, and refuses a country no entity serves', async () => {
    const offshore = await registerVerifiedClient(app, { country: 'ZA' });
    expect((await offshore.http.get('/api/portal/me')).body.client.entity.id).toBe('offshore');
    const before = await tableCounts();
    const refused = await new HttpClient(app.baseUrl).post('/api/portal/register', { ...registration(uniqueEmail()), country: 'US' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('country_not_served');
    expect(refused.body.error.details.fields.country).toBeTruthy();
    expect(await tableCounts()).toEqual(before);
  });

  it('answers a repeated registration exactly like a new one, and changes nothing', async () => {
    const { email } = await registerVerifiedClient(app);
    const again = await new HttpClient(app.baseUrl).post('/api/portal/register', registration(email));
    expect(again.status).toBe(201);
    const row = await app.ctx.db.selectFrom('client').select(['status']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.status).toBe('email_verified');
  });

  it('gives one generic answer to a wrong password and an unknown email, audits both, then throttles', async () => {
    const { email, id } = await registerVerifiedClient(app);
    const http = new HttpClient(app.baseUrl);
    const wrong = await http.post('/api/portal/login', { email, password: 'not the password at all' });
    const unknown = await http.post('/api/portal/login', { email: uniqueEmail('nobody'), password: 'whatever it is' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    for (let i = 0; i < 4; i++) await http.post('/api/portal/login', { email, password: 'still wrong, sorry' });
    const throttled = await http.post('/api/portal/login', { email, password: PASSWORD });
    expect(throttled.status).toBe(429);
    const failures = (await auditActions(id)).filter((a) => a === 'client.login_failed');
    expect(failures).toHaveLength(6);
  });

  it('refuses a state change without the CSRF token, and with another session’s token', async () => {
    const a = await registerVerifiedClient(app);
    const b = await registerVerifiedClient(app);
    const missing = await a.http.request('POST', '/api/portal/logout', undefined, { 'x-csrf-token': '' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');
    const foreign = await a.http.request('POST', '/api/portal/logout', undefined, { 'x-csrf-token': b.http.csrfToken! });
    expect(foreign.status).toBe(403);
    expect((await a.http.get('/api/portal/me')).status).toBe(200);
  });

  it('resets a password by emailed link, which ends the open sessions', async () => {
    const client = await registerVerifiedClient(app);
    const anonymous = new HttpClient(app.baseUrl);
    expect((await anonymous.post('/api/portal/password-reset/request', { email: client.email })).status).toBe(202);
    expect((await anonymous.post('/api/portal/password-reset/request', { email: uniqueEmail('nobody') })).status).toBe(202);
    const token = linkToken(await app.waitForMail(client.email, 2), '/reset-password');
    const short = await anonymous.post('/api/portal/password-reset/confirm', { token, password: 'short' });
    expect(short.status).toBe(422);
    const done = await anonymous.post('/api/portal/password-reset/confirm', { token, password: 'a brand new passphrase' });
    expect(done.status).toBe(200);
    expect((await client.http.get('/api/portal/me')).status).toBe(401);
    expect((await anonymous.post('/api/portal/login', { email: client.email, password: PASSWORD })).status).toBe(401);
    expect((await anonymous.post('/api/portal/login', { email: client.email, password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('replays the first response for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const http = new HttpClient(app.baseUrl);
    const email = uniqueEmail();
    const key = `reg-${email}`;
    const first = await http.post('/api/portal/register', registration(email), { 'idempotency-key': key });
    const second = await http.post('/api/portal/register', registration(email), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await http.post('/api/portal/register', registration(uniqueEmail()), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const events = await app.ctx.db.selectFrom('audit_event').select('action').where('subject_type', '=', 'client').where('action', 'like', 'client.regist%').execute();
    const mine = await app.ctx.db.selectFrom('client').select('id').where('email', '=', email).execute();
    expect(mine).toHaveLength(1);
    expect(events.length).toBeGreaterThan(0);
  });
});
