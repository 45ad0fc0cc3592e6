/**
 * Praxis Cashier end to end over real HTTP: a verified EU client deposits by
 * `eu_sepa` (provider demo_local_bank, protocol praxis): the signed cashier
 * session, the simulator's hosted page, the GT-Authentication notifications
 * to the real webhook answered with a signed ack (checked by the simulator),
 * the review rules, then finance. A notification with a bad signature is
 * refused and stores nothing; duplicates and reordering credit once; a
 * refund and a chargeback (and its reversal) post once; rejected, cancelled
 * and expired sessions show as failed with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRAXIS_API_VERSION, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, PRAXIS_SIGNATURE_HEADER, praxisSignatureOf } from '../../src/integrations/psp';
import { approve, balances, BANK, depositRow, flagsOf, LEGAL_NAME, refundsOf, startDeposit, startDepositWorld, verifiedClient, type DepositWorld, type KitClient } from './deposit-test-kit';

let world: DepositWorld;

beforeAll(async () => {
  world = await startDepositWorld();
});
afterAll(async () => world?.close());

const SEPA = 'eu_sepa';

async function entries(kind: string, where: { businessId?: string; businessType?: string }) {
  let q = world.app.ctx.db.selectFrom('journal_entry').select(['id', 'business_type', 'business_id']).where('kind', '=', kind);
  if (where.businessId) q = q.where('business_id', '=', where.businessId);
  if (where.businessType) q = q.where('business_type', '=', where.businessType);
  return q.execute();
}

async function events(depositId: string) {
  return world.app.ctx.db.selectFrom('provider_event').select(['dedup_key', 'outcome']).where('subject_id', '=', depositId).execute();
}

/** Pays on the simulator's hosted page as the payer's browser would; waits for the notifications it sends. */
async function payOnHostedPage(redirectUrl: string, action: 'pay' | 'decline', payerName = LEGAL_NAME): Promise<Response> {
  const res = await fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action, payer_name: payerName }).toString(),
    redirect: 'manual',
  });
  await world.sim.settled();
  return res;
}

/** A client whose first SEPA deposit (via the hosted page) was approved by finance. */
async function clientWithSepaDeposit(amountMinor = '2500'): Promise<KitClient & { depositId: string }> {
  const c = await verifiedClient(world.app);
  const { id, redirectUrl } = await startDeposit(c.http, amountMinor, SEPA);
  expect((await payOnHostedPage(redirectUrl, 'pay')).status).toBe(303);
  expect((await depositRow(world, id)).status).toBe('under_review');
  await approve(world, id);
  return { ...c, depositId: id };
}

/** A Praxis notification for a deposit, signed with `secret` (GT-Authentication), as the provider would send it. */
function praxisNotification(depositId: string, tx: { tid: number; status: string; amountMinor: number; type?: string; details?: string }, secret = BANK.merchantSecret) {
  const body = {
    merchant_id: BANK.merchantId,
    application_key: BANK.applicationKey,
    customer: { customer_token: 'c0ffee0000000000000000000000beef' },
    session: { auth_token: `auth-${tx.tid}`, intent: 'payment', session_status: 'failed', order_id: depositId, currency: 'EUR', amount: tx.amountMinor, cid: 'x' },
    transaction: {
      transaction_type: tx.type ?? 'sale',
      transaction_status: tx.status,
      tid: tx.tid,
      currency: 'EUR',
      amount: tx.amountMinor,
      conversion_rate: null,
      processed_currency: null,
      processed_amount: null,
      status_details: tx.details ?? null,
    },
    version: PRAXIS_API_VERSION,
    timestamp: Math.floor(Date.now() / 1000),
  };
  return { body: JSON.stringify(body), signature: praxisSignatureOf(body, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, secret) };
}

