import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import type { PaymentMethod, TraderoomConfig } from '../../../src/config/schema';
import { CLIENT_TYPES, RISK_LEVELS } from '../../../src/config/vocabulary';
import { type CapabilityClient, clientCapabilities } from '../../../src/domain/kyc/client-capabilities';
import { methodExclusion } from '../../../src/domain/kyc/payment-method-rules';
import { CLIENT_VERIFICATION_LEVELS, meetsVerificationLevel } from '../../../src/domain/kyc/verification-level';
import type { ClientAccountState } from '../../../src/domain/machines/client-account-machine';
import { entityForCountry } from '../../../src/config/lookups';

const config = loadConfig();
const STATUSES: ClientAccountState[] = ['registered', 'email_verified', 'active', 'restricted', 'closed'];

const client = (overrides: Partial<CapabilityClient>): CapabilityClient => ({
  entityId: 'eu',
  country: 'CY',
  clientType: 'individual',
  status: 'active',
  verificationLevel: 'verified',
  riskLevel: 'low',
  ...overrides,
});
const offshore = (overrides: Partial<CapabilityClient>) => client({ entityId: 'offshore', country: 'GB', ...overrides });

/** A readable digest: what may be done, which methods show (with usable directions), which hide and why, which reasons. */
function digest(cfg: TraderoomConfig, c: CapabilityClient) {
  const result = clientCapabilities(cfg, c);
  return {
    can: [result.canDeposit && 'deposit', result.canWithdraw && 'withdraw', result.canTrade && 'trade'].filter(Boolean).join(',') || 'nothing',
    visible: Object.fromEntries(result.paymentMethods.filter((m) => m.visible).map((m) => [m.id, m.directions.join('+')])),
    hidden: Object.fromEntries(
      result.paymentMethods.filter((m) => !m.visible).map((m) => [m.id, m.hiddenBecause ? `${m.hiddenCode}: ${m.hiddenBecause}` : m.hiddenCode]),
    ),
    reasons: result.reasons.map((r) => `${r.capability}: ${r.message}`),
  };
}

const BOTH = 'deposit+withdrawal';
const VERIFY_CARD = 'verification_required: Complete verification to use card deposits and withdrawals';
const VERIFY_SEPA = 'verification_required: Complete verification to use local bank transfer deposits and withdrawals';
const VERIFY_WIRE = 'verification_required: Complete verification to use wire transfer deposits and withdrawals';
const NEED_VERIFICATION = ['withdraw: Complete verification to withdraw', 'trade: Complete verification to trade'];
const RESTRICTED = [
  'deposit: Deposits are paused while your account is restricted. See your next steps or contact support',
  'withdraw: Withdrawals are paused while your account is restricted. See your next steps or contact support',
  'trade: Trading is paused while your account is restricted. See your next steps or contact support',
];
const CLOSED = ['deposit: Your account is closed', 'withdraw: Your account is closed', 'trade: Your account is closed'];

