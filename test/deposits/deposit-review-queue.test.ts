/**
 * The back office's deposit review queue, deposit view and client wallet over
 * real HTTP: server-side filters (entity, status, currency), the three sorts
 * with cursor pages of 50 that neither skip nor repeat, counts per review
 * status, the SLA timer against `deposit_review` in working hours, entity
 * scope; the deposit view's history and the decisions each role may take; a
 * decision always needs a note and the version it was made on; the client's
 * wallet (balances and journal, linked to the deposit) after a credit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/persistence/ids';
import { depositSlaDueAt } from '../../src/usecases/deposits/deposit-sla';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import { seedClient } from '../support/kyc-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let finance: LoggedInStaff;
let supervisor: LoggedInStaff;
let support: LoggedInStaff;
let euFinance: LoggedInStaff;
let admin: LoggedInStaff;

beforeAll(async () => {
  app = await startTestApp({ workers: false });
  [finance, supervisor, support, euFinance, admin] = await Promise.all([
    loggedInStaff(app, ['finance']),
    loggedInStaff(app, ['supervisor']),
    loggedInStaff(app, ['support']),
    loggedInStaff(app, ['finance'], ['eu']),
    loggedInStaff(app, ['admin']),
  ]);
});
afterAll(async () => app?.close());

const HOUR = 3_600_000;

interface Seed {
  clientId: string;
  status?: string;
  amountMinor?: bigint;
  currency?: string;
  /** Hours before now the deposit was confirmed (sent to review); null: never confirmed. */
  confirmedHoursAgo?: number | null;
}

async function seedDeposit(seed: Seed): Promise<string> {
  const id = newId();
  const now = app.ctx.clock.now();
  const client = await app.ctx.db.selectFrom('client').select('entity_id').where('id', '=', seed.clientId).executeTakeFirstOrThrow();
  const hoursAgo = seed.confirmedHoursAgo === undefined ? 1 : seed.confirmedHoursAgo;
  await app.ctx.db
    .insertInto('deposit')
    .values({
      id,
      client_id: seed.clientId,
      entity_id: client.entity_id,
      method_id: client.entity_id === 'eu' ? 'eu_card' : 'offshore_card',
      method_kind: 'card',
      provider_id: 'demo_card',
      amount_minor: seed.amountMinor ?? 5000n,
      currency: seed.currency ?? 'EUR',
      status: seed.status ?? 'under_review',
      provider_reference: `ch_${id.slice(0, 8)}`,
      payer_name: 'Seeded Payer',
      rule_hits: JSON.stringify([{ code: 'amount_over_threshold', detail: 'The amount 50.00 EUR is over the review threshold' }]),
      created_at: new Date(now.getTime() - (hoursAgo ?? 0) * HOUR - 60_000),
      updated_at: now,
      confirmed_at: hoursAgo === null ? null : new Date(now.getTime() - hoursAgo * HOUR),
    })
    .execute();
  return id;
}

type Item = { id: string; status: string; amountMinor: string; entityId: string; waitingSince: string | null; sla: { dueAt: string } | null; methodName: string | null; clientName: string };

