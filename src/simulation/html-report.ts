/**
 * The self-contained HTML report: the summary's numbers as tables, and as
 * charts drawn by Chart.js, whose UMD bundle is read from node_modules and
 * inlined (no network, no CDN). The data sits in one JSON block the page's
 * script reads. Same summary, same bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { formatMoney, money } from '../domain/ledger/money';
import { HISTOGRAM_LABELS, type SimulationSummary } from './summary';
import { QUEUE_LABEL, QUEUES } from './scenario';

let chartJs: string | undefined;

/** Chart.js's UMD bundle, read once from the installed package. */
function chartJsBundle(): string {
  chartJs ??= readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  return chartJs;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Safe inside <script>: no "</script", no "<!--". */
const scriptSafe = (s: string) => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const hours = (x: number | null) => (x === null ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

function table(head: string[], rows: (string | number)[][], numericFrom = 1): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function chartData(s: SimulationSummary) {
  return {
    histogramLabels: HISTOGRAM_LABELS,
    turnarounds: s.turnarounds.map((t) => ({ key: t.key, flow: t.flow, stage: t.stage, n: t.n, p50: t.p50Hours, p90: t.p90Hours, histogram: t.histogram })),
    queues: QUEUES.map((q) => ({ queue: q, label: QUEUE_LABEL[q] })),
    samples: s.samples,
    sla: s.sla.map((q) => ({ label: q.label, breachRate: q.breachRate, entered: q.entered })),
    roles: s.roles.map((r) => ({ role: r.role, staff: r.staff, utilization: r.utilization })),
  };
}

const CLIENT_SCRIPT = `
const data = JSON.parse(document.getElementById('simulation-data').textContent);
const colours = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
function chart(id, config) { new Chart(document.getElementById(id), config); }
const flows = ['KYC', 'Deposits', 'Withdrawals'];
flows.forEach((flow, f) => {
  const rows = data.turnarounds.filter((t) => t.flow === flow && t.n > 0);
  chart('hist-' + f, {
    type: 'bar',
    data: { labels: data.histogramLabels, datasets: rows.map((t, i) => ({ label: t.stage + ' (n=' + t.n + ')', data: t.histogram, backgroundColor: colours[i % colours.length] })) },
    options: { plugins: { title: { display: true, text: flow + ': turnaround distribution (count per bucket, calendar time)' } }, scales: { y: { beginAtZero: true, title: { display: true, text: 'items' } } } },
  });
});
const stages = data.turnarounds.filter((t) => t.n > 0);
chart('percentiles', {
  type: 'bar',
  data: { labels: stages.map((t) => t.flow + ': ' + t.stage), datasets: [
    { label: 'p50 (h)', data: stages.map((t) => t.p50), backgroundColor: colours[0] },
    { label: 'p90 (h)', data: stages.map((t) => t.p90), backgroundColor: colours[1] },
  ] },
  options: { indexAxis: 'y', plugins: { title: { display: true, text: 'Turnaround p50 / p90 per flow and stage (hours)' } }, scales: { x: { type: 'logarithmic', title: { display: true, text: 'hours (log scale)' }, ticks: { autoSkip: false, callback: (v) => ([0.01, 0.1, 1, 10, 100, 1000].includes(v) ? String(v) : '') } } } },
});
const hoursAxis = data.samples.map((s) => 'day ' + Math.floor(s.hour / 24) + ' ' + String(s.hour % 24).padStart(2, '0') + 'h');
for (const [id, field, title] of [['ages', 'oldestHours', 'Age of the oldest waiting item per queue (hours)'], ['sizes', 'size', 'Items waiting per queue']]) {
  chart(id, {
    type: 'line',
    data: { labels: hoursAxis, datasets: data.queues.map((q, i) => ({ label: q.label, data: data.samples.map((s) => s[field][q.queue]), borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length], pointRadius: 0, borderWidth: 1.5 })) },
    options: { plugins: { title: { display: true, text: title } }, scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } } },
  });
}
chart('sla', {
  type: 'bar',
  data: { labels: data.sla.map((q) => q.label), datasets: [{ label: 'SLA breach rate (%)', data: data.sla.map((q) => Math.round(q.breachRate * 1000) / 10), backgroundColor: colours[1] }] },
  options: { plugins: { title: { display: true, text: 'SLA breach rate per queue (%)' } }, scales: { y: { beginAtZero: true, max: 100 } } },
});
chart('utilization', {
  type: 'bar',
  data: { labels: data.roles.map((r) => r.role + ' (' + r.staff + ')'), datasets: [{ label: 'busy share of working hours (%)', data: data.roles.map((r) => r.utilization === null ? 0 : Math.round(r.utilization * 1000) / 10), backgroundColor: colours[2] }] },
  options: { plugins: { title: { display: true, text: 'Staff utilization per role (%)' } }, scales: { y: { beginAtZero: true, max: 100 } } },
});
document.body.dataset.chartsReady = 'true';
`;

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1180px; padding: 16px; color: #111827; }
h1 { font-size: 1.5rem; margin-bottom: 4px; } h2 { font-size: 1.15rem; margin-top: 32px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
.lead { color: #4b5563; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 16px 0; }
.card { border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 12px; } .card b { display: block; font-size: 1.4rem; } .card span { color: #4b5563; font-size: .85rem; }
.bottleneck { background: #fef2f2; border-color: #fecaca; grid-column: 1 / -1; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr)); gap: 16px; }
.chart { position: relative; height: 320px; border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px; } .chart.tall { height: 420px; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; font-size: .85rem; width: 100%; margin: 8px 0; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 8px; text-align: left; white-space: nowrap; } .num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #047857; } .bad { color: #b91c1c; } footer { color: #6b7280; font-size: .8rem; margin-top: 32px; }
`;

export function htmlReport(s: SimulationSummary): string {
  const sc = s.scenario;
  const staff = Object.entries(sc.staff).map(([role, n]) => `${role}=${n}`).join(', ');
  const count = (name: string) => s.totals.find(([k]) => k === name)?.[1] ?? 0;
  const d = s.reconciliation.deposits;
  const credited = Object.entries(d.creditedMinorByCurrency).map(([c, v]) => formatMoney(money(BigInt(v), c))).join(', ') || 'nothing';
  const cards = [
    [count('clients registered'), 'clients registered'],
    [count('clients approved'), 'clients approved (KYC)'],
    [d.credited, `deposits credited (${credited})`],
    [count('payouts paid'), 'payouts paid'],
  ].map(([v, label]) => `<div class="card"><b>${escapeHtml(String(v))}</b><span>${escapeHtml(String(label))}</span></div>`).join('');
  const bottleneck = s.bottleneck ? `<div class="card bottleneck"><span>Bottleneck role</span><b>${escapeHtml(s.bottleneck.role)}</b><span>${escapeHtml(s.bottleneck.why)}</span></div>` : '';
  const data = scriptSafe(JSON.stringify(chartData(s)).replace(/</g, '\\u003c'));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>Traderoom workflow simulation — ${escapeHtml(`${sc.clients} clients, ${sc.days} days, seed ${sc.seed}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Workflow simulation</h1>
<p class="lead">${escapeHtml(`${sc.clients} synthetic clients over ${sc.days} days (${sc.start} → ${sc.end}); staff ${staff}; seed ${sc.seed}. Every step ran through Traderoom's real use cases on an embedded database with a simulated clock; staff work in the configured working hours.`)}</p>
<div class="cards">${cards}${bottleneck}</div>

<h2>Turnaround</h2>
<div class="charts">
<div class="chart tall"><canvas id="percentiles" aria-label="Turnaround p50 and p90"></canvas></div>
<div class="chart tall"><canvas id="hist-0" aria-label="KYC turnaround distribution"></canvas></div>
<div class="chart"><canvas id="hist-1" aria-label="Deposit turnaround distribution"></canvas></div>
<div class="chart"><canvas id="hist-2" aria-label="Withdrawal turnaround distribution"></canvas></div>
</div>
${table(['flow', 'stage', 'n', 'p50 h', 'p90 h', 'max h'], s.turnarounds.map((t) => [t.flow, t.stage, t.n, hours(t.p50Hours), hours(t.p90Hours), hours(t.maxHours)]), 2)}

<h2>Queues over time</h2>
<div class="charts">
<div class="chart"><canvas id="ages" aria-label="Oldest item age per queue"></canvas></div>
<div class="chart"><canvas id="sizes" aria-label="Queue sizes"></canvas></div>
</div>

<h2>Service targets and staff</h2>
<div class="charts">
<div class="chart"><canvas id="sla" aria-label="SLA breach rate per queue"></canvas></div>
<div class="chart"><canvas id="utilization" aria-label="Staff utilization per role"></canvas></div>
</div>
${table(['queue', 'role', 'target (working h)', 'entered', 'decided', 'decided late', 'open at end', 'overdue at end', 'breach rate', 'wait p50 h', 'wait p90 h', 'oldest (max) h', 'size (max)'],
    s.sla.map((q) => [q.label, q.role, q.targetWorkingHours, q.entered, q.decided, q.decidedLate, q.openAtEnd, q.openOverdueAtEnd, pct(q.breachRate), hours(q.waitP50Hours), hours(q.waitP90Hours), hours(q.maxOldestHours), q.maxSize]), 2)}
${table(['role', 'staff', 'busy h', 'available h', 'utilization', 'decided', 'left at end'], s.roles.map((r) => [r.role, r.staff, hours(r.busyHours), hours(r.availableHours), pct(r.utilization), r.itemsDecided, r.itemsLeftAtEnd]))}

<h2>Totals and reconciliation</h2>
<p class="${s.reconciliation.ok ? 'ok' : 'bad'}">${escapeHtml(s.reconciliation.ok ? 'Reconciled' : `NOT reconciled: ${s.reconciliation.problems.join('; ')}`)}: ${escapeHtml(`${d.inDatabase} deposits in the database (${d.created} created) = ${d.credited} credited (${d.chargedBack} charged back since) + ${d.failed} failed + ${d.rejected} rejected by finance + ${d.underReview} under review + ${d.unsettled} unsettled; the ledger ${s.reconciliation.ledgerVerified ? 'verifies' : 'does NOT verify'}.`)}</p>
${table(['what', 'count'], s.totals)}
${table(['withdrawal status', 'count'], Object.entries(s.reconciliation.withdrawalsByStatus))}
${table(['KYC case status', 'count'], Object.entries(s.reconciliation.kycCasesByStatus))}
${s.refusals.length ? `<h2>Refused by the engine</h2>\n${table(['use case: code', 'count'], s.refusals)}` : ''}
<footer>Generated by <code>npm run simulate</code>. Self-contained: Chart.js ${escapeHtml(chartJsVersion())} is inlined below; the page makes no requests.</footer>
<script type="application/json" id="simulation-data">${data}</script>
<script>${scriptSafe(chartJsBundle())}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

function chartJsVersion(): string {
  return (/Chart\.js v([\d.]+)/.exec(chartJsBundle())?.[1]) ?? '4';
}
