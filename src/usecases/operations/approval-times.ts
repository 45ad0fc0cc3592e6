/**
 * Distributions of approval times in a period, aggregated by the database:
 * a histogram on the shared buckets (src/domain/operations/duration-buckets.ts)
 * with p50 and p90, one pass per flow.
 *
 * - KYC: cases decided (approved or rejected) in the period, submission → decision.
 * - Withdrawals: paid in the period, request → paid.
 * - Withdrawal stages: each stay in a stage that ended in the period (a
 *   withdrawal_step row stores the time spent in the state it left), per stage queue.
 */
import { sql, type RawBuilder } from 'kysely';
import { DURATION_BUCKET_EDGES_MS, DURATION_BUCKET_LABELS, type Distribution } from '../../domain/operations/duration-buckets';
import type { ReportPeriod } from '../../domain/operations/report-period';
import type { AppContext } from '../app-context';
import { inEntities } from './operations-scope';
import { OPEN_WITHDRAWAL_STATES, WITHDRAWAL_STAGE_QUEUES, withdrawalQueueCaseArms, type OperationsQueue } from './queue-stats';

type DistributionRow = { grp: string | null; n: bigint; p50: bigint | null; p90: bigint | null; late?: bigint | null } & Record<`b${number}`, bigint>;

/** SELECT grp, ms FROM … (ms as int8) → one row per group with the count, percentiles and bucket counts. */
function distributionQuery(durations: RawBuilder<unknown>, extra: RawBuilder<unknown> = sql``): RawBuilder<DistributionRow> {
  const edges = [null, ...DURATION_BUCKET_EDGES_MS, null];
  const buckets = DURATION_BUCKET_LABELS.map((_, i) => {
    const low = edges[i];
    const high = edges[i + 1];
    const conditions = [low === null ? null : sql`ms >= ${sql.lit(low)}`, high === null ? null : sql`ms < ${sql.lit(high)}`].filter((c) => c !== null);
    return sql`count(*) filter (where ${sql.join(conditions, sql` and `)}) as ${sql.ref(`b${i}`)}`;
  });
  return sql<DistributionRow>`
    select grp, count(*) as n,
      percentile_disc(0.5) within group (order by ms) as p50,
      percentile_disc(0.9) within group (order by ms) as p90,
      ${sql.join(buckets)} ${extra}
    from (${durations}) d
    group by grp`;
}

function toDistribution(row: DistributionRow | undefined): Distribution {
  return {
    count: Number(row?.n ?? 0),
    p50Ms: row?.p50 == null ? null : Number(row.p50),
    p90Ms: row?.p90 == null ? null : Number(row.p90),
    buckets: DURATION_BUCKET_LABELS.map((label, i) => ({ label, count: Number(row?.[`b${i}`] ?? 0) })),
  };
}

const msBetween = (later: string, earlier: string) => sql`(extract(epoch from (${sql.ref(later)} - ${sql.ref(earlier)})) * 1000)::int8`;


export interface ApprovalTimes {
  /** Plus how many were decided after their SLA due time (wall clock). */
  kyc: Distribution & { decidedLate: number };
  withdrawalRequestToPaid: Distribution;
  withdrawalStages: ({ queue: OperationsQueue } & Distribution)[];
}

export async function approvalTimes(ctx: AppContext, entityIds: string[] | null, period: ReportPeriod): Promise<ApprovalTimes> {
  const { start, end } = period;
  const kyc = await distributionQuery(
    sql`select null as grp, ${msBetween('decided_at', 'submitted_at')} as ms, decided_at > sla_due_at as late
      from kyc_case
      where decided_at >= ${start} and decided_at < ${end} and status in ('approved', 'rejected') and submitted_at is not null
        and ${inEntities('entity_id', entityIds)}`,
    sql`, count(*) filter (where late) as late`,
  ).execute(ctx.db);
  const paid = await distributionQuery(
    sql`select null as grp, ${msBetween('paid_at', 'created_at')} as ms
      from withdrawal
      where paid_at >= ${start} and paid_at < ${end} and ${inEntities('entity_id', entityIds)}`,
  ).execute(ctx.db);
  const stageOf = withdrawalQueueCaseArms();
  const stages = await distributionQuery(
    sql`select case s.from_status ${stageOf} end as grp, s.elapsed_ms as ms
      from withdrawal_step s join withdrawal w on w.id = s.withdrawal_id
      where s.at >= ${start} and s.at < ${end} and s.elapsed_ms is not null
        and s.from_status in (${sql.join(OPEN_WITHDRAWAL_STATES.map((st) => sql.lit(st)))})
        and ${inEntities('w.entity_id', entityIds)}`,
  ).execute(ctx.db);

  return {
    kyc: { ...toDistribution(kyc.rows[0]), decidedLate: Number(kyc.rows[0]?.late ?? 0) },
    withdrawalRequestToPaid: toDistribution(paid.rows[0]),
    withdrawalStages: WITHDRAWAL_STAGE_QUEUES.map((queue) => ({ queue, ...toDistribution(stages.rows.find((r) => r.grp === queue)) })),
  };
}
