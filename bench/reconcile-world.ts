/**
 * The book bench/reconcile.ts reconciles, defined once by formulas of the
 * account number i (1..N) so that the database (seeded in SQL, the same
 * formulas there) and the MT5 simulator (seeded by bench/reconcile-mt5.ts from
 * this file) hold the same accounts, plus a few planted breaks on the
 * platform side, at fixed i, that the run must find and nothing else.
 *
 * Per account i (login 600000 + i, group real\eu-retail-eur, EUR):
 *   A  a completed transfer to the account of a(i) = 10 000 + (i·7919 mod 90 001)
 *   B  every 3rd account: a completed transfer back to the wallet of 1 + (i·104 729 mod ⌊a/2⌋)
 *   C  every 50th account: a pending transfer to the account of 1 000 + (i mod 1 000) (in transit: no deal yet)
 *   every 4th account: one closed trade of P/L (i·31 mod 5 001) − 2 500
 * Planted (i mod 10 007): 11 the deal of A is missing, 12 A's deal twice, 13 A's deal for a(i)+1,
 * 14 a bonus by a dealer, 15 the balance one cent off with no deal.
 */

export const LOGIN_BASE = 600_000;
export const GROUP = 'real\\eu-retail-eur';
export const PLATFORM_ID = 'mt5_demo';
export const CURRENCY = 'EUR';
export const MANAGER = { login: '1000', password: 'Bench#Mgr2024' } as const;
const PLANT_MODULUS = 10_007;

export type Planted = 'missing_deal' | 'duplicate_deal' | 'amount_mismatch' | 'unknown_deal' | 'balance_mismatch';

export function transferA(i: number): number {
  return 10_000 + ((i * 7919) % 90_001);
}

export function transferB(i: number): number {
  return i % 3 === 0 ? 1 + ((i * 104_729) % Math.floor(transferA(i) / 2)) : 0;
}

export function transferC(i: number): number {
  return i % 50 === 0 ? 1_000 + (i % 1_000) : 0;
}

export function tradePnl(i: number): number {
  return i % 4 === 0 ? ((i * 31) % 5_001) - 2_500 : 0;
}

export function planted(i: number): Planted | null {
  switch (i % PLANT_MODULUS) {
    case 11:
      return 'missing_deal';
    case 12:
      return 'duplicate_deal';
    case 13:
      return 'amount_mismatch';
    case 14:
      return 'unknown_deal';
    case 15:
      return 'balance_mismatch';
    default:
      return null;
  }
}

export function plantedCounts(accounts: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 1; i <= accounts; i++) {
    const p = planted(i);
    if (p) counts[p] = (counts[p] ?? 0) + 1;
  }
  return counts;
}

export const reference = (i: number, transfer: 'A' | 'B' | 'C') => `TT${i}${transfer}`;

export interface SimSeed {
  login: string;
  comment: string;
  balanceMinor?: bigint;
  deals: { action: number; amountMinor: bigint; comment: string; time: number }[];
}

/** The platform side of account i (deal times in server seconds from `t0`). */
export function simAccount(i: number, t0: number): SimSeed {
  const a = BigInt(transferA(i));
  const b = BigInt(transferB(i));
  const pnl = BigInt(tradePnl(i));
  const p = planted(i);
  const deals: SimSeed['deals'] = [];
  if (p !== 'missing_deal') deals.push({ action: 2, amountMinor: p === 'amount_mismatch' ? a + 1n : a, comment: reference(i, 'A'), time: t0 });
  if (p === 'duplicate_deal') deals.push({ action: 2, amountMinor: a, comment: reference(i, 'A'), time: t0 + 60 });
  if (pnl !== 0n) deals.push({ action: 1, amountMinor: pnl, comment: '', time: t0 + 120 });
  if (b > 0n) deals.push({ action: 2, amountMinor: -b, comment: reference(i, 'B'), time: t0 + 180 });
  if (p === 'unknown_deal') deals.push({ action: 6, amountMinor: 2_500n, comment: 'bonus by dealer', time: t0 + 240 });
  const sum = deals.reduce((s, d) => s + d.amountMinor, 0n);
  return { login: String(LOGIN_BASE + i), comment: `TA${i}`, deals, ...(p === 'balance_mismatch' ? { balanceMinor: sum + 1n } : {}) };
}
