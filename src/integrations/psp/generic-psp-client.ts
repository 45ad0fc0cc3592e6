/**
 * Adapter for our GENERIC PSP protocol: Stripe's conventions (Bearer secret
 * key, Idempotency-Key, `{ error: { type, code, message } }`, `cs_`/`po_` ids)
 * with our own JSON bodies (Stripe itself takes form-encoded bodies).
 *
 *   POST /v1/checkout/sessions  { amount_minor, currency, reference, customer{id,name,email}, return_url, method }
 *        → { id, object: "checkout.session", url (hosted page), status, payment_status, … }
 *   GET  /v1/checkout/sessions/{id}
 *   POST /v1/payouts            { amount_minor, currency, reference, destination{type, holder_name, …} }
 *        → { id, object: "payout", status, … }
 *   GET  /v1/payouts/{id}
 *   GET  /v1/settlement_reports?date_from=&date_to= → text/csv (settlement-report.ts), for reconciliation
 *
 * Every request: `Authorization: Bearer <secret key>`. Every POST:
 * `Idempotency-Key: <reference>` (our deposit id / payout attempt id), so a
 * retry after a timeout returns the object created the first time instead of a
 * second one. The same key with different parameters is refused (422,
 * `idempotency_error`); the same key while the first request is still running
 * is 409 (retryable).
 *
 * Failures: PspUnavailableError (network, timeout, 5xx, 429, 409, unreadable
 * answer: retry with the same reference) and PspRequestError (other 4xx).
 */
import { z } from 'zod';
import { PspRequestError, PspUnavailableError, describeIssues } from './errors';
import { currencySchema, minorAmountSchema } from './generic-psp-webhook';

export type GenericPspMethod = 'card' | 'wire';

export interface GenericPspClientOptions {
  /** The provider's API base, e.g. the loopback simulator's url. */
  baseUrl: string;
  /** API secret key (sent as a Bearer token). */
  secretKey: string;
  fetch?: typeof fetch;
  /** Per-request timeout; default 10 000 ms. */
  timeoutMs?: number;
}

export interface CreateCheckoutSessionInput {
  amountMinor: bigint;
  currency: string;
  /** Our deposit id; also the Idempotency-Key. */
  reference: string;
  customer: { id: string; name: string; email: string };
  /** Where the hosted page sends the payer back; `{CHECKOUT_SESSION_ID}` is replaced with the session id. */
  returnUrl: string;
  method: GenericPspMethod;
}

export interface PspCheckoutSession {
  id: string;
  /** Hosted payment page. */
  url: string;
  /** open | complete | expired */
  status: string;
  /** unpaid | paid */
  paymentStatus: string;
  reference: string;
  amountMinor: bigint;
  currency: string;
  method: string | undefined;
  paymentIntentId: string | undefined;
}

/** Bank account, card, e-wallet or crypto address, in the provider's field names. */
export interface PspPayoutDestination {
  type: 'bank_account' | 'card' | 'ewallet' | 'crypto' | (string & {});
  holder_name?: string;
  iban?: string;
  bic?: string;
  account_number?: string;
  wallet_id?: string;
  address?: string;
  network?: string;
  [key: string]: string | undefined;
}

export interface CreatePayoutInput {
  amountMinor: bigint;
  currency: string;
  /** Our withdrawal / payout attempt id; also the Idempotency-Key. */
  reference: string;
  destination: PspPayoutDestination;
}

export interface PspPayout {
  id: string;
  /** pending | in_transit | paid | failed | canceled | returned */
  status: string;
  reference: string;
  amountMinor: bigint;
  currency: string;
  failureCode: string | undefined;
  failureMessage: string | undefined;
}

export interface GenericPspClient {
  createCheckoutSession(input: CreateCheckoutSessionInput): Promise<PspCheckoutSession>;
  getCheckoutSession(id: string): Promise<PspCheckoutSession>;
  createPayout(input: CreatePayoutInput): Promise<PspPayout>;
  getPayout(id: string): Promise<PspPayout>;
  /** The settlement report (CSV text) for the UTC dates [dateFrom, dateTo] (YYYY-MM-DD), read with parseSettlementCsv. */
  getSettlementReport(dateFrom: string, dateTo: string): Promise<string>;
}

const sessionSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('checkout.session'),
  url: z.url(),
  status: z.string().min(1),
  payment_status: z.string().min(1),
  reference: z.string().min(1),
  amount_minor: minorAmountSchema,
  currency: currencySchema,
  method: z.string().nullish(),
  payment_intent: z.string().nullish(),
});

const payoutSchema = z.looseObject({
  id: z.string().min(1),
  object: z.literal('payout'),
  status: z.string().min(1),
  reference: z.string().min(1),
  amount_minor: minorAmountSchema,
  currency: currencySchema,
  failure_code: z.string().nullish(),
  failure_message: z.string().nullish(),
});

