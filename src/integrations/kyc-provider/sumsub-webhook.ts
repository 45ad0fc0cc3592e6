/**
 * Sumsub webhooks (PROTOCOLS.md §7): verification, parsing and interpretation.
 *
 * The digest is checked over the RAW request bytes before anything is parsed:
 * `X-Payload-Digest` = hex HMAC(webhookSecret, rawBody) with the algorithm in
 * `X-Payload-Digest-Alg` (HMAC_SHA1_HEX, HMAC_SHA256_HEX — the default when the
 * header is absent — or HMAC_SHA512_HEX), compared in constant time. Only then
 * is the flat JSON body parsed and validated.
 *
 * Sumsub may send several final verdicts for one applicant (GREEN, later RED
 * for fraud found afterwards), resend a webhook that was not acknowledged, and
 * deliver resends out of order. Hence:
 * - `webhookDedupKey` — a stable id for exactly-once processing;
 * - `webhookOccurredAt` / `compareSumsubWebhooks` / `supersedes` — the event
 *   time (`createdAtMs`, UTC) decides; an older event arriving late never
 *   overrides a newer one, a newer RED after GREEN does.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const SUMSUB_DIGEST_ALGORITHMS = {
  HMAC_SHA1_HEX: 'sha1',
  HMAC_SHA256_HEX: 'sha256',
  HMAC_SHA512_HEX: 'sha512',
} as const;

export type SumsubDigestAlg = keyof typeof SUMSUB_DIGEST_ALGORITHMS;

export const SUMSUB_DEFAULT_DIGEST_ALG: SumsubDigestAlg = 'HMAC_SHA256_HEX';

/** Missing, malformed or wrong `X-Payload-Digest`, or an unknown algorithm. Answer 401. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/** Authentic bytes that are not a valid Sumsub webhook (bad JSON or shape). Answer 400. */
export class WebhookPayloadError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'WebhookPayloadError';
  }
}

/** Hex HMAC of the raw body, as Sumsub computes `X-Payload-Digest`. */
export function sumsubPayloadDigest(rawBody: Buffer | string, secret: string, alg: SumsubDigestAlg = SUMSUB_DEFAULT_DIGEST_ALG): string {
  return createHmac(SUMSUB_DIGEST_ALGORITHMS[alg], secret).update(rawBody).digest('hex');
}

/** "YYYY-MM-DD HH:mm:ss.SSS", UTC. */
const CREATED_AT_MS = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;

function parseCreatedAtMs(value: string): Date | undefined {
  const m = CREATED_AT_MS.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as [number, number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Reject rolled-over values such as 2024-02-30.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || date.getUTCHours() !== h || date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s) {
    return undefined;
  }
  return date;
}

/** Optional field that Sumsub may also send as null; normalised to undefined. */
function opt<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((v) => v ?? undefined);
}

export const sumsubReviewResultSchema = z.looseObject({
  reviewAnswer: z.enum(['GREEN', 'RED']),
  rejectLabels: opt(z.array(z.string())),
  reviewRejectType: opt(z.enum(['FINAL', 'RETRY'])),
  moderationComment: opt(z.string()),
  clientComment: opt(z.string()),
  buttonIds: opt(z.array(z.string())),
});

export const sumsubWebhookSchema = z.looseObject({
  type: z.string().min(1),
  applicantId: z.string().min(1),
  inspectionId: opt(z.string()),
  correlationId: opt(z.string()),
  externalUserId: z.string().min(1),
  levelName: opt(z.string()),
  applicantType: opt(z.string()),
  sandboxMode: opt(z.boolean()),
  clientId: opt(z.string()),
  /** init | pending | prechecked | queued | completed | onHold | … */
  reviewStatus: z.string().min(1),
  reviewResult: opt(sumsubReviewResultSchema),
  createdAtMs: z.string().refine((v) => parseCreatedAtMs(v) !== undefined, { message: 'expected "YYYY-MM-DD HH:mm:ss.SSS" (UTC)' }),
  createdAt: opt(z.string()),
});

export type SumsubWebhook = z.infer<typeof sumsubWebhookSchema>;
export type SumsubWebhookHeaders = Record<string, string | string[] | undefined>;

function header(headers: SumsubWebhookHeaders, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length !== 1) throw new WebhookSignatureError(`header ${name} is repeated`);
      return value[0];
    }
    return value;
  }
  return undefined;
}

/**
 * Verifies the digest over the raw body (with any of the given secrets, so a
 * webhook secret can be rotated), then parses and validates the payload.
 */
