/**
 * Deposit review rules (SPEC §2, §6): once the provider has confirmed a
 * deposit, do we credit it at once or send it to finance? Every rule that
 * fires is returned with a finance-facing detail, to be stored with the
 * deposit and shown in the review queue. No hits → auto-credit (the deposit
 * machine's `no_review_rule_hits` guard; see `depositReviewGuard`).
 *
 * Rules, from `config.reviewRules.deposits`, in this order:
 * - first_deposit: `reviewFirstDeposit` and no earlier credited deposit.
 * - amount_over_threshold: the amount, or the provider's processed amount,
 *   is strictly over `reviewOverMinor` for its currency. A deposit currency
 *   with no threshold is sent to review (fail closed; config load refuses
 *   that for base currencies, so it means a method outside them).
 * - payer_name_mismatch: `reviewPayerNameMismatch` and the payer's name is
 *   not a `match` for the client's legal name (names-match.ts), a `partial`
 *   included. For a bank transfer or wire the provider must report a payer:
 *   no name is a hit too. Card, e-wallet and crypto often carry no payer
 *   name: null means "not reported" and is no hit.
 * - velocity: this deposit would be more than `velocity.maxCount` within the
 *   last `velocity.windowHours` (the window is applied again here, so a
 *   caller passing a wider list is harmless).
 * - unusual_pattern: structuring or a spike, see unusual-deposit-pattern.ts.
 * - high_risk_client: the client's risk level is in `reviewRiskLevels`.
 * - fx_amount_differs: the provider processed another currency or another
 *   amount than requested (Praxis `processed_amount`).
 */
import type { TraderoomConfig } from '../../config/schema';
import type { PaymentMethodKind, RiskLevel } from '../../config/vocabulary';
import { invariant } from '../errors';
import { formatMoney, type Money, money } from '../ledger/money';
import { namesMatch } from './names-match';
import { type PastDeposit, unusualPatternDetails } from './unusual-deposit-pattern';

export const DEPOSIT_REVIEW_CODES = [
  'first_deposit',
  'amount_over_threshold',
  'payer_name_mismatch',
  'velocity',
  'unusual_pattern',
  'high_risk_client',
  'fx_amount_differs',
] as const;
export type DepositReviewCode = (typeof DEPOSIT_REVIEW_CODES)[number];

export interface DepositReviewHit {
  code: DepositReviewCode;
  /** For finance, never for the client. */
  detail: string;
}

export interface RecentDeposit extends PastDeposit {
  at: Date;
}

export interface DepositReviewInput {
  /** The client's entity. The demo's review rules are broker-wide; kept so per-entity rules need no new signature. */
  entityId: string;
  /** What was requested and will be credited to the wallet. */
  amount: Money;
  method: { id: string; kind: PaymentMethodKind };
  client: { legalName: string; riskLevel: RiskLevel };
  /** As reported by the provider; null when it reported none. */
  payerName: string | null;
  /** Count of the client's deposits credited before this one. */
  previousCreditedDeposits: number;
  /** The client's other deposits (confirmed or credited; not failed or cancelled) within the velocity window, this one excluded. */
  recentDeposits: readonly RecentDeposit[];
  /** What the provider actually processed, when it says (may be another currency). */
  processedAmount?: Money;
  /** Earlier credited deposits, any age (the latest 50 are plenty): enables the spike part of unusual_pattern. */
  depositHistory?: readonly PastDeposit[];
  now: Date;
}

/** Kinds whose provider always knows who paid: a missing payer name is itself a reason to look. */
const PAYER_REPORTED_KINDS: ReadonlySet<PaymentMethodKind> = new Set(['local_bank_transfer', 'wire']);

const HOUR_MS = 3_600_000;

function thresholdFor(config: TraderoomConfig, currency: string): bigint | undefined {
  const minor = config.reviewRules.deposits.reviewOverMinor[currency];
  return minor === undefined ? undefined : BigInt(minor);
}

