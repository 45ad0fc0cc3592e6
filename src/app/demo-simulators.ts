/**
 * DEMO ONLY: the sanctions list (yente), KYC provider (Sumsub) and PSP simulators,
 * started on loopback with secrets generated for this run, so the demo runs
 * the real adapters over real HTTP without any outside service.
 */
import { randomBytes } from 'node:crypto';
import type { TraderoomConfig } from '../config/schema';
import { startMt5Simulator, type Mt5Simulator } from '../simulators/mt5';
import { startPspSimulator, type PspSimulator } from '../simulators/psp';
import { startSumsubSimulator, type SumsubSimulator } from '../simulators/sumsub';
import { startYenteSimulator, type YenteSimulator } from '../simulators/yente';
import type { IntegrationSettings } from './integrations';

export interface DemoSimulators {
  settings: IntegrationSettings;
  yente: YenteSimulator;
  sumsub: SumsubSimulator;
  psp: PspSimulator;
  /** One MT5 server per configured platform (its groups from the configuration). */
  mt5: Mt5Simulator[];
  /** Tells the KYC provider and PSP simulators where to deliver webhooks, once the server listens. */
  connect(serverUrl: string): void;
  stop(): Promise<void>;
}

export async function startDemoSimulators(config: Pick<TraderoomConfig, 'platforms'>): Promise<DemoSimulators> {
  const secret = () => `demo-only-${randomBytes(16).toString('hex')}`;
  const appToken = secret();
  const secretKey = secret();
  const webhookSecret = secret();
  const yente = await startYenteSimulator({ host: '127.0.0.1', port: 0 });
  const sumsub = await startSumsubSimulator({ appToken, secretKey, webhookSecret, host: '127.0.0.1', port: 0 });
  // The three providers of config/demo.yaml: card and wire speak the generic protocol, the local bank Praxis.
  const card = { secretKey: secret(), webhookSecret: secret() };
  const wire = { secretKey: secret(), webhookSecret: secret() };
  const bank = { merchantId: 'demo-merchant', applicationKey: 'demo-local-bank', secretKey: secret() };
  let serverUrl: string | undefined;
  const psp = await startPspSimulator({
    providers: [
      { id: 'demo_card', protocol: 'generic', name: 'Demo card acquirer', ...card },
      { id: 'demo_wire', protocol: 'generic', name: 'Demo wire bank', ...wire },
      { id: 'demo_local_bank', protocol: 'praxis', name: 'Demo local bank cashier', ...bank },
    ],
    webhookUrl: (providerId) => (serverUrl ? `${serverUrl}/api/webhooks/psp/${providerId}` : undefined),
    host: '127.0.0.1',
    port: 0,
  });
  const manager = { login: '1000', password: secret() };
  const mt5 = await Promise.all(
    config.platforms.map((platform) =>
      startMt5Simulator({
        managers: [manager],
        groups: platform.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })),
        host: '127.0.0.1',
        port: 0,
      }),
    ),
  );
  return {
    yente,
    sumsub,
    psp,
    mt5,
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
      psp: [
        { protocol: 'generic', providerId: 'demo_card', baseUrl: psp.url, secretKey: card.secretKey, webhookSecrets: [card.webhookSecret] },
        { protocol: 'generic', providerId: 'demo_wire', baseUrl: psp.url, secretKey: wire.secretKey, webhookSecrets: [wire.webhookSecret] },
        { protocol: 'praxis', providerId: 'demo_local_bank', baseUrl: psp.url, merchantId: bank.merchantId, applicationKey: bank.applicationKey, merchantSecret: bank.secretKey },
      ],
      platforms: config.platforms.map((platform, i) => ({ platformId: platform.id, kind: 'mt5' as const, baseUrl: mt5[i]!.url, ...manager })),
    },
    connect(url) {
      serverUrl = url;
      sumsub.setWebhookUrl(`${url}/api/webhooks/sumsub`);
    },
    async stop() {
      await Promise.all([yente.close(), sumsub.close(), psp.close(), ...mt5.map((m) => m.close())]);
    },
  };
}
