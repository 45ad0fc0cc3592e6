/** The OpenAPI 3 document (from the routes' zod schemas) and a browsable reference at /api/docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Traderoom API',
        version: '0.1.0',
        description:
          'Portal (`/api/portal/*`, client cookie session), back office (`/api/backoffice/*`, staff cookie session with TOTP), ' +
          'webhooks (`/api/webhooks/*`). Errors always have the shape `{ "error": { "code", "message", "details" } }`. ' +
          'State-changing requests with a session cookie must send the session\'s CSRF token in `x-csrf-token`. ' +
          'Client POSTs accept `Idempotency-Key`.',
      },
      tags: [
        { name: 'portal', description: 'The client portal' },
        { name: 'backoffice', description: 'Staff back office' },
        { name: 'ops', description: 'Health and readiness' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
