import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IBAN_LENGTHS, ibanMod97, ibanProblem, ibanProblemMessage, isBic, normaliseIban } from '../../../src/domain/payments/iban';

const FC = { seed: 20_260_507, numRuns: 500 };

describe('ibanProblem', () => {
  it.each<[string, string | null]>([
    ['CY17 0020 0128 0000 0012 0052 7600', null],
    ['DE89 3704 0044 0532 0130 00', null],
    ['de89370400440532013000', null],
    ['GB82 WEST 1234 5698 7654 32', null],
    ['NL91 ABNA 0417 1643 00', null],
    ['AE07 0331 2345 6789 0123 456', null],
    ['PK36 SCBL 0000 0011 2345 6702', null],
    ['DE89 3704 0044 0532 0130 01', 'checksum'],
    ['DE98 3704 0044 0532 0130 00', 'checksum'],
    ['DE89 3704 0044 0532 0130 0', 'length'],
    ['US12 3456 7890 1234', 'country'],
    ['DE89-3704-0044-0532-0130-00', null],
    ['DE89 3704 0044 0532 0130 0!', 'characters'],
    ['1234', 'characters'],
    ['   ', 'empty'],
  ])('%s → %s', (iban, expected) => {
    expect(ibanProblem(iban)).toBe(expected);
  });

  it.each<[Parameters<typeof ibanProblemMessage>[0], string, string]>([
    ['empty', '', 'Enter the IBAN'],
    ['country', 'US12 3456', 'US is not a country that uses IBANs'],
    ['length', 'DE89 3704', 'An IBAN from DE has 22 characters; this one has 8'],
    ['checksum', 'DE00', 'This IBAN is not valid: check it for a typing mistake'],
  ])('message for %s', (problem, iban, message) => {
    expect(ibanProblemMessage(problem, iban)).toBe(message);
  });

  it('BIC shape', () => {
    expect(['DEUTDEFF', 'deutdeff500', 'BCYP CY2N'].map(isBic)).toEqual([true, true, true]);
    expect(['DEUTDE', 'DEUTDEFF5', '1EUTDEFF', ''].map(isBic)).toEqual([false, false, false, false]);
  });
});

/** A valid IBAN for a country and a BBAN of the right length, check digits computed. */
function withCheckDigits(country: string, bban: string): string {
  const check = 98 - ibanMod97(`${country}00${bban}`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

const ibanArb = fc.constantFrom(...Object.keys(IBAN_LENGTHS)).chain((country) =>
  fc
    .array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: IBAN_LENGTHS[country]! - 4, maxLength: IBAN_LENGTHS[country]! - 4 })
    .map((chars) => withCheckDigits(country, chars.join(''))),
);

describe('ibanProblem properties', () => {
  it('accepts every IBAN with correct check digits, however it is spaced or cased', () => {
    fc.assert(
      fc.property(ibanArb, fc.boolean(), (iban, lower) => {
        const printed = iban.replace(/(.{4})/g, '$1 ');
        expect(ibanProblem(lower ? printed.toLowerCase() : printed)).toBeNull();
        expect(normaliseIban(printed)).toBe(iban);
      }),
      FC,
    );
  });

  it('catches every single-digit typo', () => {
    fc.assert(
      fc.property(ibanArb, fc.nat(), fc.integer({ min: 1, max: 9 }), (iban, at, delta) => {
        const digits = [...iban].map((c, i) => (i >= 2 && /\d/.test(c) ? i : -1)).filter((i) => i >= 0);
        const i = digits[at % digits.length]!;
        const typo = iban.slice(0, i) + String((Number(iban[i]) + delta) % 10) + iban.slice(i + 1);
        expect(ibanProblem(typo)).toBe('checksum');
      }),
      FC,
    );
  });
});
