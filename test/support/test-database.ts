/**
 * A fresh, migrated database for one test file.
 *
 * Without TEST_DATABASE_URL: embedded PGlite in memory (what `npm test` uses
 * on a machine without a database server). With it (CI sets it): a new
 * database on that PostgreSQL server, dropped afterwards, so concurrency is
 * proven where locks really mean something.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/persistence/database';
import { migrate } from '../../src/persistence/migrate';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const onRealPostgres = Boolean(TEST_DATABASE_URL);

export interface TestDatabase extends Database {
  /** Connection URL of this test's own database (real PostgreSQL only). */
  readonly url: string | null;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrate(database);
    return { ...database, url: null };
  }
  const name = `traderoom_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 12 });
  await migrate(database);
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
