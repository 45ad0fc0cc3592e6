/**
 * DEMO ONLY: the sanctions list (yente) and KYC provider (Sumsub) simulators,
 * started on loopback with secrets generated for this run, so the demo runs
 * the real adapters over real HTTP without any outside service.
 */
import { randomBytes } from 'node:crypto';
import { startSumsubSimulator, type SumsubSimulator } from '../simulators/sumsub';
import { startYenteSimulator, type YenteSimulator } from '../simulators/yente';
import type { IntegrationSettings } from './integrations';

export interface DemoSimulators {
  settings: IntegrationSettings;
  yente: YenteSimulator;
  sumsub: SumsubSimulator;
  /** Tells the KYC provider simulator where to deliver webhooks, once the server listens. */
  connect(serverUrl: string): void;
  stop(): Promise<void>;
}

export async function startDemoSimulators(): Promise<DemoSimulators> {
  const secret = () => `demo-only-${randomBytes(16).toString('hex')}`;
  const appToken = secret();
  const secretKey = secret();
  const webhookSecret = secret();
  const yente = await startYenteSimulator({ host: '127.0.0.1', port: 0 });
  const sumsub = await startSumsubSimulator({ appToken, secretKey, webhookSecret, host: '127.0.0.1', port: 0 });
  return {
    yente,
    sumsub,
    settings: {
      sanctionsUrl: yente.url,
      sanctionsApiKey: null,
      sanctionsDataset: 'default',
      sanctionsThreshold: 0.7,
      sumsubUrl: sumsub.url,
      sumsubAppToken: appToken,
      sumsubSecretKey: secretKey,
      sumsubWebhookSecrets: [webhookSecret],
      sumsubLevelName: 'basic-kyc-level',
    },
    connect(serverUrl) {
      sumsub.setWebhookUrl(`${serverUrl}/api/webhooks/sumsub`);
    },
    async stop() {
      await Promise.all([yente.close(), sumsub.close()]);
    },
  };
}
