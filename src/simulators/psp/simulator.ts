/**
 * Loopback PSP simulator (PROTOCOLS.md §5, §6, §9): ONE Fastify server playing
 * any number of providers, each speaking either our GENERIC protocol (Stripe
 * wire format, see src/integrations/psp/generic-psp-*.ts) or Praxis Cashier.
 *
 * Generic API (Authorization: Bearer <provider secretKey>; the key picks the provider):
 *   POST /v1/checkout/sessions, GET /v1/checkout/sessions/:id,
 *   POST /v1/payouts, GET /v1/payouts/:id
 *   GET  /v1/settlement_reports?date_from=YYYY-MM-DD&date_to=YYYY-MM-DD → text/csv (settlement.ts), the
 *        provider's own movements only
 *   Idempotency-Key: the first answer is stored and replayed (`Idempotent-Replayed: true`);
 *   same key + other parameters → 422 idempotency_error; same key while running → 409.
 *   Errors: `{ error: { type, code?, message } }`.
 * Praxis API: POST /cashier/cashier (GT-Authentication over merchant_id, application_key,
 *   timestamp, intent, cid, order_id) → `{ status: 0, redirect_url, customer, session, … }`
 *   signed over status, timestamp, redirect_url, customer.customer_token. Refusals are
 *   HTTP 200 with `status: 1` and a description.
 * Hosted page (both): GET /pay/:sessionId is an HTML form with Pay / Decline; the POST
 *   applies the outcome, sends the callbacks in the background and redirects (303) to
 *   return_url (`{CHECKOUT_SESSION_ID}` is replaced by the session id).
 * Operator page (demo only, loopback clients only, no login): GET /operator lists the
 *   recent sessions, payouts and callbacks, with forms that POST to
 *   /operator/sessions/:id/{refund,chargeback,expire} and /operator/payouts/:id/settle —
 *   the same operations as the JS API — then redirect back (303) with a notice. The forms
 *   carry a token made at start, so another site cannot post them from a browser.
 *
 * Callbacks: generic → webhookUrl(providerId), `Stripe-Signature` with one v1 per
 * webhook secret (rotation), the same event body for every copy and attempt, a fresh
 * `t` per attempt. Praxis → the session's notification_url (else webhookUrl), signed
 * GT-Authentication, a fresh `timestamp` per attempt; the ack must be JSON with a
 * numeric `status` ≥ 0 (`status: -1` or an unrecognised answer is resent, as Praxis
 * documents); its signature is checked and recorded (`ackVerified`), not enforced.
 * Non-2xx, network errors and timeouts are retried after each of `retryDelaysMs`.
 *
 * Faults: per operation (`delivery`) or for the next operations (`failNext`):
 * duplicate copies, reordered delivery (newest first), a stale timestamp on the first
 * attempt, a bad signature on every attempt, a delay; on the API: 5xx/429 bursts and
 * "committed, then the connection dropped". Plus `setClockSkew`, a chargeback at any
 * later time (inject `now`), payout failure, a returned payout, an FX processed amount,
 * a failed refund, an expired session.
 *
 * Praxis ASSUMPTIONS (undocumented, see praxis.ts): a refund is a new `refund`
 * transaction (new tid) notified with the deposit's session/order_id; a chargeback is
 * the deposit transaction moving to `chargeback`; a chargeback won moves it to
 * `chargeback_reversed` (our name); a lost one sends nothing more; a returned payout
 * moves the payout transaction to `reversed`; a withdrawal session confirmed on the
 * hosted page creates a `payout` transaction in status `requested`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleepTimer } from 'node:timers/promises';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { GENERIC_PSP_EVENTS } from '../../integrations/psp/generic-psp-webhook';
import {
  PRAXIS_ALT_ACK_SIGNATURE_HEADER,
  PRAXIS_API_VERSION,
  PRAXIS_CASHIER_PATH,
  PRAXIS_NOTIFICATION_SIGNATURE_FIELDS,
  PRAXIS_REQUEST_SIGNATURE_FIELDS,
  PRAXIS_RESPONSE_SIGNATURE_FIELDS,
  PRAXIS_SIGNATURE_HEADER,
  praxisSignature,
  praxisSignatureOf,
} from '../../integrations/psp/praxis';
import { STRIPE_SIGNATURE_HEADER, signStripePayload } from '../../integrations/psp/stripe-signature';
import { escapeHtml, OPERATOR_PAGE_PATH, renderHostedPage, renderMessagePage } from './hosted-page';
import { renderOperatorPage } from './operator-page';
import { bpsFee, settlementCsv, type SettlementRow, type SettlementType } from './settlement';

export type PspProtocol = 'generic' | 'praxis';

export interface PspSimulatorProvider {
  id: string;
  protocol: PspProtocol;
  /** Display name on the hosted page. */
  name?: string;
  /** generic: the API secret key (Bearer token; must differ between providers). praxis: the merchant secret. */
  secretKey: string;
  /** generic: the webhook signing secret. */
  webhookSecret?: string;
  /** generic: several signing secrets (rotation): every callback carries one v1 per secret. Wins over webhookSecret. */
  webhookSecrets?: readonly string[];
  /** praxis */
  merchantId?: string;
  /** praxis */
  applicationKey?: string;
  /** Deposit fee for the settlement report, basis points; default 150 (1.5 %). */
  depositFeeBps?: number;
  /** Fee per payout; default 0. */
  payoutFeeMinor?: number;
  /** Fee per chargeback; default 1500. */
  chargebackFeeMinor?: number;
  /** generic: also send checkout.session.completed after a successful payment, as Stripe does; default false. */
  sendCheckoutSessionEvents?: boolean;
}

export interface PspSimulatorOptions {
  providers: readonly PspSimulatorProvider[];
  /** Callback URL per provider (generic: always; praxis: when the session has no notification_url). */
  webhookUrl: (providerId: string) => string | undefined;
  /** Delays before each resend; default [250, 500, 1000, 2000]. */
  retryDelaysMs?: readonly number[];
  /** Receiver timeout per attempt; default 5000 ms. */
  webhookTimeoutMs?: number;
  /** Simulator clock (ms since epoch); default Date.now. */
  now?: () => number;
  /** Wait for the callbacks before redirecting the payer back; default false (they go in the background). */
  awaitCallbacksBeforeRedirect?: boolean;
  host?: string;
  port?: number;
}

/** Faults applied to the callbacks of one operation. */
export interface PspDeliveryOptions {
  /** Extra copies of each callback, delivered right after it (1 → twice). */
  duplicate?: number;
  /** Deliver this operation's callbacks newest first (e.g. succeeded before processing). */
  reorder?: boolean;
  /** First attempt of each copy signed/stamped this many seconds in the past (true → 600); resends are fresh. */
  staleTimestamp?: boolean | number;
  /** Every attempt signed with a wrong secret. */
  badSignature?: boolean;
  /** Wait before the first callback. */
  delayMs?: number;
}

export type PspFault =
  /** The next `count` (default 1) API requests answer `status` (5xx/429 burst) before doing anything. */
  | { kind: 'api_error'; status: number; count?: number }
  /** The next `count` API requests are executed and committed, then the connection is dropped without an answer. */
  | { kind: 'api_drop_after_commit'; count?: number }
  /** The next `count` operations (pay, refund, chargeback, settlePayout, expire) deliver with these faults. */
  | { kind: 'callbacks'; delivery: PspDeliveryOptions; count?: number };

