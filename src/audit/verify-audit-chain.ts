/**
 * Walks every audit stream in order and recomputes each link. Reports the
 * first broken event per stream: a changed row, a missing or inserted row, or
 * a head that does not match the last event.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../persistence/schema';
import { auditEventHash, GENESIS_HASH } from './audit-hash';

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
  const streams = await db.selectFrom('audit_stream').selectAll().orderBy('stream_id').execute();
  const report: ChainReport = { streams: streams.length, events: 0, breaks: [] };
  for (const stream of streams) {
    const found = await verifyStream(db, stream.stream_id, stream.last_seq, stream.last_hash);
    report.events += found.events;
    if (found.break) report.breaks.push(found.break);
  }
  return report;
}

async function verifyStream(
  db: Kysely<DB>,
  streamId: string,
  headSeq: bigint,
  headHash: string,
): Promise<{ events: number; break: ChainBreak | null }> {
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
      const hash = auditEventHash(prevHash, {
        id: row.id,
        streamId: row.stream_id,
        seq: row.seq,
        occurredAt: row.occurred_at,
        actorType: row.actor_type,
        actorId: row.actor_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        clientId: row.client_id,
        oldValues: row.old_values,
        newValues: row.new_values,
        note: row.note,
        requestId: row.request_id,
        ip: row.ip,
      });
      if (hash !== row.hash) return at('content does not match its hash (the event was altered)');
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
  }
  if (expectedSeq - 1n !== headSeq || prevHash !== headHash) {
    return {
      events,
      break: {
        streamId,
        eventId: null,
        seq: expectedSeq,
        problem: `stream head says ${headSeq} events, chain has ${expectedSeq - 1n} (events were removed or the head was moved)`,
      },
    };
  }
  return { events, break: null };
}
