/**
 * Deposit callback benchmark (issue 5, "Benchmark"): how many PSP-confirmed
 * deposits per second the real server applies on PostgreSQL, against what
 * the same PostgreSQL does with pgbench's TPC-B (the machine's ceiling).
 * Goal: ratio ≥ 0.4.
 *
 *   npm run bench:deposits -- [--clients N] [--per-client K] [--concurrency 8,16,32]
 *                             [--seconds S] [--warmup S] [--pgbench-seconds S] [--no-pgbench]
 *                             [--cpu-prof DIR]
 *
 * 1. Recreates the database `traderoom_bench_deposits` on BENCH_DATABASE_URL's
 *    server (the admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
 *    migrates it with the real migrate() and seeds, set-based: N verified
 *    low-risk clients (default 6,000) with their legal name, each with one
 *    credited deposit three days old (and its ledger entry), and K deposits
 *    `awaiting_payment` per client (default 5, each with a provider session).
 *    Amounts are 100.00–300.00 EUR on the card method, so no deposit review
 *    rule of config/demo.yaml fires (not the first deposit, under the
 *    threshold, at most 5 within 24 h, no structuring or spike, payer name
 *    matches, low risk): every confirmation is an auto-credit into the ledger.
 * 2. Starts the server as `npm start` does: src/cli/start.ts in a child
 *    process, on that database (DATABASE_URL), with PSP_<ID>_* set for every
 *    configured provider (only demo_card's webhook secret is used; no
 *    provider API is called), demo seed and simulators off, other settings
 *    from the environment (LOG_LEVEL: default info, one log line per request
 *    as in production, discarded). --cpu-prof DIR writes its V8 CPU profile.
 * 3. Per concurrency level: C connections (keep-alive) each POST signed
 *    `payment_intent.succeeded` callbacks (Stripe-Signature t=…,v1=…) to
 *    /api/webhooks/psp/demo_card, one per pending deposit, round-robin over
 *    the clients: a warm-up, then the measured window. A deposit counts as
 *    confirmed when its callback answered 200 {outcome: "applied"} (credited,
 *    or sent to review if a rule fired: the DB check below says which).
 *    Latency = the callback's HTTP round trip. Printed per level: where the
 *    CPU went (server, its PostgreSQL backends, load generator, the rest of
 *    the machine: a busy machine lowers the figures) and what the server's
 *    database sessions were doing (lock waits, idle in transaction = waiting
 *    for the server, …).
 * 4. Stops the server and checks the database: verifyLedger() passes, and the
 *    number of deposit_credit entries for the driven deposits equals the
 *    number of credited deposits and of applied callbacks.
 * 5. `pgbench -i -s 10` into the same database, `pgbench -c C -j 2 -T …
 *    -M prepared` (TPC-B) with the C of the best level, then drops its tables.
 *
 * The last line printed is one JSON object with the figures.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config/load-config';
import type { TraderoomConfig } from '../src/config/schema';
import { signStripePayload } from '../src/integrations/psp/stripe-signature';
import { openDatabase } from '../src/persistence/database';
import { verifyLedger } from '../src/persistence/ledger/verify-ledger';
import { migrate } from '../src/persistence/migrate';

const DB_NAME = 'traderoom_bench_deposits';
const PROVIDER_ID = 'demo_card';
const METHOD_ID = 'eu_card';
const ENTITY_ID = 'eu';
const CURRENCY = 'EUR';
const WEBHOOK_SECRET = 'whsec_bench_deposits';
const LEGAL_NAME = 'Anna Schmidt';
const GOAL_RATIO = 0.4;
const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';
const START_SCRIPT = fileURLToPath(new URL('../src/cli/start.ts', import.meta.url));

// ---------------------------------------------------------------------------
// Arguments

interface Options {
  clients: number;
  perClient: number;
  concurrency: number[];
  seconds: number;
  warmup: number;
  pgbenchSeconds: number;
  pgbench: boolean;
  cpuProfileDir: string | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { clients: 6000, perClient: 5, concurrency: [8, 16, 32], seconds: 15, warmup: 3, pgbenchSeconds: 20, pgbench: true, cpuProfileDir: null };
  const usage = 'Usage: bench/deposits.ts [--clients N] [--per-client K] [--concurrency C[,C…]] [--seconds S] [--warmup S] [--pgbench-seconds S] [--no-pgbench] [--cpu-prof DIR]';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const positive = (text: string | undefined, min = 1) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < min) throw new Error(`${arg} needs an integer ≥ ${min} (got ${String(text)}). ${usage}`);
      return n;
    };
    if (arg === '--clients') options.clients = positive(argv[++i]);
    else if (arg === '--per-client') options.perClient = positive(argv[++i]);
    else if (arg === '--concurrency') options.concurrency = String(argv[++i] ?? '').split(',').map((c) => positive(c));
    else if (arg === '--seconds') options.seconds = positive(argv[++i]);
    else if (arg === '--warmup') options.warmup = positive(argv[++i], 0);
    else if (arg === '--pgbench-seconds') options.pgbenchSeconds = positive(argv[++i]);
    else if (arg === '--no-pgbench') options.pgbench = false;
    else if (arg === '--cpu-prof') options.cpuProfileDir = String(argv[++i] ?? '');
    else if (arg === '--') continue;
    else throw new Error(`Unknown argument ${arg}. ${usage}`);
  }
  return options;
}

// ---------------------------------------------------------------------------
// Database lifecycle

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

async function recreateDatabase(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${DB_NAME}`);
  });
}

/** A UUIDv7-shaped id (time prefix + hash bits) from a timestamp expression and a unique salt expression. */
function uuid7Sql(at: string, salt: string): string {
  return `(lpad(to_hex(floor(extract(epoch FROM ${at}) * 1000)::bigint), 12, '0') || '7' || substr(md5(${salt}), 1, 3) || '8' || substr(md5(${salt}), 4, 15))::uuid`;
}

