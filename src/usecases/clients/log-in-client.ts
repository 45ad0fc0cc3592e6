/**
 * Client login. Every success and failure is audited; a wrong email and a
 * wrong password get the same generic answer; after repeated failures the
 * account is throttled for a while.
 */
import { ForbiddenError, RateLimitedError, UnauthenticatedError } from '../../domain/errors';
import { decoyPasswordHash, verifyPassword } from '../../security/passwords';
import type { AppContext, RequestMeta } from '../app-context';
import { LOGIN_THROTTLE, recentLoginFailures } from '../sessions/login-throttle';
import { createSession, SESSION_LIMITS, type CreatedSession } from '../sessions/sessions';
import { inTransaction } from '../unit-of-work';
import { portalClientView, type PortalClientView } from './client-views';

const FAILED = 'client.login_failed';

type Outcome =
  | { ok: true; session: CreatedSession; client: PortalClientView }
  | { ok: false; error: Error };

export async function logInClient(
  ctx: AppContext,
  meta: RequestMeta,
  input: { email: string; password: string },
): Promise<{ session: CreatedSession; client: PortalClientView }> {
  const email = input.email.trim().toLowerCase();
  const client = await ctx.db.selectFrom('client').selectAll().where('email', '=', email).executeTakeFirst();
  const passwordOk = await verifyPassword(client?.password_hash ?? (await decoyPasswordHash()), input.password);

  // The audit of a failure must commit, so failures are returned, then thrown after the transaction.
  const outcome = await inTransaction<Outcome>(ctx, meta, async (uow) => {
    const failure = async (reason: string, error: Error): Promise<Outcome> => {
      await uow.audit({
        actorType: 'client',
        actorId: client?.id ?? 'unknown',
        action: FAILED,
        subjectType: 'client_login',
        subjectId: email,
        clientId: client?.id ?? null,
        newValues: { reason },
      });
      return { ok: false, error };
    };
    if ((await recentLoginFailures(uow.trx, FAILED, email, uow.now)) >= LOGIN_THROTTLE.maxFailures) {
      return failure('throttled', new RateLimitedError('Too many failed attempts. Wait 15 minutes and try again.'));
    }
    if (!client || !passwordOk) return failure(client ? 'wrong_password' : 'unknown_email', invalidCredentials());
    if (client.status === 'closed') return failure('account_closed', invalidCredentials());
    if (!client.email_verified_at) {
      return failure(
        'email_not_verified',
        new ForbiddenError('Confirm your email address first: open the link we sent you.', undefined, 'email_not_verified'),
      );
    }
    const lifetimeMs = SESSION_LIMITS.client.absoluteMs;
    const session = await createSession(uow.trx, { realm: 'client', subjectId: client.id, stage: 'active', lifetimeMs }, meta, uow.now);
    await uow.audit({
      actorType: 'client',
      actorId: client.id,
      action: 'client.login_succeeded',
      subjectType: 'client_login',
      subjectId: email,
      clientId: client.id,
      newValues: { userAgent: meta.userAgent?.slice(0, 200) ?? null },
    });
    return { ok: true, session, client: portalClientView(ctx.config, client) };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

function invalidCredentials(): UnauthenticatedError {
  return new UnauthenticatedError('The email or password is not correct.', 'invalid_credentials');
}
