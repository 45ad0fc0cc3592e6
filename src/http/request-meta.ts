import type { FastifyRequest } from 'fastify';
import type { RequestMeta } from '../usecases/app-context';

export function requestMeta(request: FastifyRequest): RequestMeta {
  const agent = request.headers['user-agent'];
  return { requestId: request.id, ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's X-Request-Id when it is harmless, so logs join up across systems. */
export function requestIdFrom(header: unknown, fallback: () => string): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : fallback();
}
