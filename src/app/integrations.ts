/**
 * The external systems Traderoom talks to, built from the environment. Each
 * is optional: without it the matching job does nothing (and says so).
 */
import { createSumsubClient } from '../integrations/kyc-provider';
import { createYenteClient } from '../integrations/sanctions/yente-client';
import type { Integrations } from '../usecases/integrations';

export interface IntegrationSettings {
  sanctionsUrl: string | null;
  sanctionsApiKey: string | null;
  sanctionsDataset: string;
  sanctionsThreshold: number;
  sumsubUrl: string | null;
  sumsubAppToken: string | null;
  sumsubSecretKey: string | null;
  sumsubWebhookSecrets: string[];
  sumsubLevelName: string;
}

export function integrationsFrom(settings: IntegrationSettings): Integrations {
  const screening = settings.sanctionsUrl
    ? {
        client: createYenteClient({ baseUrl: settings.sanctionsUrl, ...(settings.sanctionsApiKey ? { apiKey: settings.sanctionsApiKey } : {}) }),
        dataset: settings.sanctionsDataset,
        threshold: settings.sanctionsThreshold,
      }
    : null;
  const kycProvider =
    settings.sumsubUrl && settings.sumsubAppToken && settings.sumsubSecretKey && settings.sumsubWebhookSecrets.length > 0
      ? {
          client: createSumsubClient({ baseUrl: settings.sumsubUrl, appToken: settings.sumsubAppToken, secretKey: settings.sumsubSecretKey }),
          levelName: settings.sumsubLevelName,
          webhookSecrets: settings.sumsubWebhookSecrets,
        }
      : null;
  return { screening, kycProvider };
}
