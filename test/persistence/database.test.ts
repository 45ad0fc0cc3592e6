import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/persistence/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('database driver', () => {
  it('returns identical JS types on both drivers: int8 → bigint, bytea → Buffer, date → string, jsonb → object', async () => {
    const { rows } = await sql<{
      big: bigint;
      bytes: Buffer;
      day: string;
      doc: { a: number };
      at: Date;
      num: string;
    }>`select 9007199254740993::int8 as big, '\\x0102ff'::bytea as bytes, '2026-03-01'::date as day,
             '{"a":1}'::jsonb as doc, '2026-11-25T10:00:00.123Z'::timestamptz as at, 1.50::numeric as num`.execute(database.db);
    const row = rows[0]!;
    expect(row.big).toBe(9007199254740993n);
    expect(Buffer.isBuffer(row.bytes)).toBe(true);
    expect([...row.bytes]).toEqual([1, 2, 255]);
    expect(row.day).toBe('2026-03-01');
    expect(row.doc).toEqual({ a: 1 });
    expect(row.at).toBeInstanceOf(Date);
    expect(row.at.toISOString()).toBe('2026-11-25T10:00:00.123Z');
    expect(row.num).toBe('1.50');
  });

  it('accepts bigint parameters without losing precision', async () => {
    const { rows } = await sql<{ v: bigint }>`select ${9223372036854775807n}::int8 as v`.execute(database.db);
    expect(rows[0]!.v).toBe(9223372036854775807n);
  });

  it('rolls back a failed transaction completely', async () => {
    await sql`create table if not exists tx_probe (id int primary key)`.execute(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into tx_probe values (1)`.execute(trx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await sql<{ n: bigint }>`select count(*) as n from tx_probe`.execute(database.db);
    expect(rows[0]!.n).toBe(0n);
  });

  it('keeps concurrent transactions apart: a rolled-back one never commits with another', async () => {
    await sql`create table if not exists tx_probe2 (id int primary key)`.execute(database.db);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        database.db.transaction().execute(async (trx) => {
          await sql`insert into tx_probe2 values (${i})`.execute(trx);
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (i % 2 === 1) throw new Error(`rollback ${i}`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const { rows } = await sql<{ id: number }>`select id from tx_probe2 order by id`.execute(database.db);
    expect(rows.map((r) => r.id)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('re-running migrations is a no-op', async () => {
    expect(await migrate(database)).toEqual([]);
  });
});
