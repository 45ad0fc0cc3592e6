/**
 * Cookie sessions per realm, as Fastify pre-validation hooks (so a request
 * without a session is refused before its body is judged). `requireClient` only
 * reads the portal cookie and `requireStaff` only the back-office cookie; a
 * token is also checked against its realm in the database. State-changing
 * requests must carry the session's CSRF token in `x-csrf-token`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors';
import type { Actor } from '../domain/roles';
import type { SessionRow } from '../persistence/schema';
import { sameSecret } from '../security/tokens';
import type { AppContext } from '../usecases/app-context';
import { resolveActor } from '../usecases/sessions/resolve-actor';
import type { Realm } from '../usecases/sessions/sessions';

export const COOKIE: Record<Realm, string> = { client: 'tr_portal', staff: 'tr_staff' };

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionRow | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function cookieOptions(secure: boolean, maxAgeSeconds?: number) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) };
}

export function sessionToken(request: FastifyRequest, realm: Realm): string | null {
  const value = request.cookies[COOKIE[realm]];
  return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : null;
}

function checkCsrf(request: FastifyRequest, session: SessionRow): void {
  if (SAFE_METHODS.has(request.method)) return;
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || !sameSecret(header, session.csrf_token)) {
    throw new ForbiddenError('Missing or wrong CSRF token (send the x-csrf-token header).', undefined, 'csrf_failed');
  }
}

export function requireSession(ctx: AppContext, realm: Realm) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = sessionToken(request, realm);
    const resolved = token ? await resolveActor(ctx, realm, token) : null;
    if (!resolved) {
      throw new UnauthenticatedError(realm === 'client' ? 'Log in to continue.' : 'Log in to the back office to continue.');
    }
    checkCsrf(request, resolved.session);
    request.actor = resolved.actor;
    request.session = resolved.session;
  };
}

/** For handlers behind requireSession: the actor is there. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}
