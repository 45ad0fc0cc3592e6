/**
 * Finance's queue of platform exceptions (SPEC §8): manager operations on a
 * trading platform that Traderoom did not make, found by the balance sync.
 * Finance looks at each (the deal is the evidence) and resolves it with a
 * note (audited): approved bonus, a correction agreed with the client, a
 * transfer to be mirrored in the ledger…
 */
import { ConflictError, NotFoundError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { PlatformExceptionRow } from '../../persistence/tables/reconciliation-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { displayNames } from '../backoffice/display-names';
import { decodeCursor, encodeCursor, pageLimit } from '../pagination';
import { inTransaction } from '../unit-of-work';

export function platformExceptionView(row: PlatformExceptionRow) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    ownerQueue: row.owner_queue,
    platformId: row.platform_id,
    dealId: row.deal_id,
    tradingAccountId: row.trading_account_id,
    login: row.login,
    clientId: row.client_id,
    entityId: row.entity_id,
    evidence: row.evidence,
    createdAt: row.created_at.toISOString(),
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolutionNote: row.resolution_note,
  };
}

export async function listPlatformExceptions(ctx: AppContext, actor: Actor, query: { status?: 'open' | 'resolved'; cursor?: string; limit?: number } = {}) {
  authorize(actor, 'reconciliation.view');
  const limit = pageLimit(query.limit);
  const cursor = decodeCursor(query.cursor);
  let q = ctx.db
    .selectFrom('platform_exception')
    .selectAll()
    .where('status', '=', query.status ?? 'open')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (actor.entityIds !== 'all') q = q.where('entity_id', 'in', actor.entityIds.length > 0 ? [...actor.entityIds] : ['']);
  if (cursor) q = q.where((eb) => eb.or([eb('created_at', '<', cursor.at), eb.and([eb('created_at', '=', cursor.at), eb('id', '<', cursor.id)])]));
  const rows = await q.execute();
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const names = await displayNames(ctx.db, { actors: items.map((r) => r.resolved_by), clientIds: items.map((r) => r.client_id) });
  return {
    items: items.map((r) => ({ ...platformExceptionView(r), clientName: names.client(r.client_id), resolvedByName: names.actor(r.resolved_by) })),
    nextCursor: more ? encodeCursor(items.at(-1)!.created_at, items.at(-1)!.id) : null };
}

export async function resolvePlatformException(ctx: AppContext, meta: RequestMeta, actor: Actor, exceptionId: string, input: { note: string }) {
  authorize(actor, 'reconciliation.resolve');
  if (!isUuid(exceptionId)) throw new NotFoundError('Platform exception');
  const found = await ctx.db.selectFrom('platform_exception').select(['entity_id']).where('id', '=', exceptionId).executeTakeFirst();
  if (!found) throw new NotFoundError('Platform exception');
  authorize(actor, 'reconciliation.resolve', { entityId: found.entity_id });
  return inTransaction(ctx, meta, async (uow) => {
    const row = await uow.trx.selectFrom('platform_exception').selectAll().where('id', '=', exceptionId).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'open') throw new ConflictError('This exception is already resolved.', { resolvedBy: row.resolved_by }, 'already_resolved');
    const updated = await uow.trx
      .updateTable('platform_exception')
      .set({ status: 'resolved', resolution_note: input.note, resolved_by: `staff:${actor.id}`, resolved_at: uow.now })
      .where('id', '=', exceptionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'staff', actorId: actor.id, action: 'platform_exception.resolved', subjectType: 'platform_exception', subjectId: exceptionId, clientId: row.client_id,
      oldValues: { status: 'open' }, newValues: { status: 'resolved', dealId: row.deal_id, platformId: row.platform_id }, note: input.note,
    });
    return { exception: platformExceptionView(updated) };
  });
}
