import { describe, expect, it } from 'vitest';
import { RISK_LEVELS, type RiskLevel } from '../../../src/config/vocabulary';
import { InvariantViolation } from '../../../src/domain/errors';
import {
  riskChangeNeedsReview,
  riskLevelForScore,
  type RiskInput,
  scoreRisk,
} from '../../../src/domain/kyc/risk-score';

const clean: RiskInput = {
  countryRisk: 'low',
  clientType: 'individual',
  screening: { openHits: 0, confirmedHits: 0, pepHit: false },
  answers: {},
};
const input = (overrides: Partial<RiskInput>): RiskInput => ({ ...clean, ...overrides });
const screening = (s: Partial<RiskInput['screening']>) => ({ ...clean.screening, ...s });

describe('scoreRisk: factors', () => {
  it.each<[string, RiskInput, Record<string, number>]>([
    ['a clean low-risk individual', clean, {}],
    ['medium-risk country', input({ countryRisk: 'medium' }), { country_risk: 15 }],
    ['high-risk country', input({ countryRisk: 'high' }), { country_risk: 40 }],
    ['prohibited country', input({ countryRisk: 'prohibited' }), { country_prohibited: 100 }],
    ['low-risk nationality', input({ nationalityRisk: 'low' }), {}],
    ['medium-risk nationality', input({ nationalityRisk: 'medium' }), { nationality_risk: 5 }],
    ['high-risk nationality', input({ nationalityRisk: 'high' }), { nationality_risk: 20 }],
    ['prohibited nationality', input({ nationalityRisk: 'prohibited' }), { nationality_prohibited: 100 }],
    ['corporate', input({ clientType: 'corporate' }), { corporate_client: 10 }],
    ['PEP', input({ screening: screening({ pepHit: true }) }), { pep: 35 }],
    ['open screening hits (flat, not per hit)', input({ screening: screening({ openHits: 3 }) }), { screening_open: 20 }],
    ['confirmed sanctions hit', input({ screening: screening({ confirmedHits: 1 }) }), { sanctions_confirmed: 100 }],
    ['unemployed, large deposits', input({ answers: { employmentStatus: 'unemployed', expectedAnnualDepositMinor: 5_000_000 } }), { deposits_exceed_profile: 15 }],
    ['student, large deposits', input({ answers: { employmentStatus: ' Student ', expectedAnnualDepositMinor: 6_000_000 } }), { deposits_exceed_profile: 15 }],
    ['unemployed, just under the threshold', input({ answers: { employmentStatus: 'unemployed', expectedAnnualDepositMinor: 4_999_999 } }), {}],
    ['employed, large deposits', input({ answers: { employmentStatus: 'employed', expectedAnnualDepositMinor: 5_000_000 } }), {}],
    ['retired, large deposits (pension savings are plausible)', input({ answers: { employmentStatus: 'retired', expectedAnnualDepositMinor: 5_000_000 } }), {}],
    ['very large deposits', input({ answers: { employmentStatus: 'employed', expectedAnnualDepositMinor: 25_000_000 } }), { very_large_deposits: 10 }],
    [
      'unemployed, very large deposits',
      input({ answers: { employmentStatus: 'unemployed', expectedAnnualDepositMinor: 30_000_000 } }),
      { deposits_exceed_profile: 15, very_large_deposits: 10 },
    ],
    ['salary', input({ answers: { sourceOfFunds: 'salary' } }), {}],
    ['savings', input({ answers: { sourceOfFunds: 'savings' } }), {}],
    ['inheritance', input({ answers: { sourceOfFunds: 'inheritance' } }), { source_of_funds_higher_risk: 10 }],
    ['gift', input({ answers: { sourceOfFunds: 'GIFT' } }), { source_of_funds_higher_risk: 10 }],
    ['crypto', input({ answers: { sourceOfFunds: 'crypto' } }), { source_of_funds_higher_risk: 10 }],
    ['other', input({ answers: { sourceOfFunds: 'other' } }), { source_of_funds_higher_risk: 10 }],
    ['free text not on the list', input({ answers: { sourceOfFunds: 'lottery win' } }), { source_of_funds_higher_risk: 10 }],
    ['no trading experience', input({ answers: { tradingExperience: 'none' } }), { no_trading_experience: 5 }],
    ['some trading experience', input({ answers: { tradingExperience: '1_to_3_years' } }), {}],
    ['unknown employment and experience answers add nothing', input({ answers: { employmentStatus: 'astronaut', tradingExperience: 'lots' } }), {}],
  ])('%s', (_name, risk, expected) => {
    const result = scoreRisk(risk);
    expect(Object.fromEntries(result.factors.map((f) => [f.code, f.points]))).toEqual(expected);
    for (const factor of result.factors) expect(factor.detail.length).toBeGreaterThan(0);
  });

  it('explains each factor in words a reviewer can read', () => {
    const result = scoreRisk(
      input({
        countryRisk: 'high',
        screening: screening({ openHits: 2, pepHit: true }),
        answers: { employmentStatus: 'unemployed', expectedAnnualDepositMinor: 7_500_000, sourceOfFunds: 'lottery win' },
      }),
    );
    expect(result.factors.map((f) => f.detail)).toEqual([
      'Country of residence is rated high risk',
      '2 screening match(es) not yet reviewed',
      'Politically exposed person match',
      'Expects 75,000.00 a year in deposits while unemployed',
      'Source of funds not on the list: "lottery win"',
    ]);
  });
});

