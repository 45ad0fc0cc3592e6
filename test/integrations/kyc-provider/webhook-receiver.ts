/**
 * A tiny webhook receiver for the tests: Fastify keeping the raw body, verified
 * with verifySumsubWebhook, and a miniature of what the KYC module must do —
 * exactly-once by dedup key, and only a newer event changes the applicant's state.
 */
import Fastify from 'fastify';
import {
  WebhookPayloadError,
  WebhookSignatureError,
  sumsubVerdict,
  supersedes,
  verifySumsubWebhook,
  webhookDedupKey,
  webhookOccurredAt,
  type SumsubVerdict,
  type SumsubWebhook,
} from '../../../src/integrations/kyc-provider/sumsub-webhook';

export interface ReceivedRequest {
  status: number;
  webhook?: SumsubWebhook;
  error?: string;
}

export interface ApplicantState {
  verdict: SumsubVerdict;
  at: Date;
  type: string;
}

export interface TestReceiver {
  url: string;
  /** Every request, in arrival order, with the status answered. */
  requests: ReceivedRequest[];
  /** Verified webhooks, in arrival order (duplicates included). */
  received: SumsubWebhook[];
  /** Webhooks processed once each (first arrival of each dedup key). */
  processed: SumsubWebhook[];
  /** Current state per applicant: only a strictly newer event replaces it. */
  state: Map<string, ApplicantState>;
  /** Answer this status to the next `count` requests before verifying them. */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

export async function startTestReceiver(secret: string | string[]): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const received: SumsubWebhook[] = [];
  const processed: SumsubWebhook[] = [];
  const seen = new Set<string>();
  const state = new Map<string, ApplicantState>();
  let failures = 0;
  let failStatus = 500;

  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/webhooks/sumsub', async (request, reply) => {
    if (failures > 0) {
      failures -= 1;
      requests.push({ status: failStatus, error: 'injected failure' });
      return reply.code(failStatus).send({ error: 'injected' });
    }
    const raw = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
    let webhook: SumsubWebhook;
    try {
      webhook = verifySumsubWebhook(raw, request.headers, secret);
    } catch (err) {
      const status = err instanceof WebhookSignatureError ? 401 : err instanceof WebhookPayloadError ? 400 : 500;
      requests.push({ status, error: (err as Error).message });
      return reply.code(status).send({ error: (err as Error).name });
    }
    requests.push({ status: 200, webhook });
    received.push(webhook);
    const key = webhookDedupKey(webhook);
    if (!seen.has(key)) {
      seen.add(key);
      processed.push(webhook);
      const verdict = sumsubVerdict(webhook);
      const current = state.get(webhook.applicantId);
      if (verdict.kind !== 'ignored' && supersedes(webhook, current?.at)) {
        state.set(webhook.applicantId, { verdict, at: webhookOccurredAt(webhook), type: webhook.type });
      }
    }
    return reply.code(200).send({ ok: true });
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('receiver did not bind');
  return {
    url: `http://127.0.0.1:${address.port}/webhooks/sumsub`,
    requests,
    received,
    processed,
    state,
    failNext(count, status = 500) {
      failures = count;
      failStatus = status;
    },
    close: () => app.close(),
  };
}
