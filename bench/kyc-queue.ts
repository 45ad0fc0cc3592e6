/**
 * KYC queue benchmark (issue 4, "Benchmark"): seeds N clients with one KYC
 * case each (default 1,000,000) on PostgreSQL with a realistic spread over
 * entities, countries, states, risk levels and assignees, then times the real
 * use case `listKycQueue` (page query + counts query) per scenario and prints
 * p50/p95/max. Target: p95 under 25 ms. The last line printed is one JSON
 * object with the figures.
 *
 *   npm run bench:kyc-queue -- [--cases N] [--reuse] [--iterations N] [--explain]
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) is
 * the admin connection; the bench creates its own database
 * `traderoom_bench_kyc` (dropped and recreated, or kept with --reuse when it
 * already holds the same number of cases), migrated with the real migrate().
 * --explain prints EXPLAIN (ANALYZE, BUFFERS) of every query each scenario runs.
 * --churn N updates N random open cases after VACUUM and before timing, as a
 * day's reviewing would: their pages leave the visibility map, so the counts'
 * index-only scans must visit the table for them until autovacuum runs again
 * (the figures then show what a stale visibility map costs).
 */
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config/load-config';
import { entityForCountry } from '../src/config/lookups';
import type { TraderoomConfig } from '../src/config/schema';
import type { Actor } from '../src/domain/roles';
import { memoryFileStore } from '../src/integrations/files/file-store';
import { JobQueue } from '../src/jobs/job-queue';
import { openDatabase, type Database } from '../src/persistence/database';
import { migrate } from '../src/persistence/migrate';
import type { DB } from '../src/persistence/schema';
import type { AppContext } from '../src/usecases/app-context';
import { ManualClock } from '../src/usecases/clock';
import { NO_INTEGRATIONS } from '../src/usecases/integrations';
import { listKycQueue, type KycQueueQuery } from '../src/usecases/kyc/kyc-queue';

const DB_NAME = 'traderoom_bench_kyc';
const TARGET_P95_MS = 25;
const COMPLIANCE_STAFF = 20;
const WARMUP_RUNS = 5;

// ---------------------------------------------------------------------------
// Arguments

interface Options {
  cases: number;
  reuse: boolean;
  iterations: number;
  explain: boolean;
  churn: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { cases: 1_000_000, reuse: false, iterations: 50, explain: false, churn: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      const n = Number(next);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a positive integer (got ${String(next)})`);
      return n;
    };
    if (arg === '--cases') options.cases = value();
    else if (arg === '--iterations') options.iterations = value();
    else if (arg === '--churn') options.churn = value();
    else if (arg === '--reuse') options.reuse = true;
    else if (arg === '--explain') options.explain = true;
    else if (arg === '--') continue;
    else throw new Error(`Unknown argument ${arg}. Usage: bench/kyc-queue.ts [--cases N] [--reuse] [--iterations N] [--explain] [--churn N]`);
  }
  if (options.cases < 1000) throw new Error('--cases must be at least 1000 (the spread needs room).');
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

/** The seed's record, kept in the bench database so --reuse knows what it holds. */
interface SeedRecord {
  cases: number;
  seededAt: Date;
  seedSeconds: number;
}

async function readSeedRecord(url: string): Promise<SeedRecord | null> {
  return withClient(url, async (client) => {
    const found = await client.query<{ t: string | null }>(`SELECT to_regclass('bench_meta')::text AS t`);
    if (!found.rows[0]?.t) return null;
    const { rows } = await client.query<{ cases: number; seeded_at: Date; seed_seconds: number }>(
      'SELECT cases, seeded_at, seed_seconds FROM bench_meta LIMIT 1',
    );
    const row = rows[0];
    return row ? { cases: row.cases, seededAt: row.seeded_at, seedSeconds: row.seed_seconds } : null;
  });
}

async function recreateDatabase(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${DB_NAME}`);
  });
}

async function databaseExists(adminUrl: string): Promise<boolean> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    return rows.length > 0;
  });
}

