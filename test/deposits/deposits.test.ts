/**
 * Deposits end to end over real HTTP with the PSP simulator: the client
 * starts a deposit, pays on the simulator, the signed callbacks come back to
 * the real webhook endpoint, and the review rules credit the wallet or send
 * the deposit to finance. Duplicates and reordering credit once; a bad
 * signature is a 401 that stores nothing; limits and the capability gate are
 * enforced on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { signStripePayload } from '../../src/integrations/psp';
import { startPspSimulator, type PspSimulator } from '../../src/simulators/psp';
import { loggedInStaff, seededClient, type LoggedInStaff } from '../support/actors';
import type { HttpClient } from '../support/http-client';
import { onRealPostgres } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';

const CARD = { secretKey: 'sk_test_card', webhookSecret: 'whsec_card' };
const WIRE = { secretKey: 'sk_test_wire', webhookSecret: 'whsec_wire' };

let sim: PspSimulator;
let app: TestApp;
let finance: LoggedInStaff;
let baseUrl = '';

beforeAll(async () => {
  sim = await startPspSimulator({
    providers: [
      { id: 'demo_card', protocol: 'generic', ...CARD },
      { id: 'demo_wire', protocol: 'generic', ...WIRE },
    ],
    webhookUrl: (providerId) => (baseUrl ? `${baseUrl}/api/webhooks/psp/${providerId}` : undefined),
    retryDelaysMs: [50, 50],
  });
  app = await startTestApp({
    workers: false,
    integrations: integrationsFrom({
      sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
      sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
      psp: [
        { protocol: 'generic', providerId: 'demo_card', baseUrl: sim.url, secretKey: CARD.secretKey, webhookSecrets: [CARD.webhookSecret] },
        { protocol: 'generic', providerId: 'demo_wire', baseUrl: sim.url, secretKey: WIRE.secretKey, webhookSecrets: [WIRE.webhookSecret] },
      ],
    }),
  });
  baseUrl = app.baseUrl;
  finance = await loggedInStaff(app, ['finance']);
});
afterAll(async () => {
  await app?.close();
  await sim?.close();
});

const LEGAL_NAME = 'Anna Maria Schmidt';

function client(options: { verified?: boolean } = {}) {
  return seededClient(app, { legalName: LEGAL_NAME, verified: options.verified ?? true, emailPrefix: 'depositor' });
}

async function startDeposit(http: HttpClient, amountMinor: string, methodId = 'eu_card', currency = 'EUR') {
  const res = await http.post('/api/portal/deposits', { methodId, amountMinor, currency });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.deposit.id as string;
}

async function wallet(http: HttpClient, currency = 'EUR'): Promise<string> {
  const res = await http.get('/api/portal/wallet');
  expect(res.status).toBe(200);
  return (res.body.balances as { currency: string; availableMinor: string }[]).find((b) => b.currency === currency)?.availableMinor ?? '0';
}

async function depositRow(id: string) {
  return app.ctx.db.selectFrom('deposit').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function creditEntries(id: string) {
  return app.ctx.db.selectFrom('journal_entry').selectAll().where('business_id', '=', id).where('kind', '=', 'deposit_credit').execute();
}

async function approve(id: string) {
  const res = await finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: 'Payer and amount checked.' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** A client whose first deposit was approved by finance, so the next small one can be auto-credited. */
async function clientWithFirstDeposit() {
  const c = await client();
  const first = await startDeposit(c.http, '2000');
  await sim.pay(first, { outcome: 'success', payerName: LEGAL_NAME });
  expect((await depositRow(first)).status).toBe('under_review');
  await approve(first);
  return c;
}

