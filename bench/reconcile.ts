/**
 * Reconciliation benchmark (SPEC §8, issue "Benchmark"): one reconciliation
 * run over 100,000 trading accounts against the MT5 simulator, on
 * PostgreSQL. Target: under 30 s. Prints the duration and the memory peak.
 *
 *   npm run bench:reconcile -- [--accounts N] [--batch B] [--sync]
 *
 * 1. Recreates the database `traderoom_bench_reconcile` on BENCH_DATABASE_URL's
 *    server (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
 *    migrates it and seeds, set-based, the book of bench/reconcile-world.ts:
 *    N verified clients, each with a live EUR account on mt5_demo, its
 *    transfers (completed both ways, some pending) and their ledger entries
 *    (deposit credit, transfer to/from the platform). The ledger rows are
 *    written with triggers off (session_replication_role = replica, so the
 *    seed takes seconds, not minutes) and the balance cache set from the
 *    sums; verifyLedger() then checks the result like any ledger.
 * 2. Meanwhile starts the MT5 simulator in a child process
 *    (bench/reconcile-mt5.ts) seeded with the same accounts and deal history
 *    (transfers, closed trades) and the planted breaks.
 * 3. Starts a run as finance would (startReconciliationRun) and executes it
 *    (the `reconciliation.run` job's work, executeReconciliationRun) with the
 *    real MT5 Web API adapter over loopback HTTP: batched user/get_batch,
 *    user/account/get_batch and deal/get_batch, `--batch` logins each
 *    (default 500). Timed: that execution only. Memory: this process's RSS,
 *    sampled every 20 ms during the run (the simulator's is printed apart).
 * 4. Checks the run found exactly the planted breaks (5 kinds, about 10 each
 *    for 100,000 accounts) and nothing else; exits 1 otherwise.
 * 5. With --sync, times one balance sync over the same accounts (a snapshot
 *    each, the planted dealer bonuses opened as exceptions).
 *
 * Memory: the heap is bounded by the batch, not by N (the run completes
 * under `node --import tsx --max-old-space-size=96 bench/reconcile.ts`); with
 * the default heap V8 collects lazily and the peak is higher.
 *
 * The last line printed is one JSON object with the figures.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config/load-config';
import { createMt5WebApiPlatform } from '../src/integrations/platforms';
import { localFileStore } from '../src/integrations/files/file-store';
import { JobQueue } from '../src/jobs/job-queue';
import { openDatabase } from '../src/persistence/database';
import { verifyLedger } from '../src/persistence/ledger/verify-ledger';
import { migrate } from '../src/persistence/migrate';
import type { AppContext } from '../src/usecases/app-context';
import { SYSTEM_REQUEST } from '../src/usecases/app-context';
import { systemClock } from '../src/usecases/clock';
import { NO_INTEGRATIONS } from '../src/usecases/integrations';
import { executeReconciliationRun, startReconciliationRun } from '../src/usecases/reconciliation/run-reconciliation';
import { syncPlatformBalances } from '../src/usecases/reconciliation/sync-platform-balances';
import { CURRENCY, GROUP, LOGIN_BASE, MANAGER, PLATFORM_ID, plantedCounts } from './reconcile-world';

const DB_NAME = 'traderoom_bench_reconcile';
const TARGET_SECONDS = 30;
const SIM_SCRIPT = fileURLToPath(new URL('./reconcile-mt5.ts', import.meta.url));

interface Options {
  accounts: number;
  batch: number;
  /** Also time one balance sync (snapshots + exceptions) over the same accounts, after the run. */
  sync: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { accounts: 100_000, batch: 500, sync: false };
  const usage = 'Usage: bench/reconcile.ts [--accounts N] [--batch B] [--sync]';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const positive = (text: string | undefined) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs an integer ≥ 1 (got ${String(text)}). ${usage}`);
      return n;
    };
    if (arg === '--accounts') options.accounts = positive(argv[++i]);
    else if (arg === '--batch') options.batch = positive(argv[++i]);
    else if (arg === '--sync') options.sync = true;
    else if (arg === '--') continue;
    else throw new Error(`Unknown argument ${arg}. ${usage}`);
  }
  return options;
}

function databaseUrl(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The database side of bench/reconcile-world.ts, set-based (the same formulas as there). */
async function seed(url: string, accounts: number, now: Date): Promise<void> {
  await withClient(url, async (client) => {
    const q = (text: string, values?: unknown[]) => client.query(text, values);
    await q('BEGIN');
    // Triggers off for the seed only (superuser): the ledger's per-posting triggers would take minutes here.
    await q('SET LOCAL session_replication_role = replica');
    const t0 = `($1::timestamptz - interval '1 day')`;
    await q(
      `CREATE TEMP TABLE w ON COMMIT DROP AS
       SELECT i, a, CASE WHEN i % 3 = 0 THEN 1 + (i::bigint * 104729) % (a / 2) ELSE 0 END AS b,
              CASE WHEN i % 50 = 0 THEN 1000 + i % 1000 ELSE 0 END::bigint AS c,
              gen_random_uuid() AS client_id, gen_random_uuid() AS account_id, gen_random_uuid() AS wallet_id, gen_random_uuid() AS deposit_entry,
              gen_random_uuid() AS ta, gen_random_uuid() AS ta_entry, gen_random_uuid() AS tb, gen_random_uuid() AS tb_entry,
              gen_random_uuid() AS tc, gen_random_uuid() AS tc_entry
         FROM (SELECT i, 10000 + (i::bigint * 7919) % 90001 AS a FROM generate_series(1, $1::int) i) s`,
      [accounts],
    );
    await q(
      `INSERT INTO client (id, email, password_hash, first_name, last_name, country, client_type, entity_id, status,
          verification_level, language, email_verified_at, created_at, updated_at, risk_level, risk_score, kyc_verified_at)
       SELECT client_id, 'bench-reconcile-' || i || '@example.test', 'not-a-real-hash', 'Anna', 'Trader' || i, 'DE', 'individual', 'eu',
              'active', 'verified', 'en', ${t0} - interval '30 days', ${t0} - interval '30 days', ${t0}, 'low', 10, ${t0} - interval '20 days'
         FROM w`,
      [now],
    );
    await q(
      `INSERT INTO trading_account (id, client_id, entity_id, platform_id, account_type, platform_group, currency, leverage, reference, login, status, rights,
          created_at, updated_at, provisioned_at)
       SELECT account_id, client_id, 'eu', $2, 'live', $3, $4, 30, 'TA' || i, ($5::int + i)::text, 'active', 'full', ${t0} - interval '1 hour', ${t0}, ${t0} - interval '1 hour'
         FROM w`,
      [now, PLATFORM_ID, GROUP, CURRENCY, LOGIN_BASE],
    );
    const transfer = (id: string, amount: string, direction: string, status: string, letter: string, where: string) =>
      q(
        `INSERT INTO trading_transfer (id, client_id, trading_account_id, direction, amount_minor, currency, status, reference, attempts, created_at, updated_at, completed_at)
         SELECT ${id}, client_id, account_id, '${direction}', ${amount}, $2, '${status}', 'TT' || i || '${letter}', 1, ${t0}, ${t0},
                ${status === 'completed' ? t0 : 'NULL'}
           FROM w WHERE ${where}`,
        [now, CURRENCY],
      );
    await transfer('ta', 'a', 'to_account', 'completed', 'A', 'true');
    await transfer('tb', 'b', 'to_wallet', 'completed', 'B', 'b > 0');
    await transfer('tc', 'c', 'to_account', 'pending', 'C', 'c > 0');

    // Ledger: the deposit that funded the wallet, then the transfers.
    const clearingId = randomUUID();
    const platformId = randomUUID();
    const created = new Date(now.getTime() - 40 * 86_400_000);
    await q(`INSERT INTO ledger_account (id, code, kind, currency, client_id, balance_rule, created_at) VALUES ($1, $2, 'psp_clearing', $3, NULL, 'any', $4)`, [
      clearingId, `psp:demo_card:clearing:${CURRENCY}`, CURRENCY, created,
    ]);
    await q(`INSERT INTO ledger_account (id, code, kind, currency, client_id, balance_rule, created_at) VALUES ($1, $2, 'platform', $3, NULL, 'any', $4)`, [
      platformId, `platform:${PLATFORM_ID}:${CURRENCY}`, CURRENCY, created,
    ]);
    await q(
      `INSERT INTO ledger_account (id, code, kind, currency, client_id, balance_rule, created_at)
       SELECT wallet_id, 'client:' || client_id || ':wallet:' || $1, 'client_wallet', $1, client_id, 'non_negative', $2 FROM w`,
      [CURRENCY, created],
    );
    const entry = (id: string, kind: string, businessType: string, businessId: string, description: string, where: string) =>
      q(
        `INSERT INTO journal_entry (id, kind, business_type, business_id, posting_count, occurred_at, description, created_by)
         SELECT ${id}, '${kind}', '${businessType}', ${businessId}::text, 2, ${t0}, '${description}', 'system:bench' FROM w WHERE ${where}`,
        [now],
      );
    await entry('deposit_entry', 'deposit_credit', 'seed_deposit', 'client_id', 'Seeded deposit (bench)', 'true');
    await entry('ta_entry', 'transfer_to_platform', 'trading_transfer', 'ta', 'Transfer to the platform (bench)', 'true');
    await entry('tb_entry', 'transfer_from_platform', 'trading_transfer', 'tb', 'Transfer from the platform (bench)', 'b > 0');
    await entry('tc_entry', 'transfer_to_platform', 'trading_transfer', 'tc', 'Transfer to the platform (bench)', 'c > 0');
    const postings = (entryId: string, from: string, to: string, amount: string, where: string) =>
      q(
        `INSERT INTO posting (entry_id, line, account_id, currency, amount_minor)
         SELECT ${entryId}, 1, ${from}, $1, -(${amount}) FROM w WHERE ${where}
         UNION ALL
         SELECT ${entryId}, 2, ${to}, $1, ${amount} FROM w WHERE ${where}`,
        [CURRENCY],
      );
    await postings('deposit_entry', `'${clearingId}'::uuid`, 'wallet_id', 'a + c + 1000', 'true');
    await postings('ta_entry', 'wallet_id', `'${platformId}'::uuid`, 'a', 'true');
    await postings('tb_entry', `'${platformId}'::uuid`, 'wallet_id', 'b', 'b > 0');
    await postings('tc_entry', 'wallet_id', `'${platformId}'::uuid`, 'c', 'c > 0');
    // The balance cache, as the (skipped) triggers would have left it.
    await q(
      `INSERT INTO account_balance (account_id, currency, balance_rule, balance_minor, version)
       SELECT p.account_id, $1, a.balance_rule, sum(p.amount_minor), count(*)
         FROM posting p JOIN ledger_account a ON a.id = p.account_id
        GROUP BY p.account_id, a.balance_rule`,
      [CURRENCY],
    );
    await q('COMMIT');
    await q('ANALYZE');
  });
}

interface SimProcess {
  url: string;
  seedSeconds: number;
  deals: number;
  stats(): Promise<{ rssMb: number; commands: Record<string, number> }>;
  stop(): void;
}

function startSimulator(accounts: number): Promise<SimProcess> {
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')); // the simulator holds the whole book
  const child = fork(SIM_SCRIPT, [], { execArgv, env: { ...process.env, BENCH_ACCOUNTS: String(accounts) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the MT5 simulator exited (${code}) before it was ready`)));
    child.on('message', (message: { type: string; url: string; seedSeconds: number; deals: number }) => {
      if (message.type !== 'ready') return;
      resolve({
        url: message.url,
        seedSeconds: message.seedSeconds,
        deals: message.deals,
        stats: () =>
          new Promise((done) => {
            const listener = (m: { type: string; rssMb: number; commands: Record<string, number> }) => {
              if (m.type !== 'stats') return;
              child.off('message', listener);
              done(m);
            };
            child.on('message', listener);
            child.send({ type: 'stats' });
          }),
        stop: () => {
          child.removeAllListeners('exit');
          child.kill('SIGTERM');
        },
      });
    });
  });
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = databaseUrl(adminUrl, DB_NAME);
  const config = loadConfig();
  const expected = plantedCounts(options.accounts);
  console.log(`Reconciliation benchmark: ${options.accounts.toLocaleString('en')} accounts, batches of ${options.batch} logins, database ${DB_NAME}.`);

  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${DB_NAME}`);
  });
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 8 });
  const files = mkdtempSync(join(tmpdir(), 'traderoom-bench-reconcile-'));
  let sim: SimProcess | undefined;
  try {
    await migrate(database);
    const seedStarted = performance.now();
    const now = new Date();
    [sim] = await Promise.all([startSimulator(options.accounts), seed(url, options.accounts, now)]);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const ledgerStarted = performance.now();
    const ledger = await verifyLedger(database.db);
    if (!ledger.ok) throw new Error(`the seeded ledger does not verify: ${JSON.stringify(ledger, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 500)}`);
    console.log(
      `Seeded in ${seedSeconds.toFixed(1)} s (simulator ${sim.seedSeconds.toFixed(1)} s, ${sim.deals.toLocaleString('en')} deals); ledger verified ` +
        `(${ledger.entriesChecked.toLocaleString('en')} entries, ${ledger.postingsChecked.toLocaleString('en')} postings) in ${((performance.now() - ledgerStarted) / 1000).toFixed(1)} s.`,
    );

    const jobs = new JobQueue(database);
    await jobs.install();
    const platform = createMt5WebApiPlatform({ baseUrl: sim.url, ...MANAGER, pingIntervalMs: 0, timeoutMs: 60_000, batchSize: options.batch });
    const ctx: AppContext = {
      database, db: database.db, config, clock: systemClock, jobs, files: localFileStore(files), publicUrl: 'http://bench.invalid',
      integrations: { ...NO_INTEGRATIONS, platforms: { [PLATFORM_ID]: platform } },
    };
    const finance = { type: 'staff' as const, id: randomUUID(), roles: ['finance' as const], entityIds: 'all' as const };
    const { run } = await startReconciliationRun(ctx, SYSTEM_REQUEST, finance, {});

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssMax = rssBefore;
    let heapMax = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      rssMax = Math.max(rssMax, m.rss);
      heapMax = Math.max(heapMax, m.heapUsed);
    }, 20);
    const started = performance.now();
    const outcome = await executeReconciliationRun(ctx, run.id, { batchSize: options.batch });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    rssMax = Math.max(rssMax, process.memoryUsage().rss);

    const done = await ctx.db.selectFrom('reconciliation_run').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
    const simStats = await sim.stats();
    const wanted = Object.entries(expected).sort();
    const found = Object.entries(done.breaks_by_kind).sort();
    const ok = outcome === 'completed' && JSON.stringify(found) === JSON.stringify(wanted) && done.notes.length === 0 && done.accounts_checked === options.accounts;
    console.log(
      `Run ${outcome}: ${done.accounts_checked.toLocaleString('en')} accounts, ${done.transfers_checked.toLocaleString('en')} transfers, ${done.deals_checked.toLocaleString('en')} deals ` +
        `in ${seconds.toFixed(2)} s (${Math.round(done.accounts_checked / seconds).toLocaleString('en')} accounts/s; target < ${TARGET_SECONDS} s: ${seconds < TARGET_SECONDS ? 'met' : 'MISSED'}).`,
    );
    console.log(`Memory (this process): RSS ${mb(rssBefore)} MB before the run, peak ${mb(rssMax)} MB during it; heap peak ${mb(heapMax)} MB. Simulator process: RSS ${mb(simStats.rssMb * 1_048_576)} MB.`);
    console.log(`MT5 commands: ${Object.entries(simStats.commands).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
    console.log(`Breaks: ${done.break_count} ${JSON.stringify(done.breaks_by_kind)}; planted ${JSON.stringify(expected)}: ${ok ? 'exactly those' : 'MISMATCH'}${done.notes.length ? `; notes ${JSON.stringify(done.notes)}` : ''}.`);
    let sync: { seconds: number; snapshots: number; exceptions: number } | undefined;
    if (options.sync) {
      const syncStarted = performance.now();
      const [summary] = await syncPlatformBalances(ctx, { batchSize: options.batch });
      sync = { seconds: Math.round(((performance.now() - syncStarted) / 1000) * 100) / 100, snapshots: summary!.snapshots, exceptions: summary!.exceptionsOpened };
      console.log(`Balance sync: ${summary!.snapshots.toLocaleString('en')} snapshots, ${summary!.dealsRead.toLocaleString('en')} deals read, ${summary!.exceptionsOpened} exception(s) opened in ${sync.seconds} s${summary!.error ? `; ${summary!.error}` : ''}.`);
    }
    await platform.close();
    await jobs.stop();
    console.log(
      JSON.stringify({
        accounts: done.accounts_checked,
        transfers: done.transfers_checked,
        deals: done.deals_checked,
        batch: options.batch,
        seconds: Math.round(seconds * 100) / 100,
        target_seconds: TARGET_SECONDS,
        rss_mb_before: mb(rssBefore),
        rss_mb_max: mb(rssMax),
        heap_mb_max: mb(heapMax),
        sim_rss_mb: Math.round(simStats.rssMb * 10) / 10,
        breaks: done.break_count,
        breaks_by_kind: done.breaks_by_kind,
        ...(sync ? { sync_seconds: sync.seconds, sync_snapshots: sync.snapshots, sync_exceptions: sync.exceptions } : {}),
        ok,
      }),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    sim?.stop();
    await database.close();
    rmSync(files, { recursive: true, force: true });
  }
}

await main();
