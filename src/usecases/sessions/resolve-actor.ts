/**
 * Turns a cookie token into the actor behind it, in ONE realm. A client
 * token never resolves in the staff realm and vice versa, and a staff
 * session still waiting for its TOTP code is not an actor at all.
 */
import type { Actor, StaffRole } from '../../domain/roles';
import type { SessionRow } from '../../persistence/schema';
import type { AppContext } from '../app-context';
import { findSession, SESSION_LIMITS, type Realm } from './sessions';

export interface ResolvedSession {
  session: SessionRow;
  actor: Actor;
}

export async function resolveActor(ctx: AppContext, realm: Realm, token: string): Promise<ResolvedSession | null> {
  const now = ctx.clock.now();
  const idleMs = realm === 'client' ? SESSION_LIMITS.client.idleMs : ctx.config.staff.sessionIdleMinutes * 60_000;
  const session = await findSession(ctx.db, realm, token, now, idleMs);
  if (!session || session.stage !== 'active') return null;
  if (realm === 'client') {
    const client = await ctx.db.selectFrom('client').select(['id', 'entity_id', 'status']).where('id', '=', session.subject_id).executeTakeFirst();
    if (!client || client.status === 'closed') return null;
    return { session, actor: { type: 'client', id: client.id, entityId: client.entity_id } };
  }
  const staff = await ctx.db.selectFrom('staff').select(['id', 'roles', 'entity_ids', 'active']).where('id', '=', session.subject_id).executeTakeFirst();
  if (!staff || !staff.active) return null;
  return {
    session,
    actor: { type: 'staff', id: staff.id, roles: staff.roles as StaffRole[], entityIds: staff.entity_ids ?? 'all' },
  };
}
