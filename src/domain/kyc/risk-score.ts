/**
 * Client risk score (SPEC §5, issue 4 "Risk"): a transparent points model.
 * Every point comes from a named factor with a reason a reviewer can read, so
 * a score can always be explained. Only factors that add points are listed.
 *
 *   factor code                  points  when
 *   ---------------------------  ------  ------------------------------------------------------------
 *   country_risk                   15/40  country of residence rated medium / high
 *   country_prohibited               100  country of residence rated prohibited (always high)
 *   nationality_risk                5/20  nationality rated medium / high (when known)
 *   nationality_prohibited           100  nationality rated prohibited (always high)
 *   corporate_client                  10  the client is a company
 *   sanctions_confirmed              100  a screening hit confirmed by compliance (always high)
 *   screening_open                    20  an unresolved screening hit (until compliance clears it)
 *   pep                               35  a politically exposed person match
 *   deposits_exceed_profile           15  unemployed or student, expecting ≥ 50,000.00 a year
 *   very_large_deposits               10  expecting ≥ 250,000.00 a year
 *   source_of_funds_higher_risk       10  inheritance, gift, crypto, other, or an answer not on the list
 *   no_trading_experience              5  no trading experience
 *
 * Score = sum, capped at 100 (an integer: the database stores 0..100).
 * Level: low < 30 ≤ medium < 60 ≤ high.
 *
 * Expected deposits are integer minor units of the client's account currency;
 * the thresholds are the same number in EUR and USD on purpose (near enough
 * for a risk band). An employment or experience answer not on the list adds
 * nothing; a source of funds not on the list counts as unexplained.
 *
 * A compliance override replaces the level only; the computed score and its
 * factors stay on record, and `computedLevel` keeps what the model said.
 */
import type { CountryRisk, RiskLevel } from '../../config/vocabulary';
import { RISK_LEVELS } from '../../config/vocabulary';
import { invariant } from '../errors';
import { codedAnswer, EMPLOYMENT_STATUSES, SOURCES_OF_FUNDS, type SourceOfFunds, TRADING_EXPERIENCE_LEVELS } from './profile-answers';

export const RISK_WEIGHTS = {
  countryRisk: { low: 0, medium: 15, high: 40, prohibited: 100 },
  nationalityRisk: { low: 0, medium: 5, high: 20, prohibited: 100 },
  corporateClient: 10,
  sanctionsConfirmed: 100,
  screeningOpen: 20,
  pep: 35,
  depositsExceedProfile: 15,
  veryLargeDeposits: 10,
  sourceOfFundsHigherRisk: 10,
  noTradingExperience: 5,
} as const;

/** Scores at or above these are medium / high. */
export const RISK_THRESHOLDS = { medium: 30, high: 60 } as const;

/** Expected annual deposits, minor units: 50,000.00 and 250,000.00. */
export const LARGE_ANNUAL_DEPOSIT_MINOR = 5_000_000;
export const VERY_LARGE_ANNUAL_DEPOSIT_MINOR = 25_000_000;

const LOW_INCOME_EMPLOYMENT = ['unemployed', 'student'] as const;
const HIGHER_RISK_SOURCES: readonly SourceOfFunds[] = ['inheritance', 'gift', 'crypto', 'other'];

export interface RiskInput {
  /** Country of residence (incorporation for a company). */
  countryRisk: CountryRisk;
  nationalityRisk?: CountryRisk;
  clientType: 'individual' | 'corporate';
  screening: { openHits: number; confirmedHits: number; pepHit: boolean };
  answers: {
    sourceOfFunds?: string;
    employmentStatus?: string;
    tradingExperience?: string;
    expectedAnnualDepositMinor?: number;
  };
  override?: { level: RiskLevel } | null;
}

export interface RiskFactor {
  code: string;
  points: number;
  detail: string;
}

export interface RiskAssessment {
  /** 0..100, integer. */
  score: number;
  /** The level in force: the override's when there is one. */
  level: RiskLevel;
  /** The level the score gives. */
  computedLevel: RiskLevel;
  factors: RiskFactor[];
  overridden: boolean;
}

export function riskLevelForScore(score: number): RiskLevel {
  if (score >= RISK_THRESHOLDS.high) return 'high';
  if (score >= RISK_THRESHOLDS.medium) return 'medium';
  return 'low';
}

