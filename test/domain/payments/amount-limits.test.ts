import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import type { PaymentMethod } from '../../../src/config/schema';
import type { PaymentDirection } from '../../../src/config/vocabulary';
import { ValidationError } from '../../../src/domain/errors';
import { clientCapabilities } from '../../../src/domain/kyc/client-capabilities';
import { INT8_MAX, money, parseMoney } from '../../../src/domain/ledger/money';
import { assertAmountAgainstMethod, checkAmountAgainstMethod } from '../../../src/domain/payments/amount-limits';

const FC = { seed: 20_260_502, numRuns: 300 };
const config = loadConfig();

function method(id: string): PaymentMethod {
  const found = config.entities.flatMap((e) => e.paymentMethods).find((m) => m.id === id);
  if (found === undefined) throw new Error(`no method ${id} in the demo config`);
  return found;
}

describe('checkAmountAgainstMethod on the demo configuration', () => {
  it.each<[string, PaymentDirection, string, string, string | null]>([
    ['eu_card', 'deposit', '10.00', 'EUR', null],
    ['eu_card', 'deposit', '9.99', 'EUR', 'amount_below_minimum: The minimum card deposit is €10.00'],
    ['eu_card', 'withdrawal', '9.99', 'USD', 'amount_below_minimum: The minimum card withdrawal is $10.00'],
    ['eu_card', 'deposit', '5000.00', 'EUR', null],
    ['eu_card', 'deposit', '5000.01', 'EUR', 'amount_above_maximum: The maximum card deposit is €5,000.00'],
    ['eu_card', 'deposit', '20.00', 'GBP', 'currency_not_accepted: This method does not accept GBP'],
    ['eu_card', 'deposit', '0', 'EUR', 'amount_not_positive: Enter an amount greater than zero'],
    ['eu_card', 'deposit', '-10.00', 'EUR', 'amount_not_positive: Enter an amount greater than zero'],
    ['eu_sepa', 'deposit', '100000.00', 'EUR', null],
    ['eu_sepa', 'withdrawal', '100000.01', 'EUR', 'amount_above_maximum: The maximum bank transfer withdrawal is €100,000.00'],
    ['eu_sepa', 'deposit', '100.00', 'USD', 'currency_not_accepted: This method does not accept USD'],
    ['eu_wire', 'deposit', '99.99', 'USD', 'amount_below_minimum: The minimum wire transfer deposit is $100.00'],
    ['offshore_wire', 'withdrawal', '1000000.01', 'USD', 'amount_above_maximum: The maximum wire transfer withdrawal is $1,000,000.00'],
    ['offshore_local_bank', 'deposit', '19.99', 'USD', 'amount_below_minimum: The minimum bank transfer deposit is $20.00'],
  ])('%s %s %s %s', (id, direction, amount, currency, expected) => {
    const refusal = checkAmountAgainstMethod(method(id), direction, parseMoney(amount, currency));
    expect(refusal === null ? null : `${refusal.code}: ${refusal.message}`).toBe(expected);
  });

  it('names the broken limit for the form', () => {
    expect(checkAmountAgainstMethod(method('eu_card'), 'deposit', parseMoney('1', 'EUR'))?.limit).toEqual(money(1000n, 'EUR'));
  });

  it('refuses a direction the method (or, through the capabilities, the client) cannot use now', () => {
    const depositOnly = { ...method('eu_card'), directions: ['deposit'] as PaymentDirection[] };
    expect(checkAmountAgainstMethod(depositOnly, 'withdrawal', parseMoney('50', 'EUR'))).toMatchObject({
      code: 'direction_not_supported',
      message: 'This method cannot be used for withdrawals',
    });
    // An email-verified offshore client sees the card for deposits only.
    const caps = clientCapabilities(config, {
      entityId: 'offshore',
      country: 'GB',
      clientType: 'individual',
      status: 'email_verified',
      verificationLevel: 'email_verified',
      riskLevel: 'low',
    });
    const card = caps.paymentMethods.find((m) => m.id === 'offshore_card');
    expect(card?.directions).toEqual(['deposit']);
    expect(checkAmountAgainstMethod(card!, 'deposit', parseMoney('50', 'USD'))).toBeNull();
    expect(checkAmountAgainstMethod(card!, 'withdrawal', parseMoney('50', 'USD'))?.code).toBe('direction_not_supported');
  });

  it('fails closed on a listed currency without limits', () => {
    const broken = { ...method('eu_card'), limits: { EUR: { minMinor: 1000, maxMinor: 500000 } } };
    expect(checkAmountAgainstMethod(broken, 'deposit', parseMoney('50', 'USD'))?.code).toBe('currency_not_accepted');
  });

  it('handles amounts beyond Number precision', () => {
    const refusal = checkAmountAgainstMethod(method('eu_card'), 'deposit', money(INT8_MAX, 'EUR'));
    expect(refusal?.code).toBe('amount_above_maximum');
  });

  it('assertAmountAgainstMethod throws a 422 carrying the refusal', () => {
    expect(() => assertAmountAgainstMethod(method('eu_card'), 'deposit', parseMoney('50', 'EUR'))).not.toThrow();
    try {
      assertAmountAgainstMethod(method('eu_card'), 'deposit', parseMoney('5', 'EUR'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'amount_below_minimum', message: 'The minimum card deposit is €10.00', details: { field: 'amount', limitMinor: '1000' } });
    }
  });
});

describe('checkAmountAgainstMethod properties', () => {
  const methods = config.entities.flatMap((e) => e.paymentMethods);
  const case_ = fc
    .constantFrom(...methods)
    .chain((m) => fc.tuple(fc.constant(m), fc.constantFrom(...m.currencies), fc.constantFrom(...m.directions)));

  it('accepts exactly the amounts within [min, max], inclusive', () => {
    fc.assert(
      fc.property(case_, fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), ([m, currency, direction], amountMinor) => {
        const limit = m.limits[currency]!;
        const refusal = checkAmountAgainstMethod(m, direction, money(amountMinor, currency));
        const expected =
          amountMinor <= 0n
            ? 'amount_not_positive'
            : amountMinor < BigInt(limit.minMinor)
              ? 'amount_below_minimum'
              : amountMinor > BigInt(limit.maxMinor)
                ? 'amount_above_maximum'
                : null;
        expect(refusal?.code ?? null).toBe(expected);
      }),
      FC,
    );
  });
});
