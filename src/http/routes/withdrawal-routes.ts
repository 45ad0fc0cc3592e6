/** Withdrawals and payout destinations: the client's (portal) and the stage queues and decisions (back office). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PAYOUT_DESTINATION_KINDS } from '../../domain/payments/payout-destination-rules';
import type { AppContext } from '../../usecases/app-context';
import { actOnWithdrawal, STAFF_WITHDRAWAL_EVENTS } from '../../usecases/withdrawals/act-on-withdrawal';
import { cancelMyWithdrawal } from '../../usecases/withdrawals/cancel-withdrawal';
import { getWithdrawal, listMyWithdrawals, listWithdrawalQueue } from '../../usecases/withdrawals/list-withdrawals';
import {
  addPayoutDestination,
  editPayoutDestination,
  listClientPayoutDestinations,
  listMyPayoutDestinations,
  removeMyPayoutDestination,
} from '../../usecases/withdrawals/payout-destinations';
import { requestWithdrawal } from '../../usecases/withdrawals/request-withdrawal';
import { idempotent } from '../idempotency';
import { withdrawalQueueFilters } from '../queue-filters';
import { requestMeta } from '../request-meta';
import { actorOf, requireSession } from '../session-auth';

const id = z.strictObject({ id: z.string().max(64) });
const details = z.record(z.string().regex(/^[a-zA-Z]{1,32}$/), z.string().max(256)).refine((d) => Object.keys(d).length <= 10, 'Too many fields');
const holderName = z.string().trim().min(1, "Enter the account holder's name").max(200);

export async function withdrawalRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const client = requireSession(ctx, 'client');
  const staff = requireSession(ctx, 'staff');
  const portal = { tags: ['portal'] };
  const backoffice = { tags: ['backoffice'] };

  r.get('/api/portal/payout-destinations', { preValidation: client, schema: { ...portal, summary: 'My payout destinations' } }, async (request) =>
    listMyPayoutDestinations(ctx, actorOf(request)),
  );
  r.post(
    '/api/portal/payout-destinations',
    {
      preValidation: client,
      preHandler: idempotent(ctx),
      schema: { ...portal, summary: 'Add a payout destination (bank account, e-wallet, crypto address)', body: z.strictObject({ kind: z.enum(PAYOUT_DESTINATION_KINDS), holderName, details }) },
    },
    async (request, reply) => reply.status(201).send(await addPayoutDestination(ctx, requestMeta(request), actorOf(request), request.body)),
  );
  r.delete('/api/portal/payout-destinations/:id', { preValidation: client, schema: { ...portal, summary: 'Remove one of my payout destinations', params: id } }, async (request) =>
    removeMyPayoutDestination(ctx, requestMeta(request), actorOf(request), request.params.id),
  );

  r.post(
    '/api/portal/withdrawals',
    {
      preValidation: client,
      preHandler: idempotent(ctx),
      schema: {
        ...portal,
        summary: 'Request a withdrawal: the amount is put on hold at once',
        body: z.strictObject({
          methodId: z.string().min(1).max(64),
          amountMinor: z.union([z.string().regex(/^\d{1,18}$/), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).transform(String),
          currency: z.string().regex(/^[A-Z]{3}$/),
          destinationId: z.string().max(64).optional(),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await requestWithdrawal(ctx, requestMeta(request), actorOf(request), request.body)),
  );
  r.get('/api/portal/withdrawals', { preValidation: client, schema: { ...portal, summary: 'My withdrawals, newest first, with status and reason' } }, async (request) =>
    listMyWithdrawals(ctx, actorOf(request)),
  );
  r.post('/api/portal/withdrawals/:id/cancel', { preValidation: client, schema: { ...portal, summary: 'Cancel my withdrawal before review starts', params: id } }, async (request) =>
    cancelMyWithdrawal(ctx, requestMeta(request), actorOf(request), request.params.id),
  );

  r.get(
    '/api/backoffice/withdrawals',
    {
      preValidation: staff,
      schema: {
        ...backoffice,
        summary: 'A withdrawal stage queue with counts per queue, the stage SLA timer and pages of 50',
        querystring: withdrawalQueueFilters.extend({ cursor: z.string().max(512).optional() }),
      },
    },
    async (request) => listWithdrawalQueue(ctx, actorOf(request), request.query),
  );
  r.get('/api/backoffice/withdrawals/:id', { preValidation: staff, schema: { ...backoffice, summary: 'One withdrawal with its history, payouts, balance and destination', params: id } }, async (request) =>
    getWithdrawal(ctx, actorOf(request), request.params.id),
  );
  r.post(
    '/api/backoffice/withdrawals/:id/actions',
    {
      preValidation: staff,
      schema: {
        ...backoffice,
        summary: "Act on a withdrawal at its stage (approve, refer, decline, escalate, return, record a payout); the machine decides who may do what",
        params: id,
        body: z.strictObject({
          event: z.enum(STAFF_WITHDRAWAL_EVENTS),
          note: z.string().max(5000).optional(),
          reason: z.string().max(200).optional(),
          expectedVersion: z.number().int().min(1).optional(),
        }),
      },
    },
    async (request) => actOnWithdrawal(ctx, requestMeta(request), actorOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/backoffice/clients/:id/payout-destinations',
    { preValidation: staff, schema: { ...backoffice, summary: "A client's payout destinations, with name-match flags", params: id } },
    async (request) => listClientPayoutDestinations(ctx, actorOf(request), request.params.id),
  );
  r.patch(
    '/api/backoffice/payout-destinations/:id',
    {
      preValidation: staff,
      schema: {
        ...backoffice,
        summary: 'Finance edits a payout destination or marks its proof checked; always with a note',
        params: id,
        body: z.strictObject({
          note: z.string().trim().min(1, 'Write a note').max(5000),
          holderName: holderName.optional(),
          details: details.optional(),
          markVerified: z.boolean().optional(),
          expectedVersion: z.number().int().min(1).optional(),
        }),
      },
    },
    async (request) => editPayoutDestination(ctx, requestMeta(request), actorOf(request), request.params.id, request.body),
  );
}