/** One HTTP attempt to deliver one callback. */
export interface PspDelivery {
  seq: number;
  providerId: string;
  protocol: PspProtocol;
  /** generic: the event id (evt_…); praxis: `tid:<tid>:<status>` (its dedup key). Same for every copy and attempt. */
  eventId: string;
  /** generic: event type; praxis: `<transaction_type>.<transaction_status>` (or `session.<status>`). */
  type: string;
  reference: string;
  copy: number;
  attempt: number;
  url: string;
  /** HTTP status, or null for a network error / timeout. */
  status: number | null;
  ok: boolean;
  error?: string;
  fault?: 'stale' | 'bad_signature';
  body: string;
  headers: Record<string, string>;
  responseBody?: string;
  /** praxis: whether the ack's GT-Authentication (or external-request-signature) matched. */
  ackVerified?: boolean;
  sentAt: Date;
}

export interface PayOptions {
  outcome: 'success' | 'fail';
  payerName?: string;
  /** FX: the amount actually processed (in processedCurrency). */
  processedAmountMinor?: bigint;
  processedCurrency?: string;
  delivery?: PspDeliveryOptions;
}

export interface SimulatedSession {
  providerId: string;
  protocol: PspProtocol;
  /** generic: cs_…; praxis: the auth_token. */
  id: string;
  reference: string;
  amountMinor: bigint;
  currency: string;
  method: string;
  intent: 'payment' | 'withdrawal';
  customer: { id: string; name: string; email: string };
  returnUrl: string;
  notificationUrl?: string;
  status: 'open' | 'processing' | 'succeeded' | 'failed' | 'expired';
  /** generic pi_…; praxis tid. */
  providerReference?: string;
  payerName?: string;
  processedAmountMinor?: bigint;
  processedCurrency?: string;
  refundedMinor: bigint;
  dispute?: { id: string; status: string };
  createdAt: number;
}

export interface SimulatedPayout {
  providerId: string;
  protocol: PspProtocol;
  /** generic po_…; praxis `tid`. */
  id: string;
  reference: string;
  amountMinor: bigint;
  currency: string;
  destination: Record<string, unknown>;
  status: 'pending' | 'paid' | 'failed' | 'returned';
  failureCode?: string;
  failureMessage?: string;
  createdAt: number;
}

export interface PspSimulator {
  url: string;
  /** The operator page (demo only): settle payouts, refund, chargeback, expire, by hand in a browser. */
  operatorUrl: string;
  close(): Promise<void>;
  hostedPageUrl(sessionId: string): string;
  /** Pays or declines a session (id or our reference) as the payer would; resolves when its callbacks are delivered. */
  pay(sessionOrReference: string, options: PayOptions): Promise<PspDelivery[]>;
  /** Opens a chargeback on a paid deposit (if not open yet) and, for won/lost, closes it. */
  chargeback(reference: string, options: { status: 'open' | 'won' | 'lost'; reason?: string; delivery?: PspDeliveryOptions }): Promise<PspDelivery[]>;
  /** Refunds a paid deposit (default: what is left); `fail` makes the refund fail. */
  refund(reference: string, options?: { fail?: boolean; amountMinor?: bigint; reason?: string; delivery?: PspDeliveryOptions }): Promise<PspDelivery[]>;
  /** Settles a payout (id or our reference). `returned` pays it first if needed, then returns it. */
  settlePayout(payoutIdOrReference: string, options: { outcome: 'paid' | 'failed' | 'returned'; reason?: string; delivery?: PspDeliveryOptions }): Promise<PspDelivery[]>;
  /** Expires an open session. */
  expire(sessionOrReference: string, options?: { delivery?: PspDeliveryOptions }): Promise<PspDelivery[]>;
  sessions(): SimulatedSession[];
  payouts(): SimulatedPayout[];
  deliveries(): PspDelivery[];
  failNext(fault: PspFault): void;
  /** Shifts the provider's clock (event times and signature timestamps) by this many seconds. */
  setClockSkew(seconds: number): void;
  /** Replaces a generic provider's webhook signing secrets (rotation). */
  setWebhookSecrets(providerId: string, secrets: readonly string[]): void;
  settlementReportCsv(providerId: string, dateFrom: string, dateTo: string): string;
  /** Resolves when callbacks sent in the background (hosted page) are delivered. */
  settled(): Promise<void>;
}

// ---------------------------------------------------------------- internals

interface ProviderState {
  config: PspSimulatorProvider;
  name: string;
  webhookSecrets: string[];
  idempotency: Map<string, { fingerprint: string; status: number; body: string }>;
  inflight: Set<string>;
}

interface PraxisTx {
  tid: number;
  type: 'sale' | 'payout' | 'refund';
  status: string;
  currency: string;
  amountMinor: bigint;
  processedCurrency?: string;
  processedAmountMinor?: bigint;
  feeMinor?: bigint;
  paymentMethod: string;
  statusDetails?: string;
  holderName?: string;
}

