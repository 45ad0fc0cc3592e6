/** The summary as the command prints it: plain text tables, hours with one decimal. */
import { formatMoney, money } from '../domain/ledger/money';
import type { SimulationSummary } from './summary';

const h = (x: number | null) => (x === null ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatSummary(s: SimulationSummary): string {
  const sc = s.scenario;
  const staff = Object.entries(sc.staff).map(([role, n]) => `${role}=${n}`).join(',');
  const out: string[] = [];
  out.push(`Workflow simulation: ${sc.clients} clients over ${sc.days} days (${sc.start} → ${sc.end}), staff ${staff}, seed ${sc.seed}`);
  out.push('');
  out.push('Turnaround (hours, calendar time)');
  out.push(table(['flow / stage', 'n', 'p50', 'p90', 'max'], s.turnarounds.map((t) => [`${t.flow}: ${t.stage}`, String(t.n), h(t.p50Hours), h(t.p90Hours), h(t.maxHours)])));
  out.push('');
  out.push('Queues and SLA (targets in working hours; breach = decided late, or open and overdue at the end)');
  out.push(table(
    ['queue', 'target', 'entered', 'decided', 'late', 'open at end', 'breach', 'wait p50', 'wait p90', 'oldest max', 'size max'],
    s.sla.map((q) => [q.label, `${q.targetWorkingHours}h`, String(q.entered), String(q.decided), String(q.decidedLate), `${q.openAtEnd} (${q.openOverdueAtEnd} overdue)`, pct(q.breachRate), h(q.waitP50Hours), h(q.waitP90Hours), h(q.maxOldestHours), String(q.maxSize)]),
  ));
  out.push('');
  out.push('Staff');
  out.push(table(['role', 'staff', 'busy h', 'available h', 'utilization', 'decided', 'left at end'], s.roles.map((r) => [r.role, String(r.staff), h(r.busyHours), h(r.availableHours), pct(r.utilization), String(r.itemsDecided), String(r.itemsLeftAtEnd)])));
  out.push('');
  out.push(s.bottleneck ? `Bottleneck: ${s.bottleneck.role} (${s.bottleneck.why})` : 'Bottleneck: none (no staff work arrived)');
  out.push('');
  out.push('Totals');
  out.push(table(['what', 'count'], s.totals.map(([k, v]) => [k, String(v)])));
  const d = s.reconciliation.deposits;
  out.push('');
  out.push(`Deposits reconciled: ${d.inDatabase} in the database (${d.created} created) = ${d.credited} credited (${d.chargedBack} of them charged back) + ${d.failed} failed + ${d.rejected} rejected + ${d.underReview} under review + ${d.unsettled} unsettled`);
  out.push(`Credited: ${Object.entries(d.creditedMinorByCurrency).map(([c, v]) => formatMoney(money(BigInt(v), c))).join(', ') || 'nothing'}; ledger ${s.reconciliation.ledgerVerified ? 'verifies' : 'DOES NOT VERIFY'}`);
  out.push(`Withdrawals by status: ${Object.entries(s.reconciliation.withdrawalsByStatus).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  out.push(`KYC cases by status: ${Object.entries(s.reconciliation.kycCasesByStatus).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  if (s.refusals.length > 0) out.push(`Refused by the engine (and counted): ${s.refusals.map(([k, v]) => `${k} ×${v}`).join('; ')}`);
  out.push(s.reconciliation.ok ? 'Reconciliation: OK' : `Reconciliation FAILED: ${s.reconciliation.problems.join('; ')}`);
  return out.join('\n');
}
