/**
 * MT4 through the bridge for the app tests: the demo configuration with an
 * MT4 platform added (the offshore entity's live and demo accounts; MT4 group
 * names are at most 15 characters), a loopback bridge simulator with its
 * groups, the adapter wired the way the app wires it, and an offshore client.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { tradingPlatformFor } from '../../src/app/integrations';
import { DEMO_CONFIG_PATH, parseConfig } from '../../src/config/load-config';
import type { PlatformConfig } from '../../src/config/platform-schema';
import type { TraderoomConfig } from '../../src/config/schema';
import type { Mt4BridgePlatformOptions } from '../../src/integrations/platforms';
import { createMt4BridgePlatform } from '../../src/integrations/platforms';
import { startMt4BridgeSimulator, type Mt4BridgeSimulator } from '../../src/simulators/mt4-bridge';
import type { TestApp } from './test-app';
import { seededClient, type SeededClient } from './actors';

export const MT4_KEY = { id: 'traderoom-test', secret: 'test-only-bridge-secret-0123456789abcdef' };

export const MT4_PLATFORM = {
  id: 'mt4_live',
  name: 'MetaTrader 4 (offshore)',
  kind: 'mt4',
  leverages: [1, 50, 100, 200, 500],
  whenRestricted: 'trading_disabled',
  groups: [
    { entity: 'offshore', accountType: 'live', currencies: ['USD'], group: 'sc-std-usd' },
    { entity: 'offshore', accountType: 'live', currencies: ['EUR'], group: 'sc-std-eur' },
    { entity: 'offshore', accountType: 'demo', currencies: ['USD'], group: 'demo-sc-usd' },
  ],
} as const satisfies PlatformConfig;

/** The demo configuration plus `platform` (default MT4_PLATFORM), validated like a broker's file. */
export function configWithMt4(platform: unknown = MT4_PLATFORM): TraderoomConfig {
  const data = parse(readFileSync(DEMO_CONFIG_PATH, 'utf8')) as { platforms: unknown[] };
  data.platforms.push(platform);
  return parseConfig(stringify(data), 'demo.yaml + mt4');
}

/** A bridge simulator holding the platform's groups, accepting MT4_KEY. */
export function startMt4Bridge(platform: Pick<PlatformConfig, 'groups'> = MT4_PLATFORM): Promise<Mt4BridgeSimulator> {
  return startMt4BridgeSimulator({ keys: [MT4_KEY], groups: platform.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })) });
}

/** The adapter as the app builds it from PLATFORM_<ID>_* (tradingPlatformFor), or with test timings when `options` are given. */
export function mt4Adapter(bridge: Mt4BridgeSimulator, options?: Partial<Mt4BridgePlatformOptions>) {
  if (!options) return tradingPlatformFor({ platformId: MT4_PLATFORM.id, kind: 'mt4', baseUrl: bridge.url, keyId: MT4_KEY.id, keySecret: MT4_KEY.secret });
  return createMt4BridgePlatform({ baseUrl: bridge.url, key: MT4_KEY, ...options });
}

/** A verified individual of the offshore entity (resident in the UAE), logged in. */
export async function offshoreClient(app: TestApp): Promise<SeededClient> {
  const client = await seededClient(app, { emailPrefix: 'mt4-trader' });
  await app.ctx.db.updateTable('client').set({ entity_id: 'offshore', country: 'AE' }).where('id', '=', client.id).execute();
  return client;
}
