import { describe, expect, it } from 'vitest';
import {
  epochDayOfIsoDate,
  isoDateOfEpochDay,
  isoWeekdayIndex,
  localIsoDate,
  wallTimeAt,
  wallTimeToInstant,
  zoneOffsetMs,
} from '../../../src/domain/sla/zoned-time';

const H = 3_600_000;
const wall = (iso: string) => {
  const [date, time] = iso.split(' ') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return { year, month, day, hour, minute };
};

describe('wallTimeToInstant', () => {
  it.each([
    // zone, local wall time, expected instant, why
    ['Europe/Nicosia', '2026-01-15 09:00', '2026-01-15T07:00:00Z', 'winter, +02:00'],
    ['Europe/Nicosia', '2026-07-15 09:00', '2026-07-15T06:00:00Z', 'summer, +03:00'],
    ['Europe/Nicosia', '2026-03-29 02:59', '2026-03-29T00:59:00Z', 'last minute before the spring gap'],
    ['Europe/Nicosia', '2026-03-29 03:00', '2026-03-29T01:00:00Z', 'skipped (03:00→04:00): moved forward by the gap, = 04:00 EEST'],
    ['Europe/Nicosia', '2026-03-29 03:30', '2026-03-29T01:30:00Z', 'skipped: 04:30 EEST'],
    ['Europe/Nicosia', '2026-03-29 04:00', '2026-03-29T01:00:00Z', 'first minute after the gap'],
    ['Europe/Nicosia', '2026-10-25 03:30', '2026-10-25T00:30:00Z', 'repeated (04:00→03:00): the earlier instant'],
    ['Europe/Nicosia', '2026-10-25 04:00', '2026-10-25T02:00:00Z', 'after the repeat, +02:00'],
    ['Europe/Nicosia', '2026-10-25 02:59', '2026-10-24T23:59:00Z', 'before the repeat, +03:00'],
    ['America/New_York', '2026-03-08 02:30', '2026-03-08T07:30:00Z', 'US gap 02:00→03:00: 03:30 EDT'],
    ['America/New_York', '2026-11-01 01:30', '2026-11-01T05:30:00Z', 'US repeat: first 01:30 (EDT)'],
    ['Australia/Sydney', '2026-04-05 02:30', '2026-04-04T15:30:00Z', 'southern repeat: first 02:30 (AEDT)'],
    ['Asia/Kolkata', '2026-06-01 09:00', '2026-06-01T03:30:00Z', 'half-hour offset'],
    ['UTC', '2026-06-01 00:00', '2026-06-01T00:00:00Z', 'UTC'],
  ])('%s %s → %s (%s)', (zone, local, expected) => {
    expect(new Date(wallTimeToInstant(wall(local), zone)).toISOString()).toBe(new Date(expected).toISOString());
  });

  it('round-trips every hour of 2026 in Nicosia except the skipped one', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += H) {
      const w = wallTimeAt(t, 'Europe/Nicosia');
      const back = wallTimeToInstant(w, 'Europe/Nicosia');
      // A repeated hour maps to its first occurrence, one hour earlier.
      expect([t, t - H]).toContain(back);
    }
  });
});

describe('offsets and local dates', () => {
  it.each([
    ['2026-03-29T00:59:59Z', 2],
    ['2026-03-29T01:00:00Z', 3],
    ['2026-10-25T00:59:59Z', 3],
    ['2026-10-25T01:00:00Z', 2],
  ])('Nicosia offset at %s is +%i h', (instant, hours) => {
    expect(zoneOffsetMs(Date.parse(instant), 'Europe/Nicosia')).toBe(hours * H);
  });

  it.each([
    ['2026-03-01T21:59:59Z', '2026-03-01'],
    ['2026-03-01T22:00:00Z', '2026-03-02'],
    ['2026-07-01T20:59:59Z', '2026-07-01'],
    ['2026-07-01T21:00:00Z', '2026-07-02'],
  ])('local date in Nicosia of %s is %s', (instant, date) => {
    expect(localIsoDate(Date.parse(instant), 'Europe/Nicosia')).toBe(date);
  });

  it.each([
    ['1970-01-01', 3],
    ['2026-03-02', 0],
    ['2026-03-08', 6],
    ['1969-12-29', 0],
  ])('%s has ISO weekday index %i (0 = Monday)', (date, index) => {
    expect(isoWeekdayIndex(epochDayOfIsoDate(date)!)).toBe(index);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', ''])('%j is not a calendar date', (text) => {
    expect(epochDayOfIsoDate(text)).toBeUndefined();
  });

  it('epoch days and ISO dates round-trip', () => {
    for (const date of ['1970-01-01', '2024-02-29', '2026-12-31', '2099-06-15']) {
      expect(isoDateOfEpochDay(epochDayOfIsoDate(date)!)).toBe(date);
    }
  });
});
