/**
 * Money through the MT4 bridge adapter and the simulator over real HTTP:
 * deposits and withdrawals carrying our reference as the MT4 comment, no
 * money (MT4 134), injected MT4 codes, decimal strings at the account
 * currency's digits converted exactly, balances and the balance history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mt4BridgePlatform } from '../../../src/integrations/platforms/mt4-bridge';
import {
  PlatformInvalidRequestError,
  PlatformNoMoneyError,
  PlatformNotFoundError,
  PlatformPermissionError,
} from '../../../src/integrations/platforms/platform-errors';
import type { Mt4BridgeSimulator } from '../../../src/simulators/mt4-bridge';
import { GROUP_EUR, GROUP_JPY, GROUP_KWD, GROUP_USD0, RawBridgeClient, accountInput, adapterFor, captureError, nextRef, startSim } from './mt4-bridge-test-kit';

let sim: Mt4BridgeSimulator;
let mt4: Mt4BridgePlatform;

beforeAll(async () => {
  sim = await startSim();
  mt4 = adapterFor(sim);
});

afterAll(async () => {
  await mt4.close();
  await sim.close();
});

const applies = () => sim.stats().requests['balance.apply'] ?? 0;

async function fundedAccount(amountMinor: bigint, overrides: Parameters<typeof accountInput>[0] = {}): Promise<string> {
  const { login } = await mt4.createAccount(accountInput(overrides));
  if (amountMinor !== 0n) await mt4.balanceOperation({ login, amountMinor, currency: overrides.currency ?? 'USD', reference: nextRef('fund') });
  return login;
}

describe('balance operations', () => {
  it('deposits and withdraws, each an MT4 balance record carrying our reference', async () => {
    const login = await fundedAccount(0n);
    const dep = await mt4.balanceOperation({ login, amountMinor: 100_000n, currency: 'USD', reference: 'dep-1001' });
    const wd = await mt4.balanceOperation({ login, amountMinor: -25_050n, currency: 'usd', reference: 'wd-1002' });
    expect(dep).toEqual({ dealId: expect.stringMatching(/^\d+$/), alreadyApplied: false });
    expect(wd.alreadyApplied).toBe(false);
    expect(sim.account(login)?.balanceMinor).toBe(74_950n);
    expect(sim.deals(login).map((d) => [d.deal, d.action, d.amountMinor, d.comment])).toEqual([
      [dep.dealId, 2, 100_000n, 'dep-1001'],
      [wd.dealId, 2, -25_050n, 'wd-1002'],
    ]);
  });

  it('refuses a withdrawal beyond the free margin: no money (MT4 134), not retried; one within it passes', async () => {
    const login = await fundedAccount(100_000n); // 1,000.00
    const position = sim.openPosition(login, { marginMinor: 30_000n, profitMinor: -10_000n }); // margin 300, floating −100
    expect(await mt4.getBalances(login)).toEqual({
      currency: 'USD',
      balanceMinor: 100_000n,
      creditMinor: 0n,
      equityMinor: 90_000n,
      marginMinor: 30_000n,
      freeMarginMinor: 60_000n,
      floatingMinor: -10_000n,
    });

    const before = applies();
    const err = await captureError(mt4.balanceOperation({ login, amountMinor: -60_001n, currency: 'USD', reference: nextRef('wd') }));
    expect(err).toBeInstanceOf(PlatformNoMoneyError);
    expect((err as PlatformNoMoneyError).platformCode).toBe('no_money; MT4 134 RET_TRADE_NO_MONEY');
    expect((err as PlatformNoMoneyError).retryable).toBe(false);
    expect(applies() - before).toBe(1);
    expect(sim.account(login)?.balanceMinor).toBe(100_000n);

    await mt4.balanceOperation({ login, amountMinor: -60_000n, currency: 'USD', reference: nextRef('wd') });
    expect((await mt4.getBalances(login)).freeMarginMinor).toBe(0n);
    sim.setFloatingProfit(login, position, 5_000n);
    expect(await mt4.getBalances(login)).toMatchObject({ balanceMinor: 40_000n, equityMinor: 45_000n, freeMarginMinor: 15_000n, floatingMinor: 5_000n });
    sim.closePosition(login, position);
    expect(await mt4.getBalances(login)).toMatchObject({ balanceMinor: 45_000n, equityMinor: 45_000n, marginMinor: 0n, freeMarginMinor: 45_000n });
  });

  it('refuses a withdrawal above the balance when there are no positions', async () => {
    const login = await fundedAccount(5_000n);
    expect(await captureError(mt4.balanceOperation({ login, amountMinor: -5_001n, currency: 'USD', reference: nextRef('wd') }))).toBeInstanceOf(PlatformNoMoneyError);
  });

  it('maps injected MT4 codes 7, 134 and 3; none is retried, nothing applied', async () => {
    const login = await fundedAccount(1_000n);
    const cases: [number, new (...args: never[]) => Error, string][] = [
      [7, PlatformPermissionError, 'permission_denied; MT4 7 RET_NOT_ENOUGH_RIGHTS'],
      [134, PlatformNoMoneyError, 'no_money; MT4 134 RET_TRADE_NO_MONEY'],
      [3, PlatformInvalidRequestError, 'invalid_request; MT4 3 RET_INVALID_DATA'],
    ];
    for (const [mt4Code, type, platformCode] of cases) {
      const before = applies();
      sim.failNext({ kind: 'mt4_error', mt4Code, endpoint: 'balance.apply' });
      const err = await captureError(mt4.balanceOperation({ login, amountMinor: 100n, currency: 'USD', reference: nextRef('rc') }));
      expect(err).toBeInstanceOf(type);
      expect((err as PlatformNoMoneyError).platformCode).toBe(platformCode);
      expect(applies() - before).toBe(1);
    }
    expect(sim.account(login)?.balanceMinor).toBe(1_000n);
    expect(await captureError(mt4.balanceOperation({ login: '999997', amountMinor: 100n, currency: 'USD', reference: nextRef('rc') }))).toBeInstanceOf(PlatformNotFoundError);
  });

  it('checks currency, amount, digits and reference before sending anything', async () => {
    const login = await fundedAccount(0n);
    const usd0 = await fundedAccount(0n, { group: GROUP_USD0 });
    const before = applies();
    const wrongCurrency = await captureError(mt4.balanceOperation({ login, amountMinor: 100n, currency: 'EUR', reference: nextRef('x') }));
    expect(wrongCurrency).toBeInstanceOf(PlatformInvalidRequestError);
    expect((wrongCurrency as Error).message).toMatch(/in USD, not EUR/);
    expect(await captureError(mt4.balanceOperation({ login, amountMinor: 0n, currency: 'USD', reference: nextRef('x') }))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt4.balanceOperation({ login, amountMinor: 100_000_000_001n, currency: 'USD', reference: nextRef('x') }))).toBeInstanceOf(
      PlatformInvalidRequestError,
    ); // over 1e9 USD
    expect(await captureError(mt4.balanceOperation({ login, amountMinor: 100n, currency: 'USD', reference: 'a'.repeat(32) }))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt4.balanceOperation({ login, amountMinor: 100n, currency: 'USD', reference: 'bad|ref' }))).toBeInstanceOf(PlatformInvalidRequestError);
    // the bridge keeps this USD group without decimals: 1.50 cannot be moved, it is not rounded
    const cents = await captureError(mt4.balanceOperation({ login: usd0, amountMinor: 150n, currency: 'USD', reference: nextRef('x') }));
    expect(cents).toBeInstanceOf(PlatformInvalidRequestError);
    expect((cents as Error).message).toMatch(/more decimals than the platform keeps \(0\)/);
    expect(applies()).toBe(before);
    await mt4.balanceOperation({ login: usd0, amountMinor: 200n, currency: 'USD', reference: nextRef('x') });
    expect(sim.deals(usd0)[0]?.amountMinor).toBe(2n); // "2" on the wire: 2 whole dollars
    expect(await mt4.getBalances(usd0)).toMatchObject({ balanceMinor: 200n });
  });
});

describe('decimal strings, converted exactly per currency', () => {
  it('puts money on the wire as strings with the account digits, and refuses anything else', async () => {
    const login = await fundedAccount(2_600_000n);
    sim.openPosition(login, { marginMinor: 1_173n, profitMinor: -644n });
    const raw = new RawBridgeClient(sim.url);
    try {
      const balances = (await raw.get(`/v1/accounts/${login}/balances`)).json?.balances;
      expect(balances).toEqual({
        login,
        currency: 'USD',
        digits: 2,
        balance: '26000.00',
        credit: '0.00',
        equity: '25993.56',
        margin: '11.73',
        free_margin: '25981.83',
        floating: '-6.44',
      });
      const ops = (await raw.get(`/v1/accounts/${login}/balance-operations?from=0&to=9999999999`)).json?.operations as Record<string, unknown>[];
      expect(ops).toEqual([{ ticket: expect.stringMatching(/^\d+$/), login, amount: '26000.00', currency: 'USD', comment: expect.any(String), time: expect.any(Number) }]);

      const post = (amount: unknown) =>
        raw.request('POST', `/v1/accounts/${login}/balance-operations`, JSON.stringify({ reference: nextRef('raw'), amount, currency: 'USD' }));
      for (const bad of [10, '10.005', '1e3', '+5.00', '0.00', '1,000.00']) {
        const res = await post(bad);
        expect(res.status, String(bad)).toBe(400);
        expect(res.json?.error, String(bad)).toMatchObject({ code: 'invalid_request' });
      }
      expect((await post('1000000000.01')).json?.error).toMatchObject({ code: 'amount_too_large' });
      expect((await post('12.5')).status).toBe(201); // fewer decimals than the digits is fine
    } finally {
      raw.close();
    }
    expect(await mt4.getBalances(login)).toMatchObject({ balanceMinor: 2_601_250n, marginMinor: 1_173n, floatingMinor: -644n });
  });

  it('converts by the currency: JPY has no decimals, KWD three, EUR two', async () => {
    const jpy = await fundedAccount(123_456n, { group: GROUP_JPY, currency: 'JPY' });
    const kwd = await fundedAccount(1_234_567n, { group: GROUP_KWD, currency: 'KWD' });
    const eur = await fundedAccount(99n, { group: GROUP_EUR, currency: 'EUR' });
    expect(sim.deals(jpy)[0]?.amountMinor).toBe(123_456n);
    expect(await mt4.getBalances(jpy)).toMatchObject({ currency: 'JPY', balanceMinor: 123_456n });
    expect(await mt4.getBalances(kwd)).toMatchObject({ currency: 'KWD', balanceMinor: 1_234_567n }); // 1234.567 KWD
    expect(await mt4.getBalances(eur)).toMatchObject({ currency: 'EUR', balanceMinor: 99n });
    const [deal] = await mt4.listBalanceDeals(kwd, new Date(Date.now() - 60_000));
    expect(deal).toMatchObject({ amountMinor: 1_234_567n, currency: 'KWD' });
  });

  it('keeps cents exact beyond 2^53 minor units, where a float would not', async () => {
    const login = await fundedAccount(7n);
    const huge = 2n ** 53n + 1n;
    sim.openPosition(login, { marginMinor: 0n, profitMinor: huge });
    const balances = await mt4.getBalances(login);
    expect(balances.floatingMinor).toBe(huge);
    expect(balances.equityMinor).toBe(huge + 7n);
  });
});

describe('history', () => {
  it('lists balance operations since a time, oldest first, without trades, up to an end', async () => {
    const login = await fundedAccount(0n);
    const since = new Date();
    await mt4.balanceOperation({ login, amountMinor: 50_000n, currency: 'USD', reference: 'hist-a' });
    const position = sim.openPosition(login, { marginMinor: 100n, profitMinor: 2_500n });
    sim.closePosition(login, position); // a trade: not a balance operation
    await mt4.balanceOperation({ login, amountMinor: -20_000n, currency: 'USD', reference: 'hist-b' });
    const deals = await mt4.listBalanceDeals(login, since);
    expect(deals.map((d) => [d.amountMinor, d.comment, d.currency, d.login])).toEqual([
      [50_000n, 'hist-a', 'USD', login],
      [-20_000n, 'hist-b', 'USD', login],
    ]);
    expect(deals[0]!.time.getTime()).toBeGreaterThanOrEqual(Math.floor(since.getTime() / 1000) * 1000);
    expect(await mt4.listBalanceDeals(login, new Date(Date.now() + 60_000))).toEqual([]);
    expect(await mt4.listBalanceDeals(login, new Date(Date.now() - 60_000), new Date(Date.now() - 30_000))).toEqual([]);
  });

  it('refuses a window with more operations than the bridge answers at once', async () => {
    const small = await startSim({ maxOperationsPerAnswer: 2 });
    const adapter = adapterFor(small);
    try {
      const { login } = await adapter.createAccount(accountInput());
      for (let i = 0; i < 3; i++) await adapter.balanceOperation({ login, amountMinor: 100n, currency: 'USD', reference: nextRef('many') });
      const err = await captureError(adapter.listBalanceDeals(login, new Date(Date.now() - 60_000)));
      expect(err).toBeInstanceOf(PlatformInvalidRequestError);
      expect((err as PlatformInvalidRequestError).platformCode).toBe('too_many_results');
    } finally {
      await adapter.close();
      await small.close();
    }
  });
});
