/**
 * The PSP simulator's operator page (demo only) over real HTTP: the list of
 * sessions and payouts with escaped values, the buttons (forms that POST and
 * redirect back 303) for refunds, chargebacks, expiry and payout settlement,
 * each sending the provider's signed callbacks; the anti-forgery token; the
 * link from the hosted payment page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenericPspClient, type GenericPspClient } from '../../../src/integrations/psp/generic-psp-client';
import { startPspSimulator, type PspSimulator } from '../../../src/simulators/psp';
import { startPspTestReceiver, type PspTestReceiver } from './psp-receiver';

const SK = 'sk_test_operator';
const WH = 'whsec_operator';

let receiver: PspTestReceiver;
let sim: PspSimulator;
let card: GenericPspClient;
let counter = 0;

beforeAll(async () => {
  receiver = await startPspTestReceiver([{ id: 'demo_card', protocol: 'generic', secrets: [WH] }]);
  sim = await startPspSimulator({
    providers: [{ id: 'demo_card', name: 'Demo <card> acquirer', protocol: 'generic', secretKey: SK, webhookSecret: WH }],
    webhookUrl: (id) => receiver.url(id),
    retryDelaysMs: [20],
    awaitCallbacksBeforeRedirect: true,
  });
  card = createGenericPspClient({ baseUrl: sim.url, secretKey: SK });
});
afterAll(async () => {
  await sim?.close();
  await receiver?.close();
});

const kindsFor = (reference: string) => receiver.verified().filter((r) => r.outcome?.reference === reference).map((r) => r.outcome!.kind);

async function session(reference = `dep-op-${++counter}`) {
  return card.createCheckoutSession({
    amountMinor: 10_000n,
    currency: 'EUR',
    reference,
    customer: { id: 'client-7', name: 'Maria Georgiou', email: 'maria@example.com' },
    returnUrl: 'https://broker.example/portal/deposits',
    method: 'card',
  });
}

async function page(query = ''): Promise<string> {
  const res = await fetch(`${sim.operatorUrl}${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  return res.text();
}

async function token(): Promise<string> {
  const match = /name="token" value="([0-9a-f]{32})"/.exec(await page());
  expect(match, 'a form with the token').not.toBeNull();
  return match![1]!;
}

/** Posts an operator form as the browser would; returns the 303's location. */
async function press(path: string, fields: Record<string, string>, withToken = true): Promise<{ status: number; location: string | null }> {
  const body = new URLSearchParams({ ...(withToken ? { token: await token() } : {}), ...fields });
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString(), redirect: 'manual' });
  await sim.settled();
  return { status: res.status, location: res.headers.get('location') };
}

