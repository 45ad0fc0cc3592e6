/**
 * Runs the MT5 Web API simulator on its own, for the demo or manual testing:
 *   MT5_SIM_PORT=8703 npx tsx src/simulators/mt5/main.ts
 * One manager with every right (MT5_MANAGER_LOGIN / MT5_MANAGER_PASSWORD,
 * default 1000 / "Manager#2024") and three groups: real\traderoom-usd (USD),
 * real\traderoom-eur (EUR) and demo\traderoom-usd (USD). Plain HTTP on
 * loopback: point the adapter's baseUrl at the printed url.
 */
import { startMt5Simulator } from './simulator';

const env = (name: string, fallback: string) => process.env[name] ?? fallback;

const simulator = await startMt5Simulator({
  managers: [{ login: env('MT5_MANAGER_LOGIN', '1000'), password: env('MT5_MANAGER_PASSWORD', 'Manager#2024') }],
  groups: [
    { name: 'real\\traderoom-usd', currency: 'USD' },
    { name: 'real\\traderoom-eur', currency: 'EUR' },
    { name: 'demo\\traderoom-usd', currency: 'USD' },
  ],
  host: env('MT5_SIM_HOST', '127.0.0.1'),
  port: Number(env('MT5_SIM_PORT', '8703')),
});
console.log(`MT5 Web API simulator listening on ${simulator.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
