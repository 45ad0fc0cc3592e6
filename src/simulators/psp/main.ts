/**
 * Runs the PSP simulator on its own for the demo (the three providers of
 * config/demo.yaml: demo_card and demo_wire speak the generic Stripe-format
 * protocol, demo_local_bank speaks Praxis Cashier):
 *   PSP_SIM_PORT=8702 PSP_WEBHOOK_URL_TEMPLATE='http://127.0.0.1:3000/api/webhooks/psp/{providerId}' \
 *   npx tsx src/simulators/psp/main.ts
 * Secrets default to fixed demo values; override with the variables Traderoom
 * itself reads (src/app/settings.ts), so one environment serves both:
 * PSP_<ID>_SECRET_KEY, PSP_<ID>_WEBHOOK_SECRETS (generic; the older singular
 * PSP_<ID>_WEBHOOK_SECRET is still read) and PSP_DEMO_LOCAL_BANK_MERCHANT_ID /
 * _APPLICATION_KEY / _MERCHANT_SECRET (Praxis), where <ID> is the provider id in
 * upper case. Then run Traderoom with SIMULATORS=false and PSP_<ID>_URL set to
 * this simulator's URL.
 */
import { startPspSimulator, type PspSimulatorProvider } from './simulator';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const webhookSecrets = (id: string, fallback: string) =>
  (process.env[`PSP_${id}_WEBHOOK_SECRETS`] ?? env(`PSP_${id}_WEBHOOK_SECRET`, fallback)).split(',').map((s) => s.trim()).filter(Boolean);
const template = env('PSP_WEBHOOK_URL_TEMPLATE', 'http://127.0.0.1:3000/api/webhooks/psp/{providerId}');

const providers: PspSimulatorProvider[] = [
  { id: 'demo_card', name: 'Demo card acquirer', protocol: 'generic', secretKey: env('PSP_DEMO_CARD_SECRET_KEY', 'sk_test_demo_card'), webhookSecrets: webhookSecrets('DEMO_CARD', 'whsec_demo_card') },
  {
    id: 'demo_local_bank',
    name: 'Demo local bank cashier',
    protocol: 'praxis',
    secretKey: env('PSP_DEMO_LOCAL_BANK_MERCHANT_SECRET', env('PSP_DEMO_LOCAL_BANK_SECRET_KEY', 'demo-praxis-merchant-secret')),
    merchantId: env('PSP_DEMO_LOCAL_BANK_MERCHANT_ID', 'API-DemoBroker'),
    applicationKey: env('PSP_DEMO_LOCAL_BANK_APPLICATION_KEY', 'traderoom-demo'),
  },
  { id: 'demo_wire', name: 'Demo wire bank', protocol: 'generic', secretKey: env('PSP_DEMO_WIRE_SECRET_KEY', 'sk_test_demo_wire'), webhookSecrets: webhookSecrets('DEMO_WIRE', 'whsec_demo_wire') },
];

const simulator = await startPspSimulator({
  providers,
  webhookUrl: (providerId) => template.replace('{providerId}', encodeURIComponent(providerId)),
  port: Number(env('PSP_SIM_PORT', '8702')),
  retryDelaysMs: [5_000, 30_000, 60_000, 300_000],
});
console.log(`PSP simulator listening on ${simulator.url}; operator page (demo only): ${simulator.operatorUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
