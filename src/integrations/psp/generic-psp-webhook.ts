/**
 * Callbacks of our GENERIC PSP protocol (Stripe's wire format, PROTOCOLS.md §5).
 *
 * Delivery: `POST <webhook url>` with `Content-Type: application/json` and
 * `Stripe-Signature: t=…,v1=…` (see stripe-signature.ts). At least once, no
 * ordering guarantee; the receiver answers 2xx once it has stored the event,
 * anything else is retried. Dedup key: the event `id`.
 *
 * Envelope: `{ id: "evt_…", object: "event", type, created (unix s), livemode,
 * data: { object } }`. The envelope and then `data.object` are validated with
 * zod AFTER the signature was verified over the raw bytes.
 *
 * Objects (our protocol, not Stripe's field names: amounts are integer minor
 * units in `amount_minor`, ISO currency codes in upper case (lower case is
 * accepted), and every object carries `reference` = our id):
 * - `checkout.session` {id cs_…, reference, amount_minor, currency, status open|complete|expired,
 *   payment_status paid|unpaid|no_payment_required, method card|wire, payment_intent, payer_name?,
 *   processed_amount_minor?, processed_currency?}
 * - `payment_intent` {id pi_…, reference, amount_minor, currency, status, payer_name?, processed_*?,
 *   last_payment_error? {code, message}}
 * - `charge` {id ch_…, reference, amount_minor, currency, amount_refunded_minor (cumulative), refunded,
 *   refunds: {data: [refund, newest first]}}
 * - `refund` {id re_…, reference, amount_minor, currency, status, failure_reason?}
 * - `dispute` {id dp_…, reference, amount_minor, currency, status, reason}
 * - `payout` {id po_…, reference, amount_minor, currency, status pending|in_transit|paid|failed|canceled|returned,
 *   failure_code?, failure_message?}
 *
 * Event types (Stripe's names) and what they mean (`pspEventOutcome`):
 * - checkout.session.completed: payment_status paid → deposit_succeeded, unpaid → deposit_pending
 *   (delayed methods such as wire); checkout.session.async_payment_succeeded/_failed → succeeded/failed;
 *   checkout.session.expired → deposit_failed ("expired").
 * - payment_intent.processing → deposit_pending; .succeeded → deposit_succeeded;
 *   .payment_failed / .canceled → deposit_failed.
 * - charge.refunded → deposit_refunded for the newest refund's amount; refund.failed → refund_failed.
 * - charge.dispute.created → chargeback_opened (funds withdrawn), except inquiries (status
 *   warning_*) → ignored; charge.dispute.closed → chargeback_won / chargeback_lost by status
 *   (warning_closed → ignored).
 * - payout.paid → payout_paid; payout.failed / payout.canceled → payout_failed.
 * - payout.returned → payout_returned. NOT a Stripe event: OUR extension for a payout that
 *   was paid and later came back (a returned wire). data.object is the payout with
 *   status "returned" and failure_code / failure_message = the bank's return reason.
 *   (Stripe itself reports this as a payout.failed arriving after payout.paid.)
 * Anything else → ignored.
 */
import { z } from 'zod';
import { PspPayloadError, describeIssues } from './errors';
import type { PspMoneyOutcome, PspMoneyOutcomeKind, PspOutcome } from './outcome';
import { STRIPE_DEFAULT_TOLERANCE_SECONDS, PspSignatureError, verifyStripeSignature } from './stripe-signature';

export const GENERIC_PSP_EVENTS = {
  checkoutCompleted: 'checkout.session.completed',
  checkoutAsyncSucceeded: 'checkout.session.async_payment_succeeded',
  checkoutAsyncFailed: 'checkout.session.async_payment_failed',
  checkoutExpired: 'checkout.session.expired',
  paymentProcessing: 'payment_intent.processing',
  paymentSucceeded: 'payment_intent.succeeded',
  paymentFailed: 'payment_intent.payment_failed',
  paymentCanceled: 'payment_intent.canceled',
  chargeRefunded: 'charge.refunded',
  refundFailed: 'refund.failed',
  disputeCreated: 'charge.dispute.created',
  disputeClosed: 'charge.dispute.closed',
  payoutPaid: 'payout.paid',
  payoutFailed: 'payout.failed',
  payoutCanceled: 'payout.canceled',
  /** Our extension (not Stripe): a paid payout that came back, e.g. a returned wire. */
  payoutReturned: 'payout.returned',
} as const;

