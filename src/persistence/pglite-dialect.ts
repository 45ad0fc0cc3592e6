/**
 * A Kysely dialect for the embedded PGlite database.
 *
 * PGlite is ONE session inside this process (STACK.md traps 1–2): a `BEGIN`
 * issued by two async tasks lands in one transaction, and calling the outer
 * handle inside a transaction hangs. So this driver
 *   - hands out a single connection guarded by a FIFO mutex (one user at a time),
 *   - runs every Kysely transaction through PGlite's own `transaction()` API,
 *     bridging its callback style to Kysely's begin/commit/rollback calls.
 */
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type { CompiledQuery, TransactionSettings } from 'kysely';
import {
  AbortedTransactionError,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** FIFO mutex: the embedded database serves one caller at a time. */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    return release;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const ROLLBACK = Symbol('rollback');

class PGliteConnection implements DatabaseConnection {
  private tx: PGliteTransaction | null = null;
  private finish: ((outcome: 'commit' | typeof ROLLBACK) => void) | null = null;
  private done: Promise<void> | null = null;

  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const target = this.tx ?? this.pg;
    const result = await target.query<R>(query.sql, query.parameters as unknown[]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the embedded database');
  }

  async begin(settings: TransactionSettings = {}): Promise<void> {
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    // Isolation level and access mode, as Kysely's PostgresDriver sends them with BEGIN:
    // a read-only transaction must refuse writes here too.
    const characteristics = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : '',
      settings.accessMode ?? '',
    ].filter(Boolean);
    this.done = this.pg
      .transaction(async (tx) => {
        this.tx = tx;
        if (characteristics.length > 0) await tx.query(`set transaction ${characteristics.join(' ')}`);
        const outcome = await new Promise<'commit' | typeof ROLLBACK>((resolve) => {
          this.finish = resolve;
          started();
        });
        if (outcome === ROLLBACK) await tx.rollback();
      })
      .finally(() => {
        this.tx = null;
        this.finish = null;
      });
    // If BEGIN itself fails, surface that instead of waiting forever.
    await Promise.race([ready, this.done]);
  }

  async end(outcome: 'commit' | typeof ROLLBACK): Promise<void> {
    const finish = this.finish;
    const done = this.done;
    if (!finish || !done) {
      // Kysely rolls back after a failed COMMIT; PGlite has already ended that
      // transaction, and the COMMIT's own error is the one the caller must see.
      if (outcome === ROLLBACK) return;
      throw new Error('no transaction in progress');
    }
    finish(outcome);
    this.done = null;
    try {
      await done;
    } catch (error) {
      // COMMIT of a transaction an earlier error aborted: PostgreSQL rolls back
      // (PGlite reports SQLSTATE 25P02). Throw what Kysely's PostgresDriver throws.
      if (outcome === 'commit' && (error as { code?: unknown }).code === '25P02') throw new AbortedTransactionError();
      throw error;
    }
  }

  rollback(): Promise<void> {
    return this.end(ROLLBACK);
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private readonly releases = new Map<DatabaseConnection, () => void>();

  constructor(
    pg: PGlite,
    private readonly mutex: Mutex,
  ) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.mutex.lock();
    this.releases.set(this.connection, release);
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as PGliteConnection).begin(settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PGliteConnection).rollback();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.releases.get(connection);
    this.releases.delete(connection);
    release?.();
  }

  async destroy(): Promise<void> {}
}

export class PGliteDialect implements Dialect {
  constructor(
    private readonly pg: PGlite,
    private readonly mutex: Mutex,
  ) {}

  createDriver(): Driver {
    return new PGliteDriver(this.pg, this.mutex);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}
