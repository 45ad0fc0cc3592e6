/**
 * Sumsub API adapter (PROTOCOLS.md §7).
 *
 * Every request carries `X-App-Token`, `X-App-Access-Ts` (unix seconds) and
 * `X-App-Access-Sig` = lowercase hex HMAC-SHA256(secretKey, ts + METHOD +
 * pathWithQuery + rawBody). The body is serialised once and the same bytes are
 * signed and sent, so the signature always covers exactly what goes on the wire.
 *
 * Failures are split in two:
 * - `KycProviderUnavailableError`: network error, timeout, 5xx, 429 or an
 *   unreadable answer. Retryable; the call may or may not have taken effect
 *   (a timeout after the provider committed), so callers retry idempotently
 *   (createApplicant answers 409 for an externalUserId that already exists).
 * - `KycProviderRequestError`: any other 4xx, carrying Sumsub's error body
 *   `{ description, code, correlationId, errorCode?, errorName? }`. Not retryable.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';

export type SumsubReviewStatus = 'init' | 'pending' | 'prechecked' | 'queued' | 'completed' | 'onHold' | (string & {});
export type SumsubReviewAnswer = 'GREEN' | 'RED';
export type SumsubRejectType = 'FINAL' | 'RETRY';

export interface SumsubClientOptions {
  /** e.g. https://api.sumsub.com, or the loopback simulator's url. */
  baseUrl: string;
  appToken: string;
  secretKey: string;
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per-request timeout; default 10 000 ms. */
  timeoutMs?: number;
  /** Clock for `X-App-Access-Ts` (ms since epoch); default Date.now. */
  now?: () => number;
}

export interface SumsubFixedInfoInput {
  firstName?: string;
  lastName?: string;
  /** YYYY-MM-DD */
  dob?: string;
  /** ISO 3166 alpha-2 (as stored by Traderoom) or alpha-3; sent as alpha-3. */
  country?: string;
}

export interface CreateApplicantInput {
  externalUserId: string;
  levelName: string;
  email?: string;
  phone?: string;
  fixedInfo?: SumsubFixedInfoInput;
}

export interface SumsubApplicantRef {
  id: string;
  externalUserId: string;
  reviewStatus: SumsubReviewStatus;
}

export interface SumsubAccessToken {
  token: string;
  userId: string;
}

export interface SumsubApplicantStatus {
  reviewStatus: SumsubReviewStatus;
  reviewAnswer?: SumsubReviewAnswer;
  rejectType?: SumsubRejectType;
  rejectLabels?: string[];
}

export interface SumsubTestReviewInput {
  reviewAnswer: SumsubReviewAnswer;
  rejectLabels?: string[];
  reviewRejectType?: SumsubRejectType;
  clientComment?: string;
  moderationComment?: string;
}

export interface SumsubClient {
  createApplicant(input: CreateApplicantInput): Promise<SumsubApplicantRef>;
  createAccessToken(input: { userId: string; levelName: string; ttlInSecs: number }): Promise<SumsubAccessToken>;
  getApplicantStatus(applicantId: string): Promise<SumsubApplicantStatus>;
  /** Sandbox only: `POST /resources/applicants/{id}/status/testCompleted`; Sumsub then sends applicantReviewed. */
  testCompleted(applicantId: string, review: SumsubTestReviewInput): Promise<void>;
  /** `POST /resources/applicants/{id}/status/pending` ("request a check"); Sumsub then sends applicantPending. */
  requestCheck(applicantId: string): Promise<void>;
}

/** Sumsub's error body. */
export interface SumsubErrorBody {
  description: string;
  code: number;
  correlationId?: string;
  errorCode?: number;
  errorName?: string;
}

/** Network failure, timeout, 5xx or 429: retryable, the outcome may be unknown. */
export class KycProviderUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: SumsubErrorBody,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KycProviderUnavailableError';
  }
}

