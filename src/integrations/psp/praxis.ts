/**
 * Praxis Cashier (PROTOCOLS.md §5; Praxis integration docs "Authentication",
 * "Cashier API {cashier}", "Webhooks Notification", "Objects Transaction").
 *
 * Signature — not an HMAC: `GT-Authentication` = lowercase hex
 * SHA-384(v1 ‖ v2 ‖ … ‖ vn ‖ merchant_secret), the values of a fixed list of
 * fields concatenated without separator, in the order given per message;
 * fields whose value is null (or absent) are skipped [doc, notification page
 * "IMPORTANT 4"]. Numbers are written as JSON numbers print (1000, 1.5);
 * strings as they are. The signature covers field values, not the raw body, so
 * the JSON is parsed first, then verified, then validated (zod).
 *
 *   request  (our POST /cashier/cashier): merchant_id, application_key, timestamp, intent, cid, order_id
 *   response (to that request):          status, timestamp, redirect_url, customer.customer_token
 *   notification (to notification_url):  merchant_id, application_key, timestamp, customer.customer_token,
 *       session.order_id, transaction.tid, transaction.currency, transaction.amount,
 *       transaction.conversion_rate, transaction.processed_currency, transaction.processed_amount
 *   our acknowledgement:                 status, timestamp
 *
 * Acknowledgement: HTTP 200, `{ status: 0, description, version: "1.3", timestamp }`.
 * Praxis resends ~5 min later when the answer has `status: -1` or an
 * unrecognised format [doc]. The ack is signed with `GT-Authentication` (the
 * Authentication page: responses to incoming requests are signed the same
 * way); one third-party guide names the header `external-request-signature`
 * instead [code hookdeck/webhook-skills], so praxisAck sends both, same value.
 *
 * Dedup key of a notification: transaction tid + transaction_status (Praxis
 * sends one notification per status change of a transaction).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PspPayloadError, PspRequestError, PspUnavailableError, describeIssues } from './errors';
import type { PspMoneyOutcome, PspMoneyOutcomeKind, PspOutcome } from './outcome';
import { PspSignatureError } from './stripe-signature';

export const PRAXIS_API_VERSION = '1.3';
export const PRAXIS_SANDBOX_BASE_URL = 'https://pci-gw-test.praxispay.com';
export const PRAXIS_LIVE_BASE_URL = 'https://gw.praxisgate.com';
export const PRAXIS_CASHIER_PATH = '/cashier/cashier';
export const PRAXIS_SIGNATURE_HEADER = 'GT-Authentication';
/** Header name for the ack used by one third-party guide; sent alongside GT-Authentication. */
export const PRAXIS_ALT_ACK_SIGNATURE_HEADER = 'external-request-signature';

export const PRAXIS_REQUEST_SIGNATURE_FIELDS = ['merchant_id', 'application_key', 'timestamp', 'intent', 'cid', 'order_id'] as const;
export const PRAXIS_RESPONSE_SIGNATURE_FIELDS = ['status', 'timestamp', 'redirect_url', 'customer.customer_token'] as const;
export const PRAXIS_NOTIFICATION_SIGNATURE_FIELDS = [
  'merchant_id',
  'application_key',
  'timestamp',
  'customer.customer_token',
  'session.order_id',
  'transaction.tid',
  'transaction.currency',
  'transaction.amount',
  'transaction.conversion_rate',
  'transaction.processed_currency',
  'transaction.processed_amount',
] as const;
export const PRAXIS_ACK_SIGNATURE_FIELDS = ['status', 'timestamp'] as const;

export type PraxisSignatureValue = string | number | boolean | null | undefined;

/** Lowercase hex SHA-384 of the values (null/undefined skipped) followed by the secret. */
export function praxisSignature(values: readonly PraxisSignatureValue[], secret: string): string {
  let concatenated = '';
  for (const value of values) {
    if (value === null || value === undefined) continue;
    concatenated += String(value);
  }
  return createHash('sha384').update(concatenated + secret, 'utf8').digest('hex');
}

