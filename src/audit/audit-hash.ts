/**
 * Hash chaining of audit events (pure). Each event's hash covers its content
 * and the previous event's hash in the same stream, so changing, removing or
 * reordering any stored event breaks every later link.
 */
import { createHash } from 'node:crypto';
import type { AuditEventRow } from '../persistence/schema';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedAuditContent {
  id: string;
  streamId: string;
  seq: bigint;
  occurredAt: Date;
  actorType: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  clientId: string | null;
  oldValues: unknown;
  newValues: unknown;
  note: string | null;
  requestId: string | null;
  ip: string | null;
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditEventHash(prevHash: string, content: HashedAuditContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ ...content, seq: content.seq.toString() }))
    .digest('hex');
}

/**
 * Values as they will read back from jsonb: bigints become strings, dates ISO
 * strings, undefined keys vanish. Hash and store this form, so verify sees the
 * same thing that was hashed.
 */
export function toStoredJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(canonicalJson(value));
}

/** The hashed content of a stored row: the one mapping the verifier (and anyone re-checking a row) uses. */
export function hashedContentOf(row: AuditEventRow): HashedAuditContent {
  return {
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
  };
}
