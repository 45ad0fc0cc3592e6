/**
 * Checks on a payout destination a client adds (or finance edits): the
 * details are well formed for their kind, and the holder's name is the
 * client's (issue 5 "Payout destinations"; SPEC §11 name mismatches).
 *
 * - `valid` is false only for details that cannot work (a bad IBAN, an
 *   address for no network): the form shows `fieldErrors` (client-facing,
 *   keyed by field) and nothing is saved.
 * - A holder name that is not a `match` does NOT make it invalid: the
 *   destination is kept and flagged, and every withdrawal to it is flagged
 *   for compliance (`holder_name_partial` / `holder_name_mismatch`).
 * - The policy (`proofRequired`, `coolingOffHours`) adds `proof_required`
 *   and `cooling_off` flags to a new destination. The configuration has no
 *   section for it yet, so the caller passes it (default: neither).
 *
 * Bank accounts: an IBAN (mod-97 checked) when given or when the bank's
 * country uses IBANs; otherwise an account number with a BIC or a local bank
 * code (sort code, routing number…). BIC optional, shape checked.
 * E-wallets: an email or an account id. Crypto: see crypto-address.ts.
 */
import { invariant } from '../errors';
import { cryptoAddressProblem, isCryptoNetwork } from './crypto-address';
import { IBAN_LENGTHS, ibanProblem, ibanProblemMessage, isBic } from './iban';
import { type NameMatch, namesMatch } from './names-match';

export const PAYOUT_DESTINATION_KINDS = ['bank_account', 'e_wallet', 'crypto_address'] as const;
export type PayoutDestinationKind = (typeof PAYOUT_DESTINATION_KINDS)[number];

export interface BankAccountDetails {
  iban?: string;
  bic?: string;
  /** For a country without IBANs. */
  accountNumber?: string;
  /** Local bank code (sort code, routing number, NUBAN bank code…), when there is no BIC. */
  bankCode?: string;
  /** ISO 3166-1 alpha-2 of the bank, when known. */
  country?: string;
}

export interface EWalletDetails {
  /** The wallet provider's name, free text ("Skrill"). */
  provider?: string;
  email?: string;
  accountId?: string;
}

export interface CryptoAddressDetails {
  network: string;
  address: string;
}

export type PayoutDestinationInput =
  | { kind: 'bank_account'; holderName: string; clientLegalName: string; details: BankAccountDetails }
  | { kind: 'e_wallet'; holderName: string; clientLegalName: string; details: EWalletDetails }
  | { kind: 'crypto_address'; holderName: string; clientLegalName: string; details: CryptoAddressDetails };

export type DestinationFlag = 'holder_name_partial' | 'holder_name_mismatch' | 'proof_required' | 'cooling_off';

export interface DestinationCheck {
  valid: boolean;
  /** Client-facing, by field name (`holderName`, `iban`, `bic`, `accountNumber`, `bankCode`, `email`, `accountId`, `network`, `address`). */
  fieldErrors: Record<string, string>;
  nameMatch: NameMatch;
  flags: DestinationFlag[];
}

export interface PayoutDestinationPolicy {
  /** A new destination needs a proof document (bank statement, wallet screenshot) before use. */
  proofRequired: boolean;
  /** A new destination cannot be paid out to until this many hours after it was added; 0: at once. */
  coolingOffHours: number;
}

export const DEFAULT_PAYOUT_DESTINATION_POLICY: PayoutDestinationPolicy = Object.freeze({ proofRequired: false, coolingOffHours: 0 });

const MAX_FIELD_CHARS = 256;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._@+-]{3,63}$/;
const ACCOUNT_NUMBER = /^[A-Za-z0-9]{4,34}$/;
const BANK_CODE = /^[A-Za-z0-9]{2,20}$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, MAX_FIELD_CHARS) : '';
}

function bankAccountErrors(details: BankAccountDetails, errors: Record<string, string>): void {
  const iban = text(details.iban);
  const country = text(details.country).toUpperCase();
  if (iban !== '' || (country !== '' && IBAN_LENGTHS[country] !== undefined)) {
    const problem = ibanProblem(iban);
    if (problem !== null) errors.iban = ibanProblemMessage(problem, iban);
  } else {
    const accountNumber = text(details.accountNumber).replace(/[\s-]+/g, '');
    if (!ACCOUNT_NUMBER.test(accountNumber)) errors.accountNumber = 'Enter the IBAN, or the account number (4 to 34 letters and digits)';
    const bankCode = text(details.bankCode).replace(/[\s-]+/g, '');
    if (bankCode !== '' && !BANK_CODE.test(bankCode)) errors.bankCode = 'A bank code has 2 to 20 letters and digits';
    if (bankCode === '' && text(details.bic) === '') errors.bankCode = "Enter the bank's BIC (SWIFT code) or its local bank code";
  }
  const bic = text(details.bic);
  if (bic !== '' && !isBic(bic)) errors.bic = 'A BIC (SWIFT code) has 8 or 11 letters and digits, e.g. DEUTDEFF';
}

