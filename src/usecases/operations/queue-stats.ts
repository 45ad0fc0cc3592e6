/**
 * Queue sizes, ages and SLA breaches right now, per queue and per entity,
 * counted by the database (one aggregate per queue over its partial "open"
 * index; no row is loaded). A breach is decided as the live timers decide it
 * (src/domain/sla): each queue's timer start is compared with the instant
 * before which a timer of its target is breached now.
 */
import { sql, type RawBuilder } from 'kysely';
import type { SlaTarget } from '../../config/vocabulary';
import { kycCaseMachine } from '../../domain/machines/kyc-case-machine';
import type { WithdrawalState } from '../../domain/machines/withdrawal-machine';
import { WITHDRAWAL_STAGE_SLA_TARGET, withdrawalStageOfState } from '../../domain/payments/withdrawal-stages';
import { breachedIfDueBefore, breachedIfStartedBefore } from '../../domain/sla/breach-cutoff';
import type { AppContext } from '../app-context';
import { inEntities } from './operations-scope';
import { DEPOSIT_REVIEW_STATES } from '../deposits/deposit-sla';
import { WITHDRAWAL_QUEUES } from '../withdrawals/list-withdrawals';

export const OPERATIONS_QUEUES = [
  'kyc_review',
  'deposit_review',
  'withdrawal_support',
  'withdrawal_compliance',
  'withdrawal_finance',
  'withdrawal_supervisor',
  'withdrawal_escalated',
  'withdrawal_payout',
  'platform_exceptions',
  'reconciliation_breaks',
  'platform_sync_failures',
] as const;
export type OperationsQueue = (typeof OPERATIONS_QUEUES)[number];

/** The withdrawal stage queues of the back office (list-withdrawals.ts), open ones only. */
const WITHDRAWAL_QUEUE_OF: Record<string, OperationsQueue> = {
  support: 'withdrawal_support',
  compliance: 'withdrawal_compliance',
  finance: 'withdrawal_finance',
  supervisor: 'withdrawal_supervisor',
  escalated: 'withdrawal_escalated',
  payout: 'withdrawal_payout',
};
export const OPEN_WITHDRAWAL_STATES = Object.entries(WITHDRAWAL_QUEUES).flatMap(([queue, states]) => (queue in WITHDRAWAL_QUEUE_OF ? [...states] : []));

/** The withdrawal queue a state belongs to, as the back-office queues group them. */
export function withdrawalQueueOfState(state: string): OperationsQueue | null {
  const entry = Object.entries(WITHDRAWAL_QUEUES).find(([, states]) => (states as readonly string[]).includes(state));
  return entry ? (WITHDRAWAL_QUEUE_OF[entry[0]] ?? null) : null;
}

/** The withdrawal stage queues, in stage order. */
export const WITHDRAWAL_STAGE_QUEUES: readonly OperationsQueue[] = [...new Set(OPEN_WITHDRAWAL_STATES.map(withdrawalQueueOfState))].filter((q): q is OperationsQueue => q !== null);

/** SQL `when <state> then '<queue>'` arms mapping an open withdrawal state to its stage queue (for `case <column> … end`). */
export const withdrawalQueueCaseArms = () => sql.join(OPEN_WITHDRAWAL_STATES.map((s) => sql`when ${sql.lit(s)} then ${sql.lit(withdrawalQueueOfState(s))}`), sql` `);

/** The target timing a withdrawal state, as withdrawal-views.ts times it: a new request is support's, an escalation the supervisor's. */
export function withdrawalSlaTargetOfState(state: string): SlaTarget | null {
  const stage = withdrawalStageOfState(state as WithdrawalState) ?? (state === 'submitted' ? 'support' : state === 'escalated' ? 'supervisor' : null);
  return stage === null ? null : WITHDRAWAL_STAGE_SLA_TARGET[stage];
}

export interface QueueFigures {
  count: number;
  oldestAgeMs: number | null;
  medianAgeMs: number | null;
  /** Null for a queue without a service target. */
  breached: number | null;
}

export interface QueueStats {
  queue: OperationsQueue;
  slaTarget: SlaTarget | null;
  total: QueueFigures;
  /** Entities with at least one item; `entityId` null for a break that belongs to no client (a PSP settlement row). */
  byEntity: (QueueFigures & { entityId: string | null })[];
}

type AggregateRow = { queue: string; entity_id: string | null; is_total: number; n: bigint; oldest: Date | null; median_start: Date | null; breached: bigint };


function states(list: readonly string[]): RawBuilder<unknown> {
  return sql.join(list.map((s) => sql.lit(s)));
}

