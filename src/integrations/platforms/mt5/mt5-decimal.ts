/**
 * MT5 sends every number as a decimal string ("Balance":"26000.00"; PROTOCOLS.md
 * §1, doc webapi_user_account_get). These convert between those strings and
 * bigint minor units digit by digit, never through a float.
 *
 * `exponent` is the number of minor-unit decimals Traderoom uses for the
 * currency (ISO, src/config/currencies.ts). A value with a significant digit
 * beyond it cannot be represented and is refused (RangeError) rather than
 * rounded; trailing zeros are fine ("26000.000" USD → 2600000n).
 */

const DECIMAL = /^(-)?(\d{1,30})(?:\.(\d{1,30}))?$/;

/** "26000.00" (exponent 2) → 2600000n; "-0.5" → -50n. Also accepts a JSON safe integer (exact). */
export function parseMt5Decimal(value: unknown, exponent: number): bigint {
  assertExponent(exponent);
  let text: string;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isSafeInteger(value)) text = String(value);
  else throw new RangeError(`expected a decimal string, got ${typeof value === 'number' ? `the JSON number ${value} (not exact)` : JSON.stringify(value)}`);
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a plain decimal number`);
  const [, sign, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > exponent) throw new RangeError(`"${text}" has more than ${exponent} significant decimal place(s)`);
  const magnitude = BigInt(`${whole}${significant.padEnd(exponent, '0')}`);
  return sign && magnitude !== 0n ? -magnitude : magnitude;
}

/** 2600000n (exponent 2) → "26000.00"; -5n (exponent 0) → "-5". */
export function formatMt5Decimal(amountMinor: bigint, exponent: number): string {
  assertExponent(exponent);
  const negative = amountMinor < 0n;
  const digits = (negative ? -amountMinor : amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Formats minor units (Traderoom exponent) for a platform that keeps `platformDigits`
 * decimals. Throws RangeError when the platform would have to cut digits off
 * (e.g. 1.50 for a group with 0 digits), since it would silently truncate.
 */
export function formatForPlatformDigits(amountMinor: bigint, exponent: number, platformDigits: number): string {
  assertExponent(exponent);
  assertExponent(platformDigits);
  if (platformDigits >= exponent) return formatMt5Decimal(amountMinor, exponent);
  const factor = 10n ** BigInt(exponent - platformDigits);
  if (amountMinor % factor !== 0n) {
    throw new RangeError(`${formatMt5Decimal(amountMinor, exponent)} has more decimals than the platform keeps (${platformDigits})`);
  }
  return formatMt5Decimal(amountMinor / factor, platformDigits);
}

function assertExponent(exponent: number): void {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 8) throw new RangeError(`bad decimal exponent ${exponent}`);
}