/** One callback, ready to be sent; `render` builds body + headers for one attempt. */
interface PreparedCallback {
  provider: ProviderState;
  eventId: string;
  type: string;
  reference: string;
  url: string | undefined;
  render(attemptTimestamp: number, badSignature: boolean): { body: string; headers: Record<string, string> };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const WRONG_SECRET = 'not-the-secret';
const DEFAULT_STALE_SECONDS = 600;

function randomId(prefix: string, bytes = 12): string {
  return `${prefix}${randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x')}`;
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function rawBody(request: FastifyRequest): Buffer {
  return request.body instanceof Buffer ? request.body : Buffer.alloc(0);
}

function jsonObject(request: FastifyRequest): Record<string, unknown> {
  const raw = rawBody(request);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_request_error', 'Request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HttpError(400, 'invalid_request_error', 'Request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function requireString(body: Record<string, unknown>, key: string, max = 255): string {
  const v = body[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new HttpError(400, 'invalid_request_error', `${key} is required (string, 1–${max} chars)`, 'parameter_missing');
  return v;
}

function requireAmount(body: Record<string, unknown>, key: string): bigint {
  const v = body[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) throw new HttpError(400, 'invalid_request_error', `${key} must be a positive integer (minor units)`, 'parameter_invalid_integer');
  return BigInt(v);
}

function requireCurrency(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || !/^[A-Za-z]{3}$/.test(v)) throw new HttpError(400, 'invalid_request_error', `${key} must be an ISO 4217 code`, 'parameter_invalid_currency');
  return v.toUpperCase();
}

function requireObject(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = body[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'invalid_request_error', `${key} must be an object`, 'parameter_missing');
  return v as Record<string, unknown>;
}

function requireUrl(body: Record<string, unknown>, key: string): string {
  const v = requireString(body, key, 2048);
  try {
    new URL(v);
  } catch {
    throw new HttpError(400, 'invalid_request_error', `${key} must be an absolute URL`, 'url_invalid');
  }
  return v;
}

function jsonNumber(amount: bigint): number {
  return Number(amount);
}

function conversionRate(amount: bigint, processed: bigint): string {
  if (amount === 0n) return '1.000000';
  const scaled = (processed * 1_000_000n + amount / 2n) / amount;
  const intPart = scaled / 1_000_000n;
  return `${intPart}.${(scaled % 1_000_000n).toString().padStart(6, '0')}`;
}

export async function startPspSimulator(options: PspSimulatorOptions): Promise<PspSimulator> {
  const retryDelaysMs = [...(options.retryDelaysMs ?? [250, 500, 1000, 2000])];
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 5000;
  const now = options.now ?? Date.now;

  const providers = new Map<string, ProviderState>();
  for (const config of options.providers) {
    if (providers.has(config.id)) throw new Error(`duplicate provider id ${config.id}`);
    if (config.protocol === 'praxis' && (!config.merchantId || !config.applicationKey)) throw new Error(`praxis provider ${config.id} needs merchantId and applicationKey`);
    const webhookSecrets = [...(config.webhookSecrets ?? (config.webhookSecret ? [config.webhookSecret] : []))];
    if (config.protocol === 'generic' && webhookSecrets.length === 0) throw new Error(`generic provider ${config.id} needs webhookSecret(s)`);
    for (const other of providers.values()) {
      if (config.protocol === 'generic' && other.config.protocol === 'generic' && other.config.secretKey === config.secretKey) throw new Error(`providers ${other.config.id} and ${config.id} share an API key`);
      if (config.protocol === 'praxis' && other.config.protocol === 'praxis' && other.config.merchantId === config.merchantId && other.config.applicationKey === config.applicationKey) {
        throw new Error(`providers ${other.config.id} and ${config.id} share merchant_id + application_key`);
      }
    }
    providers.set(config.id, { config, name: config.name ?? config.id, webhookSecrets, idempotency: new Map(), inflight: new Set() });
  }

  let closed = false;
  let seq = 0;
  let rowSeq = 0;
  let nextTid = 1_000_001;
  let skewSeconds = 0;
  const apiFaults: Array<{ kind: 'api_error'; status: number; left: number } | { kind: 'api_drop_after_commit'; left: number }> = [];
  const callbackFaults: Array<{ delivery: PspDeliveryOptions; left: number }> = [];
  const closing = new AbortController();
  const sessions = new Map<string, SimulatedSession>();
  const payouts = new Map<string, SimulatedPayout>();
  const praxisTx = new Map<string, PraxisTx>(); // by session id / payout id (the sale or payout transaction)
  const praxisCustomerTokens = new Map<string, string>();
  const log: PspDelivery[] = [];
  const rows: SettlementRow[] = [];
  const background = new Set<Promise<unknown>>();
  const dropAfterCommit = new WeakSet<FastifyRequest>();
  let baseUrl = '';

  /** The provider's clock, skew included (ms). */
  const pspNow = () => now() + skewSeconds * 1000;
  const pspSeconds = () => Math.floor(pspNow() / 1000);

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return sleepTimer(ms, undefined, { signal: closing.signal }).then(
      () => undefined,
      () => undefined,
    );
  }

  function track<T>(promise: Promise<T>): void {
    const p = promise.catch(() => undefined).finally(() => background.delete(p));
    background.add(p);
  }

  function addRow(provider: ProviderState, type: SettlementType, reference: string, amountMinor: bigint, currency: string, feeMinor: bigint, providerReference: string): void {
    rows.push({ seq: ++rowSeq, providerId: provider.config.id, at: pspNow(), reference, type, amountMinor, currency, feeMinor, providerReference });
  }

  // ------------------------------------------------------------ callbacks: generic

  function sessionObject(s: SimulatedSession): Record<string, unknown> {
    return {
      id: s.id,
      object: 'checkout.session',
      reference: s.reference,
      amount_minor: jsonNumber(s.amountMinor),
      currency: s.currency,
      method: s.method,
      status: s.status === 'succeeded' ? 'complete' : s.status === 'expired' ? 'expired' : 'open',
      payment_status: s.status === 'succeeded' ? 'paid' : 'unpaid',
      payment_intent: s.providerReference ?? null,
      customer: { ...s.customer },
      payer_name: s.payerName ?? null,
      processed_amount_minor: s.processedAmountMinor !== undefined ? jsonNumber(s.processedAmountMinor) : null,
      processed_currency: s.processedCurrency ?? null,
      url: hostedPageUrl(s.id),
      created: Math.floor(s.createdAt / 1000),
      livemode: false,
    };
  }

  function paymentIntentObject(s: SimulatedSession, status: string, error?: { code: string; message: string }): Record<string, unknown> {
    return {
      id: s.providerReference,
      object: 'payment_intent',
      reference: s.reference,
      amount_minor: jsonNumber(s.amountMinor),
      currency: s.currency,
      status,
      checkout_session: s.id,
      payment_method_types: [s.method],
      payer_name: s.payerName ?? null,
      processed_amount_minor: s.processedAmountMinor !== undefined ? jsonNumber(s.processedAmountMinor) : null,
      processed_currency: s.processedCurrency ?? null,
      last_payment_error: error ?? null,
      livemode: false,
    };
  }

  function payoutObject(p: SimulatedPayout): Record<string, unknown> {
    return {
      id: p.id,
      object: 'payout',
      reference: p.reference,
      amount_minor: jsonNumber(p.amountMinor),
      currency: p.currency,
      status: p.status,
      destination: p.destination,
      failure_code: p.failureCode ?? null,
      failure_message: p.failureMessage ?? null,
      arrival_date: Math.floor(pspNow() / 1000),
      created: Math.floor(p.createdAt / 1000),
      livemode: false,
    };
  }

  function genericEvent(provider: ProviderState, type: string, object: Record<string, unknown>, reference: string): PreparedCallback {
    const eventId = randomId('evt_', 18);
    const body = JSON.stringify({ id: eventId, object: 'event', api_version: 'traderoom-psp-1', created: pspSeconds(), livemode: false, pending_webhooks: 1, type, data: { object } });
    return {
      provider,
      eventId,
      type,
      reference,
      url: options.webhookUrl(provider.config.id),
      render(attemptTimestamp, badSignature) {
        const secrets = badSignature ? [WRONG_SECRET] : provider.webhookSecrets;
        return { body, headers: { 'Content-Type': 'application/json; charset=utf-8', [STRIPE_SIGNATURE_HEADER]: signStripePayload(body, secrets, attemptTimestamp) } };
      },
    };
  }

  // ------------------------------------------------------------ callbacks: praxis

  function customerToken(provider: ProviderState, cid: string): string {
    const key = `${provider.config.id}:${cid}`;
    let token = praxisCustomerTokens.get(key);
    if (!token) {
      token = createHash('sha256').update(key).digest('hex').slice(0, 32);
      praxisCustomerTokens.set(key, token);
    }
    return token;
  }

  function praxisSessionStatus(s: SimulatedSession): string {
    return { open: 'created', processing: 'active', succeeded: 'succeeded', failed: 'failed', expired: 'expired' }[s.status];
  }

  function praxisNotification(provider: ProviderState, s: SimulatedSession, tx: PraxisTx | null, timestamp: number): Record<string, unknown> {
    const [first, ...rest] = s.customer.name.split(' ');
    const approved = tx !== null && tx.status !== 'pending' && tx.status !== 'rejected' && tx.status !== 'requested' && tx.status !== 'error';
    const transaction =
      tx === null
        ? null
        : {
            transaction_type: tx.type,
            transaction_status: tx.status,
            tid: tx.tid,
            transaction_id: `psp-${tx.tid}`,
            currency: tx.currency,
            amount: jsonNumber(tx.amountMinor),
            conversion_rate: approved ? conversionRate(tx.amountMinor, tx.processedAmountMinor ?? tx.amountMinor) : null,
            processed_currency: approved ? (tx.processedCurrency ?? tx.currency) : null,
            processed_amount: approved ? jsonNumber(tx.processedAmountMinor ?? tx.amountMinor) : null,
            fee: tx.feeMinor !== undefined ? jsonNumber(tx.feeMinor) : 0,
            fee_included: 0,
            fee_type: 'flat',
            payment_method: tx.paymentMethod,
            payment_processor: 'SimulatedBank',
            gateway: 'sim-gateway',
            card: s.method === 'card' ? { card_type: 'VISA', card_number: '411111******1111', card_exp: '12/2030', card_holder: tx.holderName ?? null } : null,
            wallet: s.method === 'card' ? null : { wallet_token: createHash('sha256').update(s.customer.id).digest('hex').slice(0, 32), account_identifier: 'CY17002001280000001200527600', data: { holder_name: tx.holderName ?? null } },
            is_async: 0,
            is_cascade: 0,
            cascade_level: 0,
            reference_id: null,
            withdrawal_request_id: null,
            account_identifier: null,
            status_code: tx.statusDetails ? 'SIM-1' : null,
            status_details: tx.statusDetails ?? null,
            created_by: 'INTERNET',
            edited_by: 'SYSTEM',
          };
    return {
      merchant_id: provider.config.merchantId,
      application_key: provider.config.applicationKey,
      customer: { customer_token: customerToken(provider, s.customer.id), country: null, first_name: first ?? '', last_name: rest.join(' '), avs_alert: 0, verification_alert: 0 },
      session: {
        auth_token: s.id,
        intent: s.intent,
        session_status: praxisSessionStatus(s),
        order_id: s.reference,
        currency: s.currency,
        amount: jsonNumber(s.amountMinor),
        conversion_rate: null,
        processed_currency: null,
        processed_amount: null,
        payment_method: s.method === 'card' ? 'Credit Card' : 'Bank Transfer',
        gateway: null,
        cid: s.customer.id,
        variable1: null,
        variable2: null,
        variable3: null,
      },
      transaction,
      version: PRAXIS_API_VERSION,
      timestamp,
    };
  }

  function praxisCallback(provider: ProviderState, s: SimulatedSession, tx: PraxisTx | null): PreparedCallback {
    const snapshot: PraxisTx | null = tx ? { ...tx } : null;
    const sessionSnapshot: SimulatedSession = { ...s, customer: { ...s.customer } };
    const eventId = snapshot ? `tid:${snapshot.tid}:${snapshot.status}` : `order:${s.reference}:${praxisSessionStatus(s)}`;
    return {
      provider,
      eventId,
      type: snapshot ? `${snapshot.type}.${snapshot.status}` : `session.${praxisSessionStatus(s)}`,
      reference: s.reference,
      url: s.notificationUrl ?? options.webhookUrl(provider.config.id),
      render(attemptTimestamp, badSignature) {
        const body = praxisNotification(provider, sessionSnapshot, snapshot, attemptTimestamp);
        const secret = badSignature ? WRONG_SECRET : provider.config.secretKey;
        return {
          body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json; charset=utf-8', [PRAXIS_SIGNATURE_HEADER]: praxisSignatureOf(body, PRAXIS_NOTIFICATION_SIGNATURE_FIELDS, secret) },
        };
      },
    };
  }

  function newPraxisTx(type: PraxisTx['type'], status: string, s: { amountMinor: bigint; currency: string; method: string }): PraxisTx {
    return { tid: nextTid++, type, status, currency: s.currency, amountMinor: s.amountMinor, paymentMethod: s.method === 'card' ? 'Credit Card' : 'Bank Transfer' };
  }

  // ------------------------------------------------------------ delivery

  function takeCallbackFaults(explicit: PspDeliveryOptions | undefined): PspDeliveryOptions {
    const queued = callbackFaults[0];
    let merged: PspDeliveryOptions = {};
    if (queued) {
      merged = { ...queued.delivery };
      queued.left -= 1;
      if (queued.left <= 0) callbackFaults.shift();
    }
    return { ...merged, ...(explicit ?? {}) };
  }

  async function deliverCopy(callback: PreparedCallback, copy: number, faults: PspDeliveryOptions): Promise<PspDelivery[]> {
    const records: PspDelivery[] = [];
    const staleSeconds = faults.staleTimestamp === true ? DEFAULT_STALE_SECONDS : typeof faults.staleTimestamp === 'number' ? faults.staleTimestamp : 0;
    for (let attempt = 1; attempt <= retryDelaysMs.length + 1; attempt++) {
      const url = callback.url;
      if (closed || !url) break;
      const stale = attempt === 1 && staleSeconds > 0;
      const bad = faults.badSignature === true;
      const { body, headers } = callback.render(pspSeconds() - (stale ? staleSeconds : 0), bad);
      const record: PspDelivery = {
        seq: ++seq,
        providerId: callback.provider.config.id,
        protocol: callback.provider.config.protocol,
        eventId: callback.eventId,
        type: callback.type,
        reference: callback.reference,
        copy,
        attempt,
        url,
        status: null,
        ok: false,
        body,
        headers,
        sentAt: new Date(),
      };
      if (bad) record.fault = 'bad_signature';
      else if (stale) record.fault = 'stale';
      try {
        const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any([closing.signal, AbortSignal.timeout(webhookTimeoutMs)]) });
        const text = await response.text().catch(() => '');
        record.status = response.status;
        record.responseBody = text.slice(0, 2000);
        const is2xx = response.status >= 200 && response.status < 300;
        if (callback.provider.config.protocol === 'praxis') {
          let ackStatus: number | undefined;
          let ackTimestamp: unknown;
          try {
            const ack = JSON.parse(text) as Record<string, unknown>;
            if (typeof ack.status === 'number' && Number.isInteger(ack.status)) ackStatus = ack.status;
            ackTimestamp = ack.timestamp;
          } catch {
            ackStatus = undefined;
          }
          record.ok = is2xx && ackStatus !== undefined && ackStatus >= 0;
          if (ackStatus !== undefined) {
            const expected = praxisSignature([ackStatus, typeof ackTimestamp === 'number' || typeof ackTimestamp === 'string' ? ackTimestamp : undefined], callback.provider.config.secretKey);
            const got = response.headers.get(PRAXIS_SIGNATURE_HEADER) ?? response.headers.get(PRAXIS_ALT_ACK_SIGNATURE_HEADER) ?? '';
            record.ackVerified = safeEqual(expected, got.toLowerCase());
          }
        } else {
          record.ok = is2xx;
        }
      } catch (err) {
        record.error = err instanceof Error && err.name === 'TimeoutError' ? `timeout after ${webhookTimeoutMs} ms` : err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
      }
      log.push(record);
      records.push(record);
      if (record.ok) break;
      const delay = retryDelaysMs[attempt - 1];
      if (delay === undefined) break;
      await sleep(delay);
    }
    return records;
  }

