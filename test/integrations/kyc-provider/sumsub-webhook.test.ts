/**
 * Webhook verification (digest over the raw body, before parsing), payload
 * validation, verdicts, ordering and dedup keys.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  WebhookPayloadError,
  WebhookSignatureError,
  compareSumsubWebhooks,
  sumsubPayloadDigest,
  sumsubVerdict,
  supersedes,
  verifySumsubWebhook,
  webhookDedupKey,
  webhookOccurredAt,
  type SumsubDigestAlg,
  type SumsubWebhook,
} from '../../../src/integrations/kyc-provider/sumsub-webhook';

const SECRET = 'webhook-secret';

function reviewedBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicantId: '5cb56e8e0a975a35f333cb83',
    inspectionId: '5cb56e8e0a975a35f333cb84',
    correlationId: 'req-a260b669-4f14-4bb5-a4c5-ac0218acb9a4',
    externalUserId: 'client-42',
    levelName: 'basic-kyc-level',
    type: 'applicantReviewed',
    reviewResult: { reviewAnswer: 'GREEN' },
    reviewStatus: 'completed',
    createdAt: '2024-10-05 13:23:19+0000',
    createdAtMs: '2024-10-05 13:23:19.002',
    sandboxMode: true,
    clientId: 'traderoom',
    applicantType: 'individual',
    ...overrides,
  };
}

function signed(body: Record<string, unknown> | string, alg: SumsubDigestAlg = 'HMAC_SHA256_HEX', secret = SECRET) {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { raw, headers: { 'x-payload-digest': sumsubPayloadDigest(raw, secret, alg), 'x-payload-digest-alg': alg } as Record<string, string | string[] | undefined> };
}

function parse(body: Record<string, unknown>): SumsubWebhook {
  const { raw, headers } = signed(body);
  return verifySumsubWebhook(raw, headers, SECRET);
}

describe('verifySumsubWebhook: digest', () => {
  it.each([
    ['HMAC_SHA1_HEX', 'sha1', 40],
    ['HMAC_SHA256_HEX', 'sha256', 64],
    ['HMAC_SHA512_HEX', 'sha512', 128],
  ] as const)('accepts %s (hex HMAC-%s of the raw body)', (alg, hash, hexLength) => {
    const raw = Buffer.from(JSON.stringify(reviewedBody()));
    const digest = createHmac(hash, SECRET).update(raw).digest('hex');
    expect(digest).toHaveLength(hexLength);
    expect(sumsubPayloadDigest(raw, SECRET, alg)).toBe(digest);
    const webhook = verifySumsubWebhook(raw, { 'x-payload-digest': digest, 'x-payload-digest-alg': alg }, SECRET);
    expect(webhook.applicantId).toBe('5cb56e8e0a975a35f333cb83');
  });

  it('defaults to HMAC_SHA256_HEX when the algorithm header is absent; header names are case-insensitive', () => {
    const raw = Buffer.from(JSON.stringify(reviewedBody()));
    const digest = createHmac('sha256', SECRET).update(raw).digest('hex');
    expect(verifySumsubWebhook(raw, { 'X-Payload-Digest': digest }, SECRET).type).toBe('applicantReviewed');
    expect(verifySumsubWebhook(raw, { 'x-payload-digest': digest.toUpperCase() }, SECRET).type).toBe('applicantReviewed');
  });

  it('verifies the exact bytes: whitespace and key order matter', () => {
    const pretty = JSON.stringify(reviewedBody(), null, 2);
    const { raw, headers } = signed(pretty);
    expect(verifySumsubWebhook(raw, headers, SECRET).externalUserId).toBe('client-42');
    const compact = Buffer.from(JSON.stringify(JSON.parse(pretty)));
    expect(() => verifySumsubWebhook(compact, headers, SECRET)).toThrow(WebhookSignatureError);
  });

  it('refuses a tampered body', () => {
    const { headers } = signed(reviewedBody({ reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'FINAL' } }));
    const forged = Buffer.from(JSON.stringify(reviewedBody({ reviewResult: { reviewAnswer: 'GREEN' } })));
    expect(() => verifySumsubWebhook(forged, headers, SECRET)).toThrow(WebhookSignatureError);
  });

  it('refuses the wrong secret', () => {
    const { raw, headers } = signed(reviewedBody(), 'HMAC_SHA256_HEX', 'other-secret');
    expect(() => verifySumsubWebhook(raw, headers, SECRET)).toThrow(WebhookSignatureError);
  });

  it('accepts either secret during a rotation', () => {
    const { raw, headers } = signed(reviewedBody(), 'HMAC_SHA256_HEX', 'new-secret');
    expect(verifySumsubWebhook(raw, headers, [SECRET, 'new-secret']).type).toBe('applicantReviewed');
    expect(() => verifySumsubWebhook(raw, headers, [SECRET])).toThrow(WebhookSignatureError);
    expect(() => verifySumsubWebhook(raw, headers, [])).toThrow(WebhookSignatureError);
    expect(() => verifySumsubWebhook(raw, headers, '')).toThrow(WebhookSignatureError);
  });

  it('refuses a missing, empty, malformed, truncated or repeated digest header', () => {
    const { raw, headers } = signed(reviewedBody());
    const digest = headers['x-payload-digest'] as string;
    expect(() => verifySumsubWebhook(raw, {}, SECRET)).toThrow(/missing X-Payload-Digest/);
    expect(() => verifySumsubWebhook(raw, { 'x-payload-digest': '' }, SECRET)).toThrow(WebhookSignatureError);
    expect(() => verifySumsubWebhook(raw, { 'x-payload-digest': 'zz' + digest.slice(2) }, SECRET)).toThrow(WebhookSignatureError);
    expect(() => verifySumsubWebhook(raw, { 'x-payload-digest': digest.slice(0, 40) }, SECRET)).toThrow(WebhookSignatureError);
    expect(() => verifySumsubWebhook(raw, { 'x-payload-digest': [digest, digest] }, SECRET)).toThrow(WebhookSignatureError);
  });

  it('refuses a digest computed with another algorithm than announced, and unknown algorithms', () => {
    const raw = Buffer.from(JSON.stringify(reviewedBody()));
    const sha1 = sumsubPayloadDigest(raw, SECRET, 'HMAC_SHA1_HEX');
    expect(() => verifySumsubWebhook(raw, { 'x-payload-digest': sha1, 'x-payload-digest-alg': 'HMAC_SHA256_HEX' }, SECRET)).toThrow(WebhookSignatureError);
    expect(() => verifySumsubWebhook(raw, { 'x-payload-digest': sha1, 'x-payload-digest-alg': 'HMAC_MD5_HEX' }, SECRET)).toThrow(/unsupported/);
    expect(() => verifySumsubWebhook(raw, { 'x-payload-digest': sha1, 'x-payload-digest-alg': 'constructor' }, SECRET)).toThrow(/unsupported/);
  });

  it('checks the digest before parsing: garbage with a bad digest is a signature error, not a payload error', () => {
    expect(() => verifySumsubWebhook(Buffer.from('not json'), { 'x-payload-digest': '00'.repeat(32) }, SECRET)).toThrow(WebhookSignatureError);
  });
});

describe('verifySumsubWebhook: payload', () => {
  it('refuses authentic bytes that are not JSON', () => {
    const { raw, headers } = signed('{"type":"applicantReviewed",');
    expect(() => verifySumsubWebhook(raw, headers, SECRET)).toThrow(WebhookPayloadError);
  });

  it.each([
    ['an array', []],
    ['no applicantId', reviewedBody({ applicantId: undefined })],
    ['no externalUserId', reviewedBody({ externalUserId: undefined })],
    ['no reviewStatus', reviewedBody({ reviewStatus: undefined })],
    ['a bad reviewAnswer', reviewedBody({ reviewResult: { reviewAnswer: 'YELLOW' } })],
    ['a bad reviewRejectType', reviewedBody({ reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'MAYBE' } })],
    ['an ISO createdAtMs', reviewedBody({ createdAtMs: '2024-10-05T13:23:19.002Z' })],
    ['an impossible createdAtMs', reviewedBody({ createdAtMs: '2024-02-30 13:23:19.002' })],
    ['no createdAtMs', reviewedBody({ createdAtMs: undefined })],
  ])('refuses a body with %s', (_label, body) => {
    const { raw, headers } = signed(body as Record<string, unknown>);
    let err: unknown;
    try {
      verifySumsubWebhook(raw, headers, SECRET);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebhookPayloadError);
    expect((err as WebhookPayloadError).issues.length).toBeGreaterThan(0);
  });

  it('keeps unknown fields and accepts nulls for optional ones', () => {
    const webhook = parse(reviewedBody({ levelName: null, inspectionId: null, somethingNew: 1, reviewResult: { reviewAnswer: 'RED', rejectLabels: null, buttonIds: ['x'] } }));
    expect(webhook.levelName).toBeUndefined();
    expect(webhook.reviewResult?.rejectLabels).toBeUndefined();
    expect((webhook as Record<string, unknown>).somethingNew).toBe(1);
  });
});

describe('sumsubVerdict', () => {
  it('GREEN', () => {
    expect(sumsubVerdict(parse(reviewedBody()))).toEqual({ kind: 'green' });
  });

  it('RED RETRY: not final, with labels and both comments', () => {
    const webhook = parse(
      reviewedBody({
        reviewResult: {
          reviewAnswer: 'RED',
          reviewRejectType: 'RETRY',
          rejectLabels: ['UNSATISFACTORY_PHOTOS', 'SCREENSHOTS'],
          moderationComment: 'We do not accept screenshots.',
          clientComment: 'Screenshot of a passport.',
        },
      }),
    );
    expect(sumsubVerdict(webhook)).toEqual({
      kind: 'red',
      final: false,
      labels: ['UNSATISFACTORY_PHOTOS', 'SCREENSHOTS'],
      moderationComment: 'We do not accept screenshots.',
      clientComment: 'Screenshot of a passport.',
    });
  });

  it('RED FINAL: final', () => {
    const webhook = parse(reviewedBody({ reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'FINAL', rejectLabels: ['FORGERY'] } }));
    expect(sumsubVerdict(webhook)).toEqual({ kind: 'red', final: true, labels: ['FORGERY'] });
  });

  it('RED without a reject type is treated as final, without labels as none', () => {
    expect(sumsubVerdict(parse(reviewedBody({ reviewResult: { reviewAnswer: 'RED' } })))).toEqual({ kind: 'red', final: true, labels: [] });
  });

  it.each(['applicantPending', 'applicantOnHold', 'applicantPrechecked'])('%s is pending', (type) => {
    expect(sumsubVerdict(parse(reviewedBody({ type, reviewStatus: 'pending', reviewResult: undefined })))).toEqual({ kind: 'pending' });
  });

  it.each(['applicantCreated', 'applicantReset', 'applicantPersonalInfoChanged', 'applicantActionReviewed', 'applicantDeleted', 'somethingNew'])('%s is ignored', (type) => {
    expect(sumsubVerdict(parse(reviewedBody({ type, reviewStatus: 'init' })))).toEqual({ kind: 'ignored' });
  });

  it('applicantReviewed without a result is ignored', () => {
    expect(sumsubVerdict(parse(reviewedBody({ reviewResult: undefined })))).toEqual({ kind: 'ignored' });
  });
});

describe('ordering and dedup', () => {
  const green = parse(reviewedBody({ createdAtMs: '2024-10-05 13:23:19.002' }));
  const laterRed = parse(reviewedBody({ createdAtMs: '2024-10-05 13:23:19.003', reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'FINAL' } }));
  const pendingSameMs = parse(reviewedBody({ type: 'applicantPending', reviewStatus: 'pending', reviewResult: undefined, createdAtMs: '2024-10-05 13:23:19.002' }));

  it('webhookOccurredAt reads createdAtMs as UTC with milliseconds', () => {
    expect(webhookOccurredAt(green).toISOString()).toBe('2024-10-05T13:23:19.002Z');
  });

  it('a later RED supersedes GREEN; an older event arriving late does not', () => {
    expect(supersedes(green, undefined)).toBe(true);
    expect(supersedes(laterRed, webhookOccurredAt(green))).toBe(true);
    expect(supersedes(green, webhookOccurredAt(laterRed))).toBe(false);
    expect(supersedes(green, webhookOccurredAt(green))).toBe(false);
  });

  it('compareSumsubWebhooks sorts by time, then pending before reviewed in the same millisecond', () => {
    const sorted = [laterRed, green, pendingSameMs].sort(compareSumsubWebhooks);
    expect(sorted.map((w) => `${w.type}:${w.reviewResult?.reviewAnswer ?? '-'}`)).toEqual(['applicantPending:-', 'applicantReviewed:GREEN', 'applicantReviewed:RED']);
    expect(compareSumsubWebhooks(green, green)).toBe(0);
  });

  it('webhookDedupKey is stable across resends and distinct per event', () => {
    const resent = parse(reviewedBody({ correlationId: 'another-correlation' }));
    expect(webhookDedupKey(resent)).toBe(webhookDedupKey(green));
    expect(webhookDedupKey(green)).toMatch(/^[0-9a-f]{64}$/);
    expect(webhookDedupKey(laterRed)).not.toBe(webhookDedupKey(green));
    expect(webhookDedupKey(pendingSameMs)).not.toBe(webhookDedupKey(green));
    const sameTimeRed = parse(reviewedBody({ reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'RETRY' } }));
    expect(webhookDedupKey(sameTimeRed)).not.toBe(webhookDedupKey(green));
  });
});
