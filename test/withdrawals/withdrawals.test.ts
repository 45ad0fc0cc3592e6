/**
 * Withdrawals end to end over real HTTP with the PSP simulator: the hold is
 * placed on request, each stage is approved by its role (never twice by one
 * person), the payout goes to the simulator's payout API from a job, and its
 * signed callbacks settle, fail or return it. Declines release the hold; a
 * returned wire brings the money back and reopens finance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import { loggedInStaff } from '../support/actors';
import { waitFor } from '../support/wait-for';
import {
  act,
  addBankAccount,
  balances,
  configWith,
  fundedClient,
  IBAN,
  startMoneyWorld,
  withdrawalStatus,
  type MoneyClient,
  type MoneyWorld,
} from './withdrawal-support';

let world: MoneyWorld;
beforeAll(async () => {
  // No trading data yet, so "recent deposit not traded" would send every test withdrawal to a supervisor.
  world = await startMoneyWorld({ config: configWith({ recentDepositNotTradedDays: 0 }) });
});
afterAll(async () => world?.close());

async function request(client: MoneyClient, amountMinor: string, destinationId: string, methodId = 'eu_wire') {
  const res = await client.http.post('/api/portal/withdrawals', { methodId, amountMinor, currency: 'EUR', destinationId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.withdrawal.id as string;
}

async function expectOk(res: { status: number; body: unknown }) {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** support → compliance → finance, each by its own person. */
async function approveThreeStages(id: string) {
  await expectOk(await act(world.support, id, 'start_review'));
  await expectOk(await act(world.support, id, 'support_approve', { note: 'Request complete, account notes clear.' }));
  await expectOk(await act(world.compliance, id, 'compliance_approve', { note: 'KYC valid, no AML alerts.' }));
  await expectOk(await act(world.finance, id, 'finance_approve', { note: 'Route: wire; balance covered.' }));
}

async function latestPayout(withdrawalId: string) {
  return world.app.ctx.db.selectFrom('withdrawal_payout').selectAll().where('withdrawal_id', '=', withdrawalId).orderBy('attempt', 'desc').executeTakeFirstOrThrow();
}

/** Waits for the payout job to reach the simulator, then lets the simulator settle it. */
async function settle(withdrawalId: string, outcome: 'paid' | 'failed' | 'returned', reason?: string) {
  const payout = await latestPayout(withdrawalId);
  await waitFor(() => world.sim.payouts().some((p) => p.reference === payout.id), 15_000);
  await world.sim.settlePayout(payout.id, { outcome, ...(reason ? { reason } : {}) });
  return payout.id;
}

async function portalStatus(client: MoneyClient, id: string) {
  const list = await client.http.get('/api/portal/withdrawals');
  return list.body.items.find((w: { id: string }) => w.id === id) as { status: string; reason: string | null; canCancel: boolean };
}

async function journal(businessId: string) {
  return world.app.ctx.db.selectFrom('journal_entry').select(['kind']).where('business_id', '=', businessId).execute();
}

