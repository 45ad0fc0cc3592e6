/**
 * The Praxis Cashier adapter against the loopback simulator over real HTTP:
 * signed cashier session, hosted page, GT-Authentication notifications to a
 * receiver answering signed acks, faults, chargebacks, refunds, withdrawals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PspRequestError, PspUnavailableError } from '../../../src/integrations/psp/errors';
import { createPraxisCashierSession, type PraxisCashierSession, type PraxisClientOptions, type PraxisIntent } from '../../../src/integrations/psp/praxis';
import { PspSignatureError } from '../../../src/integrations/psp/stripe-signature';
import { startPspSimulator, type PspSimulator } from '../../../src/simulators/psp';
import { startPspTestReceiver, type PspTestReceiver } from './psp-receiver';

const SECRET = 'praxis-merchant-secret';
const RETRIES = [20, 20, 20];
const clock = { ms: Date.UTC(2026, 2, 2, 9, 0, 0) };
const now = () => clock.ms;

let receiver: PspTestReceiver;
let sim: PspSimulator;
let config: PraxisClientOptions;
let counter = 0;

function cashier(intent: PraxisIntent = 'payment', extra: Partial<{ orderId: string; amountMinor: bigint; currency: string }> = {}, options: PraxisClientOptions = config): Promise<PraxisCashierSession> {
  return createPraxisCashierSession(options, {
    intent,
    amountMinor: extra.amountMinor ?? 10_000n,
    currency: extra.currency ?? 'EUR',
    cid: 'client-42',
    orderId: extra.orderId ?? `${intent === 'payment' ? 'dep' : 'wd'}-px-${++counter}`,
    customer: { firstName: 'Maria', lastName: 'Georgiou', email: 'maria@example.com', country: 'CY' },
    notificationUrl: receiver.url('demo_local_bank'),
    returnUrl: 'https://broker.example/portal/deposits',
  });
}

async function submit(redirectUrl: string, action: 'pay' | 'decline', payerName?: string): Promise<Response> {
  const url = new URL(redirectUrl);
  const form = new URLSearchParams({ action, ...(payerName ? { payer_name: payerName } : {}) });
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), redirect: 'manual' });
  await sim.settled();
  return response;
}

const verifiedFor = (reference: string) => receiver.verified().filter((r) => r.outcome?.reference === reference);

beforeAll(async () => {
  receiver = await startPspTestReceiver([{ id: 'demo_local_bank', protocol: 'praxis', secrets: [SECRET] }], now);
  sim = await startPspSimulator({
    providers: [{ id: 'demo_local_bank', name: 'Demo local bank cashier', protocol: 'praxis', secretKey: SECRET, merchantId: 'API-DemoBroker', applicationKey: 'traderoom-demo' }],
    webhookUrl: (id) => receiver.url(id),
    retryDelaysMs: RETRIES,
    now,
  });
  config = { baseUrl: sim.url, merchantId: 'API-DemoBroker', applicationKey: 'traderoom-demo', merchantSecret: SECRET, now };
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe('cashier session', () => {
  it('is signed both ways and returns the hosted page as redirect_url', async () => {
    const session = await cashier();
    expect(session.redirectUrl).toBe(sim.hostedPageUrl(session.authToken!));
    expect(session).toMatchObject({ sessionStatus: 'created', timestamp: Math.floor(clock.ms / 1000) });
    expect(session.customerToken).toMatch(/^[0-9a-f]{32}$/);
    const html = await (await fetch(session.redirectUrl)).text();
    expect(html).toContain('EUR 100.00');
    expect(html).toContain(session.orderId);
  });

  it('a wrong merchant secret is refused by the simulator (status 1)', async () => {
    const err = await cashier('payment', {}, { ...config, merchantSecret: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PspRequestError);
    expect(err).toMatchObject({ code: '1', providerMessage: 'Invalid signature (GT-Authentication)' });
  });

  it('the adapter refuses an answer whose signature does not match (tampered redirect_url)', async () => {
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const json = (await response.json()) as Record<string, unknown>;
      json.redirect_url = 'https://evil.example/pay';
      return new Response(JSON.stringify(json), { status: response.status, headers: response.headers });
    };
    const err = await cashier('payment', {}, { ...config, fetch: tampering }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PspSignatureError);
    expect(err).toMatchObject({ reason: 'mismatch' });
  });

  it('the same order_id while the session is open returns the same session; once paid it is refused', async () => {
    const first = await cashier();
    const again = await cashier('payment', { orderId: first.orderId });
    expect(again.redirectUrl).toBe(first.redirectUrl);
    await sim.pay(first.orderId, { outcome: 'success' });
    await expect(cashier('payment', { orderId: first.orderId })).rejects.toBeInstanceOf(PspRequestError);
  });

  it('5xx → unavailable; committed-then-dropped → unavailable, and the retry gets the same session', async () => {
    sim.failNext({ kind: 'api_error', status: 502 });
    expect(await cashier().catch((e: unknown) => e)).toMatchObject({ name: 'PspUnavailableError', status: 502 });
    sim.failNext({ kind: 'api_drop_after_commit' });
    const orderId = `dep-px-${++counter}`;
    expect(await cashier('payment', { orderId }).catch((e: unknown) => e)).toBeInstanceOf(PspUnavailableError);
    const retried = await cashier('payment', { orderId });
    expect(sim.sessions().filter((s) => s.reference === orderId).map((s) => s.id)).toEqual([retried.authToken]);
  });
});

describe('notifications', () => {
  it('Pay on the hosted page: pending then approved, verified, acked with a valid signature', async () => {
    const session = await cashier();
    const response = await submit(session.redirectUrl, 'pay', 'Maria Georgiou');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://broker.example/portal/deposits');
    const arrived = verifiedFor(session.orderId);
    expect(arrived.map((r) => r.dedupKey)).toEqual([expect.stringMatching(/^tid:\d+:pending$/), expect.stringMatching(/^tid:\d+:approved$/)]);
    expect(arrived[1]!.outcome).toMatchObject({ kind: 'deposit_succeeded', amountMinor: 10_000n, currency: 'EUR', processedAmountMinor: 10_000n, processedCurrency: 'EUR', payerName: 'Maria Georgiou' });
    const deliveries = sim.deliveries().filter((d) => d.reference === session.orderId);
    expect(deliveries.map((d) => [d.type, d.status, d.ok, d.ackVerified])).toEqual([
      ['sale.pending', 200, true, true],
      ['sale.approved', 200, true, true],
    ]);
    const pending = JSON.parse(deliveries[0]!.body);
    expect(pending.transaction).toMatchObject({ transaction_status: 'pending', conversion_rate: null, processed_amount: null });
    expect(pending.session).toMatchObject({ order_id: session.orderId, auth_token: session.authToken });
  });

  it('Decline: deposit_failed with the reason', async () => {
    const session = await cashier();
    await submit(session.redirectUrl, 'decline');
    expect(verifiedFor(session.orderId).map((r) => r.outcome)).toMatchObject([{ kind: 'deposit_pending' }, { kind: 'deposit_failed', reason: 'Transfer declined by the bank' }]);
  });

  it('FX: processed in another currency, with the conversion rate', async () => {
    const session = await cashier();
    const deliveries = await sim.pay(session.orderId, { outcome: 'success', processedAmountMinor: 10_850n, processedCurrency: 'USD' });
    expect(JSON.parse(deliveries.at(-1)!.body).transaction).toMatchObject({ currency: 'EUR', amount: 10000, processed_currency: 'USD', processed_amount: 10850, conversion_rate: '1.085000' });
    expect(verifiedFor(session.orderId).at(-1)!.outcome).toMatchObject({ kind: 'deposit_succeeded', amountMinor: 10_000n, currency: 'EUR', processedAmountMinor: 10_850n, processedCurrency: 'USD' });
  });

  it('reordered: approved before pending; pending is stale', async () => {
    const session = await cashier();
    await sim.pay(session.orderId, { outcome: 'success', delivery: { reorder: true } });
    const arrived = verifiedFor(session.orderId);
    expect(arrived.map((r) => [r.outcome!.kind, r.stale ?? false])).toEqual([
      ['deposit_succeeded', false],
      ['deposit_pending', true],
    ]);
  });

  it('duplicates: processed once per tid + status', async () => {
    const session = await cashier();
    const deliveries = await sim.pay(session.orderId, { outcome: 'success', delivery: { duplicate: 1 } });
    expect(deliveries.map((d) => d.eventId)).toEqual([deliveries[0]!.eventId, deliveries[0]!.eventId, deliveries[2]!.eventId, deliveries[2]!.eventId]);
    expect(verifiedFor(session.orderId)).toHaveLength(4);
    expect(receiver.processed().filter((r) => r.outcome?.reference === session.orderId)).toHaveLength(2);
  });

  it('bad signature: refused on every attempt', async () => {
    const session = await cashier();
    const deliveries = await sim.pay(session.orderId, { outcome: 'success', delivery: { badSignature: true } });
    expect(deliveries.every((d) => d.status === 401 && d.fault === 'bad_signature')).toBe(true);
    expect(receiver.applied.has(session.orderId)).toBe(false);
  });

  it('an ack with status -1 is resent; the resend is accepted', async () => {
    const session = await cashier();
    receiver.failNext(1, 200, -1);
    const deliveries = await sim.pay(session.orderId, { outcome: 'success' });
    expect(deliveries.map((d) => [d.type, d.attempt, d.status, d.ok])).toEqual([
      ['sale.pending', 1, 200, false],
      ['sale.pending', 2, 200, true],
      ['sale.approved', 1, 200, true],
    ]);
  });

  it('an expired session: a notification without transaction (nulls skipped in the signature) → deposit_failed', async () => {
    const session = await cashier();
    const [delivery] = await sim.expire(session.orderId);
    expect(JSON.parse(delivery!.body).transaction).toBeNull();
    expect(delivery!.status).toBe(200);
    expect(verifiedFor(session.orderId).map((r) => r.outcome)).toMatchObject([{ kind: 'deposit_failed', reason: 'expired' }]);
  });

  it('chargeback won (our chargeback_reversed status) and lost (nothing after chargeback)', async () => {
    const won = await cashier();
    await sim.pay(won.orderId, { outcome: 'success' });
    await sim.chargeback(won.orderId, { status: 'won', reason: 'Fraud' });
    expect(verifiedFor(won.orderId).slice(-2).map((r) => r.outcome)).toMatchObject([{ kind: 'chargeback_opened', reason: 'Fraud' }, { kind: 'chargeback_won' }]);
    const lost = await cashier();
    await sim.pay(lost.orderId, { outcome: 'success' });
    const deliveries = await sim.chargeback(lost.orderId, { status: 'lost' });
    expect(deliveries.map((d) => d.type)).toEqual(['sale.chargeback']);
  });

  it('refund approved → deposit_refunded; rejected → refund_failed', async () => {
    const session = await cashier();
    await sim.pay(session.orderId, { outcome: 'success' });
    await sim.refund(session.orderId, { amountMinor: 3_000n, fail: true });
    await sim.refund(session.orderId, { amountMinor: 3_000n });
    expect(verifiedFor(session.orderId).slice(-2).map((r) => r.outcome)).toMatchObject([
      { kind: 'refund_failed', amountMinor: 3_000n },
      { kind: 'deposit_refunded', amountMinor: 3_000n },
    ]);
  });
});

describe('withdrawals', () => {
  it('withdrawal session → requested (ignored) → paid; another → returned; another → failed', async () => {
    const paid = await cashier('withdrawal', { amountMinor: 5_000n });
    expect(await (await fetch(paid.redirectUrl)).text()).toContain('Confirm withdrawal');
    await submit(paid.redirectUrl, 'pay');
    await sim.settlePayout(paid.orderId, { outcome: 'paid' });
    expect(verifiedFor(paid.orderId).map((r) => r.outcome!.kind)).toEqual(['ignored', 'payout_paid']);

    const returned = await cashier('withdrawal', { amountMinor: 5_000n });
    await sim.pay(returned.orderId, { outcome: 'success' });
    await sim.settlePayout(returned.orderId, { outcome: 'returned', reason: 'Beneficiary account closed' });
    expect(verifiedFor(returned.orderId).map((r) => r.outcome)).toMatchObject([{ kind: 'ignored' }, { kind: 'payout_paid' }, { kind: 'payout_returned', reason: 'Beneficiary account closed' }]);

    const failed = await cashier('withdrawal', { amountMinor: 5_000n });
    await sim.pay(failed.orderId, { outcome: 'success' });
    await sim.settlePayout(failed.orderId, { outcome: 'failed', reason: 'Invalid account' });
    expect(verifiedFor(failed.orderId).at(-1)!.outcome).toMatchObject({ kind: 'payout_failed', reason: 'Invalid account' });
  });
});
