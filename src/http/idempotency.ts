/**
 * `Idempotency-Key` on client POSTs: the same key with the same body replays
 * the first response; the same key with another body is refused (422); a
 * request still running under that key gets 409. A route opts in by adding
 * `idempotent(ctx)` to its preHandlers AFTER its session check, so the key is
 * scoped to the authenticated actor.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '../audit/audit-hash';
import { ConflictError, ValidationError } from '../domain/errors';
import type { AppContext } from '../usecases/app-context';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/;

function scopeOf(request: FastifyRequest): string {
  const who = request.actor ? `${request.actor.type}:${request.actor.id}` : `anonymous`;
  return `${who} ${request.method} ${request.routeOptions.url ?? request.url}`;
}

export function idempotent(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new ValidationError('Idempotency-Key must be 1–255 printable ASCII characters.', undefined, 'idempotency_key_invalid');
    }
    const scope = scopeOf(request);
    const requestHash = createHash('sha256').update(canonicalJson(request.body ?? null)).digest('hex');
    const inserted = await ctx.db
      .insertInto('idempotency_key')
      .values({ scope, key: header, request_hash: requestHash, status_code: null, response_body: null, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) {
      request.idempotency = { scope, key: header };
      return;
    }
    const first = await ctx.db.selectFrom('idempotency_key').selectAll().where('scope', '=', scope).where('key', '=', header).executeTakeFirstOrThrow();
    if (first.request_hash !== requestHash) {
      throw new ValidationError('This Idempotency-Key was already used with a different request body.', undefined, 'idempotency_key_reused');
    }
    if (first.status_code === null) {
      throw new ConflictError('A request with this Idempotency-Key is still being processed.', undefined, 'idempotency_in_progress');
    }
    reply.header('idempotent-replayed', 'true');
    await reply.status(first.status_code).send(first.response_body ?? undefined);
  };
}

/** Records the first response of a keyed request (or frees the key after a server error). */
export function installIdempotency(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('idempotency', null);
  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = null;
    const where = ctx.db.deleteFrom('idempotency_key').where('scope', '=', held.scope).where('key', '=', held.key);
    if (reply.statusCode >= 500) {
      await where.execute(); // our failure: let the client retry with the same key
      return payload;
    }
    const body = typeof payload === 'string' && payload.length > 0 ? payload : 'null';
    await ctx.db
      .updateTable('idempotency_key')
      .set({ status_code: reply.statusCode, response_body: body })
      .where('scope', '=', held.scope)
      .where('key', '=', held.key)
      .execute();
    return payload;
  });
}
