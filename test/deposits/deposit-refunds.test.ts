/**
 * Money going back after a deposit, over real HTTP with the PSP simulator
 * (generic protocol): refunds made at the provider (full, partial, beyond
 * what the wallet still has → debt, failed after or before they were
 * reported), chargebacks opened / won / lost; each applied exactly once
 * whatever the number and order of deliveries; the client flagged, the flags
 * and the debt shown to staff (client detail, deposit view, queue). And failed
 * / expired deposits shown as failed, with a reason, to the client and staff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStripePayload } from '../../src/integrations/psp';
import { onRealPostgres } from '../support/test-database';
import {
  balances,
  clientWithCreditedDeposit,
  depositRow,
  flagsOf,
  CARD,
  moveToPlatform,
  refundsOf,
  startDeposit,
  startDepositWorld,
  verifiedClient,
  LEGAL_NAME,
  type DepositWorld,
} from './deposit-test-kit';

let world: DepositWorld;

beforeAll(async () => {
  world = await startDepositWorld();
});
afterAll(async () => world?.close());

async function entries(kind: string, businessId: string) {
  return world.app.ctx.db.selectFrom('journal_entry').select(['id', 'business_type', 'business_id']).where('kind', '=', kind).where('business_id', '=', businessId).execute();
}

async function refundEntriesOf(depositId: string) {
  const refunds = await refundsOf(world, depositId);
  const ids = refunds.map((r) => `demo_card:${r.provider_refund_id}`);
  if (ids.length === 0) return { taken: [], given: [] };
  const rows = await world.app.ctx.db.selectFrom('journal_entry').select(['id', 'kind', 'business_id']).where('business_type', '=', 'psp_refund').where('business_id', 'in', ids).execute();
  return { taken: rows.filter((r) => r.kind === 'deposit_refund'), given: rows.filter((r) => r.kind === 'deposit_refund_reversal') };
}

describe('refunds made at the provider', () => {
  it('a full refund takes the money back once (duplicate deliveries), marks the deposit refunded and flags the client', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    const deliveries = await world.sim.refund(c.depositId, { delivery: { duplicate: 2 } });
    expect(deliveries.filter((d) => d.status === 200)).toHaveLength(3);
    expect((await depositRow(world, c.depositId)).status).toBe('refunded');
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
    const { taken } = await refundEntriesOf(c.depositId);
    expect(taken).toHaveLength(1);
    expect((await refundsOf(world, c.depositId)).map((r) => [r.status, r.amount_minor])).toEqual([['refunded', 5000n]]);

    expect((await c.http.get('/api/portal/deposits')).body.items[0]).toMatchObject({ id: c.depositId, status: 'refunded' });
    const flags = await flagsOf(world, c.id);
    expect(flags.map((f) => [f.kind, f.subject_id, f.cleared_at])).toEqual([['refund', c.depositId, null]]);
    const audit = await world.app.ctx.db.selectFrom('audit_event').select(['action']).where('client_id', '=', c.id).where('action', 'in', ['client.flagged', 'deposit.refunded']).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['client.flagged', 'deposit.refunded']);

    const detail = await world.finance.http.get(`/api/backoffice/clients/${c.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.openFlags).toEqual([expect.objectContaining({ kind: 'refund', subjectType: 'deposit', subjectId: c.depositId, createdBy: 'provider:demo_card' })]);
    expect(detail.body.debts).toEqual([]);
    const view = await world.finance.http.get(`/api/backoffice/deposits/${c.depositId}`);
    expect(view.status).toBe(200);
    expect(view.body.deposit).toMatchObject({ status: 'refunded', clientStatus: 'refunded', clientOpenFlags: [expect.objectContaining({ kind: 'refund' })], clientDebts: [] });
    const queue = await world.finance.http.get('/api/backoffice/deposits?status=refunded');
    expect(queue.body.items.find((d: { id: string }) => d.id === c.depositId)).toMatchObject({ clientOpenFlags: [expect.objectContaining({ kind: 'refund' })] });
  });

  it('partial refunds move money each time and mark the deposit refunded once the whole amount went back', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    await world.sim.refund(c.depositId, { amountMinor: 2000n });
    expect((await depositRow(world, c.depositId)).status).toBe('credited');
    expect(await balances(world, c.id)).toEqual({ available: 3000n, debt: 0n });
    await world.sim.refund(c.depositId, { amountMinor: 3000n });
    expect((await depositRow(world, c.depositId)).status).toBe('refunded');
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
    expect((await refundEntriesOf(c.depositId)).taken).toHaveLength(2);
    // One open refund flag per deposit, however many refunds.
    expect((await flagsOf(world, c.id)).map((f) => f.kind)).toEqual(['refund']);
  });

  it('a refund beyond what the wallet still has leaves a debt (never a negative wallet); when it fails the debt is repaid first and its flag cleared', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    await moveToPlatform(world, c.id, 4000n);
    // charge.refunded, then refund.failed for the same refund.
    const deliveries = await world.sim.refund(c.depositId, { fail: true, reason: 'expired_or_canceled_card' });
    expect(deliveries.map((d) => [d.type, d.status])).toEqual([
      ['charge.refunded', 200],
      ['refund.failed', 200],
    ]);
    const [refund] = await refundsOf(world, c.depositId);
    expect(refund).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card', amount_minor: 5000n });
    const { taken, given } = await refundEntriesOf(c.depositId);
    expect(taken).toHaveLength(1);
    expect(given).toHaveLength(1);
    const postings = await world.app.ctx.db
      .selectFrom('posting')
      .innerJoin('ledger_account', 'ledger_account.id', 'posting.account_id')
      .select(['posting.entry_id', 'ledger_account.kind', 'posting.amount_minor'])
      .where('posting.entry_id', 'in', [taken[0]!.id, given[0]!.id])
      .execute();
    const of = (entryId: string) => Object.fromEntries(postings.filter((p) => p.entry_id === entryId).map((p) => [p.kind, p.amount_minor]));
    expect(of(taken[0]!.id)).toEqual({ psp_clearing: 5000n, client_wallet: -1000n, client_debt: -4000n });
    expect(of(given[0]!.id)).toEqual({ psp_clearing: -5000n, client_debt: 4000n, client_wallet: 1000n });
    expect(await balances(world, c.id)).toEqual({ available: 1000n, debt: 0n });
    // Refunded in full, then back to credited when the refund failed.
    expect((await depositRow(world, c.depositId)).status).toBe('credited');
    const flags = await flagsOf(world, c.id);
    expect(flags.map((f) => [f.kind, f.cleared_at === null])).toEqual([
      ['debt', false],
      ['refund', true],
    ]);
    expect(flags.find((f) => f.kind === 'debt')).toMatchObject({ cleared_by: 'provider:demo_card', reason: expect.stringContaining('40.00 EUR') });
    expect((await world.finance.http.get(`/api/backoffice/clients/${c.id}`)).body.debts).toEqual([]);
  });

  it('a debt left by a refund is shown to staff beside the client and the deposit', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    await moveToPlatform(world, c.id, 5000n);
    await world.sim.refund(c.depositId);
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 5000n });
    const detail = await world.finance.http.get(`/api/backoffice/clients/${c.id}`);
    expect(detail.body.debts).toEqual([{ currency: 'EUR', debtMinor: '5000' }]);
    expect(detail.body.openFlags.map((f: { kind: string }) => f.kind).sort()).toEqual(['debt', 'refund']);
    const view = await world.finance.http.get(`/api/backoffice/deposits/${c.depositId}`);
    expect(view.body.deposit.clientDebts).toEqual([{ currency: 'EUR', debtMinor: '5000' }]);
    expect((await c.http.get('/api/portal/wallet')).body.balances).toEqual([{ currency: 'EUR', availableMinor: '0', onHoldMinor: '0', debtMinor: '5000' }]);
  });

  it('a refund reported failed before it was reported made moves no money, and the late "refunded" changes nothing', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    await world.sim.refund(c.depositId, { fail: true, delivery: { reorder: true, duplicate: 1 } });
    expect(await balances(world, c.id)).toEqual({ available: 5000n, debt: 0n });
    expect((await depositRow(world, c.depositId)).status).toBe('credited');
    const { taken, given } = await refundEntriesOf(c.depositId);
    expect([taken.length, given.length]).toEqual([0, 0]);
    expect((await refundsOf(world, c.depositId)).map((r) => r.status)).toEqual(['failed']);
    const events = await world.app.ctx.db.selectFrom('provider_event').select(['outcome']).where('subject_id', '=', c.depositId).where('outcome', 'in', ['stale', 'duplicate']).execute();
    expect(events.map((e) => e.outcome)).toContain('stale');
  });
});

describe('refunds delivered at once (real PostgreSQL)', () => {
  function event(type: 'charge.refunded' | 'refund.failed', depositId: string, refundId: string, n: number) {
    const object =
      type === 'charge.refunded'
        ? { id: `ch_${n}`, object: 'charge', reference: depositId, amount_minor: 5000, currency: 'EUR', amount_refunded_minor: 5000, refunded: true, refunds: { data: [{ id: refundId, amount_minor: 5000, status: 'pending' }] } }
        : { id: refundId, object: 'refund', reference: depositId, amount_minor: 5000, currency: 'EUR', status: 'failed', failure_reason: 'lost_or_stolen_card' };
    return JSON.stringify({ id: `evt_${type.replace('.', '_')}_${n}_${refundId}`, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });
  }
  const send = (body: string) =>
    fetch(`${world.app.baseUrl}/api/webhooks/psp/demo_card`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signStripePayload(body, CARD.webhookSecret, Math.floor(Date.now() / 1000)) },
      body,
    }).then(async (r) => ({ status: r.status, outcome: ((await r.json()) as { outcome: string }).outcome }));

  it.runIf(onRealPostgres)('ten different events for one refund, at once: taken once', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => send(event('charge.refunded', c.depositId, 're_concurrent1', n))));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.outcome === 'applied')).toHaveLength(1);
    expect(answers.filter((a) => a.outcome === 'stale')).toHaveLength(9);
    expect((await refundEntriesOf(c.depositId)).taken).toHaveLength(1);
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
    expect((await depositRow(world, c.depositId)).status).toBe('refunded');
  });

  it.runIf(onRealPostgres)('"refunded" and "failed" for one refund, interleaved at once: the money ends where it started', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    await moveToPlatform(world, c.id, 2000n);
    const bodies = Array.from({ length: 10 }, (_, n) => event(n % 2 ? 'refund.failed' : 'charge.refunded', c.depositId, 're_concurrent2', n));
    const answers = await Promise.all(bodies.map(send));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(await balances(world, c.id)).toEqual({ available: 3000n, debt: 0n });
    expect((await depositRow(world, c.depositId)).status).toBe('credited');
    expect((await refundsOf(world, c.depositId)).map((r) => r.status)).toEqual(['failed']);
    const { taken, given } = await refundEntriesOf(c.depositId);
    expect(taken.length).toBe(given.length);
    expect(taken.length).toBeLessThanOrEqual(1);
  });
});

describe('chargebacks', () => {
  it('opened: reversal posted once (duplicates), deposit charged back, client flagged; won: the money comes back once, debt first', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    await moveToPlatform(world, c.id, 3000n);
    await world.sim.chargeback(c.depositId, { status: 'open', delivery: { duplicate: 2 } });
    const dispute = world.sim.sessions().find((s) => s.reference === c.depositId)!.dispute!.id;
    expect((await depositRow(world, c.depositId)).status).toBe('chargeback');
    expect(await entries('chargeback', `demo_card:${dispute}`)).toHaveLength(1);
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 3000n });
    expect((await flagsOf(world, c.id)).map((f) => f.kind).sort()).toEqual(['chargeback', 'debt']);
    expect((await c.http.get('/api/portal/deposits')).body.items[0]).toMatchObject({ id: c.depositId, status: 'charged_back' });

    await world.sim.chargeback(c.depositId, { status: 'won', delivery: { duplicate: 1 } });
    expect(await entries('chargeback_reversal', `demo_card:${dispute}`)).toHaveLength(1);
    expect(await balances(world, c.id)).toEqual({ available: 2000n, debt: 0n });
    expect((await depositRow(world, c.depositId)).status).toBe('credited');
    const flags = await flagsOf(world, c.id);
    expect(flags.filter((f) => f.cleared_at === null).map((f) => f.kind)).toEqual(['chargeback']);
    const won = await world.app.ctx.db.selectFrom('audit_event').select('action').where('subject_id', '=', c.depositId).where('action', '=', 'deposit.chargeback_won').execute();
    expect(won).toHaveLength(1);
  });

  it('lost: recorded, no money moves, the deposit stays charged back', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    await world.sim.chargeback(c.depositId, { status: 'lost' });
    const dispute = world.sim.sessions().find((s) => s.reference === c.depositId)!.dispute!.id;
    expect((await depositRow(world, c.depositId)).status).toBe('chargeback');
    expect(await entries('chargeback', `demo_card:${dispute}`)).toHaveLength(1);
    expect(await entries('chargeback_reversal', `demo_card:${dispute}`)).toHaveLength(0);
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
    const lost = await world.app.ctx.db.selectFrom('audit_event').select(['action', 'note']).where('subject_id', '=', c.depositId).where('action', '=', 'deposit.chargeback_lost').execute();
    expect(lost).toHaveLength(1);
  });

  it('won reported before opened: no money moves either way', async () => {
    const c = await clientWithCreditedDeposit(world, '5000');
    await world.sim.chargeback(c.depositId, { status: 'won', delivery: { reorder: true } });
    const dispute = world.sim.sessions().find((s) => s.reference === c.depositId)!.dispute!.id;
    expect(await entries('chargeback', `demo_card:${dispute}`)).toHaveLength(0);
    expect(await entries('chargeback_reversal', `demo_card:${dispute}`)).toHaveLength(0);
    expect(await balances(world, c.id)).toEqual({ available: 5000n, debt: 0n });
    expect((await depositRow(world, c.depositId)).status).toBe('credited');
  });

  it('a deposit charged back while it waited for review cannot be approved (nothing to credit); finance rejects it', async () => {
    const c = await verifiedClient(world.app);
    const { id } = await startDeposit(c.http, '5000'); // a first deposit: held for review
    await world.sim.pay(id, { outcome: 'success', payerName: LEGAL_NAME });
    expect((await depositRow(world, id)).status).toBe('under_review');
    await world.sim.chargeback(id, { status: 'open' });
    const approval = await world.finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: 'Looks fine.' });
    expect(approval.status).toBe(409);
    expect(approval.body.error.code).toBe('reversed_at_provider');
    expect(await balances(world, c.id)).toEqual({ available: 0n, debt: 0n });
    const rejection = await world.finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'reject', note: 'Charged back.', reason: 'suspected_fraud' });
    expect(rejection.status, JSON.stringify(rejection.body)).toBe(200);
  });
});

describe('failed, declined and expired deposits show as failed, with a reason, to the client and staff', () => {
  async function expectFailed(c: { http: { get: (path: string) => Promise<{ body: any }> } }, id: string, reason: string | RegExp) {
    const mine = (await c.http.get('/api/portal/deposits')).body.items.find((d: { id: string }) => d.id === id);
    expect(mine).toMatchObject({ status: 'failed', paymentUrl: null });
    expect(mine.reason).toMatch(reason);
    const staff = await world.finance.http.get(`/api/backoffice/deposits/${id}`);
    expect(staff.body.deposit).toMatchObject({ status: 'failed', clientStatus: 'failed' });
    expect(staff.body.deposit.failureReason).toMatch(reason);
    const queue = await world.finance.http.get('/api/backoffice/deposits?status=failed&sort=newest');
    expect(queue.body.items.some((d: { id: string; clientStatus: string }) => d.id === id && d.clientStatus === 'failed')).toBe(true);
  }

  it('a declined card payment', async () => {
    const c = await verifiedClient(world.app);
    const { id } = await startDeposit(c.http, '2000');
    await world.sim.pay(id, { outcome: 'fail' });
    await expectFailed(c, id, /declined/i);
  });

  it('checkout.session.expired', async () => {
    const c = await verifiedClient(world.app);
    const { id } = await startDeposit(c.http, '2000');
    const deliveries = await world.sim.expire(id);
    expect(deliveries.map((d) => [d.type, d.status])).toEqual([['checkout.session.expired', 200]]);
    await expectFailed(c, id, /^expired$/);
  });

  it('the payer declining on the hosted page', async () => {
    const c = await verifiedClient(world.app);
    const { id, redirectUrl } = await startDeposit(c.http, '2000');
    const res = await fetch(redirectUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=decline', redirect: 'manual' });
    expect(res.status).toBe(303);
    await world.sim.settled();
    await expectFailed(c, id, /declined/i);
  });

  it('a deposit rejected by finance shows as failed to the client with the reason', async () => {
    const c = await verifiedClient(world.app);
    const { id } = await startDeposit(c.http, '2000');
    await world.sim.pay(id, { outcome: 'success', payerName: 'Somebody Else' });
    const res = await world.finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'reject', reason: 'third_party_payment', note: 'Paid from a third party card.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const mine = (await c.http.get('/api/portal/deposits')).body.items.find((d: { id: string }) => d.id === id);
    expect(mine).toMatchObject({ status: 'failed', reason: 'third_party_payment' });
  });
});
