import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import type { TraderoomConfig } from '../../../src/config/schema';
import { InvariantViolation } from '../../../src/domain/errors';
import { depositMachine } from '../../../src/domain/machines/deposit-machine';
import { money, parseMoney } from '../../../src/domain/ledger/money';
import {
  type DepositReviewInput,
  depositReviewGuard,
  depositReviewHits,
  type RecentDeposit,
} from '../../../src/domain/payments/deposit-review-rules';

const FC = { seed: 20_260_504, numRuns: 300 };
const config = loadConfig();
const NOW = new Date('2026-05-04T10:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const eur = (amount: string) => parseMoney(amount, 'EUR');
const recent = (h: number, amount: string, currency = 'EUR'): RecentDeposit => ({ at: hoursAgo(h), amountMinor: parseMoney(amount, currency).amountMinor, currency });

/** A verified low-risk client's third card deposit of €500, paid by themselves: no rule fires. */
const clean: DepositReviewInput = {
  entityId: 'eu',
  amount: eur('500.00'),
  method: { id: 'eu_card', kind: 'card' },
  client: { legalName: 'Dana Demo', riskLevel: 'low' },
  payerName: 'DANA DEMO',
  previousCreditedDeposits: 2,
  recentDeposits: [recent(30, '500.00')],
  now: NOW,
};
const input = (overrides: Partial<DepositReviewInput>): DepositReviewInput => ({ ...clean, ...overrides });
const hits = (i: DepositReviewInput, cfg: TraderoomConfig = config) => depositReviewHits(cfg, i).map((h) => `${h.code}: ${h.detail}`);

describe('depositReviewHits on the demo configuration', () => {
  it.each<[string, DepositReviewInput, string[]]>([
    ['a clean repeat deposit → auto-credit', clean, []],
    ['first deposit', input({ previousCreditedDeposits: 0, recentDeposits: [] }), ['first_deposit: First deposit of this client']],
    ['exactly at the threshold is not over it', input({ amount: eur('10000.00') }), []],
    [
      'over the threshold',
      input({ amount: eur('10000.01') }),
      ['amount_over_threshold: The amount 10000.01 EUR is over the review threshold of 10000.00 EUR'],
    ],
    [
      'USD over its own threshold',
      input({ amount: parseMoney('12000', 'USD') }),
      ['amount_over_threshold: The amount 12000.00 USD is over the review threshold of 10000.00 USD'],
    ],
    ['payer name in another order and case', input({ payerName: 'demo, dana' }), []],
    [
      'a third party paid',
      input({ payerName: 'John Smith' }),
      ['payer_name_mismatch: Payer "John Smith" does not match the client\'s legal name "Dana Demo"'],
    ],
    [
      'only an initial agrees',
      input({ payerName: 'D. Demo' }),
      ['payer_name_mismatch: Payer "D. Demo" only partly matches the client\'s legal name "Dana Demo"'],
    ],
    ['a card that reports no payer name', input({ payerName: null }), []],
    [
      'a bank transfer that reports no payer name',
      input({ payerName: null, method: { id: 'eu_sepa', kind: 'local_bank_transfer' } }),
      ["payer_name_mismatch: The provider did not report the payer's name"],
    ],
    [
      'a wire with a blank payer name',
      input({ payerName: '  ', method: { id: 'eu_wire', kind: 'wire' } }),
      ["payer_name_mismatch: The provider did not report the payer's name"],
    ],
    ['five deposits in 24 hours, this one included', input({ recentDeposits: [1, 2, 3, 4].map((h) => recent(h, '50')) }), []],
    [
      'six deposits in 24 hours',
      input({ recentDeposits: [1, 2, 3, 4, 5].map((h) => recent(h, '50')) }),
      ['velocity: 6 deposits within 24 hours, this one included (more than 5 are reviewed)'],
    ],
    [
      'older deposits and future-dated ones are outside the window',
      input({ recentDeposits: [1, 2, 3, 24, 25, -1].map((h) => recent(h, '50')) }),
      [],
    ],
    ['high-risk client', input({ client: { legalName: 'Dana Demo', riskLevel: 'high' } }), ["high_risk_client: The client's risk level is high"]],
    ['medium-risk client', input({ client: { legalName: 'Dana Demo', riskLevel: 'medium' } }), []],
    [
      'processed in another currency',
      input({ processedAmount: parseMoney('540.00', 'USD') }),
      ['fx_amount_differs: Requested 500.00 EUR; the provider processed 540.00 USD'],
    ],
    [
      'processed a different amount',
      input({ processedAmount: eur('499.00') }),
      ['fx_amount_differs: Requested 500.00 EUR; the provider processed 499.00 EUR'],
    ],
    ['processed exactly as requested', input({ processedAmount: eur('500.00') }), []],
    [
      'the processed amount is over its threshold though the requested one is not',
      input({ amount: eur('9500.00'), processedAmount: parseMoney('10300.00', 'USD') }),
      [
        'amount_over_threshold: The processed amount 10300.00 USD is over the review threshold of 10000.00 USD',
        'fx_amount_differs: Requested 9500.00 EUR; the provider processed 10300.00 USD',
      ],
    ],
    [
      'structuring: a third deposit just under the threshold within the window',
      input({ amount: eur('9900.00'), recentDeposits: [recent(2, '9500.00'), recent(5, '8000.00'), recent(6, '7999.99')] }),
      [
        'unusual_pattern: Possible structuring: 3 deposits within 24 hours each just under the 10000.00 EUR review threshold, 27400.00 EUR in total',
      ],
    ],
    [
      'two just under the threshold is not yet structuring',
      input({ amount: eur('9900.00'), recentDeposits: [recent(2, '9500.00'), recent(3, '9500.00', 'USD')] }),
      [],
    ],
    [
      'spike: five times the median of earlier deposits',
      input({ amount: eur('2500.00'), depositHistory: ['400', '500', '600', '500'].map((a) => ({ amountMinor: eur(a).amountMinor, currency: 'EUR' })) }),
      ["unusual_pattern: 2500.00 EUR is at least 5× the median (500.00 EUR) of the client's 4 earlier EUR deposits"],
    ],
    [
      'a small spike is not unusual',
      input({ amount: eur('100.00'), depositHistory: ['10', '10', '20'].map((a) => ({ amountMinor: eur(a).amountMinor, currency: 'EUR' })) }),
      [],
    ],
    [
      'too little history for a spike',
      input({ amount: eur('2500.00'), depositHistory: ['400', '500'].map((a) => ({ amountMinor: eur(a).amountMinor, currency: 'EUR' })) }),
      [],
    ],
    [
      'everything at once, in the fixed order',
      input({
        amount: eur('20000.00'),
        client: { legalName: 'Dana Demo', riskLevel: 'high' },
        payerName: 'John Smith',
        previousCreditedDeposits: 0,
        recentDeposits: [1, 2, 3, 4, 5].map((h) => recent(h, '10')),
        processedAmount: parseMoney('21000.00', 'USD'),
      }),
      [
        'first_deposit: First deposit of this client',
        'amount_over_threshold: The amount 20000.00 EUR is over the review threshold of 10000.00 EUR',
        'payer_name_mismatch: Payer "John Smith" does not match the client\'s legal name "Dana Demo"',
        'velocity: 6 deposits within 24 hours, this one included (more than 5 are reviewed)',
        "high_risk_client: The client's risk level is high",
        'fx_amount_differs: Requested 20000.00 EUR; the provider processed 21000.00 USD',
      ],
    ],
  ])('%s', (_name, i, expected) => {
    expect(hits(i)).toEqual(expected);
  });

  it('fails closed on a deposit currency without a threshold', () => {
    expect(hits(input({ amount: parseMoney('10', 'GBP') }))).toEqual(['amount_over_threshold: No review threshold is configured for GBP']);
  });

  it('follows the switches of the configuration', () => {
    const lenient: TraderoomConfig = {
      ...config,
      reviewRules: {
        ...config.reviewRules,
        deposits: { ...config.reviewRules.deposits, reviewFirstDeposit: false, reviewPayerNameMismatch: false, reviewRiskLevels: [] },
      },
    };
    const risky = input({ previousCreditedDeposits: 0, payerName: 'John Smith', client: { legalName: 'Dana Demo', riskLevel: 'high' } });
    expect(hits(risky, lenient)).toEqual([]);
    expect(hits(risky).map((h) => h.split(':')[0])).toEqual(['first_deposit', 'payer_name_mismatch', 'high_risk_client']);
  });

  it('refuses a nonsense count', () => {
    expect(() => depositReviewHits(config, input({ previousCreditedDeposits: -1 }))).toThrow(InvariantViolation);
  });

  it('feeds the deposit machine guard: no hits lets auto_credit fire, any hit refuses it', () => {
    const guardResults = (i: DepositReviewInput) => ({ no_review_rule_hits: depositReviewGuard(depositReviewHits(config, i)) });
    expect(depositMachine.transition('confirmed', 'auto_credit', { by: 'system', guardResults: guardResults(clean) }).to).toBe('credited');
    expect(() => depositMachine.transition('confirmed', 'auto_credit', { by: 'system', guardResults: guardResults(input({ previousCreditedDeposits: 0 })) })).toThrow(
      'Deposit review rules matched (first_deposit): finance must review it',
    );
  });
});

describe('depositReviewHits properties', () => {
  const amountMinor = fc.bigInt({ min: 1n, max: 10n ** 10n });

  it('the threshold rule fires exactly when the amount is over the configured threshold', () => {
    fc.assert(
      fc.property(amountMinor, fc.constantFrom('EUR', 'USD'), (minor, currency) => {
        const codes = depositReviewHits(config, input({ amount: money(minor, currency), payerName: null })).map((h) => h.code);
        const threshold = BigInt(config.reviewRules.deposits.reviewOverMinor[currency]!);
        expect(codes.includes('amount_over_threshold')).toBe(minor > threshold);
      }),
      FC,
    );
  });

  it('velocity fires exactly when the window holds maxCount or more others', () => {
    const { maxCount, windowHours } = config.reviewRules.deposits.velocity;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: windowHours * 3 }), { maxLength: 20 }), (ages) => {
        const others = ages.map((h) => recent(h + 0.5, '50'));
        const inWindow = ages.filter((h) => h + 0.5 < windowHours).length;
        const codes = depositReviewHits(config, input({ recentDeposits: others })).map((h) => h.code);
        expect(codes.includes('velocity')).toBe(inWindow + 1 > maxCount);
      }),
      FC,
    );
  });

  it('more recent deposits never remove a hit (monotone)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 23 }), { maxLength: 8 }), amountMinor, (ages, minor) => {
        const base = input({ amount: money(minor, 'EUR'), recentDeposits: [] });
        const more = { ...base, recentDeposits: ages.map((h) => recent(h + 0.5, '9000')) };
        const before = new Set(depositReviewHits(config, base).map((h) => h.code));
        const after = new Set(depositReviewHits(config, more).map((h) => h.code));
        for (const code of before) expect(after.has(code)).toBe(true);
      }),
      FC,
    );
  });
});