async function sendNotification(n: { body: string; signature: string }) {
  const res = await fetch(`${world.app.baseUrl}/api/webhooks/psp/demo_local_bank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PRAXIS_SIGNATURE_HEADER]: n.signature },
    body: n.body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, signature: res.headers.get(PRAXIS_SIGNATURE_HEADER) };
}

describe('Praxis deposits (eu_sepa → demo_local_bank)', () => {
  it('cashier session → hosted page → signed notifications with verified acks → review → credited', async () => {
    const c = await verifiedClient(world.app);
    const { id, redirectUrl } = await startDeposit(c.http, '2500', SEPA);
    const started = await depositRow(world, id);
    expect(started).toMatchObject({ status: 'awaiting_payment', provider_id: 'demo_local_bank', method_kind: 'local_bank_transfer' });
    expect(redirectUrl.startsWith(`${world.sim.url}/pay/`)).toBe(true);
    const page = await fetch(redirectUrl);
    expect(await page.text()).toContain('EUR 25.00');

    const paid = await payOnHostedPage(redirectUrl, 'pay');
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://traderoom.test/portal/deposits?deposit=${id}`);
    const deliveries = world.sim.deliveries().filter((d) => d.reference === id);
    expect(deliveries.map((d) => [d.type, d.status, d.ok, d.ackVerified])).toEqual([
      ['sale.pending', 200, true, true],
      ['sale.approved', 200, true, true],
    ]);
    expect(deliveries.every((d) => d.url === `${world.app.baseUrl}/api/webhooks/psp/demo_local_bank`)).toBe(true);
    const row = await depositRow(world, id);
    expect(row.status).toBe('under_review');
    expect(row.rule_hits.map((h) => h.code)).toEqual(['first_deposit']);
    expect(row.payer_name).toBe(LEGAL_NAME);
    expect((await events(id)).map((e) => e.outcome).sort()).toEqual(['applied', 'applied']);

    await approve(world, id);
    expect((await depositRow(world, id)).status).toBe('credited');
    expect(await balances(world, c.id)).toEqual({ available: 2500n, debt: 0n });
    expect((await c.http.get('/api/portal/deposits')).body.items[0]).toMatchObject({ id, status: 'credited' });
  });

  it('duplicate and reordered notifications credit once (the next deposit is auto-credited)', async () => {
    const c = await clientWithSepaDeposit();
    const { id } = await startDeposit(c.http, '1500', SEPA);
    const deliveries = await world.sim.pay(id, { outcome: 'success', payerName: LEGAL_NAME, delivery: { duplicate: 2, reorder: true } });
    expect(deliveries).toHaveLength(6);
    expect(deliveries.every((d) => d.status === 200 && d.ackVerified === true)).toBe(true);
    expect(deliveries[0]!.type).toBe('sale.approved');
    expect((await depositRow(world, id)).status).toBe('credited');
    expect(await entries('deposit_credit', { businessId: id })).toHaveLength(1);
    expect(await balances(world, c.id)).toEqual({ available: 4000n, debt: 0n });
    const outcomes = (await events(id)).map((e) => e.outcome).sort();
    expect(outcomes).toEqual(['applied', 'stale']); // two dedup keys (tid:…:approved, tid:…:pending); the copies are duplicates, stored once
  });

  it('a notification with a bad signature is refused (401) at every attempt and stores nothing', async () => {
    const c = await verifiedClient(world.app);
    const { id } = await startDeposit(c.http, '2500', SEPA);
    const deliveries = await world.sim.pay(id, { outcome: 'success', payerName: LEGAL_NAME, delivery: { badSignature: true } });
    expect(deliveries.length).toBe(6); // 2 notifications × 3 attempts
    expect(deliveries.every((d) => d.status === 401 && !d.ok)).toBe(true);
    expect(await events(id)).toEqual([]);
    expect((await depositRow(world, id)).status).toBe('awaiting_payment');

    // Hand-made: a valid notification signed with another secret, and one with no signature at all.
    const forged = praxisNotification(id, { tid: 990_001, status: 'approved', amountMinor: 2500 }, 'not-the-merchant-secret');
    expect((await sendNotification(forged)).status).toBe(401);
    expect((await sendNotification({ body: forged.body, signature: '' })).status).toBe(401);
    expect(await events(id)).toEqual([]);
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
  });

  it('a refund posts once (duplicates), marks the deposit refunded and flags the client; a rejected refund moves nothing', async () => {
    const c = await clientWithSepaDeposit('3000');
    const failed = await world.sim.refund(c.depositId, { fail: true, amountMinor: 1000n });
    expect(failed.map((d) => [d.type, d.status, d.ackVerified])).toEqual([['refund.rejected', 200, true]]);
    expect(await balances(world, c.id)).toEqual({ available: 3000n, debt: 0n });
    expect((await refundsOf(world, c.depositId)).map((r) => r.status)).toEqual(['failed']);

    const deliveries = await world.sim.refund(c.depositId, { delivery: { duplicate: 1 } });
    expect(deliveries.map((d) => [d.type, d.status])).toEqual([
      ['refund.approved', 200],
      ['refund.approved', 200],
    ]);
    const tid = world.sim.deliveries().filter((d) => d.reference === c.depositId && d.type === 'refund.approved')[0]!.eventId.split(':')[1];
    expect(await entries('deposit_refund', { businessId: `demo_local_bank:${tid}` })).toHaveLength(1);
    expect((await depositRow(world, c.depositId)).status).toBe('refunded');
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
    expect((await flagsOf(world, c.id)).map((f) => f.kind)).toEqual(['refund']);
  });

  it('a chargeback posts once (duplicates) and its reversal once when won', async () => {
    const c = await clientWithSepaDeposit('2500');
    const tid = world.sim.sessions().find((s) => s.reference === c.depositId)!.providerReference!;
    const opened = await world.sim.chargeback(c.depositId, { status: 'open', reason: 'Disputed by the account holder', delivery: { duplicate: 1 } });
    expect(opened.map((d) => [d.type, d.status, d.ackVerified])).toEqual([
      ['sale.chargeback', 200, true],
      ['sale.chargeback', 200, true],
    ]);
    expect(await entries('chargeback', { businessId: `demo_local_bank:${tid}` })).toHaveLength(1);
    expect((await depositRow(world, c.depositId)).status).toBe('chargeback');
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
    expect((await flagsOf(world, c.id)).map((f) => f.kind)).toEqual(['chargeback']);
    const view = await world.finance.http.get(`/api/backoffice/deposits/${c.depositId}`);
    expect(view.body.deposit.clientOpenFlags).toEqual([expect.objectContaining({ kind: 'chargeback', reason: expect.stringContaining('Disputed by the account holder') })]);

    await world.sim.chargeback(c.depositId, { status: 'won', delivery: { duplicate: 1 } });
    expect(await entries('chargeback_reversal', { businessId: `demo_local_bank:${tid}` })).toHaveLength(1);
    expect((await depositRow(world, c.depositId)).status).toBe('credited');
    expect(await balances(world, c.id)).toEqual({ available: 2500n, debt: 0n });
  });

  it('rejected, cancelled and expired sessions show as failed with a reason to the client and staff', async () => {
    const c = await verifiedClient(world.app);
    const expectFailed = async (id: string, reason: RegExp) => {
      const mine = (await c.http.get('/api/portal/deposits')).body.items.find((d: { id: string }) => d.id === id);
      expect(mine).toMatchObject({ status: 'failed', paymentUrl: null });
      expect(mine.reason).toMatch(reason);
      const staff = (await world.finance.http.get(`/api/backoffice/deposits/${id}`)).body.deposit;
      expect(staff).toMatchObject({ status: 'failed', clientStatus: 'failed' });
      expect(staff.failureReason).toMatch(reason);
    };

    const rejected = await startDeposit(c.http, '2500', SEPA);
    await payOnHostedPage(rejected.redirectUrl, 'decline');
    await expectFailed(rejected.id, /declined by the bank/);

    const expired = await startDeposit(c.http, '2500', SEPA);
    const sent = await world.sim.expire(expired.id);
    expect(sent.map((d) => [d.type, d.status, d.ackVerified])).toEqual([['session.expired', 200, true]]);
    await expectFailed(expired.id, /^expired$/);

    const cancelled = await startDeposit(c.http, '2500', SEPA);
    const answer = await sendNotification(praxisNotification(cancelled.id, { tid: 990_100, status: 'cancelled', amountMinor: 2500, details: 'Cancelled by the customer' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 0, description: 'ok: applied' });
    expect(answer.signature).toMatch(/^[0-9a-f]{96}$/);
    await expectFailed(cancelled.id, /Cancelled by the customer/);
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
  });
});
