/**
 * ISO 4217 currencies Traderoom accepts, with their minor-unit exponents
 * (JPY 0 → amounts are whole yen; KWD 3 → amounts are fils). Money is
 * stored in integer minor units, so the exponent is what turns a ledger
 * amount into a displayed one. Only ISO codes: USDT and other tokens are not
 * currencies here (a crypto payment method settles in an ISO currency).
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2, ARS: 2, AUD: 2, BGN: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0,
  CNY: 2, COP: 2, CZK: 2, DKK: 2, EGP: 2, EUR: 2, GBP: 2, GHS: 2, HKD: 2,
  HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0, KES: 2, KRW: 0,
  KWD: 3, MAD: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2, NZD: 2, OMR: 3, PEN: 2,
  PHP: 2, PKR: 2, PLN: 2, QAR: 2, RON: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2,
  TND: 3, TRY: 2, TWD: 2, UAH: 2, UGX: 0, USD: 2, VND: 0, XAF: 0, XOF: 0,
  ZAR: 2,
});

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}
