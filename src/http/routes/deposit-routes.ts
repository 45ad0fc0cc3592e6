/** Deposits: the client's deposits and wallet (portal), the finance review queue and decisions (back office). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEPOSIT_REJECTION_REASONS } from '../../domain/machines/deposit-machine';
import type { AppContext } from '../../usecases/app-context';
import { createDeposit } from '../../usecases/deposits/create-deposit';
import { decideDeposit } from '../../usecases/deposits/decide-deposit';
import { depositReviewQueue } from '../../usecases/deposits/deposit-review-queue';
import { getDepositForStaff } from '../../usecases/deposits/get-deposit';
import { getMyWallet, listMyDeposits } from '../../usecases/deposits/list-deposits';
import { idempotent } from '../idempotency';
import { depositQueueFilters } from '../queue-filters';
import { requestMeta } from '../request-meta';
import { actorOf, requireSession } from '../session-auth';

const note = z.string().trim().min(1, 'Write a note').max(5000);

export async function depositRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const client = requireSession(ctx, 'client');
  const staff = requireSession(ctx, 'staff');

  r.post(
    '/api/portal/deposits',
    {
      preValidation: client,
      preHandler: idempotent(ctx),
      schema: {
        tags: ['portal'],
        summary: 'Start a deposit: returns the provider page to pay on',
        body: z.strictObject({
          methodId: z.string().min(1).max(64),
          amountMinor: z.union([z.string().regex(/^\d{1,18}$/), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).transform(String),
          currency: z.string().regex(/^[A-Z]{3}$/),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await createDeposit(ctx, requestMeta(request), actorOf(request), request.body)),
  );
  r.get('/api/portal/deposits', { preValidation: client, schema: { tags: ['portal'], summary: 'My deposits, newest first' } }, async (request) =>
    listMyDeposits(ctx, actorOf(request)),
  );
  r.get('/api/portal/wallet', { preValidation: client, schema: { tags: ['portal'], summary: 'My balances per currency: available, on hold, owed' } }, async (request) =>
    getMyWallet(ctx, actorOf(request)),
  );

  r.get(
    '/api/backoffice/deposits',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: 'Deposits by status (default: under review and escalated), with the rule hits, SLA timers, counts per review status; pages of 50',
        querystring: depositQueueFilters.extend({ cursor: z.string().max(400).optional() }),
      },
    },
    async (request) => depositReviewQueue(ctx, actorOf(request), request.query),
  );
  r.get(
    '/api/backoffice/deposits/:id',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: 'One deposit: rule hits, client, SLA, its history, and the decisions this staff member may take',
        params: z.strictObject({ id: z.string().max(64) }),
      },
    },
    async (request) => getDepositForStaff(ctx, actorOf(request), request.params.id),
  );
  r.post(
    '/api/backoffice/deposits/:id/decision',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: 'Approve (credit the wallet) or reject a deposit under review; a note is always required',
        params: z.strictObject({ id: z.string().max(64) }),
        body: z.discriminatedUnion('decision', [
          z.strictObject({ decision: z.literal('approve'), note, expectedVersion: z.number().int().min(1).optional() }),
          z.strictObject({ decision: z.literal('reject'), note, reason: z.enum(DEPOSIT_REJECTION_REASONS), expectedVersion: z.number().int().min(1).optional() }),
        ]),
      },
    },
    async (request) => decideDeposit(ctx, requestMeta(request), actorOf(request), request.params.id, request.body),
  );
}
