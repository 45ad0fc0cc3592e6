/**
 * Loopback Sumsub simulator (PROTOCOLS.md §7, §9). Speaks the same protocol as
 * api.sumsub.com for the calls Traderoom makes, and sends webhooks the way
 * Sumsub does, with faults on demand.
 *
 * API (every request signed: X-App-Token, X-App-Access-Ts, X-App-Access-Sig):
 *   POST /resources/applicants?levelName=…             → applicant (409 for a known externalUserId)
 *   POST /resources/accessTokens/sdk                   → { token, userId }
 *   GET  /resources/applicants/{id}/status             → review status
 *   POST /resources/applicants/{id}/status/pending     → applicantPending webhook
 *   POST /resources/applicants/{id}/status/testCompleted (sandbox) → applicantReviewed webhook
 * Refusals use Sumsub's error body `{ description, code, correlationId }`; a
 * wrong token or signature, or a timestamp more than `maxClockSkewSeconds` (300)
 * off, is 401.
 *
 * Webhooks: flat JSON body, `X-Payload-Digest` = hex HMAC(webhookSecret, raw
 * body) and `X-Payload-Digest-Alg`. A non-2xx answer, a network error or a
 * timeout is retried after each of `retryDelaysMs` (Sumsub: +5 min, 1 h, 5 h,
 * 18 h; here milliseconds). Faults: duplicates, delays, reordering (older
 * `createdAtMs` delivered last), tampered bodies; on the API: 5xx/429 bursts and
 * latency before or after the change is committed.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleepTimer } from 'node:timers/promises';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { SUMSUB_DEFAULT_DIGEST_ALG, sumsubPayloadDigest, type SumsubDigestAlg } from '../../integrations/kyc-provider/sumsub-webhook';

/** Sumsub's documented resend schedule for user-verification webhooks. */
export const SUMSUB_RESEND_SCHEDULE_MS = [5 * 60_000, 60 * 60_000, 5 * 60 * 60_000, 18 * 60 * 60_000] as const;

export interface SumsubSimulatorOptions {
  appToken: string;
  /** API secret; several are accepted while a secret is being rotated. */
  secretKey: string | readonly string[];
  /** Secret used to sign webhooks (set per webhook in Sumsub's dashboard). */
  webhookSecret: string;
  webhookUrl?: string;
  digestAlg?: SumsubDigestAlg;
  /** Delays before each resend of a failed webhook; default [250, 500, 1000, 2000]. */
  retryDelaysMs?: readonly number[];
  /** Receiver timeout per webhook attempt; default 5000 ms (Sumsub's). */
  webhookTimeoutMs?: number;
  /** Allowed |server clock − X-App-Access-Ts|; default 300 s. */
  maxClockSkewSeconds?: number;
  /** Simulator clock (ms since epoch): request timestamps are checked and events stamped with it. */
  now?: () => number;
  clientId?: string;
  host?: string;
  port?: number;
}

export interface SumsubReviewInput {
  answer: 'GREEN' | 'RED';
  /** For RED; defaults to RETRY. */
  rejectType?: 'FINAL' | 'RETRY';
  labels?: string[];
  clientComment?: string;
  moderationComment?: string;
}

export interface SumsubDeliveryOptions {
  /** Extra copies of each webhook, delivered after the original (1 → delivered twice). */
  duplicate?: number;
  /** Wait before the first attempt. */
  delayMs?: number;
  /** Sign the original body but send a forged one (reviewAnswer flipped, or a byte appended): the digest no longer matches. */
  tamper?: boolean;
}

/** One HTTP attempt to deliver one webhook. */
export interface SumsubWebhookDelivery {
  seq: number;
  /** Same for every copy and attempt of one event. */
  eventId: string;
  type: string;
  applicantId: string;
  createdAtMs: string;
  /** 0 for the original, 1… for duplicates. */
  copy: number;
  /** 1 for the first attempt, 2… for resends. */
  attempt: number;
  url: string;
  /** HTTP status, or null for a network error or timeout. */
  status: number | null;
  ok: boolean;
  error?: string;
  tampered: boolean;
  /** The exact bytes sent. */
  body: string;
  sentAt: Date;
}

export interface SimulatedApplicant {
  id: string;
  inspectionId: string;
  externalUserId: string;
  levelName: string;
  email?: string;
  phone?: string;
  fixedInfo?: Record<string, unknown>;
  createdAt: string;
  reviewId: string;
  attemptId: string;
  attemptCnt: number;
  reviewStatus: string;
  reviewResult?: SumsubReviewResultBody;
  reviewDate?: string;
}

