import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../../src/domain/ledger/money';
import { medianMinor, unusualPatternDetails, type UnusualPatternInput } from '../../../src/domain/payments/unusual-deposit-pattern';

const eur = (minor: bigint) => ({ amountMinor: minor, currency: 'EUR' });
const base: UnusualPatternInput = { amount: money(900_000n, 'EUR'), thresholdMinor: 1_000_000n, windowDeposits: [], windowHours: 24 };

describe('medianMinor', () => {
  it.each<[bigint[], bigint | undefined]>([
    [[], undefined],
    [[5n], 5n],
    [[3n, 1n, 2n], 2n],
    [[4n, 1n, 3n, 2n], 2n],
    [[10n ** 20n, 1n, 10n ** 19n], 10n ** 19n],
  ])('%s → %s', (amounts, expected) => {
    expect(medianMinor(amounts)).toBe(expected);
  });

  it('is an element, with as many values at or below it as above it (lower median)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 30 }), (values) => {
        const m = medianMinor(values)!;
        expect(values).toContain(m);
        expect(values.filter((v) => v <= m).length).toBeGreaterThanOrEqual(Math.ceil(values.length / 2));
        expect(values.filter((v) => v >= m).length).toBeGreaterThanOrEqual(Math.floor(values.length / 2) + (values.length % 2));
      }),
      { seed: 20_260_505, numRuns: 300 },
    );
  });
});

describe('unusualPatternDetails', () => {
  it.each<[string, Partial<UnusualPatternInput>, number]>([
    ['nothing unusual', {}, 0],
    ['structuring at the band edges (80 % and 100 %)', { amount: money(800_000n, 'EUR'), windowDeposits: [eur(1_000_000n), eur(800_000n)] }, 1],
    ['one deposit below the band breaks the pattern', { windowDeposits: [eur(799_999n), eur(900_000n)] }, 0],
    ['this deposit outside the band is no structuring', { amount: money(100_000n, 'EUR'), windowDeposits: [eur(900_000n), eur(900_000n)] }, 0],
    ['other currencies do not count', { windowDeposits: [{ amountMinor: 900_000n, currency: 'USD' }, eur(900_000n)] }, 0],
    ['no threshold: no structuring', { thresholdMinor: undefined, windowDeposits: [eur(900_000n), eur(900_000n)] }, 0],
    ['structuring and a spike', { windowDeposits: [eur(900_000n), eur(900_000n)], history: [eur(10_000n), eur(20_000n), eur(30_000n)] }, 2],
    ['spike with no threshold configured', { thresholdMinor: undefined, amount: money(5_000n, 'EUR'), history: [eur(1_000n), eur(1_000n), eur(1_000n)] }, 1],
    ['just under five times the median', { amount: money(99_999n, 'EUR'), history: [eur(20_000n), eur(20_000n), eur(20_000n)] }, 0],
    ['exactly five times the median and a tenth of the threshold', { amount: money(100_000n, 'EUR'), history: [eur(20_000n), eur(20_000n), eur(20_000n)] }, 1],
  ])('%s', (_name, overrides, count) => {
    expect(unusualPatternDetails({ ...base, ...overrides })).toHaveLength(count);
  });
});
