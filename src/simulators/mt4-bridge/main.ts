/**
 * Runs the MT4 bridge simulator on its own, for the demo or manual testing:
 *   MT4_BRIDGE_SIM_PORT=8704 npx tsx src/simulators/mt4-bridge/main.ts
 * One signing key (MT4_BRIDGE_KEY_ID / MT4_BRIDGE_SECRET, default
 * "traderoom-dev" / a fixed development secret; a second key for rotation
 * with MT4_BRIDGE_KEY2_ID / MT4_BRIDGE_SECRET2) and three groups: real-usd
 * (USD), real-eur (EUR) and demo-usd (USD). Plain HTTP on loopback: point the
 * adapter's baseUrl and key at the printed values (docs/mt4-bridge-protocol.md).
 */
import type { BridgeKey } from '../../integrations/platforms/mt4-bridge/mt4-bridge-signing';
import { startMt4BridgeSimulator } from './simulator';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;

const keys: BridgeKey[] = [{ id: env('MT4_BRIDGE_KEY_ID', 'traderoom-dev'), secret: env('MT4_BRIDGE_SECRET', 'development-only-secret-0123456789abcdef') }];
if (process.env.MT4_BRIDGE_KEY2_ID && process.env.MT4_BRIDGE_SECRET2) keys.push({ id: process.env.MT4_BRIDGE_KEY2_ID, secret: process.env.MT4_BRIDGE_SECRET2 });

const simulator = await startMt4BridgeSimulator({
  keys,
  groups: [
    { name: 'real-usd', currency: 'USD' },
    { name: 'real-eur', currency: 'EUR' },
    { name: 'demo-usd', currency: 'USD' },
  ],
  host: env('MT4_BRIDGE_SIM_HOST', '127.0.0.1'),
  port: Number(env('MT4_BRIDGE_SIM_PORT', '8704')),
});
console.log(`MT4 bridge simulator listening on ${simulator.url} (key ids: ${keys.map((k) => k.id).join(', ')})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
