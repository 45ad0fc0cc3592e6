/**
 * Deposits and withdrawals email the client on every client-facing status
 * change, exactly once, in the client's language, with the client-facing
 * reason and never a staff note or a provider's own text (issue 7). Over
 * real HTTP with the PSP simulator; the emails are read from the outbox.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEml } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { act, addBankAccount, configWith, deposit, LEGAL_NAME, startMoneyWorld, verifiedClient, withdrawalStatus, type MoneyWorld } from '../withdrawals/withdrawal-support';
import { emailsTo, payloadTextTo, templatesTo } from './email-jobs';

let world: MoneyWorld;
beforeAll(async () => {
  world = await startMoneyWorld({ config: configWith({ recentDepositNotTradedDays: 0 }) });
});
afterAll(async () => world?.close());

const NOTE = 'INTERNAL-NOTE-do-not-send';

/** An .eml as text: quoted-printable undone, base64 parts (nodemailer's choice for Arabic) decoded. */
function readableEml(raw: string): string {
  const base64Parts = [...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g)];
  return [decodeEml(raw), ...base64Parts.map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'))].join('\n');
}

async function ok(res: { status: number; body: unknown }) {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function depositStatus(id: string) {
  return (await world.app.ctx.db.selectFrom('deposit').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}

describe('status emails for deposits', () => {
  it('held, approved, charged back: one email each, in English, with the amount; the staff note never goes out', async () => {
    const client = await verifiedClient(world.app);
    const res = await client.http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: '12345', currency: 'EUR' });
    expect(res.status).toBe(201);
    const id = res.body.deposit.id as string;
    expect(await templatesTo(world.app, client.email)).toEqual([]); // created, waiting for payment: nothing changed for the client yet

    await world.sim.pay(id, { outcome: 'success', payerName: LEGAL_NAME });
    expect(await depositStatus(id)).toBe('under_review'); // a first deposit is held
    await ok(await world.finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: NOTE }));
    await world.sim.chargeback(id, { status: 'open', reason: 'fraudulent', delivery: { duplicate: 2 } });
    expect(await depositStatus(id)).toBe('chargeback');

    const emails = await emailsTo(world.app, client.email);
    expect(emails.map((e) => e.template)).toEqual(['deposit_under_review', 'deposit_credited', 'deposit_charged_back']);
    expect(emails.every((e) => e.language === 'en' && e.variables.amount === '€123.45' && e.variables.link === 'http://traderoom.test/funds')).toBe(true);
    const text = await payloadTextTo(world.app, client.email);
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain('fraudulent'); // the provider's dispute reason stays with staff
  });

  it('a rejection tells the client the reason in words, not the code or the note; a failed payment likewise', async () => {
    const client = await verifiedClient(world.app);
    await deposit(world, client, '5000'); // first deposit: held, approved
    const res = await client.http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: '7000', currency: 'EUR' });
    const id = res.body.deposit.id as string;
    await world.sim.pay(id, { outcome: 'success', payerName: 'Somebody Else' }); // payer name mismatch: held
    expect(await depositStatus(id)).toBe('under_review');
    await ok(await world.finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'reject', reason: 'payer_name_mismatch', note: NOTE }));

    const failing = await client.http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: '3000', currency: 'EUR' });
    await world.sim.pay(failing.body.deposit.id as string, { outcome: 'fail' });

    const emails = await emailsTo(world.app, client.email);
    expect(emails.map((e) => e.template)).toEqual(['deposit_under_review', 'deposit_credited', 'deposit_under_review', 'deposit_failed', 'deposit_failed']);
    expect(emails[3]!.variables.reason).toBe('The payment came from an account that is not in your name.');
    expect(emails[4]!.variables).toMatchObject({ amount: '€30.00', reason: expect.stringMatching(/^The payment/) });
    expect(await payloadTextTo(world.app, client.email)).not.toContain(NOTE);
  });
});

