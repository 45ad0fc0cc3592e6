/**
 * Staff login, step 1 of 2: the password. Success opens a short pending
 * session that only the TOTP step can use. A staff member without TOTP gets
 * an enrolment (secret + QR) on this first login; two-factor is mandatory.
 */
import { RateLimitedError, UnauthenticatedError } from '../../domain/errors';
import { decoyPasswordHash, verifyPassword } from '../../security/passwords';
import { newTotpSecret, totpEnrolment, type TotpEnrolment } from '../../security/totp';
import type { AppContext, RequestMeta } from '../app-context';
import { LOGIN_THROTTLE, recentLoginFailures } from '../sessions/login-throttle';
import { createSession, SESSION_LIMITS, type CreatedSession } from '../sessions/sessions';
import { inTransaction } from '../unit-of-work';

export const STAFF_LOGIN_FAILED = 'staff.login_failed';

export type StaffPasswordStep =
  | { stage: 'totp'; session: CreatedSession }
  | { stage: 'totp_enrolment'; session: CreatedSession; enrolment: TotpEnrolment };

type Outcome = { ok: true; result: StaffPasswordStep } | { ok: false; error: Error };

export async function logInStaff(ctx: AppContext, meta: RequestMeta, input: { email: string; password: string }): Promise<StaffPasswordStep> {
  const email = input.email.trim().toLowerCase();
  const staff = await ctx.db.selectFrom('staff').selectAll().where('email', '=', email).executeTakeFirst();
  const passwordOk = await verifyPassword(staff?.password_hash ?? (await decoyPasswordHash()), input.password);
  const outcome = await inTransaction<Outcome>(ctx, meta, async (uow) => {
    const failure = async (reason: string, error: Error): Promise<Outcome> => {
      await uow.audit({
        actorType: 'staff',
        actorId: staff?.id ?? 'unknown',
        action: STAFF_LOGIN_FAILED,
        subjectType: 'staff_login',
        subjectId: email,
        newValues: { reason, step: 'password' },
      });
      return { ok: false, error };
    };
    if ((await recentLoginFailures(uow.trx, STAFF_LOGIN_FAILED, email, uow.now)) >= LOGIN_THROTTLE.maxFailures) {
      return failure('throttled', new RateLimitedError('Too many failed attempts. Wait 15 minutes and try again.'));
    }
    if (!staff || !passwordOk || !staff.active) {
      return failure(!staff ? 'unknown_email' : !staff.active ? 'inactive' : 'wrong_password', new UnauthenticatedError('The email or password is not correct.', 'invalid_credentials'));
    }
    const enrolled = staff.totp_secret !== null && staff.totp_enrolled_at !== null;
    const pendingSecret = enrolled ? null : newTotpSecret();
    const session = await createSession(
      uow.trx,
      { realm: 'staff', subjectId: staff.id, stage: enrolled ? 'totp' : 'totp_enrolment', pendingTotpSecret: pendingSecret, lifetimeMs: SESSION_LIMITS.pendingTotpMs },
      meta,
      uow.now,
    );
    await uow.audit({
      actorType: 'staff',
      actorId: staff.id,
      action: 'staff.password_accepted',
      subjectType: 'staff_login',
      subjectId: email,
      newValues: { next: enrolled ? 'totp' : 'totp_enrolment' },
    });
    const result: StaffPasswordStep = pendingSecret
      ? { stage: 'totp_enrolment', session, enrolment: await totpEnrolment(pendingSecret, staff.email) }
      : { stage: 'totp', session };
    return { ok: true, result };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}
