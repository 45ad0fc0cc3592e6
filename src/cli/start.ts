/**
 * `npm start`: migrates, seeds the demo (embedded database only, by
 * default), starts the workers and the HTTP server, prints where to go.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemo } from '../app/demo-seed';
import { startDemoSimulators } from '../app/demo-simulators';
import { integrationsFrom } from '../app/integrations';
import { localFileStore } from '../integrations/files/file-store';
import { openConfiguredDatabase } from '../app/open-database';
import { mailerFor, startRuntime } from '../app/runtime';
import { platformConnectionsFor, pspConnectionsFor, readSettings } from '../app/settings';
import { loadConfig } from '../config/load-config';
import { buildServer } from '../http/server';
import { runCli } from './run-cli';

const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

await runCli(async () => {
  const startedAt = performance.now();
  const settings = readSettings();
  const config = loadConfig(settings.configPath);
  // Real payment providers from PSP_<ID>_* (checked before anything starts); the demo's simulators replace them.
  const psp = pspConnectionsFor(settings, config.paymentProviders);
  const platforms = platformConnectionsFor(settings, config.platforms);
  const database = await openConfiguredDatabase(settings);
  const log = (message: string) => console.log(JSON.stringify({ level: 30, time: Date.now(), msg: message }));
  const simulators = settings.simulators ? await startDemoSimulators(config) : null;
  for (const id of platforms.unconfigured) log(`trading platform "${id}" has no PLATFORM_${id.toUpperCase()}_* settings: its accounts cannot be opened`);
  const runtime = await startRuntime({
    database,
    config,
    publicUrl: settings.publicUrl,
    mailer: mailerFor(settings, config),
    files: localFileStore(join(settings.dataDir, 'files')),
    integrations: integrationsFrom(simulators?.settings ?? { ...settings.integrations, psp, platforms: platforms.connections }),
    log,
  });
  const logins = settings.demoSeed ? await seedDemo(runtime.ctx, settings.dataDir) : null;
  const webDist = existsSync(join(WEB_DIST, 'index.html')) ? WEB_DIST : null;
  const app = await buildServer(runtime.ctx, { cookieSecure: settings.cookieSecure, webDist }, { level: settings.logLevel });
  const address = await app.listen({ port: settings.port, host: settings.host });
  simulators?.connect(address);

  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: shutting down`);
    await app.close();
    await runtime.stop();
    await simulators?.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const lines = [
    '',
    `Traderoom is running (${database.kind === 'pglite' ? `embedded database in ${settings.dataDir}` : 'PostgreSQL'}; started in ${seconds} s)`,
    `  Portal:       ${settings.publicUrl}/`,
    `  Back office:  ${settings.publicUrl}/backoffice`,
    `  API docs:     ${settings.publicUrl}/api/docs`,
    `  Mail folder:  ${settings.smtpUrl ? '(SMTP)' : join(settings.dataDir, 'mail')}`,
  ];
  if (!webDist) lines.push('  (web app not built: run `npm run build:web`)');
  if (simulators) lines.push(`  Simulators:   sanctions list ${simulators.yente.url}, KYC provider ${simulators.sumsub.url}, PSPs ${simulators.psp.url} (demo only)`);
  if (simulators?.platforms.length) {
    const servers = simulators.platforms.map((p) => `${p.platformId} ${p.simulator.url} (${p.kind === 'mt4' ? 'MT4 bridge' : 'MT5 Web API'})`);
    lines.push(`  Platforms:    ${servers.join(', ')} (simulators; demo only)`);
  }
  if (simulators) lines.push(`  PSP operator: ${simulators.psp.operatorUrl} (settle payouts, refunds, chargebacks; demo only)`);
  if (database.kind === 'pglite') lines.push('  Embedded database: demo and tests only. Use DATABASE_URL (PostgreSQL) for real money.');
  if (logins) {
    lines.push('', 'Demo logins (DEMO ONLY, generated for this data folder):');
    lines.push(`  client      ${logins.client.email}  ${logins.client.password}`);
    if (logins.trader) lines.push(`  trader      ${logins.trader.email}  ${logins.trader.password}  (verified, with money to withdraw)`);
    for (const staff of logins.staff) lines.push(`  ${staff.roles[0]!.padEnd(11)} ${staff.email}  ${staff.password}`);
    lines.push('  Staff enrol two-factor at first login: scan the QR code with an authenticator app,');
    lines.push('  or print codes with `npm run totp -- <secret shown on screen>`.');
  }
  console.log(lines.join('\n'));
});
