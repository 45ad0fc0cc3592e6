/**
 * The numbers a run produces, in one plain object: what the printed summary
 * and the HTML report show, and what the tests compare between runs. Only
 * counts, simulated times and rounded hours: the same seed gives the same
 * object, byte for byte once serialised.
 */
import { workingMsBetween } from '../domain/sla/working-hours';
import { TURNAROUNDS, type Metrics, type QueueSample } from './metrics';
import type { Reconciliation } from './reconcile';
import { QUEUE_LABEL, QUEUE_ROLE, QUEUES, WORKING_ROLES, type QueueName, type Scenario, type WorkingRole } from './scenario';
import type { SlaConfig } from '../config/schema';

export const HISTOGRAM_EDGES_HOURS = [0.25, 0.5, 1, 2, 4, 8, 16, 24, 48, 72, 120, 168, 336] as const;
export const HISTOGRAM_LABELS = ['<15m', '15–30m', '30m–1h', '1–2h', '2–4h', '4–8h', '8–16h', '16–24h', '1–2d', '2–3d', '3–5d', '5–7d', '1–2w', '≥2w'] as const;

export interface TurnaroundSummary {
  key: string;
  flow: string;
  stage: string;
  n: number;
  p50Hours: number | null;
  p90Hours: number | null;
  maxHours: number | null;
  histogram: number[];
}

export interface SlaSummary {
  queue: QueueName;
  label: string;
  role: WorkingRole;
  targetWorkingHours: number;
  entered: number;
  decided: number;
  decidedLate: number;
  openAtEnd: number;
  openOverdueAtEnd: number;
  /** (decided late + open and overdue at the end) / entered. */
  breachRate: number;
  waitP50Hours: number | null;
  waitP90Hours: number | null;
  maxOldestHours: number;
  maxSize: number;
}

export interface RoleSummary {
  role: WorkingRole;
  staff: number;
  busyHours: number;
  availableHours: number;
  utilization: number | null;
  itemsDecided: number;
  itemsLeftAtEnd: number;
}

export interface SimulationSummary {
  scenario: Scenario & { end: string };
  totals: [string, number][];
  turnarounds: TurnaroundSummary[];
  sla: SlaSummary[];
  roles: RoleSummary[];
  bottleneck: { role: WorkingRole; why: string } | null;
  samples: QueueSample[];
  refusals: [string, number][];
  reconciliation: Reconciliation;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round2(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}

function histogram(values: readonly number[]): number[] {
  const bins = new Array<number>(HISTOGRAM_LABELS.length).fill(0);
  for (const v of values) {
    const i = HISTOGRAM_EDGES_HOURS.findIndex((edge) => v < edge);
    bins[i === -1 ? bins.length - 1 : i]! += 1;
  }
  return bins;
}

export function summarise(scenario: Scenario, metrics: Metrics, reconciliation: Reconciliation, sla: SlaConfig, startMs: number, endMs: number): SimulationSummary {
  const turnarounds = TURNAROUNDS.map((t) => {
    const values = metrics.turnarounds.get(t.key)!;
    return {
      key: t.key, flow: t.flow, stage: t.stage, n: values.length,
      p50Hours: percentile(values, 50), p90Hours: percentile(values, 90), maxHours: percentile(values, 100), histogram: histogram(values),
    };
  });
  const slaRows = QUEUES.map((queue): SlaSummary => {
    const tally = metrics.sla[queue];
    const breached = tally.decidedLate + tally.openOverdueAtEnd;
    return {
      queue, label: QUEUE_LABEL[queue], role: QUEUE_ROLE[queue], targetWorkingHours: sla.targets[queue].workingHours, ...tally,
      breachRate: tally.entered === 0 ? 0 : round2((100 * breached) / tally.entered) / 100,
      waitP50Hours: percentile(metrics.waits[queue], 50), waitP90Hours: percentile(metrics.waits[queue], 90),
      maxOldestHours: round2(Math.max(0, ...metrics.samples.map((s) => s.oldestHours[queue]))),
      maxSize: Math.max(0, ...metrics.samples.map((s) => s.size[queue])),
    };
  });
  const perPersonHours = workingMsBetween(new Date(startMs), new Date(endMs), sla) / 3_600_000;
  const roles = WORKING_ROLES.map((role): RoleSummary => {
    const rows = slaRows.filter((r) => r.role === role);
    const staff = scenario.staff[role];
    const available = staff * perPersonHours;
    return {
      role, staff, busyHours: round2(metrics.busyMs[role] / 3_600_000), availableHours: round2(available),
      utilization: available > 0 ? round2(metrics.busyMs[role] / 3_600_000 / available) : null,
      itemsDecided: rows.reduce((s, r) => s + r.decided, 0), itemsLeftAtEnd: rows.reduce((s, r) => s + r.openAtEnd, 0),
    };
  });
  return {
    scenario: { ...scenario, end: new Date(endMs).toISOString().slice(0, 10) },
    totals: [...metrics.counts].sort(([a], [b]) => (a < b ? -1 : 1)),
    turnarounds,
    sla: slaRows,
    roles,
    bottleneck: bottleneckOf(roles, slaRows),
    samples: metrics.samples.map((s) => ({ hour: s.hour, size: s.size, oldestHours: Object.fromEntries(QUEUES.map((q) => [q, round2(s.oldestHours[q])])) as Record<QueueName, number> })),
    refusals: [...metrics.refusals].sort(([a], [b]) => (a < b ? -1 : 1)),
    reconciliation,
  };
}

/**
 * The role that limits throughput: one with no staff while work waits for it;
 * otherwise the busiest role (highest utilization), with what its queues show.
 */
function bottleneckOf(roles: RoleSummary[], sla: SlaSummary[]): SimulationSummary['bottleneck'] {
  const unstaffed = roles.find((r) => r.staff === 0 && r.itemsLeftAtEnd > 0);
  if (unstaffed) return { role: unstaffed.role, why: `no ${unstaffed.role} staff: ${unstaffed.itemsLeftAtEnd} items never worked` };
  const busiest = roles.filter((r) => r.utilization !== null && (r.itemsDecided > 0 || r.itemsLeftAtEnd > 0)).sort((a, b) => b.utilization! - a.utilization! || (a.role < b.role ? -1 : 1))[0];
  if (!busiest) return null;
  const queues = sla.filter((s) => s.role === busiest.role && s.entered > 0);
  const worst = [...queues].sort((a, b) => b.breachRate - a.breachRate)[0];
  const detail = worst ? `; ${worst.label}: p90 wait ${worst.waitP90Hours ?? 0} h, ${Math.round(worst.breachRate * 100)}% over its SLA, ${worst.openAtEnd} left at the end` : '';
  return { role: busiest.role, why: `${Math.round(busiest.utilization! * 100)}% of ${busiest.staff} ${busiest.role} staff's working hours busy${detail}` };
}
