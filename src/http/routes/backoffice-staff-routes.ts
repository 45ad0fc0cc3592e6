/** Staff administration. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STAFF_ROLES } from '../../domain/roles';
import type { AppContext } from '../../usecases/app-context';
import { createStaff } from '../../usecases/staff/create-staff';
import { listStaff } from '../../usecases/staff/list-staff';
import { requestMeta } from '../request-meta';
import { actorOf, requireSession } from '../session-auth';

export async function backofficeStaffRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['backoffice'];
  const preValidation = requireSession(ctx, 'staff');

  r.get('/api/backoffice/staff', { preValidation, schema: { tags, summary: 'List staff' } }, async (request) => listStaff(ctx, actorOf(request)));

  r.post(
    '/api/backoffice/staff',
    {
      preValidation,
      schema: {
        tags,
        summary: 'Create a staff member (admin); answers with a one-time temporary password',
        body: z.strictObject({
          email: z.email().max(254),
          displayName: z.string().trim().min(1).max(100),
          roles: z.array(z.enum(STAFF_ROLES)).min(1).max(STAFF_ROLES.length),
          entityIds: z.union([z.literal('all'), z.array(z.string().max(64)).min(1).max(50)]),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await createStaff(ctx, requestMeta(request), actorOf(request), request.body)),
  );
}