// ---------------------------------------------------------------------------
// Seeding: set-based SQL only.

/** Relative weights of the demo countries inside their entity; any other country weighs 10. */
const COUNTRY_WEIGHTS: Record<string, number> = { DE: 30, FR: 20, ES: 15, PL: 20, CY: 15, ZA: 25, NG: 25, GB: 20, AE: 15, PK: 15 };

interface CountryBand {
  entityId: string;
  code: string;
  risk: 'low' | 'medium' | 'high';
  lo: number;
  hi: number;
}

/** Entities ~60/40 (first entity 60 %, the others share 40 %); countries weighted inside their entity. */
function countryBands(config: TraderoomConfig): { entities: { id: string; lo: number; hi: number }[]; countries: CountryBand[] } {
  const byEntity = new Map<string, { code: string; risk: CountryBand['risk']; weight: number }[]>();
  for (const country of config.countries) {
    const entity = entityForCountry(config, country.code);
    if (!entity || country.risk === 'prohibited') continue;
    const list = byEntity.get(entity.id) ?? [];
    list.push({ code: country.code, risk: country.risk, weight: COUNTRY_WEIGHTS[country.code] ?? 10 });
    byEntity.set(entity.id, list);
  }
  const ids = config.entities.map((e) => e.id).filter((id) => byEntity.has(id));
  if (ids.length === 0) throw new Error('The configuration has no entity that accepts any country.');
  const entities: { id: string; lo: number; hi: number }[] = [];
  let at = 0;
  ids.forEach((id, index) => {
    const share = ids.length === 1 ? 1 : index === 0 ? 0.6 : 0.4 / (ids.length - 1);
    entities.push({ id, lo: at, hi: index === ids.length - 1 ? 2 : at + share });
    at += share;
  });
  const countries: CountryBand[] = [];
  for (const id of ids) {
    const list = byEntity.get(id)!;
    const total = list.reduce((sum, c) => sum + c.weight, 0);
    let lo = 0;
    list.forEach((c, index) => {
      const hi = index === list.length - 1 ? 2 : lo + c.weight / total;
      countries.push({ entityId: id, code: c.code, risk: c.risk, lo, hi });
      lo = hi;
    });
  }
  return { entities, countries };
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A UUIDv7-shaped id (time prefix + hash bits) from a timestamp expression and a unique salt expression. */
function uuid7Sql(at: string, salt: string): string {
  return `(lpad(to_hex(floor(extract(epoch FROM ${at}) * 1000)::bigint), 12, '0') || '7' || substr(md5(${salt}), 1, 3) || '8' || substr(md5(${salt}), 4, 15))::uuid`;
}

const FIRST_NAMES = ['Anna', 'Ben', 'Chloe', 'David', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Luca', 'Maria', 'Nikos', 'Olga', 'Pavel'];

async function seed(url: string, config: TraderoomConfig, cases: number, now: Date): Promise<void> {
  const { entities, countries } = countryBands(config);
  await withClient(url, async (client) => {
    const q = (text: string, values?: unknown[]) => client.query(text, values);
    await q('SET synchronous_commit = off');
    await q(`SET maintenance_work_mem = '512MB'`);
    await q(`SET work_mem = '256MB'`);
    await q('SELECT setseed(0.4242)');
    // Foreign keys are satisfied by construction; skipping their per-row triggers halves the load (superuser only).
    await q('SET session_replication_role = replica').catch(() => undefined);

    // Staff: compliance reviewers (the assignees) and two supervisors.
    await q(
      `INSERT INTO staff (id, email, display_name, password_hash, roles, entity_ids, active, created_at, updated_at)
       SELECT ${uuid7Sql('$1::timestamptz', `'staff' || n`)}, 'bench-staff-' || n || '@example.test', 'Reviewer ' || n,
              'not-a-real-hash', CASE WHEN n > $2 THEN ARRAY['supervisor','compliance'] ELSE ARRAY['compliance'] END, NULL, true, $1, $1
       FROM generate_series(1, $2 + 2) n`,
      [new Date(now.getTime() - 800 * 86_400_000), COMPLIANCE_STAFF],
    );

    // Secondary indexes are dropped during the load and rebuilt from their own definitions (much faster than row-by-row maintenance).
    const { rows: indexes } = await q(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i WHERE i.indrelid IN ('client'::regclass, 'kyc_case'::regclass)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    );
    for (const index of indexes as { name: string; def: string }[]) await q(`DROP INDEX ${index.name}`);

    const entityCase = `CASE ${entities.map((e) => `WHEN r_entity < ${e.hi} THEN ${literal(e.id)}`).join(' ')} END`;
    const countryValues = countries.map((c) => `(${literal(c.entityId)}, ${literal(c.code)}, ${literal(c.risk)}, ${c.lo}::float8, ${c.hi}::float8)`).join(', ');
    const nowSql = `${literal(now.toISOString())}::timestamptz`;
    const names = `ARRAY[${FIRST_NAMES.map(literal).join(', ')}]`;

    // One staging row per client/case with every random draw, then two INSERT … SELECTs.
    await q(`CREATE UNLOGGED TABLE bench_seed AS
      WITH r AS MATERIALIZED (
        SELECT i, random() AS r_entity, random() AS r_country, random() AS r_status, random() AS r_risk, random() AS r_assignee,
               random() AS r_age, random() AS r_recent, random() AS r_sla, random() AS r_open, random() AS r_misc
        FROM generate_series(1, ${cases}) i
      ), s AS (
        SELECT r.*, ${entityCase} AS entity_id,
          CASE WHEN r_status < 0.70 THEN 'approved' WHEN r_status < 0.78 THEN 'rejected' WHEN r_status < 0.88 THEN 'pending'
               WHEN r_status < 0.92 THEN 'under_review' WHEN r_status < 0.97 THEN 'more_documents_required'
               WHEN r_status < 0.99 THEN 'escalated' ELSE 'draft' END AS status
        FROM r
      ), t AS (
        SELECT s.*, c.code AS country, c.risk AS country_risk,
          -- Decided cases spread evenly over two years; open ones mostly from the last two weeks, a fifth of them an old backlog.
          CASE WHEN s.status IN ('approved', 'rejected') OR r_recent >= 0.8 THEN r_age * 730 ELSE r_age * 14 END * interval '1 day' AS age
        FROM s JOIN (VALUES ${countryValues}) AS c (entity_id, code, risk, lo, hi)
          ON c.entity_id = s.entity_id AND s.r_country >= c.lo AND s.r_country < c.hi
      ), u AS (
        SELECT t.*,
          CASE WHEN status = 'draft' OR (status = 'more_documents_required' AND r_misc < 0.15) THEN NULL ELSE ${nowSql} - age END AS submitted_at,
          CASE country_risk
            WHEN 'low' THEN CASE WHEN r_risk < 0.85 THEN 'low' WHEN r_risk < 0.98 THEN 'medium' ELSE 'high' END
            WHEN 'medium' THEN CASE WHEN r_risk < 0.25 THEN 'low' WHEN r_risk < 0.85 THEN 'medium' ELSE 'high' END
            ELSE CASE WHEN r_risk < 0.05 THEN 'low' WHEN r_risk < 0.40 THEN 'medium' ELSE 'high' END END AS risk_level,
          -- Reviewers are not equally busy: reviewer 1 takes the most.
          1 + floor(${COMPLIANCE_STAFF} * power(r_assignee, 1.3))::int AS staff_no
        FROM t
      )
      SELECT i, entity_id, country, status, risk_level, submitted_at,
        coalesce(submitted_at, ${nowSql} - age) - r_open * interval '48 hours' AS opened_at,
        coalesce(submitted_at, ${nowSql} - age) - r_open * interval '48 hours' - (i % 30) * interval '1 day' AS client_created_at,
        CASE WHEN status IN ('pending', 'under_review', 'escalated', 'approved', 'rejected')
             THEN submitted_at + (8 + floor(r_sla * 64)) * interval '1 hour' END AS sla_due_at,
        CASE WHEN status IN ('approved', 'rejected')
             THEN least(${nowSql}, submitted_at + r_sla * interval '96 hours') END AS decided_at,
        CASE WHEN status IN ('under_review', 'escalated') THEN staff_no
             WHEN status IN ('approved', 'rejected', 'more_documents_required') AND r_misc < 0.8 THEN staff_no END AS assignee_no,
        CASE WHEN r_misc < 0.90 THEN 'onboarding' WHEN r_misc < 0.95 THEN 'periodic_review' WHEN r_misc < 0.98 THEN 'document_recheck'
             WHEN r_misc < 0.99 THEN 'profile_change' ELSE 'risk_review' END AS kind,
        CASE WHEN r_misc < 0.97 THEN 'individual' ELSE 'corporate' END AS client_type
      FROM u`);

    await q(`INSERT INTO client (id, email, password_hash, first_name, last_name, country, client_type, entity_id, status,
        verification_level, language, email_verified_at, created_at, updated_at, risk_level, risk_score, kyc_verified_at)
      SELECT ${uuid7Sql('client_created_at', `'client' || i`)}, 'bench-client-' || i || '@example.test', 'not-a-real-hash',
        (${names})[1 + i % ${FIRST_NAMES.length}], 'Client' || i, country, client_type, entity_id,
        CASE status WHEN 'approved' THEN 'active' ELSE 'email_verified' END,
        CASE status WHEN 'approved' THEN 'verified' ELSE 'email_verified' END, 'en',
        client_created_at + interval '10 minutes', client_created_at, coalesce(decided_at, opened_at), risk_level,
        CASE risk_level WHEN 'low' THEN 10 WHEN 'medium' THEN 45 ELSE 80 END,
        CASE status WHEN 'approved' THEN decided_at END
      FROM bench_seed`);

    await q(`INSERT INTO kyc_case (id, client_id, entity_id, country, kind, status, risk_level, assignee_id, opened_reason, opened_at,
        submitted_at, sla_due_at, decided_at, decided_by, decision_reason, updated_at, version)
      SELECT ${uuid7Sql('opened_at', `'case' || i`)}, ${uuid7Sql('client_created_at', `'client' || i`)}, entity_id, country, kind, status,
        risk_level, staff.id, NULL, opened_at, submitted_at, sla_due_at, decided_at,
        CASE WHEN decided_at IS NOT NULL THEN coalesce(staff.id::text, 'provider:sumsub') END,
        CASE status WHEN 'rejected' THEN 'document_unreadable' END,
        coalesce(decided_at, submitted_at, opened_at), CASE WHEN status = 'approved' THEN 3 ELSE 2 END
      FROM bench_seed
      LEFT JOIN (SELECT id, row_number() OVER (ORDER BY email) AS n FROM staff WHERE NOT ('supervisor' = ANY (roles))) staff
        ON staff.n = bench_seed.assignee_no`);
    await q('DROP TABLE bench_seed');

    for (const index of indexes as { name: string; def: string }[]) await q(index.def);
    await q('RESET session_replication_role').catch(() => undefined);
    await q('CREATE TABLE bench_meta (cases integer NOT NULL, seeded_at timestamptz NOT NULL, seed_seconds double precision NOT NULL)');
    await q('INSERT INTO bench_meta VALUES ($1, $2, 0)', [cases, now]);
  });
}

/** Statistics and the visibility map (what autovacuum leaves behind on a live database). */
async function vacuumAnalyze(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query('VACUUM (ANALYZE) client');
    await client.query('VACUUM (ANALYZE) staff');
    await client.query('VACUUM (ANALYZE) kyc_case');
  });
}

