/**
 * The Sumsub adapter against the loopback simulator over real HTTP.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KycProviderRequestError,
  KycProviderUnavailableError,
  createSumsubClient,
  signSumsubRequest,
  toSumsubCountry,
  type SumsubClient,
} from '../../../src/integrations/kyc-provider/sumsub-client';
import { startSumsubSimulator, type SumsubSimulator } from '../../../src/simulators/sumsub';

const APP_TOKEN = 'sbx:test-app-token';
const SECRET = 'test-secret-key';
const LEVEL = 'basic kyc/level'; // a space and a slash: the query must be encoded and signed as sent

let sim: SumsubSimulator;
let client: SumsubClient;
let counter = 0;
const nextUser = () => `client-${process.pid}-${++counter}`;

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sim = await startSumsubSimulator({ appToken: APP_TOKEN, secretKey: SECRET, webhookSecret: 'unused-here', retryDelaysMs: [10] });
  client = createSumsubClient({ baseUrl: sim.url, appToken: APP_TOKEN, secretKey: SECRET, timeoutMs: 2000 });
});

afterAll(async () => {
  await sim.close();
});

describe('request signing', () => {
  it('is lowercase hex HMAC-SHA256 of ts + METHOD + path with query + body', () => {
    const body = '{"externalUserId":"x"}';
    const expected = createHmac('sha256', 'k').update('1700000000POST/resources/applicants?levelName=basic' + body).digest('hex');
    expect(signSumsubRequest('k', 1700000000, 'post', '/resources/applicants?levelName=basic', body)).toBe(expected);
    expect(signSumsubRequest('k', 1700000000, 'GET', '/resources/applicants/a/status')).toBe(
      createHmac('sha256', 'k').update('1700000000GET/resources/applicants/a/status').digest('hex'),
    );
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends the headers Sumsub expects, with the timestamp in unix seconds', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const fakeFetch: typeof fetch = async (url, init) => {
      seen.push({ url: String(url), init: init ?? {} });
      return new Response(JSON.stringify({ token: 't', userId: 'u' }), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const c = createSumsubClient({ baseUrl: 'https://api.example.test/', appToken: 'tok', secretKey: 's', fetch: fakeFetch, now: () => 1_700_000_000_999 });
    await c.createAccessToken({ userId: 'u', levelName: 'basic', ttlInSecs: 600 });
    const call = seen[0]!;
    expect(call.url).toBe('https://api.example.test/resources/accessTokens/sdk');
    const headers = call.init.headers as Record<string, string>;
    expect(headers['X-App-Token']).toBe('tok');
    expect(headers['X-App-Access-Ts']).toBe('1700000000');
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers['X-App-Access-Sig']).toBe(signSumsubRequest('s', 1700000000, 'POST', '/resources/accessTokens/sdk', call.init.body as string));
    expect(JSON.parse(call.init.body as string)).toEqual({ userId: 'u', levelName: 'basic', ttlInSecs: 600 });
  });
});

describe('country codes', () => {
  it('maps the configured alpha-2 codes to alpha-3 and keeps alpha-3', () => {
    expect(toSumsubCountry('CY')).toBe('CYP');
    expect(toSumsubCountry('gb')).toBe('GBR');
    expect(toSumsubCountry('KP')).toBe('PRK');
    expect(toSumsubCountry('DEU')).toBe('DEU');
    expect(() => toSumsubCountry('XX')).toThrow(RangeError);
  });
});

describe('adapter ↔ simulator', () => {
  it('creates an applicant (signature accepted, fixedInfo sent as alpha-3)', async () => {
    const externalUserId = nextUser();
    const applicant = await client.createApplicant({
      externalUserId,
      levelName: LEVEL,
      email: 'anna@example.test',
      fixedInfo: { firstName: 'Anna', lastName: 'Demo', dob: '1990-04-01', country: 'CY' },
    });
    expect(applicant).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), externalUserId, reviewStatus: 'init' });
    const stored = sim.applicants().find((a) => a.id === applicant.id);
    expect(stored?.levelName).toBe(LEVEL);
    expect(stored?.fixedInfo).toEqual({ firstName: 'Anna', lastName: 'Demo', dob: '1990-04-01', country: 'CYP' });
    expect(stored?.email).toBe('anna@example.test');
  });

  it('refuses a duplicate externalUserId with 409 and Sumsub’s error body', async () => {
    const externalUserId = nextUser();
    const first = await client.createApplicant({ externalUserId, levelName: LEVEL });
    const err = await captureError(client.createApplicant({ externalUserId, levelName: LEVEL }));
    expect(err).toBeInstanceOf(KycProviderRequestError);
    const e = err as KycProviderRequestError;
    expect(e.status).toBe(409);
    expect(e.code).toBe(409);
    expect(e.retryable).toBe(false);
    expect(e.description).toContain(first.id);
    expect(e.correlationId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('creates an SDK access token', async () => {
    const userId = nextUser();
    const token = await client.createAccessToken({ userId, levelName: LEVEL, ttlInSecs: 600 });
    expect(token.userId).toBe(userId);
    expect(token.token).toMatch(/^_act-/);
  });

  it('reads the review status through init → pending → completed', async () => {
    const applicant = await client.createApplicant({ externalUserId: nextUser(), levelName: LEVEL });
    expect(await client.getApplicantStatus(applicant.id)).toEqual({ reviewStatus: 'init' });
    await client.requestCheck(applicant.id);
    expect(await client.getApplicantStatus(applicant.id)).toEqual({ reviewStatus: 'pending' });
    await client.testCompleted(applicant.id, { reviewAnswer: 'RED', reviewRejectType: 'RETRY', rejectLabels: ['UNSATISFACTORY_PHOTOS'], moderationComment: 'Blurry photo' });
    expect(await client.getApplicantStatus(applicant.id)).toEqual({ reviewStatus: 'completed', reviewAnswer: 'RED', rejectType: 'RETRY', rejectLabels: ['UNSATISFACTORY_PHOTOS'] });
    await client.testCompleted(applicant.id, { reviewAnswer: 'GREEN' });
    expect(await client.getApplicantStatus(applicant.id)).toEqual({ reviewStatus: 'completed', reviewAnswer: 'GREEN', rejectLabels: [] });
  });

  it('answers 404 for an unknown applicant', async () => {
    const err = await captureError(client.getApplicantStatus('000000000000000000000000'));
    expect(err).toBeInstanceOf(KycProviderRequestError);
    expect((err as KycProviderRequestError).status).toBe(404);
  });

  it('refuses a country the adapter cannot map before calling Sumsub', async () => {
    await expect(client.createApplicant({ externalUserId: nextUser(), levelName: LEVEL, fixedInfo: { country: 'XX' } })).rejects.toThrow(RangeError);
  });
});

describe('authentication refusals', () => {
  it('a wrong secret gets 401 as a KycProviderRequestError', async () => {
    const wrong = createSumsubClient({ baseUrl: sim.url, appToken: APP_TOKEN, secretKey: 'not-the-secret' });
    const externalUserId = nextUser();
    const err = await captureError(wrong.createApplicant({ externalUserId, levelName: LEVEL }));
    expect(err).toBeInstanceOf(KycProviderRequestError);
    expect((err as KycProviderRequestError).status).toBe(401);
    expect((err as KycProviderRequestError).description).toMatch(/signature/i);
    expect(sim.applicants().some((a) => a.externalUserId === externalUserId)).toBe(false);
  });

  it('a wrong app token gets 401', async () => {
    const wrong = createSumsubClient({ baseUrl: sim.url, appToken: 'sbx:other', secretKey: SECRET });
    const err = await captureError(wrong.getApplicantStatus('x'));
    expect((err as KycProviderRequestError).status).toBe(401);
  });

  it('a timestamp more than 5 minutes off gets 401; within 5 minutes is fine', async () => {
    const skewed = createSumsubClient({ baseUrl: sim.url, appToken: APP_TOKEN, secretKey: SECRET, now: () => Date.now() - 6 * 60_000 });
    const err = await captureError(skewed.createAccessToken({ userId: 'u', levelName: LEVEL, ttlInSecs: 60 }));
    expect((err as KycProviderRequestError).status).toBe(401);
    expect((err as KycProviderRequestError).description).toMatch(/timestamp/i);
    const slightlyOff = createSumsubClient({ baseUrl: sim.url, appToken: APP_TOKEN, secretKey: SECRET, now: () => Date.now() + 4 * 60_000 });
    await expect(slightlyOff.createAccessToken({ userId: 'u', levelName: LEVEL, ttlInSecs: 60 })).resolves.toMatchObject({ userId: 'u' });
  });

  it('a body altered after signing gets 401', async () => {
    const tampering: typeof fetch = (url, init) => fetch(url, { ...init, body: String(init?.body).replace('"u1"', '"u2"') });
    const c = createSumsubClient({ baseUrl: sim.url, appToken: APP_TOKEN, secretKey: SECRET, fetch: tampering });
    const err = await captureError(c.createAccessToken({ userId: 'u1', levelName: LEVEL, ttlInSecs: 60 }));
    expect((err as KycProviderRequestError).status).toBe(401);
  });

  it('accepts either secret while the API secret is rotated', async () => {
    const rotating = await startSumsubSimulator({ appToken: APP_TOKEN, secretKey: ['old-secret', 'new-secret'], webhookSecret: 'w' });
    try {
      for (const secretKey of ['old-secret', 'new-secret']) {
        const c = createSumsubClient({ baseUrl: rotating.url, appToken: APP_TOKEN, secretKey });
        await expect(c.createAccessToken({ userId: 'u', levelName: LEVEL, ttlInSecs: 60 })).resolves.toMatchObject({ userId: 'u' });
      }
      const stale = createSumsubClient({ baseUrl: rotating.url, appToken: APP_TOKEN, secretKey: 'older-secret' });
      await expect(stale.createAccessToken({ userId: 'u', levelName: LEVEL, ttlInSecs: 60 })).rejects.toBeInstanceOf(KycProviderRequestError);
    } finally {
      await rotating.close();
    }
  });
});

describe('provider unavailable', () => {
  it('5xx and 429 are retryable KycProviderUnavailableError', async () => {
    sim.failNext({ status: 503, count: 1 });
    const err = await captureError(client.createAccessToken({ userId: 'u', levelName: LEVEL, ttlInSecs: 60 }));
    expect(err).toBeInstanceOf(KycProviderUnavailableError);
    expect((err as KycProviderUnavailableError).status).toBe(503);
    expect((err as KycProviderUnavailableError).retryable).toBe(true);

    sim.failNext({ status: 429, count: 1 });
    expect(await captureError(client.createAccessToken({ userId: 'u', levelName: LEVEL, ttlInSecs: 60 }))).toBeInstanceOf(KycProviderUnavailableError);
    // the burst is over
    await expect(client.createAccessToken({ userId: 'u', levelName: LEVEL, ttlInSecs: 60 })).resolves.toMatchObject({ userId: 'u' });
  });

  it('a connection refused is KycProviderUnavailableError', async () => {
    const gone = await startSumsubSimulator({ appToken: APP_TOKEN, secretKey: SECRET, webhookSecret: 'w' });
    const url = gone.url;
    await gone.close();
    const c = createSumsubClient({ baseUrl: url, appToken: APP_TOKEN, secretKey: SECRET });
    const err = await captureError(c.getApplicantStatus('x'));
    expect(err).toBeInstanceOf(KycProviderUnavailableError);
    expect((err as KycProviderUnavailableError).status).toBeUndefined();
  });

  it('a timeout after the commit: the retry learns that it happened (409)', async () => {
    const impatient = createSumsubClient({ baseUrl: sim.url, appToken: APP_TOKEN, secretKey: SECRET, timeoutMs: 100 });
    const externalUserId = nextUser();
    sim.setLatency({ ms: 400, afterCommit: true });
    try {
      const err = await captureError(impatient.createApplicant({ externalUserId, levelName: LEVEL }));
      expect(err).toBeInstanceOf(KycProviderUnavailableError);
      expect((err as Error).message).toMatch(/timed out/);
    } finally {
      sim.setLatency(undefined);
    }
    expect(sim.applicants().some((a) => a.externalUserId === externalUserId)).toBe(true);
    const retry = await captureError(client.createApplicant({ externalUserId, levelName: LEVEL }));
    expect((retry as KycProviderRequestError).status).toBe(409);
  });

  it('a non-JSON or mis-shaped 2xx answer is KycProviderUnavailableError', async () => {
    const html: typeof fetch = async () => new Response('<html>gateway</html>', { status: 200 });
    const c1 = createSumsubClient({ baseUrl: 'http://x.test', appToken: 'a', secretKey: 'b', fetch: html });
    await expect(c1.getApplicantStatus('x')).rejects.toBeInstanceOf(KycProviderUnavailableError);
    const wrongShape: typeof fetch = async () => new Response('{"foo":1}', { status: 200 });
    const c2 = createSumsubClient({ baseUrl: 'http://x.test', appToken: 'a', secretKey: 'b', fetch: wrongShape });
    await expect(c2.getApplicantStatus('x')).rejects.toBeInstanceOf(KycProviderUnavailableError);
  });

  it('a 4xx without a JSON body still becomes a KycProviderRequestError', async () => {
    const plain: typeof fetch = async () => new Response('Bad Request', { status: 400 });
    const c = createSumsubClient({ baseUrl: 'http://x.test', appToken: 'a', secretKey: 'b', fetch: plain });
    const err = await captureError(c.getApplicantStatus('x'));
    expect(err).toBeInstanceOf(KycProviderRequestError);
    expect((err as KycProviderRequestError).description).toBe('Bad Request');
    expect((err as KycProviderRequestError).code).toBe(400);
  });
});
