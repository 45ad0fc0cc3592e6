/**
 * Migrations: applied in order, once, each recorded with its checksum; an
 * applied migration that was edited is refused; and the schema they build is
 * exactly the one the `DB` interface (src/persistence/schema.ts) describes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationChecksumError, readMigrations, type Migration } from '../../src/persistence/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

function migration(version: string, script: string): Migration {
  return { version, script, checksum: createHash('sha256').update(script).digest('hex') };
}

async function recorded(): Promise<{ version: string; checksum: string }[]> {
  return database.db.selectFrom('schema_migration').select(['version', 'checksum']).orderBy('version').execute();
}

async function tableExists(name: string): Promise<boolean> {
  const { rows } = await sql<{ found: string | null }>`select to_regclass(${name})::text as found`.execute(database.db);
  return rows[0]!.found !== null;
}

describe('migrate', () => {
  it('has applied every committed migration, in file order, recording each checksum', async () => {
    const committed = readMigrations();
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.map((m) => m.version)).toEqual([...committed.map((m) => m.version)].sort());
    expect(await recorded()).toEqual(committed.map(({ version, checksum }) => ({ version, checksum })));
  });

  it('is a no-op when run again', async () => {
    const before = await database.db.selectFrom('schema_migration').selectAll().orderBy('version').execute();
    expect(await migrate(database)).toEqual([]);
    expect(await database.db.selectFrom('schema_migration').selectAll().orderBy('version').execute()).toEqual(before);
  });

  it('reads only NNNN_name.sql files, sorted by name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'traderoom-migrations-'));
    try {
      for (const name of ['0002_second.sql', '0001_first.sql', '0010_tenth.sql', 'README.md', '1_short.sql', '0003_Upper.sql', '0004_draft.sql.bak']) {
        writeFileSync(join(dir, name), `-- ${name}\n`);
      }
      const found = readMigrations(dir);
      expect(found.map((m) => m.version)).toEqual(['0001_first', '0002_second', '0010_tenth']);
      expect(found[0]!.checksum).toBe(createHash('sha256').update('-- 0001_first.sql\n').digest('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies a list in order, later ones building on earlier ones, and records them', async () => {
    const list = [
      migration('9001_probe_table', 'CREATE TABLE migration_probe (id int PRIMARY KEY);'),
      migration('9002_probe_column', "ALTER TABLE migration_probe ADD COLUMN label text NOT NULL DEFAULT 'x';\nINSERT INTO migration_probe (id) VALUES (1);"),
    ];
    expect(await migrate(database, list)).toEqual(['9001_probe_table', '9002_probe_column']);
    const { rows } = await sql<{ id: number; label: string }>`select id, label from migration_probe`.execute(database.db);
    expect(rows).toEqual([{ id: 1, label: 'x' }]);
    expect((await recorded()).filter((r) => r.version.startsWith('900'))).toEqual(list.map(({ version, checksum }) => ({ version, checksum })));
    expect(await migrate(database, list)).toEqual([]);
  });

  it('refuses a migration whose script changed after it was applied, and applies nothing after it', async () => {
    const edited = migration('9001_probe_table', 'CREATE TABLE migration_probe (id bigint PRIMARY KEY);');
    const next = migration('9003_after_edit', 'CREATE TABLE migration_after_edit (id int);');
    const attempt = migrate(database, [edited, next]);
    await expect(attempt).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(attempt).rejects.toThrow(/9001_probe_table was changed after it was applied/);
    expect(await tableExists('migration_after_edit')).toBe(false);
    expect((await recorded()).map((r) => r.version)).not.toContain('9003_after_edit');
  });

  it('rolls back a failing migration entirely and does not record it; the ones before it stay', async () => {
    const good = migration('9004_good', 'CREATE TABLE migration_good (id int);');
    const bad = migration('9005_bad', 'CREATE TABLE migration_half_done (id int);\nSELECT no_such_function();');
    await expect(migrate(database, [good, bad])).rejects.toThrow(/no_such_function/);
    expect(await tableExists('migration_good')).toBe(true);
    expect(await tableExists('migration_half_done')).toBe(false);
    expect((await recorded()).map((r) => r.version)).toContain('9004_good');
    expect((await recorded()).map((r) => r.version)).not.toContain('9005_bad');

    const fixed = migration('9005_bad', 'CREATE TABLE migration_half_done (id int);');
    expect(await migrate(database, [good, fixed])).toEqual(['9005_bad']);
  });
});

// ---------------------------------------------------------------------------
// The DB interface against the real schema.

type Kind = 'string' | 'number' | 'bigint' | 'boolean' | 'date' | 'buffer' | 'array' | 'json';
interface ColumnShape {
  kind: Kind;
  nullable: boolean;
}

/** PostgreSQL types (udt_name) each TypeScript kind may map to, given the shared type parsers. */
const STORAGE: Record<Kind, (udt: string) => boolean> = {
  string: (udt) => ['text', 'varchar', 'bpchar', 'uuid', 'date', 'numeric', 'interval', 'citext', 'inet'].includes(udt),
  number: (udt) => ['int2', 'int4', 'float4', 'float8'].includes(udt), // never int8: that parses to bigint
  bigint: (udt) => udt === 'int8',
  boolean: (udt) => udt === 'bool',
  date: (udt) => udt === 'timestamptz' || udt === 'timestamp',
  buffer: (udt) => udt === 'bytea',
  array: (udt) => udt.startsWith('_') || udt === 'jsonb' || udt === 'json',
  json: (udt) => udt === 'jsonb' || udt === 'json',
};

