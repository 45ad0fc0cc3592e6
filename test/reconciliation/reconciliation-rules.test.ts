/**
 * The pure reconciliation rules (src/domain/reconciliation): one account
 * against its platform history, one settlement report against our records,
 * the settlement CSV reader and the breaks CSV writer.
 */
import { describe, expect, it } from 'vitest';
import { breakCsvLine, csvText } from '../../src/domain/reconciliation/breaks-csv';
import { reconcileAccount, type ReconDeal, type ReconTransfer } from '../../src/domain/reconciliation/platform-reconciliation';
import { reconcileSettlement, shiftDate, type SettlementDeposit, type SettlementPayout } from '../../src/domain/reconciliation/settlement-reconciliation';
import { PspPayloadError } from '../../src/integrations/psp/errors';
import { parseSettlementCsv } from '../../src/integrations/psp/settlement-report';

const ACCOUNT = { id: 'acc-1', platformId: 'mt5_demo', login: '500001', clientId: 'client-1', entityId: 'eu', currency: 'EUR' };
const AT = new Date('2026-03-02T10:00:00Z');
let dealSeq = 100;

function transfer(over: Partial<ReconTransfer> & Pick<ReconTransfer, 'reference'>): ReconTransfer {
  const direction = over.direction ?? 'to_account';
  const status = over.status ?? 'completed';
  const amountMinor = over.amountMinor ?? 1000n;
  const ledgerMinor = direction === 'to_account' ? (status === 'failed' ? 0n : amountMinor) : status === 'completed' ? -amountMinor : 0n;
  return { id: `t-${over.reference}`, direction, status, amountMinor, platformDealId: null, ledgerMinor, createdAt: AT, ...over };
}

function deal(amountMinor: bigint, comment: string, kind: ReconDeal['kind'] = 'balance'): ReconDeal {
  dealSeq += 1;
  return { dealId: String(dealSeq), kind, platformType: kind, amountMinor, balanceEffectMinor: kind === 'credit' ? 0n : amountMinor, comment, time: AT };
}

function run(transfers: ReconTransfer[], deals: ReconDeal[], balanceMinor?: bigint) {
  const balance = balanceMinor ?? deals.reduce((sum, d) => sum + d.balanceEffectMinor, 0n);
  return reconcileAccount(ACCOUNT, transfers, { balanceMinor: balance, currency: 'EUR', deals, fullHistory: true }).breaks;
}

describe('one account against its platform history', () => {
  it('agrees when each transfer is one deal of its amount, whatever the trades did', () => {
    const ts = [transfer({ reference: 'TTa', amountMinor: 5000n }), transfer({ reference: 'TTb', direction: 'to_wallet', amountMinor: 1200n })];
    expect(run(ts, [deal(5000n, 'TTa'), deal(-1200n, 'TTb'), deal(-800n, '', 'trade'), deal(-15n, '', 'fee')])).toEqual([]);
  });

  it('a pending transfer is in transit, not a break, with or without its deal', () => {
    expect(run([transfer({ reference: 'TTp', status: 'pending' })], [])).toEqual([]);
    expect(run([transfer({ reference: 'TTp', status: 'pending' })], [deal(1000n, 'TTp')])).toEqual([]);
    expect(run([transfer({ reference: 'TTw', direction: 'to_wallet', status: 'pending' })], [deal(-1000n, 'TTw')])).toEqual([]);
  });

  it('a deal for a transfer we recorded as refused', () => {
    const breaks = run([transfer({ reference: 'TTf', status: 'failed' })], [deal(1000n, 'TTf')]);
    expect(breaks.map((b) => b.kind)).toEqual(['deal_for_failed_transfer']);
  });

  it('a ledger posting that does not match the transfer, once (not again as a balance difference)', () => {
    const breaks = run([transfer({ reference: 'TTl', ledgerMinor: 0n })], [deal(1000n, 'TTl')]);
    expect(breaks).toEqual([expect.objectContaining({ kind: 'ledger_mismatch', expectedMinor: 1000n, actualMinor: 0n, reference: 'TTl' })]);
  });

  it('a balance that moved with no deal is a balance mismatch, with the arithmetic in the evidence', () => {
    const breaks = run([transfer({ reference: 'TTa', amountMinor: 5000n })], [deal(5000n, 'TTa'), deal(300n, '', 'trade')], 5_400n);
    expect(breaks).toEqual([expect.objectContaining({ kind: 'balance_mismatch', expectedMinor: 5300n, actualMinor: 5400n })]);
    expect(breaks[0]!.evidence).toMatchObject({ ledgerNetMinor: '5000', tradingPnlMinor: '300', unexplainedMinor: '100' });
  });

  it('a credit given by hand is an unknown deal that does not touch the balance; a transfer of another account is unknown here', () => {
    const breaks = run([], [deal(700n, 'credit line', 'credit'), deal(100n, 'TTother')]);
    expect(breaks.map((b) => b.kind)).toEqual(['unknown_deal', 'unknown_deal']);
  });

  it('an account the platform does not have is one break, nothing else', () => {
    const result = reconcileAccount(ACCOUNT, [transfer({ reference: 'TTa' })], { balanceMinor: undefined, currency: undefined, deals: [], fullHistory: true });
    expect(result.breaks.map((b) => b.kind)).toEqual(['account_missing']);
  });

  it('without the full history (an adapter with balance deals only) the balance is not checked', () => {
    const breaks = reconcileAccount(ACCOUNT, [transfer({ reference: 'TTa' })], { balanceMinor: 999_999n, currency: 'EUR', deals: [deal(1000n, 'TTa')], fullHistory: false }).breaks;
    expect(breaks).toEqual([]);
  });
});