const errorBodySchema = z.looseObject({
  error: z.looseObject({ type: z.string().optional(), code: z.string().nullish(), message: z.string().optional() }),
});

function toJsonAmount(amountMinor: bigint): number {
  if (amountMinor <= 0n || amountMinor > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount ${amountMinor} is out of range`);
  return Number(amountMinor);
}

function toSession(s: z.infer<typeof sessionSchema>): PspCheckoutSession {
  return {
    id: s.id,
    url: s.url,
    status: s.status,
    paymentStatus: s.payment_status,
    reference: s.reference,
    amountMinor: s.amount_minor,
    currency: s.currency,
    method: s.method ?? undefined,
    paymentIntentId: s.payment_intent ?? undefined,
  };
}

function toPayout(p: z.infer<typeof payoutSchema>): PspPayout {
  return {
    id: p.id,
    status: p.status,
    reference: p.reference,
    amountMinor: p.amount_minor,
    currency: p.currency,
    failureCode: p.failure_code ?? undefined,
    failureMessage: p.failure_message ?? undefined,
  };
}

export function createGenericPspClient(options: GenericPspClientOptions): GenericPspClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(method: 'GET' | 'POST', path: string, payload: unknown, idempotencyKey: string | undefined, schema: z.ZodType<T>): Promise<T> {
    const { response, text } = await exchange(method, path, payload, idempotencyKey, 'application/json');
    const json = safeJson(text);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new PspUnavailableError(`PSP ${method} ${path}: unexpected answer (${describeIssues(parsed.error.issues).join('; ')})`, response.status, { cause: parsed.error });
    }
    return parsed.data;
  }

  /** One request; a non-2xx answer becomes PspUnavailableError / PspRequestError. */
  async function exchange(method: 'GET' | 'POST', path: string, payload: unknown, idempotencyKey: string | undefined, accept: string): Promise<{ response: Response; text: string }> {
    const headers: Record<string, string> = { Accept: accept, Authorization: `Bearer ${options.secretKey}` };
    let body: string | undefined;
    if (method === 'POST') {
      body = JSON.stringify(payload);
      headers['Content-Type'] = 'application/json';
      if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
    }
    let response: Response;
    let text: string;
    try {
      response = await doFetch(baseUrl + path, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      const reason = name === 'TimeoutError' || name === 'AbortError' ? `timed out after ${timeoutMs} ms` : 'network error';
      throw new PspUnavailableError(`PSP ${method} ${path}: ${reason}; the outcome is unknown, retry with the same reference`, undefined, { cause: err });
    }

    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(safeJson(text));
      const type = parsed.success ? (parsed.data.error.type ?? 'api_error') : 'api_error';
      const message = parsed.success ? (parsed.data.error.message ?? `HTTP ${response.status}`) : text.slice(0, 200) || `HTTP ${response.status}`;
      if (response.status >= 500 || response.status === 429 || response.status === 409) {
        throw new PspUnavailableError(`PSP ${method} ${path} answered ${response.status}: ${message}`, response.status);
      }
      const code = parsed.success ? (parsed.data.error.code ?? type) : type;
      throw new PspRequestError(`PSP refused ${method} ${path} (${response.status} ${type}): ${message}`, response.status, code, message);
    }
    return { response, text };
  }

  return {
    async createCheckoutSession(input) {
      const payload = {
        amount_minor: toJsonAmount(input.amountMinor),
        currency: input.currency.toUpperCase(),
        reference: input.reference,
        customer: { id: input.customer.id, name: input.customer.name, email: input.customer.email },
        return_url: input.returnUrl,
        method: input.method,
      };
      return toSession(await call('POST', '/v1/checkout/sessions', payload, input.reference, sessionSchema));
    },

    async getCheckoutSession(id) {
      return toSession(await call('GET', `/v1/checkout/sessions/${encodeURIComponent(id)}`, undefined, undefined, sessionSchema));
    },

    async createPayout(input) {
      const payload = {
        amount_minor: toJsonAmount(input.amountMinor),
        currency: input.currency.toUpperCase(),
        reference: input.reference,
        destination: input.destination,
      };
      return toPayout(await call('POST', '/v1/payouts', payload, input.reference, payoutSchema));
    },

    async getPayout(id) {
      return toPayout(await call('GET', `/v1/payouts/${encodeURIComponent(id)}`, undefined, undefined, payoutSchema));
    },

    async getSettlementReport(dateFrom, dateTo) {
      const path = `/v1/settlement_reports?date_from=${encodeURIComponent(dateFrom)}&date_to=${encodeURIComponent(dateTo)}`;
      const { response, text } = await exchange('GET', path, undefined, undefined, 'text/csv');
      if (!/^text\/csv\b/i.test(response.headers.get('content-type') ?? '')) throw new PspUnavailableError(`PSP GET ${path}: the answer is not CSV`, response.status);
      return text;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
