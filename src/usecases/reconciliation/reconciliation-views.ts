/**
 * Reconciliation runs and their breaks for finance (SPEC §8): the list of
 * runs, one run with its breaks (filtered by kind and state), the breaks as
 * CSV, and resolving a break with a note (audited). A staff member sees the
 * breaks of the clients of their entities, and those of no client (a PSP row
 * without a deposit, a platform ledger total).
 */
import type { ExpressionBuilder } from 'kysely';
import type { BreakKind } from '../../domain/reconciliation/breaks';
import { breakCsvLine, breaksCsvHeader } from '../../domain/reconciliation/breaks-csv';
import { ConflictError, NotFoundError } from '../../domain/errors';
import { authorize, type StaffActor } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { DB } from '../../persistence/schema';
import type { ReconciliationBreakRow, ReconciliationRunRow } from '../../persistence/tables/reconciliation-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { displayNames } from '../backoffice/display-names';
import { decodeCursor, encodeCursor, pageLimit } from '../pagination';
import { inTransaction } from '../unit-of-work';


const amount = (v: bigint | null) => (v === null ? null : v.toString());

export function runView(row: ReconciliationRunRow) {
  return {
    id: row.id,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.started_at && row.finished_at ? row.finished_at.getTime() - row.started_at.getTime() : null,
    settlementFrom: row.settlement_from,
    settlementTo: row.settlement_to,
    accountsChecked: row.accounts_checked,
    transfersChecked: row.transfers_checked,
    dealsChecked: row.deals_checked,
    settlementRowsChecked: row.settlement_rows_checked,
    breakCount: row.break_count,
    breaksByKind: row.breaks_by_kind,
    notes: row.notes,
    error: row.error,
  };
}

export function breakView(row: ReconciliationBreakRow) {
  return {
    id: row.id,
    runId: row.run_id,
    seq: row.seq,
    kind: row.kind,
    status: row.status,
    platformId: row.platform_id,
    providerId: row.provider_id,
    tradingAccountId: row.trading_account_id,
    login: row.login,
    clientId: row.client_id,
    entityId: row.entity_id,
    reference: row.reference,
    dealId: row.deal_id,
    currency: row.currency,
    expectedMinor: amount(row.expected_minor),
    actualMinor: amount(row.actual_minor),
    differenceMinor: row.expected_minor !== null && row.actual_minor !== null ? (row.actual_minor - row.expected_minor).toString() : null,
    evidence: row.evidence,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolutionNote: row.resolution_note,
  };
}

/** Breaks the actor may see: of their entities' clients, or of no client. */
function inScope(actor: StaffActor) {
  return (eb: ExpressionBuilder<DB, 'reconciliation_break'>) =>
    actor.entityIds === 'all'
      ? eb.lit(true)
      : eb.or([eb('reconciliation_break.entity_id', 'is', null), eb('reconciliation_break.entity_id', 'in', actor.entityIds.length > 0 ? [...actor.entityIds] : [''])]);
}

export async function listReconciliationRuns(ctx: AppContext, actor: Actor, query: { cursor?: string; limit?: number } = {}) {
  authorize(actor, 'reconciliation.view');
  const limit = pageLimit(query.limit);
  const cursor = decodeCursor(query.cursor);
  let q = ctx.db.selectFrom('reconciliation_run').selectAll().orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
  if (cursor) q = q.where((eb) => eb.or([eb('requested_at', '<', cursor.at), eb.and([eb('requested_at', '=', cursor.at), eb('id', '<', cursor.id)])]));
  const rows = await q.execute();
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const names = await displayNames(ctx.db, { actors: items.map((r) => r.requested_by) });
  return { items: items.map((r) => ({ ...runView(r), requestedByName: names.actor(r.requested_by) })), nextCursor: more ? encodeCursor(items.at(-1)!.requested_at, items.at(-1)!.id) : null };
}

async function loadRun(ctx: AppContext, runId: string): Promise<ReconciliationRunRow> {
  if (!isUuid(runId)) throw new NotFoundError('Reconciliation run');
  const run = await ctx.db.selectFrom('reconciliation_run').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw new NotFoundError('Reconciliation run');
  return run;
}

export interface BreakQuery {
  kind?: BreakKind;
  status?: 'open' | 'resolved';
  /** The last `seq` of the previous page. */
  after?: number;
  limit?: number;
}

