/**
 * The histogram of approval times: the same buckets for every flow, so KYC
 * and withdrawal charts read side by side. Edges are wall-clock durations
 * (what the client waited), from under an hour to over a week.
 */
import { HOUR_MS } from '../sla/zoned-time';

/** Lower edges (ms) of the buckets after the first; a duration falls in the last bucket whose edge it reaches. */
export const DURATION_BUCKET_EDGES_MS = [1, 4, 8, 24, 72, 168].map((hours) => hours * HOUR_MS);

export const DURATION_BUCKET_LABELS = ['< 1 h', '1–4 h', '4–8 h', '8–24 h', '1–3 d', '3–7 d', '≥ 7 d'] as const;

/** The bucket index of one duration (what the SQL aggregate computes per row). */
export function durationBucket(ms: number): number {
  let index = 0;
  while (index < DURATION_BUCKET_EDGES_MS.length && ms >= DURATION_BUCKET_EDGES_MS[index]!) index++;
  return index;
}

export interface Distribution {
  count: number;
  /** Median (the smallest duration with at least half at or below it), ms; null without data. */
  p50Ms: number | null;
  p90Ms: number | null;
  buckets: { label: string; count: number }[];
}

/** A share of a whole, or null when there is nothing to divide (shown as "—", never as 0 %). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
