/**
 * Amounts in client-facing messages: "€10.00", "$1,000,000.00", "£5.00",
 * otherwise "1,000.00 AED". Built on the ledger's exact decimal rendering
 * (never a float), with thousands grouped. Staff-facing details use the
 * ledger's `formatMoney` ("1000.00 EUR") instead.
 */
import { type Money, toDecimalString } from '../ledger/money';

const SYMBOLS: Readonly<Record<string, string>> = { EUR: '€', USD: '$', GBP: '£' };

function groupThousands(decimal: string): string {
  const [whole = '', fraction] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

export function formatClientMoney(value: Money): string {
  const decimal = toDecimalString(value);
  const negative = decimal.startsWith('-');
  const digits = groupThousands(negative ? decimal.slice(1) : decimal);
  const symbol = SYMBOLS[value.currency];
  const body = symbol === undefined ? `${digits} ${value.currency}` : `${symbol}${digits}`;
  return negative ? `-${body}` : body;
}