/**
 * Clients, their first (credited, three days old) deposit with its ledger
 * entry, and the pending deposits the run confirms. Pending deposits are
 * created one millisecond apart in round-robin client order, so driving them
 * by creation time spreads concurrent callbacks over many clients.
 */
async function seed(url: string, clients: number, perClient: number, now: Date): Promise<void> {
  await withClient(url, async (client) => {
    const q = (text: string, values?: unknown[]) => client.query(text, values);
    await q('BEGIN');
    const old = `($1::timestamptz - interval '3 days')`;
    const recent = `($1::timestamptz - interval '2 hours')`;
    await q(
      `CREATE TEMP TABLE bench_client ON COMMIT DROP AS
       SELECT i, ${uuid7Sql(`(${old} - interval '30 days' + i * interval '1 second')`, `'client' || i`)} AS id,
              ${uuid7Sql(old, `'first-deposit' || i`)} AS first_deposit_id,
              ${uuid7Sql(old, `'first-entry' || i`)} AS first_entry_id,
              ${uuid7Sql(old, `'wallet' || i`)} AS wallet_id,
              (10000 + (i::bigint * 7919) % 20001) AS first_amount
       FROM generate_series(1, $2::int) i`,
      [now, clients],
    );
    await q(
      `INSERT INTO client (id, email, password_hash, first_name, last_name, country, client_type, entity_id, status,
          verification_level, language, email_verified_at, created_at, updated_at, risk_level, risk_score, kyc_verified_at)
       SELECT id, 'bench-depositor-' || i || '@example.test', 'not-a-real-hash', 'Anna', 'Schmidt', 'DE', 'individual', $2,
              'active', 'verified', 'en', ${old} - interval '30 days', ${old} - interval '30 days', ${old}, 'low', 10, ${old} - interval '20 days'
       FROM bench_client`,
      [now, ENTITY_ID],
    );
    await q(
      `INSERT INTO client_profile (client_id, fields, updated_at)
       SELECT id, jsonb_build_object('legal_name', $2::text), ${old} - interval '25 days' FROM bench_client`,
      [now, LEGAL_NAME],
    );

    // The first deposit of each client, approved and credited three days ago: clearing → wallet.
    const clearingId = randomUuid();
    await q(
      `INSERT INTO ledger_account (id, code, kind, currency, client_id, balance_rule, created_at)
       VALUES ($1, $2, 'psp_clearing', $3, NULL, 'any', $4)`,
      [clearingId, `psp:${PROVIDER_ID}:clearing:${CURRENCY}`, CURRENCY, new Date(now.getTime() - 40 * 86_400_000)],
    );
    await q(
      `INSERT INTO ledger_account (id, code, kind, currency, client_id, balance_rule, created_at)
       SELECT wallet_id, 'client:' || id || ':wallet:' || $2, 'client_wallet', $2, id, 'non_negative', ${old} FROM bench_client`,
      [now, CURRENCY],
    );
    await q(
      `INSERT INTO deposit (id, client_id, entity_id, method_id, method_kind, provider_id, amount_minor, currency, status,
          provider_session_id, provider_session_url, provider_reference, payer_name, rule_hits, applied_outcomes,
          decision_reason, decision_note, decided_by, decided_at, credit_entry_id, created_at, updated_at, confirmed_at, credited_at, version)
       SELECT first_deposit_id, id, $2, $3, 'card', $4, first_amount, $5, 'credited',
              'cs_bench_first_' || i, 'https://psp.invalid/checkout/cs_bench_first_' || i, 'pi_bench_first_' || i, $6,
              '[{"code":"first_deposit","detail":"First deposit of this client"}]', '{deposit_succeeded}',
              'checked', 'Seeded by bench/deposits.ts', 'system:bench', ${old} + interval '1 hour', first_entry_id,
              ${old} - interval '5 minutes', ${old} + interval '1 hour', ${old}, ${old} + interval '1 hour', 3
       FROM bench_client`,
      [now, ENTITY_ID, METHOD_ID, PROVIDER_ID, CURRENCY, LEGAL_NAME],
    );
    await q(
      `INSERT INTO journal_entry (id, kind, business_type, business_id, posting_count, occurred_at, description, created_by)
       SELECT first_entry_id, 'deposit_credit', 'deposit', first_deposit_id::text, 2, ${old} + interval '1 hour',
              'Deposit of ' || to_char(first_amount / 100.0, 'FM999999990.00') || ' ' || $2 || ' via ' || $3 || ' credited', 'system:bench'
       FROM bench_client`,
      [now, CURRENCY, PROVIDER_ID],
    );
    await q(
      `INSERT INTO posting (entry_id, line, account_id, currency, amount_minor)
       SELECT first_entry_id, 1, $1::uuid, $2, -first_amount FROM bench_client
       UNION ALL
       SELECT first_entry_id, 2, wallet_id, $2, first_amount FROM bench_client`,
      [clearingId, CURRENCY],
    );

    // The deposits the run confirms: 100.00–300.00, created within the last two hours, round-robin over the clients.
    await q(
      `INSERT INTO deposit (id, client_id, entity_id, method_id, method_kind, provider_id, amount_minor, currency, status,
          provider_session_id, provider_session_url, created_at, updated_at)
       SELECT ${uuid7Sql(`(${recent} + n * interval '1 millisecond')`, `'deposit' || n`)}, c.id, $2, $3, 'card', $4,
              10000 + (n::bigint * 104729) % 20001, $5, 'awaiting_payment',
              'cs_bench_' || n, 'https://psp.invalid/checkout/cs_bench_' || n,
              ${recent} + n * interval '1 millisecond', ${recent} + n * interval '1 millisecond'
       FROM generate_series(0, $6::int * $7::int - 1) n
       JOIN bench_client c ON c.i = 1 + n % $6::int`,
      [now, ENTITY_ID, METHOD_ID, PROVIDER_ID, CURRENCY, clients, perClient],
    );
    await q('COMMIT');
    for (const table of ['client', 'client_profile', 'deposit', 'ledger_account', 'account_balance', 'journal_entry', 'posting']) {
      await q(`VACUUM (ANALYZE) ${table}`);
    }
  });
}

