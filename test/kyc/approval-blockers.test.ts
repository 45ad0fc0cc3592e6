/** Nobody approves a client before sanctions screening has run since the case was submitted. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { ConflictError } from '../../src/domain/errors';
import { startYenteSimulator, type YenteSimulator } from '../../src/simulators/yente';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { decideKycCase } from '../../src/usecases/kyc/decide-kyc-case';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { uniqueEmail } from '../support/actors';
import { seedCase, seedClient } from '../support/kyc-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let yente: YenteSimulator;
beforeAll(async () => {
  yente = await startYenteSimulator({ port: 0, host: '127.0.0.1' });
  const integrations = integrationsFrom({
    sanctionsUrl: yente.url, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
    sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'unused',
  });
  // Workers off: a screening job would stay queued, exactly the window this test is about.
  app = await startTestApp({ integrations, workers: false });
});
afterAll(async () => {
  await app?.close();
  await yente?.close();
});

describe('approval blockers', () => {
  it('refuses approval with 409 screening_pending until a screening newer than the submission exists', async () => {
    const { staff } = await createStaff(app.ctx, SYSTEM_REQUEST, { type: 'system', id: 'test' }, { email: uniqueEmail('rev'), displayName: 'Rev', roles: ['compliance'], entityIds: 'all' });
    const actor = { type: 'staff' as const, id: staff.id, roles: ['compliance' as const], entityIds: 'all' as const };
    const clientId = await seedClient(app.ctx, 'eu');
    const caseId = await seedCase(app.ctx, clientId, 'under_review', staff.id);
    const submittedAt = (await app.ctx.db.selectFrom('kyc_case').select('submitted_at').where('id', '=', caseId).executeTakeFirstOrThrow()).submitted_at!;

    const refused = await decideKycCase(app.ctx, SYSTEM_REQUEST, actor, caseId, { decision: 'approve', note: 'ok' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).code).toBe('screening_pending');

    // An older screening does not count either.
    await app.ctx.db.insertInto('screening_run').values({ client_id: clientId, list_version: 'v1', screened_at: new Date(submittedAt.getTime() - 60_000), match_count: 0 }).execute();
    await expect(decideKycCase(app.ctx, SYSTEM_REQUEST, actor, caseId, { decision: 'approve', note: 'ok' })).rejects.toMatchObject({ code: 'screening_pending' });

    await app.ctx.db.updateTable('screening_run').set({ screened_at: new Date(submittedAt.getTime() + 1000) }).where('client_id', '=', clientId).execute();
    await expect(decideKycCase(app.ctx, SYSTEM_REQUEST, actor, caseId, { decision: 'approve', note: 'Screened clean.' })).resolves.toMatchObject({ status: 'approved' });
  });
});
