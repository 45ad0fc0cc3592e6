/**
 * The period of the operations view: whole local days in the broker's time
 * zone (the SLA calendar's), `from` and `to` both included. Default: the last
 * 30 days up to today. A period is at most a year long, so every query over it
 * stays a bounded range.
 */
import { ValidationError } from '../errors';
import { isCalendarDate } from '../calendar-date';
import { epochDayOfIsoDate, isoDateOfEpochDay, localEpochDay, wallTimeToInstant } from '../sla/zoned-time';

export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 366;

export interface ReportPeriod {
  /** YYYY-MM-DD, local, included. */
  from: string;
  /** YYYY-MM-DD, local, included. */
  to: string;
  /** First instant of `from`. */
  start: Date;
  /** First instant after `to`. */
  end: Date;
}

function startOfLocalDay(epochDay: number, timeZone: string): Date {
  const [year, month, day] = isoDateOfEpochDay(epochDay).split('-').map(Number) as [number, number, number];
  return new Date(wallTimeToInstant({ year, month, day, hour: 0, minute: 0 }, timeZone));
}

export function reportPeriod(input: { from?: string | undefined; to?: string | undefined }, now: Date, timeZone: string): ReportPeriod {
  const fields: Record<string, string> = {};
  for (const name of ['from', 'to'] as const) {
    const value = input[name];
    if (value !== undefined && !isCalendarDate(value)) fields[name] = 'A date YYYY-MM-DD.';
  }
  if (Object.keys(fields).length) throw new ValidationError('The period is not valid.', { fields }, 'period_invalid');
  const toDay = input.to !== undefined ? epochDayOfIsoDate(input.to)! : localEpochDay(now.getTime(), timeZone);
  const fromDay = input.from !== undefined ? epochDayOfIsoDate(input.from)! : toDay - (DEFAULT_PERIOD_DAYS - 1);
  if (fromDay > toDay) throw new ValidationError('The period starts after it ends.', { fields: { from: 'On or before "to".' } }, 'period_invalid');
  if (toDay - fromDay + 1 > MAX_PERIOD_DAYS) {
    throw new ValidationError(`A period is at most ${MAX_PERIOD_DAYS} days.`, { fields: { from: `At most ${MAX_PERIOD_DAYS} days before "to".` } }, 'period_invalid');
  }
  return { from: isoDateOfEpochDay(fromDay), to: isoDateOfEpochDay(toDay), start: startOfLocalDay(fromDay, timeZone), end: startOfLocalDay(toDay + 1, timeZone) };
}