// ---------------------------------------------------------------------------
// Scenarios

interface Scenario {
  name: string;
  query: KycQueueQuery;
}

function scenarios(secondPageCursor: string, idleStaffId: string): Scenario[] {
  return [
    { name: 'default (needs review, by age)', query: {} },
    { name: 'sort by SLA due', query: { sort: 'sla' } },
    { name: 'entity offshore', query: { entity: 'offshore' } },
    { name: 'entity eu, sort by SLA', query: { entity: 'eu', sort: 'sla' } },
    { name: 'country PL', query: { country: 'PL' } },
    { name: 'country CY, sort by SLA', query: { country: 'CY', sort: 'sla' } },
    { name: 'risk high', query: { risk: 'high' } },
    { name: 'status pending', query: { status: 'pending' } },
    { name: 'status under_review', query: { status: 'under_review' } },
    { name: 'status more_documents_required', query: { status: 'more_documents_required' } },
    { name: 'status escalated, sort by SLA', query: { status: 'escalated', sort: 'sla' } },
    { name: 'assignee me', query: { assignee: 'me' } },
    { name: 'assignee unassigned', query: { assignee: 'unassigned' } },
    { name: 'assignee with no cases', query: { assignee: idleStaffId } },
    { name: 'min age 72 h', query: { minAgeHours: 72 } },
    { name: 'offshore + NG + high risk', query: { entity: 'offshore', country: 'NG', risk: 'high' } },
    { name: 'eu + high risk, sort by SLA', query: { entity: 'eu', risk: 'high', sort: 'sla' } },
    { name: 'default, second page', query: { cursor: secondPageCursor } },
  ];
}

