/**
 * Run the yente simulator on its own for the demo:
 *   YENTE_SIM_PORT=8090 [YENTE_SIM_API_KEY=secret] npx tsx src/simulators/yente/main.ts
 */
import { startYenteSimulator } from './simulator';

const port = Number(process.env.YENTE_SIM_PORT ?? 8090);
const simulator = await startYenteSimulator({ port, apiKey: process.env.YENTE_SIM_API_KEY || undefined });
console.log(`yente simulator (fictional data) listening on ${simulator.url}, dataset version ${simulator.version()}`);

const stop = async () => {
  await simulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
