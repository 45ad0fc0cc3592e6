/** Back-office login: password, then TOTP (enrolment at first login). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UnauthenticatedError } from '../../domain/errors';
import type { AppContext } from '../../usecases/app-context';
import { logOut } from '../../usecases/sessions/log-out';
import { SESSION_LIMITS } from '../../usecases/sessions/sessions';
import { logInStaff } from '../../usecases/staff/log-in-staff';
import { staffView } from '../../usecases/staff/staff-views';
import { verifyStaffTotp } from '../../usecases/staff/verify-staff-totp';
import { AUTH_RATE_LIMIT, type HttpOptions } from '../http-options';
import { requestMeta } from '../request-meta';
import { NO_BODY } from '../no-body';
import { actorOf, COOKIE, cookieOptions, requireSession, sessionToken } from '../session-auth';

export async function backofficeAuthRoutes(app: FastifyInstance, { ctx, options }: { ctx: AppContext; options: HttpOptions }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['backoffice'];

  r.post(
    '/api/backoffice/login',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      schema: { tags, summary: 'Step 1: password. Answers which second step follows', body: z.strictObject({ email: z.email().max(254), password: z.string().min(1).max(256) }) },
    },
    async (request, reply) => {
      const step = await logInStaff(ctx, requestMeta(request), request.body);
      reply.setCookie(COOKIE.staff, step.session.token, cookieOptions(options.cookieSecure, SESSION_LIMITS.pendingTotpMs / 1000));
      return step.stage === 'totp_enrolment' ? { stage: step.stage, enrolment: step.enrolment } : { stage: step.stage };
    },
  );

  r.post(
    '/api/backoffice/login/totp',
    { config: { rateLimit: AUTH_RATE_LIMIT }, schema: { tags, summary: 'Step 2: the 6-digit authentication code', body: z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code') }) } },
    async (request, reply) => {
      const pending = sessionToken(request, 'staff');
      if (!pending) throw new UnauthenticatedError('Your login has expired. Enter your email and password again.', 'login_expired');
      const { session, staff } = await verifyStaffTotp(ctx, requestMeta(request), pending, request.body.code);
      reply.setCookie(COOKIE.staff, session.token, cookieOptions(options.cookieSecure, SESSION_LIMITS.staff.absoluteMs / 1000));
      return { staff, csrfToken: session.csrfToken };
    },
  );

  r.post('/api/backoffice/logout', { preValidation: requireSession(ctx, 'staff'), schema: { tags, summary: 'Log out', body: NO_BODY } }, async (request, reply) => {
    await logOut(ctx, requestMeta(request), 'staff', sessionToken(request, 'staff')!);
    reply.clearCookie(COOKIE.staff, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/api/backoffice/me', { preValidation: requireSession(ctx, 'staff'), schema: { tags, summary: 'The logged-in staff member' } }, async (request) => {
    const actor = actorOf(request);
    const staff = await ctx.db.selectFrom('staff').selectAll().where('id', '=', actor.id).executeTakeFirstOrThrow();
    return { staff: staffView(staff), csrfToken: request.session!.csrf_token };
  });
}
