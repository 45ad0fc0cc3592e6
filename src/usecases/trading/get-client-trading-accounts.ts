/**
 * A client's trading accounts and wallet ↔ account transfers for staff
 * (read-only, `trading_account.view`, scoped to the client's entity): every
 * account including failed and archived ones, with the platform group and
 * rights (and a change of rights not yet applied on the platform), and the transfers, newest first, with our reference and the
 * platform's deal. From our records only: the platform is not asked.
 */
import type { Actor } from '../../domain/roles';
import type { TradingAccountRow, TradingTransferRow } from '../../persistence/tables/trading-tables';
import type { AppContext } from '../app-context';
import { loadClientForStaff } from '../backoffice/get-client-detail';

/** The most recent transfers shown on the client record. */
const TRANSFER_LIMIT = 200;

export async function getClientTradingAccounts(ctx: AppContext, actor: Actor, clientId: string) {
  const client = await loadClientForStaff(ctx, actor, 'trading_account.view', clientId);
  const [accounts, transfers, syncs] = await Promise.all([
    ctx.db.selectFrom('trading_account').selectAll().where('client_id', '=', client.id).orderBy('created_at', 'asc').orderBy('id', 'asc').execute(),
    ctx.db.selectFrom('trading_transfer').selectAll().where('client_id', '=', client.id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(TRANSFER_LIMIT).execute(),
    ctx.db
      .selectFrom('platform_rights_sync as s')
      .innerJoin('trading_account as a', 'a.id', 's.trading_account_id')
      .select(['s.trading_account_id', 's.desired_rights', 's.state', 's.last_error'])
      .where('a.client_id', '=', client.id)
      .execute(),
  ]);
  const syncByAccount = new Map(syncs.map((s) => [s.trading_account_id, s]));
  const logins = new Map(accounts.map((a) => [a.id, a.login]));
  const platformNames = new Map(ctx.config.platforms.map((p) => [p.id, p.name]));
  return {
    accounts: accounts.map((row) => {
      const sync = syncByAccount.get(row.id);
      return {
        ...staffTradingAccountView(row, platformNames.get(row.platform_id) ?? row.platform_id),
        /** Rights the account should have on the platform but does not yet (pending, retrying or failed); null when in step. */
        rightsChange: sync && sync.state !== 'applied' ? { desired: sync.desired_rights, state: sync.state, lastError: sync.last_error } : null,
      };
    }),
    transfers: transfers.map((row) => staffTradingTransferView(row, logins.get(row.trading_account_id) ?? null)),
  };
}

function staffTradingAccountView(row: TradingAccountRow, platformName: string) {
  return {
    id: row.id,
    platformId: row.platform_id,
    platformName,
    accountType: row.account_type,
    login: row.login,
    group: row.platform_group,
    currency: row.currency,
    leverage: row.leverage,
    status: row.status,
    rights: row.rights,
    failureReason: row.failure_reason,
    reference: row.reference,
    createdAt: row.created_at.toISOString(),
    provisionedAt: row.provisioned_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}

function staffTradingTransferView(row: TradingTransferRow, login: string | null) {
  return {
    id: row.id,
    tradingAccountId: row.trading_account_id,
    login,
    direction: row.direction,
    amountMinor: String(row.amount_minor),
    currency: row.currency,
    status: row.status,
    reason: row.failure_reason,
    reference: row.reference,
    platformDealId: row.platform_deal_id,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}
