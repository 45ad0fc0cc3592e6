/** Liveness (/health: the process answers) and readiness (/ready: the database answers). */
import type { FastifyInstance } from 'fastify';
import { isDatabaseReady } from '../../persistence/database';
import type { AppContext } from '../../usecases/app-context';
import { errorBody } from '../error-handler';

export async function healthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/health', { schema: { tags: ['ops'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { tags: ['ops'], summary: 'Readiness: the database answers' } }, async (_request, reply) => {
    if (await isDatabaseReady(ctx.database)) return { status: 'ready', database: ctx.database.kind };
    return reply.status(503).send(errorBody('not_ready', 'The database does not answer.'));
  });
}
