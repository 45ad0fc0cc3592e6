/**
 * Service-target arithmetic in the broker's working hours (SPEC §2 "Service
 * targets (SLA)"): when a case is due, how much working time has passed, and
 * the timer a queue shows.
 *
 * Decisions:
 * - Working time is real elapsed time inside each local day's window, so on a
 *   DST day a window such as 00:00–06:00 lasts 5 or 7 hours; 09:00–18:00 is
 *   always 9 hours and its instants follow the zone's offset.
 * - A due time that lands exactly on the end of a day's window is that end
 *   (8 h from 10:00 is 18:00 the same day, not 09:00 the next working day).
 * - A case opened outside working hours starts counting at the next opening.
 * - Zero hours: due immediately, at `start` itself (even at night).
 * - Loops walk day by day and never more than MAX_CALENDAR_DAYS (five years);
 *   beyond that an InvariantViolation is thrown instead of spinning.
 * - Time is always passed in; nothing here reads the clock.
 */
import { InvariantViolation, invariant } from '../errors';
import { compileCalendar, MAX_CALENDAR_DAYS, type SlaCalendar, workingWindow } from './working-calendar';
import { HOUR_MS, localEpochDay } from './zoned-time';

export type { SlaCalendar } from './working-calendar';

function instantOf(date: Date, name: string): number {
  const ms = date.getTime();
  invariant(Number.isFinite(ms), `${name} is a valid date`);
  return ms;
}

/** The instant by which `hours` of working time have elapsed since `start`. */
export function addWorkingHours(start: Date, hours: number, calendar: SlaCalendar): Date {
  const from = instantOf(start, 'start');
  invariant(Number.isFinite(hours) && hours >= 0, `working hours to add are a finite number >= 0 (got ${hours})`);
  let remaining = Math.round(hours * HOUR_MS);
  if (remaining === 0) return new Date(from);
  const compiled = compileCalendar(calendar);
  const firstDay = localEpochDay(from, compiled.timeZone);
  for (let day = firstDay; day <= firstDay + MAX_CALENDAR_DAYS; day++) {
    const window = workingWindow(compiled, day);
    if (window === null) continue;
    const begin = Math.max(window.start, from);
    if (begin >= window.end) continue;
    const available = window.end - begin;
    if (remaining <= available) return new Date(begin + remaining);
    remaining -= available;
  }
  throw new InvariantViolation(`${hours} working hours do not fit in ${MAX_CALENDAR_DAYS} days of the working calendar`);
}

/** Working time between two instants, in ms; 0 when `to` is not after `from`. */
export function workingMsBetween(from: Date, to: Date, calendar: SlaCalendar): number {
  const start = instantOf(from, 'from');
  const end = instantOf(to, 'to');
  if (end <= start) return 0;
  const compiled = compileCalendar(calendar);
  const firstDay = localEpochDay(start, compiled.timeZone);
  const lastDay = localEpochDay(end, compiled.timeZone);
  invariant(lastDay - firstDay <= MAX_CALENDAR_DAYS, `a working-time span is at most ${MAX_CALENDAR_DAYS} days`);
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const window = workingWindow(compiled, day);
    if (window === null) continue;
    const overlap = Math.min(window.end, end) - Math.max(window.start, start);
    if (overlap > 0) total += overlap;
  }
  return total;
}

export interface SlaStatus {
  dueAt: Date;
  /** Working time left until `dueAt`; negative by the working time overdue once breached. */
  remainingWorkingMs: number;
  /**
   * More working time has passed than was allowed (`remainingWorkingMs < 0`).
   * Counted in working time like the target itself: a case due Friday 18:00 is
   * not breached over the weekend; it breaches as Monday's working hours begin.
   */
  breached: boolean;
  /** Working time used / working time allowed; above 1 once breached (not clamped: a UI clamps its bar). */
  fractionUsed: number;
  /** Working time since `openedAt` (0 before it). */
  elapsedWorkingMs: number;
  /** Working time between `openedAt` and `dueAt`. */
  allowedWorkingMs: number;
}

/**
 * The timer of a case against its due time. `dueAt` is the stored value
 * (computed with `addWorkingHours` when the clock started), so a later change
 * of calendar does not move deadlines already promised.
 */
export function slaStatus(openedAt: Date, dueAt: Date, now: Date, calendar: SlaCalendar): SlaStatus {
  const opened = instantOf(openedAt, 'openedAt');
  const due = instantOf(dueAt, 'dueAt');
  const at = instantOf(now, 'now');
  const allowed = workingMsBetween(openedAt, dueAt, calendar);
  const elapsed = workingMsBetween(openedAt, now, calendar);
  const remaining = at > due ? -workingMsBetween(dueAt, now, calendar) : workingMsBetween(at < opened ? openedAt : now, dueAt, calendar);
  const fractionUsed = allowed > 0 ? elapsed / allowed : at >= due ? 1 : 0;
  return {
    dueAt: new Date(due),
    remainingWorkingMs: remaining === 0 ? 0 : remaining, // never -0
    breached: remaining < 0,
    fractionUsed,
    elapsedWorkingMs: elapsed,
    allowedWorkingMs: allowed,
  };
}
