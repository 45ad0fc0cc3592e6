/**
 * DEMO ONLY: the sanctions list (yente), KYC provider (Sumsub), PSP and
 * trading platform (per configured platform, of its kind: MT5 Web API or MT4
 * bridge) simulators, started on loopback with secrets generated for this
 * run, so the demo runs the real adapters over real HTTP without any outside
 * service.
 */
import { randomBytes } from 'node:crypto';
import type { PlatformConfig } from '../config/platform-schema';
import type { TraderoomConfig } from '../config/schema';
import { startMt4BridgeSimulator, type Mt4BridgeSimulator } from '../simulators/mt4-bridge';
import { startMt5Simulator, type Mt5Simulator } from '../simulators/mt5';
import { startPspSimulator, type PspSimulator } from '../simulators/psp';
import { startSumsubSimulator, type SumsubSimulator } from '../simulators/sumsub';
import { startYenteSimulator, type YenteSimulator } from '../simulators/yente';
import type { IntegrationSettings, PlatformConnection } from './integrations';

/** The simulator that plays one configured platform, by its kind. */
export type DemoPlatformSimulator =
  | { platformId: string; kind: 'mt5'; simulator: Mt5Simulator }
  | { platformId: string; kind: 'mt4'; simulator: Mt4BridgeSimulator };

export interface DemoSimulators {
  settings: IntegrationSettings;
  yente: YenteSimulator;
  sumsub: SumsubSimulator;
  psp: PspSimulator;
  /** One simulator per configured platform, of its kind (its groups from the configuration). */
  platforms: DemoPlatformSimulator[];
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
  const platforms = await Promise.all(config.platforms.map((platform) => startPlatformSimulator(platform, secret())));
  return {
    yente,
    sumsub,
    psp,
    platforms: platforms.map((p) => p.running),
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
      platforms: platforms.map((p) => p.connection),
    },
    connect(url) {
      serverUrl = url;
      sumsub.setWebhookUrl(`${url}/api/webhooks/sumsub`);
    },
    async stop() {
      await Promise.all([yente.close(), sumsub.close(), psp.close(), ...platforms.map((p) => p.running.simulator.close())]);
    },
  };
}

/** A simulator of the platform's kind with the platform's groups, and the connection Traderoom uses to reach it. */
async function startPlatformSimulator(platform: PlatformConfig, secret: string): Promise<{ running: DemoPlatformSimulator; connection: PlatformConnection }> {
  const groups = platform.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! }));
  const base = { platformId: platform.id, kind: platform.kind };
  if (base.kind === 'mt4') {
    const key = { id: 'demo', secret };
    const simulator = await startMt4BridgeSimulator({ keys: [key], groups, host: '127.0.0.1', port: 0 });
    return { running: { ...base, kind: 'mt4', simulator }, connection: { ...base, kind: 'mt4', baseUrl: simulator.url, keyId: key.id, keySecret: key.secret } };
  }
  const manager = { login: '1000', password: secret };
  const simulator = await startMt5Simulator({ managers: [manager], groups, host: '127.0.0.1', port: 0 });
  return { running: { ...base, kind: 'mt5', simulator }, connection: { ...base, kind: 'mt5', baseUrl: simulator.url, ...manager } };
}
