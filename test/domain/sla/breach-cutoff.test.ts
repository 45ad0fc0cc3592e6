/**
 * The SQL-side breach test (a timer start, or a due time, compared with one
 * instant) agrees with the live timer (slaStatus) for any start, target and
 * moment, weekends, nights and holidays included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import { breachedIfDueBefore, breachedIfStartedBefore, subtractWorkingHours } from '../../../src/domain/sla/breach-cutoff';
import { slaDueAt } from '../../../src/domain/sla/sla-due';
import { addWorkingHours, slaStatus, workingMsBetween } from '../../../src/domain/sla/working-hours';

const { sla } = loadConfig();
const HOUR = 3_600_000;
const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }).map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));

describe('breach cutoff', () => {
  it('subtracts working hours as addWorkingHours adds them', () => {
    // Wed 2026-11-25 10:00 Nicosia (08:00Z) minus 3 working hours: Tue 16:00 local (14:00Z).
    expect(subtractWorkingHours(new Date('2026-11-25T08:00:00Z'), 3, sla).toISOString()).toBe('2026-11-24T14:00:00.000Z');
    // Monday 09:00 local minus 1 h is the start of Friday's last hour.
    expect(subtractWorkingHours(new Date('2026-11-23T07:00:00Z'), 1, sla).toISOString()).toBe('2026-11-20T15:00:00.000Z');
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), (now, hours) => {
        const start = subtractWorkingHours(now, hours, sla);
        expect(workingMsBetween(start, now, sla)).toBe(hours * HOUR);
        expect(addWorkingHours(start, hours, sla).getTime()).toBeLessThanOrEqual(now.getTime());
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('agrees with the live timer on every breach', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 14 * 24 * 60 }), fc.constantFrom('kyc_review', 'deposit_review', 'withdrawal_payout') as fc.Arbitrary<'kyc_review'>, (start, minutesLater, target) => {
        const now = new Date(start.getTime() + minutesLater * 60_000);
        const due = slaDueAt(sla, target, start);
        const live = slaStatus(start, due, now, sla).breached;
        expect(start < breachedIfStartedBefore(now, sla.targets[target].workingHours, sla)).toBe(live);
        expect(due < breachedIfDueBefore(now, sla)).toBe(live);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('does not breach over the weekend what fell due on Friday evening', () => {
    const fridayDue = new Date('2026-11-20T16:00:00Z'); // 18:00 local
    expect(fridayDue < breachedIfDueBefore(new Date('2026-11-22T12:00:00Z'), sla)).toBe(false);
    expect(fridayDue < breachedIfDueBefore(new Date('2026-11-23T07:01:00Z'), sla)).toBe(true);
  });
});
