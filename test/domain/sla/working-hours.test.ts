import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import { InvariantViolation } from '../../../src/domain/errors';
import { type SlaCalendar } from '../../../src/domain/sla/working-calendar';
import { addWorkingHours, workingMsBetween } from '../../../src/domain/sla/working-hours';
import { referenceWorkingMinutes } from './minute-reference';

const H = 3_600_000;
const MIN = 60_000;
/** Demo: Europe/Nicosia, Mon–Fri 09:00–18:00, Cyprus holidays 2026 (winter +02:00, summer +03:00 from 29 March to 25 October). */
const demo = loadConfig().sla;
const at = (iso: string) => new Date(iso);

describe('addWorkingHours on the demo calendar', () => {
  it.each([
    // start (local time with its offset), hours, expected due, why
    ['2026-03-02T10:00+02:00', 8, '2026-03-02T18:00+02:00', 'ends exactly at closing: due at 18:00, not 09:00 next day'],
    ['2026-03-02T09:00+02:00', 9, '2026-03-02T18:00+02:00', 'a full day from the opening minute'],
    ['2026-03-02T09:00+02:00', 1 / 60, '2026-03-02T09:01+02:00', 'one minute from the opening minute'],
    ['2026-03-02T17:59+02:00', 1 / 60, '2026-03-02T18:00+02:00', 'the last working minute'],
    ['2026-03-02T17:00+02:00', 1, '2026-03-02T18:00+02:00', 'last hour of the day'],
    ['2026-03-02T17:00+02:00', 1.5, '2026-03-03T09:30+02:00', 'carries over to the next morning'],
    ['2026-03-02T18:00+02:00', 1, '2026-03-03T10:00+02:00', 'opened at the closing minute'],
    ['2026-03-02T08:59+02:00', 1, '2026-03-02T10:00+02:00', 'opened a minute before opening'],
    ['2026-03-03T02:00+02:00', 1, '2026-03-03T10:00+02:00', 'opened at night: counts from the opening'],
    ['2026-03-03T20:00+02:00', 1, '2026-03-04T10:00+02:00', 'opened in the evening'],
    ['2026-03-03T23:59+02:00', 8, '2026-03-04T17:00+02:00', 'opened just before midnight'],
    ['2026-03-06T17:00+02:00', 8, '2026-03-09T16:00+02:00', 'Friday 17:00 + 8 h → Monday 16:00'],
    ['2026-03-06T17:00+02:00', 10, '2026-03-09T18:00+02:00', 'Friday 17:00 + 10 h → Monday 18:00'],
    ['2026-03-06T17:00+02:00', 11, '2026-03-10T10:00+02:00', 'Friday 17:00 + 11 h → Tuesday 10:00'],
    ['2026-03-07T12:00+02:00', 8, '2026-03-09T17:00+02:00', 'opened on Saturday'],
    ['2026-03-08T23:00+02:00', 4, '2026-03-09T13:00+02:00', 'opened on Sunday night'],
    ['2026-03-02T09:00+02:00', 45, '2026-03-06T18:00+02:00', 'a whole working week'],
    ['2026-03-02T09:00+02:00', 46, '2026-03-09T10:00+02:00', 'a working week and one hour'],
    ['2026-03-02T09:00+02:00', 0.25, '2026-03-02T09:15+02:00', 'a quarter of an hour'],
    ['2026-02-20T17:00+02:00', 8, '2026-02-24T16:00+02:00', 'Friday, then the Green Monday holiday'],
    ['2026-03-24T17:00+02:00', 2, '2026-03-26T10:00+02:00', 'mid-week holiday (25 March)'],
    ['2026-03-25T10:00+02:00', 1, '2026-03-26T10:00+02:00', 'opened on a holiday'],
    ['2026-04-09T17:00+03:00', 3, '2026-04-14T11:00+03:00', 'Easter: Good Friday and Easter Monday'],
    ['2026-12-23T12:00+02:00', 8, '2026-12-28T11:00+02:00', 'Christmas: 24, 25 holidays, 26 Saturday'],
    ['2026-12-31T17:00+02:00', 2, '2027-01-01T10:00+02:00', 'only configured holidays count (2027 has none listed)'],
    ['2026-03-27T17:00+02:00', 8, '2026-03-30T16:00+03:00', 'over the spring DST weekend: Monday in summer time'],
    ['2026-10-23T17:00+03:00', 8, '2026-10-26T16:00+02:00', 'over the autumn DST weekend: Monday in winter time'],
    ['2026-03-27T09:00+02:00', 18, '2026-03-30T18:00+03:00', 'two full days across the spring change'],
  ])('%s + %s h → %s (%s)', (start, hours, due) => {
    expect(addWorkingHours(at(start), hours, demo).toISOString()).toBe(at(due).toISOString());
  });

  it.each([
    ['2026-03-02T10:00+02:00', 'inside working hours'],
    ['2026-03-07T03:00+02:00', 'Saturday night'],
    ['2026-03-25T12:00+02:00', 'a holiday'],
  ])('zero hours is due at once, at the start itself (%s, %s)', (start) => {
    expect(addWorkingHours(at(start), 0, demo).toISOString()).toBe(at(start).toISOString());
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s hours', (hours) => {
    expect(() => addWorkingHours(at('2026-03-02T10:00Z'), hours, demo)).toThrow(InvariantViolation);
  });

  it('refuses an invalid start date', () => {
    expect(() => addWorkingHours(new Date('nonsense'), 1, demo)).toThrow(InvariantViolation);
  });

  it('keeps the sub-second part of the start', () => {
    expect(addWorkingHours(at('2026-03-02T10:00:00.250+02:00'), 1, demo).toISOString()).toBe('2026-03-02T09:00:00.250Z');
  });

  it('stops after five years of days instead of looping when no working time exists', () => {
    const everyMonday = Array.from({ length: 1000 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10));
    const mondaysOnlyAllHolidays: SlaCalendar = { workingHours: { ...demo.workingHours, days: ['mon'] }, holidays: everyMonday };
    expect(() => addWorkingHours(at('2026-01-01T00:00Z'), 1, mondaysOnlyAllHolidays)).toThrow(/working hours do not fit/);
  });

  it('handles the largest configurable target (2000 h) quickly and exactly', () => {
    const start = at('2026-01-01T00:00+02:00');
    const due = addWorkingHours(start, 2000, demo);
    expect(workingMsBetween(start, due, demo)).toBe(2000 * H);
  });
});

