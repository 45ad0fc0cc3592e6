/**
 * Runs the Sumsub simulator on its own, for the demo or manual testing:
 *   SUMSUB_SIM_PORT=8701 SUMSUB_WEBHOOK_URL=http://127.0.0.1:3000/webhooks/sumsub \
 *   npx tsx src/simulators/sumsub/main.ts
 * Credentials default to fixed demo values; override with SUMSUB_APP_TOKEN,
 * SUMSUB_SECRET_KEY and SUMSUB_WEBHOOK_SECRET.
 */
import { startSumsubSimulator } from './simulator';

const simulator = await startSumsubSimulator({
  appToken: process.env.SUMSUB_APP_TOKEN ?? 'sbx:demo-app-token',
  secretKey: process.env.SUMSUB_SECRET_KEY ?? 'demo-secret-key',
  webhookSecret: process.env.SUMSUB_WEBHOOK_SECRET ?? 'demo-webhook-secret',
  webhookUrl: process.env.SUMSUB_WEBHOOK_URL,
  port: Number(process.env.SUMSUB_SIM_PORT ?? 8701),
  retryDelaysMs: [5_000, 30_000, 60_000, 120_000],
});
console.log(`Sumsub simulator listening on ${simulator.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
