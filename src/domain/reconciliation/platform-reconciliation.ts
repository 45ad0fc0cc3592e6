/**
 * One trading account reconciled: our transfers and the ledger against the
 * platform's balance and deal history (SPEC §8). Pure.
 *
 * Matching: a transfer's reference is the comment of the balance deal that
 * applied it (exactly once: transfer-funds.ts). Every balance deal carrying a
 * reference of the account's transfers belongs to that transfer; a manager
 * operation (balance, charge, correction, bonus, credit) carrying none is an
 * unknown deal.
 *
 * Per transfer t, with s = +amount (to the account) or −amount (to the wallet):
 *   completed → exactly one deal of s on the platform, and the ledger's platform
 *               account moved by s (the transfer_to/from_platform entry);
 *   failed    → no deal; the ledger moved 0 (to the account: posted, then reversed);
 *   pending   → in transit: the ledger moved s for a transfer to the account
 *               (posted at the request), 0 for one to the wallet (posted when the
 *               platform confirms); the platform has it or not yet. Not a break,
 *               unless our reference is on two deals or on one of another amount.
 *
 * The balance, and trading P/L: the platform balance legitimately moves with
 * closed trades (their P/L, swap, commission) and the fees the platform books
 * itself, which the ledger never sees. So the expected balance is
 *     ledger net of the account's transfers
 *   + closed-trade P/L and platform fees from the deal history
 *   + the differences already listed as breaks of this account (a missing,
 *     duplicate or other-amount deal, an unknown manager operation, a ledger
 *     posting that does not match its transfer)
 *   + transfers in transit,
 * which is the sum of the balance effects of every deal in the history. A
 * balance_mismatch is what is left: the balance moved with no deal to show
 * for it (or with history we could not read). Each planted difference thus
 * shows up once, as its own kind, not again as a balance difference.
 * Floating P/L of open positions is not in the balance (it is in equity) and
 * plays no part. Credit is not balance either: a credit operation without our
 * reference is an unknown deal with no effect on the balance.
 */
import type { BreakDraft } from './breaks';

export interface ReconAccount {
  id: string;
  platformId: string;
  login: string;
  clientId: string;
  entityId: string;
  currency: string;
}

export interface ReconTransfer {
  id: string;
  reference: string;
  direction: 'to_account' | 'to_wallet';
  amountMinor: bigint;
  status: 'pending' | 'completed' | 'failed';
  platformDealId: string | null;
  /** What the ledger's platform account moved for this transfer (its entries and reversal), signed. */
  ledgerMinor: bigint;
  createdAt: Date;
}

export type ReconDealKind = 'balance' | 'adjustment' | 'credit' | 'trade' | 'fee';

export interface ReconDeal {
  dealId: string;
  kind: ReconDealKind;
  platformType: string;
  amountMinor: bigint;
  balanceEffectMinor: bigint;
  comment: string;
  time: Date;
}

export interface ReconPlatformAccount {
  /** undefined: the platform does not have the login. */
  balanceMinor: bigint | undefined;
  currency: string | undefined;
  deals: readonly ReconDeal[];
  /** False when only balance deals could be read (no trade history): the balance is not checked. */
  fullHistory: boolean;
}

export interface AccountReconciliation {
  breaks: BreakDraft[];
  /** Σ of the account's transfers on the ledger's platform account. */
  ledgerMinor: bigint;
  /** Deals that are manager operations without a reference of ours (also listed as breaks). */
  unknownDeals: ReconDeal[];
}

const MANAGER_OPERATIONS: ReadonlySet<ReconDealKind> = new Set(['balance', 'adjustment', 'credit']);

export function signedAmount(t: Pick<ReconTransfer, 'direction' | 'amountMinor'>): bigint {
  return t.direction === 'to_account' ? t.amountMinor : -t.amountMinor;
}

/** What the ledger's platform account should have moved for a transfer in this state. */
export function expectedLedgerMinor(t: Pick<ReconTransfer, 'direction' | 'amountMinor' | 'status'>): bigint {
  if (t.direction === 'to_account') return t.status === 'failed' ? 0n : t.amountMinor;
  return t.status === 'completed' ? -t.amountMinor : 0n;
}

const s = (v: bigint) => v.toString();

function dealEvidence(d: ReconDeal) {
  return { dealId: d.dealId, kind: d.kind, platformType: d.platformType, amountMinor: s(d.amountMinor), comment: d.comment, time: d.time.toISOString() };
}

function compareDealIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function reconcileAccount(account: ReconAccount, transfers: readonly ReconTransfer[], platform: ReconPlatformAccount): AccountReconciliation {
  const ledgerMinor = transfers.reduce((sum, t) => sum + t.ledgerMinor, 0n);
  const base = { platformId: account.platformId, tradingAccountId: account.id, login: account.login, clientId: account.clientId, entityId: account.entityId };
  const breaks: BreakDraft[] = [];

  if (platform.balanceMinor === undefined) {
    breaks.push({
      ...base, kind: 'account_missing', currency: account.currency, expectedMinor: ledgerMinor,
      evidence: { login: account.login, transfers: transfers.length, ledgerNetMinor: s(ledgerMinor), note: 'The platform does not return this login.' },
    });
    return { breaks, ledgerMinor, unknownDeals: [] };
  }

  const byReference = new Map<string, ReconTransfer>();
  for (const t of transfers) byReference.set(t.reference, t);
  const dealsOf = new Map<string, ReconDeal[]>();
  const unknownDeals: ReconDeal[] = [];
  let historyMinor = 0n;
  let tradingMinor = 0n;
  let unknownMinor = 0n;
  for (const d of platform.deals) {
    historyMinor += d.balanceEffectMinor;
    if (d.kind === 'trade' || d.kind === 'fee') {
      tradingMinor += d.balanceEffectMinor;
      continue;
    }
    const transfer = d.kind === 'balance' ? byReference.get(d.comment) : undefined;
    if (transfer) {
      const list = dealsOf.get(transfer.id);
      if (list) list.push(d);
      else dealsOf.set(transfer.id, [d]);
    } else if (MANAGER_OPERATIONS.has(d.kind)) {
      unknownDeals.push(d);
      unknownMinor += d.balanceEffectMinor;
    }
  }

  let listedMinor = unknownMinor;
  let inTransitMinor = 0n;
  for (const t of transfers) {
    const deals = (dealsOf.get(t.id) ?? []).sort((a, b) => compareDealIds(a.dealId, b.dealId));
    const onPlatform = deals.reduce((sum, d) => sum + d.amountMinor, 0n);
    const expected = signedAmount(t);
    const transferBase = { ...base, reference: t.reference, currency: account.currency };
    const transferEvidence = { transferId: t.id, direction: t.direction, status: t.status, amountMinor: s(t.amountMinor), requestedAt: t.createdAt.toISOString() };

    const ledgerExpected = expectedLedgerMinor(t);
    if (t.ledgerMinor !== ledgerExpected) {
      breaks.push({
        ...transferBase, kind: 'ledger_mismatch', expectedMinor: ledgerExpected, actualMinor: t.ledgerMinor,
        evidence: { ...transferEvidence, ledgerMinor: s(t.ledgerMinor), expectedLedgerMinor: s(ledgerExpected) },
      });
    }

    if (t.status === 'pending') inTransitMinor += onPlatform - t.ledgerMinor;
    else listedMinor += onPlatform - t.ledgerMinor;

    if (t.status === 'failed') {
      if (deals.length > 0) {
        breaks.push({
          ...transferBase, kind: 'deal_for_failed_transfer', dealId: deals[0]!.dealId, expectedMinor: 0n, actualMinor: onPlatform,
          evidence: { ...transferEvidence, deals: deals.map(dealEvidence) },
        });
      }
      continue;
    }
    if (deals.length === 0) {
      if (t.status === 'completed') {
        breaks.push({
          ...transferBase, kind: 'missing_deal', dealId: t.platformDealId ?? undefined, expectedMinor: expected, actualMinor: 0n,
          evidence: { ...transferEvidence, recordedDealId: t.platformDealId, note: 'No deal on the platform carries this reference.' },
        });
      }
      continue;
    }
    const primary = deals.find((d) => d.dealId === t.platformDealId) ?? deals[0]!;
    if (primary.amountMinor !== expected) {
      breaks.push({
        ...transferBase, kind: 'amount_mismatch', dealId: primary.dealId, expectedMinor: expected, actualMinor: primary.amountMinor,
        evidence: { ...transferEvidence, deal: dealEvidence(primary) },
      });
    }
    if (deals.length > 1) {
      const extra = deals.filter((d) => d !== primary);
      breaks.push({
        ...transferBase, kind: 'duplicate_deal', dealId: extra[0]!.dealId, expectedMinor: expected, actualMinor: onPlatform,
        evidence: { ...transferEvidence, recordedDealId: t.platformDealId, deals: deals.map(dealEvidence), extraMinor: s(onPlatform - primary.amountMinor) },
      });
    }
  }

  for (const d of unknownDeals) {
    breaks.push({
      ...base, kind: 'unknown_deal', dealId: d.dealId, currency: account.currency, reference: d.comment === '' ? undefined : d.comment,
      expectedMinor: 0n, actualMinor: d.amountMinor,
      evidence: { ...dealEvidence(d), balanceEffectMinor: s(d.balanceEffectMinor), note: 'A manager operation Traderoom did not make.' },
    });
  }

  if (platform.fullHistory) {
    const residual = platform.balanceMinor - historyMinor;
    if (residual !== 0n) {
      breaks.push({
        ...base, kind: 'balance_mismatch', currency: account.currency, expectedMinor: historyMinor, actualMinor: platform.balanceMinor,
        evidence: {
          platformBalanceMinor: s(platform.balanceMinor),
          platformCurrency: platform.currency,
          ledgerNetMinor: s(ledgerMinor),
          tradingPnlMinor: s(tradingMinor),
          listedDifferencesMinor: s(listedMinor),
          inTransitMinor: s(inTransitMinor),
          expectedMinor: s(historyMinor),
          unexplainedMinor: s(residual),
          dealsRead: platform.deals.length,
          note: 'expected = ledger net + closed-trade P/L and fees + differences listed as other breaks + transfers in transit (= the balance effect of every deal in the history)',
        },
      });
    }
  }
  return { breaks, ledgerMinor, unknownDeals };
}
