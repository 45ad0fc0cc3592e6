/**
 * Provider webhooks. The raw body is kept and its signature checked before
 * anything is parsed; a bad signature is a 401 and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError, NotFoundError, ValidationError } from '../../domain/errors';
import { verifySumsubWebhook, WebhookPayloadError, WebhookSignatureError } from '../../integrations/kyc-provider';
import {
  PspPayloadError,
  PspSignatureError,
  praxisAck,
  praxisDedupKey,
  praxisOutcome,
  pspEventDedupKey,
  pspEventOutcome,
  verifyPraxisNotification,
  verifyPspWebhook,
  type PspOutcome,
} from '../../integrations/psp';
import { applyPspEvent } from '../../usecases/deposits/apply-psp-event';
import type { AppContext } from '../../usecases/app-context';
import { applyKycProviderWebhook } from '../../usecases/kyc-provider/apply-kyc-provider-webhook';
import { requestMeta } from '../request-meta';

class WebhookRefused extends DomainError {
  readonly status = 401;
}

const EVIDENCE_HEADERS = ['x-payload-digest', 'x-payload-digest-alg', 'content-type', 'user-agent'];
const PSP_EVIDENCE_HEADERS = ['stripe-signature', 'gt-authentication', 'content-type', 'user-agent'];

export async function webhookRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));

  app.post('/api/webhooks/sumsub', { schema: { tags: ['webhooks'], summary: 'Sumsub applicant webhooks (X-Payload-Digest)', hide: false } }, async (request) => {
    const provider = ctx.integrations.kycProvider;
    if (!provider) throw new NotFoundError('Webhook endpoint');
    const raw = request.body;
    if (!Buffer.isBuffer(raw)) throw new ValidationError('Send the webhook as application/json.', undefined, 'bad_content_type');
    let webhook;
    try {
      webhook = verifySumsubWebhook(raw, request.headers, provider.webhookSecrets);
    } catch (error) {
      if (error instanceof WebhookSignatureError) throw new WebhookRefused('signature_invalid', 'The webhook signature is missing or wrong.');
      if (error instanceof WebhookPayloadError) throw new ValidationError('The webhook body is not a valid Sumsub event.', { reason: error.message }, 'payload_invalid');
      throw error;
    }
    const headers = Object.fromEntries(EVIDENCE_HEADERS.filter((h) => request.headers[h] !== undefined).map((h) => [h, request.headers[h]]));
    const outcome = await applyKycProviderWebhook(ctx, requestMeta(request), webhook, { rawBody: raw.toString('utf8'), headers });
    return { outcome };
  });

  app.post<{ Params: { providerId: string } }>(
    '/api/webhooks/psp/:providerId',
    { schema: { tags: ['webhooks'], summary: 'PSP callbacks: Stripe-Signature (generic) or GT-Authentication (Praxis)', hide: false } },
    async (request, reply) => {
      const psp = Object.hasOwn(ctx.integrations.psp, request.params.providerId) ? ctx.integrations.psp[request.params.providerId] : undefined;
      if (!psp) throw new NotFoundError('Webhook endpoint');
      const raw = request.body;
      if (!Buffer.isBuffer(raw)) throw new ValidationError('Send the callback as application/json.', undefined, 'bad_content_type');
      const nowSeconds = Math.floor(ctx.clock.now().getTime() / 1000);
      let event: { dedupKey: string; outcome: PspOutcome };
      try {
        if (psp.protocol === 'generic') {
          const verified = verifyPspWebhook(raw, request.headers['stripe-signature'], psp.webhookSecrets, nowSeconds);
          event = { dedupKey: pspEventDedupKey(verified), outcome: pspEventOutcome(verified) };
        } else {
          const verified = verifyPraxisNotification(raw, request.headers['gt-authentication'], psp.options.merchantSecret);
          event = { dedupKey: praxisDedupKey(verified), outcome: praxisOutcome(verified) };
        }
      } catch (error) {
        if (error instanceof PspSignatureError) throw new WebhookRefused('signature_invalid', 'The callback signature is missing, stale or wrong.');
        if (error instanceof PspPayloadError) throw new ValidationError('The callback body is not a valid event.', { reason: error.message }, 'payload_invalid');
        throw error;
      }
      const headers = Object.fromEntries(PSP_EVIDENCE_HEADERS.filter((h) => request.headers[h] !== undefined).map((h) => [h, request.headers[h]]));
      const outcome = await applyPspEvent(ctx, requestMeta(request), psp.providerId, event, { rawBody: raw.toString('utf8'), headers });
      if (psp.protocol === 'praxis') {
        const ack = praxisAck(0, `ok: ${outcome}`, psp.options.merchantSecret, nowSeconds);
        return reply.headers(ack.headers).send(ack.body);
      }
      return { outcome };
    },
  );
}
