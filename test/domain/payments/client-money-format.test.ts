import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money, parseMoney } from '../../../src/domain/ledger/money';
import { formatClientMoney } from '../../../src/domain/payments/client-money-format';

describe('formatClientMoney', () => {
  it.each<[bigint, string, string]>([
    [1000n, 'EUR', '€10.00'],
    [5n, 'USD', '$0.05'],
    [100_000_000n, 'USD', '$1,000,000.00'],
    [123_456n, 'GBP', '£1,234.56'],
    [100_000n, 'AED', '1,000.00 AED'],
    [1_234_567n, 'JPY', '1,234,567 JPY'],
    [1_234_567n, 'KWD', '1,234.567 KWD'],
    [-150n, 'EUR', '-€1.50'],
    [0n, 'EUR', '€0.00'],
  ])('%s %s → %s', (minor, currency, expected) => {
    expect(formatClientMoney(money(minor, currency))).toBe(expected);
  });

  it('round-trips through parseMoney once the grouping and symbol are removed', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.constantFrom('EUR', 'USD', 'JPY', 'KWD', 'AED'), (minor, currency) => {
        const text = formatClientMoney(money(minor, currency)).replace(/[,€$£]|\s[A-Z]{3}$/g, '');
        expect(parseMoney(text, currency).amountMinor).toBe(minor);
      }),
      { seed: 20_260_503, numRuns: 300 },
    );
  });
});
