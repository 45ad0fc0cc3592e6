/**
 * Serves the built web app (web/dist): static assets, and index.html for any
 * other GET that is not an API path (the app's router takes it from there).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './error-handler';

export async function installWebApp(app: FastifyInstance, distDir: string | null): Promise<void> {
  const hasApp = distDir !== null && existsSync(join(distDir, 'index.html'));
  if (hasApp) {
    await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false, maxAge: '1h' });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const isApi = path.startsWith('/api/') || path === '/health' || path === '/ready';
    if (hasApp && request.method === 'GET' && !isApi && !path.startsWith('/assets/')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send(errorBody('route_not_found', `No route for ${request.method} ${path}`));
  });
}
