/** Gets real clients and staff logged in through the real HTTP flows. */
import { expect } from 'vitest';
import type { StaffRole } from '../../src/domain/roles';
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
