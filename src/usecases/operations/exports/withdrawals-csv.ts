/**
 * Withdrawals requested in a period with their stage times, as CSV: request
 * → paid, and the time spent in each stage queue (the sum of the
 * withdrawal_step rows that left a state of that queue; a stage visited twice
 * counts both stays).
 */
import { sql } from 'kysely';
import { csvLine } from '../../../domain/csv/csv-line';
import type { Actor } from '../../../domain/roles';
import type { AppContext, RequestMeta } from '../../app-context';
import { inEntities } from '../operations-scope';
import { OPEN_WITHDRAWAL_STATES, WITHDRAWAL_STAGE_QUEUES, withdrawalQueueOfState } from '../queue-stats';
import { csvLines, EXPORT_PAGE_ROWS, type CsvFile } from './csv-export';
import { periodExport, type PeriodExportQuery } from './decisions-csv';

const stageColumn = (queue: string) => `${queue.replace(/^withdrawal_/, '')}_ms`;

export const WITHDRAWALS_COLUMNS = [
  'withdrawal_id', 'client_id', 'client_name', 'client_email', 'entity_id', 'method_id', 'provider_id', 'amount_minor', 'currency', 'status', 'stages', 'decline_reason',
  'created_at', 'paid_at', 'request_to_paid_ms', 'steps', ...WITHDRAWAL_STAGE_QUEUES.map(stageColumn),
] as const;

type Row = {
  id: string; client_id: string; first_name: string; last_name: string; email: string; entity_id: string; method_id: string; provider_id: string; amount_minor: bigint;
  currency: string; status: string; stages: string[]; decline_reason: string | null; created_at: Date; paid_at: Date | null; steps: bigint;
} & Record<string, unknown>;

export async function withdrawalsCsv(ctx: AppContext, meta: RequestMeta, actor: Actor, query: PeriodExportQuery): Promise<CsvFile> {
  const { entityIds, period, fileName } = await periodExport(ctx, meta, actor, 'withdrawal.view', 'withdrawals', query);
  const sums = WITHDRAWAL_STAGE_QUEUES.map((queue) => {
    const states = OPEN_WITHDRAWAL_STATES.filter((s) => withdrawalQueueOfState(s) === queue);
    return sql`sum(s.elapsed_ms) filter (where s.from_status in (${sql.join(states.map((s) => sql.lit(s)))})) as ${sql.ref(stageColumn(queue))}`;
  });
  const read = async (after: { at: Date; id: string } | null) => {
    const { rows } = await sql<Row>`
      select w.id, w.client_id, c.first_name, c.last_name, c.email, w.entity_id, w.method_id, w.provider_id, w.amount_minor, w.currency, w.status, w.stages,
        w.decline_reason, w.created_at, w.paid_at, t.*
      from withdrawal w
      join client c on c.id = w.client_id
      cross join lateral (select count(s.id) as steps, ${sql.join(sums)} from withdrawal_step s where s.withdrawal_id = w.id) t
      where w.created_at >= ${period.start} and w.created_at < ${period.end} and ${inEntities('w.entity_id', entityIds)}
        ${after ? sql`and (w.created_at, w.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      order by w.created_at, w.id
      limit ${EXPORT_PAGE_ROWS}`.execute(ctx.db);
    const last = rows.at(-1);
    return {
      lines: rows.map((r) =>
        csvLine([
          r.id, r.client_id, `${r.first_name} ${r.last_name}`, r.email, r.entity_id, r.method_id, r.provider_id, r.amount_minor, r.currency, r.status, r.stages.join(' '),
          r.decline_reason, r.created_at, r.paid_at, r.paid_at ? r.paid_at.getTime() - r.created_at.getTime() : null, r.steps,
          ...WITHDRAWAL_STAGE_QUEUES.map((queue) => r[stageColumn(queue)] as bigint | null),
        ]),
      ),
      next: rows.length === EXPORT_PAGE_ROWS && last ? { at: last.created_at, id: last.id } : null,
    };
  };
  return { fileName: fileName('withdrawals'), lines: csvLines(WITHDRAWALS_COLUMNS, await read(null), read) };
}
