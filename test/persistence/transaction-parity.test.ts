/**
 * A Kysely transaction ends the same way on PGlite as on PostgreSQL: errors
 * raised at COMMIT reach the caller as themselves, a transaction an earlier
 * error aborted is reported as not committed, and isolation level and access
 * mode are applied.
 */
import { AbortedTransactionError, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let db: Kysely<any>; // the probe tables are not in the DB interface
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db as unknown as Kysely<any>;
  await sql`create table parity_parent (id int primary key)`.execute(db);
  await sql`create table parity_child (id int primary key,
    parent_id int references parity_parent (id) deferrable initially deferred)`.execute(db);
});
afterAll(async () => database?.close());
beforeEach(async () => {
  await sql`delete from parity_child`.execute(db);
});

async function childIds(): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`select id from parity_child order by id`.execute(db);
  return rows.map((r) => r.id);
}

describe('transaction endings', () => {
  it('reports a transaction whose SQL error was caught and ignored as rolled back, not committed', async () => {
    const outcome = db.transaction().execute(async (trx) => {
      await sql`insert into parity_child values (1, null)`.execute(trx);
      await sql`insert into parity_child values (1, null)`.execute(trx).catch(() => undefined); // duplicate key, swallowed
      return 'looked fine';
    });
    await expect(outcome).rejects.toBeInstanceOf(AbortedTransactionError);
    expect(await childIds()).toEqual([]);
  });

  it('surfaces a constraint checked at COMMIT as that constraint error', async () => {
    const outcome = db.transaction().execute(async (trx) => {
      await sql`insert into parity_child values (2, 999)`.execute(trx); // no parent 999: checked at commit
    });
    await expect(outcome).rejects.toThrow(/foreign key/);
    expect(await childIds()).toEqual([]);
    // And the connection is usable afterwards.
    await db.transaction().execute((trx) => sql`insert into parity_child values (3, null)`.execute(trx));
    expect(await childIds()).toEqual([3]);
  });

  it('refuses writes in a read-only transaction', async () => {
    const outcome = db
      .transaction()
      .setAccessMode('read only')
      .execute((trx) => sql`insert into parity_child values (4, null)`.execute(trx));
    await expect(outcome).rejects.toThrow(/read-only transaction/);
    expect(await childIds()).toEqual([]);
  });

  it('applies the isolation level', async () => {
    const level = await db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => (await sql<{ level: string }>`select current_setting('transaction_isolation') as level`.execute(trx)).rows[0]!.level);
    expect(level).toBe('serializable');
    const { rows } = await sql<{ level: string }>`select current_setting('transaction_isolation') as level`.execute(db);
    expect(rows[0]!.level).toBe('read committed'); // only for that transaction
  });
});
