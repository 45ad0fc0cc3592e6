/**
 * The generic (Stripe-format) adapter against the loopback simulator over real
 * HTTP: hosted page, signed callbacks to a Fastify receiver verifying the raw
 * body, faults, payouts, idempotency, chargebacks, FX and refunds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PspRequestError, PspUnavailableError } from '../../../src/integrations/psp/errors';
import { createGenericPspClient, type GenericPspClient, type PspCheckoutSession } from '../../../src/integrations/psp/generic-psp-client';
import { parseStripeSignatureHeader } from '../../../src/integrations/psp/stripe-signature';
import { startPspSimulator, type PspSimulator } from '../../../src/simulators/psp';
import { startPspTestReceiver, type PspTestReceiver } from './psp-receiver';

const SK_CARD = 'sk_test_card';
const SK_WIRE = 'sk_test_wire';
const WH_CARD = 'whsec_card';
const WH_CARD_NEW = 'whsec_card_rotated';
const WH_WIRE = 'whsec_wire';
const RETRIES = [20, 20, 20];
const DAY = 86_400_000;

const clock = { ms: Date.UTC(2026, 2, 2, 9, 0, 0) };
const now = () => clock.ms;

let receiver: PspTestReceiver;
let sim: PspSimulator;
let card: GenericPspClient;
let wire: GenericPspClient;
let counter = 0;

const customer = { id: 'client-42', name: 'Maria Georgiou', email: 'maria@example.com' };

function newSession(client: GenericPspClient = card, extra: Partial<{ amountMinor: bigint; currency: string; method: 'card' | 'wire' }> = {}): Promise<PspCheckoutSession> {
  return client.createCheckoutSession({
    amountMinor: extra.amountMinor ?? 10_000n,
    currency: extra.currency ?? 'EUR',
    reference: `dep-${++counter}`,
    customer,
    returnUrl: 'https://broker.example/portal/deposits?session={CHECKOUT_SESSION_ID}',
    method: extra.method ?? 'card',
  });
}

async function submitHostedPage(session: PspCheckoutSession, action: 'pay' | 'decline', payerName?: string): Promise<Response> {
  const form = new URLSearchParams({ action });
  if (payerName !== undefined) form.set('payer_name', payerName);
  const response = await fetch(new URL(`/pay/${session.id}`, session.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  await sim.settled();
  return response;
}

const verifiedFor = (reference: string) => receiver.verified().filter((r) => r.outcome?.reference === reference);
const kindsArrived = (reference: string) => verifiedFor(reference).map((r) => r.outcome!.kind);

beforeAll(async () => {
  receiver = await startPspTestReceiver(
    [
      { id: 'demo_card', protocol: 'generic', secrets: [WH_CARD] },
      { id: 'demo_wire', protocol: 'generic', secrets: [WH_WIRE] },
    ],
    now,
  );
  sim = await startPspSimulator({
    providers: [
      { id: 'demo_card', name: 'Demo card acquirer', protocol: 'generic', secretKey: SK_CARD, webhookSecret: WH_CARD },
      { id: 'demo_wire', name: 'Demo wire bank', protocol: 'generic', secretKey: SK_WIRE, webhookSecret: WH_WIRE, sendCheckoutSessionEvents: true },
    ],
    webhookUrl: (id) => receiver.url(id),
    retryDelaysMs: RETRIES,
    now,
  });
  card = createGenericPspClient({ baseUrl: sim.url, secretKey: SK_CARD });
  wire = createGenericPspClient({ baseUrl: sim.url, secretKey: SK_WIRE });
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe('hosted payment page', () => {
  it('creates a session whose url is a real HTML form with Pay / Decline', async () => {
    const session = await newSession();
    expect(session).toMatchObject({ status: 'open', paymentStatus: 'unpaid', amountMinor: 10_000n, currency: 'EUR', method: 'card', reference: `dep-${counter}` });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(sim.hostedPageUrl(session.id));
    const page = await fetch(session.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('EUR 100.00');
    expect(html).toContain(session.reference);
    expect(html).toContain(`<form method="post" action="/pay/${session.id}">`);
    expect(html).toMatch(/<button[^>]*name="action" value="pay"[^>]*>Pay<\/button>/);
    expect(html).toMatch(/<button[^>]*name="action" value="decline"[^>]*>Decline<\/button>/);
    expect(html).toContain('value="Maria Georgiou"');
  });

  it('Pay: redirects to return_url, the receiver gets processing then succeeded, signed and verified', async () => {
    const session = await newSession();
    const response = await submitHostedPage(session, 'pay', 'M. Georgiou');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`https://broker.example/portal/deposits?session=${session.id}`);
    const arrived = verifiedFor(session.reference);
    expect(arrived.map((r) => r.outcome!.kind)).toEqual(['deposit_pending', 'deposit_succeeded']);
    expect(arrived[1]!.outcome).toMatchObject({ kind: 'deposit_succeeded', amountMinor: 10_000n, currency: 'EUR', payerName: 'M. Georgiou', occurredAt: new Date(clock.ms - (clock.ms % 1000)) });
    expect(arrived[1]!.outcome).not.toHaveProperty('processedAmountMinor');
    expect(receiver.applied.get(session.reference)).toEqual(['deposit_pending', 'deposit_succeeded']);
    const deliveries = sim.deliveries().filter((d) => d.reference === session.reference);
    expect(deliveries.map((d) => d.type)).toEqual(['payment_intent.processing', 'payment_intent.succeeded']);
    expect(deliveries.every((d) => d.status === 200 && d.ok && parseStripeSignatureHeader(d.headers['Stripe-Signature']!).signatures.length === 1)).toBe(true);
    const providerReference = (arrived[1]!.outcome as { providerReference: string }).providerReference;
    expect(providerReference).toMatch(/^pi_/);
    expect(await card.getCheckoutSession(session.id)).toMatchObject({ status: 'complete', paymentStatus: 'paid', paymentIntentId: providerReference });
  });

  it('Decline: deposit_failed with the decline message; the page then shows the final status', async () => {
    const session = await newSession();
    expect((await submitHostedPage(session, 'decline')).status).toBe(303);
    expect(kindsArrived(session.reference)).toEqual(['deposit_pending', 'deposit_failed']);
    expect(verifiedFor(session.reference)[1]!.outcome).toMatchObject({ reason: 'Your card was declined.' });
    expect(await (await fetch(session.url)).text()).toContain('This payment session is failed.');
    // A second submit changes nothing.
    const before = sim.deliveries().length;
    expect((await submitHostedPage(session, 'pay')).status).toBe(303);
    expect(sim.deliveries().length).toBe(before);
  });

  it('a wire session labels the holder field for bank accounts; checkout.session.completed is sent too when configured', async () => {
    const session = await newSession(wire, { method: 'wire', amountMinor: 250_000n, currency: 'USD' });
    expect(await (await fetch(session.url)).text()).toContain('Account holder name');
    await submitHostedPage(session, 'pay');
    const arrived = verifiedFor(session.reference);
    expect(arrived.map((r) => r.outcome!.kind)).toEqual(['deposit_pending', 'deposit_succeeded', 'deposit_succeeded']);
    expect(arrived.map((r) => r.stale ?? false)).toEqual([false, false, true]); // the same meaning twice is applied once
    expect(receiver.applied.get(session.reference)).toEqual(['deposit_pending', 'deposit_succeeded']);
    expect(sim.deliveries().filter((d) => d.reference === session.reference).map((d) => d.type)).toEqual(['payment_intent.processing', 'payment_intent.succeeded', 'checkout.session.completed']);
  });

  it('an expired session → deposit_failed "expired"', async () => {
    const session = await newSession();
    await sim.expire(session.id);
    expect(verifiedFor(session.reference).map((r) => r.outcome)).toMatchObject([{ kind: 'deposit_failed', reason: 'expired' }]);
    expect(await card.getCheckoutSession(session.id)).toMatchObject({ status: 'expired' });
  });
});

describe('callback faults', () => {
  it('duplicate deliveries: every copy is the same event (id and body); processed once per event', async () => {
    const session = await newSession();
    const deliveries = await sim.pay(session.reference, { outcome: 'success', delivery: { duplicate: 2 } });
    expect(deliveries).toHaveLength(6);
    expect(deliveries.map((d) => d.copy)).toEqual([0, 1, 2, 0, 1, 2]);
    const eventIds = [...new Set(deliveries.map((d) => d.eventId))];
    expect(eventIds).toHaveLength(2);
    for (const id of eventIds) expect(new Set(deliveries.filter((d) => d.eventId === id).map((d) => d.body)).size).toBe(1);
    expect(verifiedFor(session.reference)).toHaveLength(6);
    expect(receiver.processed().filter((r) => r.outcome?.reference === session.reference)).toHaveLength(2);
    expect(receiver.applied.get(session.reference)).toEqual(['deposit_pending', 'deposit_succeeded']);
  });

  it('reordered deliveries: succeeded arrives before processing, which is then stale', async () => {
    const session = await newSession();
    await sim.pay(session.reference, { outcome: 'success', delivery: { reorder: true } });
    const arrived = verifiedFor(session.reference);
    expect(arrived.map((r) => r.outcome!.kind)).toEqual(['deposit_succeeded', 'deposit_pending']);
    expect(arrived[1]!.stale).toBe(true);
    expect(receiver.applied.get(session.reference)).toEqual(['deposit_succeeded']);
  });

  it('stale timestamp: the first attempt is refused as stale, the resend (fresh t) is accepted', async () => {
    const session = await newSession();
    const before = receiver.requests.length;
    sim.failNext({ kind: 'callbacks', delivery: { staleTimestamp: 301 } });
    const deliveries = await sim.pay(session.reference, { outcome: 'success' });
    expect(deliveries.map((d) => [d.type, d.attempt, d.status, d.fault ?? null])).toEqual([
      ['payment_intent.processing', 1, 401, 'stale'],
      ['payment_intent.processing', 2, 200, null],
      ['payment_intent.succeeded', 1, 401, 'stale'],
      ['payment_intent.succeeded', 2, 200, null],
    ]);
    expect(parseStripeSignatureHeader(deliveries[0]!.headers['Stripe-Signature']!).timestamp).toBe(Math.floor(clock.ms / 1000) - 301);
    expect(receiver.requests.slice(before).map((r) => r.failure ?? 'ok')).toEqual(['stale', 'ok', 'stale', 'ok']);
    expect(receiver.applied.get(session.reference)).toEqual(['deposit_pending', 'deposit_succeeded']);
  });

  it('bad signature: every attempt refused as a mismatch, nothing applied', async () => {
    const session = await newSession();
    const deliveries = await sim.pay(session.reference, { outcome: 'success', delivery: { badSignature: true } });
    expect(deliveries).toHaveLength(2 * (RETRIES.length + 1));
    expect(deliveries.every((d) => d.status === 401 && !d.ok && d.fault === 'bad_signature')).toBe(true);
    expect(receiver.requests.filter((r) => r.failure === 'mismatch').length).toBeGreaterThanOrEqual(deliveries.length);
    expect(receiver.applied.has(session.reference)).toBe(false);
  });

  it('clock skew beyond the tolerance is refused on every attempt; within it is fine', async () => {
    try {
      sim.setClockSkew(-400);
      const late = await newSession();
      const deliveries = await sim.pay(late.reference, { outcome: 'success' });
      expect(deliveries.every((d) => d.status === 401)).toBe(true);
      expect(receiver.applied.has(late.reference)).toBe(false);
      sim.setClockSkew(120);
      const ok = await newSession();
      await sim.pay(ok.reference, { outcome: 'success' });
      expect(receiver.applied.get(ok.reference)).toEqual(['deposit_pending', 'deposit_succeeded']);
    } finally {
      sim.setClockSkew(0);
    }
  });

  it('secret rotation: the simulator signs with old and new; a receiver knowing only the new one accepts', async () => {
    try {
      sim.setWebhookSecrets('demo_card', [WH_CARD, WH_CARD_NEW]);
      receiver.setProviderSecrets('demo_card', [WH_CARD_NEW]);
      const session = await newSession();
      const deliveries = await sim.pay(session.reference, { outcome: 'success' });
      expect(parseStripeSignatureHeader(deliveries[0]!.headers['Stripe-Signature']!).signatures).toHaveLength(2);
      expect(deliveries.every((d) => d.status === 200)).toBe(true);
    } finally {
      sim.setWebhookSecrets('demo_card', [WH_CARD]);
      receiver.setProviderSecrets('demo_card', [WH_CARD]);
    }
  });

  it('the receiver answering 500 → resent until accepted', async () => {
    const session = await newSession();
    receiver.failNext(2, 503);
    const deliveries = await sim.pay(session.reference, { outcome: 'success' });
    expect(deliveries.map((d) => [d.type, d.attempt, d.status])).toEqual([
      ['payment_intent.processing', 1, 503],
      ['payment_intent.processing', 2, 503],
      ['payment_intent.processing', 3, 200],
      ['payment_intent.succeeded', 1, 200],
    ]);
    expect(receiver.applied.get(session.reference)).toEqual(['deposit_pending', 'deposit_succeeded']);
  });

  it('our endpoint times out after storing the event: the resend is a duplicate the dedup key absorbs', async () => {
    const slow = await startPspSimulator({
      providers: [{ id: 'demo_card', protocol: 'generic', secretKey: 'sk_slow', webhookSecret: WH_CARD }],
      webhookUrl: (id) => receiver.url(id),
      retryDelaysMs: [20],
      webhookTimeoutMs: 100,
      now,
    });
    try {
      const client = createGenericPspClient({ baseUrl: slow.url, secretKey: 'sk_slow' });
      const session = await newSession(client);
      receiver.delayNext(1, 300);
      const deliveries = await slow.pay(session.reference, { outcome: 'success' });
      expect(deliveries.map((d) => [d.type, d.attempt, d.status])).toEqual([
        ['payment_intent.processing', 1, null],
        ['payment_intent.processing', 2, 200],
        ['payment_intent.succeeded', 1, 200],
      ]);
      expect(deliveries[0]!.error).toMatch(/timeout after 100 ms/);
      const processing = verifiedFor(session.reference).filter((r) => r.outcome!.kind === 'deposit_pending');
      expect(processing.map((r) => r.firstOfKey)).toEqual([true, false]);
      expect(receiver.applied.get(session.reference)).toEqual(['deposit_pending', 'deposit_succeeded']);
    } finally {
      await slow.close();
    }
  });

  it('a partial capture: processed for less than requested, same currency', async () => {
    const session = await newSession(card, { amountMinor: 10_000n });
    await sim.pay(session.reference, { outcome: 'success', processedAmountMinor: 9_500n });
    expect(verifiedFor(session.reference).at(-1)!.outcome).toMatchObject({ amountMinor: 10_000n, processedAmountMinor: 9_500n, processedCurrency: 'EUR' });
  });

  it('an amount processed in another currency (FX) is reported', async () => {
    const session = await newSession(card, { amountMinor: 10_000n, currency: 'EUR' });
    await sim.pay(session.reference, { outcome: 'success', processedAmountMinor: 10_850n, processedCurrency: 'USD' });
    expect(verifiedFor(session.reference).at(-1)!.outcome).toMatchObject({ kind: 'deposit_succeeded', amountMinor: 10_000n, currency: 'EUR', processedAmountMinor: 10_850n, processedCurrency: 'USD' });
  });
});

describe('chargebacks and refunds', () => {
  it('a chargeback weeks later: opened, then lost, stamped at the provider time', async () => {
    const session = await newSession();
    await sim.pay(session.reference, { outcome: 'success' });
    const start = clock.ms;
    try {
      clock.ms += 21 * DAY;
      await sim.chargeback(session.reference, { status: 'lost', reason: 'fraudulent' });
      const arrived = verifiedFor(session.reference).slice(-2);
      expect(arrived.map((r) => r.outcome)).toMatchObject([
        { kind: 'chargeback_opened', reason: 'fraudulent', amountMinor: 10_000n, occurredAt: new Date(Math.floor(clock.ms / 1000) * 1000) },
        { kind: 'chargeback_lost' },
      ]);
      expect(receiver.applied.get(session.reference)).toEqual(['deposit_pending', 'deposit_succeeded', 'chargeback_opened', 'chargeback_lost']);
    } finally {
      clock.ms = start;
    }
  });

  it('a chargeback opened, then won later', async () => {
    const session = await newSession();
    await sim.pay(session.reference, { outcome: 'success' });
    await sim.chargeback(session.reference, { status: 'open' });
    await sim.chargeback(session.reference, { status: 'won' });
    expect(kindsArrived(session.reference).slice(-2)).toEqual(['chargeback_opened', 'chargeback_won']);
    await expect(sim.chargeback(session.reference, { status: 'lost' })).rejects.toThrow(/already closed/);
  });

  it('a refund, and a refund that fails', async () => {
    const session = await newSession();
    await sim.pay(session.reference, { outcome: 'success' });
    await sim.refund(session.reference, { amountMinor: 4_000n, fail: true });
    await sim.refund(session.reference, { amountMinor: 4_000n });
    expect(verifiedFor(session.reference).slice(-3).map((r) => r.outcome)).toMatchObject([
      { kind: 'deposit_refunded', amountMinor: 4_000n },
      { kind: 'refund_failed', amountMinor: 4_000n, reason: 'expired_or_canceled_card' },
      { kind: 'deposit_refunded', amountMinor: 4_000n },
    ]);
  });
});

describe('payouts', () => {
  const destination = { type: 'bank_account', holder_name: 'Maria Georgiou', iban: 'CY17002001280000001200527600', bic: 'BCYPCY2N' };

  it('paid', async () => {
    const payout = await card.createPayout({ amountMinor: 5_000n, currency: 'EUR', reference: `wd-${++counter}`, destination });
    expect(payout).toMatchObject({ status: 'pending', amountMinor: 5_000n, currency: 'EUR' });
    expect(payout.id).toMatch(/^po_/);
    await sim.settlePayout(payout.id, { outcome: 'paid' });
    expect(verifiedFor(payout.reference).map((r) => r.outcome)).toMatchObject([{ kind: 'payout_paid', amountMinor: 5_000n, providerReference: payout.id }]);
    expect(await card.getPayout(payout.id)).toMatchObject({ status: 'paid' });
  });

  it('failed, with the provider reason', async () => {
    const payout = await card.createPayout({ amountMinor: 5_000n, currency: 'EUR', reference: `wd-${++counter}`, destination });
    await sim.settlePayout(payout.reference, { outcome: 'failed', reason: 'Invalid IBAN' });
    expect(verifiedFor(payout.reference).map((r) => r.outcome)).toMatchObject([{ kind: 'payout_failed', reason: 'Invalid IBAN' }]);
    expect(await card.getPayout(payout.id)).toMatchObject({ status: 'failed', failureCode: 'account_closed', failureMessage: 'Invalid IBAN' });
  });

  it('a returned wire: paid, then returned', async () => {
    const payout = await wire.createPayout({ amountMinor: 300_000n, currency: 'USD', reference: `wd-${++counter}`, destination });
    await sim.settlePayout(payout.id, { outcome: 'paid' });
    await sim.settlePayout(payout.id, { outcome: 'returned', reason: 'R03 no account' });
    expect(verifiedFor(payout.reference).map((r) => r.outcome)).toMatchObject([{ kind: 'payout_paid' }, { kind: 'payout_returned', reason: 'R03 no account', amountMinor: 300_000n }]);
    expect(receiver.applied.get(payout.reference)).toEqual(['payout_paid', 'payout_returned']);
    expect(await wire.getPayout(payout.id)).toMatchObject({ status: 'returned' });
  });

  it('a return of a payout still pending sends paid first', async () => {
    const payout = await wire.createPayout({ amountMinor: 1_000n, currency: 'USD', reference: `wd-${++counter}`, destination });
    const deliveries = await sim.settlePayout(payout.id, { outcome: 'returned' });
    expect(deliveries.map((d) => d.type)).toEqual(['payout.paid', 'payout.returned']);
  });

  it('Idempotency-Key = reference: a retry returns the same payout; other parameters are refused (422)', async () => {
    const input = { amountMinor: 7_000n, currency: 'EUR', reference: `wd-${++counter}`, destination };
    const first = await card.createPayout(input);
    const again = await card.createPayout(input);
    expect(again.id).toBe(first.id);
    expect(sim.payouts().filter((p) => p.reference === input.reference)).toHaveLength(1);
    const err = await card.createPayout({ ...input, amountMinor: 7_001n }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PspRequestError);
    expect(err).toMatchObject({ status: 422, code: 'idempotency_key_in_use', retryable: false });
  });

  it('committed, then the connection dropped: unavailable; the retry gets the same payout', async () => {
    const input = { amountMinor: 8_000n, currency: 'EUR', reference: `wd-${++counter}`, destination };
    sim.failNext({ kind: 'api_drop_after_commit' });
    const err = await card.createPayout(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PspUnavailableError);
    expect(sim.payouts().filter((p) => p.reference === input.reference)).toHaveLength(1);
    const retried = await card.createPayout(input);
    expect(sim.payouts().filter((p) => p.reference === input.reference).map((p) => p.id)).toEqual([retried.id]);
  });
});

describe('API errors', () => {
  it('a 5xx / 429 burst is unavailable (retryable); then the call works', async () => {
    sim.failNext({ kind: 'api_error', status: 503, count: 2 });
    for (let i = 0; i < 2; i++) {
      const err = await newSession().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PspUnavailableError);
      expect(err).toMatchObject({ status: 503, retryable: true });
    }
    sim.failNext({ kind: 'api_error', status: 429 });
    expect(await newSession().catch((e: unknown) => e)).toMatchObject({ status: 429, retryable: true });
    await expect(newSession()).resolves.toMatchObject({ status: 'open' });
  });

  it('a wrong API key is a request error (401)', async () => {
    const bad = createGenericPspClient({ baseUrl: sim.url, secretKey: 'sk_wrong' });
    const err = await bad.getPayout('po_x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PspRequestError);
    expect(err).toMatchObject({ status: 401, code: 'api_key_invalid' });
  });

  it('an unknown object is 404; a provider cannot read another provider’s objects', async () => {
    const session = await newSession(card);
    expect(await wire.getCheckoutSession(session.id).catch((e: unknown) => e)).toMatchObject({ status: 404, code: 'resource_missing' });
  });

  it('invalid parameters are 400 and not stored under the Idempotency-Key', async () => {
    const response = await fetch(`${sim.url}/v1/payouts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SK_CARD}`, 'content-type': 'application/json', 'idempotency-key': 'wd-invalid' },
      body: JSON.stringify({ amount_minor: 0, currency: 'EUR', reference: 'wd-invalid', destination: { type: 'bank_account' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'parameter_invalid_integer' } });
    const fixed = await card.createPayout({ amountMinor: 1n, currency: 'EUR', reference: 'wd-invalid', destination: { type: 'bank_account' } });
    expect(fixed.status).toBe('pending');
  });

  it('the client refuses amounts that JSON cannot carry exactly', async () => {
    await expect(card.createPayout({ amountMinor: 2n ** 60n, currency: 'EUR', reference: 'wd-huge', destination: { type: 'bank_account' } })).rejects.toThrow(RangeError);
  });
});