  async function deliver(callbacks: PreparedCallback[], explicit: PspDeliveryOptions | undefined): Promise<PspDelivery[]> {
    const faults = takeCallbackFaults(explicit);
    if (faults.delayMs) await sleep(faults.delayMs);
    const ordered = faults.reorder ? [...callbacks].reverse() : callbacks;
    const out: PspDelivery[] = [];
    for (const callback of ordered) {
      for (let copy = 0; copy <= (faults.duplicate ?? 0); copy++) out.push(...(await deliverCopy(callback, copy, faults)));
    }
    return out;
  }

  // ------------------------------------------------------------ operations

  function findSession(sessionOrReference: string): SimulatedSession {
    const direct = sessions.get(sessionOrReference);
    if (direct) return direct;
    const matches = [...sessions.values()].filter((s) => s.reference === sessionOrReference);
    const last = matches.at(-1);
    if (!last) throw new Error(`unknown session or reference ${sessionOrReference}`);
    return last;
  }

  function findPayout(payoutIdOrReference: string): SimulatedPayout {
    const direct = payouts.get(payoutIdOrReference);
    if (direct) return direct;
    const last = [...payouts.values()].filter((p) => p.reference === payoutIdOrReference).at(-1);
    if (!last) throw new Error(`unknown payout or reference ${payoutIdOrReference}`);
    return last;
  }

  function providerOf(x: { providerId: string }): ProviderState {
    return providers.get(x.providerId)!;
  }

  function depositFee(provider: ProviderState, amount: bigint): bigint {
    return bpsFee(amount, provider.config.depositFeeBps ?? 150);
  }

