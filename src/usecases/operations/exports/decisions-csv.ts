/**
 * Decisions in a period as CSV, for one entity or the staff member's scope:
 * KYC decisions (approved or rejected cases, submission → decision), deposit
 * decisions (finance's approvals and rejections, and the review rules'
 * auto-credits) and every withdrawal step (who moved it, from which stage,
 * after how long, against the stage's target). Read by keyset pages.
 */
import { sql } from 'kysely';
import { csvLine } from '../../../domain/csv/csv-line';
import { authorize, type Action } from '../../../domain/permissions';
import { reportPeriod, type ReportPeriod } from '../../../domain/operations/report-period';
import type { Actor } from '../../../domain/roles';
import type { AppContext, RequestMeta } from '../../app-context';
import { stepSla } from '../../withdrawals/withdrawal-views';
import { entityFilter, entityScope } from '../operations-scope';
import { auditExport, csvLines, EXPORT_PAGE_ROWS, type CsvFile, type ExportKind } from './csv-export';

export interface PeriodExportQuery {
  entity?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

type Key = { at: Date; id: string };

/** Authorises (export + the data's view permission, both within the entity), resolves the period, audits. */
export async function periodExport(ctx: AppContext, meta: RequestMeta, actor: Actor, view: Action, kind: ExportKind, query: PeriodExportQuery) {
  const scope = entityScope(ctx, actor, 'operations.export', query.entity);
  authorize(actor, view, query.entity ? { entityId: query.entity } : undefined);
  const period = reportPeriod(query, ctx.clock.now(), ctx.config.sla.workingHours.timezone);
  await auditExport(ctx, meta, scope.actor, kind, { entity: query.entity, from: period.from, to: period.to });
  return { entityIds: entityFilter(scope), period, fileName: (name: string) => `${name}-${query.entity ?? 'all'}-${period.from}-${period.to}.csv` };
}

const ms = (later: Date | null, earlier: Date | null) => (later && earlier ? later.getTime() - earlier.getTime() : null);

export const KYC_DECISION_COLUMNS = [
  'case_id', 'client_id', 'client_name', 'client_email', 'entity_id', 'country', 'kind', 'decision', 'reason', 'risk_level', 'decided_by', 'decided_by_name',
  'submitted_at', 'decided_at', 'submission_to_decision_ms', 'sla_due_at', 'decided_after_due',
] as const;

export async function kycDecisionsCsv(ctx: AppContext, meta: RequestMeta, actor: Actor, query: PeriodExportQuery): Promise<CsvFile> {
  const { entityIds, period, fileName } = await periodExport(ctx, meta, actor, 'kyc.queue.view', 'kyc_decisions', query);
  const read = async (after: Key | null) => {
    let q = ctx.db
      .selectFrom('kyc_case as k')
      .innerJoin('client as c', 'c.id', 'k.client_id')
      .leftJoin('staff as s', (join) => join.on(sql`s.id::text`, '=', sql.ref('k.decided_by')))
      .select(['k.id', 'k.client_id', 'c.first_name', 'c.last_name', 'c.email', 'k.entity_id', 'k.country', 'k.kind', 'k.status', 'k.decision_reason', 'k.risk_level',
        'k.decided_by', 's.display_name', 'k.submitted_at', 'k.decided_at', 'k.sla_due_at'])
      .where('k.decided_at', '>=', period.start).where('k.decided_at', '<', period.end).where('k.status', 'in', ['approved', 'rejected']);
    if (entityIds) q = q.where('k.entity_id', 'in', entityIds);
    if (after) q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('k.decided_at', 'k.id'), '>', tuple(sql<Date>`${after.at}::timestamptz`, sql<string>`${after.id}::uuid`)));
    const rows = await q.orderBy('k.decided_at').orderBy('k.id').limit(EXPORT_PAGE_ROWS).execute();
    const last = rows.at(-1);
    return {
      lines: rows.map((r) =>
        csvLine([
          r.id, r.client_id, `${r.first_name} ${r.last_name}`, r.email, r.entity_id, r.country, r.kind, r.status, r.decision_reason, r.risk_level, r.decided_by, r.display_name,
          r.submitted_at, r.decided_at, ms(r.decided_at, r.submitted_at), r.sla_due_at, r.sla_due_at && r.decided_at ? (r.decided_at > r.sla_due_at ? 'yes' : 'no') : null,
        ]),
      ),
      next: rows.length === EXPORT_PAGE_ROWS && last?.decided_at ? { at: last.decided_at, id: last.id } : null,
    };
  };
  return { fileName: fileName('kyc-decisions'), lines: csvLines(KYC_DECISION_COLUMNS, await read(null), read) };
}

export const DEPOSIT_DECISION_COLUMNS = [
  'deposit_id', 'client_id', 'client_name', 'client_email', 'entity_id', 'method_id', 'provider_id', 'amount_minor', 'currency', 'decision', 'status_now', 'reason', 'rule_hits',
  'decided_by', 'decided_by_name', 'note', 'confirmed_at', 'decided_at', 'review_ms',
] as const;

