/**
 * The `platform.apply_rights` job: sets a trading account's desired rights
 * (platform_rights_sync, written by follow-client-status.ts) on its platform,
 * then records what the platform now has (trading_account.rights) and when.
 * Setting rights is absolute on the platform (read the mask, set our bits,
 * write it), so running twice is harmless.
 *
 * An error that may pass (network, timeout, busy server) is recorded on the
 * row (state `retrying`, last error, earliest next attempt) and thrown, so
 * pg-boss runs the job again with backoff. A permanent error (the login is
 * gone, the manager lacks the right…) or the last attempt ends in `failed`,
 * audited, and stays in the sync-health view until staff retry it. The
 * desired rights are read when the job runs: if they changed while the
 * platform was being called, the job queues itself again, so the last
 * desire wins whatever the order the jobs ran in.
 */
import { sql } from 'kysely';
import { platformRightsForState } from '../../domain/platforms/client-rights';
import { isTradingPlatformError, type PlatformAccount, type PlatformRights } from '../../integrations/platforms';
import { RETRY } from '../../jobs/job-queue';
import type { AppContext } from '../app-context';
import { SYSTEM_REQUEST } from '../app-context';
import { inTransaction } from '../unit-of-work';

/**
 * Attempts before giving up, counted on the row since the desired rights last
 * changed (or staff last retried): the job's own runs, at most what pg-boss allows.
 */
export const RIGHTS_MAX_ATTEMPTS = RETRY.retryLimit + 1;

export type ApplyRightsOutcome = 'applied' | 'in_sync' | 'skipped' | 'retrying' | 'failed' | 'superseded';

/** Earliest start of pg-boss's next run after the n-th consecutive failure (its backoff: delay·2^(n−1) to twice that). */
function nextAttemptAfter(now: Date, failures: number): Date {
  return new Date(now.getTime() + RETRY.retryDelay * 1000 * 2 ** Math.min(16, Math.max(0, failures - 1)));
}

export async function applyPlatformRights(ctx: AppContext, tradingAccountId: string): Promise<ApplyRightsOutcome> {
  const account = await ctx.db.selectFrom('trading_account').selectAll().where('id', '=', tradingAccountId).executeTakeFirst();
  const sync = await ctx.db.selectFrom('platform_rights_sync').selectAll().where('trading_account_id', '=', tradingAccountId).executeTakeFirst();
  if (!account || !sync || !account.login || platformRightsForState(account.status) === null) return 'skipped';
  if (sync.state === 'applied' && account.rights === sync.desired_rights) return 'in_sync';
  const desired = sync.desired_rights;
  const attempts = sync.attempts + 1;
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('platform_rights_sync')
    .set({ attempts: sql<number>`attempts + 1`, last_attempt_at: now, updated_at: now })
    .where('trading_account_id', '=', tradingAccountId)
    .execute();
  const platform = ctx.integrations.platforms[account.platform_id];
  // Not connected here (no PLATFORM_<ID>_URL…): nothing will change by waiting; staff retry once it is.
  if (!platform) return recordFailure(ctx, tradingAccountId, desired, attempts, `platform ${account.platform_id} is not connected on this server`, false);

  let onPlatform: PlatformAccount;
  try {
    onPlatform = await platform.setRights(account.login, desired);
  } catch (error) {
    // Anything but a typed platform error (a bug, the database) is retried like a network error.
    const retryable = !isTradingPlatformError(error) || error.retryable;
    const message = isTradingPlatformError(error) ? `${error.code}: ${error.message}` : `unexpected: ${(error as Error).message}`;
    const retry = retryable && attempts < RIGHTS_MAX_ATTEMPTS;
    const recorded = await recordFailure(ctx, tradingAccountId, desired, attempts, message, retry);
    if (recorded === 'retrying') throw error;
    return recorded;
  }
  return recordApplied(ctx, tradingAccountId, desired, onPlatform);
}

async function recordApplied(ctx: AppContext, tradingAccountId: string, sent: PlatformRights, onPlatform: PlatformAccount): Promise<ApplyRightsOutcome> {
  return inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    // Lock order as in follow-client-status.ts: the account, then its sync row.
    const account = await uow.trx.selectFrom('trading_account').selectAll().where('id', '=', tradingAccountId).forUpdate().executeTakeFirstOrThrow();
    const sync = await uow.trx.selectFrom('platform_rights_sync').selectAll().where('trading_account_id', '=', tradingAccountId).forUpdate().executeTakeFirstOrThrow();
    const upToDate = sync.desired_rights === onPlatform.rights;
    await uow.trx.updateTable('trading_account').set({ rights: onPlatform.rights, updated_at: uow.now }).where('id', '=', account.id).execute();
    await uow.trx
      .updateTable('platform_rights_sync')
      .set({ state: upToDate ? 'applied' : 'pending', applied_at: uow.now, last_error: null, last_error_at: null, next_attempt_at: null, updated_at: uow.now })
      .where('trading_account_id', '=', account.id)
      .execute();
    await uow.audit({
      actorType: 'system',
      actorId: `platform:${account.platform_id}`,
      action: 'trading_account.rights_applied',
      subjectType: 'trading_account',
      subjectId: account.id,
      clientId: account.client_id,
      oldValues: { rights: account.rights },
      newValues: { rights: onPlatform.rights, rightsRaw: onPlatform.rightsRaw, status: account.status, login: account.login, attempts: sync.attempts },
      ...(onPlatform.rights !== sent ? { note: `Sent ${sent}; the platform reports ${onPlatform.rights}.` } : {}),
    });
    if (upToDate) return 'applied';
    // The desired rights changed while the platform was being called (or the platform kept others): go again.
    await uow.enqueue('platform.apply_rights', { tradingAccountId: account.id });
    return 'superseded';
  });
}

async function recordFailure(
  ctx: AppContext,
  tradingAccountId: string,
  sent: PlatformRights,
  attempts: number,
  message: string,
  retry: boolean,
): Promise<'retrying' | 'failed' | 'superseded'> {
  const lastError = message.slice(0, 1000);
  return inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    const account = await uow.trx.selectFrom('trading_account').selectAll().where('id', '=', tradingAccountId).forUpdate().executeTakeFirstOrThrow();
    const sync = await uow.trx.selectFrom('platform_rights_sync').selectAll().where('trading_account_id', '=', tradingAccountId).forUpdate().executeTakeFirstOrThrow();
    // Another desire was set meanwhile: its own job applies it; this failure is about rights nobody wants any more.
    if (sync.desired_rights !== sent) return 'superseded';
    await uow.trx
      .updateTable('platform_rights_sync')
      .set({
        state: retry ? 'retrying' : 'failed',
        last_error: lastError,
        last_error_at: uow.now,
        next_attempt_at: retry ? nextAttemptAfter(uow.now, attempts) : null,
        updated_at: uow.now,
      })
      .where('trading_account_id', '=', tradingAccountId)
      .execute();
    if (!retry) {
      await uow.audit({
        actorType: 'system',
        actorId: `platform:${account.platform_id}`,
        action: 'trading_account.rights_failed',
        subjectType: 'trading_account',
        subjectId: account.id,
        clientId: account.client_id,
        oldValues: { rights: account.rights },
        newValues: { desiredRights: sent, attempts: sync.attempts, error: lastError, status: account.status, login: account.login },
        note: 'The platform did not take the rights; staff can retry from Platform sync.',
      });
    }
    return retry ? 'retrying' : 'failed';
  });
}