describe('deposits', () => {
  it('first deposit → finance review with its rule hits → approved → credited; the next small card deposit is auto-credited', async () => {
    const c = await client();
    const first = await startDeposit(c.http, '2500');
    const started = await depositRow(first);
    expect(started.status).toBe('awaiting_payment');
    expect(started.provider_session_url).toContain(sim.url);
    await sim.pay(first, { outcome: 'success', payerName: LEGAL_NAME });
    expect((await depositRow(first)).status).toBe('under_review');
    const queue = await finance.http.get('/api/backoffice/deposits?status=under_review');
    const queued = queue.body.items.find((d: { id: string }) => d.id === first);
    expect(queued.ruleHits.map((h: { code: string }) => h.code)).toEqual(['first_deposit']);
    expect((await c.http.get('/api/portal/deposits')).body.items[0]).toMatchObject({ id: first, status: 'under_review' });
    expect(await wallet(c.http)).toBe('0');
    expect((await finance.http.post(`/api/backoffice/deposits/${first}/decision`, { decision: 'approve', note: '' })).status).toBe(422);
    await approve(first);
    expect(await wallet(c.http)).toBe('2500');

    const second = await startDeposit(c.http, '1500');
    await sim.pay(second, { outcome: 'success', payerName: LEGAL_NAME });
    expect((await depositRow(second)).status).toBe('credited');
    expect(await wallet(c.http)).toBe('4000');
    expect((await c.http.get('/api/portal/deposits')).body.items[0]).toMatchObject({ id: second, status: 'credited' });
  });

  it('a large deposit goes to review (amount over threshold) and is credited once approved', async () => {
    const c = await clientWithFirstDeposit();
    const big = await startDeposit(c.http, '5000000', 'eu_wire');
    await sim.pay(big, { outcome: 'success', payerName: LEGAL_NAME });
    const row = await depositRow(big);
    expect(row.status).toBe('under_review');
    expect(row.rule_hits.map((h) => h.code)).toContain('amount_over_threshold');
    await approve(big);
    expect(await wallet(c.http)).toBe('5002000');
    // A second decision changes nothing.
    expect((await finance.http.post(`/api/backoffice/deposits/${big}/decision`, { decision: 'approve', note: 'again' })).status).toBe(409);
    expect(await creditEntries(big)).toHaveLength(1);
  });

  it('duplicate and reordered callbacks credit once; the extra deliveries are recorded', async () => {
    const c = await clientWithFirstDeposit();
    const id = await startDeposit(c.http, '1000');
    const deliveries = await sim.pay(id, { outcome: 'success', payerName: LEGAL_NAME, delivery: { duplicate: 2, reorder: true } });
    expect(deliveries.filter((d) => d.status === 200).length).toBeGreaterThanOrEqual(3);
    expect((await depositRow(id)).status).toBe('credited');
    expect(await creditEntries(id)).toHaveLength(1);
    expect(await wallet(c.http)).toBe('3000');
    const events = await app.ctx.db.selectFrom('provider_event').select(['outcome', 'dedup_key']).where('subject_id', '=', id).execute();
    expect(new Set(events.map((e) => e.dedup_key)).size).toBe(events.length);
    expect(events.filter((e) => e.outcome === 'applied').length).toBeGreaterThanOrEqual(1);
  });

  it('a callback with a bad signature is a 401 and stores nothing', async () => {
    const c = await client();
    const id = await startDeposit(c.http, '1000');
    const deliveries = await sim.pay(id, { outcome: 'success', delivery: { badSignature: true } });
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 401)).toBe(true);
    expect((await depositRow(id)).status).toBe('awaiting_payment');
    expect(await app.ctx.db.selectFrom('provider_event').select('id').where('subject_id', '=', id).execute()).toHaveLength(0);
  });

  it('a failed payment shows as failed to the client and staff, nothing credited', async () => {
    const c = await client();
    const id = await startDeposit(c.http, '1000');
    await sim.pay(id, { outcome: 'fail' });
    expect((await depositRow(id)).status).toBe('failed');
    expect((await c.http.get('/api/portal/deposits')).body.items[0]).toMatchObject({ id, status: 'failed' });
    const staffView = await finance.http.get('/api/backoffice/deposits?status=failed');
    expect(staffView.body.items.some((d: { id: string; clientStatus: string }) => d.id === id && d.clientStatus === 'failed')).toBe(true);
    expect(await wallet(c.http)).toBe('0');
  });

  it('refuses an amount outside the method limits with 422, creating nothing', async () => {
    const c = await client();
    const low = await c.http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: '999', currency: 'EUR' });
    expect(low.status).toBe(422);
    expect(low.body.error.code).toBe('amount_below_minimum');
    const high = await c.http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: '500001', currency: 'EUR' });
    expect(high.status).toBe(422);
    expect(high.body.error.code).toBe('amount_above_maximum');
    expect(await app.ctx.db.selectFrom('deposit').select('id').where('client_id', '=', c.id).execute()).toHaveLength(0);
  });

  it('refuses an unverified client with the capability reason', async () => {
    const c = await client({ verified: false });
    const res = await c.http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: '1000', currency: 'EUR' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('verification_required');
    expect(res.body.error.message).toMatch(/verification/i);
  });

  it('a provider that is down leaves the deposit failed and answers 503', async () => {
    const c = await client();
    sim.failNext({ kind: 'api_error', status: 503, count: 1 });
    const res = await c.http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: '1000', currency: 'EUR' });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('provider_unavailable');
    const row = await depositRow(res.body.error.details.depositId);
    expect(row).toMatchObject({ status: 'failed', failure_reason: 'provider_unavailable' });
  });

  it.runIf(onRealPostgres)('the same callback delivered 10× at once credits once (real PostgreSQL)', async () => {
    const c = await clientWithFirstDeposit();
    const id = await startDeposit(c.http, '1000');
    const row = await depositRow(id);
    const body = JSON.stringify({
      id: `evt_concurrent_${id.replace(/-/g, '')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: `pi_${id.replace(/-/g, '')}`, object: 'payment_intent', status: 'succeeded', reference: id, amount_minor: 1000, currency: 'EUR', payer_name: LEGAL_NAME } },
    });
    expect(row.status).toBe('awaiting_payment');
    const send = () =>
      fetch(`${app.baseUrl}/api/webhooks/psp/demo_card`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(body, CARD.webhookSecret, Math.floor(Date.now() / 1000)) },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { outcome: string } }));
    const answers = await Promise.all(Array.from({ length: 10 }, send));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.body.outcome === 'applied')).toHaveLength(1);
    expect(answers.filter((a) => a.body.outcome === 'duplicate')).toHaveLength(9);
    expect(await creditEntries(id)).toHaveLength(1);
    expect(await wallet(c.http)).toBe('3000');
  });
});
