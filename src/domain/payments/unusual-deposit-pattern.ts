/**
 * The "unusual pattern" deposit review rule (SPEC §2), defined here because
 * the configuration only switches the other rules. Two simple, explainable
 * patterns, each reported to finance with its figures:
 *
 * 1. Structuring: this deposit and at least two others within the velocity
 *    window (`reviewRules.deposits.velocity.windowHours`), in the same
 *    currency, each land just under the review threshold: from 80 % of it up
 *    to the threshold itself (an amount over it is the threshold rule's hit).
 *    Splitting one large payment into several "just under" ones is the
 *    textbook way to avoid a review.
 * 2. Spike: with at least 3 earlier credited deposits in the same currency on
 *    record, this one is at least 5 × their median, and at least a tenth of
 *    the review threshold (so €10 → €50 is not "unusual"). Only checked when
 *    the caller passes the history.
 *
 * All arithmetic is on bigint minor units; percentages are integer ratios.
 */
import { formatMoney, type Money, money } from '../ledger/money';

export const STRUCTURING_BAND_PERCENT = 80n;
export const STRUCTURING_MIN_COUNT = 3;
export const SPIKE_FACTOR = 5n;
export const SPIKE_MIN_HISTORY = 3;
export const SPIKE_MIN_THRESHOLD_PERCENT = 10n;

export interface PastDeposit {
  amountMinor: bigint;
  currency: string;
}

export interface UnusualPatternInput {
  amount: Money;
  /** Review threshold for `amount.currency` in minor units; undefined: no pattern rule can be judged against it. */
  thresholdMinor: bigint | undefined;
  /** The client's other deposits within the velocity window, this one excluded. */
  windowDeposits: readonly PastDeposit[];
  windowHours: number;
  /** Earlier credited deposits, any age (the latest 50 are plenty); undefined: spike rule not checked. */
  history?: readonly PastDeposit[];
}

function inStructuringBand(amountMinor: bigint, thresholdMinor: bigint): boolean {
  return amountMinor * 100n >= thresholdMinor * STRUCTURING_BAND_PERCENT && amountMinor <= thresholdMinor;
}

/** Median of positive amounts; for an even count, the lower of the two middle values (never a fraction). */
export function medianMinor(amounts: readonly bigint[]): bigint | undefined {
  if (amounts.length === 0) return undefined;
  const sorted = [...amounts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function structuringDetail(input: UnusualPatternInput, thresholdMinor: bigint): string | undefined {
  const { amount } = input;
  if (!inStructuringBand(amount.amountMinor, thresholdMinor)) return undefined;
  const band = input.windowDeposits.filter((d) => d.currency === amount.currency && inStructuringBand(d.amountMinor, thresholdMinor));
  const count = band.length + 1;
  if (count < STRUCTURING_MIN_COUNT) return undefined;
  const total = band.reduce((sum, d) => sum + d.amountMinor, amount.amountMinor);
  return (
    `Possible structuring: ${count} deposits within ${input.windowHours} hours each just under the ` +
    `${formatMoney(money(thresholdMinor, amount.currency))} review threshold, ${formatMoney(money(total, amount.currency))} in total`
  );
}

function spikeDetail(input: UnusualPatternInput, thresholdMinor: bigint | undefined): string | undefined {
  const { amount, history } = input;
  if (history === undefined) return undefined;
  const same = history.filter((d) => d.currency === amount.currency && d.amountMinor > 0n).map((d) => d.amountMinor);
  if (same.length < SPIKE_MIN_HISTORY) return undefined;
  const median = medianMinor(same) as bigint;
  if (amount.amountMinor < median * SPIKE_FACTOR) return undefined;
  if (thresholdMinor !== undefined && amount.amountMinor * 100n < thresholdMinor * SPIKE_MIN_THRESHOLD_PERCENT) return undefined;
  return (
    `${formatMoney(amount)} is at least ${SPIKE_FACTOR}× the median (${formatMoney(money(median, amount.currency))}) ` +
    `of the client's ${same.length} earlier ${amount.currency} deposits`
  );
}

/** Finance-facing details of every unusual pattern this deposit shows; empty when none. */
export function unusualPatternDetails(input: UnusualPatternInput): string[] {
  const details: string[] = [];
  const structuring = input.thresholdMinor === undefined ? undefined : structuringDetail(input, input.thresholdMinor);
  if (structuring !== undefined) details.push(structuring);
  const spike = spikeDetail(input, input.thresholdMinor);
  if (spike !== undefined) details.push(spike);
  return details;
}
