/**
 * The one place that reacts to a client's status on the trading platforms
 * (issue 6 "Status follows KYC"). Called inside the transaction that changed
 * the client's status (through `changeClientStatus`), with the client row
 * already locked: each provisioned trading account of the client moves in the
 * trading-account machine (client-rights.ts decides where), with an audit
 * event per account; the rights that state means on the platform become the
 * account's desired rights (platform_rights_sync), and the outbox job
 * `platform.apply_rights` sets them on the platform after the commit.
 * Idempotent: an account already where it should be is left alone.
 */
import type { TraderoomConfig } from '../../config/schema';
import { accountRestrictionReason, accountStateForClient, followEvent, PROVISIONED_ACCOUNT_STATES, platformRightsForState, type ClientStanding } from '../../domain/platforms/client-rights';
import { tradingAccountMachine, type TradingAccountState } from '../../domain/machines/trading-account-machine';
import type { ActorType } from '../../domain/roles';
import type { PlatformRightsSyncRow } from '../../persistence/tables/platform-rights-sync-tables';
import type { UnitOfWork } from '../unit-of-work';

/** Who caused the client's change: recorded as the actor of each account's audit event. */
export interface StatusCause {
  actorType: ActorType;
  actorId: string;
}

export interface FollowingClient {
  id: string;
  status: string;
  restriction_reason: string | null;
}

export interface AccountFollowed {
  tradingAccountId: string;
  from: TradingAccountState;
  to: TradingAccountState;
  desiredRights: string;
}

export async function followClientStatus(
  config: TraderoomConfig,
  uow: UnitOfWork,
  client: FollowingClient,
  cause: StatusCause,
  options: { previousStatus?: string; accountIds?: readonly string[] } = {},
): Promise<AccountFollowed[]> {
  const standing: ClientStanding = { status: client.status, restrictionReason: client.restriction_reason };
  let query = uow.trx
    .selectFrom('trading_account')
    .selectAll()
    .where('client_id', '=', client.id)
    .where('status', 'in', [...PROVISIONED_ACCOUNT_STATES])
    .where('login', 'is not', null);
  if (options.accountIds) query = query.where('id', 'in', options.accountIds.length ? [...options.accountIds] : ['00000000-0000-0000-0000-000000000000']);
  // Lock order: client (the caller's), then its accounts, then their sync rows.
  const accounts = await query.orderBy('created_at').orderBy('id').forUpdate().execute();
  if (accounts.length === 0) return [];
  const syncRows = await uow.trx.selectFrom('platform_rights_sync').selectAll().where('trading_account_id', 'in', accounts.map((a) => a.id)).forUpdate().execute();
  const syncOf = new Map<string, PlatformRightsSyncRow>(syncRows.map((s) => [s.trading_account_id, s]));

  const changed: AccountFollowed[] = [];
  for (const account of accounts) {
    const platform = config.platforms.find((p) => p.id === account.platform_id);
    // A platform no longer in the configuration: the strictest rights, to be safe.
    const target = accountStateForClient(standing, platform?.whenRestricted ?? 'login_disabled');
    if (target === null) continue;
    const from = account.status as TradingAccountState;
    const sync = syncOf.get(account.id);
    const event = followEvent(from, target, sync?.follows_client ?? false);
    if (event === null) continue;

    const clientChange = `${options.previousStatus && options.previousStatus !== client.status ? `${options.previousStatus} → ` : ''}${client.status}${client.status === 'restricted' && client.restriction_reason ? ` (${client.restriction_reason})` : ''}`;
    const note = `The client's account is ${clientChange}: the trading account follows.`;
    const result = tradingAccountMachine.transition(from, event, {
      by: 'system',
      note,
      reason: event === 'restore' ? null : accountRestrictionReason(standing),
      guardResults: event === 'restore' ? { client_active: client.status === 'active' ? null : 'The client account is not active.' } : {},
    });
    await uow.trx
      .updateTable('trading_account')
      .set({ status: result.to, updated_at: uow.now, version: account.version + 1 })
      .where('id', '=', account.id)
      .execute();

    const desired = platformRightsForState(result.to)!;
    const followsClient = result.to !== 'active';
    const desireChanged = !sync || sync.desired_rights !== desired;
    if (!sync) {
      await uow.trx
        .insertInto('platform_rights_sync')
        .values({
          trading_account_id: account.id, desired_rights: desired, follows_client: followsClient, state: desired === account.rights ? 'applied' : 'pending',
          attempts: 0, desired_since: uow.now, applied_at: desired === account.rights ? account.provisioned_at : null, created_at: uow.now, updated_at: uow.now,
        })
        .execute();
    } else if (desireChanged) {
      await uow.trx
        .updateTable('platform_rights_sync')
        .set({
          desired_rights: desired, follows_client: followsClient, state: 'pending', attempts: 0, desired_since: uow.now,
          last_error: null, last_error_at: null, next_attempt_at: null, updated_at: uow.now,
        })
        .where('trading_account_id', '=', account.id)
        .execute();
    } else {
      await uow.trx.updateTable('platform_rights_sync').set({ follows_client: followsClient, updated_at: uow.now }).where('trading_account_id', '=', account.id).execute();
    }
    await uow.audit({
      actorType: cause.actorType,
      actorId: cause.actorId,
      action: event === 'restore' ? 'trading_account.restored' : 'trading_account.restricted',
      subjectType: 'trading_account',
      subjectId: account.id,
      clientId: client.id,
      oldValues: { status: from, rights: account.rights },
      newValues: { status: result.to, desiredRights: desired, reason: result.reason, clientStatus: client.status, platformId: account.platform_id, login: account.login },
      note: result.note,
    });
    // The job reads the desired rights when it runs; one that is already applied does nothing.
    if (desired !== account.rights || (sync !== undefined && sync.state !== 'applied')) {
      await uow.enqueue('platform.apply_rights', { tradingAccountId: account.id });
    }
    changed.push({ tradingAccountId: account.id, from, to: result.to, desiredRights: desired });
  }
  return changed;
}