describe('clientCapabilities on the demo configuration', () => {
  it.each<[string, CapabilityClient, ReturnType<typeof digest>]>([
    [
      'EU, active and verified',
      client({}),
      { can: 'deposit,withdraw,trade', visible: { eu_card: BOTH, eu_sepa: BOTH, eu_wire: BOTH }, hidden: {}, reasons: [] },
    ],
    [
      'EU, active, verified, high risk (EU methods have no risk limits)',
      client({ riskLevel: 'high', country: 'PL' }),
      { can: 'deposit,withdraw,trade', visible: { eu_card: BOTH, eu_sepa: BOTH, eu_wire: BOTH }, hidden: {}, reasons: [] },
    ],
    [
      'EU corporate, active and verified',
      client({ clientType: 'corporate', country: 'DE' }),
      { can: 'deposit,withdraw,trade', visible: { eu_card: BOTH, eu_sepa: BOTH, eu_wire: BOTH }, hidden: {}, reasons: [] },
    ],
    [
      'EU, email verified: every EU method needs full verification',
      client({ status: 'email_verified', verificationLevel: 'email_verified' }),
      {
        can: 'nothing',
        visible: {},
        hidden: { eu_card: VERIFY_CARD, eu_sepa: VERIFY_SEPA, eu_wire: VERIFY_WIRE },
        reasons: ['deposit: Complete verification to deposit', ...NEED_VERIFICATION],
      },
    ],
    [
      'EU, registered (email not confirmed)',
      client({ status: 'registered', verificationLevel: 'none' }),
      {
        can: 'nothing',
        visible: {},
        hidden: { eu_card: VERIFY_CARD, eu_sepa: VERIFY_SEPA, eu_wire: VERIFY_WIRE },
        reasons: ['deposit: Confirm your email address to deposit', ...NEED_VERIFICATION],
      },
    ],
    [
      'offshore GB, email verified: the card is open for deposits only; local bank is not offered in GB',
      offshore({ status: 'email_verified', verificationLevel: 'email_verified' }),
      { can: 'deposit', visible: { offshore_card: 'deposit' }, hidden: { offshore_local_bank: 'country', offshore_wire: VERIFY_WIRE }, reasons: NEED_VERIFICATION },
    ],
    [
      'offshore GB, registered: confirming the email unlocks card deposits',
      offshore({ status: 'registered', verificationLevel: 'none' }),
      {
        can: 'nothing',
        visible: {},
        hidden: {
          offshore_card: 'email_verification_required: Confirm your email address to use card deposits',
          offshore_local_bank: 'country',
          offshore_wire: VERIFY_WIRE,
        },
        reasons: ['deposit: Confirm your email address to deposit', ...NEED_VERIFICATION],
      },
    ],
    [
      'offshore GB, active and verified, low risk',
      offshore({}),
      { can: 'deposit,withdraw,trade', visible: { offshore_card: BOTH, offshore_wire: BOTH }, hidden: { offshore_local_bank: 'country' }, reasons: [] },
    ],
    [
      'offshore GB, active and verified, high risk: the card silently disappears',
      offshore({ riskLevel: 'high' }),
      { can: 'deposit,withdraw,trade', visible: { offshore_wire: BOTH }, hidden: { offshore_card: 'risk_level', offshore_local_bank: 'country' }, reasons: [] },
    ],
    [
      'offshore NG individual, active and verified, high risk',
      offshore({ country: 'NG', riskLevel: 'high' }),
      { can: 'deposit,withdraw,trade', visible: { offshore_local_bank: BOTH, offshore_wire: BOTH }, hidden: { offshore_card: 'risk_level' }, reasons: [] },
    ],
    [
      'offshore NG individual, email verified, high risk: told to verify, not told about risk',
      offshore({ country: 'NG', riskLevel: 'high', status: 'email_verified', verificationLevel: 'email_verified' }),
      {
        can: 'nothing',
        visible: {},
        hidden: { offshore_card: 'risk_level', offshore_local_bank: VERIFY_SEPA, offshore_wire: VERIFY_WIRE },
        reasons: ['deposit: Complete verification to deposit', ...NEED_VERIFICATION],
      },
    ],
    [
      'offshore NG corporate, active, verified, high risk: local bank is for individuals',
      offshore({ country: 'NG', riskLevel: 'high', clientType: 'corporate' }),
      { can: 'deposit,withdraw,trade', visible: { offshore_wire: BOTH }, hidden: { offshore_card: 'risk_level', offshore_local_bank: 'client_type' }, reasons: [] },
    ],
    [
      'offshore AE corporate, active and verified, medium risk',
      offshore({ country: 'AE', riskLevel: 'medium', clientType: 'corporate' }),
      { can: 'deposit,withdraw,trade', visible: { offshore_card: BOTH, offshore_wire: BOTH }, hidden: { offshore_local_bank: 'client_type' }, reasons: [] },
    ],
    [
      'offshore ZA, restricted (lapsed KYC, still verified)',
      offshore({ country: 'ZA', status: 'restricted' }),
      {
        can: 'nothing',
        visible: {},
        hidden: { offshore_card: 'account_restricted', offshore_local_bank: 'account_restricted', offshore_wire: 'account_restricted' },
        reasons: RESTRICTED,
      },
    ],
    [
      'offshore GB, restricted: a method the rules exclude keeps its own code',
      offshore({ status: 'restricted' }),
      {
        can: 'nothing',
        visible: {},
        hidden: { offshore_card: 'account_restricted', offshore_local_bank: 'country', offshore_wire: 'account_restricted' },
        reasons: RESTRICTED,
      },
    ],
    [
      'EU, closed',
      client({ status: 'closed' }),
      { can: 'nothing', visible: {}, hidden: { eu_card: 'account_closed', eu_sepa: 'account_closed', eu_wire: 'account_closed' }, reasons: CLOSED },
    ],
    [
      'offshore, active but verification withdrawn (re-review rejected): back to email-verified rights',
      offshore({ verificationLevel: 'email_verified' }),
      { can: 'deposit', visible: { offshore_card: 'deposit' }, hidden: { offshore_local_bank: 'country', offshore_wire: VERIFY_WIRE }, reasons: NEED_VERIFICATION },
    ],
    [
      'offshore, KYC approved but account not yet activated: no more than email-verified rights',
      offshore({ status: 'email_verified', verificationLevel: 'verified' }),
      { can: 'deposit', visible: { offshore_card: 'deposit' }, hidden: { offshore_local_bank: 'country', offshore_wire: VERIFY_WIRE }, reasons: NEED_VERIFICATION },
    ],
    [
      'an entity the configuration no longer has: fails closed',
      client({ entityId: 'gone' }),
      {
        can: 'nothing',
        visible: {},
        hidden: {},
        reasons: [
          'deposit: Deposits are not available for your account. Contact support',
          'withdraw: Withdrawals are not available for your account. Contact support',
          'trade: Trading is not available for your account. Contact support',
        ],
      },
    ],
  ])('%s', (_name, c, expected) => {
    expect(digest(config, c)).toEqual(expected);
  });

  it('passes each method’s currencies and limits through', () => {
    const card = clientCapabilities(config, offshore({})).paymentMethods.find((m) => m.id === 'offshore_card')!;
    expect(card).toMatchObject({ name: 'Debit or credit card', kind: 'card', provider: 'demo_card', currencies: ['USD', 'EUR'] });
    expect(card.limits.USD).toEqual({ minMinor: 1000, maxMinor: 1000000 });
  });
});

