/** What the portal sees of a trading account and a transfer. Amounts are minor units as strings. */
import { clientPlatformFailure } from '../../domain/platforms/client-failure';
import type { PlatformBalances } from '../../integrations/platforms';
import type { TradingAccountRow, TradingTransferRow } from '../../persistence/tables/trading-tables';

/** Our reference on the platform: a prefix (TA account, TT transfer, TV a demo account's virtual money) and the record's UUID in base64url, ≤ 31 characters. */
export function platformReference(prefix: 'TA' | 'TT' | 'TV', id: string): string {
  return `${prefix}${Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url')}`;
}

export function tradingAccountView(row: TradingAccountRow, balances?: PlatformBalances | null) {
  return {
    id: row.id,
    platformId: row.platform_id,
    accountType: row.account_type,
    login: row.login,
    currency: row.currency,
    leverage: row.leverage,
    status: row.status,
    /** Why it was not opened, as a client-facing code (the platform's own words stay with staff). */
    failureCode: row.status === 'failed' ? clientPlatformFailure(row.failure_reason) : null,
    createdAt: row.created_at.toISOString(),
    /** Live from the platform; null when it could not be read just now. */
    balances:
      balances === undefined || balances === null
        ? null
        : {
            balanceMinor: String(balances.balanceMinor),
            equityMinor: String(balances.equityMinor),
            marginMinor: String(balances.marginMinor),
            freeMarginMinor: String(balances.freeMarginMinor),
            floatingMinor: String(balances.floatingMinor),
          },
  };
}

export function tradingTransferView(row: TradingTransferRow) {
  return {
    id: row.id,
    tradingAccountId: row.trading_account_id,
    direction: row.direction,
    amountMinor: String(row.amount_minor),
    currency: row.currency,
    status: row.status,
    /** Why it failed, as a client-facing code. */
    failureCode: row.status === 'failed' ? clientPlatformFailure(row.failure_reason) : null,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