/** A 4xx answer (other than 429): the request itself is wrong; not retryable as is. */
export class KycProviderRequestError extends Error {
  readonly retryable = false;
  readonly description: string;
  readonly code: number;
  readonly correlationId: string | undefined;
  readonly errorCode: number | undefined;
  readonly errorName: string | undefined;
  constructor(
    readonly status: number,
    body: SumsubErrorBody,
  ) {
    super(`Sumsub refused the request (${status}): ${body.description}`);
    this.name = 'KycProviderRequestError';
    this.description = body.description;
    this.code = body.code;
    this.correlationId = body.correlationId;
    this.errorCode = body.errorCode;
    this.errorName = body.errorName;
  }
}

/** ISO alpha-2 → alpha-3 for the countries in config/demo.yaml (Sumsub expects alpha-3). */
export const ALPHA2_TO_ALPHA3: Readonly<Record<string, string>> = Object.freeze({
  CY: 'CYP',
  DE: 'DEU',
  FR: 'FRA',
  ES: 'ESP',
  PL: 'POL',
  GB: 'GBR',
  AE: 'ARE',
  ZA: 'ZAF',
  NG: 'NGA',
  PK: 'PAK',
  US: 'USA',
  KP: 'PRK',
});

/** Alpha-2 (mapped) or alpha-3 (kept) → alpha-3; throws RangeError for anything else. */
export function toSumsubCountry(code: string): string {
  const upper = code.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(upper)) return upper;
  const mapped = ALPHA2_TO_ALPHA3[upper];
  if (!mapped) throw new RangeError(`no ISO alpha-3 mapping for country "${code}"`);
  return mapped;
}

/** Lowercase hex HMAC-SHA256(secretKey, ts + METHOD + pathWithQuery + body). */
export function signSumsubRequest(secretKey: string, ts: number | string, method: string, pathWithQuery: string, body: string | Buffer = ''): string {
  const hmac = createHmac('sha256', secretKey);
  hmac.update(`${ts}${method.toUpperCase()}${pathWithQuery}`);
  if (body.length > 0) hmac.update(body);
  return hmac.digest('hex');
}

const reviewResultSchema = z.looseObject({
  reviewAnswer: z.enum(['GREEN', 'RED']).optional(),
  rejectLabels: z.array(z.string()).nullish(),
  reviewRejectType: z.enum(['FINAL', 'RETRY']).nullish(),
});

const applicantSchema = z.looseObject({
  id: z.string().min(1),
  externalUserId: z.string(),
  review: z.looseObject({ reviewStatus: z.string().min(1) }).optional(),
});

const accessTokenSchema = z.looseObject({ token: z.string().min(1), userId: z.string() });

const statusSchema = z.looseObject({
  reviewStatus: z.string().min(1),
  reviewResult: reviewResultSchema.nullish(),
});

const errorBodySchema = z.looseObject({
  description: z.string().optional(),
  code: z.number().optional(),
  correlationId: z.string().optional(),
  errorCode: z.number().optional(),
  errorName: z.string().optional(),
});