describe('scoreRisk: score and level', () => {
  it.each<[string, RiskInput, number, RiskLevel]>([
    ['nothing', clean, 0, 'low'],
    ['medium country + corporate (25)', input({ countryRisk: 'medium', clientType: 'corporate' }), 25, 'low'],
    ['medium country + open hit (35)', input({ countryRisk: 'medium', screening: screening({ openHits: 1 }) }), 35, 'medium'],
    ['unemployed, large deposits, no experience, gift (30): the medium threshold', input({ answers: { employmentStatus: 'unemployed', expectedAnnualDepositMinor: 5_000_000, tradingExperience: 'none', sourceOfFunds: 'gift' } }), 30, 'medium'],
    ['medium country + medium nationality + no experience (25)', input({ countryRisk: 'medium', nationalityRisk: 'medium', answers: { tradingExperience: 'none' } }), 25, 'low'],
    ['high country alone (40)', input({ countryRisk: 'high' }), 40, 'medium'],
    ['PEP alone (35)', input({ screening: screening({ pepHit: true }) }), 35, 'medium'],
    ['high country + high nationality (60): the high threshold', input({ countryRisk: 'high', nationalityRisk: 'high' }), 60, 'high'],
    ['high country + corporate + no experience (55)', input({ countryRisk: 'high', clientType: 'corporate', answers: { tradingExperience: 'none' } }), 55, 'medium'],
    ['high country + PEP (75)', input({ countryRisk: 'high', screening: screening({ pepHit: true }) }), 75, 'high'],
    ['confirmed sanctions hit on an otherwise clean client: always high', input({ screening: screening({ confirmedHits: 1 }) }), 100, 'high'],
    ['prohibited country: always high', input({ countryRisk: 'prohibited' }), 100, 'high'],
    [
      'everything at once is capped at 100',
      input({
        countryRisk: 'high',
        nationalityRisk: 'high',
        clientType: 'corporate',
        screening: { openHits: 1, confirmedHits: 1, pepHit: true },
        answers: { employmentStatus: 'unemployed', expectedAnnualDepositMinor: 90_000_000, sourceOfFunds: 'crypto', tradingExperience: 'none' },
      }),
      100,
      'high',
    ],
  ])('%s', (_name, risk, score, level) => {
    const result = scoreRisk(risk);
    expect(result.score).toBe(score);
    expect(Number.isInteger(result.score)).toBe(true);
    expect(result.level).toBe(level);
    expect(result.computedLevel).toBe(level);
    expect(result.overridden).toBe(false);
  });

  it.each([
    [0, 'low'],
    [29, 'low'],
    [30, 'medium'],
    [59, 'medium'],
    [60, 'high'],
    [100, 'high'],
  ] as const)('score %i is %s', (score, level) => {
    expect(riskLevelForScore(score)).toBe(level);
  });
});

describe('scoreRisk: compliance override', () => {
  const highCountry = input({ countryRisk: 'high', screening: screening({ pepHit: true }) }); // 75, high

  it.each<[string, RiskInput, RiskLevel, RiskLevel]>([
    ['lowered', { ...highCountry, override: { level: 'medium' } }, 'medium', 'high'],
    ['raised', { ...clean, override: { level: 'high' } }, 'high', 'low'],
    ['to the same level (still recorded as overridden)', { ...clean, override: { level: 'low' } }, 'low', 'low'],
  ])('%s: replaces the level, keeps score and factors', (_name, risk, level, computed) => {
    const withOverride = scoreRisk(risk);
    const without = scoreRisk({ ...risk, override: null });
    expect(withOverride).toEqual({ ...without, level, computedLevel: computed, overridden: true });
  });

  it('null and absent overrides are no override', () => {
    expect(scoreRisk({ ...clean, override: null }).overridden).toBe(false);
    expect(scoreRisk(clean).overridden).toBe(false);
  });
});

describe('scoreRisk: refuses nonsense input', () => {
  it.each<[string, RiskInput]>([
    ['negative open hits', input({ screening: screening({ openHits: -1 }) })],
    ['fractional confirmed hits', input({ screening: screening({ confirmedHits: 0.5 }) })],
    ['negative deposit', input({ answers: { expectedAnnualDepositMinor: -1 } })],
    ['fractional deposit', input({ answers: { expectedAnnualDepositMinor: 10.5 } })],
  ])('%s', (_name, risk) => {
    expect(() => scoreRisk(risk)).toThrow(InvariantViolation);
  });
});

describe('riskChangeNeedsReview', () => {
  const expected: Record<string, boolean> = {
    'low→low': false,
    'low→medium': true,
    'low→high': true,
    'medium→low': false,
    'medium→medium': false,
    'medium→high': true,
    'high→low': false,
    'high→medium': false,
    'high→high': false,
  };
  it.each(RISK_LEVELS.flatMap((from) => RISK_LEVELS.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    expect(riskChangeNeedsReview(from, to)).toBe(expected[`${from}→${to}`]);
  });
});