describe('workingMsBetween on the demo calendar', () => {
  it.each([
    ['2026-03-02T10:00+02:00', '2026-03-02T10:00+02:00', 0, 'same instant'],
    ['2026-03-02T12:00+02:00', '2026-03-02T10:00+02:00', 0, 'to before from'],
    ['2026-03-02T10:00+02:00', '2026-03-02T12:00+02:00', 2 * H, 'inside one day'],
    ['2026-03-02T08:00+02:00', '2026-03-02T20:00+02:00', 9 * H, 'clamped to the window'],
    ['2026-03-02T09:00+02:00', '2026-03-02T09:01+02:00', MIN, 'first minute'],
    ['2026-03-02T17:59+02:00', '2026-03-02T18:00+02:00', MIN, 'last minute'],
    ['2026-03-02T18:00+02:00', '2026-03-03T09:00+02:00', 0, 'closing to next opening'],
    ['2026-03-06T17:00+02:00', '2026-03-09T10:00+02:00', 2 * H, 'over a weekend'],
    ['2026-03-07T00:00+02:00', '2026-03-09T00:00+02:00', 0, 'a weekend'],
    ['2026-03-02T00:00+02:00', '2026-03-09T00:00+02:00', 45 * H, 'a working week'],
    ['2026-03-23T00:00+02:00', '2026-03-30T00:00+03:00', 36 * H, 'a week with a holiday and the spring change'],
    ['2026-10-19T00:00+03:00', '2026-10-26T00:00+02:00', 45 * H, 'the week of the autumn change'],
    ['2026-01-01T00:00+02:00', '2027-01-01T00:00+02:00', 248 * 9 * H, 'the whole of 2026: 261 weekdays − 13 weekday holidays'],
  ])('%s → %s = %i ms (%s)', (from, to, ms) => {
    expect(workingMsBetween(at(from), at(to), demo)).toBe(ms);
  });

  it('refuses a span longer than five years', () => {
    expect(() => workingMsBetween(at('2020-01-01T00:00Z'), at('2026-01-01T00:00Z'), demo)).toThrow(InvariantViolation);
  });
});

