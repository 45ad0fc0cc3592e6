/** Platform sync health (back office): trading accounts whose platform rights lag behind their status, and "Retry now". */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../usecases/app-context';
import { listPlatformSync, OPEN_SYNC_STATES, retryPlatformSync } from '../../usecases/trading/platform-sync';
import { requestMeta } from '../request-meta';
import { actorOf, requireSession } from '../session-auth';

export async function platformSyncRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = requireSession(ctx, 'staff');
  const tags = ['backoffice'];

  r.get(
    '/api/backoffice/platform-sync',
    {
      preValidation: staff,
      schema: {
        tags,
        summary: 'Trading accounts whose platform rights differ from the desired ones or whose last attempt failed, oldest first, with attempts, last error and age; pages of 50',
        querystring: z.strictObject({
          entity: z.string().max(64).optional(),
          platform: z.string().max(64).optional(),
          state: z.enum(OPEN_SYNC_STATES).optional(),
          cursor: z.string().max(512).optional(),
        }),
      },
    },
    async (request) => listPlatformSync(ctx, actorOf(request), request.query),
  );
  r.post(
    '/api/backoffice/platform-sync/:id/retry',
    {
      preValidation: staff,
      schema: {
        tags,
        summary: "Queue the platform rights job again for one trading account (its attempts start again); audited",
        params: z.strictObject({ id: z.string().max(64) }),
        body: z.strictObject({ note: z.string().max(5000).optional() }).nullish(),
      },
    },
    async (request) => retryPlatformSync(ctx, requestMeta(request), actorOf(request), request.params.id, request.body ?? {}),
  );
}
