/**
 * A payment method's per-transaction amount rules (SPEC §2 "minimum and
 * maximum per currency", issue 5 "min/max per currency enforced on the
 * server"). Pure: the use case calls it before creating a deposit or a
 * withdrawal and refuses with the message as is; the portal may call it to
 * explain a limit before submitting.
 *
 * Limits are inclusive (the minimum and the maximum themselves are allowed)
 * and compared as bigint minor units. A currency the method lists without a
 * limit (refused at config load, so only a hand-built method) is treated as
 * not accepted: fail closed.
 *
 * Which methods a client may use at all is `clientCapabilities`' question
 * (src/domain/kyc/client-capabilities.ts); this only checks an amount against
 * a method the client already sees. Pass a `ClientPaymentMethod` from there
 * to check only the directions usable now.
 */
import type { PaymentMethod } from '../../config/schema';
import type { PaymentDirection, PaymentMethodKind } from '../../config/vocabulary';
import { ValidationError } from '../errors';
import { type Money, money } from '../ledger/money';
import { formatClientMoney } from './client-money-format';

/** A configured `PaymentMethod`, or a `ClientPaymentMethod` from the capabilities (its directions are the ones usable now). */
export interface AmountMethod {
  readonly kind: PaymentMethodKind;
  readonly directions: readonly PaymentDirection[];
  readonly currencies: readonly string[];
  readonly limits: PaymentMethod['limits'];
}

export type AmountRefusalCode =
  | 'direction_not_supported'
  | 'currency_not_accepted'
  | 'amount_not_positive'
  | 'amount_below_minimum'
  | 'amount_above_maximum';

export interface AmountRefusal {
  code: AmountRefusalCode;
  /** Client-facing: "The minimum card deposit is €10.00". */
  message: string;
  /** The limit that was broken, for the form to show next to the field. */
  limit?: Money;
}

const KIND_WORDS: Record<PaymentMethodKind, string> = {
  card: 'card',
  local_bank_transfer: 'bank transfer',
  wire: 'wire transfer',
  e_wallet: 'e-wallet',
  crypto: 'crypto',
};

const DIRECTION_NOUNS: Record<PaymentDirection, string> = { deposit: 'deposit', withdrawal: 'withdrawal' };

export function checkAmountAgainstMethod(method: AmountMethod, direction: PaymentDirection, amount: Money): AmountRefusal | null {
  const what = `${KIND_WORDS[method.kind]} ${DIRECTION_NOUNS[direction]}`;
  if (!method.directions.includes(direction)) {
    return { code: 'direction_not_supported', message: `This method cannot be used for ${DIRECTION_NOUNS[direction]}s` };
  }
  const limit = method.currencies.includes(amount.currency) ? method.limits[amount.currency] : undefined;
  if (limit === undefined) {
    return { code: 'currency_not_accepted', message: `This method does not accept ${amount.currency}` };
  }
  if (amount.amountMinor <= 0n) {
    return { code: 'amount_not_positive', message: 'Enter an amount greater than zero' };
  }
  const min = money(BigInt(limit.minMinor), amount.currency);
  if (amount.amountMinor < min.amountMinor) {
    return { code: 'amount_below_minimum', message: `The minimum ${what} is ${formatClientMoney(min)}`, limit: min };
  }
  const max = money(BigInt(limit.maxMinor), amount.currency);
  if (amount.amountMinor > max.amountMinor) {
    return { code: 'amount_above_maximum', message: `The maximum ${what} is ${formatClientMoney(max)}`, limit: max };
  }
  return null;
}

/** For the use case: throws the refusal as a 422 whose `code` is the refusal code. */
export function assertAmountAgainstMethod(method: AmountMethod, direction: PaymentDirection, amount: Money): void {
  const refusal = checkAmountAgainstMethod(method, direction, amount);
  if (refusal === null) return;
  const details: Record<string, unknown> = { field: 'amount', currency: amount.currency };
  if (refusal.limit !== undefined) details.limitMinor = String(refusal.limit.amountMinor);
  throw new ValidationError(refusal.message, details, refusal.code);
}
