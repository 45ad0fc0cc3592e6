/**
 * Tamper detection: someone with superuser rights bypasses the append-only
 * triggers and edits the trail; `verifyAuditChains` (and `npm run
 * audit:verify`) must name the first broken event of exactly that stream.
 * Every test restores what it changed, so each starts from an intact trail.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditEventHash, hashedContentOf } from '../../src/audit/audit-hash';
import { appendAuditEvent } from '../../src/audit/audit-writer';
import { verifyAuditChains, type ChainBreak } from '../../src/audit/verify-audit-chain';
import type { AuditEventRow } from '../../src/persistence/schema';
import { createTestDatabase, onRealPostgres, type TestDatabase } from '../support/test-database';
import {
  appendEvents,
  asReplica,
  AT,
  eventFor,
  eventsOf,
  headOf,
  newClientStream,
  reinsert,
  withAuditTriggersDisabled,
} from './audit-helpers';

let database: TestDatabase;
const target = newClientStream();
const others = [newClientStream(), newClientStream()];
let ids: string[]; // the target stream's 5 events, seq 1..5
let original: AuditEventRow[];

beforeAll(async () => {
  database = await createTestDatabase();
  ids = await appendEvents(database.db, target.clientId, 5);
  for (const other of others) await appendEvents(database.db, other.clientId, 3);
  original = await eventsOf(database.db, target.streamId);
});
afterAll(async () => database?.close());

beforeEach(async () => {
  // The previous test restored the trail; prove it, so no test passes on another's damage.
  const report = await verifyAuditChains(database.db);
  expect(report.breaks).toEqual([]);
  expect(await eventsOf(database.db, target.streamId)).toEqual(original);
});

/** Verifies and expects exactly one break, in the target stream: the others stay intact. */
async function onlyBreak(): Promise<ChainBreak> {
  const report = await verifyAuditChains(database.db);
  expect(report.breaks.map((b) => b.streamId)).toEqual([target.streamId]);
  expect(report.streams).toBeGreaterThanOrEqual(3);
  return report.breaks[0]!;
}

