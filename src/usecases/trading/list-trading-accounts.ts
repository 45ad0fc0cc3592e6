/** The client's trading accounts with live balances from the platform, and their transfers. */
import { TRADING_PASSWORD_LENGTH } from '../../domain/platforms/trading-password';
import { UnauthenticatedError } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import { accountOffers, allowedLeverages } from '../../domain/platforms/account-plan';
import { findEntity } from '../../config/lookups';
import type { PlatformBalances } from '../../integrations/platforms';
import type { AppContext } from '../app-context';
import { tradingAccountView, tradingTransferView } from './trading-views';

const WITH_BALANCES = new Set(['active', 'read_only', 'trading_disabled', 'login_disabled']);

export async function listMyTradingAccounts(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirstOrThrow();
  const rows = await ctx.db.selectFrom('trading_account').selectAll().where('client_id', '=', actor.id).where('status', '<>', 'archived').orderBy('created_at', 'asc').execute();
  const balances = await Promise.all(
    rows.map(async (row): Promise<PlatformBalances | null> => {
      const platform = ctx.integrations.platforms[row.platform_id];
      if (!platform || !row.login || !WITH_BALANCES.has(row.status)) return null;
      try {
        return await platform.getBalances(row.login);
      } catch {
        return null; // shown as "not available right now"; the account itself is fine
      }
    }),
  );
  const transfers = await ctx.db.selectFrom('trading_transfer').selectAll().where('client_id', '=', actor.id).orderBy('created_at', 'desc').limit(100).execute();
  const entity = findEntity(ctx.config, client.entity_id);
  const planClient = { entityId: client.entity_id, clientType: client.client_type, riskLevel: client.risk_override ?? client.risk_level };
  return {
    accounts: rows.map((row, i) => tradingAccountView(row, balances[i])),
    transfers: transfers.map(tradingTransferView),
    offers: ctx.config.platforms.map((p) => ({
      platformId: p.id,
      name: p.name,
      available: ctx.integrations.platforms[p.id] !== undefined,
      accountTypes: accountOffers(p, planClient),
      leverages: entity ? allowedLeverages(p, entity, client.client_type) : [],
      /** The platform's master password length (its other rules are the same everywhere). */
      passwordLength: TRADING_PASSWORD_LENGTH[p.kind],
    })),
  };
}
