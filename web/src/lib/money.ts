/**
 * Money in the browser, exactly as on the server: integer minor units carried
 * as digit strings (JSON has no bigint), converted with the currency's
 * exponent from the server's own list (src/config/currencies.ts), never
 * through a float. Client-facing amounts use the server's own formatting
 * ("€1,000.50", "1,000.00 AED"); staff-facing ones read "1,000.50 EUR".
 */
import { CURRENCY_EXPONENTS } from '../../../src/config/currencies';
import { formatClientMoney } from '../../../src/domain/payments/client-money-format';
import { directionOf, getLanguage } from '../i18n';

/** In right-to-left text an amount is a left-to-right isolate (U+2066 … U+2069), so "1,000.00 AED" keeps its order. */
function isolated(text: string): string {
  return directionOf(getLanguage()) === 'rtl' ? `\u2066${text}\u2069` : text;
}

/** Decimal places of a currency (2 for EUR, 0 for JPY, 3 for KWD); 2 for a code the list does not know. */
export function exponentOf(currency: string): number {
  return CURRENCY_EXPONENTS[currency] ?? 2;
}

function toBigInt(minor: string | number | bigint): bigint | null {
  if (typeof minor === 'bigint') return minor;
  const text = String(minor).trim();
  return /^-?\d+$/.test(text) ? BigInt(text) : null;
}

/** 123450n EUR → "1,234.50" (grouped, exact, no symbol). */
export function formatMinorDecimal(minor: string | number | bigint, currency: string): string {
  const value = toBigInt(minor);
  if (value === null) return String(minor);
  const exponent = exponentOf(currency);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+$)/g, ',');
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** For clients: "€1,234.50", "$10.00", "1,000.00 AED" (the server's wording of amounts). */
export function formatMoney(minor: string | number | bigint, currency: string): string {
  const value = toBigInt(minor);
  if (value === null || CURRENCY_EXPONENTS[currency] === undefined) return isolated(`${formatMinorDecimal(minor, currency)} ${currency}`);
  return isolated(formatClientMoney({ amountMinor: value, currency }));
}

/** For staff: "1,234.50 EUR". */
export function formatStaffMoney(minor: string | number | bigint, currency: string): string {
  return `${formatMinorDecimal(minor, currency)} ${currency}`;
}

/** A signed staff amount for journals: "+25.50 EUR", "-10.00 EUR". */
export function formatSignedMoney(minor: string, currency: string): string {
  const text = formatStaffMoney(minor, currency);
  return text.startsWith('-') ? text : `+${text}`;
}

export type AmountParse =
  | { ok: true; minor: string }
  | { ok: false; problem: 'empty' | 'format' | 'decimals' | 'zero' | 'too_large'; decimals: number };

const AMOUNT = /^(\d+)(?:[.,](\d*))?$/;

/**
 * What the client typed, in major units ("100.50", "100,5", "100"), to exact
 * minor units for `currency`, by string arithmetic. Refuses signs, exponents,
 * thousands separators and more decimals than the currency has (trailing
 * zeros excepted: "10.500" EUR is 1050).
 */
export function parseAmount(text: string, currency: string): AmountParse {
  const decimals = exponentOf(currency);
  const trimmed = text.replace(/\s+/g, '');
  if (trimmed === '') return { ok: false, problem: 'empty', decimals };
  const match = AMOUNT.exec(trimmed);
  if (!match) return { ok: false, problem: 'format', decimals };
  const whole = match[1]!;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > decimals) return { ok: false, problem: 'decimals', decimals };
  const digits = `${whole}${fraction.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > 18) return { ok: false, problem: 'too_large', decimals };
  if (/^0+$/.test(digits)) return { ok: false, problem: 'zero', decimals };
  return { ok: true, minor: digits };
}

/** Compares two minor-unit digit strings exactly: -1, 0 or 1. */
export function compareMinor(a: string | number, b: string | number): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(minor: string): boolean {
  return /^-?0+$/.test(minor);
}
