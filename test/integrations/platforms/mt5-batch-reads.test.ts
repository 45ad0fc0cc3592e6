/**
 * Batched reads of the MT5 adapter (balance sync, reconciliation): balances of
 * many logins in one user/get_batch + user/account/get_batch, idle accounts
 * from the user record, unknown logins left out; every kind of deal of many
 * logins in one deal/get_batch, with its effect on the balance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mt5WebApiPlatform } from '../../../src/integrations/platforms/mt5';
import type { Mt5Simulator } from '../../../src/simulators/mt5';
import { GROUP_EUR, GROUP_JPY, accountInput, adapterFor, startSim } from './mt5-test-kit';

let sim: Mt5Simulator;
let mt5: Mt5WebApiPlatform;

beforeAll(async () => {
  sim = await startSim();
  mt5 = adapterFor(sim, { batchSize: 2 });
});
afterAll(async () => {
  await mt5.close();
  await sim.close();
});

describe('batched reads', () => {
  it('reads balances of many logins in batches; idle accounts from the user record; unknown logins absent', async () => {
    const busy = (await mt5.createAccount(accountInput({ group: GROUP_EUR, currency: 'EUR' }))).login;
    const idle = (await mt5.createAccount(accountInput())).login;
    const yen = (await mt5.createAccount(accountInput({ group: GROUP_JPY, currency: 'JPY' }))).login;
    await mt5.balanceOperation({ login: busy, amountMinor: 10_000n, currency: 'EUR', reference: 'batch-1' });
    await mt5.balanceOperation({ login: yen, amountMinor: 5_000n, currency: 'JPY', reference: 'batch-2' });
    sim.openPosition(busy, { marginMinor: 2_000n, profitMinor: -300n });
    sim.restart(); // yen loses its trade state: read from the user record
    sim.manualOperation(idle, 700n, { type: 3, comment: 'credit by hand' });
    sim.restart();
    const before = sim.stats().commands['user/get_batch'] ?? 0;
    const balances = await mt5.getBalancesBatch([busy, idle, yen, '999999']);
    expect([...balances.keys()].sort()).toEqual([busy, idle, yen].sort());
    expect(balances.get(busy)).toMatchObject({ currency: 'EUR', balanceMinor: 10_000n, floatingMinor: -300n, equityMinor: 9_700n, marginMinor: 2_000n, freeMarginMinor: 7_700n });
    expect(balances.get(idle)).toMatchObject({ currency: 'USD', balanceMinor: 0n, creditMinor: 700n, equityMinor: 700n, floatingMinor: 0n });
    expect(balances.get(yen)).toMatchObject({ currency: 'JPY', balanceMinor: 5_000n, marginMinor: 0n });
    expect((sim.stats().commands['user/get_batch'] ?? 0) - before).toBe(2); // 4 logins, 2 per batch
  });

  it('lists every kind of deal of many logins, with what each does to the balance', async () => {
    const a = (await mt5.createAccount(accountInput())).login;
    const b = (await mt5.createAccount(accountInput())).login;
    const since = new Date(Date.now() - 60_000);
    await mt5.balanceOperation({ login: a, amountMinor: 50_000n, currency: 'USD', reference: 'deals-1' });
    await mt5.balanceOperation({ login: b, amountMinor: 20_000n, currency: 'USD', reference: 'deals-2' });
    const position = sim.openPosition(a, { marginMinor: 1_000n });
    sim.setFloatingProfit(a, position, -1_250n);
    sim.closePosition(a, position);
    sim.manualOperation(b, 500n, { type: 6, comment: 'bonus' });
    sim.manualOperation(b, 300n, { type: 3, comment: 'credit' });
    const deals = await mt5.listDeals([a, b], since, new Date(Date.now() + 1000));
    expect(deals.map((d) => [d.login, d.kind, d.platformType, d.balanceEffectMinor, d.amountMinor, d.comment])).toEqual([
      [a, 'balance', '2', 50_000n, 50_000n, 'deals-1'],
      [b, 'balance', '2', 20_000n, 20_000n, 'deals-2'],
      [a, 'trade', '1', -1_250n, -1_250n, ''],
      [b, 'adjustment', '6', 500n, 500n, 'bonus'],
      [b, 'credit', '3', 0n, 300n, 'credit'],
    ]);
    expect(sim.account(a)!.balanceMinor).toBe(deals.filter((d) => d.login === a).reduce((s, d) => s + d.balanceEffectMinor, 0n));
  });
});
