/**
 * The MT5 simulator of bench/reconcile.ts, in its own process (so the
 * benchmark's memory figure is the reconciler's alone): seeds N accounts of
 * bench/reconcile-world.ts, then tells its parent its url over IPC and
 * answers `{ type: 'stats' }` with its RSS and command counts.
 *   (forked by bench/reconcile.ts with BENCH_ACCOUNTS=N)
 */
import { startMt5Simulator, type Mt5SimSeedAccount } from '../src/simulators/mt5';
import { GROUP, MANAGER, simAccount } from './reconcile-world';

const accounts = Number(process.env.BENCH_ACCOUNTS ?? '100000');
const t0 = Math.floor(Date.now() / 1000) - 86_400;
const sim = await startMt5Simulator({ managers: [{ ...MANAGER }], groups: [{ name: GROUP, currency: 'EUR' }], host: '127.0.0.1', port: 0 });
function* seeds(): Generator<Mt5SimSeedAccount> {
  for (let i = 1; i <= accounts; i++) {
    const a = simAccount(i, t0);
    yield { login: a.login, group: GROUP, comment: a.comment, deals: a.deals, ...(a.balanceMinor !== undefined ? { balanceMinor: a.balanceMinor } : {}) };
  }
}
const started = performance.now();
sim.seedAccounts(seeds());
const seedSeconds = (performance.now() - started) / 1000;
if (process.connected) process.send!({ type: 'ready', url: sim.url, seedSeconds, deals: sim.deals().length });
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stats' && process.connected) process.send!({ type: 'stats', rssMb: process.memoryUsage().rss / 1_048_576, commands: sim.stats().commands });
  if (message.type === 'stop') void sim.close().then(() => process.exit(0));
});
process.on('disconnect', () => void sim.close().then(() => process.exit(0)));
process.once('SIGTERM', () => void sim.close().then(() => process.exit(0)));