function percentile(sorted: number[], p: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Prints the plans of every query listKycQueue runs for `query` (captured through Kysely's log). */
async function explain(url: string, base: AppContext, actor: Actor, name: string, query: KycQueueQuery): Promise<void> {
  const captured: { sql: string; parameters: readonly unknown[] }[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  try {
    await listKycQueue({ ...base, db }, actor, query);
    for (const { sql, parameters } of captured) {
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters as unknown[]);
      console.log(`\n--- ${name}\n${sql}\n${JSON.stringify(parameters)}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = databaseUrl(adminUrl, DB_NAME);
  const config = loadConfig();

  const record = options.reuse && (await databaseExists(adminUrl)) ? await readSeedRecord(url) : null;
  const reused = record !== null && record.cases === options.cases;
  let database: Database;
  let seedSeconds: number;
  let seededAt: Date;
  if (reused) {
    console.log(`Reusing ${DB_NAME} (${record!.cases} cases seeded at ${record!.seededAt.toISOString()}).`);
    database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    const applied = await migrate(database);
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
    const started = performance.now();
    await vacuumAnalyze(url);
    console.log(`VACUUM ANALYZE: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    seedSeconds = record!.seedSeconds;
    seededAt = record!.seededAt;
  } else {
    if (options.reuse) console.log(`No reusable seed of ${options.cases} cases; seeding afresh.`);
    const started = performance.now();
    await recreateDatabase(adminUrl);
    database = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
    await migrate(database);
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    await seed(url, config, options.cases, now);
    await vacuumAnalyze(url);
    seedSeconds = (performance.now() - started) / 1000;
    await withClient(url, (client) => client.query('UPDATE bench_meta SET seed_seconds = $1', [seedSeconds]));
    seededAt = now;
    console.log(`Seeded ${options.cases} clients and KYC cases in ${seedSeconds.toFixed(1)} s (create, migrate, load, index, VACUUM ANALYZE).`);
  }

  try {
    const spread = await withClient(url, async (client) => {
      const { rows } = await client.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM kyc_case GROUP BY status ORDER BY 2 DESC');
      return rows.map((r) => `${r.status} ${r.n}`).join(', ');
    });
    console.log(`Cases by status: ${spread}`);

    if (options.churn > 0) {
      const started = performance.now();
      await withClient(url, (client) =>
        client.query(
          `UPDATE kyc_case SET version = version + 1, updated_at = $2
           WHERE id IN (SELECT id FROM kyc_case WHERE status IN ('draft', 'pending', 'under_review', 'more_documents_required', 'escalated')
                        ORDER BY md5(id::text) LIMIT $1)`,
          [options.churn, seededAt],
        ),
      );
      console.log(`Churn: updated ${options.churn} open cases without VACUUM in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    }

    // The busiest reviewer is "me"; the clock stands at the seed time so ages match the data.
    const me = await database.db
      .selectFrom('kyc_case')
      .innerJoin('staff', 'staff.id', 'kyc_case.assignee_id')
      .select(['staff.id', (eb) => eb.fn.countAll<bigint>().as('n')])
      .where('kyc_case.status', 'in', ['under_review', 'escalated'])
      .groupBy('staff.id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const ctx: AppContext = {
      database,
      db: database.db,
      config,
      clock: new ManualClock(seededAt),
      jobs: new JobQueue(database), // constructed, never started: listKycQueue enqueues nothing
      files: memoryFileStore(),
      integrations: NO_INTEGRATIONS,
      publicUrl: 'http://localhost',
    };
    const actor: Actor = { type: 'staff', id: me.id, roles: ['compliance'], entityIds: 'all' };

    const first = await listKycQueue(ctx, actor, {});
    if (!first.nextCursor) throw new Error('The default view has no second page: too few cases seeded.');
    const idle = await database.db
      .selectFrom('staff')
      .select('id')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('kyc_case').select('kyc_case.id').whereRef('kyc_case.assignee_id', '=', 'staff.id'))))
      .executeTakeFirstOrThrow();
    const list = scenarios(first.nextCursor, idle.id);

    if (options.explain) {
      for (const scenario of list) await explain(url, ctx, actor, scenario.name, scenario.query);
    }

    for (let warm = 0; warm < WARMUP_RUNS; warm++) {
      for (const scenario of list) await listKycQueue(ctx, actor, scenario.query);
    }

    // Round-robin over the scenarios, so that a burst of load elsewhere on the machine
    // spreads over all of them instead of landing on one scenario's consecutive runs.
    const samples = list.map(() => [] as number[]);
    const lastResult: Awaited<ReturnType<typeof listKycQueue>>[] = [];
    for (let i = 0; i < options.iterations; i++) {
      for (const [index, scenario] of list.entries()) {
        const t0 = performance.now();
        lastResult[index] = await listKycQueue(ctx, actor, scenario.query);
        samples[index]!.push(performance.now() - t0);
      }
    }
    const results = list.map((scenario, index) => {
      const sorted = samples[index]!.sort((a, b) => a - b);
      return {
        name: scenario.name,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        max: sorted.at(-1)!,
        items: lastResult[index]!.items.length,
        counts: lastResult[index]!.counts,
      };
    });

    const width = Math.max(...results.map((r) => r.name.length));
    console.log(`\nlistKycQueue, ${options.cases} cases, ${options.iterations} runs per scenario (ms; target p95 < ${TARGET_P95_MS}):`);
    console.log(`${'scenario'.padEnd(width)}  ${'p50'.padStart(7)}  ${'p95'.padStart(7)}  ${'max'.padStart(7)}  items  open counts`);
    for (const r of results) {
      const open = Object.values(r.counts).reduce((sum, n) => sum + n, 0);
      console.log(
        `${r.name.padEnd(width)}  ${r.p50.toFixed(2).padStart(7)}  ${r.p95.toFixed(2).padStart(7)}  ${r.max.toFixed(2).padStart(7)}  ${String(r.items).padStart(5)}  ${open}`,
      );
    }
    const p50Max = Math.max(...results.map((r) => r.p50));
    const p95Max = Math.max(...results.map((r) => r.p95));
    console.log(`\nslowest p95: ${p95Max.toFixed(2)} ms (${results.find((r) => r.p95 === p95Max)!.name}) — ${p95Max < TARGET_P95_MS ? 'within' : 'OVER'} the ${TARGET_P95_MS} ms target`);
    console.log(
      JSON.stringify({
        cases: options.cases,
        scenarios: results.length,
        p50_ms_max: round(p50Max),
        p95_ms_max: round(p95Max),
        seed_seconds: round(seedSeconds),
        reused,
        churn: options.churn,
        target_p95_ms: TARGET_P95_MS,
      }),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