describe('clientCapabilities with other method rules', () => {
  const method = (overrides: Partial<PaymentMethod>): PaymentMethod => ({
    id: 'm',
    name: 'Method',
    provider: 'demo_card',
    kind: 'e_wallet',
    directions: ['deposit', 'withdrawal'],
    currencies: ['USD'],
    limits: { USD: { minMinor: 100, maxMinor: 1000 } },
    minVerificationLevel: 'verified',
    ...overrides,
  });
  const withMethods = (methods: PaymentMethod[]): TraderoomConfig => ({
    ...config,
    entities: config.entities.map((e) => (e.id === 'offshore' ? { ...e, paymentMethods: methods } : e)),
  });

  it.each<[string, PaymentMethod[], CapabilityClient, ReturnType<typeof digest>]>([
    [
      'a blocked country',
      [method({ countries: { block: ['GB'] } })],
      offshore({}),
      { can: 'trade', visible: {}, hidden: { m: 'country' }, reasons: ['deposit: No deposit method is available for your account. Contact support', 'withdraw: No withdrawal method is available for your account. Contact support'] },
    ],
    [
      'allowed and not blocked',
      [method({ countries: { allow: ['GB', 'AE'], block: ['AE'] } })],
      offshore({}),
      { can: 'deposit,withdraw,trade', visible: { m: BOTH }, hidden: {}, reasons: [] },
    ],
    [
      'in both the allow and the block list: blocked',
      [method({ countries: { allow: ['GB', 'AE'], block: ['AE'] } })],
      offshore({ country: 'AE' }),
      { can: 'trade', visible: {}, hidden: { m: 'country' }, reasons: ['deposit: No deposit method is available for your account. Contact support', 'withdraw: No withdrawal method is available for your account. Contact support'] },
    ],
    [
      'a withdrawal-only method open from email verification still needs full verification',
      [method({ directions: ['withdrawal'], minVerificationLevel: 'email_verified' })],
      offshore({ status: 'email_verified', verificationLevel: 'email_verified' }),
      {
        can: 'nothing',
        visible: {},
        hidden: { m: 'verification_required: Complete verification to use e-wallet withdrawals' },
        reasons: ['deposit: No deposit method is available for your account. Contact support', ...NEED_VERIFICATION],
      },
    ],
    [
      'a deposit-only method for verified clients',
      [method({ directions: ['deposit'], kind: 'crypto' })],
      offshore({ status: 'email_verified', verificationLevel: 'email_verified' }),
      { can: 'nothing', visible: {}, hidden: { m: 'verification_required: Complete verification to use crypto deposits' }, reasons: ['deposit: Complete verification to deposit', ...NEED_VERIFICATION] },
    ],
    [
      'no methods at all',
      [],
      offshore({}),
      { can: 'trade', visible: {}, hidden: {}, reasons: ['deposit: No deposit method is available for your account. Contact support', 'withdraw: No withdrawal method is available for your account. Contact support'] },
    ],
  ])('%s', (_name, methods, c, expected) => {
    expect(digest(withMethods(methods), c)).toEqual(expected);
  });
});