function randomUuid(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

interface PendingDeposit {
  id: string;
  amountMinor: number;
  sessionId: string;
}

async function pendingDeposits(url: string): Promise<PendingDeposit[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ id: string; amount_minor: string; provider_session_id: string }>(
      `SELECT id, amount_minor, provider_session_id FROM deposit WHERE status = 'awaiting_payment' ORDER BY created_at, id`,
    );
    // Reversed: the drivers pop() from the end, oldest (round-robin) first.
    return rows.map((r) => ({ id: r.id, amountMinor: Number(r.amount_minor), sessionId: r.provider_session_id })).reverse();
  });
}

// ---------------------------------------------------------------------------
// The server: `npm start`'s entry point in a child process (so the load generator does not share its event loop)

interface ServerHandle {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * PSP_<ID>_* for every payment provider of the configuration (start-up refuses a provider without them).
 * Only the webhook secret of the driven provider matters: the deposits are seeded with their sessions, so
 * no provider API is called (the URLs point at the discard port).
 */
function pspEnvironment(config: TraderoomConfig): Record<string, string> {
  const env: Record<string, string> = {};
  for (const provider of config.paymentProviders) {
    const prefix = `PSP_${provider.id.toUpperCase()}_`;
    env[`${prefix}URL`] = 'http://127.0.0.1:9';
    if (provider.protocol === 'praxis_cashier') {
      Object.assign(env, { [`${prefix}MERCHANT_ID`]: 'bench', [`${prefix}APPLICATION_KEY`]: 'bench', [`${prefix}MERCHANT_SECRET`]: `bench-${randomBytes(8).toString('hex')}` });
    } else {
      env[`${prefix}SECRET_KEY`] = 'sk_bench_unused';
      env[`${prefix}WEBHOOK_SECRETS`] = provider.id === PROVIDER_ID ? WEBHOOK_SECRET : `whsec_${randomBytes(8).toString('hex')}`;
    }
  }
  return env;
}

async function startServerProcess(url: string, config: TraderoomConfig, cpuProfileDir: string | null): Promise<ServerHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'traderoom-bench-deposits-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = fork(START_SCRIPT, [], {
    execArgv: [...process.execArgv, ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [])],
    env: {
      ...process.env,
      ...pspEnvironment(config),
      DATABASE_URL: url,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      DATA_DIR: dataDir,
      DEMO_SEED: 'false',
      SIMULATORS: 'false',
    },
    // Its logs (LOG_LEVEL, default info: a line per request, as in production) are written and discarded; errors show.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exitCode: number | null | undefined;
  child.once('exit', (code) => (exitCode = code));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the server (src/cli/start.ts) exited during start-up with code ${exitCode}`);
    const ready = await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the server did not become ready within 120 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    pid: child.pid!,
    async stop() {
      if (exitCode === undefined) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------
// Where the time goes: CPU per process (Linux /proc) and what the bench database's sessions wait for

interface CpuShares {
  /** Percent of the whole machine (all cores) during the window. */
  busy: number;
  server: number;
  /** The backends of the bench database (the server's pool). */
  postgres: number;
  /** Other PostgreSQL processes: WAL writer, checkpointer, autovacuum, other databases. */
  postgresOther: number;
  loadGenerator: number;
  /** Everything else on the machine: a high figure means the run was disturbed. */
  other: number;
  cores: number;
}

interface CpuSample {
  busy: number;
  total: number;
  server: number;
  self: number;
  backends: number;
  postgres: number;
}

function processTicks(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0; // gone
  }
}

function cpuSample(serverPid: number, backendPids: ReadonlySet<number>): CpuSample | null {
  if (!existsSync('/proc/stat')) return null;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = line[3]! + line[4]!;
  let postgres = 0;
  let backends = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let comm: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (comm !== 'postgres') continue;
    const ticks = processTicks(pid);
    if (backendPids.has(Number(pid))) backends += ticks;
    else postgres += ticks;
  }
  return { busy: total - idle, total, server: processTicks(serverPid), self: processTicks(process.pid), backends, postgres };
}

function cpuShares(from: CpuSample | null, to: CpuSample | null): CpuShares | null {
  if (!from || !to || to.total <= from.total) return null;
  const total = to.total - from.total; // jiffies over all cores
  const pct = (ticks: number) => Math.round((1000 * Math.max(0, ticks)) / total) / 10;
  const server = to.server - from.server;
  const self = to.self - from.self;
  const backends = to.backends - from.backends;
  const postgres = to.postgres - from.postgres;
  const busy = to.busy - from.busy;
  return {
    busy: pct(busy),
    server: pct(server),
    postgres: pct(backends),
    postgresOther: pct(postgres),
    loadGenerator: pct(self),
    other: pct(busy - server - self - backends - postgres),
    cores: cpus().length,
  };
}

interface MonitorReport {
  cpu: CpuShares | null;
  /** What the bench database's sessions were doing, as a share of samples, most frequent first. */
  waits: [string, number][];
  /** Most client sessions seen at once on the bench database (the server's pool in use). */
  connections: number;
}

/**
 * From `start()` to `stop()`: CPU per process, and pg_stat_activity of the bench database every 50 ms
 * (active sessions by wait event; idle in transaction = waiting for the server).
 */
function monitor(url: string, serverPid: number) {
  const counts = new Map<string, number>();
  let connections = 0;
  let running = false;
  let from: CpuSample | null = null;
  let backends = new Set<number>();
  let done: Promise<void> = Promise.resolve();
  return {
    start() {
      running = true;
      done = withClient(url, async (client) => {
        const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
        backends = new Set(rows.map((r) => r.pid));
        from = cpuSample(serverPid, backends);
        while (running) {
          const sample = await client.query<{ what: string; n: string }>(
            `SELECT CASE WHEN state = 'active' THEN 'active: ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU') ELSE state END AS what, count(*) AS n
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' GROUP BY 1`,
          );
          connections = Math.max(connections, sample.rows.reduce((sum, r) => sum + Number(r.n), 0));
          for (const row of sample.rows) counts.set(row.what, (counts.get(row.what) ?? 0) + Number(row.n));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      });
    },
    async stop(): Promise<MonitorReport> {
      const to = cpuSample(serverPid, backends);
      running = false;
      await done;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const waits = [...counts].sort((a, b) => b[1] - a[1]).map(([what, n]): [string, number] => [what, Math.round((1000 * n) / Math.max(1, total)) / 10]);
      return { cpu: cpuShares(from, to), waits, connections };
    },
  };
}

