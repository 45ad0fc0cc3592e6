/**
 * The settlement report (CSV) matches what happened, and reconciles with the
 * callbacks the receiver verified (provider references, amounts, FX).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGenericPspClient, type GenericPspClient } from '../../../src/integrations/psp/generic-psp-client';
import type { PspMoneyOutcome } from '../../../src/integrations/psp/outcome';
import { createPraxisCashierSession } from '../../../src/integrations/psp/praxis';
import { SETTLEMENT_CSV_HEADER, settlementCsv, startPspSimulator, type PspSimulator } from '../../../src/simulators/psp';
import { startPspTestReceiver, type PspTestReceiver } from './psp-receiver';

const DAY = 86_400_000;
const clock = { ms: Date.UTC(2026, 2, 2, 9, 0, 0) };
const now = () => clock.ms;

let receiver: PspTestReceiver;
let sim: PspSimulator;
let card: GenericPspClient;

const customer = { id: 'client-7', name: 'Ali Khan', email: 'ali@example.com' };
const destination = { type: 'bank_account', holder_name: 'Ali Khan', iban: 'GB33BUKB20201555555555' };

function outcome(reference: string, kind: PspMoneyOutcome['kind'], nth = 0): PspMoneyOutcome {
  const found = receiver
    .processed()
    .map((r) => r.outcome)
    .filter((o): o is PspMoneyOutcome => o !== undefined && o.kind === kind && o.reference === reference);
  const o = found[nth];
  if (!o) throw new Error(`no ${kind} #${nth} for ${reference}`);
  return o;
}

async function deposit(reference: string, amountMinor: bigint, pay: Parameters<PspSimulator['pay']>[1]) {
  await card.createCheckoutSession({ amountMinor, currency: 'EUR', reference, customer, returnUrl: 'https://broker.example/r', method: 'card' });
  await sim.pay(reference, pay);
}

beforeAll(async () => {
  receiver = await startPspTestReceiver(
    [
      { id: 'demo_card', protocol: 'generic', secrets: ['whsec_s'] },
      { id: 'demo_local_bank', protocol: 'praxis', secrets: ['px-secret'] },
    ],
    now,
  );
  sim = await startPspSimulator({
    providers: [
      { id: 'demo_card', protocol: 'generic', secretKey: 'sk_s', webhookSecret: 'whsec_s', depositFeeBps: 150, payoutFeeMinor: 250, chargebackFeeMinor: 1500 },
      { id: 'demo_local_bank', protocol: 'praxis', secretKey: 'px-secret', merchantId: 'API-S', applicationKey: 'app-s', depositFeeBps: 150 },
    ],
    webhookUrl: (id) => receiver.url(id),
    retryDelaysMs: [10],
    now,
  });
  card = createGenericPspClient({ baseUrl: sim.url, secretKey: 'sk_s' });

  // 2026-03-02: deposits (one FX, one declined), refunds (one failed), payouts (paid, failed, returned).
  await deposit('dep-s1', 10_000n, { outcome: 'success' });
  await deposit('dep-s2', 10_000n, { outcome: 'success', processedAmountMinor: 10_850n, processedCurrency: 'USD' });
  await deposit('dep-s3', 10_000n, { outcome: 'fail' });
  await sim.refund('dep-s1', { amountMinor: 4_000n });
  await sim.refund('dep-s1', { amountMinor: 1_000n, fail: true });
  for (const [reference, amountMinor] of [
    ['wd-s1', 5_000n],
    ['wd-s2', 3_000n],
    ['wd-s3', 7_000n],
  ] as const) {
    await card.createPayout({ amountMinor, currency: 'EUR', reference, destination });
  }
  await sim.settlePayout('wd-s1', { outcome: 'paid' });
  await sim.settlePayout('wd-s2', { outcome: 'failed' });
  await sim.settlePayout('wd-s3', { outcome: 'paid' });
  await sim.settlePayout('wd-s3', { outcome: 'returned' });

  const px = await createPraxisCashierSession(
    { baseUrl: sim.url, merchantId: 'API-S', applicationKey: 'app-s', merchantSecret: 'px-secret', now },
    {
      intent: 'payment',
      amountMinor: 20_000n,
      currency: 'EUR',
      cid: 'client-7',
      orderId: 'dep-p1',
      customer: { firstName: 'Ali', lastName: 'Khan', email: 'ali@example.com' },
      notificationUrl: receiver.url('demo_local_bank'),
      returnUrl: 'https://broker.example/r',
    },
  );
  await sim.pay(px.orderId, { outcome: 'success' });

  // Three weeks later: chargebacks.
  clock.ms += 21 * DAY;
  await sim.chargeback('dep-s2', { status: 'lost' });
  await sim.chargeback('dep-p1', { status: 'won' });
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe('settlement report', () => {
  it('one row per movement, signed from the merchant’s side, with fees and provider references that match the callbacks', () => {
    const csv = sim.settlementReportCsv('demo_card', '2026-03-01', '2026-03-31');
    const refund = outcome('dep-s1', 'deposit_refunded', 0).providerReference;
    const failedRefund = outcome('dep-s1', 'deposit_refunded', 1).providerReference;
    expect(outcome('dep-s1', 'refund_failed').providerReference).toBe(failedRefund);
    const po = (ref: string) => sim.payouts().find((p) => p.reference === ref)!.id;
    expect(csv).toBe(
      [
        SETTLEMENT_CSV_HEADER,
        `2026-03-02,dep-s1,deposit,10000,EUR,150,${outcome('dep-s1', 'deposit_succeeded').providerReference}`,
        `2026-03-02,dep-s2,deposit,10850,USD,162,${outcome('dep-s2', 'deposit_succeeded').providerReference}`,
        `2026-03-02,dep-s1,refund,-4000,EUR,0,${refund}`,
        `2026-03-02,dep-s1,refund,-1000,EUR,0,${failedRefund}`,
        `2026-03-02,dep-s1,refund,1000,EUR,0,${failedRefund}`,
        `2026-03-02,wd-s1,payout,-5000,EUR,250,${po('wd-s1')}`,
        `2026-03-02,wd-s3,payout,-7000,EUR,250,${po('wd-s3')}`,
        `2026-03-02,wd-s3,payout,7000,EUR,0,${po('wd-s3')}`,
        `2026-03-23,dep-s2,chargeback,-10850,USD,1500,${outcome('dep-s2', 'chargeback_opened').providerReference}`,
        '',
      ].join('\n'),
    );
    expect(outcome('wd-s1', 'payout_paid').providerReference).toBe(po('wd-s1'));
    expect(outcome('wd-s3', 'payout_returned').providerReference).toBe(po('wd-s3'));
  });

  it('deposits in the report equal the processed amounts of the deposit_succeeded callbacks (FX included)', () => {
    const rows = sim
      .settlementReportCsv('demo_card', '2026-03-01', '2026-03-31')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((f) => f[2] === 'deposit');
    const callbacks = receiver
      .processed()
      .map((r) => r.outcome)
      .filter((o): o is PspMoneyOutcome => o?.kind === 'deposit_succeeded' && o.reference.startsWith('dep-s'));
    expect(rows.map((f) => [f[1], BigInt(f[3]!), f[4]])).toEqual(callbacks.map((o) => [o.reference, o.processedAmountMinor ?? o.amountMinor, o.processedCurrency ?? o.currency]));
  });

  it('the date range is inclusive and filters by the movement date', () => {
    const early = sim.settlementReportCsv('demo_card', '2026-03-01', '2026-03-02').trim().split('\n');
    expect(early).toHaveLength(1 + 8);
    const late = sim.settlementReportCsv('demo_card', '2026-03-23', '2026-03-23').trim().split('\n');
    expect(late.slice(1).map((l) => l.split(',')[2])).toEqual(['chargeback']);
    expect(sim.settlementReportCsv('demo_card', '2026-04-01', '2026-04-30')).toBe(`${SETTLEMENT_CSV_HEADER}\n`);
  });

  it('per provider: the Praxis report has its deposit (fee from the notification) and the chargeback won', () => {
    const tid = outcome('dep-p1', 'deposit_succeeded').providerReference;
    expect(sim.settlementReportCsv('demo_local_bank', '2026-03-01', '2026-03-31')).toBe(
      [SETTLEMENT_CSV_HEADER, `2026-03-02,dep-p1,deposit,20000,EUR,300,${tid}`, `2026-03-23,dep-p1,chargeback,-20000,EUR,1500,cb-${tid}`, `2026-03-23,dep-p1,chargeback,20000,EUR,0,cb-${tid}`, ''].join('\n'),
    );
    const approved = sim.deliveries().find((d) => d.reference === 'dep-p1' && d.type === 'sale.approved')!;
    expect(JSON.parse(approved.body).transaction.fee).toBe(300);
  });

  it('CSV fields with commas or quotes are quoted', () => {
    const csv = settlementCsv([{ seq: 1, providerId: 'p', at: Date.UTC(2026, 0, 5), reference: 'a,"b"', type: 'deposit', amountMinor: 1n, currency: 'EUR', feeMinor: 0n, providerReference: 'x' }], 'p', '2026-01-01', '2026-01-31');
    expect(csv).toBe(`${SETTLEMENT_CSV_HEADER}\n2026-01-05,"a,""b""",deposit,1,EUR,0,x\n`);
  });
});