describe('invariants over every demo combination (country × client type × status × level × risk)', () => {
  const countries = config.countries.filter((c) => entityForCountry(config, c.code) !== undefined);
  const combinations = countries.flatMap((country) =>
    CLIENT_TYPES.flatMap((clientType) =>
      STATUSES.flatMap((status) =>
        CLIENT_VERIFICATION_LEVELS.flatMap((verificationLevel) =>
          RISK_LEVELS.map((riskLevel) => ({
            entityId: entityForCountry(config, country.code)!.id,
            country: country.code,
            clientType,
            status,
            verificationLevel,
            riskLevel,
          })),
        ),
      ),
    ),
  );

  it('covers all of them', () => {
    expect(combinations.length).toBe(countries.length * 2 * 5 * 3 * 3);
  });

  it('holds for each', () => {
    for (const c of combinations) {
      const result = clientCapabilities(config, c);
      const entity = config.entities.find((e) => e.id === c.entityId)!;
      const verifiedAndActive = c.status === 'active' && c.verificationLevel === 'verified';
      const visible = result.paymentMethods.filter((m) => m.visible);

      expect(result.paymentMethods.map((m) => m.id), JSON.stringify(c)).toEqual(entity.paymentMethods.map((m) => m.id));
      // Trading and withdrawals need an active, verified client.
      expect(result.canTrade).toBe(verifiedAndActive);
      if (result.canWithdraw) expect(verifiedAndActive).toBe(true);
      // Capabilities agree with the methods offered.
      expect(result.canDeposit).toBe(visible.some((m) => m.directions.includes('deposit')));
      expect(result.canWithdraw).toBe(verifiedAndActive && visible.some((m) => m.directions.includes('withdrawal')));
      // One reason for each capability refused, none for one granted.
      expect(result.reasons.map((r) => r.capability).sort()).toEqual(
        (['deposit', 'withdraw', 'trade'] as const).filter((cap) => !{ deposit: result.canDeposit, withdraw: result.canWithdraw, trade: result.canTrade }[cap]).sort(),
      );
      if (c.status === 'closed' || c.status === 'restricted') expect(visible).toEqual([]);
      for (const m of result.paymentMethods) {
        const rules = entity.paymentMethods.find((p) => p.id === m.id)!;
        if (m.visible) {
          // Shown only when every rule allows it.
          expect(methodExclusion(rules, c)).toBeUndefined();
          expect(meetsVerificationLevel(c.verificationLevel, rules.minVerificationLevel)).toBe(true);
          expect(m.hiddenBecause).toBeUndefined();
          expect(m.hiddenCode).toBeUndefined();
          expect(m.directions.every((d) => rules.directions.includes(d))).toBe(true);
        } else {
          expect(m.directions).toEqual([]);
          expect(m.hiddenCode).toBeDefined();
        }
        // Nothing the client cannot fix is explained, and nothing internal leaks.
        if (['country', 'client_type', 'risk_level', 'account_closed', 'account_restricted'].includes(m.hiddenCode ?? '')) {
          expect(m.hiddenBecause).toBeUndefined();
        }
      }
      for (const text of [...result.reasons.map((r) => r.message), ...result.paymentMethods.map((m) => m.hiddenBecause ?? '')]) {
        expect(text).not.toMatch(/risk|country|corporate|individual/i);
      }
    }
  });
});
