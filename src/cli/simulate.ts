/**
 * `npm run simulate -- --clients 1000 --days 30 --staff support=2,compliance=2,finance=1 --seed 7`
 * Runs synthetic clients and staff through the real use cases on a fresh
 * embedded database in a temporary folder, prints the summary and writes the
 * HTML report. Exit 0: done and reconciled; 1: a deposit did not reconcile
 * (or the run failed); 2: bad arguments.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { openDatabase } from '../persistence/database';
import { htmlReport } from '../simulation/html-report';
import { runSimulation } from '../simulation/run-simulation';
import { parseSimulateArgs, ScenarioArgsError, USAGE, type SimulateArgs } from '../simulation/scenario-args';
import { formatSummary } from '../simulation/summary-text';
import { runCli } from './run-cli';

let args: SimulateArgs;
try {
  args = parseSimulateArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ScenarioArgsError)) throw error;
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}

await runCli(async () => {
  const config = loadConfig();
  const dir = mkdtempSync(join(tmpdir(), 'traderoom-simulation-'));
  const started = performance.now();
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'db') });
  try {
    const { summary, eventsProcessed } = await runSimulation(args.scenario, {
      database,
      filesDir: join(dir, 'files'),
      config,
      onDay: (day, days) => process.stderr.write(`\rsimulated day ${day}/${days} (${((performance.now() - started) / 1000).toFixed(0)} s)`),
    });
    process.stderr.write('\n');
    console.log(formatSummary(summary));
    const out = resolve(args.out);
    writeFileSync(out, htmlReport(summary));
    const seconds = (performance.now() - started) / 1000;
    console.log(`\nReport: ${out}`);
    console.log(`Ran ${eventsProcessed} events in ${seconds.toFixed(1)} s on the embedded database.`);
    if (!summary.reconciliation.ok) process.exitCode = 1;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
