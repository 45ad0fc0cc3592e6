/**
 * The journal entries of each money movement, built from business facts.
 * Pure: the repository posts them (src/persistence/ledger/ledger-repository.ts).
 *
 * Withdrawals are two-phase (TigerBeetle's pending transfers, Blnk's
 * inflight): the request moves the amount from the wallet to the client's
 * hold account; then either the hold is released back to the wallet
 * (declined, cancelled) or settled to the provider (paid). A payout returned
 * after it was paid comes back under hold, and finance decides again.
 *
 *   deposit_credit          clearing → wallet
 *   deposit_refund          wallet → clearing (finance refund: the wallet must cover it);
 *                           a refund made at the provider: like a chargeback
 *   deposit_refund_reversal like chargeback_reversal (the provider's refund failed)
 *   withdrawal_hold         wallet → hold
 *   withdrawal_release      hold → wallet
 *   withdrawal_settle       hold → clearing
 *   withdrawal_return       clearing → hold
 *   transfer_to_platform    wallet → platform
 *   transfer_from_platform  platform → wallet
 *   fee                     wallet → broker fees
 *   chargeback              wallet (what is there) + debt (the rest) → clearing  (clawbackEntry)
 *   chargeback_reversal     clearing → debt (repaid first) + wallet (the rest)   (clawbackReversalEntry)
 *   debt_repayment          wallet → debt
 *   debt_write_off          chargeback losses → debt
 */
import {
  chargebackLossesAccount,
  clearingAccount,
  debtAccount,
  feesAccount,
  holdAccount,
  platformAccount,
  walletAccount,
  type AccountCode,
} from './accounts';
import type { BusinessRef, EntryDraft, EntryKind, PostingDraft } from './journal-entry';
import { assertPositive, formatMoney, type Money } from './money';
import { ValidationError } from '../errors';

/** One movement of `amount` from one account to another. */
function move(kind: EntryKind, ref: BusinessRef, from: AccountCode, to: AccountCode, amount: Money, description: string): EntryDraft {
  assertPositive(amount);
  return {
    kind,
    businessRef: ref,
    description,
    postings: [
      { account: from, amountMinor: -amount.amountMinor, currency: amount.currency },
      { account: to, amountMinor: amount.amountMinor, currency: amount.currency },
    ],
  };
}

export interface ClientProviderMovement {
  ref: BusinessRef;
  clientId: string;
  providerId: string;
  amount: Money;
  description?: string;
}

export interface ClientMovement {
  ref: BusinessRef;
  clientId: string;
  amount: Money;
  description?: string;
}

export interface PlatformMovement extends ClientMovement {
  platformId: string;
}

export function depositCreditEntry(m: ClientProviderMovement): EntryDraft {
  return move('deposit_credit', m.ref, clearingAccount(m.providerId, m.amount.currency), walletAccount(m.clientId, m.amount.currency), m.amount,
    m.description ?? `Deposit of ${formatMoney(m.amount)} via ${m.providerId} credited`);
}

export function depositRefundEntry(m: ClientProviderMovement): EntryDraft {
  return move('deposit_refund', m.ref, walletAccount(m.clientId, m.amount.currency), clearingAccount(m.providerId, m.amount.currency), m.amount,
    m.description ?? `Deposit of ${formatMoney(m.amount)} refunded via ${m.providerId}`);
}

export function withdrawalHoldEntry(m: ClientMovement): EntryDraft {
  return move('withdrawal_hold', m.ref, walletAccount(m.clientId, m.amount.currency), holdAccount(m.clientId, m.amount.currency), m.amount,
    m.description ?? `Withdrawal of ${formatMoney(m.amount)} requested: funds on hold`);
}

export function withdrawalReleaseEntry(m: ClientMovement): EntryDraft {
  return move('withdrawal_release', m.ref, holdAccount(m.clientId, m.amount.currency), walletAccount(m.clientId, m.amount.currency), m.amount,
    m.description ?? `Withdrawal hold of ${formatMoney(m.amount)} released`);
}

export function withdrawalSettleEntry(m: ClientProviderMovement): EntryDraft {
  return move('withdrawal_settle', m.ref, holdAccount(m.clientId, m.amount.currency), clearingAccount(m.providerId, m.amount.currency), m.amount,
    m.description ?? `Withdrawal of ${formatMoney(m.amount)} paid out via ${m.providerId}`);
}

export function withdrawalReturnEntry(m: ClientProviderMovement): EntryDraft {
  return move('withdrawal_return', m.ref, clearingAccount(m.providerId, m.amount.currency), holdAccount(m.clientId, m.amount.currency), m.amount,
    m.description ?? `Payout of ${formatMoney(m.amount)} returned by ${m.providerId}: funds back on hold`);
}

export function transferToPlatformEntry(m: PlatformMovement): EntryDraft {
  return move('transfer_to_platform', m.ref, walletAccount(m.clientId, m.amount.currency), platformAccount(m.platformId, m.amount.currency), m.amount,
    m.description ?? `Transfer of ${formatMoney(m.amount)} to trading platform ${m.platformId}`);
}

export function transferFromPlatformEntry(m: PlatformMovement): EntryDraft {
  return move('transfer_from_platform', m.ref, platformAccount(m.platformId, m.amount.currency), walletAccount(m.clientId, m.amount.currency), m.amount,
    m.description ?? `Transfer of ${formatMoney(m.amount)} from trading platform ${m.platformId}`);
}