export interface SumsubReviewResultBody {
  reviewAnswer: 'GREEN' | 'RED';
  rejectLabels?: string[];
  reviewRejectType?: 'FINAL' | 'RETRY';
  clientComment?: string;
  moderationComment?: string;
}

export interface SumsubApiFault {
  /** e.g. 500, 503 or 429 */
  status: number;
  /** How many API requests get it. */
  count: number;
}

export interface SumsubSimulator {
  url: string;
  close(): Promise<void>;
  setWebhookUrl(url: string | undefined): void;
  /** Moves the applicant to pending and sends applicantPending. */
  submit(applicantId: string, delivery?: SumsubDeliveryOptions): Promise<SumsubWebhookDelivery[]>;
  /** Completes the review and sends applicantReviewed; resolves when delivery (with resends) is over. */
  review(applicantId: string, review: SumsubReviewInput, delivery?: SumsubDeliveryOptions): Promise<SumsubWebhookDelivery[]>;
  /**
   * Creates the events in the given order (increasing createdAtMs; the applicant
   * ends in the state of the last) and delivers them newest first, oldest last.
   */
  deliverOutOfOrder(applicantId: string, events: ReadonlyArray<SumsubReviewInput | 'pending'>, delivery?: SumsubDeliveryOptions): Promise<SumsubWebhookDelivery[]>;
  applicants(): SimulatedApplicant[];
  deliveries(): SumsubWebhookDelivery[];
  /** The next `count` API requests answer `status` (a 5xx or 429 burst). */
  failNext(fault: SumsubApiFault): void;
  /** Delay API answers: before the request is handled, or after its change is committed (the caller times out but it happened). */
  setLatency(latency: { ms: number; afterCommit?: boolean } | undefined): void;
  /** Resolves when the webhooks sent in the background (creation, API-triggered reviews) are delivered. */
  settled(): Promise<void>;
}

interface PreparedEvent {
  eventId: string;
  type: string;
  applicantId: string;
  createdAtMs: string;
  raw: string;
  body: Record<string, unknown>;
}

