/**
 * Coded answers to the profile questions the risk score reads. The portal's
 * profile form offers these codes; the score normalises an answer by trimming
 * and lower-casing it, and treats anything else as described in risk-score.ts.
 */
export const EMPLOYMENT_STATUSES = ['employed', 'self_employed', 'unemployed', 'student', 'retired'] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

export const SOURCES_OF_FUNDS = [
  'salary',
  'savings',
  'business_income',
  'investments',
  'pension',
  'property_sale',
  'inheritance',
  'gift',
  'crypto',
  'other',
] as const;
export type SourceOfFunds = (typeof SOURCES_OF_FUNDS)[number];

export const TRADING_EXPERIENCE_LEVELS = ['none', 'under_1_year', '1_to_3_years', 'over_3_years'] as const;
export type TradingExperience = (typeof TRADING_EXPERIENCE_LEVELS)[number];

/** The answer as a known code, or undefined when absent or not one of `codes`. */
export function codedAnswer<const C extends readonly string[]>(codes: C, answer: string | undefined): C[number] | undefined {
  if (answer === undefined) return undefined;
  const normalised = answer.trim().toLowerCase();
  return codes.find((code) => code === normalised);
}