  /** Applies the payer's choice; returns the callbacks to send. */
  function applyPay(s: SimulatedSession, pay: Omit<PayOptions, 'delivery'>): PreparedCallback[] {
    if (s.status !== 'open') throw new Error(`session ${s.id} is ${s.status}, not open`);
    const provider = providerOf(s);
    if (pay.payerName !== undefined) s.payerName = pay.payerName;
    s.payerName ??= s.customer.name;
    if (pay.processedAmountMinor !== undefined || pay.processedCurrency !== undefined) {
      s.processedAmountMinor = pay.processedAmountMinor ?? s.amountMinor;
      s.processedCurrency = (pay.processedCurrency ?? s.currency).toUpperCase();
    }
    const settledAmount = s.processedAmountMinor ?? s.amountMinor;
    const settledCurrency = s.processedCurrency ?? s.currency;

    if (provider.config.protocol === 'generic') {
      s.providerReference ??= randomId('pi_');
      s.status = 'processing';
      const callbacks = [genericEvent(provider, GENERIC_PSP_EVENTS.paymentProcessing, paymentIntentObject(s, 'processing'), s.reference)];
      if (pay.outcome === 'success') {
        s.status = 'succeeded';
        addRow(provider, 'deposit', s.reference, settledAmount, settledCurrency, depositFee(provider, settledAmount), s.providerReference);
        callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.paymentSucceeded, paymentIntentObject(s, 'succeeded'), s.reference));
        if (provider.config.sendCheckoutSessionEvents) callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.checkoutCompleted, sessionObject(s), s.reference));
      } else {
        s.status = 'failed';
        const error = s.method === 'card' ? { code: 'card_declined', message: 'Your card was declined.' } : { code: 'payment_method_provider_decline', message: 'The bank declined the transfer.' };
        callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.paymentFailed, paymentIntentObject(s, 'requires_payment_method', error), s.reference));
      }
      return callbacks;
    }

    // praxis
    if (s.intent === 'withdrawal') {
      const tx = newPraxisTx('payout', pay.outcome === 'success' ? 'requested' : 'rejected', s);
      tx.holderName = s.payerName;
      s.providerReference = String(tx.tid);
      s.status = pay.outcome === 'success' ? 'succeeded' : 'failed';
      if (pay.outcome === 'success') {
        const payout: SimulatedPayout = {
          providerId: provider.config.id,
          protocol: 'praxis',
          id: String(tx.tid),
          reference: s.reference,
          amountMinor: s.amountMinor,
          currency: s.currency,
          destination: { type: s.method, holder_name: s.payerName },
          status: 'pending',
          createdAt: pspNow(),
        };
        payouts.set(payout.id, payout);
      } else {
        tx.statusDetails = 'Cancelled by the customer';
      }
      praxisTx.set(String(tx.tid), tx);
      return [praxisCallback(provider, s, tx)];
    }
    const tx = newPraxisTx('sale', 'pending', s);
    tx.holderName = s.payerName;
    praxisTx.set(s.id, tx);
    s.providerReference = String(tx.tid);
    s.status = 'processing';
    const callbacks = [praxisCallback(provider, s, tx)];
    if (pay.outcome === 'success') {
      tx.status = 'approved';
      tx.processedAmountMinor = settledAmount;
      tx.processedCurrency = settledCurrency;
      tx.feeMinor = depositFee(provider, settledAmount);
      s.status = 'succeeded';
      addRow(provider, 'deposit', s.reference, settledAmount, settledCurrency, tx.feeMinor, String(tx.tid));
    } else {
      tx.status = 'rejected';
      tx.statusDetails = s.method === 'card' ? 'Card declined by the issuer' : 'Transfer declined by the bank';
      s.status = 'failed';
    }
    callbacks.push(praxisCallback(provider, s, tx));
    return callbacks;
  }

  function applyExpire(s: SimulatedSession): PreparedCallback[] {
    if (s.status !== 'open') throw new Error(`session ${s.id} is ${s.status}, not open`);
    const provider = providerOf(s);
    s.status = 'expired';
    if (provider.config.protocol === 'generic') return [genericEvent(provider, GENERIC_PSP_EVENTS.checkoutExpired, sessionObject(s), s.reference)];
    return [praxisCallback(provider, s, null)];
  }

  function paidDeposit(reference: string): SimulatedSession {
    const s = findSession(reference);
    if (s.status !== 'succeeded' || s.intent !== 'payment') throw new Error(`deposit ${reference} is not paid (${s.status})`);
    return s;
  }

  function applyChargeback(s: SimulatedSession, status: 'open' | 'won' | 'lost', reason: string): PreparedCallback[] {
    const provider = providerOf(s);
    const callbacks: PreparedCallback[] = [];
    const amount = s.processedAmountMinor ?? s.amountMinor;
    const currency = s.processedCurrency ?? s.currency;
    const generic = provider.config.protocol === 'generic';
    const disputeObject = (d: { id: string; status: string }) => ({
      id: d.id,
      object: 'dispute',
      reference: s.reference,
      amount_minor: jsonNumber(s.amountMinor),
      currency: s.currency,
      status: d.status,
      reason,
      charge: `ch_${s.providerReference?.slice(3)}`,
      payment_intent: s.providerReference,
      livemode: false,
    });
    if (!s.dispute) {
      s.dispute = { id: generic ? randomId('dp_') : `cb-${s.providerReference}`, status: 'needs_response' };
      addRow(provider, 'chargeback', s.reference, -amount, currency, BigInt(provider.config.chargebackFeeMinor ?? 1500), s.dispute.id);
      if (generic) callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.disputeCreated, disputeObject(s.dispute), s.reference));
      else {
        const tx = praxisTx.get(s.id)!;
        tx.status = 'chargeback';
        tx.statusDetails = reason;
        callbacks.push(praxisCallback(provider, s, tx));
      }
    } else if (s.dispute.status === 'won' || s.dispute.status === 'lost') {
      throw new Error(`the chargeback on ${s.reference} is already closed (${s.dispute.status})`);
    }
    if (status === 'won' || status === 'lost') {
      s.dispute.status = status;
      if (status === 'won') addRow(provider, 'chargeback', s.reference, amount, currency, 0n, s.dispute.id);
      if (generic) callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.disputeClosed, disputeObject(s.dispute), s.reference));
      else if (status === 'won') {
        const tx = praxisTx.get(s.id)!;
        tx.status = 'chargeback_reversed';
        tx.statusDetails = undefined;
        callbacks.push(praxisCallback(provider, s, tx));
      }
    }
    return callbacks;
  }

  function applyRefund(s: SimulatedSession, opts: { fail?: boolean; amountMinor?: bigint; reason?: string }): PreparedCallback[] {
    const provider = providerOf(s);
    const remaining = s.amountMinor - s.refundedMinor;
    const amount = opts.amountMinor ?? remaining;
    if (amount <= 0n || amount > remaining) throw new Error(`cannot refund ${amount} of ${s.reference}: ${remaining} left`);
    // The refund goes back in the processed currency; for FX deposits the full processed amount.
    const settledCurrency = s.processedCurrency ?? s.currency;
    const settledAmount = s.processedAmountMinor !== undefined ? (s.processedAmountMinor * amount) / s.amountMinor : amount;

    if (provider.config.protocol === 'generic') {
      const refundId = randomId('re_');
      s.refundedMinor += amount;
      addRow(provider, 'refund', s.reference, -settledAmount, settledCurrency, 0n, refundId);
      const charge = {
        id: `ch_${s.providerReference?.slice(3)}`,
        object: 'charge',
        reference: s.reference,
        amount_minor: jsonNumber(s.amountMinor),
        currency: s.currency,
        amount_refunded_minor: jsonNumber(s.refundedMinor),
        refunded: s.refundedMinor === s.amountMinor,
        payment_intent: s.providerReference,
        refunds: { object: 'list', data: [{ id: refundId, object: 'refund', amount_minor: jsonNumber(amount), currency: s.currency, status: 'pending' }] },
        livemode: false,
      };
      const callbacks = [genericEvent(provider, GENERIC_PSP_EVENTS.chargeRefunded, charge, s.reference)];
      if (opts.fail) {
        s.refundedMinor -= amount;
        addRow(provider, 'refund', s.reference, settledAmount, settledCurrency, 0n, refundId);
        const refund = { id: refundId, object: 'refund', reference: s.reference, amount_minor: jsonNumber(amount), currency: s.currency, status: 'failed', failure_reason: opts.reason ?? 'expired_or_canceled_card', charge: charge.id, livemode: false };
        callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.refundFailed, refund, s.reference));
      }
      return callbacks;
    }

    const tx = newPraxisTx('refund', opts.fail ? 'rejected' : 'approved', { amountMinor: amount, currency: s.currency, method: s.method });
    praxisTx.set(`refund:${tx.tid}`, tx);
    if (opts.fail) tx.statusDetails = opts.reason ?? 'Refund rejected by the processor';
    else {
      tx.processedAmountMinor = settledAmount;
      tx.processedCurrency = settledCurrency;
      s.refundedMinor += amount;
      addRow(provider, 'refund', s.reference, -settledAmount, settledCurrency, 0n, String(tx.tid));
    }
    return [praxisCallback(provider, s, tx)];
  }

  function praxisPayoutSession(p: SimulatedPayout): SimulatedSession {
    return [...sessions.values()].find((s) => s.providerId === p.providerId && s.reference === p.reference && s.intent === 'withdrawal')!;
  }

  function applySettlePayout(p: SimulatedPayout, outcome: 'paid' | 'failed' | 'returned', reason: string | undefined): PreparedCallback[] {
    const provider = providerOf(p);
    const generic = provider.config.protocol === 'generic';
    const callbacks: PreparedCallback[] = [];
    const fee = BigInt(provider.config.payoutFeeMinor ?? 0);
    const praxisUpdate = (status: string, details?: string) => {
      const tx = praxisTx.get(p.id)!;
      tx.status = status;
      tx.statusDetails = details;
      if (status === 'approved') {
        tx.processedAmountMinor = tx.amountMinor;
        tx.processedCurrency = tx.currency;
        tx.feeMinor = fee;
      }
      callbacks.push(praxisCallback(provider, praxisPayoutSession(p), tx));
    };
    const pay = () => {
      p.status = 'paid';
      addRow(provider, 'payout', p.reference, -p.amountMinor, p.currency, fee, p.id);
      if (generic) callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.payoutPaid, payoutObject(p), p.reference));
      else praxisUpdate('approved');
    };
    if (outcome === 'paid') {
      if (p.status !== 'pending') throw new Error(`payout ${p.id} is ${p.status}, not pending`);
      pay();
    } else if (outcome === 'failed') {
      if (p.status !== 'pending') throw new Error(`payout ${p.id} is ${p.status}, not pending`);
      p.status = 'failed';
      p.failureCode = 'account_closed';
      p.failureMessage = reason ?? 'The bank account has been closed.';
      if (generic) callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.payoutFailed, payoutObject(p), p.reference));
      else praxisUpdate('rejected', p.failureMessage);
    } else {
      if (p.status === 'pending') pay();
      if (p.status !== 'paid') throw new Error(`payout ${p.id} is ${p.status}, it cannot be returned`);
      p.status = 'returned';
      p.failureCode = 'returned';
      p.failureMessage = reason ?? 'Beneficiary account closed (returned by the bank).';
      addRow(provider, 'payout', p.reference, p.amountMinor, p.currency, 0n, p.id);
      if (generic) callbacks.push(genericEvent(provider, GENERIC_PSP_EVENTS.payoutReturned, payoutObject(p), p.reference));
      else praxisUpdate('reversed', p.failureMessage);
    }
    return callbacks;
  }

  // ------------------------------------------------------------ HTTP

  const app = Fastify({ logger: false });
  const keepRaw = (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, keepRaw);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, keepRaw);

  const isApi = (request: FastifyRequest) => request.url.startsWith('/v1/') || request.url.startsWith(PRAXIS_CASHIER_PATH);

  function sendGenericError(reply: FastifyReply, err: HttpError) {
    return reply
      .code(err.status)
      .header('content-type', 'application/json')
      .send({ error: { type: err.type, message: err.message, ...(err.code ? { code: err.code } : {}) } });
  }

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof HttpError) {
      if (request.url.startsWith(PRAXIS_CASHIER_PATH)) return reply.code(200).send({ status: 1, description: err.message, version: PRAXIS_API_VERSION, timestamp: pspSeconds() });
      return sendGenericError(reply, err);
    }
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    return sendGenericError(reply, new HttpError(status, status >= 500 ? 'api_error' : 'invalid_request_error', status >= 500 ? 'Internal error' : (err as Error).message));
  });
  app.setNotFoundHandler((request, reply) => sendGenericError(reply, new HttpError(404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${request.url.split('?')[0]})`)));

  app.addHook('onRequest', async (request, reply) => {
    if (!isApi(request)) return;
    const fault = apiFaults[0];
    if (!fault) return;
    fault.left -= 1;
    if (fault.left <= 0) apiFaults.shift();
    if (fault.kind === 'api_drop_after_commit') {
      dropAfterCommit.add(request);
      return;
    }
    return sendGenericError(reply, new HttpError(fault.status, fault.status === 429 ? 'rate_limit_error' : 'api_error', fault.status === 429 ? 'Too many requests' : 'Service temporarily unavailable'));
  });

  function generic(request: FastifyRequest): ProviderState {
    const auth = header(request, 'authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/.exec(auth);
    if (m) {
      for (const p of providers.values()) if (p.config.protocol === 'generic' && safeEqual(p.config.secretKey, m[1]!)) return p;
    }
    throw new HttpError(401, 'invalid_request_error', 'Invalid API Key provided', 'api_key_invalid');
  }

  /** Runs a POST under its Idempotency-Key: stores the first answer, replays it, refuses reuse with other parameters. */
  async function idempotent(provider: ProviderState, request: FastifyRequest, reply: FastifyReply, run: () => { status: number; body: unknown }) {
    const key = header(request, 'idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > 255)) throw new HttpError(400, 'invalid_request_error', 'Idempotency-Key must be 1–255 characters');
    const fingerprint = createHash('sha256').update(`${request.method} ${request.url}\n`).update(rawBody(request)).digest('hex');
    if (key !== undefined) {
      const stored = provider.idempotency.get(key);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          throw new HttpError(422, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with (key ${key})`, 'idempotency_key_in_use');
        }
        return reply.code(stored.status).header('content-type', 'application/json').header('Idempotent-Replayed', 'true').send(stored.body);
      }
      if (provider.inflight.has(key)) throw new HttpError(409, 'idempotency_error', 'A request with this Idempotency-Key is still being processed', 'idempotency_key_in_use');
      provider.inflight.add(key);
    }
    try {
      const result = run(); // throws HttpError for validation failures: nothing is stored then
      const body = JSON.stringify(result.body);
      if (key !== undefined) provider.idempotency.set(key, { fingerprint, status: result.status, body });
      if (dropAfterCommit.has(request)) {
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
      }
      return reply.code(result.status).header('content-type', 'application/json').send(body);
    } finally {
      if (key !== undefined) provider.inflight.delete(key);
    }
  }

  app.post('/v1/checkout/sessions', async (request, reply) => {
    const provider = generic(request);
    return idempotent(provider, request, reply, () => {
      const body = jsonObject(request);
      const amountMinor = requireAmount(body, 'amount_minor');
      const currency = requireCurrency(body, 'currency');
      const reference = requireString(body, 'reference');
      const customer = requireObject(body, 'customer');
      const returnUrl = requireUrl(body, 'return_url');
      const method = body.method ?? 'card';
      if (method !== 'card' && method !== 'wire') throw new HttpError(400, 'invalid_request_error', 'method must be card or wire', 'parameter_invalid');
      const s: SimulatedSession = {
        providerId: provider.config.id,
        protocol: 'generic',
        id: randomId('cs_test_', 24),
        reference,
        amountMinor,
        currency,
        method,
        intent: 'payment',
        customer: { id: requireString(customer, 'id'), name: requireString(customer, 'name'), email: requireString(customer, 'email') },
        returnUrl,
        status: 'open',
        refundedMinor: 0n,
        createdAt: pspNow(),
      };
      sessions.set(s.id, s);
      return { status: 200, body: sessionObject(s) };
    });
  });

  app.get('/v1/checkout/sessions/:id', async (request) => {
    const provider = generic(request);
    const s = sessions.get((request.params as { id: string }).id);
    if (!s || s.providerId !== provider.config.id) throw new HttpError(404, 'invalid_request_error', 'No such checkout.session', 'resource_missing');
    return sessionObject(s);
  });

  app.post('/v1/payouts', async (request, reply) => {
    const provider = generic(request);
    return idempotent(provider, request, reply, () => {
      const body = jsonObject(request);
      const amountMinor = requireAmount(body, 'amount_minor');
      const currency = requireCurrency(body, 'currency');
      const reference = requireString(body, 'reference');
      const destination = requireObject(body, 'destination');
      requireString(destination, 'type', 32);
      const p: SimulatedPayout = { providerId: provider.config.id, protocol: 'generic', id: randomId('po_'), reference, amountMinor, currency, destination, status: 'pending', createdAt: pspNow() };
      payouts.set(p.id, p);
      return { status: 200, body: payoutObject(p) };
    });
  });

  app.get('/v1/payouts/:id', async (request) => {
    const provider = generic(request);
    const p = payouts.get((request.params as { id: string }).id);
    if (!p || p.providerId !== provider.config.id) throw new HttpError(404, 'invalid_request_error', 'No such payout', 'resource_missing');
    return payoutObject(p);
  });

  // The settlement report (our generic protocol): what settlementReportCsv returns, over the API.
  app.get('/v1/settlement_reports', async (request, reply) => {
    const provider = generic(request);
    const query = request.query as Record<string, unknown>;
    const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
    if (!isDate(query.date_from) || !isDate(query.date_to) || query.date_from > query.date_to) {
      throw new HttpError(400, 'invalid_request_error', 'date_from and date_to (YYYY-MM-DD, from ≤ to) are required', 'parameter_invalid');
    }
    return reply.header('content-type', 'text/csv; charset=utf-8').send(settlementCsv(rows, provider.config.id, query.date_from, query.date_to));
  });

  app.post(PRAXIS_CASHIER_PATH, async (request, reply) => {
    const body = jsonObject(request);
    const provider = [...providers.values()].find((p) => p.config.protocol === 'praxis' && p.config.merchantId === body.merchant_id && p.config.applicationKey === body.application_key);
    if (!provider) throw new HttpError(401, 'authentication_error', 'Unknown merchant_id / application_key');
    const signature = header(request, 'gt-authentication') ?? '';
    if (!safeEqual(praxisSignatureOf(body, PRAXIS_REQUEST_SIGNATURE_FIELDS, provider.config.secretKey), signature.toLowerCase())) throw new HttpError(401, 'authentication_error', 'Invalid signature (GT-Authentication)');
    if (typeof body.timestamp !== 'number' || !Number.isInteger(body.timestamp)) throw new HttpError(400, 'invalid_request_error', 'timestamp is required (unix seconds)');
    const intent = body.intent;
    if (intent !== 'payment' && intent !== 'withdrawal') throw new HttpError(400, 'invalid_request_error', 'intent must be payment or withdrawal');
    const amountMinor = requireAmount(body, 'amount');
    const currency = requireCurrency(body, 'currency');
    const cid = requireString(body, 'cid', 50);
    const orderId = requireString(body, 'order_id', 50);
    const notificationUrl = requireUrl(body, 'notification_url');
    const returnUrl = requireUrl(body, 'return_url');
    const customerData = requireObject(body, 'customer_data');
    const name = `${typeof customerData.first_name === 'string' ? customerData.first_name : ''} ${typeof customerData.last_name === 'string' ? customerData.last_name : ''}`.trim();

    let s = [...sessions.values()].find((x) => x.providerId === provider.config.id && x.reference === orderId && x.intent === intent);
    if (s && s.status !== 'open') throw new HttpError(400, 'invalid_request_error', `order_id ${orderId} was already processed`);
    if (!s) {
      s = {
        providerId: provider.config.id,
        protocol: 'praxis',
        id: randomBytes(16).toString('hex'),
        reference: orderId,
        amountMinor,
        currency,
        method: 'local_bank_transfer',
        intent,
        customer: { id: cid, name: name || cid, email: typeof customerData.email === 'string' ? customerData.email : '' },
        returnUrl,
        notificationUrl,
        status: 'open',
        refundedMinor: 0n,
        createdAt: pspNow(),
      };
      sessions.set(s.id, s);
    }
    const answer = {
      status: 0,
      description: 'Ok',
      redirect_url: hostedPageUrl(s.id),
      customer: { customer_token: customerToken(provider, cid), country: typeof customerData.country === 'string' ? customerData.country : null, avs_alert: 0, verification_alert: 0 },
      session: { auth_token: s.id, intent, session_status: praxisSessionStatus(s), order_id: orderId, currency, amount: jsonNumber(amountMinor), cid },
      version: PRAXIS_API_VERSION,
      timestamp: pspSeconds(),
    };
    if (dropAfterCommit.has(request)) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    return reply
      .code(200)
      .header('content-type', 'application/json; charset=utf-8')
      .header(PRAXIS_SIGNATURE_HEADER, praxisSignatureOf(answer, PRAXIS_RESPONSE_SIGNATURE_FIELDS, provider.config.secretKey))
      .send(JSON.stringify(answer));
  });

  // ------------------------------------------------------------ hosted page

  function returnUrlFor(s: SimulatedSession): string {
    return s.returnUrl.replace('{CHECKOUT_SESSION_ID}', encodeURIComponent(s.id));
  }

  app.get('/pay/:sessionId', async (request, reply) => {
    const s = sessions.get((request.params as { sessionId: string }).sessionId);
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!s) return reply.code(404).send(renderMessagePage('Payment not found', 'This payment link is not valid.'));
    const provider = providerOf(s);
    return renderHostedPage({
      sessionId: s.id,
      providerName: provider.name,
      amountMinor: s.amountMinor,
      currency: s.currency,
      reference: s.reference,
      method: s.method,
      intent: s.intent,
      payerName: s.payerName ?? s.customer.name,
      status: s.status,
      returnUrl: returnUrlFor(s),
    });
  });

  app.post('/pay/:sessionId', async (request, reply) => {
    const s = sessions.get((request.params as { sessionId: string }).sessionId);
    if (!s) return reply.code(404).header('content-type', 'text/html; charset=utf-8').send(renderMessagePage('Payment not found', 'This payment link is not valid.'));
    const form = new URLSearchParams(rawBody(request).toString('utf8'));
    const action = form.get('action');
    if (action !== 'pay' && action !== 'decline') return reply.code(400).header('content-type', 'text/html; charset=utf-8').send(renderMessagePage('Invalid request', 'Choose Pay or Decline.'));
    if (s.status !== 'open') return reply.code(303).header('location', returnUrlFor(s)).send();
    const payerName = form.get('payer_name')?.trim() || undefined;
    const callbacks = applyPay(s, { outcome: action === 'pay' ? 'success' : 'fail', payerName });
    const delivering = deliver(callbacks, undefined);
    if (options.awaitCallbacksBeforeRedirect) await delivering;
    else track(delivering);
    return reply.code(303).header('location', returnUrlFor(s)).header('content-type', 'text/html; charset=utf-8').send(`<a href="${escapeHtml(returnUrlFor(s))}">Continue</a>`);
  });

  // ------------------------------------------------------------ operator page (demo only)

  const operatorToken = randomBytes(16).toString('hex');
  const OPERATOR_LIST_LIMIT = 50;

  function isLoopback(address: string | undefined): boolean {
    if (!address) return false;
    const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
    return v4.startsWith('127.') || address === '::1';
  }

  function html(reply: FastifyReply, status: number, body: string) {
    return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  }

  /** Runs an operator action: callbacks go in the background (or are awaited, as for the hosted page); back to the page with a notice. */
  async function operate(request: FastifyRequest, reply: FastifyReply, run: (form: URLSearchParams) => { callbacks: PreparedCallback[]; done: string }) {
    if (!isLoopback(request.socket.remoteAddress)) return html(reply, 403, renderMessagePage('Forbidden', 'The operator page answers loopback clients only.'));
    const form = new URLSearchParams(rawBody(request).toString('utf8'));
    if (!safeEqual(form.get('token') ?? '', operatorToken)) return html(reply, 403, renderMessagePage('Forbidden', 'This form is not from the operator page; reload it.'));
    let notice: { kind: 'ok' | 'error'; text: string };
    try {
      const { callbacks, done } = run(form);
      const delivering = deliver(callbacks, undefined);
      if (options.awaitCallbacksBeforeRedirect) await delivering;
      else track(delivering);
      notice = { kind: 'ok', text: `${done}; ${callbacks.length} callback${callbacks.length === 1 ? '' : 's'} sent to the merchant.` };
    } catch (err) {
      notice = { kind: 'error', text: err instanceof Error ? err.message : String(err) };
    }
    const location = `${OPERATOR_PAGE_PATH}?${new URLSearchParams({ [notice.kind]: notice.text.slice(0, 300) }).toString()}`;
    return reply.code(303).header('location', location).header('content-type', 'text/html; charset=utf-8').send(`<a href="${escapeHtml(location)}">Back</a>`);
  }

  function operatorSession(request: FastifyRequest): SimulatedSession {
    const s = sessions.get((request.params as { id: string }).id);
    if (!s) throw new Error('No such payment session');
    return s;
  }

  app.get(OPERATOR_PAGE_PATH, async (request, reply) => {
    if (!isLoopback(request.socket.remoteAddress)) return html(reply, 403, renderMessagePage('Forbidden', 'The operator page answers loopback clients only.'));
    const query = request.query as Record<string, unknown>;
    const notice = typeof query.error === 'string' ? { kind: 'error' as const, text: query.error } : typeof query.ok === 'string' ? { kind: 'ok' as const, text: query.ok } : undefined;
    const newestFirst = <T extends { createdAt: number }>(list: T[]) => list.sort((a, b) => b.createdAt - a.createdAt).slice(0, OPERATOR_LIST_LIMIT);
    return html(
      reply,
      200,
      renderOperatorPage({
        token: operatorToken,
        notice,
        sessions: newestFirst([...sessions.values()]).map((s) => ({ ...s, providerName: providerOf(s).name })),
        payouts: newestFirst([...payouts.values()]).map((p) => ({ ...p, providerName: providerOf(p).name })),
        deliveries: log.slice(-20).reverse(),
      }),
    );
  });

  app.post(`${OPERATOR_PAGE_PATH}/sessions/:id/refund`, async (request, reply) =>
    operate(request, reply, (form) => {
      const s = operatorSession(request);
      const raw = form.get('amount_minor')?.trim() ?? '';
      if (raw !== '' && !/^\d{1,15}$/.test(raw)) throw new Error('The refund amount is in minor units (digits), or empty for all that is left.');
      const fail = form.get('fail') === 'true';
      const opts = { fail, ...(raw !== '' ? { amountMinor: BigInt(raw) } : {}) };
      return { callbacks: applyRefund(paidDeposit(s.id), opts), done: `${fail ? 'Failed refund' : 'Refund'} of ${s.reference}` };
    }),
  );

  app.post(`${OPERATOR_PAGE_PATH}/sessions/:id/chargeback`, async (request, reply) =>
    operate(request, reply, (form) => {
      const s = operatorSession(request);
      const status = form.get('status');
      if (status !== 'open' && status !== 'won' && status !== 'lost') throw new Error('Choose open, won or lost.');
      return { callbacks: applyChargeback(paidDeposit(s.id), status, 'fraudulent'), done: `Chargeback ${status} on ${s.reference}` };
    }),
  );

  app.post(`${OPERATOR_PAGE_PATH}/sessions/:id/expire`, async (request, reply) =>
    operate(request, reply, () => {
      const s = operatorSession(request);
      return { callbacks: applyExpire(s), done: `Session of ${s.reference} expired` };
    }),
  );

  app.post(`${OPERATOR_PAGE_PATH}/payouts/:id/settle`, async (request, reply) =>
    operate(request, reply, (form) => {
      const p = payouts.get((request.params as { id: string }).id);
      if (!p) throw new Error('No such payout');
      const outcome = form.get('outcome');
      if (outcome !== 'paid' && outcome !== 'failed' && outcome !== 'returned') throw new Error('Choose paid, failed or returned.');
      return { callbacks: applySettlePayout(p, outcome, undefined), done: `Payout ${p.id} for ${p.reference} ${outcome}` };
    }),
  );

  app.get('/health', async () => ({ ok: true }));

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  function hostedPageUrl(sessionId: string): string {
    return `${baseUrl}/pay/${encodeURIComponent(sessionId)}`;
  }

  const copySession = (s: SimulatedSession): SimulatedSession => ({ ...s, customer: { ...s.customer }, ...(s.dispute ? { dispute: { ...s.dispute } } : {}) });

  return {
    url: baseUrl,
    operatorUrl: `${baseUrl}${OPERATOR_PAGE_PATH}`,

    async close() {
      if (closed) return;
      closed = true;
      closing.abort();
      await Promise.allSettled([...background]);
      await app.close();
    },

    hostedPageUrl,

    async pay(sessionOrReference, pay) {
      const s = findSession(sessionOrReference);
      return deliver(applyPay(s, pay), pay.delivery);
    },

    async chargeback(reference, opts) {
      return deliver(applyChargeback(paidDeposit(reference), opts.status, opts.reason ?? 'fraudulent'), opts.delivery);
    },

    async refund(reference, opts = {}) {
      return deliver(applyRefund(paidDeposit(reference), opts), opts.delivery);
    },

    async settlePayout(payoutIdOrReference, opts) {
      return deliver(applySettlePayout(findPayout(payoutIdOrReference), opts.outcome, opts.reason), opts.delivery);
    },

    async expire(sessionOrReference, opts = {}) {
      return deliver(applyExpire(findSession(sessionOrReference)), opts.delivery);
    },

    sessions() {
      return [...sessions.values()].map(copySession);
    },

    payouts() {
      return [...payouts.values()].map((p) => ({ ...p, destination: { ...p.destination } }));
    },

    deliveries() {
      return log.map((d) => ({ ...d, headers: { ...d.headers } }));
    },

    failNext(fault) {
      const count = fault.count ?? 1;
      if (count <= 0) return;
      if (fault.kind === 'callbacks') callbackFaults.push({ delivery: { ...fault.delivery }, left: count });
      else if (fault.kind === 'api_error') apiFaults.push({ kind: 'api_error', status: fault.status, left: count });
      else apiFaults.push({ kind: 'api_drop_after_commit', left: count });
    },

    setClockSkew(seconds) {
      skewSeconds = seconds;
    },

    setWebhookSecrets(providerId, secrets) {
      const provider = providers.get(providerId);
      if (!provider) throw new Error(`unknown provider ${providerId}`);
      if (secrets.length === 0) throw new Error('at least one secret');
      provider.webhookSecrets = [...secrets];
    },

    settlementReportCsv(providerId, dateFrom, dateTo) {
      if (!providers.has(providerId)) throw new Error(`unknown provider ${providerId}`);
      return settlementCsv(rows, providerId, dateFrom, dateTo);
    },

    async settled() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}
