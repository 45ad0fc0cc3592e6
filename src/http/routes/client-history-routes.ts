/** The point-in-time view of a client (SPEC §9): the record as the audit trail says it was at a moment. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../usecases/app-context';
import { getClientAt } from '../../usecases/backoffice/get-client-at';
import { actorOf, requireSession } from '../session-auth';

export async function clientHistoryRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/backoffice/clients/:id/as-of',
    {
      preValidation: requireSession(ctx, 'staff'),
      schema: {
        tags: ['backoffice'],
        summary:
          "The client's record as it was at `at` (ISO 8601 with a time zone, not in the future), rebuilt from the audit trail: profile, documents, verification, risk, standing, KYC cases, trading accounts, wallet balances from the ledger, the events up to then and what the trail cannot tell",
        params: z.strictObject({ id: z.string().max(64) }),
        querystring: z.strictObject({ at: z.iso.datetime({ offset: true, error: 'Give an ISO 8601 date and time with a time zone, e.g. 2026-03-02T09:30:00Z' }) }),
      },
    },
    async (request) => getClientAt(ctx, actorOf(request), request.params.id, new Date(request.query.at)),
  );
}
