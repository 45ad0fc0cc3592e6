/**
 * Applies the committed SQL migrations in `migrations/` in file-name order,
 * each in its own transaction, recording a checksum so an edited migration
 * that already ran is refused instead of silently diverging.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

export interface Migration {
  version: string;
  script: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const script = readFileSync(join(dir, name), 'utf8');
      return { version: name.replace(/\.sql$/, ''), script, checksum: createHash('sha256').update(script).digest('hex') };
    });
}

export class MigrationChecksumError extends Error {}

/** Arbitrary, fixed: the advisory lock every Traderoom process takes to migrate. */
const MIGRATION_LOCK_KEY = 72_707_369;

/** Applies pending migrations (one process at a time); returns the versions it applied. */
export function migrate(database: Database, migrations = readMigrations()): Promise<string[]> {
  return database.exclusively(MIGRATION_LOCK_KEY, () => applyPending(database, migrations));
}

async function applyPending(database: Database, migrations: Migration[]): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    version text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(database.db);
  const applied = new Map(
    (await database.db.selectFrom('schema_migration').select(['version', 'checksum']).execute()).map((row) => [
      row.version,
      row.checksum,
    ]),
  );
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.version);
    if (checksum !== undefined) {
      if (checksum !== migration.checksum) {
        throw new MigrationChecksumError(
          `Migration ${migration.version} was changed after it was applied. Add a new migration instead of editing it.`,
        );
      }
      continue;
    }
    const record = `INSERT INTO schema_migration (version, checksum) VALUES ('${migration.version}', '${migration.checksum}');`;
    await database.execScript(`${migration.script}\n;\n${record}`);
    done.push(migration.version);
  }
  return done;
}
