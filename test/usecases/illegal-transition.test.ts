/** An illegal transition, reached through a real use case, is a 409 that changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { issueOneTimeToken } from '../../src/usecases/clients/one-time-tokens';
import { verifyClientEmail } from '../../src/usecases/clients/verify-client-email';
import { registerVerifiedClient } from '../support/actors';
import { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.close());

describe('illegal transition', () => {
  it('refuses to verify an already verified email with 409, leaving record, token and audit untouched', async () => {
    const client = await registerVerifiedClient(app);
    const token = await app.ctx.db.transaction().execute((trx) => issueOneTimeToken(trx, 'email_verification', client.id, new Date(), 3_600_000));
    const before = {
      client: await app.ctx.db.selectFrom('client').selectAll().where('id', '=', client.id).executeTakeFirstOrThrow(),
      events: await app.ctx.db.selectFrom('audit_event').select('id').where('client_id', '=', client.id).execute(),
    };

    const error = await verifyClientEmail(app.ctx, SYSTEM_REQUEST, token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('illegal_transition');
    expect((error as ConflictError).message).toMatch(/cannot "verify_email" when "email_verified"/);

    const response = await new HttpClient(app.baseUrl).post('/api/portal/verify-email', { token });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('illegal_transition');

    expect(await app.ctx.db.selectFrom('client').selectAll().where('id', '=', client.id).executeTakeFirstOrThrow()).toEqual(before.client);
    expect(await app.ctx.db.selectFrom('audit_event').select('id').where('client_id', '=', client.id).execute()).toEqual(before.events);
    const stillUnused = await app.ctx.db.selectFrom('one_time_token').select('used_at').where('client_id', '=', client.id).where('used_at', 'is', null).execute();
    expect(stillUnused).toHaveLength(1);
  });
});