export async function queueStats(ctx: AppContext, entityIds: string[] | null, now: Date): Promise<QueueStats[]> {
  const { sla } = ctx.config;
  const dueCutoff = breachedIfDueBefore(now, sla);
  const startedCutoff = (target: SlaTarget) => breachedIfStartedBefore(now, sla.targets[target].workingHours, sla);

  const withdrawalQueue = withdrawalQueueCaseArms();
  const withdrawalCutoff = sql.join(
    OPEN_WITHDRAWAL_STATES.map((s) => {
      const target = withdrawalSlaTargetOfState(s);
      return target ? sql`when ${sql.lit(s)} then ${startedCutoff(target)}::timestamptz` : sql`when ${sql.lit(s)} then null::timestamptz`;
    }),
    sql` `,
  );

  // Each: SELECT queue, entity_id, started_at, breached FROM … WHERE open (and in scope).
  const sources: RawBuilder<unknown>[] = [
    sql`select 'kyc_review' as queue, entity_id, submitted_at as started_at, sla_due_at < ${dueCutoff} as breached
        from kyc_case where status in (${states(kycCaseMachine.statesTagged('needs_review'))}) and ${inEntities('entity_id', entityIds)}`,
    sql`select 'deposit_review' as queue, entity_id, confirmed_at as started_at, confirmed_at < ${startedCutoff('deposit_review')} as breached
        from deposit where status in (${states(DEPOSIT_REVIEW_STATES)}) and ${inEntities('entity_id', entityIds)}`,
    sql`select case status ${withdrawalQueue} end as queue, entity_id, stage_entered_at as started_at,
          stage_entered_at < (case status ${withdrawalCutoff} end) as breached
        from withdrawal where status in (${states(OPEN_WITHDRAWAL_STATES)}) and ${inEntities('entity_id', entityIds)}`,
    sql`select 'platform_exceptions' as queue, entity_id, created_at as started_at, null::boolean as breached
        from platform_exception where status = 'open' and ${inEntities('entity_id', entityIds)}`,
    sql`select 'reconciliation_breaks' as queue, entity_id, created_at as started_at, null::boolean as breached
        from reconciliation_break where status = 'open' and ${inEntities('entity_id', entityIds)}`,
    sql`select 'platform_sync_failures' as queue, a.entity_id, s.desired_since as started_at, null::boolean as breached
        from platform_rights_sync s join trading_account a on a.id = s.trading_account_id
        where s.state in ('retrying', 'failed') and ${inEntities('a.entity_id', entityIds)}`,
  ];

  const found = new Map<string, AggregateRow[]>();
  for (const source of sources) {
    // GROUPING SETS: the figures per entity and the queue's total (a median does not add up) in one pass.
    const { rows } = await sql<AggregateRow>`
      select queue, entity_id, grouping(entity_id) as is_total, count(*) as n, min(started_at) as oldest,
        percentile_disc(0.5) within group (order by started_at desc) as median_start,
        count(*) filter (where breached) as breached
      from (${source}) q
      group by grouping sets ((queue, entity_id), (queue))`.execute(ctx.db);
    for (const row of rows) found.set(row.queue, [...(found.get(row.queue) ?? []), row]);
  }

  const age = (at: Date | null) => (at === null ? null : now.getTime() - at.getTime());
  const figures = (row: AggregateRow | undefined, timed: boolean): QueueFigures => ({
    count: Number(row?.n ?? 0),
    oldestAgeMs: age(row?.oldest ?? null),
    medianAgeMs: age(row?.median_start ?? null),
    breached: timed ? Number(row?.breached ?? 0) : null,
  });
  return OPERATIONS_QUEUES.map((queue) => {
    const rows = found.get(queue) ?? [];
    const slaTarget = queue === 'kyc_review' ? 'kyc_review' : queue === 'deposit_review' ? 'deposit_review' : queue.startsWith('withdrawal_') ? withdrawalTargetOfQueue(queue) : null;
    const timed = slaTarget !== null;
    return {
      queue,
      slaTarget,
      total: figures(rows.find((r) => Number(r.is_total) === 1), timed),
      byEntity: rows
        .filter((r) => Number(r.is_total) === 0)
        .map((r) => ({ entityId: r.entity_id, ...figures(r, timed) }))
        .sort((a, b) => (a.entityId ?? '\uffff').localeCompare(b.entityId ?? '\uffff')),
    };
  });
}

function withdrawalTargetOfQueue(queue: OperationsQueue): SlaTarget | null {
  const state = OPEN_WITHDRAWAL_STATES.find((s) => withdrawalQueueOfState(s) === queue);
  return state ? withdrawalSlaTargetOfState(state) : null;
}
