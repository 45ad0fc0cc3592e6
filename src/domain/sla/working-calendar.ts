/**
 * The broker's working calendar (config `sla.workingHours` + `sla.holidays`)
 * compiled once for fast day-by-day arithmetic: one working window per local
 * day, computed through the zone so DST days get their true length.
 */
import type { Weekday } from '../../config/vocabulary';
import { WEEKDAYS } from '../../config/vocabulary';
import { invariant } from '../errors';
import { dateOfEpochDay, epochDayOfIsoDate, isoWeekdayIndex, wallTimeToInstant } from './zoned-time';

/** Exactly what the configuration holds: pass `config.sla`. */
export interface SlaCalendar {
  readonly workingHours: {
    readonly timezone: string;
    readonly days: readonly Weekday[];
    /** 'HH:MM' local wall time */
    readonly start: string;
    /** 'HH:MM' local wall time, after start */
    readonly end: string;
  };
  /** Local dates 'YYYY-MM-DD' with no working time. */
  readonly holidays: readonly string[];
}

/** One local day's working time, as instants (ms): [start, end). */
export interface WorkingWindow {
  start: number;
  end: number;
}

export interface CompiledCalendar {
  readonly timeZone: string;
  /** Index 0 = Monday. */
  readonly workingWeekdays: readonly boolean[];
  readonly startMinute: number;
  readonly endMinute: number;
  readonly holidays: ReadonlySet<number>;
  readonly windows: Map<number, WorkingWindow | null>;
}

/** At most this many local days are walked by any calendar computation (five years). */
export const MAX_CALENDAR_DAYS = 5 * 366;

const MAX_CACHED_WINDOWS = 20_000;

// Calendars are read-only (the loaded configuration is deep-frozen), so compiling is memoised per object.
const compiled = new WeakMap<SlaCalendar, CompiledCalendar>();

function minuteOfDay(clock: string, field: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  invariant(match !== null, `sla.workingHours.${field} is HH:MM (got ${JSON.stringify(clock)})`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function compileCalendar(calendar: SlaCalendar): CompiledCalendar {
  const cached = compiled.get(calendar);
  if (cached !== undefined) return cached;
  const { timezone, days, start, end } = calendar.workingHours;
  const startMinute = minuteOfDay(start, 'start');
  const endMinute = minuteOfDay(end, 'end');
  invariant(startMinute < endMinute, 'sla.workingHours.end is after start');
  invariant(days.length > 0, 'sla.workingHours.days names at least one day');
  new Intl.DateTimeFormat('en', { timeZone: timezone }); // an unknown zone throws here, not mid-computation
  const holidays = new Set<number>();
  for (const holiday of calendar.holidays) {
    const epochDay = epochDayOfIsoDate(holiday);
    invariant(epochDay !== undefined, `sla.holidays has a real date YYYY-MM-DD (got ${JSON.stringify(holiday)})`);
    holidays.add(epochDay);
  }
  const result: CompiledCalendar = {
    timeZone: timezone,
    workingWeekdays: WEEKDAYS.map((day) => days.includes(day)),
    startMinute,
    endMinute,
    holidays,
    windows: new Map(),
  };
  compiled.set(calendar, result);
  return result;
}

/** The working window of a local day (epoch day), or null for a non-working day or a holiday. */
export function workingWindow(calendar: CompiledCalendar, epochDay: number): WorkingWindow | null {
  const cached = calendar.windows.get(epochDay);
  if (cached !== undefined) return cached;
  const window = computeWindow(calendar, epochDay);
  if (calendar.windows.size >= MAX_CACHED_WINDOWS) calendar.windows.clear();
  calendar.windows.set(epochDay, window);
  return window;
}

function computeWindow(calendar: CompiledCalendar, epochDay: number): WorkingWindow | null {
  if (!calendar.workingWeekdays[isoWeekdayIndex(epochDay)] || calendar.holidays.has(epochDay)) return null;
  const date = dateOfEpochDay(epochDay);
  const at = (minute: number) => wallTimeToInstant({ ...date, hour: Math.floor(minute / 60), minute: minute % 60 }, calendar.timeZone);
  const start = at(calendar.startMinute);
  const end = at(calendar.endMinute);
  // Only hours inside a DST gap could collapse a window; such a day simply has no working time.
  return end > start ? { start, end } : null;
}
