/**
 * Compliance changes a client's standing by hand over HTTP
 * (POST /api/backoffice/clients/:id/status, SPEC §5, §7): restrict with a
 * reason, lift once the client is compliant again, close when nothing is left
 * with us. Each change is one audit event with old and new standing and the
 * note; each refusal (guard, role, input, scope) is a 4xx that changes
 * nothing. The trading side (rights on MT5) is in test/trading/platform-rights.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, seededClient, type LoggedInStaff } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { fundWallet } from '../support/withdrawal-fixtures';
import { auditEvents, clientRow, verifiedClient } from '../kyc/kyc-support';

let app: TestApp;
let compliance: LoggedInStaff;

beforeAll(async () => {
  app = await startTestApp();
  compliance = await loggedInStaff(app, ['compliance']);
});
afterAll(async () => app?.close());

const status = (staff: LoggedInStaff, clientId: string, body: Record<string, unknown>) => staff.http.post(`/api/backoffice/clients/${clientId}/status`, body);

async function auditCount(clientId: string): Promise<number> {
  return (await auditEvents(app, { clientId })).length;
}

/** The client row and its audit trail are exactly as before the refused request. */
async function expectUnchanged(clientId: string, request: () => Promise<{ status: number; body: any }>, expected: { status: number; code?: string; message?: RegExp }) {
  const before = await clientRow(app, clientId);
  const eventsBefore = await auditCount(clientId);
  const res = await request();
  expect(res.status, JSON.stringify(res.body)).toBe(expected.status);
  expect(res.body.error).toBeDefined();
  if (expected.code) expect(res.body.error.code).toBe(expected.code);
  if (expected.message) expect(res.body.error.message).toMatch(expected.message);
  expect(await clientRow(app, clientId)).toEqual(before);
  expect(await auditCount(clientId)).toBe(eventsBefore);
}

describe('restrict and lift', () => {
  it('compliance restricts a verified client with a reason and lifts it; each step is audited with old and new standing', async () => {
    const client = await verifiedClient(app, compliance);
    const restricted = await status(compliance, client.id, { event: 'restrict', reason: 'compliance_hold', note: 'Source of funds questions open.' });
    expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
    expect(restricted.body).toMatchObject({ clientId: client.id, status: 'restricted', restrictionReason: 'compliance_hold', tradingAccounts: [] });
    expect(await clientRow(app, client.id)).toMatchObject({ status: 'restricted', restriction_reason: 'compliance_hold' });
    const [restrictEvent] = await auditEvents(app, { clientId: client.id, action: 'client.restricted' });
    expect(restrictEvent).toMatchObject({
      actor_type: 'staff',
      actor_id: compliance.id,
      old_values: { status: 'active', restrictionReason: null },
      new_values: { status: 'restricted', restrictionReason: 'compliance_hold' },
      note: 'Source of funds questions open.',
    });

    // The client sees the restriction in their capabilities.
    const me = await client.http.get('/api/portal/me');
    expect(me.status).toBe(200);
    expect(me.body.client.status).toBe('restricted');

    const lifted = await status(compliance, client.id, { event: 'lift_restriction', note: 'Source of funds documented.' });
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    expect(lifted.body).toMatchObject({ status: 'active', restrictionReason: null });
    expect(await clientRow(app, client.id)).toMatchObject({ status: 'active', restriction_reason: null });
    const [liftEvent] = await auditEvents(app, { clientId: client.id, action: 'client.restriction_lifted' });
    expect(liftEvent).toMatchObject({
      old_values: { status: 'restricted', restrictionReason: 'compliance_hold' },
      new_values: { status: 'active', restrictionReason: null },
      note: 'Source of funds documented.',
    });
  });

  it('a restriction cannot be lifted for a client whose KYC was never approved', async () => {
    const client = await seededClient(app); // active without a KYC case (seeded)
    expect((await status(compliance, client.id, { event: 'restrict', reason: 'suspected_fraud', note: 'Card testing pattern.' })).status).toBe(200);
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'lift_restriction', note: 'Looks fine.' }), {
      status: 409,
      code: 'guard_failed',
      message: /never been verified/,
    });
  });

  it('only an active client can be restricted, and only with a known reason and a note', async () => {
    const client = await verifiedClient(app, compliance);
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'restrict', reason: 'bored', note: 'x' }), { status: 422, code: 'reason_unknown' });
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'restrict', note: 'No reason given.' }), { status: 422, code: 'reason_required' });
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'restrict', reason: 'compliance_hold', note: '   ' }), { status: 422, code: 'validation_failed' });
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'lift_restriction', note: 'Not restricted.' }), { status: 409, code: 'illegal_transition' });
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'activate', note: 'Not a staff event.' }), { status: 422, code: 'validation_failed' });
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'restrict', reason: 'compliance_hold', note: 'x', extra: 1 }), { status: 422, code: 'validation_failed' });
  });
});

describe('close', () => {
  it('a client who still holds money cannot be closed', async () => {
    const client = await seededClient(app);
    await fundWallet(app.ctx, client.id, 10_00n);
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'close', reason: 'client_request', note: 'Client asked to close.' }), {
      status: 409,
      code: 'guard_failed',
      message: /still holds funds \(EUR\)/,
    });
  });

  it('closing ends every portal session of the client and records the reason', async () => {
    const client = await seededClient(app);
    const closed = await status(compliance, client.id, { event: 'close', reason: 'duplicate_account', note: 'Second record of the same person.' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await client.http.get('/api/portal/me')).status).toBe(401);
    const [event] = await auditEvents(app, { clientId: client.id, action: 'client.closed' });
    expect(event).toMatchObject({ new_values: { status: 'closed', closureReason: 'duplicate_account', sessionsEnded: 1 } });
    // Closed is final.
    await expectUnchanged(client.id, () => status(compliance, client.id, { event: 'restrict', reason: 'compliance_hold', note: 'Too late.' }), { status: 409, code: 'illegal_transition' });
  });
});

describe('who may', () => {
  it('support and finance may not change a standing; compliance of another entity does not find the client', async () => {
    const client = await seededClient(app); // entity eu
    const body = { event: 'restrict', reason: 'compliance_hold', note: 'Trying.' };
    for (const roles of [['support'], ['finance']] as const) {
      const staff = await loggedInStaff(app, [...roles]);
      await expectUnchanged(client.id, () => status(staff, client.id, body), { status: 403 });
    }
    const offshore = await loggedInStaff(app, ['compliance'], ['offshore']);
    const res = await status(offshore, client.id, body);
    expect([403, 404]).toContain(res.status);
    expect((await clientRow(app, client.id)).status).toBe('active');
  });

  it('an unknown or malformed client id is a 404', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const res = await status(compliance, id, { event: 'restrict', reason: 'compliance_hold', note: 'x' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBeDefined();
    }
  });
});
