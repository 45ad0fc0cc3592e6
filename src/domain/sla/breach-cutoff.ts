/**
 * SLA breaches counted by the database: instead of computing each open case's
 * timer (slaStatus) row by row, the operations view asks once "before which
 * instant must a timer have started (or fallen due) to be breached now?" and
 * counts rows with one indexed comparison. Same rule as slaStatus: breached
 * once more working time has passed than was allowed, so a case due Friday
 * 18:00 is not breached over the weekend.
 */
import { InvariantViolation, invariant } from '../errors';
import { compileCalendar, MAX_CALENDAR_DAYS, type SlaCalendar, workingWindow } from './working-calendar';
import { HOUR_MS, localEpochDay } from './zoned-time';

/**
 * The latest instant T with `hours` of working time between T and `now`
 * (walking back through the working windows). `hours` = 0 gives `now`.
 */
export function subtractWorkingHours(now: Date, hours: number, calendar: SlaCalendar): Date {
  const to = now.getTime();
  invariant(Number.isFinite(to), 'now is a valid date');
  invariant(Number.isFinite(hours) && hours >= 0, `working hours to subtract are a finite number >= 0 (got ${hours})`);
  let remaining = Math.round(hours * HOUR_MS);
  if (remaining === 0) return new Date(to);
  const compiled = compileCalendar(calendar);
  const lastDay = localEpochDay(to, compiled.timeZone);
  for (let day = lastDay; day >= lastDay - MAX_CALENDAR_DAYS; day--) {
    const window = workingWindow(compiled, day);
    if (window === null) continue;
    const end = Math.min(window.end, to);
    if (end <= window.start) continue;
    const available = end - window.start;
    if (remaining <= available) return new Date(end - remaining);
    remaining -= available;
  }
  throw new InvariantViolation(`${hours} working hours do not fit in ${MAX_CALENDAR_DAYS} days of the working calendar`);
}

/**
 * The instant C such that there is working time between t and `at` exactly
 * when t < C: `at` itself inside a working window, else the end of the last
 * window before it.
 */
export function lastWorkingInstant(at: Date, calendar: SlaCalendar): Date {
  const to = at.getTime();
  const compiled = compileCalendar(calendar);
  const lastDay = localEpochDay(to, compiled.timeZone);
  for (let day = lastDay; day >= lastDay - MAX_CALENDAR_DAYS; day--) {
    const window = workingWindow(compiled, day);
    if (window === null || window.start >= to) continue;
    return new Date(Math.min(window.end, to));
  }
  throw new InvariantViolation(`no working time in the ${MAX_CALENDAR_DAYS} days before ${at.toISOString()}`);
}

/** A timer of `hours` working hours that started before this instant is breached at `now`. */
export function breachedIfStartedBefore(now: Date, hours: number, calendar: SlaCalendar): Date {
  return lastWorkingInstant(subtractWorkingHours(now, hours, calendar), calendar);
}

/** A case whose stored due time is before this instant is breached at `now`. */
export function breachedIfDueBefore(now: Date, calendar: SlaCalendar): Date {
  return lastWorkingInstant(now, calendar);
}