describe('PSP simulator operator page', () => {
  it('lists sessions and payouts (escaped), says it is demo only with no login, and is linked from the hosted page', async () => {
    const s = await session('dep-<img src=x onerror=alert(1)>');
    const hosted = await (await fetch(s.url)).text();
    expect(hosted).toContain('href="/operator"');
    const html = await page();
    expect(html).toContain('Demo only.');
    expect(html).toContain('no login');
    expect(html).toContain('dep-&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Demo &lt;card&gt; acquirer');
    expect(html).toContain(`/operator/sessions/${s.id}/expire`);
  });

  it('refund, failed refund and chargeback buttons on a paid deposit send their callbacks, then redirect back with a notice', async () => {
    const s = await session();
    await sim.pay(s.id, { outcome: 'success' });
    const html = await page();
    for (const label of ['Refund', 'Refund (fails)', 'Chargeback: open', 'Chargeback: won', 'Chargeback: lost']) expect(html).toContain(`>${label}</button>`);

    const partial = await press(`/operator/sessions/${s.id}/refund`, { amount_minor: '4000' });
    expect(partial.status).toBe(303);
    expect(partial.location).toMatch(/^\/operator\?ok=/);
    expect(await page(partial.location!.slice('/operator'.length))).toContain(`Refund of ${s.reference}; 1 callback sent to the merchant.`);
    const failing = await press(`/operator/sessions/${s.id}/refund`, { amount_minor: '1000', fail: 'true' });
    expect(failing.status).toBe(303);
    expect(kindsFor(s.reference)).toEqual(['deposit_pending', 'deposit_succeeded', 'deposit_refunded', 'deposit_refunded', 'refund_failed']);
    expect(sim.sessions().find((x) => x.id === s.id)!.refundedMinor).toBe(4000n);

    expect((await press(`/operator/sessions/${s.id}/chargeback`, { status: 'open' })).status).toBe(303);
    expect((await press(`/operator/sessions/${s.id}/chargeback`, { status: 'lost' })).status).toBe(303);
    expect(kindsFor(s.reference).slice(-2)).toEqual(['chargeback_opened', 'chargeback_lost']);
    expect(sim.sessions().find((x) => x.id === s.id)!.dispute).toMatchObject({ status: 'lost' });

    // A closed dispute: the page offers no chargeback buttons for it, and a forced post is refused with a notice, sending nothing.
    const after = await press(`/operator/sessions/${s.id}/chargeback`, { status: 'won' });
    expect(after.location).toMatch(/^\/operator\?error=/);
    expect(await page(after.location!.slice('/operator'.length))).toContain('already closed (lost)');
    expect(kindsFor(s.reference)).toHaveLength(7);
  });

  it('expires an open session', async () => {
    const s = await session();
    expect((await press(`/operator/sessions/${s.id}/expire`, {})).status).toBe(303);
    expect(kindsFor(s.reference)).toEqual(['deposit_failed']);
    expect(sim.sessions().find((x) => x.id === s.id)!.status).toBe('expired');
  });

  it('settles payouts: pay, fail, return (after paid)', async () => {
    const destination = { type: 'bank_account', holder_name: 'Maria Georgiou', iban: 'CY17002001280000001200527600' };
    const paid = await card.createPayout({ amountMinor: 5_000n, currency: 'EUR', reference: `wd-op-${++counter}`, destination });
    const failed = await card.createPayout({ amountMinor: 5_000n, currency: 'EUR', reference: `wd-op-${++counter}`, destination });
    const html = await page();
    expect(html).toContain(`/operator/payouts/${paid.id}/settle`);
    for (const label of ['Pay', 'Fail', 'Return']) expect(html).toContain(`>${label}</button>`);

    expect((await press(`/operator/payouts/${paid.id}/settle`, { outcome: 'paid' })).status).toBe(303);
    expect((await press(`/operator/payouts/${paid.id}/settle`, { outcome: 'returned' })).status).toBe(303);
    expect((await press(`/operator/payouts/${failed.id}/settle`, { outcome: 'failed' })).status).toBe(303);
    expect(kindsFor(paid.reference)).toEqual(['payout_paid', 'payout_returned']);
    expect(kindsFor(failed.reference)).toEqual(['payout_failed']);
    expect(sim.payouts().map((p) => [p.reference, p.status])).toEqual(expect.arrayContaining([[paid.reference, 'returned'], [failed.reference, 'failed']]));
    // Settled: no more buttons for them.
    expect(await page()).not.toContain(`/operator/payouts/${failed.id}/settle`);
  });

  it('refuses a form without the page token (403) and bad input with a notice, changing nothing', async () => {
    const s = await session();
    await sim.pay(s.id, { outcome: 'success' });
    const forged = await press(`/operator/sessions/${s.id}/refund`, {}, false);
    expect(forged.status).toBe(403);
    const wrong = await fetch(`${sim.url}/operator/sessions/${s.id}/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=00000000000000000000000000000000',
      redirect: 'manual',
    });
    expect(wrong.status).toBe(403);
    const bad = await press(`/operator/sessions/${s.id}/refund`, { amount_minor: '12.50' });
    expect(bad.location).toMatch(/^\/operator\?error=/);
    const unknown = await press('/operator/sessions/cs_nope/refund', {});
    expect(new URL(unknown.location!, sim.url).searchParams.get('error')).toBe('No such payment session');
    expect(kindsFor(s.reference)).toEqual(['deposit_pending', 'deposit_succeeded']);
    expect(sim.sessions().find((x) => x.id === s.id)!.refundedMinor).toBe(0n);
  });
});