export type GenericPspEventType = (typeof GENERIC_PSP_EVENTS)[keyof typeof GENERIC_PSP_EVENTS];

/** Integer minor units, as a JSON number (safe integer) or a digit string; → bigint. */
export const minorAmountSchema = z
  .union([z.number().int().nonnegative().refine(Number.isSafeInteger, { message: 'amount is not a safe integer' }), z.string().regex(/^\d{1,30}$/)])
  .transform((v) => BigInt(v));

/** ISO 4217 alpha code, upper-cased. */
export const currencySchema = z
  .string()
  .regex(/^[A-Za-z]{3}$/, { message: 'expected an ISO 4217 currency code' })
  .transform((v) => v.toUpperCase());

const optString = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

const moneyFields = {
  id: z.string().min(1),
  reference: z.string().min(1),
  amount_minor: minorAmountSchema,
  currency: currencySchema,
};

const processedFields = {
  payer_name: optString,
  processed_amount_minor: minorAmountSchema.nullish().transform((v) => v ?? undefined),
  processed_currency: currencySchema.nullish().transform((v) => v ?? undefined),
};

export const checkoutSessionObjectSchema = z.looseObject({
  ...moneyFields,
  ...processedFields,
  object: z.literal('checkout.session'),
  status: z.string().min(1),
  payment_status: z.string().min(1),
  method: optString,
  payment_intent: optString,
});

export const paymentIntentObjectSchema = z.looseObject({
  ...moneyFields,
  ...processedFields,
  object: z.literal('payment_intent'),
  status: z.string().min(1),
  last_payment_error: z
    .looseObject({ code: optString, message: optString })
    .nullish()
    .transform((v) => v ?? undefined),
});

export const refundObjectSchema = z.looseObject({
  ...moneyFields,
  object: z.literal('refund'),
  status: z.string().min(1),
  failure_reason: optString,
});

const refundLineSchema = z.looseObject({ id: z.string().min(1), amount_minor: minorAmountSchema, status: z.string().min(1) });

export const chargeObjectSchema = z.looseObject({
  ...moneyFields,
  object: z.literal('charge'),
  amount_refunded_minor: minorAmountSchema,
  refunded: z.boolean(),
  refunds: z.looseObject({ data: z.array(refundLineSchema).min(1) }),
});

export const disputeObjectSchema = z.looseObject({
  ...moneyFields,
  object: z.literal('dispute'),
  status: z.string().min(1),
  reason: optString,
});

export const payoutObjectSchema = z.looseObject({
  ...moneyFields,
  object: z.literal('payout'),
  status: z.string().min(1),
  failure_code: optString,
  failure_message: optString,
});

const OBJECT_SCHEMAS: Record<string, z.ZodType> = {
  [GENERIC_PSP_EVENTS.checkoutCompleted]: checkoutSessionObjectSchema,
  [GENERIC_PSP_EVENTS.checkoutAsyncSucceeded]: checkoutSessionObjectSchema,
  [GENERIC_PSP_EVENTS.checkoutAsyncFailed]: checkoutSessionObjectSchema,
  [GENERIC_PSP_EVENTS.checkoutExpired]: checkoutSessionObjectSchema,
  [GENERIC_PSP_EVENTS.paymentProcessing]: paymentIntentObjectSchema,
  [GENERIC_PSP_EVENTS.paymentSucceeded]: paymentIntentObjectSchema,
  [GENERIC_PSP_EVENTS.paymentFailed]: paymentIntentObjectSchema,
  [GENERIC_PSP_EVENTS.paymentCanceled]: paymentIntentObjectSchema,
  [GENERIC_PSP_EVENTS.chargeRefunded]: chargeObjectSchema,
  [GENERIC_PSP_EVENTS.refundFailed]: refundObjectSchema,
  [GENERIC_PSP_EVENTS.disputeCreated]: disputeObjectSchema,
  [GENERIC_PSP_EVENTS.disputeClosed]: disputeObjectSchema,
  [GENERIC_PSP_EVENTS.payoutPaid]: payoutObjectSchema,
  [GENERIC_PSP_EVENTS.payoutFailed]: payoutObjectSchema,
  [GENERIC_PSP_EVENTS.payoutCanceled]: payoutObjectSchema,
  [GENERIC_PSP_EVENTS.payoutReturned]: payoutObjectSchema,
};

