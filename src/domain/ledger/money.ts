/**
 * Money: an integer amount of minor units (cents, fils, whole yen) and its
 * ISO currency. Never a float: decimal strings are parsed digit by digit and
 * formatted the same way, using the currency's exponent.
 */
import { CURRENCY_EXPONENTS, isKnownCurrency } from '../../config/currencies';
import { ValidationError } from '../errors';

export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

/** The range of PostgreSQL's bigint (int8), where every amount and balance is stored. */
export const INT8_MIN = -(2n ** 63n);
export const INT8_MAX = 2n ** 63n - 1n;

export function isInt8(value: bigint): boolean {
  return value >= INT8_MIN && value <= INT8_MAX;
}

export function currencyExponent(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined) {
    throw new ValidationError(`Unknown currency "${currency}"`, { currency }, 'unknown_currency');
  }
  return exponent;
}

export function assertCurrency(currency: string): void {
  if (!isKnownCurrency(currency)) throw new ValidationError(`Unknown currency "${currency}"`, { currency }, 'unknown_currency');
}

export function money(amountMinor: bigint, currency: string): Money {
  assertCurrency(currency);
  if (typeof amountMinor !== 'bigint') throw new ValidationError('An amount must be an integer number of minor units', { currency }, 'invalid_amount');
  if (!isInt8(amountMinor)) {
    throw new ValidationError(`Amount ${amountMinor} ${currency} is out of range`, { currency, amountMinor: String(amountMinor) }, 'amount_out_of_range');
  }
  return Object.freeze({ amountMinor, currency });
}

export function zero(currency: string): Money {
  return money(0n, currency);
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * "1234.5" USD → 123450n. Refuses floats' friends: exponents ("1e3"), signs
 * other than a leading "-", separators, blanks, and more decimals than the
 * currency has unless they are trailing zeros ("10.50" USD is fine, "10.505" is not).
 */
export function parseMoney(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(text);
  if (!match) {
    throw new ValidationError(`"${text}" is not a decimal amount`, { amount: text, currency }, 'invalid_amount');
  }
  const [, sign, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) {
    throw new ValidationError(
      `${currency} has ${exponent} decimal place${exponent === 1 ? '' : 's'}: "${text}" has more`,
      { amount: text, currency, decimals: exponent },
      'invalid_amount',
    );
  }
  const digits = `${whole}${significant.padEnd(exponent, '0')}`;
  if (digits.length > 25) {
    throw new ValidationError(`Amount "${text}" is out of range`, { amount: text, currency }, 'amount_out_of_range');
  }
  const magnitude = BigInt(digits);
  return money(sign ? -magnitude : magnitude, currency);
}

/** 123450n USD → "1234.50"; −5n JPY → "-5". */
export function toDecimalString(value: Money): string {
  const exponent = currencyExponent(value.currency);
  const negative = value.amountMinor < 0n;
  const digits = (negative ? -value.amountMinor : value.amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** "1234.50 USD". */
export function formatMoney(value: Money): string {
  return `${toDecimalString(value)} ${value.currency}`;
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new ValidationError(`Cannot combine ${a.currency} with ${b.currency}`, { currencies: [a.currency, b.currency] }, 'currency_mismatch');
  }
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

export function negateMoney(a: Money): Money {
  return money(-a.amountMinor, a.currency);
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

export function minMoney(a: Money, b: Money): Money {
  return compareMoney(a, b) <= 0 ? a : b;
}

/** Refuses zero and negative amounts: what a deposit, hold or transfer must be. */
export function assertPositive(value: Money, what = 'amount'): void {
  if (value.amountMinor <= 0n) {
    throw new ValidationError(`The ${what} must be greater than zero`, { amount: toDecimalString(value), currency: value.currency }, 'invalid_amount');
  }
}