/** Values at dotted paths of a parsed JSON object; objects/arrays count as absent. */
export function praxisFieldValues(data: unknown, paths: readonly string[]): PraxisSignatureValue[] {
  return paths.map((path) => {
    let cursor: unknown = data;
    for (const key of path.split('.')) {
      if (cursor === null || typeof cursor !== 'object' || Array.isArray(cursor)) return undefined;
      cursor = (cursor as Record<string, unknown>)[key];
    }
    return typeof cursor === 'string' || typeof cursor === 'number' || typeof cursor === 'boolean' ? cursor : undefined;
  });
}

export function praxisSignatureOf(data: unknown, paths: readonly string[], secret: string): string {
  return praxisSignature(praxisFieldValues(data, paths), secret);
}

function sameHex(expectedHex: string, received: string): boolean {
  const a = Buffer.from(expectedHex, 'utf8');
  const b = Buffer.from(received.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function single(header: string | string[] | undefined): string | undefined {
  if (Array.isArray(header)) {
    if (header.length > 1) throw new PspSignatureError('malformed', 'GT-Authentication header is repeated');
    return header[0];
  }
  return header;
}

/** Checks a GT-Authentication value against data with any of the secrets; throws PspSignatureError. */
export function verifyPraxisSignature(data: unknown, paths: readonly string[], header: string | string[] | undefined, secret: string | readonly string[]): void {
  const secrets = (typeof secret === 'string' ? [secret] : [...secret]).filter((s) => s.length > 0);
  if (secrets.length === 0) throw new TypeError('no Praxis merchant secret configured');
  const value = single(header)?.trim();
  if (!value) throw new PspSignatureError('missing', 'missing GT-Authentication header');
  if (!/^[0-9a-fA-F]{96}$/.test(value)) throw new PspSignatureError('malformed', 'GT-Authentication is not a SHA-384 hex digest');
  let matched = false;
  for (const s of secrets) if (sameHex(praxisSignatureOf(data, paths, s), value)) matched = true;
  if (!matched) throw new PspSignatureError('mismatch', 'GT-Authentication does not match the message');
}

// ------------------------------------------------------------------ cashier session

export type PraxisIntent = 'payment' | 'withdrawal';

export interface PraxisClientOptions {
  /** PRAXIS_SANDBOX_BASE_URL, PRAXIS_LIVE_BASE_URL or the simulator's url. */
  baseUrl: string;
  merchantId: string;
  applicationKey: string;
  merchantSecret: string;
  fetch?: typeof fetch;
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Clock (ms since epoch) for `timestamp`; default Date.now. */
  now?: () => number;
}

export interface PraxisCustomerData {
  firstName: string;
  lastName: string;
  email: string;
  /** ISO alpha-2 */
  country?: string;
  phone?: string;
  /** dd/mm/yyyy per Praxis docs [?] — passed through as given. */
  dob?: string;
  address?: string;
  city?: string;
  zip?: string;
}

export interface PraxisCashierSessionInput {
  intent: PraxisIntent;
  amountMinor: bigint;
  currency: string;
  /** Our customer id (no PII). */
  cid: string;
  /** Our deposit id / withdrawal id. */
  orderId: string;
  locale?: string;
  customer: PraxisCustomerData;
  notificationUrl: string;
  returnUrl: string;
  validationUrl?: string;
  gateway?: string;
}

export interface PraxisCashierSession {
  /** Where to send the customer's browser (or the iframe src). */
  redirectUrl: string;
  authToken: string | undefined;
  customerToken: string | undefined;
  sessionStatus: string | undefined;
  orderId: string;
  timestamp: number;
}

const cashierResponseSchema = z.looseObject({
  status: z.number().int(),
  description: z.string().nullish(),
  redirect_url: z.string().nullish(),
  customer: z.looseObject({ customer_token: z.string().nullish() }).nullish(),
  session: z.looseObject({ auth_token: z.string().nullish(), session_status: z.string().nullish(), order_id: z.string().nullish() }).nullish(),
  timestamp: z.number().int().nullish(),
});

/** The request body, unsigned (exposed for tests and the simulator). */
export function praxisCashierRequestBody(options: Pick<PraxisClientOptions, 'merchantId' | 'applicationKey'>, input: PraxisCashierSessionInput, timestamp: number): Record<string, unknown> {
  if (input.amountMinor <= 0n || input.amountMinor > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${input.amountMinor} is out of range`);
  const customerData: Record<string, string> = { first_name: input.customer.firstName, last_name: input.customer.lastName, email: input.customer.email };
  if (input.customer.country) customerData.country = input.customer.country;
  if (input.customer.phone) customerData.phone = input.customer.phone;
  if (input.customer.dob) customerData.dob = input.customer.dob;
  if (input.customer.address) customerData.address = input.customer.address;
  if (input.customer.city) customerData.city = input.customer.city;
  if (input.customer.zip) customerData.zip = input.customer.zip;
  const body: Record<string, unknown> = {
    merchant_id: options.merchantId,
    application_key: options.applicationKey,
    intent: input.intent,
    currency: input.currency.toUpperCase(),
    amount: Number(input.amountMinor),
    cid: input.cid,
    locale: input.locale ?? 'en-GB',
    customer_data: customerData,
    notification_url: input.notificationUrl,
    return_url: input.returnUrl,
    order_id: input.orderId,
    version: PRAXIS_API_VERSION,
    timestamp,
  };
  if (input.validationUrl) body.validation_url = input.validationUrl;
  if (input.gateway) body.gateway = input.gateway;
  return body;
}

/**
 * `POST {baseUrl}/cashier/cashier` signed with GT-Authentication; verifies the
 * response's GT-Authentication (status, timestamp, redirect_url,
 * customer.customer_token) and returns the redirect url. Re-sending the same
 * order_id is how a retry after a timeout is made; whether Praxis deduplicates
 * cashier sessions by order_id is not documented [?].
 */
export async function createPraxisCashierSession(options: PraxisClientOptions, input: PraxisCashierSessionInput): Promise<PraxisCashierSession> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const body = praxisCashierRequestBody(options, input, timestamp);
  const url = options.baseUrl.replace(/\/+$/, '') + PRAXIS_CASHIER_PATH;

  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        Accept: 'application/json',
        [PRAXIS_SIGNATURE_HEADER]: praxisSignatureOf(body, PRAXIS_REQUEST_SIGNATURE_FIELDS, options.merchantSecret),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const reason = name === 'TimeoutError' || name === 'AbortError' ? `timed out after ${timeoutMs} ms` : 'network error';
    throw new PspUnavailableError(`Praxis cashier: ${reason}`, undefined, { cause: err });
  }
  if (response.status >= 500 || response.status === 429) throw new PspUnavailableError(`Praxis cashier answered HTTP ${response.status}`, response.status);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (!response.ok) throw new PspRequestError(`Praxis cashier answered HTTP ${response.status}`, response.status, String(response.status), text.slice(0, 200));
    throw new PspUnavailableError('Praxis cashier: answer is not JSON', response.status);
  }
  const parsed = cashierResponseSchema.safeParse(json);
  if (!parsed.success) throw new PspUnavailableError(`Praxis cashier: unexpected answer (${describeIssues(parsed.error.issues).join('; ')})`, response.status);
  const answer = parsed.data;
  if (answer.status < 0) throw new PspUnavailableError(`Praxis cashier: status ${answer.status} ${answer.description ?? ''}`.trim(), response.status);
  if (answer.status !== 0 || !response.ok) {
    throw new PspRequestError(`Praxis refused the cashier session: ${answer.description ?? `status ${answer.status}`}`, response.status, String(answer.status), answer.description ?? '');
  }
  verifyPraxisSignature(json, PRAXIS_RESPONSE_SIGNATURE_FIELDS, response.headers.get(PRAXIS_SIGNATURE_HEADER) ?? undefined, options.merchantSecret);
  if (!answer.redirect_url) throw new PspUnavailableError('Praxis cashier: no redirect_url in a successful answer', response.status);
  return {
    redirectUrl: answer.redirect_url,
    authToken: answer.session?.auth_token ?? undefined,
    customerToken: answer.customer?.customer_token ?? undefined,
    sessionStatus: answer.session?.session_status ?? undefined,
    orderId: input.orderId,
    timestamp,
  };
}

// ------------------------------------------------------------------ notifications

const intLike = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]);
const optStr = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
const optMinor = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : BigInt(v)));
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .transform((v) => v.toUpperCase());

export const praxisTransactionSchema = z.looseObject({
  /** sale | payout | refund | authorize */
  transaction_type: z.string().min(1),
  /** sale: pending, pending_async, authorized, approved, declined, rejected, chargeback, reversed, cancelled, error; payout: requested, pending_async, authorized, "in progress", approved, rejected, reversed, error */
  transaction_status: z.string().min(1),
  tid: intLike,
  transaction_id: optStr,
  currency,
  amount: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v)),
  conversion_rate: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? undefined : String(v))),
  processed_currency: currency.nullish().transform((v) => v ?? undefined),
  processed_amount: optMinor,
  fee: optMinor,
  payment_method: optStr,
  payment_processor: optStr,
  gateway: optStr,
  status_code: z.union([z.string(), z.number()]).nullish(),
  status_details: optStr,
  error_details: optStr,
  card: z.looseObject({ card_holder: optStr }).nullish(),
  wallet: z.looseObject({ data: z.looseObject({ holder_name: optStr }).nullish() }).nullish(),
});

export const praxisNotificationSchema = z.looseObject({
  merchant_id: z.string().min(1),
  application_key: z.string().min(1),
  customer: z.looseObject({ customer_token: z.string().min(1) }),
  session: z.looseObject({
    auth_token: optStr,
    /** payment | withdrawal | authorization */
    intent: optStr,
    session_status: optStr,
    order_id: z.string().min(1),
    currency: currency.nullish().transform((v) => v ?? undefined),
    amount: optMinor,
    cid: optStr,
  }),
  transaction: praxisTransactionSchema.nullable(),
  version: z.union([z.string(), z.number()]).transform(String),
  timestamp: intLike,
});

export type PraxisNotification = z.infer<typeof praxisNotificationSchema>;

export interface VerifyPraxisOptions {
  /**
   * Optional freshness check of the body `timestamp` (not a Praxis rule: Praxis
   * documents no tolerance, and whether a resend keeps the original timestamp is
   * unknown [?]); when set, |now − timestamp| > toleranceSeconds → 'stale'.
   */
  nowSeconds?: number;
  toleranceSeconds?: number;
}

/**
 * Parses the JSON (the signature covers field values), verifies
 * GT-Authentication with any of the secrets, then validates the notification.
 * Throws PspPayloadError (not JSON / wrong shape) or PspSignatureError.
 */
export function verifyPraxisNotification(rawBody: Buffer, headerValue: string | string[] | undefined, secret: string | readonly string[], options: VerifyPraxisOptions = {}): PraxisNotification {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new PspPayloadError('notification body is not valid JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new PspPayloadError('notification body is not a JSON object');
  verifyPraxisSignature(json, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, headerValue, secret);
  const parsed = praxisNotificationSchema.safeParse(json);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues);
    throw new PspPayloadError(`not a Praxis notification: ${issues.join('; ')}`, issues);
  }
  if (options.nowSeconds !== undefined) {
    const tolerance = options.toleranceSeconds ?? 300;
    const age = Math.floor(options.nowSeconds) - parsed.data.timestamp;
    if (Math.abs(age) > tolerance) throw new PspSignatureError('stale', `notification timestamp is ${Math.abs(age)} s ${age > 0 ? 'old' : 'in the future'} (tolerance ${tolerance} s)`);
  }
  return parsed.data;
}

export interface PraxisAckBody {
  status: 0 | 1;
  description: string;
  version: string;
  timestamp: number;
}

/**
 * Our answer to a notification: send `body` as JSON with HTTP 200 and these
 * headers. status 0 = accepted; 1 = refused (for the validation callback, 1
 * rejects the attempt). To have Praxis resend later, answer `status: -1`, a
 * non-JSON body or a 5xx instead.
 */
export function praxisAck(status: 0 | 1, description: string, secret: string, timestamp: number): { body: PraxisAckBody; headers: Record<string, string> } {
  const body: PraxisAckBody = { status, description, version: PRAXIS_API_VERSION, timestamp };
  const signature = praxisSignature([status, timestamp], secret);
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      [PRAXIS_SIGNATURE_HEADER]: signature,
      [PRAXIS_ALT_ACK_SIGNATURE_HEADER]: signature,
    },
  };
}

/** Exactly-once key: tid + transaction status (or order_id + session status for a notification without a transaction). */
export function praxisDedupKey(notification: PraxisNotification): string {
  const t = notification.transaction;
  if (t) return `tid:${t.tid}:${t.transaction_status}`;
  return `order:${notification.session.order_id}:${notification.session.session_status ?? 'unknown'}`;
}

const SALE_PENDING = new Set(['pending', 'pending_async', 'authorized', 'initialized', 'requested']);
const FAILED = new Set(['rejected', 'declined', 'error', 'cancelled', 'canceled']);

/**
 * What a (verified) notification means. Documented statuses [doc]:
 * - sale: approved → deposit_succeeded; pending/pending_async/authorized → deposit_pending;
 *   rejected/declined/error/cancelled → deposit_failed; chargeback → chargeback_opened;
 *   reversed ("refund done at PSP side") → deposit_refunded.
 * - payout: approved → payout_paid; rejected/error/cancelled → payout_failed;
 *   reversed → payout_returned (our reading: the paid-out funds came back);
 *   requested/pending_async/authorized/"in progress" → ignored (still in progress).
 * - refund: approved → deposit_refunded; rejected/error/cancelled → refund_failed; else ignored.
 * ASSUMPTIONS [?] (not documented by Praxis): a refund transaction's notification
 * carries the original deposit's session.order_id; the outcome of a chargeback is
 * not notified except `chargeback_reversed` (our name) → chargeback_won — without
 * it the chargeback simply stands (our `chargeback_lost` never comes from Praxis).
 * No transaction (expired session) → deposit_failed "expired" for a payment
 * session, ignored otherwise. FX: processed_amount/processed_currency are
 * reported when present. payerName: card.card_holder [doc, when enabled in
 * Atlas] or wallet.data.holder_name [?].
 */
export function praxisOutcome(notification: PraxisNotification): PspOutcome {
  const occurredAt = new Date(notification.timestamp * 1000);
  const reference = notification.session.order_id;
  const t = notification.transaction;
  if (!t) {
    if ((notification.session.intent ?? 'payment') === 'payment' && notification.session.amount !== undefined && notification.session.currency !== undefined) {
      return {
        kind: 'deposit_failed',
        reference,
        amountMinor: notification.session.amount,
        currency: notification.session.currency,
        reason: 'expired',
        providerReference: notification.session.auth_token ?? reference,
        occurredAt,
      };
    }
    return { kind: 'ignored', reference, eventType: `session.${notification.session.session_status ?? 'unknown'}`, occurredAt };
  }
  const type = t.transaction_type;
  const status = t.transaction_status;
  let kind: PspMoneyOutcomeKind | undefined;
  if (type === 'sale' || type === 'authorize' || type === 'authorization') {
    if (status === 'approved') kind = 'deposit_succeeded';
    else if (SALE_PENDING.has(status)) kind = 'deposit_pending';
    else if (FAILED.has(status)) kind = 'deposit_failed';
    else if (status === 'chargeback') kind = 'chargeback_opened';
    else if (status === 'chargeback_reversed') kind = 'chargeback_won';
    else if (status === 'reversed') kind = 'deposit_refunded';
  } else if (type === 'payout') {
    if (status === 'approved') kind = 'payout_paid';
    else if (FAILED.has(status)) kind = 'payout_failed';
    else if (status === 'reversed') kind = 'payout_returned';
  } else if (type === 'refund') {
    if (status === 'approved') kind = 'deposit_refunded';
    else if (FAILED.has(status)) kind = 'refund_failed';
  }
  if (!kind) return { kind: 'ignored', reference, eventType: `${type}.${status}`, occurredAt };

  const outcome: PspMoneyOutcome = { kind, reference, amountMinor: t.amount, currency: t.currency, providerReference: String(t.tid), occurredAt };
  if (t.processed_amount !== undefined) outcome.processedAmountMinor = t.processed_amount;
  if (t.processed_currency !== undefined) outcome.processedCurrency = t.processed_currency;
  const payerName = t.card?.card_holder ?? t.wallet?.data?.holder_name;
  if (payerName !== undefined) outcome.payerName = payerName;
  if (kind === 'deposit_failed' || kind === 'payout_failed' || kind === 'refund_failed' || kind === 'payout_returned' || kind === 'chargeback_opened') {
    outcome.reason = t.status_details ?? t.error_details ?? status;
  }
  return outcome;
}
