/**
 * SIMULATORS=true: the demo starts one simulator per configured platform, of
 * the platform's kind (MT5 Web API, MT4 bridge), with the platform's groups,
 * and hands the app connections its adapters can use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSimulators, type DemoSimulators } from '../../src/app/demo-simulators';
import { integrationsFrom } from '../../src/app/integrations';
import type { Integrations } from '../../src/usecases/integrations';
import { configWithMt4 } from '../support/mt4-fixtures';

let demo: DemoSimulators;
let integrations: Integrations;

beforeAll(async () => {
  demo = await startDemoSimulators(configWithMt4());
  integrations = integrationsFrom(demo.settings);
});
afterAll(async () => {
  await Promise.all(Object.values(integrations?.platforms ?? {}).map((p) => p.close()));
  await demo?.stop();
});

describe('demo platform simulators', () => {
  it('one simulator per configured platform, of its kind, reached through the adapter of that kind', async () => {
    expect(demo.platforms.map((p) => [p.platformId, p.kind])).toEqual([
      ['mt5_demo', 'mt5'],
      ['mt4_live', 'mt4'],
    ]);
    expect(demo.settings.platforms?.map((c) => [c.platformId, c.kind, c.baseUrl])).toEqual(demo.platforms.map((p) => [p.platformId, p.kind, p.simulator.url]));
    expect(integrations.platforms.mt4_live!.platform).toBe('mt4');
    expect(integrations.platforms.mt5_demo!.platform).toBe('mt5');

    const created = await integrations.platforms.mt4_live!.createAccount({
      group: 'sc-std-usd', currency: 'USD', leverage: 100, name: 'Demo Trader', email: 'trader@demo.test', reference: 'TA-demo-1', mainPassword: 'Main-Pass1', investorPassword: 'Inv-Pass12',
    });
    const bridge = demo.platforms.find((p) => p.kind === 'mt4')!;
    expect(bridge.kind === 'mt4' && bridge.simulator.account(created.login)).toMatchObject({ group: 'sc-std-usd', comment: 'TA-demo-1' });
    await expect(integrations.platforms.mt5_demo!.getBalances('123456')).rejects.toMatchObject({ code: 'not_found' });
  });
});