describe('withdrawals', () => {
  it('holds on request, passes support → compliance → finance, is paid by the provider; the client sees each status', async () => {
    const client = await fundedClient(world, '50000');
    const dest = await addBankAccount(client);
    const id = await request(client, '20000', dest);
    expect(await balances(client)).toEqual({ available: '30000', onHold: '20000' });
    expect((await portalStatus(client, id)).status).toBe('submitted');

    await expectOk(await act(world.support, id, 'start_review'));
    expect((await portalStatus(client, id)).status).toBe('under_review');
    await expectOk(await act(world.support, id, 'support_approve', { note: 'Complete.' }));
    await expectOk(await act(world.compliance, id, 'compliance_approve', { note: 'KYC valid.' }));
    await expectOk(await act(world.finance, id, 'finance_approve', { note: 'Balance covered.' }));
    expect(await withdrawalStatus(world.app, id)).toBe('payout_pending');
    expect((await portalStatus(client, id)).status).toBe('approved');

    const payoutId = await settle(id, 'paid');
    await waitFor(async () => (await withdrawalStatus(world.app, id)) === 'paid');
    expect((await portalStatus(client, id)).status).toBe('paid');
    expect(await balances(client)).toEqual({ available: '30000', onHold: '0' });
    expect(await journal(payoutId)).toEqual([{ kind: 'withdrawal_settle' }]);

    const detail = await world.finance.http.get(`/api/backoffice/withdrawals/${id}`);
    expect(detail.body.steps.map((s: { event: string }) => s.event)).toEqual(['request', 'start_review', 'support_approve', 'compliance_approve', 'finance_approve', 'confirm_paid']);
    expect(detail.body.steps.filter((s: { approvedStage: string | null }) => s.approvedStage).map((s: { approvedStage: string }) => s.approvedStage)).toEqual([
      'support', 'compliance', 'finance',
    ]);
    expect(detail.body.steps.every((s: { elapsedMs: number | null }) => s.elapsedMs === null || s.elapsedMs >= 0)).toBe(true);
    expect((await verifyLedger(world.app.ctx.db)).ok).toBe(true);
  });

  it('one person never approves two stages of the same withdrawal', async () => {
    const both = await loggedInStaff(world.app, ['support', 'compliance']);
    const client = await fundedClient(world, '30000');
    const id = await request(client, '10000', await addBankAccount(client));
    await expectOk(await act(both, id, 'start_review'));
    await expectOk(await act(both, id, 'support_approve', { note: 'Complete.' }));
    const second = await act(both, id, 'compliance_approve', { note: 'Me again.' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('guard_failed');
    expect(await withdrawalStatus(world.app, id)).toBe('compliance_review');
    await expectOk(await act(world.compliance, id, 'compliance_approve', { note: 'Another person.' }));
  });

  it('a decline needs a note and a reason, releases the hold, and shows the client the reason', async () => {
    const client = await fundedClient(world, '30000');
    const id = await request(client, '10000', await addBankAccount(client));
    await expectOk(await act(world.support, id, 'start_review'));
    await expectOk(await act(world.support, id, 'support_approve'));
    expect((await act(world.compliance, id, 'decline', { reason: 'source_of_funds_unverified' })).status).toBe(422);
    expect((await act(world.compliance, id, 'decline', { note: 'No SoF evidence.' })).status).toBe(422);
    expect((await act(world.finance, id, 'decline', { note: 'Not my stage.', reason: 'aml_concern' })).status).toBe(403);
    await expectOk(await act(world.compliance, id, 'decline', { note: 'No SoF evidence on file.', reason: 'source_of_funds_unverified' }));
    expect(await balances(client)).toEqual({ available: '30000', onHold: '0' });
    const seen = await portalStatus(client, id);
    expect(seen.status).toBe('declined');
    expect(seen.reason).toMatch(/source of your funds/);
    expect(JSON.stringify(seen)).not.toContain('No SoF evidence');
    expect(await journal(id)).toEqual(expect.arrayContaining([{ kind: 'withdrawal_hold' }, { kind: 'withdrawal_release' }]));
  });

  it('a returned wire reopens the case at finance with the reason and the money back; finance pays it again', async () => {
    const client = await fundedClient(world, '40000');
    const id = await request(client, '25000', await addBankAccount(client));
    await approveThreeStages(id);
    const first = await settle(id, 'paid');
    await waitFor(async () => (await withdrawalStatus(world.app, id)) === 'paid');
    expect(await balances(client)).toEqual({ available: '15000', onHold: '0' });

    await world.sim.settlePayout(first, { outcome: 'returned', reason: 'Beneficiary account closed' });
    await waitFor(async () => (await withdrawalStatus(world.app, id)) === 'finance_review');
    expect(await balances(client)).toEqual({ available: '15000', onHold: '25000' });
    const queue = await world.finance.http.get('/api/backoffice/withdrawals?queue=finance');
    const queued = queue.body.items.find((w: { id: string }) => w.id === id);
    expect(queued.payoutFailureReason).toContain('Beneficiary account closed');
    expect((await portalStatus(client, id)).status).toBe('under_review');
    expect((await journal(first)).map((e) => e.kind).sort()).toEqual(['withdrawal_return', 'withdrawal_settle']);

    // The same finance person may approve their own stage again; the new attempt is paid.
    await expectOk(await act(world.finance, id, 'finance_approve', { note: 'Client confirmed new details by phone.' }));
    const second = await settle(id, 'paid');
    expect(second).not.toBe(first);
    await waitFor(async () => (await withdrawalStatus(world.app, id)) === 'paid');
    expect(await balances(client)).toEqual({ available: '15000', onHold: '0' });
    expect((await verifyLedger(world.app.ctx.db)).ok).toBe(true);
  });

  it('a failed payout reopens finance with the hold in place; a finance decline gives the money back', async () => {
    const client = await fundedClient(world, '30000');
    const id = await request(client, '20000', await addBankAccount(client));
    await approveThreeStages(id);
    await settle(id, 'failed', 'Account number invalid');
    await waitFor(async () => (await withdrawalStatus(world.app, id)) === 'finance_review');
    expect(await balances(client)).toEqual({ available: '10000', onHold: '20000' });
    await expectOk(await act(world.finance, id, 'decline', { note: 'Provider refused the details.', reason: 'invalid_payment_details' }));
    expect(await balances(client)).toEqual({ available: '30000', onHold: '0' });
  });

  it('over the threshold a supervisor step is added: finance must refer, the supervisor approves with a note', async () => {
    const client = await fundedClient(world, '3000000');
    const id = await request(client, '2500000', await addBankAccount(client));
    const row = await world.app.ctx.db.selectFrom('withdrawal').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.stages).toEqual(['support', 'compliance', 'finance', 'supervisor']);
    expect(row.review_reasons.map((r) => r.code)).toContain('amount_over_threshold');
    await expectOk(await act(world.support, id, 'start_review'));
    await expectOk(await act(world.support, id, 'support_approve'));
    await expectOk(await act(world.compliance, id, 'compliance_approve'));
    const direct = await act(world.finance, id, 'finance_approve', { note: 'Try to skip.' });
    expect(direct.status).toBe(409);
    expect((await act(world.finance, id, 'finance_refer')).status).toBe(422); // refer needs a note
    await expectOk(await act(world.finance, id, 'finance_refer', { note: 'Large amount: supervisor sign-off.' }));
    expect((await act(world.supervisor, id, 'supervisor_approve')).status).toBe(422);
    await expectOk(await act(world.supervisor, id, 'supervisor_approve', { note: 'Approved after call-back.' }));
    expect(await withdrawalStatus(world.app, id)).toBe('payout_pending');
  });

  it('an escalation goes to the supervisor and returns to its stage or earlier, never later', async () => {
    const client = await fundedClient(world, '30000');
    const id = await request(client, '10000', await addBankAccount(client));
    await expectOk(await act(world.support, id, 'start_review'));
    await expectOk(await act(world.support, id, 'support_approve'));
    expect((await act(world.compliance, id, 'escalate')).status).toBe(422);
    await expectOk(await act(world.compliance, id, 'escalate', { note: 'Adverse media, need a second opinion.' }));
    expect((await world.supervisor.http.get('/api/backoffice/withdrawals?queue=escalated')).body.items.some((w: { id: string }) => w.id === id)).toBe(true);
    expect((await act(world.supervisor, id, 'return_to_finance', { note: 'Skip ahead?' })).status).toBe(409);
    await expectOk(await act(world.supervisor, id, 'return_to_compliance', { note: 'False positive; continue.' }));
    expect(await withdrawalStatus(world.app, id)).toBe('compliance_review');
  });

  it('refuses more than the available balance (409) and creates nothing; the client can cancel before review', async () => {
    const client = await fundedClient(world, '30000');
    const dest = await addBankAccount(client);
    const tooMuch = await client.http.post('/api/portal/withdrawals', { methodId: 'eu_wire', amountMinor: '30001', currency: 'EUR', destinationId: dest });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('insufficient_available_balance');
    expect(await world.app.ctx.db.selectFrom('withdrawal').select('id').where('client_id', '=', client.id).execute()).toHaveLength(0);

    const id = await request(client, '30000', dest);
    expect((await portalStatus(client, id)).canCancel).toBe(true);
    await expectOk(await client.http.post(`/api/portal/withdrawals/${id}/cancel`, {}));
    expect(await balances(client)).toEqual({ available: '30000', onHold: '0' });
    expect((await client.http.post(`/api/portal/withdrawals/${id}/cancel`, {})).status).toBe(409);
  });

  it('a destination whose holder is not the client is flagged on every withdrawal to it', async () => {
    const client = await fundedClient(world, '30000');
    const dest = await addBankAccount(client, 'Somebody Else');
    const id = await request(client, '10000', dest);
    const detail = await world.support.http.get(`/api/backoffice/withdrawals/${id}`);
    expect(detail.body.withdrawal.reviewReasons.map((r: { code: string }) => r.code)).toContain('holder_name_mismatch');
    expect(detail.body.destination.nameMatch).toBe('mismatch');
    // The client never sees the staff flags.
    const mine = await client.http.get('/api/portal/payout-destinations');
    expect(JSON.stringify(mine.body)).not.toContain('mismatch');
  });

  it('refuses bad destination details and a destination of the wrong kind with 422', async () => {
    const client = await fundedClient(world, '30000');
    const bad = await client.http.post('/api/portal/payout-destinations', { kind: 'bank_account', holderName: 'Anna Maria Schmidt', details: { iban: 'DE00 0000' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.fields.iban).toBeTruthy();
    const odd = await client.http.post('/api/portal/payout-destinations', { kind: 'bank_account', holderName: 'Anna', details: { address: 'x' } });
    expect(odd.status).toBe(422);
    const wallet = await client.http.post('/api/portal/payout-destinations', {
      kind: 'crypto_address', holderName: 'Anna Maria Schmidt', details: { network: 'ethereum', address: '0x52908400098527886E0F7030069857D2E4169EE7' },
    });
    expect(wallet.status, JSON.stringify(wallet.body)).toBe(201);
    const wrongKind = await client.http.post('/api/portal/withdrawals', { methodId: 'eu_wire', amountMinor: '10000', currency: 'EUR', destinationId: wallet.body.destination.id });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.error.code).toBe('destination_kind_mismatch');
  });

  it('only finance edits a destination, always with a note; the audit keeps old and new details', async () => {
    const client = await fundedClient(world, '30000');
    const dest = await addBankAccount(client);
    const edit = { note: 'Client sent a new statement.', details: { iban: 'GB82WEST12345698765432' } };
    expect((await world.compliance.http.patch(`/api/backoffice/payout-destinations/${dest}`, edit)).status).toBe(403);
    expect((await world.finance.http.patch(`/api/backoffice/payout-destinations/${dest}`, { ...edit, note: ' ' })).status).toBe(422);
    await expectOk(await world.finance.http.patch(`/api/backoffice/payout-destinations/${dest}`, edit));
    const audit = await world.app.ctx.db.selectFrom('audit_event').selectAll().where('subject_id', '=', dest).where('action', '=', 'payout_destination.edited').executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.old_values)).toContain(IBAN);
    expect(JSON.stringify(audit.new_values)).toContain('GB82WEST12345698765432');
    expect(audit.note).toBe('Client sent a new statement.');
  });

  it('two staff approving the same stage at once: one wins, the other is told it changed', async () => {
    const other = await loggedInStaff(world.app, ['support']);
    const client = await fundedClient(world, '30000');
    const id = await request(client, '10000', await addBankAccount(client));
    await expectOk(await act(world.support, id, 'start_review'));
    const results = await Promise.all([act(world.support, id, 'support_approve', { note: 'a' }), act(other, id, 'support_approve', { note: 'b' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const approvals = await world.app.ctx.db.selectFrom('withdrawal_step').select('approved_stage').where('withdrawal_id', '=', id).where('approved_stage', '=', 'support').execute();
    expect(approvals).toHaveLength(1);
  });
});
