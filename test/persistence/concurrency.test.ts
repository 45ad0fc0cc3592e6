/**
 * Concurrent transactions on both drivers: the PGlite dialect serialises them
 * (one session, STACK.md traps 1, 4, 7), PostgreSQL isolates them with row
 * locks. Either way the results must be the same.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let db: Kysely<any>; // the probe tables are not in the DB interface
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db as unknown as Kysely<any>;
  await sql`create table counter (id int primary key, value int not null)`.execute(db);
  await sql`create table work_item (id int primary key)`.execute(db);
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await sql`delete from counter`.execute(db);
  await sql`delete from work_item`.execute(db);
  await sql`insert into counter values (1, 0)`.execute(db);
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 1));

async function counterValue(): Promise<number> {
  const { rows } = await sql<{ value: number }>`select value from counter where id = 1`.execute(db);
  return rows[0]!.value;
}

/** Read-modify-write of the counter, with a pause between read and write so transactions interleave. */
async function increment(lock: boolean, work?: (trx: Kysely<any>) => Promise<void>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const read = lock
      ? sql<{ value: number }>`select value from counter where id = 1 for update`
      : sql<{ value: number }>`select value from counter where id = 1`;
    const { rows } = await read.execute(trx);
    await pause();
    await sql`update counter set value = ${rows[0]!.value + 1} where id = 1`.execute(trx);
    await work?.(trx);
  });
}

describe('concurrent transactions', () => {
  it('50 concurrent read-increment-write transactions with SELECT … FOR UPDATE end at exactly 50', async () => {
    await Promise.all(Array.from({ length: 50 }, () => increment(true)));
    expect(await counterValue()).toBe(50);
  });

  it.skipIf(!onRealPostgres)('loses updates without FOR UPDATE on PostgreSQL (so the test above can fail)', async () => {
    await Promise.all(Array.from({ length: 50 }, () => increment(false)));
    expect(await counterValue()).toBeLessThan(50);
  });

  it.skipIf(onRealPostgres)('serialises whole transactions on PGlite, so even a plain read-modify-write is exact', async () => {
    await Promise.all(Array.from({ length: 50 }, () => increment(false)));
    expect(await counterValue()).toBe(50);
  });

  it('a transaction that throws, or hits an SQL error, mid-way leaves the concurrent others intact', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        increment(true, async (trx) => {
          await sql`insert into work_item values (${i})`.execute(trx);
          await pause();
          if (i === 10) throw new Error('use case failed');
          if (i === 20) await sql`insert into work_item values (${i})`.execute(trx); // duplicate key
        }),
      ),
    );
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([10, 20]);
    expect((outcomes[20] as PromiseRejectedResult).reason.message).toMatch(/duplicate key/);

    expect(await counterValue()).toBe(28);
    const { rows } = await sql<{ id: number }>`select id from work_item order by id`.execute(db);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 10 && i !== 20));
  });

  it('a statement outside a transaction never joins a concurrent one that rolls back', async () => {
    const rolledBack = db.transaction().execute(async (trx) => {
      await sql`insert into work_item values (1)`.execute(trx);
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('rolled back');
    });
    await pause(); // the transaction is open now
    const outside = sql`insert into work_item values (2)`.execute(db);
    await expect(rolledBack).rejects.toThrow('rolled back');
    await outside;
    const { rows } = await sql<{ id: number }>`select id from work_item order by id`.execute(db);
    expect(rows).toEqual([{ id: 2 }]);
  });
});
