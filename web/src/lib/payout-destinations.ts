/**
 * Payout destinations in the browser: which detail fields each kind has (the
 * server's list in src/usecases/withdrawals/payout-destinations.ts), which
 * kind a withdrawal method pays to (the server's own rule), and whether a
 * destination can be paid to now.
 */
import { destinationKindForMethod as kindForMethod } from '../../../src/domain/payments/payout-destination-rules';
import type { PayoutDestinationKind, PortalPayoutDestination } from '../api/withdrawal-types';

export const DESTINATION_KINDS: readonly PayoutDestinationKind[] = ['bank_account', 'e_wallet', 'crypto_address'];

/** The detail fields of each kind, in the order forms show them. */
export const DETAIL_FIELDS: Readonly<Record<PayoutDestinationKind, readonly string[]>> = {
  bank_account: ['iban', 'accountNumber', 'bankCode', 'bic', 'country'],
  e_wallet: ['provider', 'email', 'accountId'],
  crypto_address: ['network', 'address'],
};

export const CRYPTO_NETWORKS = ['bitcoin', 'ethereum'] as const;

/** The kind of destination a withdrawal method pays to; null for a card (the money goes back to the card). */
export function destinationKindForMethod(methodKind: string): PayoutDestinationKind | null {
  return kindForMethod(methodKind);
}

/** Still in its security waiting period at `now`. */
export function isWaiting(destination: Pick<PortalPayoutDestination, 'usableFrom'>, now: Date = new Date()): boolean {
  return new Date(destination.usableFrom).getTime() > now.getTime();
}

/** Only the fields of the kind, trimmed, empty ones left out (the server refuses fields of another kind). */
export function detailsOf(kind: PayoutDestinationKind, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of DETAIL_FIELDS[kind]) {
    const value = (values[field] ?? '').trim();
    if (value !== '') out[field] = value;
  }
  return out;
}