describe('status emails for withdrawals, in Arabic', () => {
  it('requested, approved, paid, returned, declined: one email per client-facing change, none for internal stage hops', async () => {
    const client = await verifiedClient(world.app);
    await deposit(world, client, '50000', 'eu_wire');
    const before = (await emailsTo(world.app, client.email)).length;
    await ok(await client.http.patch('/api/portal/me/language', { language: 'ar' }));
    const dest = await addBankAccount(client);
    const req = await client.http.post('/api/portal/withdrawals', { methodId: 'eu_wire', amountMinor: '20000', currency: 'EUR', destinationId: dest });
    expect(req.status).toBe(201);
    const id = req.body.withdrawal.id as string;

    await ok(await act(world.support, id, 'start_review'));
    await ok(await act(world.support, id, 'support_approve', { note: NOTE }));
    await ok(await act(world.compliance, id, 'compliance_approve', { note: NOTE }));
    const afterStages = await templatesTo(world.app, client.email);
    expect(afterStages.slice(before)).toEqual(['withdrawal_submitted']); // review start and stage hops: still "under review" to the client… and no email

    await ok(await act(world.finance, id, 'finance_approve', { note: NOTE }));
    const payout = await world.app.ctx.db.selectFrom('withdrawal_payout').select('id').where('withdrawal_id', '=', id).executeTakeFirstOrThrow();
    await waitFor(() => world.sim.payouts().some((p) => p.reference === payout.id), 15_000);
    await world.sim.settlePayout(payout.id, { outcome: 'paid' });
    await waitFor(async () => (await withdrawalStatus(world.app, id)) === 'paid');
    await world.sim.settlePayout(payout.id, { outcome: 'returned', reason: 'Beneficiary account closed' });
    await waitFor(async () => (await withdrawalStatus(world.app, id)) === 'finance_review');
    await ok(await act(world.finance, id, 'decline', { reason: 'invalid_payment_details', note: NOTE }));

    const emails = (await emailsTo(world.app, client.email)).slice(before);
    expect(emails.map((e) => e.template)).toEqual(['withdrawal_submitted', 'withdrawal_approved', 'withdrawal_paid', 'withdrawal_under_review', 'withdrawal_declined']);
    expect(emails.every((e) => e.language === 'ar')).toBe(true);
    // The amount keeps its left-to-right order inside Arabic text.
    expect(emails[0]!.variables.amount).toBe('\u2066€200.00\u2069');
    expect(emails[3]!.variables.reason).toBe('أعاد المصرف أو المحفظة المستلمة الدفعة المرسلة إليك.');
    expect(emails[4]!.variables.reason).toBe('تعذّر استخدام بيانات الدفع. تحقّق من وجهة الدفع الخاصة بك.');
    const text = await payloadTextTo(world.app, client.email);
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain('Beneficiary account closed');

    // The worker renders them right to left: the .eml files the test app writes.
    await waitFor(() => readdirSync(world.app.mailDir).filter((f) => f.endsWith(`-${client.email}.eml`)).length >= before + 5, 20_000);
    const files = readdirSync(world.app.mailDir).filter((f) => f.endsWith(`-${client.email}.eml`));
    const arabic = files.map((f) => readableEml(readFileSync(join(world.app.mailDir, f), 'utf8'))).filter((m) => m.includes('lang="ar"'));
    expect(arabic).toHaveLength(5);
    expect(arabic.every((m) => m.includes('dir="rtl"'))).toBe(true);
  });

  it('the client can cancel before review and is told; choosing the same language again writes nothing', async () => {
    const client = await verifiedClient(world.app);
    await deposit(world, client, '20000', 'eu_wire');
    await ok(await client.http.patch('/api/portal/me/language', { language: 'ar' }));
    await ok(await client.http.patch('/api/portal/me/language', { language: 'ar' }));
    const changes = await world.app.ctx.db.selectFrom('audit_event').select(['old_values', 'new_values']).where('client_id', '=', client.id).where('action', '=', 'client.language_changed').execute();
    expect(changes).toEqual([{ old_values: { language: 'en' }, new_values: { language: 'ar' } }]);

    const dest = await addBankAccount(client);
    const req = await client.http.post('/api/portal/withdrawals', { methodId: 'eu_wire', amountMinor: '10000', currency: 'EUR', destinationId: dest });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    await ok(await client.http.post(`/api/portal/withdrawals/${req.body.withdrawal.id as string}/cancel`));
    expect((await templatesTo(world.app, client.email)).slice(-2)).toEqual(['withdrawal_submitted', 'withdrawal_cancelled']);
  });

  it('refuses an unknown language with 422 and changes nothing', async () => {
    const client = await verifiedClient(world.app);
    const res = await client.http.patch('/api/portal/me/language', { language: 'fr' });
    expect(res.status).toBe(422);
    const extra = await client.http.patch('/api/portal/me/language', { language: 'ar', extra: 1 });
    expect(extra.status).toBe(422);
    expect((await world.app.ctx.db.selectFrom('client').select('language').where('id', '=', client.id).executeTakeFirstOrThrow()).language).toBe('en');
  });
});
