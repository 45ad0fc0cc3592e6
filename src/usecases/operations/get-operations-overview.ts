/**
 * The operations view (SPEC §10): queue sizes, ages and SLA breaches now,
 * approval-time distributions and payment rates over a period, for one entity
 * or every entity of the staff member's scope. Read-only: no audit event.
 */
import type { Actor } from '../../domain/roles';
import { reportPeriod } from '../../domain/operations/report-period';
import type { AppContext } from '../app-context';
import { approvalTimes } from './approval-times';
import { entityFilter, entityScope } from './operations-scope';
import { paymentRates } from './payment-rates';
import { queueStats } from './queue-stats';

export interface OperationsQuery {
  entity?: string | undefined;
  /** YYYY-MM-DD, local to the SLA calendar's zone; default 29 days before `to`. */
  from?: string | undefined;
  /** YYYY-MM-DD, default today. */
  to?: string | undefined;
}

export async function getOperationsOverview(ctx: AppContext, actor: Actor, query: OperationsQuery) {
  const scope = entityScope(ctx, actor, 'operations.view', query.entity);
  const now = ctx.clock.now();
  const period = reportPeriod(query, now, ctx.config.sla.workingHours.timezone);
  const entityIds = entityFilter(scope);
  const queues = await queueStats(ctx, entityIds, now);
  const approvals = await approvalTimes(ctx, entityIds, period);
  const rates = await paymentRates(ctx, entityIds, period);
  return {
    asOf: now.toISOString(),
    entity: query.entity ?? null,
    period: { from: period.from, to: period.to, start: period.start.toISOString(), end: period.end.toISOString(), timeZone: ctx.config.sla.workingHours.timezone },
    queues,
    approvalTimes: approvals,
    rates,
  };
}
