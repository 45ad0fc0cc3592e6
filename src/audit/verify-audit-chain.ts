/**
 * Walks every audit stream in order and recomputes each link. Reports the
 * first broken event per stream: a changed row, a missing or inserted row, or
 * a head that does not match the last event or is missing. Each stream is read
 * from one snapshot, so it can run while the application keeps writing.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../persistence/schema';
import { auditEventHash, hashedContentOf, GENESIS_HASH } from './audit-hash';

export interface ChainBreak {
  streamId: string;
  eventId: string | null;
  seq: bigint | null;
  problem: string;
}

export interface ChainReport {
  streams: number;
  events: number;
  breaks: ChainBreak[];
}

const PAGE = 1000;

export async function verifyAuditChains(db: Kysely<DB>): Promise<ChainReport> {
  const report: ChainReport = { streams: 0, events: 0, breaks: [] };
  const check = async (streamId: string) => {
    // Head and events from one snapshot: a writer committing meanwhile must not look like a removed event.
    const found = db.isTransaction
      ? await verifyStream(db, streamId)
      : await db
          .transaction()
          .setIsolationLevel('repeatable read')
          .setAccessMode('read only')
          .execute((trx) => verifyStream(trx, streamId));
    report.streams++;
    report.events += found.events;
    if (found.break) report.breaks.push(found.break);
  };
  const streams = await db.selectFrom('audit_stream').select('stream_id').orderBy('stream_id').execute();
  for (const stream of streams) await check(stream.stream_id);
  // Events whose head row was deleted would otherwise never be walked at all.
  const headless = await db
    .selectFrom('audit_event')
    .select('stream_id')
    .distinct()
    .where('stream_id', 'not in', db.selectFrom('audit_stream').select('stream_id'))
    .orderBy('stream_id')
    .execute();
  for (const stream of headless) await check(stream.stream_id);
  return report;
}

async function verifyStream(db: Kysely<DB>, streamId: string): Promise<{ events: number; break: ChainBreak | null }> {
  const head = await db
    .selectFrom('audit_stream')
    .select(['last_seq', 'last_hash'])
    .where('stream_id', '=', streamId)
    .executeTakeFirst();
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let events = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('stream_id', '=', streamId)
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      events++;
      const at = (problem: string): { events: number; break: ChainBreak } => ({
        events,
        break: { streamId, eventId: row.id, seq: row.seq, problem },
      });
      if (row.seq !== expectedSeq) return at(`expected seq ${expectedSeq}, found ${row.seq} (an event is missing)`);
      if (row.prev_hash !== prevHash) return at('prev_hash does not match the previous event');
      const hash = auditEventHash(prevHash, hashedContentOf(row));
      if (hash !== row.hash) return at('content does not match its hash (the event was altered)');
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
  }
  if (!head) {
    return {
      events,
      break: { streamId, eventId: null, seq: expectedSeq, problem: `stream head is missing, chain has ${expectedSeq - 1n} events (the head row was deleted)` },
    };
  }
  if (expectedSeq - 1n !== head.last_seq || prevHash !== head.last_hash) {
    return {
      events,
      break: {
        streamId,
        eventId: null,
        seq: expectedSeq,
        problem: `stream head says ${head.last_seq} events, chain has ${expectedSeq - 1n} (events were removed or the head was moved)`,
      },
    };
  }
  return { events, break: null };
}