// ---------------------------------------------------------------------------
// Load

interface LevelResult {
  concurrency: number;
  confirmed: number;
  otherOutcomes: Record<string, number>;
  errors: number;
  seconds: number;
  depositsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  exhausted: boolean;
  driven: PendingDeposit[];
  /** Every "applied" answer of the level, warm-up and stragglers included (for the database cross-check). */
  appliedTotal: number;
  monitored: MonitorReport;
}

function callbackBody(deposit: PendingDeposit, createdSeconds: number): string {
  return JSON.stringify({
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: 'traderoom-psp-1',
    created: createdSeconds,
    livemode: false,
    pending_webhooks: 1,
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: `pi_${deposit.sessionId.slice(3)}`,
        object: 'payment_intent',
        reference: deposit.id,
        amount_minor: deposit.amountMinor,
        currency: CURRENCY,
        status: 'succeeded',
        checkout_session: deposit.sessionId,
        payment_method_types: ['card'],
        payer_name: LEGAL_NAME,
        processed_amount_minor: null,
        processed_currency: null,
        last_payment_error: null,
        livemode: false,
      },
    },
  });
}

function post(agent: http.Agent, base: URL, path: string, body: string, signature: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(body),
          'Stripe-Signature': signature,
          'User-Agent': 'traderoom-bench-deposits',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

async function drive(
  url: string,
  server: ServerHandle,
  queue: PendingDeposit[],
  concurrency: number,
  warmupSeconds: number,
  seconds: number,
): Promise<LevelResult> {
  const base = new URL(server.baseUrl);
  const path = `/api/webhooks/psp/${PROVIDER_ID}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  const measureFrom = started + warmupSeconds * 1000;
  const measureTo = measureFrom + seconds * 1000;
  const latencies: number[] = [];
  const otherOutcomes: Record<string, number> = {};
  const driven: PendingDeposit[] = [];
  let confirmed = 0;
  let appliedTotal = 0;
  let errors = 0;
  let exhausted = false;
  let lastCompletion = measureFrom;
  let firstError: string | null = null;

  const worker = async () => {
    while (performance.now() < measureTo) {
      const deposit = queue.pop();
      if (!deposit) {
        exhausted = true;
        return;
      }
      driven.push(deposit);
      const nowSeconds = Math.floor(Date.now() / 1000);
      const body = callbackBody(deposit, nowSeconds);
      const t0 = performance.now();
      let outcome: string;
      try {
        const response = await post(agent, base, path, body, signStripePayload(body, WEBHOOK_SECRET, nowSeconds));
        outcome = response.status === 200 ? String((JSON.parse(response.text) as { outcome?: unknown }).outcome) : `http_${response.status}`;
        if (response.status !== 200 && firstError === null) firstError = `${response.status} ${response.text.slice(0, 300)}`;
      } catch (error) {
        outcome = 'network_error';
        if (firstError === null) firstError = String(error);
      }
      const t1 = performance.now();
      if (outcome === 'applied') appliedTotal += 1;
      if (t0 < measureFrom || t1 > measureTo) continue; // warm-up, or finished after the window
      lastCompletion = Math.max(lastCompletion, t1);
      latencies.push(t1 - t0);
      if (outcome === 'applied') confirmed += 1;
      else if (outcome.startsWith('http_') || outcome === 'network_error') errors += 1;
      else otherOutcomes[outcome] = (otherOutcomes[outcome] ?? 0) + 1;
    }
  };
  const watch = monitor(url, server.pid);
  let report: Promise<MonitorReport> | null = null;
  const startWatch = setTimeout(() => watch.start(), measureFrom - performance.now());
  const stopWatch = setTimeout(() => (report = watch.stop()), measureTo - performance.now());
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  clearTimeout(startWatch);
  clearTimeout(stopWatch);
  const monitored = await (report ?? watch.stop());
  if (firstError) console.log(`  first error at concurrency ${concurrency}: ${firstError}`);
  const windowMs = (exhausted ? lastCompletion : measureTo) - measureFrom;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    concurrency,
    confirmed,
    otherOutcomes,
    errors,
    seconds: windowMs / 1000,
    depositsPerSecond: windowMs > 0 ? confirmed / (windowMs / 1000) : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    exhausted,
    driven,
    appliedTotal,
    monitored,
  };
}

// ---------------------------------------------------------------------------
// pgbench

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}

async function pgbenchTps(url: string, concurrency: number, seconds: number): Promise<{ tps: number; initSeconds: number }> {
  const t0 = performance.now();
  await run(PGBENCH, ['-i', '-s', '10', '-q', url]);
  const initSeconds = (performance.now() - t0) / 1000;
  try {
    const out = await run(PGBENCH, ['-c', String(concurrency), '-j', '2', '-T', String(seconds), '-M', 'prepared', url]);
    const match = out.match(/tps = ([\d.]+) \(without initial connection time\)/) ?? out.match(/tps = ([\d.]+)/);
    if (!match) throw new Error(`no tps in pgbench output:\n${out}`);
    return { tps: Number(match[1]), initSeconds };
  } finally {
    await withClient(url, (client) => client.query('DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers'));
  }
}

// ---------------------------------------------------------------------------

/** The seed assumes the demo configuration's card method and review rules; say so clearly when they differ. */
function checkConfig(config: TraderoomConfig, perClient: number): void {
  const method = config.entities.find((e) => e.id === ENTITY_ID)?.paymentMethods.find((m) => m.id === METHOD_ID);
  const provider = config.paymentProviders.find((p) => p.id === PROVIDER_ID);
  const rules = config.reviewRules.deposits;
  const problems = [
    !method || method.provider !== PROVIDER_ID ? `entity ${ENTITY_ID} has no method ${METHOD_ID} through ${PROVIDER_ID}` : null,
    provider?.protocol !== 'stripe_signed_webhook' ? `provider ${PROVIDER_ID} is not a stripe_signed_webhook provider` : null,
    rules.velocity.maxCount < perClient ? `the velocity rule reviews more than ${rules.velocity.maxCount} deposits a day (use --per-client ≤ ${rules.velocity.maxCount})` : null,
    Number(rules.reviewOverMinor[CURRENCY] ?? 0) < 37_500 ? `deposits of 100.00–300.00 ${CURRENCY} would be near or over the review threshold` : null,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`bench/deposits.ts seeds for config/demo.yaml; this configuration differs: ${problems.join('; ')}.`);
}

const round = (n: number, digits = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = databaseUrl(adminUrl, DB_NAME);
  const config = loadConfig(process.env.TRADEROOM_CONFIG || undefined);
  checkConfig(config, options.perClient);

  const seedStarted = performance.now();
  await recreateDatabase(adminUrl);
  const setup = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    await migrate(setup);
  } finally {
    await setup.close();
  }
  await seed(url, options.clients, options.perClient, new Date());
  const queue = await pendingDeposits(url);
  console.log(
    `Seeded ${options.clients} verified clients (each with one credited deposit) and ${queue.length} deposits awaiting payment in ${DB_NAME} ` +
      `in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s.`,
  );

  const server = await startServerProcess(url, config, options.cpuProfileDir);
  console.log(`Server: src/cli/start.ts in a child process (pid ${server.pid}) on PostgreSQL ${DB_NAME}; callbacks to POST ${server.baseUrl}/api/webhooks/psp/${PROVIDER_ID}`);
  const levels: LevelResult[] = [];
  try {
    for (const concurrency of options.concurrency) {
      if (queue.length === 0) break;
      const result = await drive(url, server, queue, concurrency, options.warmup, options.seconds);
      levels.push(result);
      const others = Object.entries(result.otherOutcomes).map(([k, v]) => `${k} ${v}`).join(', ');
      console.log(
        `  concurrency ${String(concurrency).padStart(3)}: ${result.depositsPerSecond.toFixed(1).padStart(7)} confirmed deposits/s ` +
          `(${result.confirmed} in ${result.seconds.toFixed(1)} s after ${options.warmup} s warm-up), ` +
          `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms` +
          `${result.errors ? `, ${result.errors} errors` : ''}${others ? `, other outcomes: ${others}` : ''}${result.exhausted ? ' (ran out of pending deposits: seed more with --clients)' : ''}`,
      );
      const { cpu, waits, connections } = result.monitored;
      if (cpu) {
        console.log(
          `      CPU, % of the machine (${cpu.cores} cores): busy ${cpu.busy} = server ${cpu.server} + its PostgreSQL backends ${cpu.postgres} + other PostgreSQL ${cpu.postgresOther} ` +
            `+ load generator ${cpu.loadGenerator} + other processes ${cpu.other}${cpu.other >= 10 ? ' (the machine was not quiet: figures are low)' : ''}`,
        );
      }
      console.log(`      ${connections} server connections; their state (share of samples): ${waits.slice(0, 6).map(([w, p]) => `${w} ${p}%`).join(', ')}`);
    }
  } finally {
    await server.stop();
  }
  if (levels.length === 0) throw new Error('Nothing was driven.');

  // The database's word: the ledger is consistent, one credit per credited deposit, one per applied callback.
  const drivenIds = levels.flatMap((l) => l.driven.map((d) => d.id));
  const check = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  let verification: Awaited<ReturnType<typeof verifyLedger>>;
  let statusCounts: Record<string, number>;
  let credits: number;
  try {
    verification = await verifyLedger(check.db);
    const byStatus = await check.db
      .selectFrom('deposit')
      .select(['status', (eb) => eb.fn.countAll<bigint>().as('n')])
      .where('id', 'in', drivenIds)
      .groupBy('status')
      .execute();
    statusCounts = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
    const entries = await check.db
      .selectFrom('journal_entry')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('kind', '=', 'deposit_credit')
      .where('business_type', '=', 'deposit')
      .where('business_id', 'in', drivenIds)
      .executeTakeFirstOrThrow();
    credits = Number(entries.n);
  } finally {
    await check.close();
  }
  const ledgerOk = verification.ok;
  console.log(
    `verifyLedger: ${ledgerOk ? 'ok' : 'FAILED'} (${verification.entriesChecked} entries, ${verification.postingsChecked} postings, ${verification.accountsChecked} accounts)`,
  );
  if (!ledgerOk) console.log(JSON.stringify(verification, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).slice(0, 2000));
  const credited = statusCounts.credited ?? 0;
  const reviewed = (statusCounts.under_review ?? 0) + (statusCounts.escalated ?? 0);
  const applied = levels.reduce((sum, l) => sum + l.appliedTotal, 0);
  const creditsMatch = credits === credited && credited + reviewed === applied;
  console.log(
    `Driven deposits by status: ${Object.entries(statusCounts).map(([s, n]) => `${s} ${n}`).join(', ')}; ` +
      `deposit_credit entries for them: ${credits} (credited ${credited}, sent to review ${reviewed}; "applied" answers ${applied}, warm-up included) — ` +
      `${creditsMatch ? 'consistent' : 'MISMATCH'}.`,
  );

  const best = levels.reduce((a, b) => (b.depositsPerSecond > a.depositsPerSecond ? b : a));
  let tps: number | null = null;
  if (options.pgbench) {
    const pgb = await pgbenchTps(url, best.concurrency, options.pgbenchSeconds);
    tps = pgb.tps;
    console.log(`pgbench TPC-B (-s 10, -c ${best.concurrency} -j 2 -T ${options.pgbenchSeconds} -M prepared) on ${DB_NAME}: ${tps.toFixed(1)} tps (init ${pgb.initSeconds.toFixed(1)} s; tables dropped).`);
  }
  const ratio = tps ? best.depositsPerSecond / tps : null;
  console.log(
    `\nBest: concurrency ${best.concurrency}: ${best.depositsPerSecond.toFixed(1)} confirmed deposits/s (confirmed = credited or sent to review; here ${reviewed === 0 ? 'all credited' : `${reviewed} sent to review`}), ` +
      `p50 ${best.p50.toFixed(1)} ms, p99 ${best.p99.toFixed(1)} ms` +
      (ratio === null ? '' : `; pgbench ${tps!.toFixed(1)} tps; ratio ${ratio.toFixed(3)} — ${ratio >= GOAL_RATIO ? 'meets' : 'BELOW'} the ${GOAL_RATIO} goal`) +
      `${ledgerOk && creditsMatch ? '' : ' — LEDGER CHECK FAILED'}`,
  );
  console.log(
    JSON.stringify({
      deposits: best.confirmed,
      concurrency: best.concurrency,
      deposits_per_s: round(best.depositsPerSecond, 1),
      p50_ms: round(best.p50),
      p99_ms: round(best.p99),
      pgbench_tps: tps === null ? null : round(tps, 1),
      ratio: ratio === null ? null : round(ratio, 3),
      seconds: round(best.seconds, 1),
      confirmed_means: 'credited_or_review',
      credited,
      sent_to_review: reviewed,
      credit_entries: credits,
      ledger_ok: ledgerOk && creditsMatch,
      server_connections: best.monitored.connections,
      cpu_pct: best.monitored.cpu && {
        busy: best.monitored.cpu.busy,
        server: best.monitored.cpu.server,
        postgres: best.monitored.cpu.postgres,
        postgres_other: best.monitored.cpu.postgresOther,
        load_generator: best.monitored.cpu.loadGenerator,
        other: best.monitored.cpu.other,
      },
      levels: levels.map((l) => ({ concurrency: l.concurrency, deposits_per_s: round(l.depositsPerSecond, 1), p50_ms: round(l.p50), p99_ms: round(l.p99), errors: l.errors })),
    }),
  );
  if (!ledgerOk || !creditsMatch || levels.some((l) => l.errors > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
