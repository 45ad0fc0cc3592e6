/** The payment providers Traderoom can reach, keyed by the configuration's provider id. */
import type { GenericPspClient, PraxisClientOptions } from '../../integrations/psp';

export type PspSettings =
  | { protocol: 'generic'; providerId: string; client: GenericPspClient; webhookSecrets: readonly string[] }
  | {
      protocol: 'praxis';
      providerId: string;
      options: PraxisClientOptions;
      /** Where Praxis sends notifications; default `${publicUrl}/api/webhooks/psp/<providerId>`. */
      notificationUrl?: string;
    };

export type PspProviders = Readonly<Record<string, PspSettings>>;
