/**
 * The external systems Traderoom talks to, built from the environment. Each
 * is optional: without it the matching job does nothing (and says so).
 */
import { createSumsubClient } from '../integrations/kyc-provider';
import { createMt4BridgePlatform, createMt5WebApiPlatform, type TradingPlatform } from '../integrations/platforms';
import { createGenericPspClient } from '../integrations/psp';
import { fileSettlementSource } from '../integrations/psp/settlement-report';
import type { PspSettings } from '../usecases/deposits/psp-settings';
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
  /** Payment providers (configuration provider id → connection). Optional: none means no deposits. */
  psp?: readonly PspConnection[];
  /** Trading platform servers (configuration platform id → manager connection). Optional: none means no trading accounts. */
  platforms?: readonly PlatformConnection[];
}

/** A trading platform server of the configuration (platform id) and how Traderoom signs in to it, by the platform's kind. */
export type PlatformConnection =
  /** An MT5 Web API access server and the manager account Traderoom logs in as. */
  | { platformId: string; kind: 'mt5'; baseUrl: string; login: string; password: string }
  /** An MT4 bridge and Traderoom's signing key on it; `caCertificate`: PEM of the CA that issued the bridge's certificate. */
  | { platformId: string; kind: 'mt4'; baseUrl: string; keyId: string; keySecret: string; caCertificate?: string };

/** The adapter for a platform connection: the MT5 Web API, or MT4 through the bridge. */
export function tradingPlatformFor(connection: PlatformConnection): TradingPlatform {
  switch (connection.kind) {
    case 'mt5':
      return createMt5WebApiPlatform({ baseUrl: connection.baseUrl, login: connection.login, password: connection.password });
    case 'mt4':
      return createMt4BridgePlatform({
        baseUrl: connection.baseUrl,
        key: { id: connection.keyId, secret: connection.keySecret },
        ...(connection.caCertificate ? { tls: { ca: connection.caCertificate } } : {}),
      });
  }
}

export type PspConnection = (
  | { protocol: 'generic'; providerId: string; baseUrl: string; secretKey: string; webhookSecrets: readonly string[] }
  | { protocol: 'praxis'; providerId: string; baseUrl: string; merchantId: string; applicationKey: string; merchantSecret: string; notificationUrl?: string }
) & {
  /** A settlement report CSV the provider delivers (PSP_<ID>_SETTLEMENT_FILE); default: the generic API's report, none for Praxis. */
  settlementFile?: string;
};

function pspFrom(connection: PspConnection): PspSettings {
  if (connection.protocol === 'generic') {
    return {
      protocol: 'generic',
      providerId: connection.providerId,
      client: createGenericPspClient({ baseUrl: connection.baseUrl, secretKey: connection.secretKey }),
      webhookSecrets: connection.webhookSecrets,
    };
  }
  return {
    protocol: 'praxis',
    providerId: connection.providerId,
    options: { baseUrl: connection.baseUrl, merchantId: connection.merchantId, applicationKey: connection.applicationKey, merchantSecret: connection.merchantSecret },
    ...(connection.notificationUrl ? { notificationUrl: connection.notificationUrl } : {}),
  };
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
  const psp = Object.fromEntries((settings.psp ?? []).map((c) => [c.providerId, pspFrom(c)]));
  const platforms = Object.fromEntries((settings.platforms ?? []).map((c) => [c.platformId, tradingPlatformFor(c)]));
  const settlementReports = Object.fromEntries(
    (settings.psp ?? []).flatMap((c) => (c.settlementFile ? [[c.providerId, fileSettlementSource(c.providerId, c.settlementFile)] as const] : [])),
  );
  return { screening, kycProvider, psp, platforms, settlementReports };
}
