/**
 * Server-side sessions for both realms. The cookie holds a random token; the
 * table holds its digest, the realm, the stage (staff sessions wait for TOTP)
 * and a CSRF token the browser must echo on every state-changing request.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, SessionRow, SessionTable } from '../../persistence/schema';
import { newToken, tokenDigest } from '../../security/tokens';
import type { RequestMeta } from '../app-context';

export type Realm = SessionTable['realm'];
export type SessionStage = SessionTable['stage'];

/** Lifetimes. A session also ends after `idle` without a request. */
export const SESSION_LIMITS = {
  client: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
  staff: { absoluteMs: 12 * 3_600_000 },
  /** Between the password and the TOTP code. */
  pendingTotpMs: 10 * 60_000,
} as const;

export interface CreatedSession {
  token: string;
  csrfToken: string;
}

export async function createSession(
  trx: Transaction<DB>,
  input: { realm: Realm; subjectId: string; stage: SessionStage; pendingTotpSecret?: string | null; lifetimeMs: number },
  meta: RequestMeta,
  now: Date,
): Promise<CreatedSession> {
  const token = newToken();
  const csrfToken = newToken();
  await trx
    .insertInto('session')
    .values({
      token_hash: tokenDigest(token),
      realm: input.realm,
      subject_id: input.subjectId,
      stage: input.stage,
      pending_totp_secret: input.pendingTotpSecret ?? null,
      csrf_token: csrfToken,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 400) ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + input.lifetimeMs),
    })
    .execute();
  return { token, csrfToken };
}

/** The live session for this cookie token in this realm, or undefined. */
export async function findSession(
  db: Kysely<DB> | Transaction<DB>,
  realm: Realm,
  token: string,
  now: Date,
  idleMs: number,
): Promise<SessionRow | undefined> {
  const session = await db
    .selectFrom('session')
    .selectAll()
    .where('token_hash', '=', tokenDigest(token))
    .where('realm', '=', realm)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', new Date(now.getTime() - idleMs))
    .executeTakeFirst();
  if (session && now.getTime() - session.last_seen_at.getTime() > 60_000) {
    // Slide the idle window at most once a minute, not on every request.
    await db.updateTable('session').set({ last_seen_at: now }).where('token_hash', '=', session.token_hash).execute();
  }
  return session;
}

export async function deleteSession(trx: Transaction<DB>, token: string): Promise<SessionRow | undefined> {
  return trx.deleteFrom('session').where('token_hash', '=', tokenDigest(token)).returningAll().executeTakeFirst();
}

export async function deleteAllSessions(trx: Transaction<DB>, realm: Realm, subjectId: string): Promise<number> {
  const rows = await trx.deleteFrom('session').where('realm', '=', realm).where('subject_id', '=', subjectId).returning('token_hash').execute();
  return rows.length;
}
