/**
 * The simulator's webhooks delivered over loopback HTTP to a Fastify receiver
 * that keeps the raw body and verifies it with verifySumsubWebhook.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSumsubClient, type SumsubClient } from '../../../src/integrations/kyc-provider/sumsub-client';
import { sumsubPayloadDigest, type SumsubDigestAlg } from '../../../src/integrations/kyc-provider/sumsub-webhook';
import { startSumsubSimulator, type SumsubSimulator } from '../../../src/simulators/sumsub';
import { waitFor } from '../../support/wait-for';
import { startTestReceiver, type TestReceiver } from './webhook-receiver';

const APP_TOKEN = 'sbx:hooks-app-token';
const SECRET = 'hooks-api-secret';
const WEBHOOK_SECRET = 'hooks-webhook-secret';
const LEVEL = 'basic-kyc-level';
const RETRY_DELAYS = [50, 50, 50, 50];

let receiver: TestReceiver;
let sim: SumsubSimulator;
let client: SumsubClient;
let counter = 0;

async function newApplicant(): Promise<string> {
  const applicant = await client.createApplicant({ externalUserId: `hook-user-${++counter}`, levelName: LEVEL });
  await sim.settled(); // applicantCreated delivered
  return applicant.id;
}

const forApplicant = (id: string) => receiver.received.filter((w) => w.applicantId === id);

beforeAll(async () => {
  receiver = await startTestReceiver(WEBHOOK_SECRET);
  sim = await startSumsubSimulator({ appToken: APP_TOKEN, secretKey: SECRET, webhookSecret: WEBHOOK_SECRET, webhookUrl: receiver.url, retryDelaysMs: RETRY_DELAYS });
  client = createSumsubClient({ baseUrl: sim.url, appToken: APP_TOKEN, secretKey: SECRET });
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe('webhook delivery', () => {
  it('sends applicantCreated on creation, applicantPending, then applicantReviewed, all verified', async () => {
    const created = await client.createApplicant({ externalUserId: `hook-user-${++counter}`, levelName: LEVEL });
    await waitFor(() => forApplicant(created.id).length === 1);
    const [first] = forApplicant(created.id);
    expect(first).toMatchObject({ type: 'applicantCreated', reviewStatus: 'init', levelName: LEVEL, externalUserId: created.externalUserId, sandboxMode: true });
    expect(first!.createdAtMs).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);

    await sim.submit(created.id);
    const deliveries = await sim.review(created.id, { answer: 'GREEN' });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ type: 'applicantReviewed', attempt: 1, copy: 0, status: 200, ok: true });
    expect(forApplicant(created.id).map((w) => w.type)).toEqual(['applicantCreated', 'applicantPending', 'applicantReviewed']);
    expect(receiver.state.get(created.id)?.verdict).toEqual({ kind: 'green' });
  });

  it('the sandbox testCompleted call triggers the review webhook', async () => {
    const id = await newApplicant();
    await client.testCompleted(id, { reviewAnswer: 'RED', reviewRejectType: 'RETRY', rejectLabels: ['BAD_PROOF_OF_ADDRESS'], moderationComment: 'The bill is older than 3 months.' });
    await sim.settled();
    const reviewed = forApplicant(id).find((w) => w.type === 'applicantReviewed');
    expect(reviewed?.reviewResult).toMatchObject({ reviewAnswer: 'RED', reviewRejectType: 'RETRY', rejectLabels: ['BAD_PROOF_OF_ADDRESS'], moderationComment: 'The bill is older than 3 months.' });
    expect(receiver.state.get(id)?.verdict).toEqual({ kind: 'red', final: false, labels: ['BAD_PROOF_OF_ADDRESS'], moderationComment: 'The bill is older than 3 months.' });
  });

  it('the logged body is the exact bytes sent and carries a digest of them', async () => {
    const id = await newApplicant();
    const [delivery] = await sim.review(id, { answer: 'RED', rejectType: 'FINAL', labels: ['FORGERY'], clientComment: 'internal note' });
    const parsed = JSON.parse(delivery!.body);
    expect(parsed).toMatchObject({ type: 'applicantReviewed', applicantId: id, reviewStatus: 'completed', reviewResult: { reviewAnswer: 'RED', reviewRejectType: 'FINAL', rejectLabels: ['FORGERY'], clientComment: 'internal note' } });
    expect(receiver.state.get(id)?.verdict).toMatchObject({ kind: 'red', final: true });
  });
});

describe('faults', () => {
  it('duplicates reach the receiver; the dedup key processes them once', async () => {
    const id = await newApplicant();
    const deliveries = await sim.review(id, { answer: 'GREEN' }, { duplicate: 2 });
    expect(deliveries.map((d) => d.copy)).toEqual([0, 1, 2]);
    expect(new Set(deliveries.map((d) => d.body)).size).toBe(1);
    expect(forApplicant(id).filter((w) => w.type === 'applicantReviewed')).toHaveLength(3);
    expect(receiver.processed.filter((w) => w.applicantId === id && w.type === 'applicantReviewed')).toHaveLength(1);
  });

  it('reordered deliveries: the older event arrives last and does not override the newer one', async () => {
    const id = await newApplicant();
    await sim.deliverOutOfOrder(id, ['pending', { answer: 'GREEN' }, { answer: 'RED', rejectType: 'FINAL', labels: ['FRAUDULENT_PATTERNS'] }]);
    const arrived = forApplicant(id).filter((w) => w.type !== 'applicantCreated');
    expect(arrived.map((w) => `${w.type}:${w.reviewResult?.reviewAnswer ?? '-'}`)).toEqual(['applicantReviewed:RED', 'applicantReviewed:GREEN', 'applicantPending:-']);
    // createdAtMs strictly decreasing in arrival order
    const times = arrived.map((w) => w.createdAtMs);
    expect([...times].sort().reverse()).toEqual(times);
    expect(receiver.state.get(id)?.verdict).toEqual({ kind: 'red', final: true, labels: ['FRAUDULENT_PATTERNS'] });
    // the provider's own truth is the newest event
    expect(await client.getApplicantStatus(id)).toMatchObject({ reviewStatus: 'completed', reviewAnswer: 'RED', rejectType: 'FINAL' });
  });

  it('a later RED after GREEN wins (delivered in order)', async () => {
    const id = await newApplicant();
    await sim.review(id, { answer: 'GREEN' });
    expect(receiver.state.get(id)?.verdict.kind).toBe('green');
    await sim.review(id, { answer: 'RED', rejectType: 'FINAL', labels: ['FRAUDULENT_PATTERNS'] });
    expect(receiver.state.get(id)?.verdict).toMatchObject({ kind: 'red', final: true });
  });

  it('retries after the receiver answers 500 once', async () => {
    const id = await newApplicant();
    receiver.failNext(1, 500);
    const started = Date.now();
    const deliveries = await sim.review(id, { answer: 'GREEN' });
    expect(deliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(RETRY_DELAYS[0]! - 5);
    expect(forApplicant(id).filter((w) => w.type === 'applicantReviewed')).toHaveLength(1);
    expect(receiver.state.get(id)?.verdict.kind).toBe('green');
  });

  it('gives up after the last resend', async () => {
    const id = await newApplicant();
    receiver.failNext(10, 503);
    try {
      const deliveries = await sim.review(id, { answer: 'GREEN' });
      expect(deliveries.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5]);
      expect(deliveries.every((d) => d.status === 503 && !d.ok)).toBe(true);
    } finally {
      receiver.failNext(0);
    }
  });

  it('a tampered body is refused with 401 on every attempt and changes nothing', async () => {
    const id = await newApplicant();
    await sim.review(id, { answer: 'RED', rejectType: 'FINAL', labels: ['FORGERY'] });
    const before = receiver.requests.length;
    const deliveries = await sim.review(id, { answer: 'RED', rejectType: 'FINAL', labels: ['FORGERY'] }, { tamper: true });
    expect(deliveries.length).toBe(RETRY_DELAYS.length + 1);
    expect(deliveries.every((d) => d.tampered && d.status === 401)).toBe(true);
    expect(JSON.parse(deliveries[0]!.body).reviewResult.reviewAnswer).toBe('GREEN');
    expect(receiver.requests.slice(before).every((r) => r.status === 401 && /does not match/.test(r.error ?? ''))).toBe(true);
    expect(receiver.state.get(id)?.verdict).toMatchObject({ kind: 'red', final: true });
  });

  it('a delayed delivery arrives after the delay', async () => {
    const id = await newApplicant();
    const started = Date.now();
    await sim.review(id, { answer: 'GREEN' }, { delayMs: 100 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(receiver.state.get(id)?.verdict.kind).toBe('green');
  });

  it('an endpoint down: resends until it comes back', async () => {
    const id = await newApplicant();
    sim.setWebhookUrl('http://127.0.0.1:9/unreachable');
    const pending = sim.review(id, { answer: 'GREEN' });
    await waitFor(() => sim.deliveries().some((d) => d.applicantId === id && d.type === 'applicantReviewed' && d.status === null), 5000, 10);
    sim.setWebhookUrl(receiver.url);
    const deliveries = await pending;
    expect(deliveries[0]).toMatchObject({ status: null, ok: false });
    expect(deliveries[0]!.error).toBeTruthy();
    expect(deliveries.at(-1)).toMatchObject({ status: 200, ok: true });
  });

  it('every delivery is in the log with its HTTP status', () => {
    const log = sim.deliveries();
    expect(log.length).toBeGreaterThan(10);
    expect(log.map((d) => d.seq)).toEqual([...log.map((d) => d.seq)].sort((a, b) => a - b));
    expect(log.some((d) => d.status === 500)).toBe(true);
    expect(log.some((d) => d.status === 401)).toBe(true);
  });
});

describe('digest algorithms', () => {
  let algReceiver: TestReceiver;
  beforeEach(async () => {
    algReceiver = await startTestReceiver(WEBHOOK_SECRET);
  });
  afterEach(async () => {
    await algReceiver.close();
  });

  it.each(['HMAC_SHA1_HEX', 'HMAC_SHA256_HEX', 'HMAC_SHA512_HEX'] as SumsubDigestAlg[])('the simulator signs with %s and the receiver verifies it', async (digestAlg) => {
    const s = await startSumsubSimulator({ appToken: APP_TOKEN, secretKey: SECRET, webhookSecret: WEBHOOK_SECRET, webhookUrl: algReceiver.url, digestAlg, retryDelaysMs: [10] });
    try {
      const c = createSumsubClient({ baseUrl: s.url, appToken: APP_TOKEN, secretKey: SECRET });
      const applicant = await c.createApplicant({ externalUserId: 'alg-user', levelName: LEVEL });
      const [delivery] = await s.review(applicant.id, { answer: 'GREEN' });
      expect(delivery).toMatchObject({ status: 200, ok: true });
      expect(sumsubPayloadDigest(delivery!.body, WEBHOOK_SECRET, digestAlg)).toHaveLength({ HMAC_SHA1_HEX: 40, HMAC_SHA256_HEX: 64, HMAC_SHA512_HEX: 128 }[digestAlg]);
      expect(algReceiver.state.get(applicant.id)?.verdict).toEqual({ kind: 'green' });
    } finally {
      await s.close();
    }
  });

  it('a receiver with another webhook secret refuses every delivery', async () => {
    const other = await startTestReceiver('some-other-secret');
    const s = await startSumsubSimulator({ appToken: APP_TOKEN, secretKey: SECRET, webhookSecret: WEBHOOK_SECRET, webhookUrl: other.url, retryDelaysMs: [] });
    try {
      const c = createSumsubClient({ baseUrl: s.url, appToken: APP_TOKEN, secretKey: SECRET });
      const applicant = await c.createApplicant({ externalUserId: 'alg-user', levelName: LEVEL });
      const deliveries = await s.review(applicant.id, { answer: 'GREEN' });
      expect(deliveries.map((d) => d.status)).toEqual([401]);
      expect(other.received).toHaveLength(0);
    } finally {
      await s.close();
      await other.close();
    }
  });
});