function formatMinor(minor: number): string {
  return (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function scoreRisk(input: RiskInput): RiskAssessment {
  const { screening, answers } = input;
  invariant(Number.isInteger(screening.openHits) && screening.openHits >= 0, 'screening.openHits is a count');
  invariant(Number.isInteger(screening.confirmedHits) && screening.confirmedHits >= 0, 'screening.confirmedHits is a count');
  const deposit = answers.expectedAnnualDepositMinor;
  invariant(deposit === undefined || (Number.isSafeInteger(deposit) && deposit >= 0), 'expectedAnnualDepositMinor is minor units >= 0');

  const factors: RiskFactor[] = [];
  const add = (code: string, points: number, detail: string) => {
    if (points > 0) factors.push({ code, points, detail });
  };

  if (input.countryRisk === 'prohibited') add('country_prohibited', RISK_WEIGHTS.countryRisk.prohibited, 'Country of residence is prohibited');
  else add('country_risk', RISK_WEIGHTS.countryRisk[input.countryRisk], `Country of residence is rated ${input.countryRisk} risk`);

  if (input.nationalityRisk === 'prohibited') add('nationality_prohibited', RISK_WEIGHTS.nationalityRisk.prohibited, 'Nationality is prohibited');
  else if (input.nationalityRisk !== undefined) {
    add('nationality_risk', RISK_WEIGHTS.nationalityRisk[input.nationalityRisk], `Nationality is rated ${input.nationalityRisk} risk`);
  }

  if (input.clientType === 'corporate') add('corporate_client', RISK_WEIGHTS.corporateClient, 'Corporate client (ownership and control to verify)');

  if (screening.confirmedHits > 0) {
    add('sanctions_confirmed', RISK_WEIGHTS.sanctionsConfirmed, `${screening.confirmedHits} screening match(es) confirmed by compliance`);
  }
  if (screening.openHits > 0) add('screening_open', RISK_WEIGHTS.screeningOpen, `${screening.openHits} screening match(es) not yet reviewed`);
  if (screening.pepHit) add('pep', RISK_WEIGHTS.pep, 'Politically exposed person match');

  const employment = codedAnswer(EMPLOYMENT_STATUSES, answers.employmentStatus);
  if (deposit !== undefined && deposit >= LARGE_ANNUAL_DEPOSIT_MINOR && (LOW_INCOME_EMPLOYMENT as readonly string[]).includes(employment ?? '')) {
    add(
      'deposits_exceed_profile',
      RISK_WEIGHTS.depositsExceedProfile,
      `Expects ${formatMinor(deposit)} a year in deposits while ${employment === 'student' ? 'a student' : 'unemployed'}`,
    );
  }
  if (deposit !== undefined && deposit >= VERY_LARGE_ANNUAL_DEPOSIT_MINOR) {
    add('very_large_deposits', RISK_WEIGHTS.veryLargeDeposits, `Expects ${formatMinor(deposit)} a year in deposits`);
  }

  if (answers.sourceOfFunds !== undefined) {
    const source = codedAnswer(SOURCES_OF_FUNDS, answers.sourceOfFunds);
    if (source === undefined) {
      add('source_of_funds_higher_risk', RISK_WEIGHTS.sourceOfFundsHigherRisk, `Source of funds not on the list: ${JSON.stringify(answers.sourceOfFunds.slice(0, 80))}`);
    } else if (HIGHER_RISK_SOURCES.includes(source)) {
      add('source_of_funds_higher_risk', RISK_WEIGHTS.sourceOfFundsHigherRisk, `Source of funds: ${source.replaceAll('_', ' ')}`);
    }
  }

  if (codedAnswer(TRADING_EXPERIENCE_LEVELS, answers.tradingExperience) === 'none') {
    add('no_trading_experience', RISK_WEIGHTS.noTradingExperience, 'No trading experience');
  }

  const score = Math.min(100, factors.reduce((sum, factor) => sum + factor.points, 0));
  const computedLevel = riskLevelForScore(score);
  const override = input.override ?? null;
  return { score, level: override?.level ?? computedLevel, computedLevel, factors, overridden: override !== null };
}

/** Any increase of risk level opens a review; a decrease does not. */
export function riskChangeNeedsReview(previous: RiskLevel, next: RiskLevel): boolean {
  return RISK_LEVELS.indexOf(next) > RISK_LEVELS.indexOf(previous);
}
