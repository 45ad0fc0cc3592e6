/**
 * The payout-destination policy of the configuration (proof and cooling-off),
 * a card withdrawal that needs no destination, and the manual payout channel:
 * with no payout API for the provider, finance records the payment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { ManualClock } from '../../src/usecases/clock';
import { loggedInStaff, PASSWORD } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';
import { fundWallet } from '../support/withdrawal-fixtures';
import { act, balances, IBAN, verifiedClient, withdrawalStatus } from './withdrawal-support';

const HOUR = 3_600_000;
const clock = new ManualClock(new Date('2026-11-24T09:00:00Z'));
let app: TestApp;
beforeAll(async () => {
  const config = loadConfig();
  app = await startTestApp({
    clock,
    workers: false,
    config: {
      ...config,
      payoutDestinations: { proofRequired: true, coolingOffHours: 24 },
      reviewRules: { ...config.reviewRules, withdrawals: { ...config.reviewRules.withdrawals, supervisorWhenMethodDiffers: false, recentDepositNotTradedDays: 0 } },
    },
  });
});
afterAll(async () => app?.close());

describe('payout destination policy', () => {
  it('a new destination waits out its cooling-off, and finance must check its proof before paying; then finance records a manual payout', async () => {
    const client = await verifiedClient(app);
    await fundWallet(app.ctx, client.id, 50_000n);
    const added = await client.http.post('/api/portal/payout-destinations', { kind: 'bank_account', holderName: 'Anna Maria Schmidt', details: { iban: IBAN } });
    expect(added.status).toBe(201);
    expect(added.body.destination).toMatchObject({ status: 'unverified', usableFrom: new Date(clock.now().getTime() + 24 * HOUR).toISOString() });
    const destinationId = added.body.destination.id as string;
    const body = { methodId: 'eu_wire', amountMinor: '20000', currency: 'EUR', destinationId };

    const early = await client.http.post('/api/portal/withdrawals', body);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('destination_cooling_off');
    expect(await balances(client)).toEqual({ available: '50000', onHold: '0' });

    clock.advance(25 * HOUR); // sessions lapse meanwhile: everyone logs in again
    expect((await client.http.post('/api/portal/login', { email: client.email, password: PASSWORD })).status).toBe(200);
    const [s, c, f] = [await loggedInStaff(app, ['support']), await loggedInStaff(app, ['compliance']), await loggedInStaff(app, ['finance'])];
    const res = await client.http.post('/api/portal/withdrawals', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.withdrawal.id as string;
    expect((await s.http.get(`/api/backoffice/withdrawals/${id}`)).body.withdrawal.reviewReasons.map((r: { code: string }) => r.code)).toContain('destination_unverified');
    expect((await act(s, id, 'start_review')).status).toBe(200);
    expect((await act(s, id, 'support_approve')).status).toBe(200);
    expect((await act(c, id, 'compliance_approve')).status).toBe(200);
    const blocked = await act(f, id, 'finance_approve', { note: 'Pay.' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('destination_not_payable');

    const verified = await f.http.patch(`/api/backoffice/payout-destinations/${destinationId}`, { note: 'Bank statement checked: holder and IBAN match.', markVerified: true });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.destination.status).toBe('active');
    expect((await act(f, id, 'finance_approve', { note: 'Pay.' })).status).toBe(200);
    const payout = await app.ctx.db.selectFrom('withdrawal_payout').selectAll().where('withdrawal_id', '=', id).executeTakeFirstOrThrow();
    expect(payout).toMatchObject({ channel: 'manual', status: 'pending' });
    expect((await act(f, id, 'confirm_paid')).status).toBe(422); // the bank reference goes in the note
    expect((await act(c, id, 'confirm_paid', { note: 'x' })).status).toBe(403);
    expect((await act(f, id, 'confirm_paid', { note: 'Paid by SEPA, bank ref 2026-11-25-0042.' })).status).toBe(200);
    expect(await withdrawalStatus(app, id)).toBe('paid');
    expect(await balances(client)).toEqual({ available: '30000', onHold: '0' });
  });

  it('a card withdrawal goes back to the card: no destination needed, one given is refused', async () => {
    const client = await verifiedClient(app);
    await fundWallet(app.ctx, client.id, 50_000n);
    const withDestination = await client.http.post('/api/portal/withdrawals', { methodId: 'eu_card', amountMinor: '5000', currency: 'EUR', destinationId: '0195a0c2-0000-7000-8000-000000000000' });
    expect(withDestination.status).toBe(422);
    const res = await client.http.post('/api/portal/withdrawals', { methodId: 'eu_card', amountMinor: '5000', currency: 'EUR' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.withdrawal.destination).toBe('Back to the card used for deposits');
    const wire = await client.http.post('/api/portal/withdrawals', { methodId: 'eu_wire', amountMinor: '20000', currency: 'EUR' });
    expect(wire.status).toBe(422);
    expect(wire.body.error.code).toBe('destination_required');
  });
});
