/**
 * Praxis Cashier: signature vectors computed by hand from the documented field
 * orders (SHA-384 of the concatenated values + merchant secret, nulls skipped),
 * notification verification, the ack, outcomes and dedup keys.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PspPayloadError } from '../../../src/integrations/psp/errors';
import {
  PRAXIS_NOTIFICATION_SIGNATURE_FIELDS,
  PRAXIS_REQUEST_SIGNATURE_FIELDS,
  PRAXIS_RESPONSE_SIGNATURE_FIELDS,
  praxisAck,
  praxisCashierRequestBody,
  praxisDedupKey,
  praxisOutcome,
  praxisSignature,
  praxisSignatureOf,
  verifyPraxisNotification,
  type PraxisNotification,
} from '../../../src/integrations/psp/praxis';
import { PspSignatureError, type PspSignatureFailure } from '../../../src/integrations/psp/stripe-signature';

const SECRET = 'MerchantSecretKey';
const sha384 = (s: string) => createHash('sha384').update(s, 'utf8').digest('hex');

function notification(overrides: { transaction?: Record<string, unknown> | null; session?: Record<string, unknown>; timestamp?: number } = {}): Record<string, unknown> {
  const transaction =
    overrides.transaction === null
      ? null
      : {
          transaction_type: 'sale',
          transaction_status: 'approved',
          tid: 1000001,
          transaction_id: 'psp-1000001',
          currency: 'EUR',
          amount: 10000,
          conversion_rate: '1.085000',
          processed_currency: 'USD',
          processed_amount: 10850,
          fee: 163,
          payment_method: 'Bank Transfer',
          payment_processor: 'SimulatedBank',
          gateway: 'sim-gateway',
          card: null,
          wallet: { wallet_token: 'w', account_identifier: 'CY17', data: { holder_name: 'Maria Georgiou' } },
          status_details: null,
          ...(overrides.transaction ?? {}),
        };
  return {
    merchant_id: 'API-Merchant',
    application_key: 'test-app',
    customer: { customer_token: 'cust-token-1', country: 'CY', first_name: 'Maria', last_name: 'Georgiou', avs_alert: 0, verification_alert: 0 },
    session: { auth_token: 'abc', intent: 'payment', session_status: 'succeeded', order_id: 'dep-0001', currency: 'EUR', amount: 10000, cid: 'client-42', ...(overrides.session ?? {}) },
    transaction,
    version: '1.3',
    timestamp: overrides.timestamp ?? 1700000100,
  };
}

function signed(body: Record<string, unknown>, secret = SECRET) {
  return { raw: Buffer.from(JSON.stringify(body)), header: praxisSignatureOf(body, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, secret) };
}

function reasonOf(fn: () => unknown): PspSignatureFailure | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PspSignatureError) return err.reason;
    throw err;
  }
  return undefined;
}

describe('praxisSignature vectors (by hand, from the documented orders)', () => {
  it('request: merchant_id, application_key, timestamp, intent, cid, order_id + secret', () => {
    const concatenated = 'API-Merchant' + 'test-app' + '1700000000' + 'payment' + 'client-42' + 'dep-0001' + SECRET;
    // printf '%s' "$concatenated" | openssl dgst -sha384
    const expected = '4089334c95f766df9920a7376d83704cbea401311d306b68d35e093953da276eeb5a8666033728b16ccd4c8709ec56a2';
    expect(sha384(concatenated)).toBe(expected);
    expect(praxisSignature(['API-Merchant', 'test-app', 1700000000, 'payment', 'client-42', 'dep-0001'], SECRET)).toBe(expected);

    const body = praxisCashierRequestBody(
      { merchantId: 'API-Merchant', applicationKey: 'test-app' },
      {
        intent: 'payment',
        amountMinor: 10000n,
        currency: 'eur',
        cid: 'client-42',
        orderId: 'dep-0001',
        customer: { firstName: 'Maria', lastName: 'Georgiou', email: 'maria@example.com', country: 'CY' },
        notificationUrl: 'https://broker.example/webhooks/psp/demo_local_bank',
        returnUrl: 'https://broker.example/portal/deposits',
      },
      1700000000,
    );
    expect(body).toMatchObject({ amount: 10000, currency: 'EUR', version: '1.3', customer_data: { first_name: 'Maria', last_name: 'Georgiou', email: 'maria@example.com', country: 'CY' } });
    expect(praxisSignatureOf(body, PRAXIS_REQUEST_SIGNATURE_FIELDS, SECRET)).toBe(expected);
  });

  it('response: status, timestamp, redirect_url, customer.customer_token + secret', () => {
    const answer = { status: 0, description: 'Ok', redirect_url: 'https://cashier.example/pay/abc', customer: { customer_token: 'cust-token-1' }, session: {}, version: '1.3', timestamp: 1700000000 };
    expect(praxisSignatureOf(answer, PRAXIS_RESPONSE_SIGNATURE_FIELDS, SECRET)).toBe('78b858aa0ddef946cc8354d2084d60abbe412e46ad916886ffc7fb6951b933d2ca5c28d8a07000911ecb3e0172c0c37f');
  });

  it('notification with FX: all eleven fields in order + secret', () => {
    const byHand = 'API-Merchant' + 'test-app' + '1700000100' + 'cust-token-1' + 'dep-0001' + '1000001' + 'EUR' + '10000' + '1.085000' + 'USD' + '10850' + SECRET;
    const expected = '246097b29202092814e43736a1ffc6bff317cbed76a40f38c99f0dbbb205fab1c4e701848c5ff798cb0aa1b77efc969d';
    expect(sha384(byHand)).toBe(expected);
    expect(praxisSignatureOf(notification(), PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, SECRET)).toBe(expected);
  });

  it('notification of a pending transaction: null fields are skipped', () => {
    const body = notification({ transaction: { transaction_status: 'pending', conversion_rate: null, processed_currency: null, processed_amount: null }, timestamp: 1700000050 });
    const byHand = 'API-Merchant' + 'test-app' + '1700000050' + 'cust-token-1' + 'dep-0001' + '1000001' + 'EUR' + '10000' + SECRET;
    expect(praxisSignatureOf(body, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, SECRET)).toBe('fdf3cfe4ba9a3f759798fe9825f12a1a013cbe251f8c26caadc219834cd088cda37b72b32a205b7780ef1338470e5a0d');
    expect(sha384(byHand)).toBe('fdf3cfe4ba9a3f759798fe9825f12a1a013cbe251f8c26caadc219834cd088cda37b72b32a205b7780ef1338470e5a0d');
  });

  it('ack: status, timestamp + secret', () => {
    const ack = praxisAck(0, 'Ok', SECRET, 1700000200);
    expect(sha384('0' + '1700000200' + SECRET)).toBe('7da871e94435ecc36b7dd3053c5ec7e4e3df54e3ae78522feb15bd8e67099d26955703c872c0fa726be0060fc0b8824c');
    expect(ack.headers['GT-Authentication']).toBe('7da871e94435ecc36b7dd3053c5ec7e4e3df54e3ae78522feb15bd8e67099d26955703c872c0fa726be0060fc0b8824c');
    expect(ack.headers['external-request-signature']).toBe(ack.headers['GT-Authentication']);
    expect(ack.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(ack.body).toEqual({ status: 0, description: 'Ok', version: '1.3', timestamp: 1700000200 });
    expect(praxisAck(1, 'refused', SECRET, 1700000200).headers['GT-Authentication']).toBe(sha384('1' + '1700000200' + SECRET));
  });

  it('numbers are concatenated as JSON prints them', () => {
    expect(praxisSignature([1.5, 100, 'x', null, undefined, ''], 's')).toBe(sha384('1.5100xs'));
  });
});

describe('verifyPraxisNotification', () => {
  it('verifies and parses; amounts become bigint, currencies upper case', () => {
    const { raw, header } = signed(notification());
    const n = verifyPraxisNotification(raw, header, SECRET);
    expect(n.transaction).toMatchObject({ tid: 1000001, amount: 10000n, processed_amount: 10850n, processed_currency: 'USD', conversion_rate: '1.085000' });
    expect(n.session.order_id).toBe('dep-0001');
  });

  it('accepts either of two secrets (rotation) and upper-case hex', () => {
    const { raw, header } = signed(notification(), 'new-secret');
    expect(() => verifyPraxisNotification(raw, header.toUpperCase(), ['old-secret', 'new-secret'])).not.toThrow();
  });

  it('a changed amount, tid or order_id is a mismatch', () => {
    const body = notification();
    const header = praxisSignatureOf(body, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, SECRET);
    for (const tamper of [
      (b: any) => (b.transaction.amount = 99999),
      (b: any) => (b.transaction.tid = 1000002),
      (b: any) => (b.session.order_id = 'dep-0002'),
      (b: any) => (b.transaction.processed_amount = 1),
    ]) {
      const copy = structuredClone(body);
      tamper(copy);
      expect(reasonOf(() => verifyPraxisNotification(Buffer.from(JSON.stringify(copy)), header, SECRET))).toBe('mismatch');
    }
  });

  it('fields outside the signed list are not covered (documented limitation): transaction_status can change', () => {
    const body = notification();
    const header = praxisSignatureOf(body, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, SECRET);
    const copy = structuredClone(body) as any;
    copy.transaction.transaction_status = 'rejected';
    expect(reasonOf(() => verifyPraxisNotification(Buffer.from(JSON.stringify(copy)), header, SECRET))).toBeUndefined();
  });

  it('missing, malformed, wrong secret', () => {
    const { raw, header } = signed(notification());
    expect(reasonOf(() => verifyPraxisNotification(raw, undefined, SECRET))).toBe('missing');
    expect(reasonOf(() => verifyPraxisNotification(raw, 'abc', SECRET))).toBe('malformed');
    expect(reasonOf(() => verifyPraxisNotification(raw, [header, header], SECRET))).toBe('malformed');
    expect(reasonOf(() => verifyPraxisNotification(raw, header, 'other'))).toBe('mismatch');
  });

  it('not JSON → PspPayloadError; authentic but not a notification → PspPayloadError after the signature check', () => {
    expect(() => verifyPraxisNotification(Buffer.from('not json'), 'a'.repeat(96), SECRET)).toThrow(PspPayloadError);
    const bogus = { merchant_id: 'API-Merchant', application_key: 'test-app', timestamp: 1 };
    const header = praxisSignatureOf(bogus, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, SECRET);
    expect(() => verifyPraxisNotification(Buffer.from(JSON.stringify(bogus)), header, SECRET)).toThrow(PspPayloadError);
    expect(reasonOf(() => verifyPraxisNotification(Buffer.from(JSON.stringify(bogus)), 'a'.repeat(96), SECRET))).toBe('mismatch');
  });

  it('optional freshness check', () => {
    const { raw, header } = signed(notification({ timestamp: 1700000000 }));
    expect(() => verifyPraxisNotification(raw, header, SECRET, { nowSeconds: 1700000300 })).not.toThrow();
    expect(reasonOf(() => verifyPraxisNotification(raw, header, SECRET, { nowSeconds: 1700000301 }))).toBe('stale');
    expect(() => verifyPraxisNotification(raw, header, SECRET)).not.toThrow();
  });
});

describe('praxisOutcome', () => {
  const parse = (body: Record<string, unknown>): PraxisNotification => {
    const { raw, header } = signed(body);
    return verifyPraxisNotification(raw, header, SECRET);
  };
  const kind = (transaction: Record<string, unknown>, session: Record<string, unknown> = {}) => praxisOutcome(parse(notification({ transaction, session }))).kind;

  it('approved sale → deposit_succeeded with FX, payer name, tid', () => {
    expect(praxisOutcome(parse(notification()))).toEqual({
      kind: 'deposit_succeeded',
      reference: 'dep-0001',
      amountMinor: 10000n,
      currency: 'EUR',
      processedAmountMinor: 10850n,
      processedCurrency: 'USD',
      payerName: 'Maria Georgiou',
      providerReference: '1000001',
      occurredAt: new Date(1700000100 * 1000),
    });
  });

  it('card_holder is used for cards', () => {
    expect(praxisOutcome(parse(notification({ transaction: { wallet: null, card: { card_type: 'VISA', card_number: '4111', card_holder: 'M GEORGIOU' } } })))).toMatchObject({ payerName: 'M GEORGIOU' });
  });

  it.each([
    ['sale', 'pending', 'deposit_pending'],
    ['sale', 'pending_async', 'deposit_pending'],
    ['sale', 'authorized', 'deposit_pending'],
    ['sale', 'rejected', 'deposit_failed'],
    ['sale', 'declined', 'deposit_failed'],
    ['sale', 'error', 'deposit_failed'],
    ['sale', 'cancelled', 'deposit_failed'],
    ['sale', 'chargeback', 'chargeback_opened'],
    ['sale', 'chargeback_reversed', 'chargeback_won'],
    ['sale', 'reversed', 'deposit_refunded'],
    ['refund', 'approved', 'deposit_refunded'],
    ['refund', 'rejected', 'refund_failed'],
    ['refund', 'pending', 'ignored'],
    ['payout', 'approved', 'payout_paid'],
    ['payout', 'rejected', 'payout_failed'],
    ['payout', 'error', 'payout_failed'],
    ['payout', 'reversed', 'payout_returned'],
    ['payout', 'requested', 'ignored'],
    ['payout', 'in progress', 'ignored'],
    ['sale', 'something_new', 'ignored'],
  ])('%s %s → %s', (type, status, expected) => {
    expect(kind({ transaction_type: type, transaction_status: status })).toBe(expected);
  });

  it('a rejection carries the reason', () => {
    expect(praxisOutcome(parse(notification({ transaction: { transaction_status: 'rejected', status_details: 'Insufficient funds' } })))).toMatchObject({ kind: 'deposit_failed', reason: 'Insufficient funds' });
    expect(praxisOutcome(parse(notification({ transaction: { transaction_status: 'error' } })))).toMatchObject({ kind: 'deposit_failed', reason: 'error' });
  });

  it('no transaction (expired session) → deposit_failed "expired" for a payment session', () => {
    const n = parse(notification({ transaction: null, session: { session_status: 'expired' } }));
    expect(praxisOutcome(n)).toMatchObject({ kind: 'deposit_failed', reference: 'dep-0001', amountMinor: 10000n, currency: 'EUR', reason: 'expired' });
    expect(praxisDedupKey(n)).toBe('order:dep-0001:expired');
  });

  it('dedup key = tid + status', () => {
    expect(praxisDedupKey(parse(notification()))).toBe('tid:1000001:approved');
    expect(praxisDedupKey(parse(notification({ transaction: { transaction_status: 'pending', processed_amount: null } })))).toBe('tid:1000001:pending');
  });
});
