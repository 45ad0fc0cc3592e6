/**
 * What a client may do with money and trading, and which payment methods they
 * see: the ONE gate the money features use (SPEC §5.7, §6). Pure: the caller
 * passes the configuration and the client's current record.
 *
 * Rules, in order:
 * 1. closed → nothing; every method hidden.
 * 2. A method the client's country, client type or risk level excludes is
 *    hidden without explanation (see payment-method-rules.ts).
 * 3. restricted → no deposit, withdrawal or trading; every method hidden;
 *    the reasons tell the client to see their next steps or contact support.
 * 4. Deposits: with a method whose `minVerificationLevel` the client meets.
 *    An email-verified client sees only methods open from `email_verified`.
 * 5. Withdrawals: only an active (KYC-approved) AND verified client. Money
 *    leaves only to a verified person, whatever a method's minimum level.
 * 6. Trading: only an active and verified client.
 *
 * The effective level is the lower of the stored level and what the status
 * implies (registered: none; email_verified: email_verified), so a record
 * caught between two updates never grants more than either field allows.
 *
 * `paymentMethods` lists every method of the client's entity, in configured
 * order, with `visible`; `directions` are the ones usable NOW (an
 * email-verified client sees a deposit-and-withdrawal card for deposits
 * only). `hiddenBecause` is client-facing and only set when the client can do
 * something about it (verify); `hiddenCode` is for staff and logs, never for
 * the portal. The portal should send only visible methods and hidden ones
 * with a `hiddenBecause`.
 */
import { findEntity } from '../../config/lookups';
import type { PaymentMethod, TraderoomConfig } from '../../config/schema';
import type { ClientType, PaymentDirection, PaymentMethodKind, RiskLevel } from '../../config/vocabulary';
import type { ClientAccountState } from '../machines/client-account-machine';
import { methodExclusion, type MethodExclusion } from './payment-method-rules';
import { type ClientVerificationLevel, lowerVerificationLevel, meetsVerificationLevel } from './verification-level';

export interface CapabilityClient {
  entityId: string;
  /** Country of residence, ISO 3166-1 alpha-2. */
  country: string;
  clientType: ClientType;
  status: ClientAccountState;
  verificationLevel: ClientVerificationLevel;
  riskLevel: RiskLevel;
}

export type Capability = 'deposit' | 'withdraw' | 'trade';

export type CapabilityReasonCode =
  | 'account_closed'
  | 'account_restricted'
  | 'email_verification_required'
  | 'verification_required'
  | 'no_payment_method'
  | 'entity_unavailable';

export interface CapabilityReason {
  capability: Capability;
  code: CapabilityReasonCode;
  /** Client-facing. */
  message: string;
}

export type MethodHiddenCode =
  | MethodExclusion
  | 'account_closed'
  | 'account_restricted'
  | 'email_verification_required'
  | 'verification_required';

export interface ClientPaymentMethod {
  id: string;
  name: string;
  kind: PaymentMethodKind;
  provider: string;
  /** Usable by this client now; empty when hidden. */
  directions: PaymentDirection[];
  visible: boolean;
  /** Client-facing, only when the client can act on it ("Complete verification to use card deposits and withdrawals"). */
  hiddenBecause?: string;
  /** Internal: why the method is hidden. Not for the portal. */
  hiddenCode?: MethodHiddenCode;
  currencies: readonly string[];
  limits: PaymentMethod['limits'];
}

export interface ClientCapabilities {
  canDeposit: boolean;
  canWithdraw: boolean;
  canTrade: boolean;
  /** Why a capability is false; empty when all three are true. */
  reasons: CapabilityReason[];
  paymentMethods: ClientPaymentMethod[];
}

const STATUS_LEVEL_CAP: Record<ClientAccountState, ClientVerificationLevel> = {
  registered: 'none',
  email_verified: 'email_verified',
  active: 'verified',
  restricted: 'verified',
  closed: 'none',
};

const KIND_WORDS: Record<PaymentMethodKind, string> = {
  card: 'card',
  local_bank_transfer: 'local bank transfer',
  wire: 'wire transfer',
  e_wallet: 'e-wallet',
  crypto: 'crypto',
};

const CAPABILITY_WORDS: Record<Capability, { verb: string; noun: string }> = {
  deposit: { verb: 'deposit', noun: 'Deposits are' },
  withdraw: { verb: 'withdraw', noun: 'Withdrawals are' },
  trade: { verb: 'trade', noun: 'Trading is' },
};

const CAPABILITIES: readonly Capability[] = ['deposit', 'withdraw', 'trade'];