export async function depositDecisionsCsv(ctx: AppContext, meta: RequestMeta, actor: Actor, query: PeriodExportQuery): Promise<CsvFile> {
  const { entityIds, period, fileName } = await periodExport(ctx, meta, actor, 'deposit.view', 'deposit_decisions', query);
  // A decision's instant: finance's decision, or the auto-credit (the credit at confirmation, with no rule hit).
  const decisionAt = sql<Date>`coalesce(d.decided_at, case when d.rule_hits = '[]'::jsonb then d.credited_at end)`;
  const read = async (after: Key | null) => {
    let q = ctx.db
      .selectFrom('deposit as d')
      .innerJoin('client as c', 'c.id', 'd.client_id')
      .leftJoin('staff as s', (join) => join.on(sql`s.id::text`, '=', sql.ref('d.decided_by')))
      .select(['d.id', 'd.client_id', 'c.first_name', 'c.last_name', 'c.email', 'd.entity_id', 'd.method_id', 'd.provider_id', 'd.amount_minor', 'd.currency', 'd.status',
        'd.decision_reason', 'd.rule_hits', 'd.decided_by', 's.display_name', 'd.decision_note', 'd.confirmed_at', 'd.decided_at', 'd.credited_at', decisionAt.as('decision_at')])
      .where((eb) =>
        eb.or([
          eb.and([eb('d.decided_at', '>=', period.start), eb('d.decided_at', '<', period.end)]),
          eb.and([eb('d.decided_at', 'is', null), eb('d.credited_at', '>=', period.start), eb('d.credited_at', '<', period.end), eb(sql`d.rule_hits`, '=', sql`'[]'::jsonb`)]),
        ]),
      );
    if (entityIds) q = q.where('d.entity_id', 'in', entityIds);
    if (after) q = q.where(({ eb, tuple }) => eb(tuple(decisionAt, sql.ref<string>('d.id')), '>', tuple(sql<Date>`${after.at}::timestamptz`, sql<string>`${after.id}::uuid`)));
    const rows = await q.orderBy(decisionAt).orderBy('d.id').limit(EXPORT_PAGE_ROWS).execute();
    const last = rows.at(-1);
    return {
      lines: rows.map((r) => {
        const auto = r.decided_at === null;
        return csvLine([
          r.id, r.client_id, `${r.first_name} ${r.last_name}`, r.email, r.entity_id, r.method_id, r.provider_id, r.amount_minor, r.currency,
          auto ? 'auto_credit' : r.decision_reason ? 'reject' : 'approve', r.status, r.decision_reason, r.rule_hits.map((h) => h.code).join(' '),
          auto ? 'system' : r.decided_by, r.display_name, r.decision_note, r.confirmed_at, r.decision_at, ms(r.decision_at, r.confirmed_at),
        ]);
      }),
      next: rows.length === EXPORT_PAGE_ROWS && last ? { at: last.decision_at, id: last.id } : null,
    };
  };
  return { fileName: fileName('deposit-decisions'), lines: csvLines(DEPOSIT_DECISION_COLUMNS, await read(null), read) };
}

export const WITHDRAWAL_STEP_COLUMNS = [
  'withdrawal_id', 'step_id', 'client_id', 'entity_id', 'amount_minor', 'currency', 'event', 'from_status', 'to_status', 'actor_type', 'actor_id', 'actor_name',
  'approved_stage', 'reason', 'note', 'at', 'time_in_state_ms', 'stage_sla_target', 'stage_working_ms', 'stage_allowed_working_ms', 'stage_sla_breached',
] as const;

export async function withdrawalStepsCsv(ctx: AppContext, meta: RequestMeta, actor: Actor, query: PeriodExportQuery): Promise<CsvFile> {
  const { entityIds, period, fileName } = await periodExport(ctx, meta, actor, 'withdrawal.view', 'withdrawal_steps', query);
  return { fileName: fileName('withdrawal-steps'), lines: withdrawalStepLines(ctx, entityIds, period) };
}

async function* withdrawalStepLines(ctx: AppContext, entityIds: string[] | null, period: ReportPeriod): AsyncGenerator<string> {
  const read = async (after: bigint | null) => {
    let q = ctx.db
      .selectFrom('withdrawal_step as s')
      .innerJoin('withdrawal as w', 'w.id', 's.withdrawal_id')
      .leftJoin('staff as st', (join) => join.on(sql`st.id::text`, '=', sql.ref('s.actor_id')).on('s.actor_type', '=', 'staff'))
      .selectAll('s')
      .select(['w.client_id', 'w.entity_id', 'w.amount_minor', 'w.currency', 'st.display_name'])
      .where('s.at', '>=', period.start).where('s.at', '<', period.end);
    if (entityIds) q = q.where('w.entity_id', 'in', entityIds);
    // Steps are numbered in the order they were written, which is time order: the id is the key.
    if (after !== null) q = q.where('s.id', '>', after);
    const rows = await q.orderBy('s.id').limit(EXPORT_PAGE_ROWS).execute();
    const last = rows.at(-1);
    return {
      lines: rows.map((r) => {
        const sla = stepSla(ctx.config.sla, r);
        return csvLine([
          r.withdrawal_id, r.id, r.client_id, r.entity_id, r.amount_minor, r.currency, r.event, r.from_status, r.to_status, r.actor_type, r.actor_id, r.display_name,
          r.approved_stage, r.reason, r.note, r.at, r.elapsed_ms, sla?.target ?? null, sla?.workingMs ?? null, sla?.allowedWorkingMs ?? null, sla ? (sla.breached ? 'yes' : 'no') : null,
        ]);
      }),
      next: rows.length === EXPORT_PAGE_ROWS && last ? last.id : null,
    };
  };
  yield* csvLines(WITHDRAWAL_STEP_COLUMNS, await read(null), read);
}
