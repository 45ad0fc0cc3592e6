/**
 * Any queue view as CSV, with exactly the filters and order of the queue page:
 * the rows are read through the queue use cases themselves (KYC queue, deposit
 * review queue, withdrawal stage queues), page after page by their cursors, so
 * an export can never show what the page would not.
 */
import { csvLine } from '../../../domain/csv/csv-line';
import { authorize } from '../../../domain/permissions';
import type { Actor } from '../../../domain/roles';
import type { AppContext, RequestMeta } from '../../app-context';
import { depositReviewQueue, type DepositQueueQuery } from '../../deposits/deposit-review-queue';
import { listKycQueue, type KycQueueQuery } from '../../kyc/kyc-queue';
import { listWithdrawalQueue, type WithdrawalQueueQuery } from '../../withdrawals/list-withdrawals';
import { auditExport, csvLines, type CsvFile } from './csv-export';

/** Hours as a number (two decimals), so a breached timer's negative remainder stays a number in a spreadsheet. */
const hours = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms / 36_000) / 100);

const SLA_COLUMNS = ['sla_due_at', 'sla_remaining_working_hours', 'sla_breached'] as const;
function slaCells(sla: { dueAt: Date; remainingWorkingMs: number; breached: boolean } | null | undefined) {
  return sla ? [sla.dueAt, hours(sla.remainingWorkingMs), sla.breached ? 'yes' : 'no'] : [null, null, null];
}

export const KYC_QUEUE_COLUMNS = [
  'case_id', 'client_id', 'client_name', 'client_email', 'entity_id', 'country', 'kind', 'status', 'risk_level', 'assignee', 'submitted_at', 'age_hours', ...SLA_COLUMNS,
] as const;

export async function kycQueueCsv(ctx: AppContext, meta: RequestMeta, actor: Actor, query: Omit<KycQueueQuery, 'cursor'>): Promise<CsvFile> {
  authorize(actor, 'operations.export', query.entity ? { entityId: query.entity } : undefined);
  const read = async (cursor: string | undefined) => {
    const page = await listKycQueue(ctx, actor, { ...query, ...(cursor ? { cursor } : {}) });
    return {
      lines: page.items.map((c) =>
        csvLine([
          c.id, c.clientId, c.clientName, c.clientEmail, c.entityId, c.country, c.kind, c.status, c.riskLevel, c.assignee?.name ?? null, c.submittedAt, hours(c.ageMs), ...slaCells(c.sla),
        ]),
      ),
      next: page.nextCursor,
    };
  };
  const first = await read(undefined);
  await auditExport(ctx, meta, actor, 'kyc_queue', { ...query });
  return { fileName: `kyc-queue-${ctx.clock.now().toISOString().slice(0, 10)}.csv`, lines: csvLines(KYC_QUEUE_COLUMNS, first, read) };
}

export const DEPOSIT_QUEUE_COLUMNS = [
  'deposit_id', 'client_id', 'client_name', 'client_email', 'entity_id', 'method', 'amount_minor', 'currency', 'status', 'rule_hits', 'waiting_since', 'age_hours', ...SLA_COLUMNS,
] as const;

export async function depositQueueCsv(ctx: AppContext, meta: RequestMeta, actor: Actor, query: Omit<DepositQueueQuery, 'cursor'>): Promise<CsvFile> {
  authorize(actor, 'operations.export', query.entity ? { entityId: query.entity } : undefined);
  const read = async (cursor: string | undefined) => {
    const page = await depositReviewQueue(ctx, actor, { ...query, cursor });
    return {
      lines: page.items.map((d) =>
        csvLine([
          d.id, d.clientId, d.clientName ?? null, d.clientEmail ?? null, d.entityId, d.methodName ?? d.methodId, BigInt(d.amountMinor), d.currency, d.status,
          d.ruleHits.map((h) => h.code).join(' '), d.waitingSince, hours(d.ageMs), ...slaCells(d.sla),
        ]),
      ),
      next: page.nextCursor,
    };
  };
  const first = await read(undefined);
  await auditExport(ctx, meta, actor, 'deposit_queue', { ...query });
  return { fileName: `deposit-queue-${ctx.clock.now().toISOString().slice(0, 10)}.csv`, lines: csvLines(DEPOSIT_QUEUE_COLUMNS, first, read) };
}

export const WITHDRAWAL_QUEUE_COLUMNS = [
  'withdrawal_id', 'client_id', 'client_name', 'client_email', 'entity_id', 'method_id', 'amount_minor', 'currency', 'status', 'stages', 'review_reasons', 'assigned_to',
  'created_at', 'stage_entered_at', 'sla_target', ...SLA_COLUMNS,
] as const;

export async function withdrawalQueueCsv(ctx: AppContext, meta: RequestMeta, actor: Actor, query: Omit<WithdrawalQueueQuery, 'cursor'>): Promise<CsvFile> {
  authorize(actor, 'operations.export', query.entity ? { entityId: query.entity } : undefined);
  const read = async (cursor: string | undefined) => {
    const page = await listWithdrawalQueue(ctx, actor, { ...query, cursor });
    return {
      lines: page.items.map((w) =>
        csvLine([
          w.id, w.clientId, w.clientName ?? null, w.clientEmail ?? null, w.entityId, w.methodId, BigInt(w.amountMinor), w.currency, w.status, w.stages.join(' '),
          w.reviewReasons.map((r) => r.code).join(' '), w.assignedTo, w.createdAt, w.stageEnteredAt, w.sla?.target ?? null, ...slaCells(w.sla),
        ]),
      ),
      next: page.nextCursor,
    };
  };
  const first = await read(undefined);
  await auditExport(ctx, meta, actor, 'withdrawal_queue', { ...query, queue: query.queue ?? 'support' });
  return { fileName: `withdrawal-queue-${query.queue ?? 'support'}-${ctx.clock.now().toISOString().slice(0, 10)}.csv`, lines: csvLines(WITHDRAWAL_QUEUE_COLUMNS, first, read) };
}
