/**
 * Platform sync health (back office): the trading accounts whose rights on
 * the platform are not (yet) the ones their status wants — a job queued, an
 * attempt failing and being retried, or given up — oldest first, with the
 * attempts, the last error and how long the rights have been waiting; and
 * staff's "Retry now", which queues the job again (audited).
 */
import { sql } from 'kysely';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { PlatformSyncState } from '../../persistence/tables/platform-rights-sync-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { decodeCursor, encodeCursor } from '../pagination';
import { inTransaction } from '../unit-of-work';

export const PLATFORM_SYNC_PAGE = 50;
/** The states the view lists: everything not applied. */
export const OPEN_SYNC_STATES = ['pending', 'retrying', 'failed'] as const satisfies readonly Exclude<PlatformSyncState, 'applied'>[];

export interface PlatformSyncQuery {
  entity?: string | undefined;
  platform?: string | undefined;
  state?: (typeof OPEN_SYNC_STATES)[number] | undefined;
  cursor?: string | undefined;
}

export async function listPlatformSync(ctx: AppContext, actor: Actor, query: PlatformSyncQuery) {
  authorize(actor, 'platform.sync.view', query.entity ? { entityId: query.entity } : undefined);
  const now = ctx.clock.now();
  const cursor = decodeCursor(query.cursor);

  let scoped = ctx.db
    .selectFrom('platform_rights_sync as s')
    .innerJoin('trading_account as a', 'a.id', 's.trading_account_id')
    .where('a.status', '<>', 'archived')
    // Not applied, or applied rights that are not the desired ones (a platform that kept others).
    .where((eb) => eb.or([eb('s.state', '<>', 'applied'), eb('a.rights', 'is distinct from', eb.ref('s.desired_rights'))]));
  if (actor.entityIds !== 'all') scoped = scoped.where('a.entity_id', 'in', actor.entityIds.length ? [...actor.entityIds] : ['']);
  if (query.entity) scoped = scoped.where('a.entity_id', '=', query.entity);
  if (query.platform) scoped = scoped.where('a.platform_id', '=', query.platform);

  const countRows = await scoped.select(['s.state', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('s.state').execute();
  const byState = new Map(countRows.map((r) => [r.state, Number(r.n)]));
  const counts = Object.fromEntries(OPEN_SYNC_STATES.map((s) => [s, byState.get(s) ?? 0]));

  let page = scoped
    .innerJoin('client as c', 'c.id', 'a.client_id')
    .selectAll('s')
    .select([
      'a.client_id', 'a.entity_id', 'a.platform_id', 'a.login', 'a.account_type', 'a.currency', 'a.status as account_status', 'a.rights as applied_rights',
      'c.first_name', 'c.last_name', 'c.email', 'c.status as client_status',
    ]);
  if (query.state) page = page.where('s.state', '=', query.state);
  if (cursor) {
    page = page.where(({ eb, refTuple, tuple }) => eb(refTuple('s.desired_since', 's.trading_account_id'), '>', tuple(sql<Date>`${cursor.at}::timestamptz`, sql<string>`${cursor.id}::uuid`)));
  }
  const rows = await page.orderBy('s.desired_since', 'asc').orderBy('s.trading_account_id', 'asc').limit(PLATFORM_SYNC_PAGE + 1).execute();
  const items = rows.slice(0, PLATFORM_SYNC_PAGE);
  const last = items.at(-1);
  const platformNames = new Map(ctx.config.platforms.map((p) => [p.id, p.name]));
  return {
    counts,
    items: items.map((r) => ({
      tradingAccountId: r.trading_account_id,
      clientId: r.client_id,
      clientName: `${r.first_name} ${r.last_name}`.trim(),
      clientEmail: r.email,
      clientStatus: r.client_status,
      entityId: r.entity_id,
      platformId: r.platform_id,
      platformName: platformNames.get(r.platform_id) ?? r.platform_id,
      login: r.login,
      accountType: r.account_type,
      currency: r.currency,
      accountStatus: r.account_status,
      desiredRights: r.desired_rights,
      appliedRights: r.applied_rights,
      state: r.state,
      attempts: r.attempts,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at?.toISOString() ?? null,
      lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
      nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
      desiredSince: r.desired_since.toISOString(),
      /** How long the desired rights have been waiting to be applied. */
      ageMs: Math.max(0, now.getTime() - r.desired_since.getTime()),
    })),
    nextCursor: rows.length > PLATFORM_SYNC_PAGE && last ? encodeCursor(last.desired_since, last.trading_account_id) : null,
  };
}

/** Queues the job again for an account whose rights are not applied; the attempts start again from zero. */
export async function retryPlatformSync(ctx: AppContext, meta: RequestMeta, actor: Actor, tradingAccountId: string, input: { note?: string | undefined } = {}) {
  authorize(actor, 'platform.sync.retry');
  if (!isUuid(tradingAccountId)) throw new NotFoundError('Trading account');
  return inTransaction(ctx, meta, async (uow) => {
    const account = await uow.trx.selectFrom('trading_account').selectAll().where('id', '=', tradingAccountId).forUpdate().executeTakeFirst();
    if (!account) throw new NotFoundError('Trading account');
    authorize(actor, 'platform.sync.retry', { entityId: account.entity_id });
    const sync = await uow.trx.selectFrom('platform_rights_sync').selectAll().where('trading_account_id', '=', account.id).forUpdate().executeTakeFirst();
    if (!sync || (sync.state === 'applied' && account.rights === sync.desired_rights)) {
      throw new ConflictError('The platform already has the rights this account should have.', { tradingAccountId }, 'rights_in_sync');
    }
    if (account.status === 'archived') throw new ConflictError('The account is archived.', { tradingAccountId }, 'account_archived');
    await uow.trx
      .updateTable('platform_rights_sync')
      .set({ state: 'pending', attempts: 0, next_attempt_at: null, updated_at: uow.now })
      .where('trading_account_id', '=', account.id)
      .execute();
    await uow.enqueue('platform.apply_rights', { tradingAccountId: account.id });
    const note = input.note?.trim() || null;
    await uow.audit({
      actorType: 'staff',
      actorId: actor.id,
      action: 'trading_account.rights_retry_requested',
      subjectType: 'trading_account',
      subjectId: account.id,
      clientId: account.client_id,
      oldValues: { syncState: sync.state, attempts: sync.attempts, lastError: sync.last_error, rights: account.rights },
      newValues: { syncState: 'pending', desiredRights: sync.desired_rights },
      note,
    });
    return { tradingAccountId: account.id, state: 'pending' as const, desiredRights: sync.desired_rights };
  });
}