export function verifySumsubWebhook(rawBody: Buffer, headers: SumsubWebhookHeaders, secret: string | readonly string[]): SumsubWebhook {
  const secrets = (typeof secret === 'string' ? [secret] : [...secret]).filter((s) => s.length > 0);
  if (secrets.length === 0) throw new WebhookSignatureError('no webhook secret configured');

  const digest = header(headers, 'x-payload-digest')?.trim();
  if (!digest) throw new WebhookSignatureError('missing X-Payload-Digest');
  const algHeader = header(headers, 'x-payload-digest-alg')?.trim() || SUMSUB_DEFAULT_DIGEST_ALG;
  if (!Object.hasOwn(SUMSUB_DIGEST_ALGORITHMS, algHeader)) throw new WebhookSignatureError(`unsupported X-Payload-Digest-Alg "${algHeader.slice(0, 40)}"`);
  const alg = algHeader as SumsubDigestAlg;

  if (!/^[0-9a-fA-F]+$/.test(digest) || digest.length % 2 !== 0) throw new WebhookSignatureError('malformed X-Payload-Digest');
  const received = Buffer.from(digest, 'hex');
  let matched = false;
  for (const s of secrets) {
    const expected = createHmac(SUMSUB_DIGEST_ALGORITHMS[alg], s).update(rawBody).digest();
    // Length check first: timingSafeEqual throws on unequal lengths; lengths are public anyway.
    if (expected.length === received.length && timingSafeEqual(expected, received)) matched = true;
  }
  if (!matched) throw new WebhookSignatureError('X-Payload-Digest does not match the body');

  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new WebhookPayloadError('webhook body is not valid JSON');
  }
  const parsed = sumsubWebhookSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new WebhookPayloadError(`webhook body is not a Sumsub webhook: ${issues.join('; ')}`, issues);
  }
  return parsed.data;
}

export type SumsubVerdict =
  | { kind: 'green' }
  | { kind: 'red'; final: boolean; labels: string[]; clientComment?: string; moderationComment?: string }
  | { kind: 'pending' }
  | { kind: 'ignored' };

/** Types meaning "the provider is working on it". */
const PENDING_TYPES = new Set(['applicantPending', 'applicantOnHold', 'applicantPrechecked']);

/**
 * What a webhook means for the KYC case. Only `applicantReviewed` carries a
 * verdict. RED is final unless Sumsub says RETRY explicitly (a RED without a
 * reject type is treated as FINAL: the safer reading for compliance).
 * Everything else (applicantCreated, applicantReset, personal-info changes,
 * applicant actions…) is `ignored` here.
 */
export function sumsubVerdict(webhook: SumsubWebhook): SumsubVerdict {
  if (webhook.type === 'applicantReviewed') {
    const result = webhook.reviewResult;
    if (!result) return { kind: 'ignored' };
    if (result.reviewAnswer === 'GREEN') return { kind: 'green' };
    const verdict: SumsubVerdict = { kind: 'red', final: result.reviewRejectType !== 'RETRY', labels: result.rejectLabels ?? [] };
    if (result.clientComment !== undefined) verdict.clientComment = result.clientComment;
    if (result.moderationComment !== undefined) verdict.moderationComment = result.moderationComment;
    return verdict;
  }
  if (PENDING_TYPES.has(webhook.type)) return { kind: 'pending' };
  return { kind: 'ignored' };
}

/** When the event happened at Sumsub (`createdAtMs`, UTC, millisecond precision). */
export function webhookOccurredAt(webhook: Pick<SumsubWebhook, 'createdAtMs'>): Date {
  const date = parseCreatedAtMs(webhook.createdAtMs);
  if (!date) throw new WebhookPayloadError(`invalid createdAtMs "${webhook.createdAtMs}"`);
  return date;
}

const TYPE_RANK: Record<string, number> = { applicantCreated: 0, applicantPending: 1, applicantOnHold: 2, applicantReviewed: 3 };

/**
 * Total order of webhooks of one applicant: by event time, then (same
 * millisecond) created < pending < onHold < reviewed, then by dedup key so the
 * order is deterministic.
 */
export function compareSumsubWebhooks(a: SumsubWebhook, b: SumsubWebhook): number {
  const dt = webhookOccurredAt(a).getTime() - webhookOccurredAt(b).getTime();
  if (dt !== 0) return dt;
  const dr = (TYPE_RANK[a.type] ?? 1.5) - (TYPE_RANK[b.type] ?? 1.5);
  if (dr !== 0) return dr;
  const ka = webhookDedupKey(a);
  const kb = webhookDedupKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Whether `incoming` should replace the last applied state, given when that
 * state's event happened. Strictly later wins; an equal or older event (a late
 * resend, a reordered delivery) is recorded but must not change the state.
 */
export function supersedes(incoming: SumsubWebhook, lastAppliedAt: Date | undefined): boolean {
  return lastAppliedAt === undefined || webhookOccurredAt(incoming).getTime() > lastAppliedAt.getTime();
}

/**
 * Stable id of one event for exactly-once processing: the same event resent or
 * delivered twice gives the same key; a different verdict at another time
 * gives another.
 */
export function webhookDedupKey(webhook: SumsubWebhook): string {
  const parts = [
    webhook.applicantId,
    webhook.type,
    webhook.createdAtMs,
    webhook.reviewStatus,
    webhook.reviewResult?.reviewAnswer ?? '',
    webhook.reviewResult?.reviewRejectType ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
