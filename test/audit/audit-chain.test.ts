/**
 * The audit trail: events chain per stream, the trail is append-only at the
 * database level, values survive the jsonb round trip with their hash intact,
 * and concurrent writers get gap-free chains without waiting on each other.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEventHash, hashedContentOf, canonicalJson, GENESIS_HASH } from '../../src/audit/audit-hash';
import { appendAuditEvent, streamIdFor } from '../../src/audit/audit-writer';
import { verifyAuditChains } from '../../src/audit/verify-audit-chain';
import { newId } from '../../src/persistence/ids';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database';
import { appendEvents, AT, eventFor, eventsOf, headOf, newClientStream } from './audit-helpers';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

async function breaksOf(streamId: string) {
  return (await verifyAuditChains(database.db)).breaks.filter((b) => b.streamId === streamId);
}

describe('hash chain per stream', () => {
  it('links events seq 1..n by prev_hash, with the stream head on the last event', async () => {
    const { clientId, streamId } = newClientStream();
    const ids = await appendEvents(database.db, clientId, 5);

    const rows = await eventsOf(database.db, streamId);
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows.map((r) => r.seq)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(5);

    // Each stored hash is the hash of the stored content and the previous hash.
    const third = rows[2]!;
    expect(
      auditEventHash(third.prev_hash, hashedContentOf(third)),
    ).toBe(third.hash);

    expect(await headOf(database.db, streamId)).toEqual({ stream_id: streamId, last_seq: 5n, last_hash: rows[4]!.hash });
    expect(await breaksOf(streamId)).toEqual([]);
  });

  it('keeps streams independent: each client has its own chain starting at seq 1', async () => {
    const a = newClientStream();
    const b = newClientStream();
    await database.db.transaction().execute(async (trx) => {
      await appendAuditEvent(trx, eventFor(a.clientId), AT);
      await appendAuditEvent(trx, eventFor(b.clientId), AT);
      await appendAuditEvent(trx, eventFor(a.clientId), AT); // two events of one stream in one transaction
    });
    expect((await eventsOf(database.db, a.streamId)).map((r) => r.seq)).toEqual([1n, 2n]);
    expect((await eventsOf(database.db, b.streamId)).map((r) => r.seq)).toEqual([1n]);
    expect((await eventsOf(database.db, b.streamId))[0]!.prev_hash).toBe(GENESIS_HASH);
  });

  it('puts events without a client in the stream of their subject', async () => {
    const staffId = newId();
    const id = await database.db.transaction().execute((trx) =>
      appendAuditEvent(trx, { actorType: 'system', actorId: 'cli', action: 'staff.created', subjectType: 'staff', subjectId: staffId }, AT),
    );
    const rows = await eventsOf(database.db, `staff:${staffId}`);
    expect(rows.map((r) => [r.id, r.seq, r.client_id])).toEqual([[id, 1n, null]]);
    expect(streamIdFor({ clientId: null, subjectType: 'staff', subjectId: staffId })).toBe(`staff:${staffId}`);
  });

  it('leaves no event and no gap after a rolled-back transaction', async () => {
    const { clientId, streamId } = newClientStream();
    await appendEvents(database.db, clientId, 2);
    const headBefore = await headOf(database.db, streamId);

    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendAuditEvent(trx, eventFor(clientId, { note: 'never happened' }), AT);
        throw new Error('use case failed after auditing');
      }),
    ).rejects.toThrow('use case failed');

    expect(await headOf(database.db, streamId)).toEqual(headBefore);
    expect((await eventsOf(database.db, streamId)).map((r) => r.note)).toEqual(['event 1', 'event 2']);
    await appendEvents(database.db, clientId, 1);
    expect((await eventsOf(database.db, streamId)).map((r) => r.seq)).toEqual([1n, 2n, 3n]);
    expect(await breaksOf(streamId)).toEqual([]);
  });

  it('does not leave the head of a new stream behind when its first event rolls back', async () => {
    const { clientId, streamId } = newClientStream();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendAuditEvent(trx, eventFor(clientId), AT);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await headOf(database.db, streamId)).toBeUndefined();
  });
});

describe('append-only', () => {
  let streamId: string;
  let ids: string[];
  let snapshot: unknown;
  beforeAll(async () => {
    const stream = newClientStream();
    streamId = stream.streamId;
    ids = await database.db.transaction().execute(async (trx) => [
      await appendAuditEvent(trx, eventFor(stream.clientId, { note: 'has a note', ip: '10.0.0.1' }), AT),
      await appendAuditEvent(trx, eventFor(stream.clientId, { note: null, oldValues: null }), AT),
    ]);
    snapshot = { events: await eventsOf(database.db, streamId), head: await headOf(database.db, streamId) };
  });

  const refused = [
    ['UPDATE of a value', () => sql`update audit_event set note = 'rewritten' where id = ${ids[0]}`],
    ['UPDATE that sets a value to NULL', () => sql`update audit_event set note = null, ip = null where id = ${ids[0]}`],
    ['UPDATE from NULL to a value', () => sql`update audit_event set note = 'added later' where id = ${ids[1]}`],
    ['UPDATE of a jsonb NULL to a value', () => sql`update audit_event set old_values = '{"status":"x"}' where id = ${ids[1]}`],
    ['UPDATE that changes nothing', () => sql`update audit_event set note = note where stream_id = ${streamId}`],
    ['UPDATE of the hash', () => sql`update audit_event set hash = ${'f'.repeat(64)} where id = ${ids[1]}`],
    ['DELETE', () => sql`delete from audit_event where id = ${ids[1]}`],
    ['TRUNCATE', () => sql`truncate audit_event`],
    ['TRUNCATE of the streams, cascading', () => sql`truncate audit_stream cascade`],
  ] as const;

  it.each(refused)('refuses %s on audit_event', async (_name, statement) => {
    await expect(statement().execute(database.db)).rejects.toThrow(/append-only/);
    expect({ events: await eventsOf(database.db, streamId), head: await headOf(database.db, streamId) }).toEqual(snapshot);
  });

  it('refuses to delete a stream head, or to move it back, sideways or by more than one', async () => {
    const attempts = [
      [sql`delete from audit_stream where stream_id = ${streamId}`, /cannot be deleted/],
      [sql`update audit_stream set last_seq = last_seq - 1 where stream_id = ${streamId}`, /may only advance by one/],
      [sql`update audit_stream set last_seq = 0, last_hash = ${GENESIS_HASH} where stream_id = ${streamId}`, /may only advance by one/],
      [sql`update audit_stream set last_seq = last_seq + 2 where stream_id = ${streamId}`, /may only advance by one/],
      [sql`update audit_stream set last_hash = ${'a'.repeat(64)} where stream_id = ${streamId}`, /may only advance by one/],
      [sql`update audit_stream set stream_id = 'client:someone-else', last_seq = last_seq + 1 where stream_id = ${streamId}`, /may only advance by one/],
      [sql`truncate audit_stream`, /truncate|foreign key|referenced/i],
    ] as const;
    for (const [statement, message] of attempts) {
      await expect(statement.execute(database.db)).rejects.toThrow(message);
    }
    expect({ events: await eventsOf(database.db, streamId), head: await headOf(database.db, streamId) }).toEqual(snapshot);
    expect(await breaksOf(streamId)).toEqual([]);
  });
});

describe('values round-trip through jsonb with the hash intact', () => {
  async function appendAndRead(values: Record<string, unknown>, note: string | null = null) {
    const { clientId, streamId } = newClientStream();
    await database.db.transaction().execute((trx) => appendAuditEvent(trx, eventFor(clientId, { newValues: values, note }), AT));
    const [row] = await eventsOf(database.db, streamId);
    return { row: row!, streamId };
  }

  it('stores bigints as strings, at any size and depth', async () => {
    const { row, streamId } = await appendAndRead({
      amountMinor: 123456789012345678901234567890n,
      fee: { minor: -5n, list: [1n, 9007199254740993n] },
    });
    expect(row.new_values).toEqual({
      amountMinor: '123456789012345678901234567890',
      fee: { minor: '-5', list: ['1', '9007199254740993'] },
    });
    const { rows } = await sql<{ t: string }>`select jsonb_typeof(new_values->'amountMinor') as t from audit_event where id = ${row.id}`.execute(database.db);
    expect(rows[0]!.t).toBe('string');
    expect(await breaksOf(streamId)).toEqual([]);
  });

  it('stores Dates as ISO strings and occurred_at to the millisecond', async () => {
    const { row, streamId } = await appendAndRead({ expiresAt: new Date('2027-02-03T04:05:06.789Z'), nested: { at: new Date(0) } });
    expect(row.new_values).toEqual({ expiresAt: '2027-02-03T04:05:06.789Z', nested: { at: '1970-01-01T00:00:00.000Z' } });
    expect(row.occurred_at.toISOString()).toBe(AT.toISOString());
    expect(await breaksOf(streamId)).toEqual([]);
  });

  it('hashes nested objects the same whatever the key order (jsonb reorders keys)', async () => {
    const one = await appendAndRead({ zeta: 1, a: { longer_key: [3, { y: 1, x: 2 }], b: null }, mm: true });
    const two = await appendAndRead({ mm: true, a: { b: null, longer_key: [3, { x: 2, y: 1 }] }, zeta: 1 });
    expect(one.row.new_values).toEqual(two.row.new_values);
    expect(canonicalJson(one.row.new_values)).toBe(canonicalJson(two.row.new_values));
    // jsonb really did reorder them: shorter keys first.
    const { rows } = await sql<{ text: string }>`select new_values::text as text from audit_event where id = ${one.row.id}`.execute(database.db);
    expect(rows[0]!.text.indexOf('"a"')).toBeLessThan(rows[0]!.text.indexOf('"zeta"'));
    expect(await breaksOf(one.streamId)).toEqual([]);
    expect(await breaksOf(two.streamId)).toEqual([]);
  });

  it('keeps unicode notes and values (Arabic, accents, emoji) byte for byte', async () => {
    const note = 'تم التحقق من هوية العميل — Zürich ✅ 𝄞';
    const { row, streamId } = await appendAndRead({ 'الاسم': 'محمد عبد الله', city: 'Zürich', emoji: '👩🏽‍💼' }, note);
    expect(row.note).toBe(note);
    expect(row.new_values).toEqual({ 'الاسم': 'محمد عبد الله', city: 'Zürich', emoji: '👩🏽‍💼' });
    expect(await breaksOf(streamId)).toEqual([]);
  });

  it('keeps numbers that jsonb stores as numeric, drops undefined keys, keeps nulls', async () => {
    const { row, streamId } = await appendAndRead({
      sum: 0.1 + 0.2,
      huge: 1e21,
      tiny: 1e-7,
      negativeZero: -0,
      gone: undefined,
      kept: null,
      list: [undefined, 'x'],
    });
    expect(row.new_values).toEqual({ sum: 0.30000000000000004, huge: 1e21, tiny: 1e-7, negativeZero: 0, kept: null, list: [null, 'x'] });
    expect(await breaksOf(streamId)).toEqual([]);
  });

  it('reports the whole trail intact after all of the above', async () => {
    const report = await verifyAuditChains(database.db);
    expect(report.breaks).toEqual([]);
    expect(report.streams).toBeGreaterThan(5);
  });
});

describe.skipIf(!onRealPostgres)('concurrent writers (real PostgreSQL)', () => {
  it('200 concurrent transactions on 20 streams give each stream seq 1..10, no gaps, no duplicates', async () => {
    const streams = Array.from({ length: 20 }, newClientStream);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        database.db.transaction().execute((trx) => appendAuditEvent(trx, eventFor(streams[i % 20]!.clientId, { note: `w${i}` }), AT)),
      ),
    );
    for (const { streamId } of streams) {
      const rows = await eventsOf(database.db, streamId);
      expect(rows.map((r) => r.seq)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
      expect((await headOf(database.db, streamId))?.last_seq).toBe(10n);
    }
    const report = await verifyAuditChains(database.db);
    expect(report.breaks).toEqual([]);
  });

  it('does not make a writer to stream B wait for an open transaction on stream A; a writer to A waits', async () => {
    const a = newClientStream();
    const b = newClientStream();
    await appendEvents(database.db, a.clientId, 1);

    const holder = await database.db.startTransaction().execute();
    await appendAuditEvent(holder, eventFor(a.clientId, { note: 'held' }), AT); // holds A's head row lock
    try {
      // B completes while A is still open.
      const onB = database.db.transaction().execute((trx) => appendAuditEvent(trx, eventFor(b.clientId), AT));
      await expect(withTimeout(onB, 5_000)).resolves.toEqual(expect.any(String));

      // A waits: its backend shows up as waiting on a lock, and it has not finished.
      let finishedA = false;
      const onA = database.db
        .transaction()
        .execute((trx) => appendAuditEvent(trx, eventFor(a.clientId, { note: 'second writer' }), AT))
        .finally(() => (finishedA = true));
      await waitForLockWaiters(1);
      expect(finishedA).toBe(false);

      await holder.commit().execute();
      await withTimeout(onA, 5_000);
    } finally {
      if (!holder.isCommitted) await holder.rollback().execute();
    }
    expect((await eventsOf(database.db, a.streamId)).map((r) => [r.seq, r.note])).toEqual([
      [1n, 'event 1'],
      [2n, 'held'],
      [3n, 'second writer'],
    ]);
    expect(await breaksOf(a.streamId)).toEqual([]);
    expect(await breaksOf(b.streamId)).toEqual([]);
  });

  it('verifies a consistent trail while writers keep appending (no false breaks)', async () => {
    const streams = Array.from({ length: 3 }, newClientStream);
    let writing = true;
    const writers = streams.map(async ({ clientId }) => {
      while (writing) await database.db.transaction().execute((trx) => appendAuditEvent(trx, eventFor(clientId), AT));
    });
    try {
      for (let round = 0; round < 15; round++) {
        const report = await verifyAuditChains(database.db);
        expect(report.breaks).toEqual([]);
      }
    } finally {
      writing = false;
      await Promise.all(writers);
    }
  });
});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms).unref()),
  ]);
}

/** Waits until `count` backends of this database are blocked on a lock. */
async function waitForLockWaiters(count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await sql<{ n: bigint }>`select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(database.db);
    if (rows[0]!.n >= BigInt(count)) return;
    if (Date.now() > deadline) throw new Error(`no backend waiting on a lock after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
