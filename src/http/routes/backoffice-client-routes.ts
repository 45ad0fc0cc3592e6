/** Back-office client search, client record and timeline. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../usecases/app-context';
import { getClientDetail } from '../../usecases/backoffice/get-client-detail';
import { getClientTimeline } from '../../usecases/backoffice/get-client-timeline';
import { getClientWallet } from '../../usecases/backoffice/get-client-wallet';
import { searchClients } from '../../usecases/backoffice/search-clients';
import { STAFF_CLIENT_EVENTS } from '../../domain/machines/client-account-machine';
import { changeClientStanding } from '../../usecases/clients/change-client-standing';
import { PAGE_SIZE } from '../../usecases/pagination';
import { requestMeta } from '../request-meta';
import { actorOf, requireSession } from '../session-auth';

const limit = z.coerce.number().int().min(1).max(PAGE_SIZE.max).optional();
const cursor = z.string().max(200).optional();
const clientParams = z.strictObject({ id: z.string().max(64) });

export async function backofficeClientRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['backoffice'];
  const preValidation = requireSession(ctx, 'staff');

  r.get(
    '/api/backoffice/clients',
    {
      preValidation,
      schema: {
        tags,
        summary: 'Search clients by email, name or id (newest first, cursor pages)',
        querystring: z.strictObject({ q: z.string().max(200).optional(), entity: z.string().max(64).optional(), status: z.string().max(64).optional(), limit, cursor }),
      },
    },
    async (request) => searchClients(ctx, actorOf(request), request.query),
  );

  r.get('/api/backoffice/entities', { preValidation, schema: { tags, summary: 'The legal entities this staff member works for' } }, async (request) => {
    const actor = actorOf(request);
    const mine = actor.type === 'staff' && actor.entityIds !== 'all' ? new Set(actor.entityIds) : null;
    return {
      items: ctx.config.entities
        .filter((e) => !mine || mine.has(e.id))
        // currencies: the entity's base currencies and its payment methods' (the payment queues' currency filter).
        .map((e) => ({ id: e.id, name: e.name, regulator: e.regulator, currencies: [...new Set([...e.baseCurrencies, ...e.paymentMethods.flatMap((m) => m.currencies)])] })),
    };
  });

  r.get('/api/backoffice/clients/:id', { preValidation, schema: { tags, summary: 'One client record', params: clientParams } }, async (request) =>
    getClientDetail(ctx, actorOf(request), request.params.id),
  );

  r.post(
    '/api/backoffice/clients/:id/status',
    {
      preValidation,
      schema: {
        tags,
        summary:
          "Restrict the client (reason: kyc_lapsed, compliance_hold, suspected_fraud, client_request), lift the restriction (KYC approved, no open hit) or close the record (reason: client_request, compliance_decision, duplicate_account, dormant; no funds, nothing open). The client's trading accounts follow.",
        params: clientParams,
        body: z.strictObject({ event: z.enum(STAFF_CLIENT_EVENTS), reason: z.string().max(64).nullish(), note: z.string().trim().min(1, 'Write a note').max(5000) }),
      },
    },
    async (request) => changeClientStanding(ctx, requestMeta(request), actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/backoffice/clients/:id/timeline',
    { preValidation, schema: { tags, summary: "The client's audit timeline, newest first", params: clientParams, querystring: z.strictObject({ limit, cursor }) } },
    async (request) => getClientTimeline(ctx, actorOf(request), request.params.id, request.query),
  );

  r.get(
    '/api/backoffice/clients/:id/wallet',
    {
      preValidation,
      schema: {
        tags,
        summary: "The client's balances per currency and journal (ledger entries on the client's accounts), newest first, cursor pages",
        params: clientParams,
        querystring: z.strictObject({ limit, cursor }),
      },
    },
    async (request) => getClientWallet(ctx, actorOf(request), request.params.id, request.query),
  );
}
