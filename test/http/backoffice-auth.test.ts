import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/security/totp';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { ManualClock } from '../../src/usecases/clock';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { loggedInStaff, registerVerifiedClient, uniqueEmail } from '../support/actors';
import { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
const clock = new ManualClock(new Date());
beforeAll(async () => {
  app = await startTestApp({ clock });
});
afterAll(async () => app?.close());

async function newStaff(roles: ('admin' | 'support')[] = ['support']) {
  const email = uniqueEmail('staff');
  const { temporaryPassword, staff } = await createStaff(app.ctx, SYSTEM_REQUEST, { type: 'system', id: 'test' }, {
    email,
    displayName: 'Sam Staff',
    roles,
    entityIds: 'all',
  });
  return { email, password: temporaryPassword, id: staff.id };
}

describe('back office: password then TOTP', () => {
  it('enrols TOTP at first login and asks only for the code afterwards', async () => {
    const { email, password, id } = await newStaff();
    const http = new HttpClient(app.baseUrl);
    const first = await http.post('/api/backoffice/login', { email, password });
    expect(first.body.stage).toBe('totp_enrolment');
    expect(first.body.enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect(first.body.enrolment.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    // The pending session grants nothing yet.
    expect((await http.get('/api/backoffice/me')).status).toBe(401);
    const wrong = await http.post('/api/backoffice/login/totp', { code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('totp_invalid');
    const secret = first.body.enrolment.secret as string;
    const ok = await http.post('/api/backoffice/login/totp', { code: currentTotp(secret, clock.now()) });
    expect(ok.status).toBe(200);
    expect(ok.body.staff).toMatchObject({ id, email, totpEnrolled: true });
    expect((await http.get('/api/backoffice/me')).status).toBe(200);

    clock.advance(60_000);
    const again = new HttpClient(app.baseUrl);
    const second = await again.post('/api/backoffice/login', { email, password });
    expect(second.body).toEqual({ stage: 'totp' });
    expect((await again.post('/api/backoffice/login/totp', { code: currentTotp(secret, clock.now()) })).status).toBe(200);

    const actions = await app.ctx.db.selectFrom('audit_event').select('action').where('stream_id', '=', `staff_login:${email}`).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual([
      'staff.password_accepted',
      'staff.login_failed',
      'staff.login_succeeded',
      'staff.password_accepted',
      'staff.login_succeeded',
    ]);
  });

  it('refuses a code that was already used (replay), accepts the next one', async () => {
    const { email, password } = await newStaff();
    const http = new HttpClient(app.baseUrl);
    const first = await http.post('/api/backoffice/login', { email, password });
    const secret = first.body.enrolment.secret as string;
    const code = currentTotp(secret, clock.now());
    expect((await http.post('/api/backoffice/login/totp', { code })).status).toBe(200);

    const replay = new HttpClient(app.baseUrl);
    await replay.post('/api/backoffice/login', { email, password });
    const refused = await replay.post('/api/backoffice/login/totp', { code });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('totp_invalid');
    clock.advance(30_000);
    expect((await replay.post('/api/backoffice/login/totp', { code: currentTotp(secret, clock.now()) })).status).toBe(200);
  });

  it('keeps the realms apart: a client cookie never opens the back office, a staff cookie never opens the portal', async () => {
    const client = await registerVerifiedClient(app);
    const staff = await loggedInStaff(app, ['support']);
    const clientToken = client.http.cookie('tr_portal')!;
    const staffToken = staff.http.cookie('tr_staff')!;

    expect((await client.http.get('/api/backoffice/me')).status).toBe(401);
    expect((await client.http.get('/api/backoffice/clients')).status).toBe(401);
    expect((await staff.http.get('/api/portal/me')).status).toBe(401);

    // Even a token moved into the other realm's cookie is refused.
    const forged = new HttpClient(app.baseUrl);
    forged.setCookie('tr_staff', clientToken);
    expect((await forged.get('/api/backoffice/clients')).status).toBe(401);
    const forged2 = new HttpClient(app.baseUrl);
    forged2.setCookie('tr_portal', staffToken);
    expect((await forged2.get('/api/portal/me')).status).toBe(401);
  });

  it('lets staff find a client and read the timeline with registration and verification events', async () => {
    const client = await registerVerifiedClient(app);
    const staff = await loggedInStaff(app, ['compliance']);
    const found = await staff.http.get(`/api/backoffice/clients?q=${encodeURIComponent(client.email)}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([client.id]);
    const timeline = await staff.http.get(`/api/backoffice/clients/${client.id}/timeline`);
    const actions = timeline.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['client.login_succeeded', 'client.email_verified', 'client.registered']);
    const verified = timeline.body.items[1];
    expect(verified).toMatchObject({ actorType: 'client', actorLabel: client.email, oldValues: { status: 'registered' }, newValues: { status: 'email_verified' } });
    expect(verified.requestId).toBeTruthy();
    expect(verified.ip).toBe('127.0.0.1');
  });

  it('pages the client list with a cursor and refuses a forged cursor with 422', async () => {
    const staff = await loggedInStaff(app, ['support']);
    for (let i = 0; i < 3; i++) await registerVerifiedClient(app);
    const first = await staff.http.get('/api/backoffice/clients?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await staff.http.get(`/api/backoffice/clients?limit=2&cursor=${first.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const bad = await staff.http.get('/api/backoffice/clients?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('cursor_invalid');
    expect((await staff.http.get('/api/backoffice/clients?limit=1000')).status).toBe(422);
  });

  it('lets an admin create staff and shows the temporary password once', async () => {
    const admin = await loggedInStaff(app, ['admin']);
    const created = await admin.http.post('/api/backoffice/staff', { email: uniqueEmail('new'), displayName: 'New Person', roles: ['finance'], entityIds: ['eu'] });
    expect(created.status).toBe(201);
    expect(created.body.temporaryPassword).toHaveLength(16);
    expect(created.body.staff).toMatchObject({ roles: ['finance'], entityIds: ['eu'], totpEnrolled: false });
    const duplicate = await admin.http.post('/api/backoffice/staff', { email: created.body.staff.email, displayName: 'Again', roles: ['finance'], entityIds: ['eu'] });
    expect(duplicate.status).toBe(409);
    const unknownEntity = await admin.http.post('/api/backoffice/staff', { email: uniqueEmail('x'), displayName: 'X', roles: ['finance'], entityIds: ['mars'] });
    expect(unknownEntity.status).toBe(422);
  });
});
