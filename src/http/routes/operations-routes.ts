/**
 * Operations (SPEC §10): the overview (queues, SLA breaches, approval times,
 * payment rates) and the CSV exports: any queue with the queue page's filters,
 * decisions in a period, withdrawals with their stage times, a client's audit
 * events. Every export is streamed, audited, and formula-safe.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../usecases/app-context';
import { clientAuditCsv } from '../../usecases/operations/exports/client-audit-csv';
import { depositDecisionsCsv, kycDecisionsCsv, withdrawalStepsCsv } from '../../usecases/operations/exports/decisions-csv';
import { depositQueueCsv, kycQueueCsv, withdrawalQueueCsv } from '../../usecases/operations/exports/queue-csv';
import { withdrawalsCsv } from '../../usecases/operations/exports/withdrawals-csv';
import { getOperationsOverview } from '../../usecases/operations/get-operations-overview';
import { depositQueueFilters, kycQueueFilters, withdrawalQueueFilters } from '../queue-filters';
import { requestMeta } from '../request-meta';
import { sendCsv } from '../send-csv';
import { actorOf, requireSession } from '../session-auth';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const period = z.strictObject({ entity: z.string().max(64).optional(), from: date.optional(), to: date.optional() });
const csv = { tags: ['backoffice'], produces: ['text/csv'] };

export async function operationsRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = requireSession(ctx, 'staff');

  r.get(
    '/api/backoffice/operations',
    {
      preValidation: staff,
      schema: {
        tags: ['backoffice'],
        summary: 'Queue sizes, ages and SLA breaches now; approval-time distributions and payment rates over a period (local days, default the last 30)',
        querystring: period,
      },
    },
    async (request) => getOperationsOverview(ctx, actorOf(request), request.query),
  );

  r.get(
    '/api/backoffice/exports/kyc-queue.csv',
    {
      preValidation: staff,
      schema: {
        ...csv,
        summary: 'The KYC queue as CSV, with the queue page’s filters and order',
        querystring: kycQueueFilters,
      },
    },
    async (request, reply) => sendCsv(reply, await kycQueueCsv(ctx, requestMeta(request), actorOf(request), request.query)),
  );
  r.get(
    '/api/backoffice/exports/deposit-queue.csv',
    {
      preValidation: staff,
      schema: {
        ...csv,
        summary: 'The deposit review queue as CSV, with the queue page’s filters and order',
        querystring: depositQueueFilters,
      },
    },
    async (request, reply) => sendCsv(reply, await depositQueueCsv(ctx, requestMeta(request), actorOf(request), request.query)),
  );
  r.get(
    '/api/backoffice/exports/withdrawal-queue.csv',
    {
      preValidation: staff,
      schema: {
        ...csv,
        summary: 'A withdrawal stage queue as CSV, with the queue page’s filters and order',
        querystring: withdrawalQueueFilters,
      },
    },
    async (request, reply) => sendCsv(reply, await withdrawalQueueCsv(ctx, requestMeta(request), actorOf(request), request.query)),
  );
  r.get(
    '/api/backoffice/exports/kyc-decisions.csv',
    { preValidation: staff, schema: { ...csv, summary: 'KYC cases approved or rejected in the period, with submission → decision', querystring: period } },
    async (request, reply) => sendCsv(reply, await kycDecisionsCsv(ctx, requestMeta(request), actorOf(request), request.query)),
  );
  r.get(
    '/api/backoffice/exports/deposit-decisions.csv',
    { preValidation: staff, schema: { ...csv, summary: 'Deposit decisions in the period: finance’s approvals and rejections, and auto-credits', querystring: period } },
    async (request, reply) => sendCsv(reply, await depositDecisionsCsv(ctx, requestMeta(request), actorOf(request), request.query)),
  );
  r.get(
    '/api/backoffice/exports/withdrawal-steps.csv',
    { preValidation: staff, schema: { ...csv, summary: 'Every withdrawal step in the period: who, from which stage, time in stage against its target', querystring: period } },
    async (request, reply) => sendCsv(reply, await withdrawalStepsCsv(ctx, requestMeta(request), actorOf(request), request.query)),
  );
  r.get(
    '/api/backoffice/exports/withdrawals.csv',
    { preValidation: staff, schema: { ...csv, summary: 'Withdrawals requested in the period with request → paid and the time in each stage', querystring: period } },
    async (request, reply) => sendCsv(reply, await withdrawalsCsv(ctx, requestMeta(request), actorOf(request), request.query)),
  );
  r.get(
    '/api/backoffice/clients/:id/audit-events.csv',
    {
      preValidation: staff,
      schema: { ...csv, summary: 'A client’s audit events in chain order with their hashes', params: z.strictObject({ id: z.string().max(64) }) },
    },
    async (request, reply) => sendCsv(reply, await clientAuditCsv(ctx, requestMeta(request), actorOf(request), request.params.id)),
  );
}
