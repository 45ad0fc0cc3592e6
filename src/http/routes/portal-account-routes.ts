/** The logged-in client's own record and next steps. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../usecases/app-context';
import { getClientDashboard } from '../../usecases/clients/get-client-dashboard';
import { actorOf, requireSession } from '../session-auth';
import { z } from 'zod';
import { LANGUAGES } from '../../config/vocabulary';
import { changeMyLanguage } from '../../usecases/clients/change-client-language';
import { requestMeta } from '../request-meta';

export async function portalAccountRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/portal/me',
    { preValidation: requireSession(ctx, 'client'), schema: { tags: ['portal'], summary: 'My record, my next steps, and the CSRF token of this session' } },
    async (request) => ({ ...(await getClientDashboard(ctx, actorOf(request))), csrfToken: request.session!.csrf_token }),
  );
  r.patch(
    '/api/portal/me/language',
    {
      preValidation: requireSession(ctx, 'client'),
      schema: { tags: ['portal'], summary: 'Choose the language of my portal and of the emails I receive', body: z.strictObject({ language: z.enum(LANGUAGES) }) },
    },
    async (request) => changeMyLanguage(ctx, requestMeta(request), actorOf(request), request.body.language),
  );
}