const deposit = (over: Partial<SettlementDeposit> = {}): SettlementDeposit => ({
  id: 'dep-1', providerId: 'demo_card', clientId: 'c', entityId: 'eu', status: 'credited', amountMinor: 5000n, currency: 'EUR',
  processedAmountMinor: null, processedCurrency: null, confirmedAt: new Date('2026-03-02T09:00:00Z'), ...over,
});
const payout = (over: Partial<SettlementPayout> = {}): SettlementPayout => ({
  id: 'po-1', withdrawalId: 'w-1', providerId: 'demo_card', clientId: 'c', entityId: 'eu', channel: 'api', status: 'paid', amountMinor: 3000n, currency: 'EUR',
  paidAt: new Date('2026-03-02T12:00:00Z'), ...over,
});
const row = (over: Partial<Parameters<typeof reconcileSettlement>[0]['rows'][number]> = {}) => ({
  date: '2026-03-02', reference: 'dep-1', type: 'deposit' as const, amountMinor: 5000n, currency: 'EUR', feeMinor: 75n, providerReference: 'pi_1', line: 2, ...over,
});

function settle(rows: ReturnType<typeof row>[], deposits: SettlementDeposit[] = [deposit()], payouts: SettlementPayout[] = []) {
  return reconcileSettlement({
    providerId: 'demo_card', dateFrom: '2026-03-02', dateTo: '2026-03-02', rows,
    depositsById: new Map(deposits.map((d) => [d.id, d])), payoutsById: new Map(payouts.map((p) => [p.id, p])), confirmedDeposits: deposits, paidPayouts: payouts,
  }).map((b) => b.kind);
}

describe('one settlement report against our deposits and payouts', () => {
  it('agrees row for row; a processed (FX) amount is the one compared; rows of the next day count for a deposit confirmed late', () => {
    expect(settle([row()])).toEqual([]);
    expect(settle([row({ amountMinor: 4600n, currency: 'USD' })], [deposit({ processedAmountMinor: 4600n, processedCurrency: 'USD' })])).toEqual([]);
    expect(settle([row({ date: '2026-03-03' })])).toEqual([]);
  });

  it('amount, status, duplicates, and rows of nobody', () => {
    expect(settle([row({ amountMinor: 5001n })])).toEqual(['psp_amount_mismatch']);
    expect(settle([row()], [deposit({ confirmedAt: null, status: 'expired' })])).toEqual(['psp_status_mismatch']);
    expect(settle([row(), row({ line: 3 })])).toEqual(['psp_duplicate_settlement']);
    expect(settle([row(), row({ reference: 'nobody', type: 'refund', amountMinor: -5000n })])).toEqual(['psp_settlement_without_deposit']);
    expect(settle([row(), row({ reference: 'po-x', type: 'payout', amountMinor: -3000n })])).toEqual(['psp_settlement_without_payout']);
  });

  it('payouts: the amount settled, and one paid with no row', () => {
    expect(settle([row(), row({ reference: 'po-1', type: 'payout', amountMinor: -3000n })], [deposit()], [payout()])).toEqual([]);
    expect(settle([row(), row({ reference: 'po-1', type: 'payout', amountMinor: -2999n })], [deposit()], [payout()])).toEqual(['psp_amount_mismatch']);
    expect(settle([row()], [deposit()], [payout()])).toEqual(['payout_without_settlement']);
    expect(settle([row()], [deposit()], [payout({ channel: 'manual' })])).toEqual([]);
  });

  it('a deposit confirmed in the period that the report does not have', () => {
    expect(settle([])).toEqual(['deposit_without_settlement']);
    expect(shiftDate('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('CSV', () => {
  it('reads the settlement report, quotes and all; refuses a bad row naming its line', () => {
    const rows = parseSettlementCsv('date,reference,type,amount_minor,currency,fee_minor,provider_reference\n2026-03-02,"a,b",deposit,5000,EUR,75,pi_1\n\n2026-03-02,x,payout,-300,EUR,0,po_1\n');
    expect(rows).toEqual([
      expect.objectContaining({ reference: 'a,b', amountMinor: 5000n, line: 2 }),
      expect.objectContaining({ reference: 'x', type: 'payout', amountMinor: -300n, line: 4 }),
    ]);
    expect(() => parseSettlementCsv('date,reference,type,amount_minor,currency,fee_minor,provider_reference\n2026-03-02,x,gift,1,EUR,0,p\n')).toThrow(/line 2: type "gift"/);
    expect(() => parseSettlementCsv('a,b\n')).toThrow(PspPayloadError);
  });

  it('writes breaks with formulas neutralised and the difference', () => {
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvText('-2+3')).toBe("'-2+3");
    const line = breakCsvLine({
      id: 'b', runId: 'r', seq: 1, kind: 'amount_mismatch', status: 'open', platformId: 'mt5', providerId: null, login: '1', tradingAccountId: 't', clientId: 'c', entityId: 'eu',
      reference: 'TTa', dealId: '9', currency: 'EUR', expectedMinor: -700n, actualMinor: -750n, evidence: { a: 1 }, resolvedBy: null, resolvedAt: null, resolutionNote: null,
    });
    expect(line).toBe('b,r,1,amount_mismatch,open,mt5,,1,t,c,eu,TTa,9,EUR,-700,-750,-50,"{""a"":1}",,,\r\n');
  });
});