class SumsubHttpError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "YYYY-MM-DD HH:mm:ss.SSS" in UTC (webhook createdAtMs). */
export function formatSumsubMs(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** "YYYY-MM-DD HH:mm:ss+0000" (applicant createdAt, review dates, webhook createdAt). */
export function formatSumsubSeconds(ms: number): string {
  return `${formatSumsubMs(ms).slice(0, 19)}+0000`;
}

function objectId(): string {
  return randomBytes(12).toString('hex');
}

function shortId(): string {
  return randomBytes(4).toString('base64url').slice(0, 5);
}

function correlationId(): string {
  return randomBytes(16).toString('hex');
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
}

function safeEqualHex(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const raw = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
  if (raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SumsubHttpError(400, 'Invalid JSON in request body');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SumsubHttpError(400, 'Request body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new SumsubHttpError(400, `${key} must be a string`);
  return v;
}

function optionalStringArray(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new SumsubHttpError(400, `${key} must be an array of strings`);
  return v as string[];
}

export async function startSumsubSimulator(options: SumsubSimulatorOptions): Promise<SumsubSimulator> {
  const secretKeys = typeof options.secretKey === 'string' ? [options.secretKey] : [...options.secretKey];
  const digestAlg = options.digestAlg ?? SUMSUB_DEFAULT_DIGEST_ALG;
  const retryDelaysMs = [...(options.retryDelaysMs ?? [250, 500, 1000, 2000])];
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 5000;
  const maxSkew = options.maxClockSkewSeconds ?? 300;
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? 'traderoom-simulator';

  let webhookUrl = options.webhookUrl;
  let fault: SumsubApiFault | undefined;
  let latency: { ms: number; afterCommit: boolean } | undefined;
  let closed = false;
  let seq = 0;
  let lastEventMs = 0;
  const closing = new AbortController();
  const byId = new Map<string, SimulatedApplicant>();
  const byExternalId = new Map<string, SimulatedApplicant>();
  const log: SumsubWebhookDelivery[] = [];
  const background = new Set<Promise<unknown>>();

  /** Event clock: strictly increasing, so every event has its own createdAtMs. */
  function eventTime(): number {
    lastEventMs = Math.max(now(), lastEventMs + 1);
    return lastEventMs;
  }

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

  function prepareEvent(applicant: SimulatedApplicant, type: string): PreparedEvent {
    const ms = eventTime();
    const body: Record<string, unknown> = {
      applicantId: applicant.id,
      inspectionId: applicant.inspectionId,
      correlationId: correlationId(),
      levelName: applicant.levelName,
      externalUserId: applicant.externalUserId,
      type,
      sandboxMode: true,
      reviewStatus: applicant.reviewStatus,
      createdAt: formatSumsubSeconds(ms),
      createdAtMs: formatSumsubMs(ms),
      clientId,
      applicantType: 'individual',
    };
    if (applicant.reviewResult && type === 'applicantReviewed') body.reviewResult = { ...applicant.reviewResult };
    return { eventId: randomUUID(), type, applicantId: applicant.id, createdAtMs: body.createdAtMs as string, raw: JSON.stringify(body), body };
  }

  function forge(event: PreparedEvent): string {
    const body = structuredClone(event.body);
    const result = body.reviewResult as Record<string, unknown> | undefined;
    if (result) {
      body.reviewResult = { reviewAnswer: result.reviewAnswer === 'GREEN' ? 'RED' : 'GREEN' };
      return JSON.stringify(body);
    }
    return `${event.raw} `;
  }

  async function deliverCopy(event: PreparedEvent, copy: number, tamper: boolean): Promise<SumsubWebhookDelivery[]> {
    const records: SumsubWebhookDelivery[] = [];
    const digest = sumsubPayloadDigest(event.raw, options.webhookSecret, digestAlg);
    const sent = tamper ? forge(event) : event.raw;
    for (let attempt = 1; attempt <= retryDelaysMs.length + 1; attempt++) {
      const url = webhookUrl;
      if (closed || !url) break;
      const record: SumsubWebhookDelivery = {
        seq: ++seq,
        eventId: event.eventId,
        type: event.type,
        applicantId: event.applicantId,
        createdAtMs: event.createdAtMs,
        copy,
        attempt,
        url,
        status: null,
        ok: false,
        tampered: tamper,
        body: sent,
        sentAt: new Date(),
      };
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Payload-Digest': digest, 'X-Payload-Digest-Alg': digestAlg },
          body: sent,
          signal: AbortSignal.any([closing.signal, AbortSignal.timeout(webhookTimeoutMs)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        record.status = response.status;
        record.ok = response.status >= 200 && response.status < 300;
      } catch (err) {
        record.error = err instanceof Error && err.name === 'TimeoutError' ? `timeout after ${webhookTimeoutMs} ms` : err instanceof Error ? err.message : String(err);
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

  async function deliver(events: PreparedEvent[], delivery: SumsubDeliveryOptions = {}): Promise<SumsubWebhookDelivery[]> {
    if (delivery.delayMs) await sleep(delivery.delayMs);
    const out: SumsubWebhookDelivery[] = [];
    for (const event of events) {
      for (let copy = 0; copy <= (delivery.duplicate ?? 0); copy++) out.push(...(await deliverCopy(event, copy, delivery.tamper ?? false)));
    }
    return out;
  }

  function applicantOrThrow(applicantId: string): SimulatedApplicant {
    const applicant = byId.get(applicantId);
    if (!applicant) throw new SumsubHttpError(404, `Applicant with id '${applicantId}' not found`);
    return applicant;
  }

  function applyReview(applicant: SimulatedApplicant, review: SumsubReviewResultBody): void {
    applicant.reviewStatus = 'completed';
    applicant.reviewResult = review;
    applicant.reviewDate = formatSumsubSeconds(now());
  }

  function applyPending(applicant: SimulatedApplicant): void {
    applicant.reviewStatus = 'pending';
    applicant.reviewResult = undefined;
    applicant.reviewDate = undefined;
    applicant.attemptCnt += 1;
    applicant.attemptId = shortId();
  }

  function toReviewBody(review: SumsubReviewInput): SumsubReviewResultBody {
    if (review.answer === 'GREEN') return { reviewAnswer: 'GREEN', rejectLabels: [] };
    const body: SumsubReviewResultBody = { reviewAnswer: 'RED', rejectLabels: review.labels ?? [], reviewRejectType: review.rejectType ?? 'RETRY' };
    if (review.moderationComment !== undefined) body.moderationComment = review.moderationComment;
    if (review.clientComment !== undefined) body.clientComment = review.clientComment;
    return body;
  }

  function reviewBodyFromRequest(body: Record<string, unknown>): SumsubReviewResultBody {
    const answer = body.reviewAnswer;
    if (answer !== 'GREEN' && answer !== 'RED') throw new SumsubHttpError(400, 'reviewAnswer must be GREEN or RED');
    const rejectType = body.reviewRejectType;
    if (rejectType !== undefined && rejectType !== null && rejectType !== 'FINAL' && rejectType !== 'RETRY') throw new SumsubHttpError(400, 'reviewRejectType must be FINAL or RETRY');
    const result: SumsubReviewResultBody = { reviewAnswer: answer, rejectLabels: optionalStringArray(body, 'rejectLabels') ?? [] };
    if (answer === 'RED') {
      if (rejectType === 'FINAL' || rejectType === 'RETRY') result.reviewRejectType = rejectType;
      const moderationComment = optionalString(body, 'moderationComment');
      const clientComment = optionalString(body, 'clientComment');
      if (moderationComment !== undefined) result.moderationComment = moderationComment;
      if (clientComment !== undefined) result.clientComment = clientComment;
    }
    return result;
  }

  // ---------------------------------------------------------------- HTTP API
  const app = Fastify({ logger: false });
  const keepRaw = (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, keepRaw);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, keepRaw);

  function sendError(reply: FastifyReply, status: number, description: string) {
    return reply.code(status).header('content-type', 'application/json').send({ description, code: status, correlationId: correlationId() });
  }

  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof SumsubHttpError) return sendError(reply, err.status, err.description);
    const status = typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : 500;
    return sendError(reply, status, status >= 500 ? 'Internal error' : (err as Error).message);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, `No resource for ${request.method} ${request.url.split('?')[0]}`));

  app.addHook('onRequest', async (_request, reply) => {
    if (fault && fault.count > 0) {
      fault.count -= 1;
      const status = fault.status;
      if (fault.count === 0) fault = undefined;
      return sendError(reply, status, status === 429 ? 'Too many requests' : 'Service temporarily unavailable');
    }
    if (latency && !latency.afterCommit) await sleep(latency.ms);
  });

  app.addHook('preHandler', async (request, reply) => {
    const token = headerValue(request, 'x-app-token');
    const tsHeader = headerValue(request, 'x-app-access-ts');
    const sig = headerValue(request, 'x-app-access-sig');
    if (!token || !tsHeader || !sig) return sendError(reply, 401, 'Authorization headers X-App-Token, X-App-Access-Ts and X-App-Access-Sig are required');
    if (!safeEqualHex(token, options.appToken)) return sendError(reply, 401, 'Invalid App Token');
    if (!/^\d{1,12}$/.test(tsHeader)) return sendError(reply, 401, 'Invalid X-App-Access-Ts');
    if (Math.abs(Math.floor(now() / 1000) - Number(tsHeader)) > maxSkew) return sendError(reply, 401, 'Request timestamp is too far from the server time');
    const raw = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
    const ok = secretKeys.some((secret) => {
      const expected = createHmac('sha256', secret).update(`${tsHeader}${request.method.toUpperCase()}${request.url}`).update(raw).digest('hex');
      return safeEqualHex(expected, sig);
    });
    if (!ok) return sendError(reply, 401, 'Request signature mismatch');
  });

  app.addHook('onSend', async (_request, _reply, payload) => {
    if (latency?.afterCommit) await sleep(latency.ms);
    return payload;
  });

  app.post('/resources/applicants', async (request) => {
    const levelName = (request.query as Record<string, string | undefined>).levelName;
    if (!levelName) throw new SumsubHttpError(400, 'levelName query parameter is required');
    const body = jsonBody(request);
    const externalUserId = optionalString(body, 'externalUserId');
    if (!externalUserId) throw new SumsubHttpError(400, 'externalUserId is required');
    const existing = byExternalId.get(externalUserId);
    if (existing) throw new SumsubHttpError(409, `Applicant with external user id '${externalUserId}' already exists: ${existing.id}`);
    const fixedInfo = body.fixedInfo;
    if (fixedInfo !== undefined && (typeof fixedInfo !== 'object' || fixedInfo === null || Array.isArray(fixedInfo))) throw new SumsubHttpError(400, 'fixedInfo must be an object');
    const info = (fixedInfo ?? {}) as Record<string, unknown>;
    for (const key of ['country', 'nationality']) {
      if (info[key] !== undefined && (typeof info[key] !== 'string' || !/^[A-Z]{3}$/.test(info[key]))) throw new SumsubHttpError(400, `fixedInfo.${key} must be an ISO 3166-1 alpha-3 code`);
    }
    if (info.dob !== undefined && (typeof info.dob !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(info.dob))) throw new SumsubHttpError(400, 'fixedInfo.dob must be YYYY-MM-DD');

    const createdMs = now();
    const applicant: SimulatedApplicant = {
      id: objectId(),
      inspectionId: objectId(),
      externalUserId,
      levelName,
      createdAt: formatSumsubSeconds(createdMs),
      reviewId: shortId(),
      attemptId: shortId(),
      attemptCnt: 0,
      reviewStatus: 'init',
    };
    const email = optionalString(body, 'email');
    const phone = optionalString(body, 'phone');
    if (email !== undefined) applicant.email = email;
    if (phone !== undefined) applicant.phone = phone;
    if (fixedInfo !== undefined) applicant.fixedInfo = info;
    byId.set(applicant.id, applicant);
    byExternalId.set(externalUserId, applicant);
    track(deliver([prepareEvent(applicant, 'applicantCreated')]));

    return {
      id: applicant.id,
      createdAt: applicant.createdAt,
      key: 'SIMULATORKEY',
      clientId,
      inspectionId: applicant.inspectionId,
      externalUserId,
      info: { ...info },
      fixedInfo: { ...info },
      ...(email !== undefined ? { email } : {}),
      ...(phone !== undefined ? { phone } : {}),
      applicantPlatform: 'API',
      review: {
        reviewId: applicant.reviewId,
        attemptId: applicant.attemptId,
        attemptCnt: applicant.attemptCnt,
        levelName,
        createDate: applicant.createdAt,
        reviewStatus: applicant.reviewStatus,
        priority: 0,
      },
      type: 'individual',
    };
  });

  app.post('/resources/accessTokens/sdk', async (request) => {
    const body = jsonBody(request);
    const userId = optionalString(body, 'userId');
    if (!userId) throw new SumsubHttpError(400, 'userId is required');
    optionalString(body, 'levelName');
    const ttl = body.ttlInSecs;
    if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl <= 0)) throw new SumsubHttpError(400, 'ttlInSecs must be a positive integer');
    return { token: `_act-sbx-${randomUUID()}`, userId };
  });

  app.get('/resources/applicants/:id/status', async (request) => {
    const applicant = applicantOrThrow((request.params as { id: string }).id);
    return {
      reviewId: applicant.reviewId,
      attemptId: applicant.attemptId,
      attemptCnt: applicant.attemptCnt,
      levelName: applicant.levelName,
      createDate: applicant.createdAt,
      ...(applicant.reviewDate ? { reviewDate: applicant.reviewDate } : {}),
      ...(applicant.reviewResult ? { reviewResult: applicant.reviewResult } : {}),
      reviewStatus: applicant.reviewStatus,
      priority: 0,
    };
  });

  app.post('/resources/applicants/:id/status/pending', async (request) => {
    const applicant = applicantOrThrow((request.params as { id: string }).id);
    applyPending(applicant);
    track(deliver([prepareEvent(applicant, 'applicantPending')]));
    return { ok: 1 };
  });

  app.post('/resources/applicants/:id/status/testCompleted', async (request) => {
    const applicant = applicantOrThrow((request.params as { id: string }).id);
    const review = reviewBodyFromRequest(jsonBody(request));
    applyReview(applicant, review);
    track(deliver([prepareEvent(applicant, 'applicantReviewed')]));
    return { ok: 1 };
  });

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('simulator did not bind a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  function localApplicant(applicantId: string): SimulatedApplicant {
    const applicant = byId.get(applicantId);
    if (!applicant) throw new Error(`unknown applicant ${applicantId}`);
    return applicant;
  }

  return {
    url: `http://${host}:${address.port}`,

    async close() {
      if (closed) return;
      closed = true;
      closing.abort();
      await Promise.allSettled([...background]);
      await app.close();
    },

    setWebhookUrl(url) {
      webhookUrl = url;
    },

    async submit(applicantId, delivery) {
      const applicant = localApplicant(applicantId);
      applyPending(applicant);
      return deliver([prepareEvent(applicant, 'applicantPending')], delivery);
    },

    async review(applicantId, review, delivery) {
      const applicant = localApplicant(applicantId);
      applyReview(applicant, toReviewBody(review));
      return deliver([prepareEvent(applicant, 'applicantReviewed')], delivery);
    },

    async deliverOutOfOrder(applicantId, events, delivery) {
      const applicant = localApplicant(applicantId);
      const prepared = events.map((event) => {
        if (event === 'pending') {
          applyPending(applicant);
          return prepareEvent(applicant, 'applicantPending');
        }
        applyReview(applicant, toReviewBody(event));
        return prepareEvent(applicant, 'applicantReviewed');
      });
      return deliver(prepared.reverse(), delivery);
    },

    applicants() {
      return [...byId.values()].map((a) => structuredClone(a));
    },

    deliveries() {
      return log.map((d) => ({ ...d }));
    },

    failNext(next) {
      fault = next.count > 0 ? { ...next } : undefined;
    },

    setLatency(next) {
      latency = next ? { ms: next.ms, afterCommit: next.afterCommit ?? false } : undefined;
    },

    async settled() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}