describe('DST days in a calendar whose hours cross the change', () => {
  const nightShift: SlaCalendar = {
    workingHours: { timezone: 'Europe/Nicosia', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '06:00' },
    holidays: [],
  };
  const newYorkGap: SlaCalendar = {
    workingHours: { timezone: 'America/New_York', days: ['sun'], start: '02:30', end: '05:00' },
    holidays: [],
  };

  it.each([
    [nightShift, '2026-03-28T00:00+02:00', '2026-03-29T00:00+02:00', 6 * H, 'ordinary day'],
    [nightShift, '2026-03-29T00:00+02:00', '2026-03-30T00:00+03:00', 5 * H, 'spring: 00:00–06:00 is 5 real hours'],
    [nightShift, '2026-10-25T00:00+03:00', '2026-10-26T00:00+02:00', 7 * H, 'autumn: 00:00–06:00 is 7 real hours'],
    [newYorkGap, '2026-03-08T00:00-05:00', '2026-03-09T00:00-04:00', 1.5 * H, 'opening inside the gap starts at 03:30 EDT'],
    [newYorkGap, '2026-03-01T00:00-05:00', '2026-03-02T00:00-05:00', 2.5 * H, 'ordinary Sunday'],
  ])('%#: %s → %s = %i ms (%s)', (calendar, from, to, ms) => {
    expect(workingMsBetween(at(from), at(to), calendar)).toBe(ms);
  });

  it('adds across the spring change in real time', () => {
    // 29 March: 00:00 EET (22:00Z on the 28th) + 3 h → 04:00 EEST (01:00Z).
    expect(addWorkingHours(at('2026-03-29T00:00+02:00'), 3, nightShift).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(addWorkingHours(at('2026-03-29T00:00+02:00'), 5, nightShift).toISOString()).toBe('2026-03-29T03:00:00.000Z');
    // …and the next half hour is on 30 March from 00:00 EEST (21:00Z).
    expect(addWorkingHours(at('2026-03-29T00:00+02:00'), 5.5, nightShift).toISOString()).toBe('2026-03-29T21:30:00.000Z');
  });
});

describe('agreement with a minute-by-minute reference', () => {
  it.each([
    ['2026-03-26T11:17+02:00', '2026-04-02T15:03+03:00', 'week of the spring change and two holidays'],
    ['2026-10-22T00:00+03:00', '2026-10-29T23:59+02:00', 'week of the autumn change and a holiday'],
    ['2026-12-22T16:45+02:00', '2026-12-29T09:30+02:00', 'Christmas'],
  ])('%s → %s (%s)', (from, to) => {
    expect(workingMsBetween(at(from), at(to), demo)).toBe(referenceWorkingMinutes(at(from), at(to), demo) * MIN);
  });
});

describe('properties', () => {
  const minuteIn2026 = fc.integer({ min: 0, max: 365 * 24 * 60 }).map((m) => new Date(Date.UTC(2026, 0, 1) + m * MIN));
  const quarterHours = fc.integer({ min: 0, max: 400 }).map((q) => q / 4);

  it('the working time from the start to the due time is exactly the target', () => {
    fc.assert(
      fc.property(minuteIn2026, quarterHours, (start, hours) => {
        expect(workingMsBetween(start, addWorkingHours(start, hours, demo), demo)).toBe(hours * H);
      }),
    );
  });

  it('the due time is the earliest such instant: one minute earlier falls short', () => {
    fc.assert(
      fc.property(minuteIn2026, quarterHours.filter((h) => h > 0), (start, hours) => {
        const due = addWorkingHours(start, hours, demo);
        expect(workingMsBetween(start, new Date(due.getTime() - MIN), demo)).toBeLessThan(hours * H);
      }),
    );
  });

  it('working time is additive over any split point', () => {
    fc.assert(
      fc.property(minuteIn2026, minuteIn2026, minuteIn2026, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        expect(workingMsBetween(x, y, demo) + workingMsBetween(y, z, demo)).toBe(workingMsBetween(x, z, demo));
      }),
    );
  });
});

describe('speed', () => {
  it('computes a queue page (50 due times and timers) well within a request', () => {
    const fresh: SlaCalendar = { workingHours: { ...demo.workingHours }, holidays: [...demo.holidays] }; // nothing cached yet
    const started = performance.now();
    for (let i = 0; i < 50; i++) {
      const opened = new Date(Date.UTC(2025, 0, 1) + i * 7 * 24 * H);
      const due = addWorkingHours(opened, 8, fresh);
      workingMsBetween(opened, at('2026-06-01T00:00Z'), fresh);
      workingMsBetween(due, at('2026-06-01T00:00Z'), fresh);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
