/** Trading accounts on the client record (back office, read-only). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../usecases/app-context';
import { getClientTradingAccounts } from '../../usecases/trading/get-client-trading-accounts';
import { actorOf, requireSession } from '../session-auth';

export async function backofficeTradingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = requireSession(ctx, 'staff');

  r.get(
    '/api/backoffice/clients/:id/trading-accounts',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: "A client's trading accounts (group, rights, status) and wallet ↔ account transfers, newest first",
        params: z.strictObject({ id: z.string().max(64) }),
      },
    },
    async (request) => getClientTradingAccounts(ctx, actorOf(request), request.params.id),
  );
}
