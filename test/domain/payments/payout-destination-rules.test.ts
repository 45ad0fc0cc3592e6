import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvariantViolation } from '../../../src/domain/errors';
import {
  coolingOffEndsAt,
  destinationChecks,
  type DestinationCheck,
  inCoolingOff,
  type PayoutDestinationInput,
} from '../../../src/domain/payments/payout-destination-rules';

const LEGAL = 'Dana Demo';
const bank = (details: Extract<PayoutDestinationInput, { kind: 'bank_account' }>['details'], holderName = 'Dana Demo'): PayoutDestinationInput => ({
  kind: 'bank_account',
  holderName,
  clientLegalName: LEGAL,
  details,
});
const wallet = (details: Extract<PayoutDestinationInput, { kind: 'e_wallet' }>['details'], holderName = 'Dana Demo'): PayoutDestinationInput => ({
  kind: 'e_wallet',
  holderName,
  clientLegalName: LEGAL,
  details,
});
const crypto = (network: string, address: string, holderName = 'Dana Demo'): PayoutDestinationInput => ({
  kind: 'crypto_address',
  holderName,
  clientLegalName: LEGAL,
  details: { network, address },
});
const ok: DestinationCheck = { valid: true, fieldErrors: {}, nameMatch: 'match', flags: [] };

describe('destinationChecks', () => {
  it.each<[string, PayoutDestinationInput, Partial<DestinationCheck>]>([
    ['a Cypriot IBAN in the client name', bank({ iban: 'CY17 0020 0128 0000 0012 0052 7600', bic: 'BCYPCY2N' }), ok],
    [
      'an IBAN with a typo',
      bank({ iban: 'CY17 0020 0128 0000 0012 0052 7601' }),
      { valid: false, fieldErrors: { iban: 'This IBAN is not valid: check it for a typing mistake' } },
    ],
    [
      'an IBAN country with no IBAN given',
      bank({ country: 'DE', accountNumber: '0532013000', bankCode: '37040044' }),
      { valid: false, fieldErrors: { iban: 'Enter the IBAN' } },
    ],
    ['a Nigerian account number and bank code', bank({ country: 'NG', accountNumber: '0123456789', bankCode: '058' }), ok],
    ['a South African account with a BIC', bank({ country: 'ZA', accountNumber: '62001234567', bic: 'FIRNZAJJ' }), ok],
    [
      'an account number without any bank code',
      bank({ country: 'ZA', accountNumber: '62001234567' }),
      { valid: false, fieldErrors: { bankCode: "Enter the bank's BIC (SWIFT code) or its local bank code" } },
    ],
    [
      'nothing at all for a bank account',
      bank({}),
      {
        valid: false,
        fieldErrors: {
          accountNumber: 'Enter the IBAN, or the account number (4 to 34 letters and digits)',
          bankCode: "Enter the bank's BIC (SWIFT code) or its local bank code",
        },
      },
    ],
    [
      'a malformed BIC',
      bank({ iban: 'DE89 3704 0044 0532 0130 00', bic: 'DEUT' }),
      { valid: false, fieldErrors: { bic: 'A BIC (SWIFT code) has 8 or 11 letters and digits, e.g. DEUTDEFF' } },
    ],
    [
      'a third party holds the account: valid but flagged',
      bank({ iban: 'DE89 3704 0044 0532 0130 00' }, 'John Smith'),
      { valid: true, nameMatch: 'mismatch', flags: ['holder_name_mismatch'] },
    ],
    [
      'an initial only: valid but flagged partial',
      bank({ iban: 'DE89 3704 0044 0532 0130 00' }, 'D. Demo'),
      { valid: true, nameMatch: 'partial', flags: ['holder_name_partial'] },
    ],
    [
      'no holder name',
      bank({ iban: 'DE89 3704 0044 0532 0130 00' }, '  '),
      { valid: false, fieldErrors: { holderName: "Enter the account holder's name" }, nameMatch: 'mismatch', flags: ['holder_name_mismatch'] },
    ],
    ['an e-wallet by email', wallet({ provider: 'Skrill', email: 'dana@example.com' }), ok],
    ['an e-wallet by account id', wallet({ accountId: 'U12345678' }), ok],
    ['an e-wallet with neither', wallet({ provider: 'Skrill' }), { valid: false, fieldErrors: { email: 'Enter the e-wallet email address or account id' } }],
    ['an e-wallet with a bad email', wallet({ email: 'dana@' }), { valid: false, fieldErrors: { email: 'Enter a valid email address' } }],
    [
      'an e-wallet with a bad account id',
      wallet({ accountId: 'a b' }),
      { valid: false, fieldErrors: { accountId: 'An account id has 4 to 64 letters, digits, dots, dashes or underscores' } },
    ],
    ['a bitcoin address', crypto('bitcoin', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'), ok],
    ['an ethereum address, network in capitals', crypto('Ethereum', '0x52908400098527886E0F7030069857D2E4169EE7'), ok],
    [
      'an ethereum address on the bitcoin network',
      crypto('bitcoin', '0x52908400098527886E0F7030069857D2E4169EE7'),
      { valid: false, fieldErrors: { address: 'This is not a valid Bitcoin address' } },
    ],
    ['an unsupported network', crypto('dogecoin', 'D8vFz4p1L37jdg47HXKtSHA5uYLYxbGgPD'), { valid: false, fieldErrors: { network: 'Choose a supported network: Bitcoin or Ethereum' } }],
  ])('%s', (_name, input, expected) => {
    expect(destinationChecks(undefined, input)).toEqual({ ...ok, ...expected });
  });

  it('adds the policy flags to a new destination', () => {
    const input = bank({ iban: 'DE89 3704 0044 0532 0130 00' }, 'John Smith');
    expect(destinationChecks({ proofRequired: true, coolingOffHours: 24 }, input).flags).toEqual(['holder_name_mismatch', 'proof_required', 'cooling_off']);
    expect(destinationChecks({ proofRequired: false, coolingOffHours: 0 }, input).flags).toEqual(['holder_name_mismatch']);
  });

  it('survives details that are not strings (untrusted JSON)', () => {
    const input = { kind: 'bank_account', holderName: 'Dana Demo', clientLegalName: LEGAL, details: { iban: 42, accountNumber: null } } as unknown as PayoutDestinationInput;
    expect(destinationChecks(undefined, input).valid).toBe(false);
  });
});

describe('cooling off', () => {
  const created = new Date('2026-05-04T10:00:00Z');
  it('ends the given number of hours after creation', () => {
    expect(coolingOffEndsAt(created, 24).toISOString()).toBe('2026-05-05T10:00:00.000Z');
    expect(coolingOffEndsAt(created, 0)).toEqual(created);
    expect(coolingOffEndsAt(created, 1.5).toISOString()).toBe('2026-05-04T11:30:00.000Z');
    expect(() => coolingOffEndsAt(created, -1)).toThrow(InvariantViolation);
    expect(() => coolingOffEndsAt(created, Number.NaN)).toThrow(InvariantViolation);
  });

  it('is active strictly before the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 720 }), fc.integer({ min: -1_000_000, max: 4_000_000 }), (hours, offsetSeconds) => {
        const now = new Date(created.getTime() + offsetSeconds * 1000);
        expect(inCoolingOff(created, hours, now)).toBe(offsetSeconds < hours * 3600);
      }),
      { seed: 20_260_508, numRuns: 300 },
    );
  });
});
