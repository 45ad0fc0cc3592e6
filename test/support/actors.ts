/** Gets real clients and staff logged in through the real HTTP flows. */
import { expect } from 'vitest';
import type { StaffRole } from '../../src/domain/roles';
import { newId } from '../../src/persistence/ids';
import { hashPassword } from '../../src/security/passwords';
import { currentTotp } from '../../src/security/totp';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { HttpClient } from './http-client';
import { linkToken, type TestApp } from './test-app';

let counter = 0;
export function uniqueEmail(prefix = 'client'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}@example.test`;
}

export const PASSWORD = 'a long enough passphrase';

export interface RegisteredClient {
  http: HttpClient;
  email: string;
  id: string;
}

export async function registerVerifiedClient(app: TestApp, overrides: Partial<{ country: string; email: string }> = {}): Promise<RegisteredClient> {
  const http = new HttpClient(app.baseUrl);
  const email = overrides.email ?? uniqueEmail();
  const registered = await http.post('/api/portal/register', {
    email,
    password: PASSWORD,
    country: overrides.country ?? 'DE',
    clientType: 'individual',
    firstName: 'Test',
    lastName: 'Client',
  });
  expect(registered.status).toBe(201);
  const token = linkToken(await app.waitForMail(email), '/verify-email');
  expect((await http.post('/api/portal/verify-email', { token })).status).toBe(200);
  const login = await http.post('/api/portal/login', { email, password: PASSWORD });
  expect(login.status).toBe(200);
  return { http, email, id: login.body.client.id };
}

export interface LoggedInStaff {
  http: HttpClient;
  id: string;
  email: string;
  secret: string;
}

export async function loggedInStaff(
  app: TestApp,
  roles: StaffRole[],
  entityIds: string[] | 'all' = 'all',
): Promise<LoggedInStaff> {
  const email = uniqueEmail(roles.join('-'));
  const { staff, temporaryPassword } = await createStaff(app.ctx, SYSTEM_REQUEST, { type: 'system', id: 'test' }, {
    email,
    displayName: `Test ${roles.join('+')}`,
    roles,
    entityIds,
  });
  const http = new HttpClient(app.baseUrl);
  const step1 = await http.post('/api/backoffice/login', { email, password: temporaryPassword });
  expect(step1.status).toBe(200);
  expect(step1.body.stage).toBe('totp_enrolment');
  const secret: string = step1.body.enrolment.secret;
  const step2 = await http.post('/api/backoffice/login/totp', { code: currentTotp(secret, app.ctx.clock.now()) });
  expect(step2.status).toBe(200);
  return { http, id: staff.id, email, secret };
}

export interface SeededClient {
  id: string;
  email: string;
  http: HttpClient;
}

/**
 * An EU individual seeded straight to active + verified (KYC is tested
 * elsewhere) — or only email-verified — with a legal name on the profile,
 * logged in over HTTP. For the money tests.
 */
export async function seededClient(
  app: TestApp,
  options: { legalName?: string; verified?: boolean; emailPrefix?: string } = {},
): Promise<SeededClient> {
  const verified = options.verified ?? true;
  const id = newId();
  const email = uniqueEmail(options.emailPrefix ?? 'money');
  const now = app.ctx.clock.now();
  await app.ctx.db
    .insertInto('client')
    .values({
      id, email, password_hash: await hashPassword(PASSWORD), first_name: 'Anna', last_name: 'Schmidt', country: 'DE', client_type: 'individual', entity_id: 'eu',
      status: verified ? 'active' : 'email_verified', verification_level: verified ? 'verified' : 'email_verified', language: 'en',
      email_verified_at: now, created_at: now, updated_at: now,
    })
    .execute();
  const legalName = options.legalName ?? 'Anna Maria Schmidt';
  await app.ctx.db.insertInto('client_profile').values({ client_id: id, fields: JSON.stringify({ legal_name: legalName }), updated_at: now }).execute();
  const http = new HttpClient(app.baseUrl);
  const login = await http.post('/api/portal/login', { email, password: PASSWORD });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return { id, email, http };
}
