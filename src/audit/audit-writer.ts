/**
 * Appends one audit event inside the caller's transaction. Locks only the
 * head row of the event's stream (one stream per client), so writers for
 * different clients never wait for each other.
 */
import type { Transaction } from 'kysely';
import type { ActorType } from '../domain/roles';
import type { DB } from '../persistence/schema';
import { newId } from '../persistence/ids';
import { auditEventHash, GENESIS_HASH, toStoredJson } from './audit-hash';

export interface AuditEventInput {
  actorType: ActorType;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  clientId?: string | null;
  oldValues?: Record<string, unknown> | null;
  newValues?: Record<string, unknown> | null;
  note?: string | null;
  requestId?: string | null;
  ip?: string | null;
}

export function streamIdFor(event: Pick<AuditEventInput, 'clientId' | 'subjectType' | 'subjectId'>): string {
  return event.clientId ? `client:${event.clientId}` : `${event.subjectType}:${event.subjectId}`;
}

export async function appendAuditEvent(trx: Transaction<DB>, event: AuditEventInput, occurredAt: Date): Promise<string> {
  const streamId = streamIdFor(event);
  await trx
    .insertInto('audit_stream')
    .values({ stream_id: streamId, last_seq: 0n, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('stream_id').doNothing())
    .execute();
  const head = await trx
    .selectFrom('audit_stream')
    .select(['last_seq', 'last_hash'])
    .where('stream_id', '=', streamId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const content = {
    id: newId(),
    streamId,
    seq: head.last_seq + 1n,
    // Stored with millisecond precision so the verifier re-reads the exact instant that was hashed.
    occurredAt: new Date(Math.floor(occurredAt.getTime())),
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    clientId: event.clientId ?? null,
    oldValues: toStoredJson(event.oldValues),
    newValues: toStoredJson(event.newValues),
    note: event.note ?? null,
    requestId: event.requestId ?? null,
    ip: event.ip ?? null,
  };
  const hash = auditEventHash(head.last_hash, content);
  await trx
    .insertInto('audit_event')
    .values({
      id: content.id,
      stream_id: streamId,
      seq: content.seq,
      occurred_at: content.occurredAt,
      actor_type: content.actorType,
      actor_id: content.actorId,
      action: content.action,
      subject_type: content.subjectType,
      subject_id: content.subjectId,
      client_id: content.clientId,
      old_values: content.oldValues === null ? null : JSON.stringify(content.oldValues),
      new_values: content.newValues === null ? null : JSON.stringify(content.newValues),
      note: content.note,
      request_id: content.requestId,
      ip: content.ip,
      prev_hash: head.last_hash,
      hash,
    })
    .execute();
  await trx
    .updateTable('audit_stream')
    .set({ last_seq: content.seq, last_hash: hash })
    .where('stream_id', '=', streamId)
    .execute();
  return content.id;
}

