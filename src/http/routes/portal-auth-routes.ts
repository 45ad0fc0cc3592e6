/** Portal authentication: register, verify email, log in/out, reset password. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CLIENT_TYPES } from '../../config/vocabulary';
import { registrationCountries } from '../../config/lookups';
import type { AppContext } from '../../usecases/app-context';
import { logInClient } from '../../usecases/clients/log-in-client';
import { registerClient } from '../../usecases/clients/register-client';
import { requestPasswordReset, resetPassword } from '../../usecases/clients/reset-client-password';
import { verifyClientEmail } from '../../usecases/clients/verify-client-email';
import { logOut } from '../../usecases/sessions/log-out';
import { SESSION_LIMITS } from '../../usecases/sessions/sessions';
import { idempotent } from '../idempotency';
import { requestMeta } from '../request-meta';
import { NO_BODY } from '../no-body';
import { COOKIE, cookieOptions, requireSession, sessionToken } from '../session-auth';
import { AUTH_RATE_LIMIT, type HttpOptions } from '../http-options';

const email = z.email().max(254);
const password = z.string().min(1).max(256);
const token = z.string().min(16).max(128);
const name = z.string().trim().min(1).max(100);

export async function portalAuthRoutes(app: FastifyInstance, { ctx, options }: { ctx: AppContext; options: HttpOptions }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['portal'];

  r.get('/api/portal/registration-options', { schema: { tags, summary: 'Countries and client types a new client can choose' } }, async () => ({
    countries: registrationCountries(ctx.config).map((c) => ({ code: c.code, name: c.name })),
    clientTypes: CLIENT_TYPES.filter((type) => ctx.config.entities.some((e) => e.clientTypes[type])),
  }));

  r.post(
    '/api/portal/register',
    {
      config: { rateLimit: AUTH_RATE_LIMIT },
      preHandler: idempotent(ctx),
      schema: {
        tags,
        summary: 'Register a client (answers the same whether or not the email is already registered)',
        body: z.strictObject({
          email,
          password,
          country: z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter ISO country code'),
          clientType: z.enum(CLIENT_TYPES),
          firstName: name,
          lastName: name,
          language: z.enum(['en', 'ar']).optional(),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await registerClient(ctx, requestMeta(request), request.body)),
  );

  r.post(
    '/api/portal/verify-email',
    { config: { rateLimit: AUTH_RATE_LIMIT }, schema: { tags, summary: 'Confirm the email address with the token from the link', body: z.strictObject({ token }) } },
    async (request) => verifyClientEmail(ctx, requestMeta(request), request.body.token),
  );

  r.post(
    '/api/portal/login',
    { config: { rateLimit: AUTH_RATE_LIMIT }, schema: { tags, summary: 'Log in; sets the portal session cookie', body: z.strictObject({ email, password }) } },
    async (request, reply) => {
      const { session, client } = await logInClient(ctx, requestMeta(request), request.body);
      reply.setCookie(COOKIE.client, session.token, cookieOptions(options.cookieSecure, SESSION_LIMITS.client.absoluteMs / 1000));
      return { client, csrfToken: session.csrfToken };
    },
  );

  r.post(
    '/api/portal/logout',
    { preValidation: requireSession(ctx, 'client'), schema: { tags, summary: 'Log out', body: NO_BODY } },
    async (request, reply) => {
      await logOut(ctx, requestMeta(request), 'client', sessionToken(request, 'client')!);
      reply.clearCookie(COOKIE.client, { path: '/' });
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/portal/password-reset/request',
    { config: { rateLimit: AUTH_RATE_LIMIT }, schema: { tags, summary: 'Email a password reset link (always 202)', body: z.strictObject({ email }) } },
    async (request, reply) => {
      await requestPasswordReset(ctx, requestMeta(request), request.body.email);
      return reply.status(202).send({ message: 'If this email is registered, we sent a link to reset the password.' });
    },
  );

  r.post(
    '/api/portal/password-reset/confirm',
    { config: { rateLimit: AUTH_RATE_LIMIT }, schema: { tags, summary: 'Set a new password with the token from the link', body: z.strictObject({ token, password }) } },
    async (request) => {
      await resetPassword(ctx, requestMeta(request), request.body);
      return { message: 'Your password was changed. Log in with the new password.' };
    },
  );
}
