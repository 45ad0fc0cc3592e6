import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import { InvariantViolation } from '../../../src/domain/errors';
import { slaDueAt } from '../../../src/domain/sla/sla-due';
import { compileCalendar, type SlaCalendar } from '../../../src/domain/sla/working-calendar';
import { slaStatus } from '../../../src/domain/sla/working-hours';

const H = 3_600_000;
const MIN = 60_000;
const config = loadConfig();
const demo = config.sla;
const at = (iso: string) => new Date(iso);

describe('slaStatus: 8 h target opened Monday 2 March 2026 10:00 Nicosia, due 18:00', () => {
  const opened = at('2026-03-02T10:00+02:00');
  const due = at('2026-03-02T18:00+02:00');

  it.each([
    // now, remaining working ms, breached, fraction used, why
    ['2026-03-02T09:00+02:00', 8 * H, false, 0, 'clock before opening (skew): nothing used'],
    ['2026-03-02T10:00+02:00', 8 * H, false, 0, 'just opened'],
    ['2026-03-02T14:00+02:00', 4 * H, false, 0.5, 'half way'],
    ['2026-03-02T17:59+02:00', MIN, false, (8 * H - MIN) / (8 * H), 'a minute left'],
    ['2026-03-02T18:00+02:00', 0, false, 1, 'exactly at the due time: not breached'],
    ['2026-03-02T23:00+02:00', 0, false, 1, 'after the due instant but no working time has passed since'],
    ['2026-03-03T09:00+02:00', 0, false, 1, 'next opening minute, still none'],
    ['2026-03-03T09:01+02:00', -MIN, true, (8 * H + MIN) / (8 * H), 'one working minute overdue'],
    ['2026-03-03T13:00+02:00', -4 * H, true, 1.5, 'half a target overdue'],
    ['2026-03-09T09:00+02:00', -36 * H, true, 5.5, 'a week later: four more working days'],
  ])('now %s → remaining %i ms, breached %s, used %d (%s)', (now, remaining, breached, fraction) => {
    const status = slaStatus(opened, due, at(now), demo);
    expect(status.remainingWorkingMs).toBe(remaining);
    expect(Object.is(status.remainingWorkingMs, -0)).toBe(false);
    expect(status.breached).toBe(breached);
    expect(status.fractionUsed).toBeCloseTo(fraction, 12);
    expect(status.dueAt.toISOString()).toBe(due.toISOString());
    expect(status.allowedWorkingMs).toBe(8 * H);
  });
});

describe('slaStatus over a weekend and a holiday', () => {
  // Opened Friday 20 February 17:00 with 8 h: Monday 23 is Green Monday, so due Tuesday 24 16:00.
  const opened = at('2026-02-20T17:00+02:00');
  const due = slaDueAt(config.sla, 'kyc_review', opened);

  it('computes the due time from the configured target', () => {
    expect(config.sla.targets.kyc_review.workingHours).toBe(8);
    expect(due.toISOString()).toBe(at('2026-02-24T16:00+02:00').toISOString());
  });

  it.each([
    ['2026-02-21T12:00+02:00', 7 * H, false, 'Saturday: only Friday’s hour used'],
    ['2026-02-23T12:00+02:00', 7 * H, false, 'holiday Monday: clock stands still'],
    ['2026-02-24T09:00+02:00', 7 * H, false, 'Tuesday opening'],
    ['2026-02-24T16:00+02:00', 0, false, 'due'],
    ['2026-02-25T10:00+02:00', -3 * H, true, 'Tuesday 16–18 and Wednesday 9–10 overdue'],
  ])('now %s → remaining %i ms, breached %s (%s)', (now, remaining, breached) => {
    const status = slaStatus(opened, due, at(now), demo);
    expect(status.remainingWorkingMs).toBe(remaining);
    expect(status.breached).toBe(breached);
    expect(status.elapsedWorkingMs + status.remainingWorkingMs).toBe(8 * H);
  });
});

describe('slaStatus edge cases', () => {
  it('a zero-hour target is used up at once', () => {
    const opened = at('2026-03-02T10:00+02:00');
    expect(slaStatus(opened, opened, opened, demo)).toMatchObject({ remainingWorkingMs: 0, breached: false, fractionUsed: 1 });
    expect(slaStatus(opened, opened, at('2026-03-02T09:00+02:00'), demo)).toMatchObject({ breached: false, fractionUsed: 0 });
    expect(slaStatus(opened, opened, at('2026-03-02T11:00+02:00'), demo)).toMatchObject({ remainingWorkingMs: -H, breached: true, fractionUsed: 1 });
  });

  it('uses the stored due time as given, even one the calendar would not compute', () => {
    const status = slaStatus(at('2026-03-02T10:00+02:00'), at('2026-03-03T10:00+02:00'), at('2026-03-02T12:00+02:00'), demo);
    expect(status.allowedWorkingMs).toBe(9 * H);
    expect(status.remainingWorkingMs).toBe(7 * H);
  });

  it('refuses invalid dates', () => {
    expect(() => slaStatus(new Date(Number.NaN), at('2026-03-02T10:00Z'), at('2026-03-02T10:00Z'), demo)).toThrow(InvariantViolation);
  });
});

describe('every configured target has a due time', () => {
  it.each(Object.entries(config.sla.targets))('%s', (target, { workingHours }) => {
    const opened = at('2026-03-02T10:00+02:00');
    const due = slaDueAt(config.sla, target as keyof typeof config.sla.targets, opened);
    expect(slaStatus(opened, due, opened, demo).allowedWorkingMs).toBe(workingHours * H);
  });
});

describe('calendar compilation', () => {
  const base = demo.workingHours;
  it.each<[string, SlaCalendar]>([
    ['end before start', { workingHours: { ...base, start: '18:00', end: '09:00' }, holidays: [] }],
    ['end equal to start', { workingHours: { ...base, start: '09:00', end: '09:00' }, holidays: [] }],
    ['no working days', { workingHours: { ...base, days: [] }, holidays: [] }],
    ['bad clock', { workingHours: { ...base, start: '9:00' }, holidays: [] }],
    ['bad holiday', { workingHours: base, holidays: ['2026-02-30'] }],
  ])('refuses %s', (_name, calendar) => {
    expect(() => compileCalendar(calendar)).toThrow(InvariantViolation);
  });

  it('refuses an unknown time zone', () => {
    expect(() => compileCalendar({ workingHours: { ...base, timezone: 'Mars/Olympus' }, holidays: [] })).toThrow(RangeError);
  });

  it('compiles a calendar object once', () => {
    expect(compileCalendar(demo)).toBe(compileCalendar(demo));
  });
});