async function allPages(staff: LoggedInStaff, query: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const res: { status: number; body: any } = await staff.http.get(`/api/backoffice/deposits?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(50);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('too many pages');
}

describe('deposit review queue', () => {
  it('shows under review and escalated deposits by default, oldest first, with counts, rule hits and an SLA timer', async () => {
    const c = await seedClient(app.ctx, 'eu');
    const old = await seedDeposit({ clientId: c, confirmedHoursAgo: 30, currency: 'USD' });
    const escalated = await seedDeposit({ clientId: c, status: 'escalated', confirmedHoursAgo: 20, currency: 'USD' });
    const recent = await seedDeposit({ clientId: c, confirmedHoursAgo: 2, currency: 'USD' });
    await seedDeposit({ clientId: c, status: 'credited', confirmedHoursAgo: 10, currency: 'USD' });
    await seedDeposit({ clientId: c, status: 'awaiting_payment', confirmedHoursAgo: null, currency: 'USD' });

    const res = await finance.http.get('/api/backoffice/deposits?currency=USD');
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: Item) => d.id)).toEqual([old, escalated, recent]);
    expect(res.body.counts).toEqual({ under_review: 2, escalated: 1 });
    const first = res.body.items[0];
    expect(first).toMatchObject({ clientName: expect.stringContaining('Seeded'), methodName: 'Debit or credit card', payerName: 'Seeded Payer', ruleHits: [{ code: 'amount_over_threshold' }] });
    const confirmedAt = new Date(first.waitingSince);
    expect(new Date(first.sla.dueAt).toISOString()).toBe(depositSlaDueAt(app.ctx.config, confirmedAt).toISOString());
    expect(first.sla.allowedWorkingMs).toBe(4 * HOUR);
    expect(first.ageMs).toBeGreaterThanOrEqual(30 * HOUR);

    // Any other state on request, without a timer (nobody is waited for).
    const credited = await finance.http.get('/api/backoffice/deposits?currency=USD&status=credited');
    expect(credited.body.items).toHaveLength(1);
    expect(credited.body.items[0].sla).toBeNull();
    const awaiting = await finance.http.get('/api/backoffice/deposits?currency=USD&status=awaiting_payment');
    expect(awaiting.body.items).toHaveLength(1);
    expect(awaiting.body.items[0].waitingSince).not.toBeNull();

    expect((await finance.http.get('/api/backoffice/deposits?status=nonsense')).status).toBe(422);
    expect((await finance.http.get('/api/backoffice/deposits?sort=fastest')).status).toBe(422);
    expect((await finance.http.get('/api/backoffice/deposits?cursor=bm90LWEtY3Vyc29y')).status).toBe(422);
  });

  it('pages of 50 in each sort neither skip nor repeat, and filter by entity on the server', async () => {
    const eu = await seedClient(app.ctx, 'eu');
    const offshore = await seedClient(app.ctx, 'offshore');
    const ids: string[] = [];
    for (let i = 0; i < 64; i++) {
      // Amounts repeat (ties are broken by id), confirmation times are distinct.
      ids.push(await seedDeposit({ clientId: i % 4 === 0 ? offshore : eu, currency: 'GBP', amountMinor: BigInt(1000 + (i % 7) * 100), confirmedHoursAgo: 100 - i }));
    }
    const oldest = await allPages(finance, 'currency=GBP');
    expect(oldest.map((d) => d.id)).toEqual(ids);
    const newest = await allPages(finance, 'currency=GBP&sort=newest');
    expect(newest.map((d) => d.id)).toEqual([...ids].reverse());
    const byAmount = await allPages(finance, 'currency=GBP&sort=amount');
    expect(new Set(byAmount.map((d) => d.id)).size).toBe(64);
    const amounts = byAmount.map((d) => BigInt(d.amountMinor));
    expect(amounts.every((a, i) => i === 0 || amounts[i - 1]! >= a)).toBe(true);

    const first = await finance.http.get('/api/backoffice/deposits?currency=GBP');
    expect(first.body.items).toHaveLength(50);
    expect(first.body.counts.under_review).toBe(64);

    const offshoreOnly = await allPages(finance, 'currency=GBP&entity=offshore');
    expect(offshoreOnly).toHaveLength(16);
    expect(offshoreOnly.every((d) => d.entityId === 'offshore')).toBe(true);
    expect((await finance.http.get('/api/backoffice/deposits?currency=GBP&entity=offshore')).body.counts.under_review).toBe(16);
  });

  it('keeps staff to their entities', async () => {
    const offshore = await seedClient(app.ctx, 'offshore');
    const hidden = await seedDeposit({ clientId: offshore, currency: 'CHF' });
    const euOnly = await allPages(euFinance, 'currency=CHF');
    expect(euOnly.map((d) => d.id)).not.toContain(hidden);
    expect((await euFinance.http.get('/api/backoffice/deposits?entity=offshore')).status).toBe(403);
    expect((await euFinance.http.get(`/api/backoffice/deposits/${hidden}`)).status).toBe(403);
    expect((await admin.http.get('/api/backoffice/deposits')).status).toBe(403);
  });
});

describe('deposit view and decision', () => {
  it('shows the history and the decisions each role may take', async () => {
    const c = await seedClient(app.ctx, 'eu');
    const review = await seedDeposit({ clientId: c });
    const escalated = await seedDeposit({ clientId: c, status: 'escalated' });

    const view = await finance.http.get(`/api/backoffice/deposits/${review}`);
    expect(view.status).toBe(200);
    expect(view.body.deposit).toMatchObject({ id: review, status: 'under_review', methodName: 'Debit or credit card', version: 1 });
    expect(view.body.deposit.sla).not.toBeNull();
    expect(view.body.client).toMatchObject({ id: c, entity: { id: 'eu' } });
    expect(view.body.allowedDecisions).toEqual(['approve', 'reject']);
    expect(view.body.rejectionReasons).toContain('payer_name_mismatch');
    expect((await support.http.get(`/api/backoffice/deposits/${review}`)).body.allowedDecisions).toEqual([]);
    expect((await finance.http.get(`/api/backoffice/deposits/${escalated}`)).body.allowedDecisions).toEqual([]);
    expect((await supervisor.http.get(`/api/backoffice/deposits/${escalated}`)).body.allowedDecisions).toEqual(['approve', 'reject']);
    expect((await finance.http.get(`/api/backoffice/deposits/${newId()}`)).status).toBe(404);
    expect((await finance.http.get('/api/backoffice/deposits/not-an-id')).status).toBe(404);

    // A decision needs a note and the version it was made on.
    const decide = (body: unknown) => finance.http.post(`/api/backoffice/deposits/${review}/decision`, body);
    expect((await decide({ decision: 'reject', reason: 'third_party_payment', note: '  ', expectedVersion: 1 })).status).toBe(422);
    expect((await decide({ decision: 'reject', reason: 'not_a_reason', note: 'x', expectedVersion: 1 })).status).toBe(422);
    const stale = await decide({ decision: 'reject', reason: 'third_party_payment', note: 'Paid from a business account.', expectedVersion: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    const done = await decide({ decision: 'reject', reason: 'third_party_payment', note: 'Paid from a business account.', expectedVersion: 1 });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    const after = await finance.http.get(`/api/backoffice/deposits/${review}`);
    expect(after.body.deposit).toMatchObject({ status: 'rejected', decisionReason: 'third_party_payment', decisionNote: 'Paid from a business account.', decidedByName: 'Test finance', sla: null });
    expect(after.body.allowedDecisions).toEqual([]);
    expect(after.body.history[0]).toMatchObject({ action: 'deposit.rejected', actorType: 'staff', actorLabel: 'Test finance', note: 'Paid from a business account.' });
  });
});

describe('client wallet (back office)', () => {
  it('shows balances and the journal, newest first, each entry linked to its deposit', async () => {
    const c = await seedClient(app.ctx, 'eu');
    const first = await seedDeposit({ clientId: c, amountMinor: 2550n });
    const second = await seedDeposit({ clientId: c, amountMinor: 1000000n });
    for (const id of [first, second]) {
      const res = await finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: 'Checked.', expectedVersion: 1 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }

    const wallet = await support.http.get(`/api/backoffice/clients/${c}/wallet`);
    expect(wallet.status, JSON.stringify(wallet.body)).toBe(200);
    expect(wallet.body.balances).toEqual([{ currency: 'EUR', availableMinor: '1002550', onHoldMinor: '0', debtMinor: '0' }]);
    const entries = wallet.body.journal.items;
    expect(entries.map((e: { depositId: string }) => e.depositId)).toEqual([second, first]);
    expect(entries[0]).toMatchObject({
      kind: 'deposit_credit',
      createdByLabel: 'Test finance',
      businessRef: { type: 'deposit', id: second },
      lines: [{ account: `client:${c}:wallet:EUR`, accountKind: 'client_wallet', currency: 'EUR', amountMinor: '1000000' }],
    });

    const page1 = await support.http.get(`/api/backoffice/clients/${c}/wallet?limit=1`);
    expect(page1.body.journal.items.map((e: { depositId: string }) => e.depositId)).toEqual([second]);
    const page2 = await support.http.get(`/api/backoffice/clients/${c}/wallet?limit=1&cursor=${encodeURIComponent(page1.body.journal.nextCursor)}`);
    expect(page2.body.journal.items.map((e: { depositId: string }) => e.depositId)).toEqual([first]);
    expect(page2.body.journal.nextCursor).toBeNull();

    const empty = await support.http.get(`/api/backoffice/clients/${await seedClient(app.ctx, 'eu')}/wallet`);
    expect(empty.body).toEqual({ balances: [], journal: { items: [], nextCursor: null } });
    expect((await admin.http.get(`/api/backoffice/clients/${c}/wallet`)).status).toBe(403);
    expect((await support.http.get(`/api/backoffice/clients/${newId()}/wallet`)).status).toBe(404);
  });
});
