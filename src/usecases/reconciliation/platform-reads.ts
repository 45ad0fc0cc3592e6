/**
 * Reading many accounts of one trading platform at once, for the balance
 * sync and reconciliation: the adapter's batched reads when it has them,
 * else one login at a time (balance deals only: no trade history).
 */
import { PlatformNotFoundError, type PlatformBalances, type PlatformDeal, type TradingPlatform } from '../../integrations/platforms';

export interface PlatformAccountRead {
  /** undefined: the platform does not have the login. */
  balances: PlatformBalances | undefined;
  deals: PlatformDeal[];
}

export interface PlatformBatchRead {
  accounts: Map<string, PlatformAccountRead>;
  /** Every kind of deal was read (trades too), so a balance can be explained by its history. */
  fullHistory: boolean;
}

export async function readPlatformAccounts(platform: TradingPlatform, logins: readonly string[], since: Date, until: Date): Promise<PlatformBatchRead> {
  const accounts = new Map<string, PlatformAccountRead>();
  if (logins.length === 0) return { accounts, fullHistory: true };
  if (platform.getBalancesBatch && platform.listDeals) {
    const balances = await platform.getBalancesBatch(logins);
    const present = logins.filter((l) => balances.has(l));
    const deals = present.length > 0 ? await platform.listDeals(present, since, until) : [];
    for (const login of logins) accounts.set(login, { balances: balances.get(login), deals: [] });
    for (const d of deals) accounts.get(d.login)?.deals.push(d);
    return { accounts, fullHistory: true };
  }
  for (const login of logins) {
    let balances: PlatformBalances;
    try {
      balances = await platform.getBalances(login);
    } catch (error) {
      if (error instanceof PlatformNotFoundError) {
        accounts.set(login, { balances: undefined, deals: [] });
        continue;
      }
      throw error;
    }
    const deals = (await platform.listBalanceDeals(login, since, until)).map(
      (d): PlatformDeal => ({ ...d, kind: 'balance', platformType: 'balance', balanceEffectMinor: d.amountMinor }),
    );
    accounts.set(login, { balances, deals });
  }
  return { accounts, fullHistory: false };
}
