/**
 * Generic PSP callbacks: signature first over the raw bytes, then the zod
 * envelope and per-type object, and the pure mapping to normalized outcomes.
 */
import { describe, expect, it } from 'vitest';
import { PspPayloadError } from '../../../src/integrations/psp/errors';
import { parsePspEvent, pspEventDedupKey, pspEventOutcome, verifyPspWebhook, type PspEvent } from '../../../src/integrations/psp/generic-psp-webhook';
import { isStaleOutcome } from '../../../src/integrations/psp/outcome';
import { PspSignatureError, signStripePayload } from '../../../src/integrations/psp/stripe-signature';

const SECRET = 'whsec_unit';
const CREATED = 1_767_225_600;

function event(type: string, object: Record<string, unknown>, id = 'evt_1'): Record<string, unknown> {
  return { id, object: 'event', type, created: CREATED, livemode: false, data: { object } };
}

const pi = (extra: Record<string, unknown> = {}) => ({ id: 'pi_1', object: 'payment_intent', reference: 'dep-1', amount_minor: 10000, currency: 'eur', status: 'succeeded', ...extra });
const session = (extra: Record<string, unknown> = {}) => ({ id: 'cs_1', object: 'checkout.session', reference: 'dep-1', amount_minor: 10000, currency: 'EUR', status: 'complete', payment_status: 'paid', payment_intent: 'pi_1', ...extra });
const dispute = (status: string) => ({ id: 'dp_1', object: 'dispute', reference: 'dep-1', amount_minor: 10000, currency: 'EUR', status, reason: 'fraudulent' });
const payout = (status: string, extra: Record<string, unknown> = {}) => ({ id: 'po_1', object: 'payout', reference: 'wd-1', amount_minor: 5000, currency: 'USD', status, ...extra });

const outcomeOf = (type: string, object: Record<string, unknown>) => pspEventOutcome(parsePspEvent(event(type, object)));

describe('verifyPspWebhook', () => {
  it('verifies the raw body, then parses', () => {
    const raw = Buffer.from(JSON.stringify(event('payment_intent.succeeded', pi())));
    const parsed = verifyPspWebhook(raw, signStripePayload(raw, SECRET, CREATED), [SECRET], CREATED);
    expect(parsed.id).toBe('evt_1');
    expect(pspEventDedupKey(parsed)).toBe('evt_1');
  });

  it('a bad signature is refused before the body is even parsed', () => {
    const raw = Buffer.from('this is not json');
    expect(() => verifyPspWebhook(raw, signStripePayload(raw, 'other', CREATED), [SECRET], CREATED)).toThrow(PspSignatureError);
    expect(() => verifyPspWebhook(raw, signStripePayload(raw, SECRET, CREATED), [SECRET], CREATED)).toThrow(PspPayloadError);
  });

  it('a repeated header is malformed', () => {
    const raw = Buffer.from(JSON.stringify(event('payment_intent.succeeded', pi())));
    const h = signStripePayload(raw, SECRET, CREATED);
    try {
      verifyPspWebhook(raw, [h, h], [SECRET], CREATED);
      expect.unreachable();
    } catch (err) {
      expect((err as PspSignatureError).reason).toBe('malformed');
    }
  });

  it('authentic but malformed events are PspPayloadError with the issues', () => {
    const cases = [
      { ...event('payment_intent.succeeded', pi()), id: 'not-an-event-id' },
      event('payment_intent.succeeded', pi({ amount_minor: -1 })),
      event('payment_intent.succeeded', pi({ amount_minor: 1.5 })),
      event('payment_intent.succeeded', pi({ currency: 'EURO' })),
      event('payment_intent.succeeded', pi({ reference: '' })),
      event('charge.refunded', { id: 'ch_1', object: 'charge', reference: 'dep-1', amount_minor: 1, currency: 'EUR', amount_refunded_minor: 1, refunded: true, refunds: { data: [] } }),
      { id: 'evt_2', type: 'x', created: 'yesterday', data: { object: { id: 'a', object: 'b' } } },
    ];
    for (const c of cases) {
      const raw = Buffer.from(JSON.stringify(c));
      expect(() => verifyPspWebhook(raw, signStripePayload(raw, SECRET, CREATED), [SECRET], CREATED)).toThrow(PspPayloadError);
    }
  });

  it('unknown event types pass validation and are ignored', () => {
    expect(outcomeOf('customer.created', { id: 'cus_1', object: 'customer' })).toEqual({ kind: 'ignored', eventType: 'customer.created', occurredAt: new Date(CREATED * 1000) });
  });

  it('amounts may also come as digit strings (bigint-safe)', () => {
    expect(outcomeOf('payment_intent.succeeded', pi({ amount_minor: '90071992547409930' }))).toMatchObject({ amountMinor: 90071992547409930n });
  });
});

