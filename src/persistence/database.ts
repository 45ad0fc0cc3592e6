/**
 * Opens the database: PostgreSQL when a URL is given, otherwise the embedded
 * PGlite (a directory, or memory for tests). Both come back as the same
 * `Database`: a Kysely instance with identical result types, plus `execScript`
 * for multi-statement SQL (migrations) inside one transaction.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import { Mutex, PGliteDialect } from './pglite-dialect';
import type { DB } from './schema';
import { TEXT_PARSERS } from './type-parsers';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Runs a multi-statement SQL script in one transaction. */
  execScript(script: string): Promise<void>;
  /**
   * Raw SQL outside Kysely, for the job queue library: parameterised, or a
   * multi-statement script when there are no parameters.
   */
  rawQuery(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /**
   * Runs `work` while holding a cluster-wide lock (PostgreSQL advisory lock on
   * one dedicated session), so two processes starting at once migrate one
   * after the other. The embedded database is single-process already.
   */
  exclusively<T>(lockKey: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | null };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgres'
    ? openPostgres(options.url, options.poolSize ?? 16)
    : openPGlite(options.dataDir);
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        TEXT_PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A broken idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async execScript(script) {
      const client = await pool.connect();
      try {
        // node-postgres has no transaction helper: BEGIN on one checked-out client is its transaction API.
        // eslint-disable-next-line no-restricted-syntax
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async rawQuery(text, values) {
      const result = await pool.query(text, values);
      return { rows: result.rows as Record<string, unknown>[] };
    },
    async exclusively(lockKey, work) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPGlite(dataDir: string | null): Promise<Database> {
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir: `${dataDir}/pglite` } : {}),
      parsers: TEXT_PARSERS,
    });
  } catch (error) {
    release();
    throw error;
  }
  const mutex = new Mutex();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, mutex) });
  return {
    kind: 'pglite',
    db,
    execScript: (script) => mutex.run(() => pglite.transaction(async (tx) => void (await tx.exec(script)))),
    rawQuery: (text, values) =>
      mutex.run(async () => {
        if (values && values.length > 0) {
          const result = await pglite.query<Record<string, unknown>>(text, values);
          return { rows: result.rows };
        }
        // No parameters: may be a multi-statement script (the job queue installs its schema this way).
        const results = await pglite.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as Record<string, unknown>[] };
      }),
    exclusively: (_lockKey, work) => work(),
    async close() {
      await db.destroy();
      await mutex.run(() => pglite.close());
      release();
    },
  };
}

/** True when the database answers a trivial query (readiness). */
export async function isDatabaseReady(database: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