export const pspEventEnvelopeSchema = z.looseObject({
  id: z.string().regex(/^evt_[A-Za-z0-9_]+$/, { message: 'expected an event id "evt_…"' }),
  object: z.literal('event').optional(),
  type: z.string().min(1),
  created: z.number().int().nonnegative(),
  livemode: z.boolean().optional(),
  api_version: z.string().nullish(),
  data: z.looseObject({ object: z.looseObject({ id: z.string().min(1), object: z.string().min(1) }) }),
});

/** A verified, validated event. `data.object` is still the raw JSON object (validated per type). */
export type PspEvent = z.infer<typeof pspEventEnvelopeSchema>;

/** Validates the envelope and, for the event types we know, `data.object`. Throws PspPayloadError. */
export function parsePspEvent(json: unknown): PspEvent {
  const envelope = pspEventEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issues = describeIssues(envelope.error.issues);
    throw new PspPayloadError(`not a PSP event: ${issues.join('; ')}`, issues);
  }
  const schema = OBJECT_SCHEMAS[envelope.data.type];
  if (schema) {
    const object = schema.safeParse(envelope.data.data.object);
    if (!object.success) {
      const issues = describeIssues(object.error.issues).map((i) => `data.object.${i}`);
      throw new PspPayloadError(`${envelope.data.type}: unexpected data.object: ${issues.join('; ')}`, issues);
    }
  }
  return envelope.data;
}

/**
 * Verifies `Stripe-Signature` over the raw body (see verifyStripeSignature),
 * then parses and validates the event. Throws PspSignatureError (answer 400 —
 * Stripe retries non-2xx anyway — and do nothing) or PspPayloadError (400).
 */
export function verifyPspWebhook(
  rawBody: Buffer,
  signatureHeader: string | string[] | undefined,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds: number = STRIPE_DEFAULT_TOLERANCE_SECONDS,
): PspEvent {
  let header: string | undefined;
  if (Array.isArray(signatureHeader)) {
    if (signatureHeader.length > 1) throw new PspSignatureError('malformed', 'Stripe-Signature header is repeated');
    header = signatureHeader[0];
  } else {
    header = signatureHeader;
  }
  verifyStripeSignature(rawBody, header, secrets, nowSeconds, toleranceSeconds);
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new PspPayloadError('webhook body is not valid JSON');
  }
  return parsePspEvent(json);
}

/** Exactly-once key: the event id (the same for every delivery and resend of one event). */
export function pspEventDedupKey(event: Pick<PspEvent, 'id'>): string {
  return event.id;
}

type Money = { id: string; reference: string; amount_minor: bigint; currency: string };
type Processed = { payer_name?: string | undefined; processed_amount_minor?: bigint | undefined; processed_currency?: string | undefined };

function money(kind: PspMoneyOutcomeKind, event: PspEvent, obj: Money & Processed, extra: { reason?: string | undefined; providerReference?: string | undefined; amountMinor?: bigint } = {}): PspMoneyOutcome {
  const outcome: PspMoneyOutcome = {
    kind,
    reference: obj.reference,
    amountMinor: extra.amountMinor ?? obj.amount_minor,
    currency: obj.currency,
    providerReference: extra.providerReference ?? obj.id,
    occurredAt: new Date(event.created * 1000),
  };
  if (obj.processed_amount_minor !== undefined) outcome.processedAmountMinor = obj.processed_amount_minor;
  if (obj.processed_currency !== undefined) outcome.processedCurrency = obj.processed_currency;
  if (obj.payer_name !== undefined) outcome.payerName = obj.payer_name;
  if (extra.reason !== undefined) outcome.reason = extra.reason;
  return outcome;
}

