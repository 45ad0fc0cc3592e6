/**
 * A deliberately naive reference for working time: asks Intl, minute by
 * minute, "is it working time on the wall clock now?". Shares no code with
 * the implementation, so agreement between the two is meaningful.
 */
import type { SlaCalendar } from '../../../src/domain/sla/working-calendar';

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function referenceWorkingMinutes(from: Date, to: Date, calendar: SlaCalendar): number {
  const { timezone, days, start, end } = calendar.workingHours;
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  let minutes = 0;
  for (let t = from.getTime(); t < to.getTime(); t += 60_000) {
    const parts = Object.fromEntries(format.formatToParts(t).map((p) => [p.type, p.value]));
    const weekday = DAY_NAMES.find((name) => parts.weekday!.toLowerCase().startsWith(name))!;
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    const clock = `${parts.hour}:${parts.minute}`;
    if ((days as readonly string[]).includes(weekday) && !calendar.holidays.includes(date) && clock >= start && clock < end) minutes++;
  }
  return minutes;
}
