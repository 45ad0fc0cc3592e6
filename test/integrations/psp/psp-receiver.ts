/**
 * A tiny PSP callback receiver for the tests: Fastify keeping the raw body,
 * one route per provider (`/webhooks/psp/:providerId`), verifying with the
 * adapter's functions (generic: Stripe-Signature over the raw bytes, then zod;
 * Praxis: GT-Authentication, then zod, answered with a signed ack), and a
 * miniature of what the money module must do: exactly-once by dedup key, and
 * an outcome that is stale for its reference recorded but not applied.
 */
import Fastify from 'fastify';
import { PspPayloadError } from '../../../src/integrations/psp/errors';
import { pspEventDedupKey, pspEventOutcome, verifyPspWebhook } from '../../../src/integrations/psp/generic-psp-webhook';
import { isStaleOutcome, type PspMoneyOutcomeKind, type PspOutcome } from '../../../src/integrations/psp/outcome';
import { praxisAck, praxisDedupKey, praxisOutcome, verifyPraxisNotification } from '../../../src/integrations/psp/praxis';
import { PspSignatureError, type PspSignatureFailure } from '../../../src/integrations/psp/stripe-signature';

export interface ReceiverProvider {
  id: string;
  protocol: 'generic' | 'praxis';
  /** generic: webhook secrets; praxis: merchant secret(s). */
  secrets: string[];
}

export interface ReceivedCallback {
  providerId: string;
  status: number;
  dedupKey?: string;
  outcome?: PspOutcome;
  failure?: PspSignatureFailure | 'payload' | 'injected';
  error?: string;
  /** First arrival of its dedup key. */
  firstOfKey?: boolean;
  /** Processed, but stale for its reference (isStaleOutcome): not applied. */
  stale?: boolean;
}

export interface PspTestReceiver {
  url(providerId: string): string;
  /** Every request in arrival order. */
  requests: ReceivedCallback[];
  /** Authentic callbacks in arrival order (duplicates included). */
  verified(): ReceivedCallback[];
  /** First arrival of each dedup key. */
  processed(): ReceivedCallback[];
  /** Money outcomes applied per reference, in application order. */
  applied: Map<string, PspMoneyOutcomeKind[]>;
  /** The next `count` requests get `status` before any verification (praxis: `praxisStatus` in a 200 body instead, when given). */
  failNext(count: number, status?: number, praxisStatus?: number): void;
  /** The next `count` requests are processed normally but answered only after `ms` (the sender may time out). */
  delayNext(count: number, ms: number): void;
  setProviderSecrets(providerId: string, secrets: string[]): void;
  close(): Promise<void>;
}

export async function startPspTestReceiver(providers: ReceiverProvider[], now: () => number = Date.now): Promise<PspTestReceiver> {
  const byId = new Map(providers.map((p) => [p.id, { ...p, secrets: [...p.secrets] }]));
  const requests: ReceivedCallback[] = [];
  const seen = new Set<string>();
  const applied = new Map<string, PspMoneyOutcomeKind[]>();
  let failures = 0;
  let failStatus = 500;
  let failPraxisStatus: number | undefined;
  let delays = 0;
  let delayMs = 0;

  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/webhooks/psp/:providerId', async (request, reply) => {
    const provider = byId.get((request.params as { providerId: string }).providerId);
    if (!provider) return reply.code(404).send({ error: 'unknown provider' });
    const nowSeconds = Math.floor(now() / 1000);
    if (failures > 0) {
      failures -= 1;
      requests.push({ providerId: provider.id, status: failStatus, failure: 'injected' });
      if (provider.protocol === 'praxis' && failPraxisStatus !== undefined) return reply.code(200).send({ status: failPraxisStatus, description: 'try later' });
      return reply.code(failStatus).send({ error: 'injected' });
    }
    const raw = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
    let outcome: PspOutcome;
    let dedupKey: string;
    try {
      if (provider.protocol === 'generic') {
        const event = verifyPspWebhook(raw, request.headers['stripe-signature'], provider.secrets, nowSeconds);
        outcome = pspEventOutcome(event);
        dedupKey = pspEventDedupKey(event);
      } else {
        const notification = verifyPraxisNotification(raw, request.headers['gt-authentication'], provider.secrets);
        outcome = praxisOutcome(notification);
        dedupKey = praxisDedupKey(notification);
      }
    } catch (err) {
      const failure = err instanceof PspSignatureError ? err.reason : err instanceof PspPayloadError ? 'payload' : undefined;
      const status = err instanceof PspSignatureError ? 401 : err instanceof PspPayloadError ? 400 : 500;
      requests.push({ providerId: provider.id, status, error: (err as Error).message, ...(failure ? { failure } : {}) });
      return reply.code(status).send({ error: (err as Error).name });
    }
    const record: ReceivedCallback = { providerId: provider.id, status: 200, dedupKey, outcome, firstOfKey: !seen.has(dedupKey) };
    if (record.firstOfKey) {
      seen.add(dedupKey);
      if (outcome.kind !== 'ignored') {
        const kinds = applied.get(outcome.reference) ?? [];
        if (isStaleOutcome(kinds, outcome.kind)) record.stale = true;
        else applied.set(outcome.reference, [...kinds, outcome.kind]);
      }
    }
    requests.push(record);
    if (delays > 0) {
      delays -= 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    if (provider.protocol === 'praxis') {
      const ack = praxisAck(0, 'Ok', provider.secrets[0]!, nowSeconds);
      return reply.code(200).headers(ack.headers).send(ack.body);
    }
    return reply.code(200).send({ received: true });
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('receiver did not bind');
  const base = `http://127.0.0.1:${address.port}`;
  return {
    url: (providerId) => `${base}/webhooks/psp/${encodeURIComponent(providerId)}`,
    requests,
    verified: () => requests.filter((r) => r.outcome !== undefined),
    processed: () => requests.filter((r) => r.firstOfKey === true),
    applied,
    failNext(count, status = 500, praxisStatus) {
      failures = count;
      failStatus = status;
      failPraxisStatus = praxisStatus;
    },
    delayNext(count, ms) {
      delays = count;
      delayMs = ms;
    },
    setProviderSecrets(providerId, secrets) {
      const p = byId.get(providerId);
      if (p) p.secrets = [...secrets];
    },
    close: () => app.close(),
  };
}
