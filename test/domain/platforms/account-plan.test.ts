import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import { accountOffers, allowedLeverages, platformGroupPlan } from '../../../src/domain/platforms/account-plan';

const config = loadConfig();
const mt5 = config.platforms[0]!;
const entity = (id: string) => config.entities.find((e) => e.id === id)!;

describe('platform account plan (demo configuration)', () => {
  it.each([
    [{ entityId: 'eu', clientType: 'individual', riskLevel: 'low' }, 'live', 'EUR', 'real\\eu-retail-eur'],
    [{ entityId: 'eu', clientType: 'individual', riskLevel: 'high' }, 'demo', 'USD', 'demo\\eu-usd'],
    [{ entityId: 'offshore', clientType: 'individual', riskLevel: 'medium' }, 'live', 'USD', 'real\\sc-standard-usd'],
    [{ entityId: 'offshore', clientType: 'individual', riskLevel: 'high' }, 'live', 'USD', 'real\\sc-watch-usd'],
    [{ entityId: 'offshore', clientType: 'individual', riskLevel: 'low' }, 'demo', 'EUR', null],
    [{ entityId: 'eu', clientType: 'individual', riskLevel: 'low' }, 'live', 'GBP', null],
  ] as const)('%o %s %s → %s', (client, type, currency, group) => {
    expect(platformGroupPlan(mt5, client, type, currency)?.group ?? null).toBe(group);
  });

  it('caps leverage at the entity limit for the client type', () => {
    expect(allowedLeverages(mt5, entity('eu'), 'individual')).toEqual([1, 10, 30]);
    expect(allowedLeverages(mt5, entity('offshore'), 'individual')).toEqual([1, 10, 30, 50, 100, 200, 500]);
    expect(allowedLeverages(mt5, entity('offshore'), 'corporate')).toEqual([1, 10, 30, 50, 100, 200]);
  });

  it('offers only the account types and currencies that have a group for the client', () => {
    expect(accountOffers(mt5, { entityId: 'offshore', clientType: 'individual', riskLevel: 'high' })).toEqual([
      { accountType: 'live', currencies: ['USD', 'EUR'] },
      { accountType: 'demo', currencies: ['USD'] },
    ]);
  });
});