function ignored(event: PspEvent): PspOutcome {
  const reference = (event.data.object as Record<string, unknown>).reference;
  return { kind: 'ignored', eventType: event.type, occurredAt: new Date(event.created * 1000), ...(typeof reference === 'string' && reference ? { reference } : {}) };
}

function parseObject<T extends z.ZodType>(schema: T, event: PspEvent): z.infer<T> {
  const parsed = schema.safeParse(event.data.object);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues);
    throw new PspPayloadError(`${event.type}: unexpected data.object: ${issues.join('; ')}`, issues);
  }
  return parsed.data;
}

/** Pure: what a (verified) event means for Traderoom. See the module comment for the mapping. */
export function pspEventOutcome(event: PspEvent): PspOutcome {
  const E = GENERIC_PSP_EVENTS;
  switch (event.type) {
    case E.checkoutCompleted:
    case E.checkoutAsyncSucceeded:
    case E.checkoutAsyncFailed:
    case E.checkoutExpired: {
      const s = parseObject(checkoutSessionObjectSchema, event);
      const providerReference = s.payment_intent ?? s.id;
      if (event.type === E.checkoutExpired) return money('deposit_failed', event, s, { reason: 'expired', providerReference });
      if (event.type === E.checkoutAsyncFailed) return money('deposit_failed', event, s, { reason: 'async_payment_failed', providerReference });
      if (event.type === E.checkoutAsyncSucceeded || s.payment_status === 'paid') return money('deposit_succeeded', event, s, { providerReference });
      if (s.payment_status === 'unpaid') return money('deposit_pending', event, s, { providerReference });
      return ignored(event);
    }
    case E.paymentProcessing:
      return money('deposit_pending', event, parseObject(paymentIntentObjectSchema, event));
    case E.paymentSucceeded:
      return money('deposit_succeeded', event, parseObject(paymentIntentObjectSchema, event));
    case E.paymentFailed: {
      const pi = parseObject(paymentIntentObjectSchema, event);
      return money('deposit_failed', event, pi, { reason: pi.last_payment_error?.message ?? pi.last_payment_error?.code ?? 'payment_failed' });
    }
    case E.paymentCanceled:
      return money('deposit_failed', event, parseObject(paymentIntentObjectSchema, event), { reason: 'canceled' });
    case E.chargeRefunded: {
      const charge = parseObject(chargeObjectSchema, event);
      const refund = charge.refunds.data[0]!;
      return money('deposit_refunded', event, charge, { amountMinor: refund.amount_minor, providerReference: refund.id });
    }
    case E.refundFailed: {
      const refund = parseObject(refundObjectSchema, event);
      return money('refund_failed', event, refund, { reason: refund.failure_reason ?? 'refund_failed' });
    }
    case E.disputeCreated: {
      const dispute = parseObject(disputeObjectSchema, event);
      if (dispute.status.startsWith('warning_')) return ignored(event);
      return money('chargeback_opened', event, dispute, { reason: dispute.reason });
    }
    case E.disputeClosed: {
      const dispute = parseObject(disputeObjectSchema, event);
      if (dispute.status === 'won') return money('chargeback_won', event, dispute, { reason: dispute.reason });
      if (dispute.status === 'lost') return money('chargeback_lost', event, dispute, { reason: dispute.reason });
      return ignored(event);
    }
    case E.payoutPaid:
      return money('payout_paid', event, parseObject(payoutObjectSchema, event));
    case E.payoutFailed: {
      const payout = parseObject(payoutObjectSchema, event);
      return money('payout_failed', event, payout, { reason: payout.failure_message ?? payout.failure_code ?? 'payout_failed' });
    }
    case E.payoutCanceled:
      return money('payout_failed', event, parseObject(payoutObjectSchema, event), { reason: 'canceled' });
    case E.payoutReturned: {
      const payout = parseObject(payoutObjectSchema, event);
      return money('payout_returned', event, payout, { reason: payout.failure_message ?? payout.failure_code ?? 'returned' });
    }
    default:
      return ignored(event);
  }
}
