/**
 * Request signing and answer signing over real HTTP, adapter ↔ simulator and
 * a raw client: bad signatures, tampered bodies, stale timestamps both ways,
 * replays, unknown keys, key rotation with two keys, an impostor bridge, a
 * proxy's unsigned 5xx, keep-alive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mt4BridgePlatform } from '../../../src/integrations/platforms/mt4-bridge';
import { signBridgeResponse } from '../../../src/integrations/platforms/mt4-bridge/mt4-bridge-signing';
import { PlatformAuthError, PlatformServerAuthError } from '../../../src/integrations/platforms/platform-errors';
import type { Mt4BridgeSimulator } from '../../../src/simulators/mt4-bridge';
import { KEY, NEXT_KEY, RawBridgeClient, accountInput, adapterFor, captureError, nextRef, startSim } from './mt4-bridge-test-kit';

let sim: Mt4BridgeSimulator;
let mt4: Mt4BridgePlatform;
let login: string;

beforeAll(async () => {
  sim = await startSim();
  mt4 = adapterFor(sim);
  login = (await mt4.createAccount(accountInput())).login;
});

afterAll(async () => {
  await mt4.close();
  await sim.close();
});

const requests = (endpoint: string) => sim.stats().requests[endpoint] ?? 0;
const refused = (code: string) => sim.stats().refused[code] ?? 0;

describe('the adapter', () => {
  it('checks /v1/info once, then keeps one connection alive for sequential calls', async () => {
    const fresh = adapterFor(sim);
    try {
      const before = sim.stats();
      for (let i = 0; i < 20; i++) await fresh.getAccount(login);
      await fresh.getBalances(login);
      expect(fresh.stats()).toEqual({ requests: 22, connections: 1, infoChecks: 1 });
      expect(sim.stats().connections - before.connections).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('is refused with a wrong secret (PlatformAuthError, not retryable) and never reaches a command', async () => {
    const wrong = adapterFor(sim, { key: { id: KEY.id, secret: 'not-the-secret-but-long-enough-0123456789' } });
    try {
      const before = { get: requests('account.get'), info: requests('info'), bad: refused('bad_signature') };
      const err = await captureError(wrong.getAccount(login));
      expect(err).toBeInstanceOf(PlatformAuthError);
      expect((err as PlatformAuthError).retryable).toBe(false);
      expect((err as PlatformAuthError).platformCode).toBe('bad_signature');
      expect(requests('account.get')).toBe(before.get);
      expect(requests('info')).toBe(before.info);
      expect(refused('bad_signature') - before.bad).toBe(1); // not retried
    } finally {
      await wrong.close();
    }
  });

  it('is refused when its clock is more than 300 s off, and says so', async () => {
    for (const skewMs of [-301_000, 301_000]) {
      const skewed = adapterFor(sim, { now: () => Date.now() + skewMs });
      try {
        const err = await captureError(skewed.getAccount(login));
        expect(err).toBeInstanceOf(PlatformAuthError);
        expect((err as Error).message).toMatch(/differ by more than 300 s.*fix the clocks/);
      } finally {
        await skewed.close();
      }
    }
    const slightlyOff = adapterFor(sim, { now: () => Date.now() - 290_000 });
    try {
      expect((await slightlyOff.getAccount(login)).login).toBe(login);
    } finally {
      await slightlyOff.close();
    }
  });
});

describe('the wire', () => {
  it('refuses a bad signature, a tampered body, missing headers and an unknown key with an unsigned 401', async () => {
    const raw = new RawBridgeClient(sim.url);
    try {
      const bad = await raw.get(`/v1/accounts/${login}`, { editHeaders: (h) => (h['X-Bridge-Signature'] = '0'.repeat(64)) });
      expect(bad.status).toBe(401);
      expect(bad.json).toEqual({ error: { code: 'bad_signature', message: expect.any(String) } });
      expect(bad.headers['x-bridge-signature']).toBeUndefined();

      const accountsBefore = sim.accounts().length;
      const signedBody = JSON.stringify({ reference: 'rights-body', amount: '1.00', currency: 'USD' });
      const tampered = await raw.request('POST', `/v1/accounts/${login}/balance-operations`, signedBody, {
        sentBody: JSON.stringify({ reference: 'rights-body', amount: '9999.00', currency: 'USD' }),
      });
      expect(tampered.status).toBe(401);
      expect(tampered.json?.error).toMatchObject({ code: 'bad_signature' });
      expect(sim.deals(login).filter((d) => d.comment === 'rights-body')).toHaveLength(0);
      expect(sim.accounts()).toHaveLength(accountsBefore);

      const otherPath = await raw.get(`/v1/accounts/${login}`, { editHeaders: (h) => (h['X-Bridge-Signature'] = bad.requestSignature) });
      expect(otherPath.json?.error).toMatchObject({ code: 'bad_signature' }); // a signature for another request

      const missing = await raw.get(`/v1/accounts/${login}`, { editHeaders: (h) => delete h['X-Bridge-Timestamp'] });
      expect(missing.json?.error).toMatchObject({ code: 'missing_signature' });

      const unknown = await raw.get(`/v1/accounts/${login}`, { key: { id: 'nobody', secret: KEY.secret } });
      expect(unknown.status).toBe(401);
      expect(unknown.json?.error).toMatchObject({ code: 'unknown_key' });
    } finally {
      raw.close();
    }
  });

  it('refuses stale timestamps (past and future) with the bridge time, accepts within 300 s', async () => {
    const raw = new RawBridgeClient(sim.url);
    try {
      const past = await raw.get(`/v1/accounts/${login}`, { nowMs: Date.now() - 301_000 });
      expect(past.status).toBe(401);
      expect(past.json?.error).toMatchObject({ code: 'stale_timestamp', server_time: expect.any(Number) });
      expect(Math.abs((past.json!.error as { server_time: number }).server_time - Date.now() / 1000)).toBeLessThan(5);
      const future = await raw.get(`/v1/accounts/${login}`, { nowMs: Date.now() + 302_000 });
      expect(future.json?.error).toMatchObject({ code: 'stale_timestamp' });
      const fine = await raw.get(`/v1/accounts/${login}`, { nowMs: Date.now() - 295_000 });
      expect(fine.status).toBe(200);
    } finally {
      raw.close();
    }
  });

  it('refuses a replayed request (same nonce) even within the window', async () => {
    const raw = new RawBridgeClient(sim.url);
    try {
      const nonce = 'replay-nonce-0123456789abcdef';
      const body = JSON.stringify({ reference: nextRef('replay'), amount: '10.00', currency: 'USD' });
      const first = await raw.request('POST', `/v1/accounts/${login}/balance-operations`, body, { nonce });
      expect(first.status).toBe(201);
      const again = await raw.request('POST', `/v1/accounts/${login}/balance-operations`, body, { nonce });
      expect(again.status).toBe(401);
      expect(again.json?.error).toMatchObject({ code: 'replayed_request' });
    } finally {
      raw.close();
    }
  });

  it('signs every answer with the key of its request, over the status, the request signature and the body', async () => {
    const raw = new RawBridgeClient(sim.url);
    try {
      const ok = await raw.get(`/v1/accounts/${login}`);
      expect(ok.headers['x-bridge-key-id']).toBe(KEY.id);
      expect(ok.headers['x-bridge-signature']).toBe(signBridgeResponse(KEY.secret, 200, ok.requestSignature, ok.text));
      const notFound = await raw.get('/v1/accounts/999999');
      expect(notFound.status).toBe(404);
      expect(notFound.json).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
      expect(notFound.headers['x-bridge-signature']).toBe(signBridgeResponse(KEY.secret, 404, notFound.requestSignature, notFound.text));
      const unknownPath = await raw.get('/v2/info');
      expect(unknownPath.status).toBe(404);
      expect(unknownPath.json?.error).toMatchObject({ code: 'unknown_endpoint' });
    } finally {
      raw.close();
    }
  });
});

describe('key rotation', () => {
  it('accepts both keys during the switch, and only the new one after the old is removed', async () => {
    const rotating = await startSim();
    const oldAdapter = adapterFor(rotating);
    const newAdapter = adapterFor(rotating, { key: NEXT_KEY });
    try {
      const { login: l } = await oldAdapter.createAccount(accountInput());
      expect(await captureError(newAdapter.getAccount(l))).toBeInstanceOf(PlatformAuthError); // not yet known

      rotating.setKeys([KEY, NEXT_KEY]); // step 1: add the new key
      expect((await oldAdapter.getAccount(l)).login).toBe(l);
      expect((await newAdapter.getAccount(l)).login).toBe(l); // step 2: Traderoom switches
      const raw = new RawBridgeClient(rotating.url);
      try {
        const answer = await raw.get(`/v1/accounts/${l}`, { key: NEXT_KEY });
        expect(answer.headers['x-bridge-key-id']).toBe(NEXT_KEY.id);
        expect(answer.headers['x-bridge-signature']).toBe(signBridgeResponse(NEXT_KEY.secret, 200, answer.requestSignature, answer.text));
      } finally {
        raw.close();
      }

      rotating.setKeys([NEXT_KEY]); // step 3: the old key is removed
      const err = await captureError(oldAdapter.getAccount(l));
      expect(err).toBeInstanceOf(PlatformAuthError);
      expect((err as PlatformAuthError).platformCode).toBe('unknown_key');
      await newAdapter.balanceOperation({ login: l, amountMinor: 500n, currency: 'USD', reference: nextRef('rot') });
      expect(rotating.account(l)?.balanceMinor).toBe(500n);
      expect(() => rotating.setKeys([KEY, NEXT_KEY, { id: 'third', secret: KEY.secret }])).toThrow(RangeError);
    } finally {
      await oldAdapter.close();
      await newAdapter.close();
      await rotating.close();
    }
  });
});

describe('answers the adapter must not believe', () => {
  it('refuses an impostor whose answers are not signed with our key, before sending it any command', async () => {
    sim.setSpoofedResponses(true);
    const fresh = adapterFor(sim);
    const createsBefore = requests('account.create');
    try {
      const err = await captureError(fresh.createAccount(accountInput()));
      expect(err).toBeInstanceOf(PlatformServerAuthError);
      expect((err as PlatformServerAuthError).retryable).toBe(false);
      expect((err as Error).message).toMatch(/not signed with our key/);
      expect(requests('account.create')).toBe(createsBefore); // the info check failed first
    } finally {
      sim.setSpoofedResponses(false);
      await fresh.close();
    }
  });

  it('treats an unsigned 502 from a proxy as a transport failure and retries a read', async () => {
    const before = requests('account.get');
    sim.failNext({ kind: 'http_status', status: 502, endpoint: 'account.get' });
    expect((await mt4.getAccount(login)).login).toBe(login);
    expect(requests('account.get') - before).toBe(2);
  });

  it('treats an unsigned 4xx (not 401) as not the bridge', async () => {
    sim.failNext({ kind: 'http_status', status: 404, endpoint: 'account.get' });
    expect(await captureError(mt4.getAccount(login))).toBeInstanceOf(PlatformServerAuthError);
  });
});