function eWalletErrors(details: EWalletDetails, errors: Record<string, string>): void {
  const email = text(details.email);
  const accountId = text(details.accountId);
  if (email === '' && accountId === '') {
    errors.email = 'Enter the e-wallet email address or account id';
    return;
  }
  if (email !== '' && !EMAIL.test(email)) errors.email = 'Enter a valid email address';
  if (accountId !== '' && !ACCOUNT_ID.test(accountId)) errors.accountId = 'An account id has 4 to 64 letters, digits, dots, dashes or underscores';
}

function cryptoErrors(details: CryptoAddressDetails, errors: Record<string, string>): void {
  const network = text(details.network).toLowerCase();
  if (!isCryptoNetwork(network)) {
    errors.network = 'Choose a supported network: Bitcoin or Ethereum';
    return;
  }
  const problem = cryptoAddressProblem(network, text(details.address));
  if (problem !== null) errors.address = problem;
}

export function destinationChecks(policy: PayoutDestinationPolicy | undefined, input: PayoutDestinationInput): DestinationCheck {
  const { proofRequired, coolingOffHours } = policy ?? DEFAULT_PAYOUT_DESTINATION_POLICY;
  const fieldErrors: Record<string, string> = {};
  const holderName = text(input.holderName);
  if (holderName === '') fieldErrors.holderName = "Enter the account holder's name";

  if (input.kind === 'bank_account') bankAccountErrors(input.details, fieldErrors);
  else if (input.kind === 'e_wallet') eWalletErrors(input.details, fieldErrors);
  else cryptoErrors(input.details, fieldErrors);

  const nameMatch = holderName === '' ? 'mismatch' : namesMatch(holderName, input.clientLegalName);
  const flags: DestinationFlag[] = [];
  if (nameMatch === 'partial') flags.push('holder_name_partial');
  if (nameMatch === 'mismatch') flags.push('holder_name_mismatch');
  if (proofRequired) flags.push('proof_required');
  if (coolingOffHours > 0) flags.push('cooling_off');
  return { valid: Object.keys(fieldErrors).length === 0, fieldErrors, nameMatch, flags };
}

/** When a destination added at `createdAt` may first be paid out to. */
export function coolingOffEndsAt(createdAt: Date, hours: number): Date {
  invariant(Number.isFinite(hours) && hours >= 0, `cooling-off hours must be a non-negative number, got ${hours}`);
  return new Date(createdAt.getTime() + hours * 3_600_000);
}

/** True while a destination added at `createdAt` is still cooling off at `now`. */
export function inCoolingOff(createdAt: Date, hours: number, now: Date): boolean {
  return now.getTime() < coolingOffEndsAt(createdAt, hours).getTime();
}

/**
 * The destination kind a withdrawal method pays to; null for a card: a card
 * withdrawal goes back to the card the client paid with (a refund/original
 * credit through the acquirer), so it needs no destination on record.
 */
export function destinationKindForMethod(methodKind: string): PayoutDestinationKind | null {
  switch (methodKind) {
    case 'card':
      return null;
    case 'e_wallet':
      return 'e_wallet';
    case 'crypto':
      return 'crypto_address';
    default:
      return 'bank_account';
  }
}

/** A short label for lists ("IBAN DE89 …3000", "BTC bc1q…x5a"), never the full number. */
export function destinationLabel(kind: PayoutDestinationKind, details: Record<string, string | undefined>): string {
  const tail = (value: string | undefined) => {
    const v = (value ?? '').replace(/\s+/g, '');
    return v.length <= 8 ? v : `${v.slice(0, 4)} …${v.slice(-4)}`;
  };
  if (kind === 'bank_account') return details.iban ? `IBAN ${tail(details.iban)}` : `Account ${tail(details.accountNumber)}`;
  if (kind === 'e_wallet') return `${details.provider ? `${details.provider} ` : 'E-wallet '}${details.email ?? tail(details.accountId)}`;
  return `${(details.network ?? '').toUpperCase()} ${tail(details.address)}`;
}
