/** Reconciliation (SPEC §8): runs, their breaks (JSON and CSV), resolving breaks, the platform exceptions queue, the balance sync on demand. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BREAK_KINDS } from '../../domain/reconciliation/breaks';
import type { AppContext } from '../../usecases/app-context';
import { listPlatformExceptions, resolvePlatformException } from '../../usecases/reconciliation/platform-exceptions';
import { getReconciliationRun, listReconciliationRuns, reconciliationBreaksCsv, resolveReconciliationBreak } from '../../usecases/reconciliation/reconciliation-views';
import { startReconciliationRun } from '../../usecases/reconciliation/run-reconciliation';
import { requestPlatformBalanceSync } from '../../usecases/reconciliation/sync-platform-balances';
import { idempotent } from '../idempotency';
import { requestMeta } from '../request-meta';
import { sendCsv } from '../send-csv';
import { actorOf, requireSession } from '../session-auth';

const note = z.string().trim().min(1, 'Write a note').max(5000);
const id = z.strictObject({ id: z.string().max(64) });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export async function reconciliationRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = requireSession(ctx, 'staff');

  r.get(
    '/api/backoffice/reconciliation/runs',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: 'Reconciliation runs, newest first, with their counts per kind of break; pages of 50',
        querystring: z.strictObject({ cursor: z.string().max(400).optional() }),
      },
    },
    async (request) => listReconciliationRuns(ctx, actorOf(request), request.query),
  );
  r.post(
    '/api/backoffice/reconciliation/runs',
    {
      preValidation: staff,
      preHandler: idempotent(ctx),
      schema: {
        tags: ['backoffice'],
        summary: 'Start a reconciliation run (ledger vs platforms, deposits and payouts vs PSP settlement reports); it runs in the background: follow it with GET …/runs/:id',
        body: z.strictObject({ settlementFrom: date.optional(), settlementTo: date.optional() }).nullish(),
      },
    },
    async (request, reply) => reply.status(202).send(await startReconciliationRun(ctx, requestMeta(request), actorOf(request), request.body ?? {})),
  );
  r.get(
    '/api/backoffice/reconciliation/runs/:id',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: 'One run and its breaks in run order (within your entities), filtered by kind and state; page with `after` = the last seq',
        params: id,
        querystring: z.strictObject({
          kind: z.enum(BREAK_KINDS).optional(),
          status: z.enum(['open', 'resolved']).optional(),
          after: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
    },
    async (request) => getReconciliationRun(ctx, actorOf(request), request.params.id, request.query),
  );
  r.get(
    '/api/backoffice/reconciliation/runs/:id/breaks.csv',
    { preValidation: staff, schema: { tags: ['backoffice'], summary: "The run's breaks (within your entities) as CSV, with their evidence", params: id } },
    async (request, reply) => {
      return sendCsv(reply, await reconciliationBreaksCsv(ctx, actorOf(request), request.params.id));
    },
  );
  r.post(
    '/api/backoffice/reconciliation/breaks/:id/resolve',
    {
      preValidation: staff,
      schema: { tags: ['backoffice'], summary: 'Resolve a break with a note (what was found, what was done)', params: id, body: z.strictObject({ note }) },
    },
    async (request) => resolveReconciliationBreak(ctx, requestMeta(request), actorOf(request), request.params.id, request.body),
  );
  r.get(
    '/api/backoffice/reconciliation/exceptions',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: "Finance's queue of platform deals Traderoom did not make (manual manager operations), found by the balance sync",
        querystring: z.strictObject({ status: z.enum(['open', 'resolved']).optional(), cursor: z.string().max(400).optional() }),
      },
    },
    async (request) => listPlatformExceptions(ctx, actorOf(request), request.query),
  );
  r.post(
    '/api/backoffice/reconciliation/exceptions/:id/resolve',
    {
      preValidation: staff,
      schema: { tags: ['backoffice'], summary: 'Resolve a platform exception with a note', params: id, body: z.strictObject({ note }) },
    },
    async (request) => resolvePlatformException(ctx, requestMeta(request), actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/backoffice/reconciliation/balance-sync',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: 'Run the platform balance sync now (it also runs every 15 minutes)',
        body: z.strictObject({ platformId: z.string().max(64).optional() }).nullish(),
      },
    },
    async (request, reply) => reply.status(202).send(await requestPlatformBalanceSync(ctx, requestMeta(request), actorOf(request), request.body ?? {})),
  );
}