describe('verifyAuditChains names the first broken event', () => {
  it('(a) a note changed on the 3rd event of 5: that event, seq 3, altered', async () => {
    await asReplica(database.db, (trx) => sql`update audit_event set note = 'nothing to see' where id = ${ids[2]}`.execute(trx));
    expect(await onlyBreak()).toEqual({
      streamId: target.streamId,
      eventId: ids[2],
      seq: 3n,
      problem: expect.stringMatching(/altered/),
    });
    await asReplica(database.db, (trx) => sql`update audit_event set note = ${original[2]!.note} where id = ${ids[2]}`.execute(trx));
  });

  it('(a) NULL-safety: a note set to NULL, or set where it was NULL, is caught the same way', async () => {
    await asReplica(database.db, (trx) => sql`update audit_event set note = null where id = ${ids[1]}`.execute(trx));
    expect(await onlyBreak()).toMatchObject({ eventId: ids[1], seq: 2n, problem: expect.stringMatching(/altered/) });
    await asReplica(database.db, (trx) => sql`update audit_event set note = ${original[1]!.note} where id = ${ids[1]}`.execute(trx));

    await asReplica(database.db, (trx) => sql`update audit_event set ip = '203.0.113.9' where id = ${ids[3]}`.execute(trx));
    expect(await onlyBreak()).toMatchObject({ eventId: ids[3], seq: 4n, problem: expect.stringMatching(/altered/) });
    await asReplica(database.db, (trx) => sql`update audit_event set ip = null where id = ${ids[3]}`.execute(trx));
  });

  it('(b) the 2nd event deleted: names the event after the gap', async () => {
    await asReplica(database.db, (trx) => sql`delete from audit_event where id = ${ids[1]}`.execute(trx));
    expect(await onlyBreak()).toEqual({
      streamId: target.streamId,
      eventId: ids[2],
      seq: 3n,
      problem: expect.stringMatching(/expected seq 2, found 3/),
    });
    await reinsert(database.db, [original[1]!]);
  });

  it('(c) new_values jsonb changed (triggers disabled by ALTER TABLE): that event, altered', async () => {
    await withAuditTriggersDisabled(database.db, (trx) =>
      sql`update audit_event set new_values = jsonb_set(new_values, '{step}', '40') where id = ${ids[3]}`.execute(trx),
    );
    const { rows } = await sql<{ on: boolean }>`select bool_and(tgenabled = 'O') as on from pg_trigger
      where tgrelid = 'audit_event'::regclass and not tgisinternal`.execute(database.db);
    expect(rows[0]!.on).toBe(true); // the guards are back on
    expect(await onlyBreak()).toEqual({
      streamId: target.streamId,
      eventId: ids[3],
      seq: 4n,
      problem: expect.stringMatching(/altered/),
    });
    await asReplica(database.db, (trx) =>
      sql`update audit_event set new_values = ${JSON.stringify(original[3]!.new_values)}::jsonb where id = ${ids[3]}`.execute(trx),
    );
  });

  it('(d) the last event deleted, head left alone: reports the head mismatch', async () => {
    await asReplica(database.db, (trx) => sql`delete from audit_event where id = ${ids[4]}`.execute(trx));
    expect(await onlyBreak()).toEqual({
      streamId: target.streamId,
      eventId: null,
      seq: 5n,
      problem: expect.stringMatching(/stream head says 5 events, chain has 4/),
    });
    await reinsert(database.db, [original[4]!]);
  });

  it('an altered event whose hash was recomputed to match: the next link breaks', async () => {
    const third = original[2]!;
    const forged = auditEventHash(third.prev_hash, { ...hashedContentOf(third), note: 'forged' });
    await asReplica(database.db, (trx) => sql`update audit_event set note = 'forged', hash = ${forged} where id = ${third.id}`.execute(trx));
    expect(await onlyBreak()).toMatchObject({ eventId: ids[3], seq: 4n, problem: expect.stringMatching(/prev_hash/) });
    await asReplica(database.db, (trx) => sql`update audit_event set note = ${third.note}, hash = ${third.hash} where id = ${third.id}`.execute(trx));
  });

  it('a head moved forward without an event (the trigger allows +1): reports the head mismatch', async () => {
    await sql`update audit_stream set last_seq = last_seq + 1, last_hash = ${'f'.repeat(64)} where stream_id = ${target.streamId}`.execute(
      database.db,
    );
    expect(await onlyBreak()).toMatchObject({ eventId: null, problem: expect.stringMatching(/head says 6 events, chain has 5/) });
    const head = original[4]!;
    await asReplica(database.db, (trx) =>
      sql`update audit_stream set last_seq = ${head.seq}, last_hash = ${head.hash} where stream_id = ${target.streamId}`.execute(trx),
    );
  });

  it('a deleted stream head does not hide that stream from verification', async () => {
    const head = (await headOf(database.db, target.streamId))!;
    await asReplica(database.db, async (trx) => {
      await sql`delete from audit_stream where stream_id = ${target.streamId}`.execute(trx);
      await sql`update audit_event set note = 'hidden' where id = ${ids[2]}`.execute(trx);
    });
    expect(await onlyBreak()).toMatchObject({ eventId: ids[2], seq: 3n, problem: expect.stringMatching(/altered/) });

    await asReplica(database.db, (trx) => sql`update audit_event set note = ${original[2]!.note} where id = ${ids[2]}`.execute(trx));
    expect(await onlyBreak()).toMatchObject({ eventId: null, problem: expect.stringMatching(/head is missing/) });
    await database.db.insertInto('audit_stream').values(head).execute();
  });

  it('finds a gap past the first page of 1,000 events', async () => {
    const long = newClientStream();
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 1_005; i++) await appendAuditEvent(trx, eventFor(long.clientId), AT);
    });
    const intact = await verifyAuditChains(database.db);
    expect(intact.breaks).toEqual([]);
    expect(intact.events).toBe(5 + 2 * 3 + 1_005);

    const [gone] = await database.db.selectFrom('audit_event').selectAll().where('stream_id', '=', long.streamId).where('seq', '=', 1_001n).execute();
    const [next] = await database.db.selectFrom('audit_event').select('id').where('stream_id', '=', long.streamId).where('seq', '=', 1_002n).execute();
    await asReplica(database.db, (trx) => sql`delete from audit_event where id = ${gone!.id}`.execute(trx));
    const report = await verifyAuditChains(database.db);
    expect(report.breaks).toEqual([{ streamId: long.streamId, eventId: next!.id, seq: 1_002n, problem: expect.stringMatching(/missing/) }]);
    await reinsert(database.db, [gone!]);
  });
});

describe.skipIf(!onRealPostgres)('npm run audit:verify (real PostgreSQL)', () => {
  it('exits 1 naming the altered event, and 0 once the trail is intact again', async () => {
    await asReplica(database.db, (trx) => sql`update audit_event set note = 'tampered' where id = ${ids[2]}`.execute(trx));
    const broken = await runAuditVerify(database.url!);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(ids[2]);
    expect(broken.stderr).toMatch(new RegExp(`stream ${target.streamId}: first broken event ${ids[2]} \\(seq 3\\).*altered`));
    expect(broken.stderr).not.toContain(others[0]!.streamId);

    await asReplica(database.db, (trx) => sql`update audit_event set note = ${original[2]!.note} where id = ${ids[2]}`.execute(trx));
    const intact = await runAuditVerify(database.url!);
    expect(intact.stderr).not.toMatch(/BROKEN/);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/Audit trail intact: \d+ events in \d+ streams/);
  });
});

function runAuditVerify(databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/audit-verify.ts'],
      { cwd: join(import.meta.dirname, '../..'), env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}