/** One run and a page of its breaks (in run order), within the actor's scope. */
export async function getReconciliationRun(ctx: AppContext, actor: Actor, runId: string, query: BreakQuery = {}) {
  authorize(actor, 'reconciliation.view');
  const run = await loadRun(ctx, runId);
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  let q = ctx.db.selectFrom('reconciliation_break').selectAll().where('run_id', '=', run.id).where(inScope(actor)).orderBy('seq').limit(limit + 1);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.after !== undefined) q = q.where('seq', '>', query.after);
  const rows = await q.execute();
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const open = await ctx.db
    .selectFrom('reconciliation_break')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('run_id', '=', run.id)
    .where('status', '=', 'open')
    .where(inScope(actor))
    .executeTakeFirstOrThrow();
  const names = await displayNames(ctx.db, { actors: [run.requested_by, ...items.map((b) => b.resolved_by)], clientIds: items.map((b) => b.client_id) });
  return {
    run: { ...runView(run), requestedByName: names.actor(run.requested_by), openBreaks: Number(open.n) },
    breaks: items.map((b) => ({ ...breakView(b), clientName: names.client(b.client_id), resolvedByName: names.actor(b.resolved_by) })),
    nextAfter: more ? items.at(-1)!.seq : null,
  };
}

/** The run's breaks within the actor's scope as CSV, streamed page by page (bounded memory whatever the run's size). */
export async function reconciliationBreaksCsv(ctx: AppContext, actor: Actor, runId: string): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
  authorize(actor, 'reconciliation.view');
  const run = await loadRun(ctx, runId);
  const scope = inScope(actor);
  async function* lines(): AsyncGenerator<string> {
    yield breaksCsvHeader();
    let after = 0;
    for (;;) {
      const rows = await ctx.db.selectFrom('reconciliation_break').selectAll().where('run_id', '=', run.id).where('seq', '>', after).where(scope).orderBy('seq').limit(2000).execute();
      if (rows.length === 0) return;
      yield rows
        .map((b) =>
          breakCsvLine({
            id: b.id, runId: b.run_id, seq: b.seq, kind: b.kind, status: b.status, platformId: b.platform_id, providerId: b.provider_id, login: b.login,
            tradingAccountId: b.trading_account_id, clientId: b.client_id, entityId: b.entity_id, reference: b.reference, dealId: b.deal_id, currency: b.currency,
            expectedMinor: b.expected_minor, actualMinor: b.actual_minor, evidence: b.evidence, resolvedBy: b.resolved_by, resolvedAt: b.resolved_at, resolutionNote: b.resolution_note,
          }),
        )
        .join('');
      after = rows.at(-1)!.seq;
    }
  }
  return { fileName: `reconciliation-${run.requested_at.toISOString().slice(0, 10)}-${run.id}.csv`, lines: lines() };
}

/** Finance resolves a break with a note (why it is not, or no longer, a problem; what was done). */
export async function resolveReconciliationBreak(ctx: AppContext, meta: RequestMeta, actor: Actor, breakId: string, input: { note: string }) {
  authorize(actor, 'reconciliation.resolve');
  if (!isUuid(breakId)) throw new NotFoundError('Reconciliation break');
  const found = await ctx.db.selectFrom('reconciliation_break').select(['entity_id']).where('id', '=', breakId).executeTakeFirst();
  if (!found) throw new NotFoundError('Reconciliation break');
  if (found.entity_id !== null) authorize(actor, 'reconciliation.resolve', { entityId: found.entity_id });
  return inTransaction(ctx, meta, async (uow) => {
    const row = await uow.trx.selectFrom('reconciliation_break').selectAll().where('id', '=', breakId).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'open') throw new ConflictError('This break is already resolved.', { resolvedBy: row.resolved_by, resolvedAt: row.resolved_at?.toISOString() }, 'already_resolved');
    const updated = await uow.trx
      .updateTable('reconciliation_break')
      .set({ status: 'resolved', resolution_note: input.note, resolved_by: `staff:${actor.id}`, resolved_at: uow.now })
      .where('id', '=', breakId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'staff', actorId: actor.id, action: 'reconciliation_break.resolved', subjectType: 'reconciliation_break', subjectId: breakId, clientId: row.client_id,
      oldValues: { status: 'open' }, newValues: { status: 'resolved', runId: row.run_id, kind: row.kind, reference: row.reference, dealId: row.deal_id }, note: input.note,
    });
    return { break: breakView(updated) };
  });
}