describe('pspEventOutcome', () => {
  it('payment_intent.succeeded → deposit_succeeded (currency upper-cased, FX and payer name kept)', () => {
    expect(outcomeOf('payment_intent.succeeded', pi({ processed_amount_minor: 10850, processed_currency: 'usd', payer_name: 'Maria Georgiou' }))).toEqual({
      kind: 'deposit_succeeded',
      reference: 'dep-1',
      amountMinor: 10000n,
      currency: 'EUR',
      processedAmountMinor: 10850n,
      processedCurrency: 'USD',
      payerName: 'Maria Georgiou',
      providerReference: 'pi_1',
      occurredAt: new Date(CREATED * 1000),
    });
  });

  it.each([
    ['payment_intent.processing', pi({ status: 'processing' }), 'deposit_pending'],
    ['payment_intent.payment_failed', pi({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined', message: 'Your card was declined.' } }), 'deposit_failed'],
    ['payment_intent.canceled', pi({ status: 'canceled' }), 'deposit_failed'],
    ['checkout.session.completed', session(), 'deposit_succeeded'],
    ['checkout.session.completed', session({ payment_status: 'unpaid' }), 'deposit_pending'],
    ['checkout.session.completed', session({ payment_status: 'no_payment_required' }), 'ignored'],
    ['checkout.session.async_payment_succeeded', session(), 'deposit_succeeded'],
    ['checkout.session.async_payment_failed', session({ payment_status: 'unpaid' }), 'deposit_failed'],
    ['checkout.session.expired', session({ status: 'expired', payment_status: 'unpaid' }), 'deposit_failed'],
    ['charge.dispute.created', dispute('needs_response'), 'chargeback_opened'],
    ['charge.dispute.created', dispute('warning_needs_response'), 'ignored'],
    ['charge.dispute.closed', dispute('won'), 'chargeback_won'],
    ['charge.dispute.closed', dispute('lost'), 'chargeback_lost'],
    ['charge.dispute.closed', dispute('warning_closed'), 'ignored'],
    ['charge.dispute.updated', dispute('under_review'), 'ignored'],
    ['payout.paid', payout('paid'), 'payout_paid'],
    ['payout.failed', payout('failed', { failure_code: 'account_closed', failure_message: 'The bank account has been closed.' }), 'payout_failed'],
    ['payout.canceled', payout('canceled'), 'payout_failed'],
    ['payout.returned', payout('returned', { failure_code: 'returned', failure_message: 'Beneficiary account closed' }), 'payout_returned'],
  ])('%s (%j) → %s', (type, object, kind) => {
    expect(outcomeOf(type, object).kind).toBe(kind);
  });

  it('reasons: decline message, dispute reason, payout failure and return reasons', () => {
    expect(outcomeOf('payment_intent.payment_failed', pi({ last_payment_error: { code: 'card_declined', message: 'Your card was declined.' } }))).toMatchObject({ reason: 'Your card was declined.' });
    expect(outcomeOf('checkout.session.expired', session({ payment_status: 'unpaid' }))).toMatchObject({ reason: 'expired', providerReference: 'pi_1' });
    expect(outcomeOf('charge.dispute.created', dispute('needs_response'))).toMatchObject({ reason: 'fraudulent', providerReference: 'dp_1' });
    expect(outcomeOf('payout.failed', payout('failed', { failure_code: 'account_closed' }))).toMatchObject({ reference: 'wd-1', reason: 'account_closed', amountMinor: 5000n, currency: 'USD' });
    expect(outcomeOf('payout.returned', payout('returned', { failure_message: 'R02 account closed' }))).toMatchObject({ kind: 'payout_returned', reason: 'R02 account closed' });
  });

  it('charge.refunded → deposit_refunded for the newest refund only (not the cumulative amount)', () => {
    const charge = {
      id: 'ch_1',
      object: 'charge',
      reference: 'dep-1',
      amount_minor: 10000,
      currency: 'EUR',
      amount_refunded_minor: 7000,
      refunded: false,
      refunds: {
        data: [
          { id: 're_2', amount_minor: 4000, status: 'succeeded' },
          { id: 're_1', amount_minor: 3000, status: 'succeeded' },
        ],
      },
    };
    expect(outcomeOf('charge.refunded', charge)).toMatchObject({ kind: 'deposit_refunded', amountMinor: 4000n, providerReference: 're_2' });
  });

  it('refund.failed → refund_failed', () => {
    expect(outcomeOf('refund.failed', { id: 're_1', object: 'refund', reference: 'dep-1', amount_minor: 3000, currency: 'EUR', status: 'failed', failure_reason: 'expired_or_canceled_card' })).toMatchObject({
      kind: 'refund_failed',
      amountMinor: 3000n,
      reason: 'expired_or_canceled_card',
      providerReference: 're_1',
    });
  });

  it('the dedup key is the event id', () => {
    const e: PspEvent = parsePspEvent(event('payout.paid', payout('paid'), 'evt_abc'));
    expect(pspEventDedupKey(e)).toBe('evt_abc');
  });
});

describe('isStaleOutcome', () => {
  it('pending after success, the same meaning twice, a conflicting terminal', () => {
    expect(isStaleOutcome([], 'deposit_pending')).toBe(false);
    expect(isStaleOutcome(['deposit_succeeded'], 'deposit_pending')).toBe(true);
    expect(isStaleOutcome(['deposit_succeeded'], 'deposit_succeeded')).toBe(true);
    expect(isStaleOutcome(['deposit_pending'], 'deposit_succeeded')).toBe(false);
    expect(isStaleOutcome(['deposit_failed'], 'deposit_succeeded')).toBe(true);
  });

  it('refunds and chargebacks are events: never stale, and a success after them still applies', () => {
    expect(isStaleOutcome(['deposit_succeeded', 'deposit_refunded'], 'deposit_refunded')).toBe(false);
    expect(isStaleOutcome(['deposit_succeeded'], 'chargeback_opened')).toBe(false);
    expect(isStaleOutcome(['deposit_succeeded', 'chargeback_opened'], 'chargeback_opened')).toBe(true);
    expect(isStaleOutcome(['chargeback_opened'], 'deposit_succeeded')).toBe(false);
    expect(isStaleOutcome(['chargeback_opened', 'chargeback_lost'], 'chargeback_won')).toBe(true);
  });

  it('payouts: paid/failed once; returned once; paid after returned is stale', () => {
    expect(isStaleOutcome([], 'payout_paid')).toBe(false);
    expect(isStaleOutcome(['payout_paid'], 'payout_failed')).toBe(true);
    expect(isStaleOutcome(['payout_returned'], 'payout_paid')).toBe(true);
    expect(isStaleOutcome(['payout_paid'], 'payout_returned')).toBe(false);
    expect(isStaleOutcome(['payout_paid', 'payout_returned'], 'payout_returned')).toBe(true);
  });
});