export function createSumsubClient(options: SumsubClientOptions): SumsubClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;

  async function call<T>(method: 'GET' | 'POST', pathWithQuery: string, payload: unknown, schema: z.ZodType<T>): Promise<T> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const ts = Math.floor(now() / 1000);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-App-Token': options.appToken,
      'X-App-Access-Ts': String(ts),
      'X-App-Access-Sig': signSumsubRequest(options.secretKey, ts, method, pathWithQuery, body),
    };
    // Sumsub asks JS callers to always send the JSON content type, even with an empty body.
    if (method === 'POST') headers['Content-Type'] = 'application/json';

    let response: Response;
    let text: string;
    try {
      response = await doFetch(baseUrl + pathWithQuery, {
        method,
        headers,
        body: method === 'POST' ? body : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      const reason = name === 'TimeoutError' || name === 'AbortError' ? `timed out after ${timeoutMs} ms` : 'network error';
      throw new KycProviderUnavailableError(`Sumsub ${method} ${pathOnly(pathWithQuery)}: ${reason}`, undefined, undefined, { cause: err });
    }

    if (!response.ok) {
      const errorBody = parseErrorBody(text, response.status);
      if (response.status >= 500 || response.status === 429) {
        throw new KycProviderUnavailableError(`Sumsub ${method} ${pathOnly(pathWithQuery)} answered ${response.status}: ${errorBody.description}`, response.status, errorBody);
      }
      throw new KycProviderRequestError(response.status, errorBody);
    }

    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch (err) {
      throw new KycProviderUnavailableError(`Sumsub ${method} ${pathOnly(pathWithQuery)}: answer is not JSON`, response.status, undefined, { cause: err });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new KycProviderUnavailableError(
        `Sumsub ${method} ${pathOnly(pathWithQuery)}: unexpected answer shape (${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')})`,
        response.status,
        undefined,
        { cause: parsed.error },
      );
    }
    return parsed.data;
  }

  return {
    async createApplicant(input) {
      const fixedInfo = input.fixedInfo ? buildFixedInfo(input.fixedInfo) : undefined;
      const payload: Record<string, unknown> = { externalUserId: input.externalUserId };
      if (input.email !== undefined) payload.email = input.email;
      if (input.phone !== undefined) payload.phone = input.phone;
      if (fixedInfo && Object.keys(fixedInfo).length > 0) payload.fixedInfo = fixedInfo;
      const applicant = await call('POST', `/resources/applicants?levelName=${encodeURIComponent(input.levelName)}`, payload, applicantSchema);
      return { id: applicant.id, externalUserId: applicant.externalUserId, reviewStatus: applicant.review?.reviewStatus ?? 'init' };
    },

    async createAccessToken(input) {
      const token = await call(
        'POST',
        '/resources/accessTokens/sdk',
        { userId: input.userId, levelName: input.levelName, ttlInSecs: input.ttlInSecs },
        accessTokenSchema,
      );
      return { token: token.token, userId: token.userId };
    },

    async getApplicantStatus(applicantId) {
      const status = await call('GET', `/resources/applicants/${encodeURIComponent(applicantId)}/status`, undefined, statusSchema);
      const result: SumsubApplicantStatus = { reviewStatus: status.reviewStatus };
      const review = status.reviewResult;
      if (review?.reviewAnswer) result.reviewAnswer = review.reviewAnswer;
      if (review?.reviewRejectType) result.rejectType = review.reviewRejectType;
      if (review?.rejectLabels) result.rejectLabels = review.rejectLabels;
      return result;
    },

    async testCompleted(applicantId, review) {
      await call('POST', `/resources/applicants/${encodeURIComponent(applicantId)}/status/testCompleted`, review, z.unknown());
    },

    async requestCheck(applicantId) {
      await call('POST', `/resources/applicants/${encodeURIComponent(applicantId)}/status/pending`, undefined, z.unknown());
    },
  };
}

function buildFixedInfo(info: SumsubFixedInfoInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (info.firstName) out.firstName = info.firstName;
  if (info.lastName) out.lastName = info.lastName;
  if (info.dob) out.dob = info.dob;
  if (info.country) out.country = toSumsubCountry(info.country);
  return out;
}

function parseErrorBody(text: string, status: number): SumsubErrorBody {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const body: SumsubErrorBody = {
        description: parsed.data.description ?? `HTTP ${status}`,
        code: parsed.data.code ?? status,
      };
      if (parsed.data.correlationId !== undefined) body.correlationId = parsed.data.correlationId;
      if (parsed.data.errorCode !== undefined) body.errorCode = parsed.data.errorCode;
      if (parsed.data.errorName !== undefined) body.errorName = parsed.data.errorName;
      return body;
    }
  } catch {
    // not JSON: fall through
  }
  return { description: text.slice(0, 200) || `HTTP ${status}`, code: status };
}

function pathOnly(pathWithQuery: string): string {
  const q = pathWithQuery.indexOf('?');
  return q === -1 ? pathWithQuery : pathWithQuery.slice(0, q);
}
