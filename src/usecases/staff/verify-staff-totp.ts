/**
 * Staff login, step 2 of 2: the TOTP code (which also completes enrolment on
 * a first login). The pending session is replaced by a fresh full session,
 * so a token seen before the second factor is worth nothing after it.
 */
import { UnauthenticatedError } from '../../domain/errors';
import { matchTotp } from '../../security/totp';
import type { AppContext, RequestMeta } from '../app-context';
import { LOGIN_THROTTLE, recentLoginFailures } from '../sessions/login-throttle';
import { createSession, deleteSession, findSession, SESSION_LIMITS, type CreatedSession } from '../sessions/sessions';
import { inTransaction } from '../unit-of-work';
import { staffView, type StaffView } from './staff-views';
import { STAFF_LOGIN_FAILED } from './log-in-staff';

type Outcome = { ok: true; session: CreatedSession; staff: StaffView } | { ok: false; error: Error };

export async function verifyStaffTotp(
  ctx: AppContext,
  meta: RequestMeta,
  pendingToken: string,
  code: string,
): Promise<{ session: CreatedSession; staff: StaffView }> {
  const outcome = await inTransaction<Outcome>(ctx, meta, async (uow) => {
    const pending = await findSession(uow.trx, 'staff', pendingToken, uow.now, SESSION_LIMITS.pendingTotpMs);
    if (!pending || pending.stage === 'active') {
      return { ok: false, error: new UnauthenticatedError('Your login has expired. Enter your email and password again.', 'login_expired') };
    }
    const staff = await uow.trx.selectFrom('staff').selectAll().where('id', '=', pending.subject_id).forUpdate().executeTakeFirstOrThrow();
    const secret = pending.stage === 'totp_enrolment' ? pending.pending_totp_secret : staff.totp_secret;
    const step = secret && staff.active ? matchTotp(secret, code.trim(), uow.now) : null;
    const replayed = step !== null && staff.totp_last_step !== null && BigInt(step) <= staff.totp_last_step;
    if (step === null || replayed) {
      await uow.audit({
        actorType: 'staff',
        actorId: staff.id,
        action: STAFF_LOGIN_FAILED,
        subjectType: 'staff_login',
        subjectId: staff.email,
        newValues: { reason: replayed ? 'totp_replayed' : 'totp_invalid', step: 'totp' },
      });
      if ((await recentLoginFailures(uow.trx, STAFF_LOGIN_FAILED, staff.email, uow.now)) >= LOGIN_THROTTLE.maxFailures) {
        await deleteSession(uow.trx, pendingToken);
      }
      return { ok: false, error: new UnauthenticatedError('The authentication code is not correct.', 'totp_invalid') };
    }
    const enrolling = pending.stage === 'totp_enrolment';
    const updated = await uow.trx
      .updateTable('staff')
      .set({
        totp_last_step: BigInt(step),
        ...(enrolling ? { totp_secret: secret, totp_enrolled_at: uow.now } : {}),
        updated_at: uow.now,
      })
      .where('id', '=', staff.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await deleteSession(uow.trx, pendingToken);
    const session = await createSession(
      uow.trx,
      { realm: 'staff', subjectId: staff.id, stage: 'active', lifetimeMs: SESSION_LIMITS.staff.absoluteMs },
      meta,
      uow.now,
    );
    await uow.audit({
      actorType: 'staff',
      actorId: staff.id,
      action: 'staff.login_succeeded',
      subjectType: 'staff_login',
      subjectId: staff.email,
      ...(enrolling ? { oldValues: { totpEnrolled: false }, newValues: { totpEnrolled: true } } : {}),
    });
    return { ok: true, session, staff: staffView(updated) };
  });
  if (!outcome.ok) throw outcome.error;
  return outcome;
}
