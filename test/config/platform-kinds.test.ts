/**
 * Platform kinds of the configuration: `mt5` (Web API) and `mt4` (through the
 * bridge). An MT4 platform is checked like an MT5 one, plus MT4's own limit:
 * a group name holds at most 15 characters (the Manager API's group[16]).
 * Every refusal names the field.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load-config';
import { MT4_PLATFORM, configWithMt4 } from '../support/mt4-fixtures';

function refusal(platform: unknown): string[] {
  try {
    configWithMt4(platform);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

const withGroup = (group: Record<string, unknown>) => ({ ...MT4_PLATFORM, groups: [{ ...MT4_PLATFORM.groups[0], ...group }] });

describe('platform kinds', () => {
  it('accepts an MT4 platform next to the MT5 one', () => {
    const config = configWithMt4();
    expect(config.platforms.map((p) => [p.id, p.kind])).toEqual([
      ['mt5_demo', 'mt5'],
      ['mt4_live', 'mt4'],
    ]);
    expect(config.platforms[1]!.groups.map((g) => g.group)).toEqual(['sc-std-usd', 'sc-std-eur', 'demo-sc-usd']);
  });

  it('refuses a kind it does not know', () => {
    expect(refusal({ ...MT4_PLATFORM, kind: 'ctrader' })).toEqual(['platforms[1].kind: must be one of: mt5, mt4']);
  });

  it('refuses an MT4 group name over 15 characters, at the group; MT5 names may be longer', () => {
    expect(refusal(withGroup({ group: 'real\\sc-standard-usd' }))).toEqual([
      "platforms[1].groups[0].group: must be at most 15 characters on MT4 (the Manager API's group[16]), got 20",
    ]);
    expect(() => configWithMt4({ ...withGroup({ group: 'real\\sc-standard-usd' }), kind: 'mt5' })).not.toThrow();
    expect(() => configWithMt4(withGroup({ group: 'x'.repeat(15) }))).not.toThrow();
  });

  it('checks an MT4 platform like any other: unknown entity, currency, leverage, rights, duplicate id', () => {
    expect(refusal(withGroup({ entity: 'mars' }))).toEqual(['platforms[1].groups[0].entity: unknown entity "mars"']);
    expect(refusal(withGroup({ currencies: ['GBP'] }))).toEqual(['platforms[1].groups[0].currencies: GBP is not a base currency of entity "offshore" (USD, EUR)']);
    expect(refusal(withGroup({ startingBalanceMinor: 100 }))).toEqual(['platforms[1].groups[0].startingBalanceMinor: only demo groups start with virtual money']);
    expect(refusal({ ...MT4_PLATFORM, leverages: [2000] })).toEqual(['platforms[1].leverages[0]: must be at most 1000']);
    expect(refusal({ ...MT4_PLATFORM, whenRestricted: 'full' })).toEqual(['platforms[1].whenRestricted: must be one of: trading_disabled, login_disabled']);
    expect(refusal({ ...MT4_PLATFORM, id: 'mt5_demo' })).toEqual(['platforms[1].id: duplicate platform id "mt5_demo" (first at platforms[0])']);
    expect(refusal({ ...MT4_PLATFORM, keySecret: 'in the file' })).toEqual(['platforms[1].keySecret: unknown key']); // secrets only from the environment
  });
});