/** Reads every table and column of `interface DB` with the TypeScript checker (so `extends`, imports and ColumnType<…> count). */
function readDbInterface(): Map<string, Map<string, ColumnShape>> {
  const file = join(import.meta.dirname, '../../src/persistence/schema.ts');
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const db = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB');
  if (!db) throw new Error('interface DB not found in schema.ts');

  const typeOf = (symbol: ts.Symbol) => checker.getTypeOfSymbolAtLocation(symbol, db);
  const parts = (type: ts.Type) => (type.isUnion() ? type.types : [type]);
  const isNull = (type: ts.Type) => (type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0;

  function shape(declared: ts.Type): ColumnShape {
    let nullable = parts(declared).some(isNull);
    let rest = parts(declared).filter((t) => !isNull(t));
    // ColumnType<Select, Insert, Update>: what a row reads back is the select type.
    if (rest.length === 1 && rest[0]!.getProperty('__select__')) {
      const selected = typeOf(rest[0]!.getProperty('__select__')!);
      nullable ||= parts(selected).some(isNull);
      rest = parts(selected).filter((t) => !isNull(t));
    }
    const all = (flag: ts.TypeFlags) => rest.every((t) => (t.flags & flag) !== 0);
    const named = (name: string) => rest.every((t) => t.getSymbol()?.name === name);
    const kind: Kind = all(ts.TypeFlags.StringLike)
      ? 'string'
      : all(ts.TypeFlags.NumberLike)
        ? 'number'
        : all(ts.TypeFlags.BigIntLike)
          ? 'bigint'
          : all(ts.TypeFlags.BooleanLike)
            ? 'boolean'
            : named('Date')
              ? 'date'
              : named('Buffer')
                ? 'buffer'
                : rest.every((t) => checker.isArrayType(t))
                  ? 'array'
                  : 'json';
    return { kind, nullable };
  }

  const tables = new Map<string, Map<string, ColumnShape>>();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(db.name))) {
    const columns = new Map<string, ColumnShape>();
    for (const column of checker.getPropertiesOfType(typeOf(table))) columns.set(column.name, shape(typeOf(column)));
    tables.set(table.name, columns);
  }
  return tables;
}

describe('the DB interface matches the migrated schema', () => {
  const probeTables = /^migration_/; // created by the tests above

  it('has the same tables and columns, with matching nullability and types', async () => {
    const expected = readDbInterface();
    // Guard against the reader silently finding nothing.
    expect(expected.get('audit_event')?.get('seq')).toEqual({ kind: 'bigint', nullable: false });
    expect(expected.get('audit_event')?.get('old_values')).toEqual({ kind: 'json', nullable: true });
    expect(expected.get('schema_migration')?.get('applied_at')).toEqual({ kind: 'date', nullable: false });

    const { rows } = await sql<{ table_name: string; column_name: string; udt_name: string; is_nullable: 'YES' | 'NO' }>`
      select c.table_name, c.column_name, c.udt_name, c.is_nullable
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`.execute(database.db);
    const actual = new Map<string, Map<string, { udt: string; nullable: boolean }>>();
    for (const row of rows) {
      if (probeTables.test(row.table_name)) continue;
      if (!actual.has(row.table_name)) actual.set(row.table_name, new Map());
      actual.get(row.table_name)!.set(row.column_name, { udt: row.udt_name, nullable: row.is_nullable === 'YES' });
    }

    const problems: string[] = [];
    for (const table of actual.keys()) if (!expected.has(table)) problems.push(`table ${table}: in the database, not in the interface`);
    for (const [table, columns] of expected) {
      const inDb = actual.get(table);
      if (!inDb) {
        problems.push(`table ${table}: in the interface, not in the database`);
        continue;
      }
      for (const name of inDb.keys()) if (!columns.has(name)) problems.push(`${table}.${name}: in the database, not in the interface`);
      for (const [name, shape] of columns) {
        const column = inDb.get(name);
        if (!column) {
          problems.push(`${table}.${name}: in the interface, not in the database`);
          continue;
        }
        if (column.nullable !== shape.nullable) {
          problems.push(`${table}.${name}: ${column.nullable ? 'NULL allowed' : 'NOT NULL'} in the database, ${shape.nullable ? '' : 'not '}nullable in the interface`);
        }
        if (!STORAGE[shape.kind](column.udt)) problems.push(`${table}.${name}: ${column.udt} in the database, ${shape.kind} in the interface`);
      }
    }
    expect(problems).toEqual([]);
  });
});