function amountOverThreshold(config: TraderoomConfig, input: DepositReviewInput): string | undefined {
  const threshold = thresholdFor(config, input.amount.currency);
  if (threshold === undefined) return `No review threshold is configured for ${input.amount.currency}`;
  for (const [amount, what] of [
    [input.amount, ''],
    [input.processedAmount, 'processed '],
  ] as const) {
    if (amount === undefined) continue;
    const limit = thresholdFor(config, amount.currency);
    if (limit !== undefined && amount.amountMinor > limit) {
      return `The ${what}amount ${formatMoney(amount)} is over the review threshold of ${formatMoney(money(limit, amount.currency))}`;
    }
  }
  return undefined;
}

function payerNameProblem(input: DepositReviewInput): string | undefined {
  const { payerName, client } = input;
  if (payerName === null || payerName.trim() === '') {
    return PAYER_REPORTED_KINDS.has(input.method.kind) ? 'The provider did not report the payer\'s name' : undefined;
  }
  const result = namesMatch(payerName, client.legalName);
  if (result === 'match') return undefined;
  const how = result === 'partial' ? 'only partly matches' : 'does not match';
  return `Payer "${payerName.trim()}" ${how} the client's legal name "${client.legalName.trim()}"`;
}

function windowDeposits(config: TraderoomConfig, input: DepositReviewInput): RecentDeposit[] {
  const from = input.now.getTime() - config.reviewRules.deposits.velocity.windowHours * HOUR_MS;
  return input.recentDeposits.filter((d) => d.at.getTime() > from && d.at.getTime() <= input.now.getTime());
}

export function depositReviewHits(config: TraderoomConfig, input: DepositReviewInput): DepositReviewHit[] {
  invariant(Number.isInteger(input.previousCreditedDeposits) && input.previousCreditedDeposits >= 0, 'previousCreditedDeposits is a count');
  const rules = config.reviewRules.deposits;
  const hits: DepositReviewHit[] = [];
  const hit = (code: DepositReviewCode, detail: string | undefined) => {
    if (detail !== undefined) hits.push({ code, detail });
  };

  if (rules.reviewFirstDeposit && input.previousCreditedDeposits === 0) hit('first_deposit', 'First deposit of this client');
  hit('amount_over_threshold', amountOverThreshold(config, input));
  if (rules.reviewPayerNameMismatch) hit('payer_name_mismatch', payerNameProblem(input));

  const recent = windowDeposits(config, input);
  const { maxCount, windowHours } = rules.velocity;
  if (recent.length + 1 > maxCount) {
    hit('velocity', `${recent.length + 1} deposits within ${windowHours} hours, this one included (more than ${maxCount} are reviewed)`);
  }

  const patterns = unusualPatternDetails({
    amount: input.amount,
    thresholdMinor: thresholdFor(config, input.amount.currency),
    windowDeposits: recent,
    windowHours,
    ...(input.depositHistory === undefined ? {} : { history: input.depositHistory }),
  });
  if (patterns.length > 0) hit('unusual_pattern', patterns.join('; '));

  if (rules.reviewRiskLevels.includes(input.client.riskLevel)) hit('high_risk_client', `The client's risk level is ${input.client.riskLevel}`);

  const processed = input.processedAmount;
  if (processed !== undefined && (processed.currency !== input.amount.currency || processed.amountMinor !== input.amount.amountMinor)) {
    hit('fx_amount_differs', `Requested ${formatMoney(input.amount)}; the provider processed ${formatMoney(processed)}`);
  }
  return hits;
}

/** Verdict for the deposit machine's `no_review_rule_hits` guard: null lets `auto_credit` fire. */
export function depositReviewGuard(hits: readonly DepositReviewHit[]): string | null {
  if (hits.length === 0) return null;
  return `Deposit review rules matched (${hits.map((h) => h.code).join(', ')}): finance must review it`;
}
