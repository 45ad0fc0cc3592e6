/**
 * Wall-clock time in an IANA time zone, through Intl only (no dependency).
 *
 * Instants are epoch milliseconds (UTC). A "wall time" is what a clock on the
 * wall in that zone shows. Going from wall time to instant is ambiguous twice
 * a year in zones with daylight saving time; `wallTimeToInstant` resolves it
 * the way Temporal's `disambiguation: 'compatible'` does:
 *   - a repeated wall time (autumn, clocks go back) → the EARLIER instant;
 *   - a skipped wall time (spring, clocks go forward) → shifted forward by the
 *     length of the gap (02:30 in a 02:00→03:00 gap is 03:30 new time).
 */
import { invariant } from '../errors';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
  /** 0–23 */
  hour: number;
  /** 0–59 */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Throws RangeError for an unknown zone: the configuration schema refuses those first.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's wall clock at an instant, to the second. */
export function wallTimeAt(instantMs: number, timeZone: string): WallTime & { second: number } {
  invariant(Number.isFinite(instantMs), 'instant is a finite number of milliseconds');
  const parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type in parts) parts[part.type as keyof typeof parts] = Number(part.value);
  }
  return parts;
}

/** Wall-clock minus UTC at this instant, in ms (Nicosia: +2 h in winter, +3 h in summer). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const wall = wallTimeAt(instantMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks show `wall` (see the module note for
 * repeated and skipped times). Assumes at most one offset change within a day
 * either side, which holds for every real zone.
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  invariant(Number.isFinite(local), 'wall time is a valid date');
  const offsetBefore = zoneOffsetMs(local - DAY_MS, timeZone);
  const offsetAfter = zoneOffsetMs(local + DAY_MS, timeZone);
  const candidates = [local - offsetBefore, local - offsetAfter].sort((a, b) => a - b);
  for (const candidate of candidates) {
    if (zoneOffsetMs(candidate, timeZone) === local - candidate) return candidate; // earliest valid: repeated time → first
  }
  // Skipped wall time: read it with the offset in force before the change.
  return local - offsetBefore;
}

/**
 * Local calendar days are counted as "epoch days": day 0 is 1970-01-01, in
 * whatever zone the day belongs to. They make day-by-day loops integer loops.
 */
export function epochDayOfDate(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** 'YYYY-MM-DD' → epoch day; undefined when it is not a real calendar date. */
export function epochDayOfIsoDate(isoDate: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const epochDay = epochDayOfDate(year, month, day);
  return isoDateOfEpochDay(epochDay) === isoDate ? epochDay : undefined;
}

export function isoDateOfEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function dateOfEpochDay(epochDay: number): { year: number; month: number; day: number } {
  const date = new Date(epochDay * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/** The local calendar day (epoch day) an instant falls on in the zone. */
export function localEpochDay(instantMs: number, timeZone: string): number {
  return Math.floor((instantMs + zoneOffsetMs(instantMs, timeZone)) / DAY_MS);
}

/** The local calendar date 'YYYY-MM-DD' an instant falls on in the zone. */
export function localIsoDate(instantMs: number, timeZone: string): string {
  return isoDateOfEpochDay(localEpochDay(instantMs, timeZone));
}
