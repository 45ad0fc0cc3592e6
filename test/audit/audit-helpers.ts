/** Shared helpers for the audit trail tests. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { appendAuditEvent, streamIdFor, type AuditEventInput } from '../../src/audit/audit-writer';
import { newId } from '../../src/persistence/ids';
import type { AuditEventRow, DB } from '../../src/persistence/schema';

export const AT = new Date('2026-11-25T10:00:00.123Z');

/** A client's stream: its id and the stream id the writer derives from it. */
export function newClientStream(): { clientId: string; streamId: string } {
  const clientId = newId();
  return { clientId, streamId: streamIdFor({ clientId, subjectType: 'client', subjectId: clientId }) };
}

export function eventFor(clientId: string, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    actorType: 'staff',
    actorId: 'staff-1',
    action: 'client.updated',
    subjectType: 'client',
    subjectId: clientId,
    clientId,
    oldValues: { status: 'pending' },
    newValues: { status: 'active' },
    note: null,
    ...overrides,
  };
}

/** Appends `count` events to the client's stream, one committed transaction each; returns their ids in order. */
export async function appendEvents(db: Kysely<DB>, clientId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    ids.push(
      await db
        .transaction()
        .execute((trx) => appendAuditEvent(trx, eventFor(clientId, { note: `event ${i}`, newValues: { step: i } }), AT)),
    );
  }
  return ids;
}

export async function eventsOf(db: Kysely<DB>, streamId: string): Promise<AuditEventRow[]> {
  return db.selectFrom('audit_event').selectAll().where('stream_id', '=', streamId).orderBy('seq').execute();
}

export async function headOf(db: Kysely<DB>, streamId: string) {
  return db.selectFrom('audit_stream').selectAll().where('stream_id', '=', streamId).executeTakeFirst();
}

/**
 * What an attacker with superuser rights can do: run `fn` with every user
 * trigger (the append-only guards, and foreign keys) switched off.
 */
export async function asReplica(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await fn(trx);
  });
}

/** The other way round the guards: disable the table's user triggers, change, re-enable (all in one transaction). */
export async function withAuditTriggersDisabled(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_event disable trigger user`.execute(trx);
    await fn(trx);
    await sql`alter table audit_event enable trigger user`.execute(trx);
  });
}

/** Puts saved rows back exactly as they were (INSERT is not guarded; only UPDATE/DELETE are). */
export async function reinsert(db: Kysely<DB>, rows: AuditEventRow[]): Promise<void> {
  await db
    .insertInto('audit_event')
    .values(
      rows.map((row) => ({
        ...row,
        old_values: row.old_values === null ? null : JSON.stringify(row.old_values),
        new_values: row.new_values === null ? null : JSON.stringify(row.new_values),
      })),
    )
    .execute();
}
