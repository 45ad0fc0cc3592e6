/**
 * The HTTP server: JSON REST under /api/portal, /api/backoffice and
 * /api/webhooks, the OpenAPI document, health checks, and the web app.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../usecases/app-context';
import { installErrorHandling } from './error-handler';
import type { HttpOptions } from './http-options';
import { installIdempotency } from './idempotency';
import { installOpenApi } from './openapi';
import { requestIdFrom } from './request-meta';
import { backofficeAuthRoutes } from './routes/backoffice-auth-routes';
import { backofficeClientRoutes } from './routes/backoffice-client-routes';
import { clientHistoryRoutes } from './routes/client-history-routes';
import { backofficeKycRoutes } from './routes/backoffice-kyc-routes';
import { backofficeStaffRoutes } from './routes/backoffice-staff-routes';
import { portalOnboardingRoutes } from './routes/portal-onboarding-routes';
import { webhookRoutes } from './routes/webhook-routes';
import { depositRoutes } from './routes/deposit-routes';
import { withdrawalRoutes } from './routes/withdrawal-routes';
import { tradingRoutes } from './routes/trading-routes';
import { reconciliationRoutes } from './routes/reconciliation-routes';
import { operationsRoutes } from './routes/operations-routes';
import { backofficeTradingRoutes } from './routes/backoffice-trading-routes';
import { platformSyncRoutes } from './routes/platform-sync-routes';
import { healthRoutes } from './routes/health-routes';
import { messageRoutes } from './routes/message-routes';
import { portalAccountRoutes } from './routes/portal-account-routes';
import { portalAuthRoutes } from './routes/portal-auth-routes';
import { installSecurityHeaders } from './security-headers';
import { installWebApp } from './web-app';

/** JSON that survives bigints (ledger amounts) by sending them as strings. */
function toJson(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

export async function buildServer(
  ctx: AppContext,
  options: HttpOptions,
  logger: boolean | Record<string, unknown> = false,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === false ? false : { redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'], ...(logger === true ? {} : logger) },
    genReqId: (request) => requestIdFrom(request.headers['x-request-id'], randomUUID),
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.TRUST_PROXY === 'true',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setReplySerializer(toJson);
  // JSON only: no text/plain parser, so a cross-site "simple" form post cannot reach a handler.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  installErrorHandling(app);
  installSecurityHeaders(app);
  installIdempotency(app, ctx);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await installOpenApi(app);

  const deps = { ctx, options };
  await app.register(healthRoutes, deps);
  await app.register(portalAuthRoutes, deps);
  await app.register(portalAccountRoutes, deps);
  await app.register(backofficeAuthRoutes, deps);
  await app.register(backofficeClientRoutes, deps);
  await app.register(clientHistoryRoutes, deps);
  await app.register(backofficeStaffRoutes, deps);
  await app.register(portalOnboardingRoutes, deps);
  await app.register(backofficeKycRoutes, deps);
  await app.register(depositRoutes, deps);
  await app.register(withdrawalRoutes, deps);
  await app.register(tradingRoutes, deps);
  await app.register(reconciliationRoutes, deps);
  await app.register(operationsRoutes, deps);
  await app.register(backofficeTradingRoutes, deps);
  await app.register(platformSyncRoutes, deps);
  await app.register(messageRoutes, deps);
  await app.register(webhookRoutes, deps);
  await installWebApp(app, options.webDist);
  return app;
}
