/**
 * Money through the MT5 adapter and the simulator over real HTTP: balance
 * operations, balances (equity = balance + credit + floating, free margin),
 * 10019 on a withdrawal above the free margin, numbers as strings converted
 * exactly per currency, the idle-account fallback, the balance-deal history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mt5WebApiPlatform } from '../../../src/integrations/platforms/mt5';
import {
  PlatformInvalidRequestError,
  PlatformNoMoneyError,
  PlatformNotFoundError,
  PlatformPermissionError,
} from '../../../src/integrations/platforms/platform-errors';
import type { Mt5Simulator } from '../../../src/simulators/mt5';
import { GROUP_EUR, GROUP_JPY, GROUP_KWD, MANAGER, RawMt5Client, accountInput, adapterFor, captureError, nextRef, startSim } from './mt5-test-kit';

let sim: Mt5Simulator;
let mt5: Mt5WebApiPlatform;

beforeAll(async () => {
  sim = await startSim();
  mt5 = adapterFor(sim);
});

afterAll(async () => {
  await mt5.close();
  await sim.close();
});

async function fundedAccount(amountMinor: bigint, overrides: Parameters<typeof accountInput>[0] = {}): Promise<string> {
  const { login } = await mt5.createAccount(accountInput(overrides));
  const currency = overrides.currency ?? 'USD';
  if (amountMinor !== 0n) await mt5.balanceOperation({ login, amountMinor, currency, reference: nextRef('fund') });
  return login;
}

describe('balance operations', () => {
  it('deposits and withdraws, each a balance deal carrying our reference as its comment', async () => {
    const login = await fundedAccount(0n);
    const dep = await mt5.balanceOperation({ login, amountMinor: 100_000n, currency: 'USD', reference: 'dep-1001' });
    const wd = await mt5.balanceOperation({ login, amountMinor: -25_050n, currency: 'usd', reference: 'wd-1002' });
    expect(dep).toEqual({ dealId: expect.stringMatching(/^\d+$/), alreadyApplied: false });
    expect(wd.alreadyApplied).toBe(false);
    expect(sim.account(login)?.balanceMinor).toBe(74_950n);
    expect(sim.deals(login).map((d) => [d.deal, d.action, d.amountMinor, d.comment])).toEqual([
      [dep.dealId, 2, 100_000n, 'dep-1001'],
      [wd.dealId, 2, -25_050n, 'wd-1002'],
    ]);
  });

  it('refuses a withdrawal beyond the free margin with 10019 (not retried), but allows one within it', async () => {
    const login = await fundedAccount(100_000n); // 1,000.00
    const position = sim.openPosition(login, { marginMinor: 30_000n, profitMinor: -10_000n }); // margin 300, floating −100
    const balances = await mt5.getBalances(login);
    expect(balances).toEqual({
      currency: 'USD',
      balanceMinor: 100_000n,
      creditMinor: 0n,
      equityMinor: 90_000n,
      marginMinor: 30_000n,
      freeMarginMinor: 60_000n,
      floatingMinor: -10_000n,
    });

    const before = sim.stats().commands['trade/balance'] ?? 0;
    const err = await captureError(mt5.balanceOperation({ login, amountMinor: -60_001n, currency: 'USD', reference: nextRef('wd') }));
    expect(err).toBeInstanceOf(PlatformNoMoneyError);
    expect((err as PlatformNoMoneyError).platformCode).toBe('10019 No money');
    expect((err as PlatformNoMoneyError).retryable).toBe(false);
    expect((sim.stats().commands['trade/balance'] ?? 0) - before).toBe(1); // sent once, not retried
    expect(sim.account(login)?.balanceMinor).toBe(100_000n);

    await mt5.balanceOperation({ login, amountMinor: -60_000n, currency: 'USD', reference: nextRef('wd') });
    expect((await mt5.getBalances(login)).freeMarginMinor).toBe(0n);

    // the floating P/L moves equity and free margin, not the balance
    sim.setFloatingProfit(login, position, 5_000n);
    expect(await mt5.getBalances(login)).toMatchObject({ balanceMinor: 40_000n, equityMinor: 45_000n, freeMarginMinor: 15_000n, floatingMinor: 5_000n });
    sim.closePosition(login, position);
    expect(await mt5.getBalances(login)).toMatchObject({ balanceMinor: 45_000n, equityMinor: 45_000n, marginMinor: 0n, freeMarginMinor: 45_000n });
  });

  it('refuses a withdrawal above the balance when there are no positions', async () => {
    const login = await fundedAccount(5_000n);
    expect(await captureError(mt5.balanceOperation({ login, amountMinor: -5_001n, currency: 'USD', reference: nextRef('wd') }))).toBeInstanceOf(PlatformNoMoneyError);
  });

  it('maps injected retcodes: 8 permissions, 13 not found, 10019 no money; none is retried', async () => {
    const login = await fundedAccount(1_000n);
    const cases: [number, new (...args: never[]) => Error][] = [
      [8, PlatformPermissionError],
      [13, PlatformNotFoundError],
      [10019, PlatformNoMoneyError],
    ];
    for (const [retcode, type] of cases) {
      const before = sim.stats().commands['trade/balance'] ?? 0;
      sim.failNext({ kind: 'retcode', retcode, command: 'trade/balance' });
      expect(await captureError(mt5.balanceOperation({ login, amountMinor: 100n, currency: 'USD', reference: nextRef('rc') }))).toBeInstanceOf(type);
      expect((sim.stats().commands['trade/balance'] ?? 0) - before).toBe(1);
    }
    expect(sim.account(login)?.balanceMinor).toBe(1_000n);
    expect(await captureError(mt5.balanceOperation({ login: '999997', amountMinor: 100n, currency: 'USD', reference: nextRef('rc') }))).toBeInstanceOf(PlatformNotFoundError);
  });

  it('checks currency, amount and reference before sending anything', async () => {
    const login = await fundedAccount(0n);
    const before = sim.stats().commands['trade/balance'] ?? 0;
    const wrongCurrency = await captureError(mt5.balanceOperation({ login, amountMinor: 100n, currency: 'EUR', reference: nextRef('x') }));
    expect(wrongCurrency).toBeInstanceOf(PlatformInvalidRequestError);
    expect((wrongCurrency as Error).message).toMatch(/in USD, not EUR/);
    expect(await captureError(mt5.balanceOperation({ login, amountMinor: 0n, currency: 'USD', reference: nextRef('x') }))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt5.balanceOperation({ login, amountMinor: 100_000_000_001n, currency: 'USD', reference: nextRef('x') }))).toBeInstanceOf(
      PlatformInvalidRequestError,
    ); // 4005: over 1e9 USD
    expect(await captureError(mt5.balanceOperation({ login, amountMinor: 100n, currency: 'USD', reference: 'a'.repeat(32) }))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt5.balanceOperation({ login, amountMinor: 100n, currency: 'USD', reference: 'bad|ref' }))).toBeInstanceOf(PlatformInvalidRequestError);
    expect((sim.stats().commands['trade/balance'] ?? 0) - before).toBe(0);
  });
});

describe('numbers as strings, converted exactly per currency', () => {
  it('puts only strings on the wire for account state and deals', async () => {
    const login = await fundedAccount(2_600_000n);
    sim.openPosition(login, { marginMinor: 1_173n, profitMinor: -644n });
    const raw = new RawMt5Client(sim.url);
    try {
      await raw.login(MANAGER.login, MANAGER.password);
      const account = (await raw.get(`/api/user/account/get?login=${login}`)).json?.answer as Record<string, unknown>;
      // the doc example's figures: 26000.00 balance, 11.73 margin, −6.44 profit → 25981.83 free margin
      expect(account).toMatchObject({ Balance: '26000.00', Credit: '0.00', Margin: '11.73', MarginFree: '25981.83', Profit: '-6.44', Equity: '25993.56', CurrencyDigits: '2' });
      expect(account.MarginLevel).toBe('221598.97');
      for (const [key, value] of Object.entries(account)) expect(typeof value, key).toBe('string');
      const deals = (await raw.get(`/api/deal/get_batch?login=${login}&from=0&to=9999999999`)).json?.answer as Record<string, unknown>[];
      for (const [key, value] of Object.entries(deals[0]!)) expect(typeof value, key).toBe('string');
    } finally {
      raw.close();
    }
    expect(await mt5.getBalances(login)).toMatchObject({ balanceMinor: 2_600_000n, marginMinor: 1_173n, freeMarginMinor: 2_598_183n, floatingMinor: -644n });
  });

  it('converts by the currency: JPY has no decimals, KWD three, EUR two', async () => {
    const jpy = await fundedAccount(123_456n, { group: GROUP_JPY, currency: 'JPY' });
    const kwd = await fundedAccount(1_234_567n, { group: GROUP_KWD, currency: 'KWD' });
    const eur = await fundedAccount(99n, { group: GROUP_EUR, currency: 'EUR' });
    expect(sim.deals(jpy)[0]?.amountMinor).toBe(123_456n); // "123456" on the wire
    expect(await mt5.getBalances(jpy)).toMatchObject({ currency: 'JPY', balanceMinor: 123_456n });
    expect(await mt5.getBalances(kwd)).toMatchObject({ currency: 'KWD', balanceMinor: 1_234_567n }); // 1234.567 KWD
    expect(await mt5.getBalances(eur)).toMatchObject({ currency: 'EUR', balanceMinor: 99n }); // 0.99 EUR
  });

  it('keeps cents exact beyond 2^53 minor units, where a float would not', async () => {
    const login = await fundedAccount(7n);
    const huge = 2n ** 53n + 1n; // 90071992547409.93 USD of floating profit
    sim.openPosition(login, { marginMinor: 0n, profitMinor: huge });
    const balances = await mt5.getBalances(login);
    expect(balances.floatingMinor).toBe(huge);
    expect(balances.equityMinor).toBe(huge + 7n);
    expect(Math.round(Number('90071992547409.93') * 100)).not.toBe(Number(huge)); // what a float round trip gives
  });
});

describe('reading balances and history', () => {
  it('falls back to the user record for an idle account (account/get answers 13 after a restart)', async () => {
    const login = await fundedAccount(12_345n);
    sim.restart();
    await new Promise((r) => setTimeout(r, 20));
    const raw = new RawMt5Client(sim.url);
    try {
      await raw.login(MANAGER.login, MANAGER.password);
      expect((await raw.get(`/api/user/account/get?login=${login}`)).json?.retcode).toBe('13 Not found');
    } finally {
      raw.close();
    }
    expect(await mt5.getBalances(login)).toEqual({
      currency: 'USD',
      balanceMinor: 12_345n,
      creditMinor: 0n,
      equityMinor: 12_345n,
      marginMinor: 0n,
      freeMarginMinor: 12_345n,
      floatingMinor: 0n,
    });
    expect(await captureError(mt5.getBalances('999996'))).toBeInstanceOf(PlatformNotFoundError);
  });

  it('lists balance deals since a time, oldest first, without trades', async () => {
    const login = await fundedAccount(0n);
    const since = new Date(Date.now() - 1000);
    await mt5.balanceOperation({ login, amountMinor: 50_000n, currency: 'USD', reference: 'hist-a' });
    const position = sim.openPosition(login, { marginMinor: 100n, profitMinor: 2_500n });
    sim.closePosition(login, position); // a trade deal (action 1): not a balance deal
    await mt5.balanceOperation({ login, amountMinor: -20_000n, currency: 'USD', reference: 'hist-b' });
    const deals = await mt5.listBalanceDeals(login, since);
    expect(deals.map((d) => [d.amountMinor, d.comment, d.currency])).toEqual([
      [50_000n, 'hist-a', 'USD'],
      [-20_000n, 'hist-b', 'USD'],
    ]);
    expect(deals[0]!.time.getTime()).toBeGreaterThanOrEqual(since.getTime());
    expect(await mt5.listBalanceDeals(login, new Date(Date.now() + 60_000))).toEqual([]);
  });

  it('reads deal times in the server time zone when told the offset', async () => {
    const offsetSim = await startSim({ serverTimeOffsetSeconds: 3 * 3600 });
    const east = adapterFor(offsetSim, { serverTimeOffsetSeconds: 3 * 3600 });
    try {
      const { login } = await east.createAccount(accountInput());
      const t0 = Date.now();
      await east.balanceOperation({ login, amountMinor: 1_000n, currency: 'USD', reference: 'tz-1' });
      const [deal] = await east.listBalanceDeals(login, new Date(t0 - 2000));
      expect(deal?.comment).toBe('tz-1');
      expect(Math.abs(deal!.time.getTime() - t0)).toBeLessThan(2000);
      expect(offsetSim.deals(login)[0]!.time * 1000 - t0).toBeGreaterThan(3 * 3600 * 1000 - 2000);
    } finally {
      await east.close();
      await offsetSim.close();
    }
  });
});