function usesWords(kind: PaymentMethodKind, directions: readonly PaymentDirection[]): string {
  const words = directions.length === 2 ? 'deposits and withdrawals' : directions[0] === 'deposit' ? 'deposits' : 'withdrawals';
  return `${KIND_WORDS[kind]} ${words}`;
}

function reason(capability: Capability, code: CapabilityReasonCode): CapabilityReason {
  const { verb, noun } = CAPABILITY_WORDS[capability];
  const messages: Record<CapabilityReasonCode, string> = {
    account_closed: 'Your account is closed',
    account_restricted: `${noun} paused while your account is restricted. See your next steps or contact support`,
    email_verification_required: `Confirm your email address to ${verb}`,
    verification_required: `Complete verification to ${verb}`,
    no_payment_method: `No ${capability === 'withdraw' ? 'withdrawal' : verb} method is available for your account. Contact support`,
    entity_unavailable: `${noun} not available for your account. Contact support`,
  };
  return { capability, code, message: messages[code] };
}

function hidden(method: PaymentMethod, hiddenCode: MethodHiddenCode, hiddenBecause?: string): ClientPaymentMethod {
  return { ...methodView(method, []), visible: false, hiddenCode, ...(hiddenBecause === undefined ? {} : { hiddenBecause }) };
}

function methodView(method: PaymentMethod, directions: PaymentDirection[]): ClientPaymentMethod {
  return {
    id: method.id,
    name: method.name,
    kind: method.kind,
    provider: method.provider,
    directions,
    visible: directions.length > 0,
    currencies: method.currencies,
    limits: method.limits,
  };
}

export function clientCapabilities(config: TraderoomConfig, client: CapabilityClient): ClientCapabilities {
  const entity = findEntity(config, client.entityId);
  if (entity === undefined) {
    // The record names an entity the configuration no longer has: fail closed.
    return { canDeposit: false, canWithdraw: false, canTrade: false, reasons: CAPABILITIES.map((c) => reason(c, 'entity_unavailable')), paymentMethods: [] };
  }
  const { status } = client;
  if (status === 'closed' || status === 'restricted') {
    const code = status === 'closed' ? 'account_closed' : 'account_restricted';
    return {
      canDeposit: false,
      canWithdraw: false,
      canTrade: false,
      reasons: CAPABILITIES.map((c) => reason(c, code)),
      paymentMethods: entity.paymentMethods.map((method) => hidden(method, methodExclusion(method, client) ?? code)),
    };
  }

  const level = lowerVerificationLevel(client.verificationLevel, STATUS_LEVEL_CAP[status]);
  const fullyVerified = status === 'active' && level === 'verified';
  const paymentMethods = entity.paymentMethods.map((method): ClientPaymentMethod => {
    const exclusion = methodExclusion(method, client);
    if (exclusion !== undefined) return hidden(method, exclusion);
    const usable = method.directions.filter((direction) =>
      direction === 'deposit' ? meetsVerificationLevel(level, method.minVerificationLevel) : fullyVerified,
    );
    if (usable.length > 0) return methodView(method, usable);
    if (level === 'none' && method.minVerificationLevel === 'email_verified' && method.directions.includes('deposit')) {
      return hidden(method, 'email_verification_required', `Confirm your email address to use ${usesWords(method.kind, ['deposit'])}`);
    }
    return hidden(method, 'verification_required', `Complete verification to use ${usesWords(method.kind, method.directions)}`);
  });

  const reasons: CapabilityReason[] = [];
  const offers = (direction: PaymentDirection) => paymentMethods.some((m) => m.directions.includes(direction));
  const lockedByVerification = (direction: PaymentDirection) =>
    entity.paymentMethods.some((method, i) => {
      const code = paymentMethods[i]?.hiddenCode;
      return method.directions.includes(direction) && (code === 'verification_required' || code === 'email_verification_required');
    });

  const canDeposit = offers('deposit');
  if (!canDeposit) {
    if (level === 'none') reasons.push(reason('deposit', 'email_verification_required'));
    else if (lockedByVerification('deposit')) reasons.push(reason('deposit', 'verification_required'));
    else reasons.push(reason('deposit', 'no_payment_method'));
  }
  const canWithdraw = fullyVerified && offers('withdrawal');
  if (!fullyVerified) reasons.push(reason('withdraw', 'verification_required'));
  else if (!canWithdraw) reasons.push(reason('withdraw', 'no_payment_method'));
  const canTrade = fullyVerified;
  if (!canTrade) reasons.push(reason('trade', 'verification_required'));

  return { canDeposit, canWithdraw, canTrade, reasons, paymentMethods };
}
