/** Trading accounts: open one on a configured platform, see balances, move money between the wallet and an account (portal). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACCOUNT_TYPES } from '../../config/platform-schema';
import type { AppContext } from '../../usecases/app-context';
import { listMyTradingAccounts } from '../../usecases/trading/list-trading-accounts';
import { openTradingAccount } from '../../usecases/trading/open-trading-account';
import { transferFunds } from '../../usecases/trading/transfer-funds';
import { idempotent } from '../idempotency';
import { requestMeta } from '../request-meta';
import { actorOf, requireSession } from '../session-auth';

export async function tradingRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const client = requireSession(ctx, 'client');
  const tags = ['portal'];

  r.get('/api/portal/trading-accounts', { preValidation: client, schema: { tags, summary: 'My trading accounts with live balances, my transfers, and what I may open' } }, async (request) =>
    listMyTradingAccounts(ctx, actorOf(request)),
  );
  r.post(
    '/api/portal/trading-accounts',
    {
      preValidation: client,
      preHandler: idempotent(ctx),
      schema: {
        tags,
        summary: 'Open a live or demo trading account',
        body: z.strictObject({
          platformId: z.string().min(1).max(64),
          accountType: z.enum(ACCOUNT_TYPES),
          currency: z.string().regex(/^[A-Z]{3}$/),
          leverage: z.number().int().min(1).max(1000),
          password: z.string().min(1).max(64),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await openTradingAccount(ctx, requestMeta(request), actorOf(request), request.body)),
  );
  r.post(
    '/api/portal/trading-transfers',
    {
      preValidation: client,
      preHandler: idempotent(ctx),
      schema: {
        tags,
        summary: 'Move money from the wallet to a live trading account, or back (limited by free margin)',
        body: z.strictObject({
          tradingAccountId: z.string().max(64),
          direction: z.enum(['to_account', 'to_wallet']),
          amountMinor: z.union([z.string().regex(/^\d{1,18}$/), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]).transform(String),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await transferFunds(ctx, requestMeta(request), actorOf(request), request.body)),
  );
}