export function feeEntry(m: ClientMovement): EntryDraft {
  return move('fee', m.ref, walletAccount(m.clientId, m.amount.currency), feesAccount(m.amount.currency), m.amount,
    m.description ?? `Fee of ${formatMoney(m.amount)}`);
}

export function debtRepaymentEntry(m: ClientMovement): EntryDraft {
  return move('debt_repayment', m.ref, walletAccount(m.clientId, m.amount.currency), debtAccount(m.clientId, m.amount.currency), m.amount,
    m.description ?? `Debt of ${formatMoney(m.amount)} repaid from the wallet`);
}

export function debtWriteOffEntry(m: ClientMovement): EntryDraft {
  return move('debt_write_off', m.ref, chargebackLossesAccount(m.amount.currency), debtAccount(m.clientId, m.amount.currency), m.amount,
    m.description ?? `Debt of ${formatMoney(m.amount)} written off as a chargeback loss`);
}

function sameCurrency(balance: Money, amount: Money, what: string): void {
  if (balance.currency !== amount.currency) {
    throw new ValidationError(`The ${what} is in ${balance.currency}, the amount in ${amount.currency}`, undefined, 'currency_mismatch');
  }
}

export type ClawbackKind = 'chargeback' | 'deposit_refund';
export type ClawbackReversalKind = 'chargeback_reversal' | 'deposit_refund_reversal';

const CLAWBACK_WORDS: Readonly<Record<ClawbackKind, string>> = { chargeback: 'Chargeback', deposit_refund: 'Refund to the payer' };
const CLAWBACK_REVERSAL_WORDS: Readonly<Record<ClawbackReversalKind, (amount: string, providerId: string) => string>> = {
  chargeback_reversal: (amount, providerId) => `Chargeback of ${amount} reversed by ${providerId}`,
  deposit_refund_reversal: (amount, providerId) => `Refund of ${amount} via ${providerId} failed: the money is back`,
};

/**
 * The provider takes `amount` back from money the client was credited (a
 * chargeback, or a refund to the payer made at the provider). What the
 * wallet still has pays for it; the shortfall becomes the client's debt (a
 * balance of the debt account below zero), never a negative wallet.
 * `walletBalance` must be read under the row lock of the same transaction:
 * the repository's `postComputedEntry` does that.
 */
export function clawbackEntry(kind: ClawbackKind, m: ClientProviderMovement & { walletBalance: Money }): EntryDraft {
  assertPositive(m.amount);
  sameCurrency(m.walletBalance, m.amount, 'wallet');
  const cur = m.amount.currency;
  const available = m.walletBalance.amountMinor > 0n ? m.walletBalance.amountMinor : 0n;
  const fromWallet = available < m.amount.amountMinor ? available : m.amount.amountMinor;
  const shortfall = m.amount.amountMinor - fromWallet;
  const postings: PostingDraft[] = [{ account: clearingAccount(m.providerId, cur), amountMinor: m.amount.amountMinor, currency: cur }];
  if (fromWallet > 0n) postings.push({ account: walletAccount(m.clientId, cur), amountMinor: -fromWallet, currency: cur });
  if (shortfall > 0n) postings.push({ account: debtAccount(m.clientId, cur), amountMinor: -shortfall, currency: cur });
  return {
    kind,
    businessRef: m.ref,
    description:
      m.description ??
      `${CLAWBACK_WORDS[kind]} of ${formatMoney(m.amount)} via ${m.providerId}` +
        (shortfall > 0n ? `; shortfall of ${formatMoney({ amountMinor: shortfall, currency: cur })} recorded as debt` : ''),
    postings,
  };
}

/**
 * The provider returned `amount` it had taken back (a dispute won, a refund
 * that failed): it repays the client's debt first (`debtBalance` ≤ 0, read
 * under lock), the rest goes back to the wallet.
 */
export function clawbackReversalEntry(kind: ClawbackReversalKind, m: ClientProviderMovement & { debtBalance: Money }): EntryDraft {
  assertPositive(m.amount);
  sameCurrency(m.debtBalance, m.amount, 'debt');
  const cur = m.amount.currency;
  const owed = m.debtBalance.amountMinor < 0n ? -m.debtBalance.amountMinor : 0n;
  const toDebt = owed < m.amount.amountMinor ? owed : m.amount.amountMinor;
  const toWallet = m.amount.amountMinor - toDebt;
  const postings: PostingDraft[] = [{ account: clearingAccount(m.providerId, cur), amountMinor: -m.amount.amountMinor, currency: cur }];
  if (toDebt > 0n) postings.push({ account: debtAccount(m.clientId, cur), amountMinor: toDebt, currency: cur });
  if (toWallet > 0n) postings.push({ account: walletAccount(m.clientId, cur), amountMinor: toWallet, currency: cur });
  return {
    kind,
    businessRef: m.ref,
    description: m.description ?? CLAWBACK_REVERSAL_WORDS[kind](formatMoney(m.amount), m.providerId),
    postings,
  };
}

/** Chargeback: the wallet pays what it has, the rest becomes the client's tracked debt. */
export function chargebackEntry(m: ClientProviderMovement & { walletBalance: Money }): EntryDraft {
  return clawbackEntry('chargeback', m);
}

/** The broker won the dispute: the returned money repays the client's debt first, the rest goes to the wallet. */
export function chargebackReversalEntry(m: ClientProviderMovement & { debtBalance: Money }): EntryDraft {
  return clawbackReversalEntry('chargeback_reversal', m);
}
