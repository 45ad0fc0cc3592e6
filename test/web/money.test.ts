/**
 * The web app's money helpers (web/src/lib/money.ts): what a client types in
 * major units becomes exact minor units by the currency's exponent, with no
 * float anywhere; amounts are shown exactly, grouped, for clients and staff.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareMinor, formatMinorDecimal, formatMoney, formatSignedMoney, formatStaffMoney, parseAmount } from '../../web/src/lib/money';

describe('parseAmount', () => {
  it.each([
    ['100.50', 'EUR', '10050'],
    ['100,5', 'EUR', '10050'],
    ['100', 'EUR', '10000'],
    ['0.01', 'EUR', '1'],
    ['10.500', 'EUR', '1050'],
    [' 1 000.25 ', 'EUR', '100025'],
    ['007.10', 'USD', '710'],
    ['1500', 'JPY', '1500'],
    ['1.000', 'JPY', '1'],
    ['2.125', 'KWD', '2125'],
    ['0.1', 'KWD', '100'],
    ['123456789012345.67', 'EUR', '12345678901234567'],
  ])('%s %s → %s minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['', 'EUR', 'empty'],
    ['  ', 'EUR', 'empty'],
    ['abc', 'EUR', 'format'],
    ['-5', 'EUR', 'format'],
    ['+5', 'EUR', 'format'],
    ['1e3', 'EUR', 'format'],
    ['1,000.50', 'EUR', 'format'],
    ['.5', 'EUR', 'format'],
    ['10.005', 'EUR', 'decimals'],
    ['10.5', 'JPY', 'decimals'],
    ['0', 'EUR', 'zero'],
    ['0.00', 'EUR', 'zero'],
    ['99999999999999999.99', 'EUR', 'too_large'],
  ])('refuses %j %s (%s)', (text, currency, problem) => {
    expect(parseAmount(text, currency)).toMatchObject({ ok: false, problem });
  });

  it('round-trips any amount exactly through its decimal text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 17n }), fc.constantFrom('EUR', 'JPY', 'KWD'), (minor, currency) => {
        const text = formatMinorDecimal(minor, currency).replace(/,/g, '');
        expect(parseAmount(text, currency)).toEqual({ ok: true, minor: minor.toString() });
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});

describe('formatting', () => {
  it('shows client amounts as the server words them, exactly', () => {
    expect(formatMoney('1225050', 'EUR')).toBe('€12,250.50');
    expect(formatMoney('1000', 'USD')).toBe('$10.00');
    expect(formatMoney('100000', 'AED')).toBe('1,000.00 AED');
    expect(formatMoney('9007199254740993', 'EUR')).toBe('€90,071,992,547,409.93');
    expect(formatMoney(1500, 'JPY')).toBe('1,500 JPY');
  });

  it('shows staff amounts with the code, and signed journal lines', () => {
    expect(formatStaffMoney('1200000', 'EUR')).toBe('12,000.00 EUR');
    expect(formatStaffMoney('5', 'EUR')).toBe('0.05 EUR');
    expect(formatStaffMoney('2125', 'KWD')).toBe('2.125 KWD');
    expect(formatSignedMoney('25050', 'EUR')).toBe('+250.50 EUR');
    expect(formatSignedMoney('-25050', 'EUR')).toBe('-250.50 EUR');
  });

  it('compares minor units exactly beyond 2^53', () => {
    expect(compareMinor('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareMinor('1000', 1000)).toBe(0);
    expect(compareMinor('999', 1000)).toBe(-1);
  });
});
