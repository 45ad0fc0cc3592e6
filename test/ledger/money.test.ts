/** Money in integer minor units: parsing, formatting and arithmetic never go through a float. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_EXPONENTS } from '../../src/config/currencies';
import { ValidationError } from '../../src/domain/errors';
import {
  addMoney,
  compareMoney,
  formatMoney,
  INT8_MAX,
  INT8_MIN,
  minMoney,
  money,
  negateMoney,
  parseMoney,
  subtractMoney,
  toDecimalString,
} from '../../src/domain/ledger';

describe('parseMoney', () => {
  it.each([
    ['0', 'USD', 0n],
    ['12', 'USD', 1200n],
    ['12.3', 'USD', 1230n],
    ['12.34', 'USD', 1234n],
    ['12.340', 'USD', 1234n],
    ['-0.01', 'USD', -1n],
    ['0.1', 'USD', 10n], // the float 0.1 is not exact; the parse is
    ['1000000.07', 'EUR', 100000007n],
    ['1500', 'JPY', 1500n],
    ['1500.00', 'JPY', 1500n],
    ['1.234', 'KWD', 1234n],
    ['92233720368547758.07', 'USD', INT8_MAX],
    ['-92233720368547758.08', 'USD', INT8_MIN],
  ])('"%s" %s → %s minor units', (text, currency, minor) => {
    expect(parseMoney(text, currency)).toEqual({ amountMinor: minor, currency });
  });

  it.each([
    ['12.345', 'USD', 'invalid_amount'],
    ['1.5', 'JPY', 'invalid_amount'],
    ['1e3', 'USD', 'invalid_amount'],
    ['', 'USD', 'invalid_amount'],
    [' 1', 'USD', 'invalid_amount'],
    ['+1', 'USD', 'invalid_amount'],
    ['1,000.00', 'USD', 'invalid_amount'],
    ['.5', 'USD', 'invalid_amount'],
    ['5.', 'USD', 'invalid_amount'],
    ['NaN', 'USD', 'invalid_amount'],
    ['1', 'XXX', 'unknown_currency'],
    ['1', 'usd', 'unknown_currency'],
    ['92233720368547758.08', 'USD', 'amount_out_of_range'],
    ['99999999999999999999999999999', 'USD', 'amount_out_of_range'],
  ])('refuses "%s" %s (%s)', (text, currency, code) => {
    let thrown: unknown;
    try {
      parseMoney(text, currency);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).code).toBe(code);
  });

  it('round-trips every int8 amount in every currency through its decimal string', () => {
    const currencies = Object.keys(CURRENCY_EXPONENTS);
    fc.assert(
      fc.property(fc.bigInt({ min: INT8_MIN, max: INT8_MAX }), fc.constantFrom(...currencies), (minor, currency) => {
        const m = money(minor, currency);
        expect(parseMoney(toDecimalString(m), currency)).toEqual(m);
      }),
      { seed: 424242, numRuns: 2000 },
    );
  });
});

describe('formatting and arithmetic', () => {
  it.each([
    [123450n, 'USD', '1234.50 USD'],
    [5n, 'USD', '0.05 USD'],
    [-5n, 'USD', '-0.05 USD'],
    [-5n, 'JPY', '-5 JPY'],
    [1n, 'KWD', '0.001 KWD'],
    [0n, 'EUR', '0.00 EUR'],
  ])('%s %s formats as %s', (minor, currency, text) => {
    expect(formatMoney(money(minor, currency))).toBe(text);
  });

  it('adds, subtracts, compares only within one currency, and refuses to leave int8', () => {
    const a = money(150n, 'USD');
    const b = money(50n, 'USD');
    expect(addMoney(a, b)).toEqual(money(200n, 'USD'));
    expect(subtractMoney(b, a)).toEqual(money(-100n, 'USD'));
    expect(negateMoney(a)).toEqual(money(-150n, 'USD'));
    expect(compareMoney(a, b)).toBe(1);
    expect(minMoney(a, b)).toBe(b);
    expect(() => addMoney(a, money(1n, 'EUR'))).toThrow(/Cannot combine USD with EUR/);
    expect(() => addMoney(money(INT8_MAX, 'USD'), money(1n, 'USD'))).toThrow(/out of range/);
    expect(() => money(1.5 as unknown as bigint, 'USD')).toThrow(ValidationError);
  });
});
