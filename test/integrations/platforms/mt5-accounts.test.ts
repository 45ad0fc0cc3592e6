/**
 * Accounts through the MT5 adapter and the simulator over real HTTP: create,
 * read, rights (TRADE_DISABLED round trip), refusals mapped to typed errors,
 * and an account created despite a lost answer found again, not duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mt5WebApiPlatform } from '../../../src/integrations/platforms/mt5';
import { MT5_RIGHT } from '../../../src/integrations/platforms/mt5/mt5-rights';
import {
  PlatformConflictError,
  PlatformInvalidRequestError,
  PlatformNotFoundError,
  PlatformPermissionError,
  PlatformUnavailableError,
} from '../../../src/integrations/platforms/platform-errors';
import type { Mt5Simulator } from '../../../src/simulators/mt5';
import {
  DEMO_MANAGER,
  GROUP_DEMO,
  GROUP_EUR,
  GROUP_STRICT,
  GROUP_USD,
  READER,
  RawMt5Client,
  MANAGER,
  accountInput,
  adapterFor,
  captureError,
  startSim,
} from './mt5-test-kit';

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

describe('create and read', () => {
  it('creates an account in the group with our reference, and reads it back', async () => {
    const input = accountInput({ group: GROUP_EUR, currency: 'EUR', leverage: 30, name: 'Jean Dupont', email: 'jean@example.test' });
    const created = await mt5.createAccount(input);
    expect(created.login).toMatch(/^\d+$/);
    expect(created.alreadyExisted).toBe(false);

    const account = await mt5.getAccount(created.login);
    expect(account).toMatchObject({
      login: created.login,
      group: GROUP_EUR,
      currency: 'EUR',
      leverage: 30,
      name: 'Jean Dupont',
      email: 'jean@example.test',
      reference: input.reference,
      rights: 'full',
    });
    expect(account.registeredAt).toBeInstanceOf(Date);
    const stored = sim.account(created.login)!;
    expect(stored.comment).toBe(input.reference);
    expect(stored.rights & MT5_RIGHT.ENABLED).toBe(MT5_RIGHT.ENABLED);
    expect(stored.rights & MT5_RIGHT.TRADE_DISABLED).toBe(0n);
    expect(account.rightsRaw).toBe(stored.rights.toString());
  });

  it('creates with a fixed login and with initial rights', async () => {
    const created = await mt5.createAccount(accountInput({ login: '777001', rights: 'trading_disabled' }));
    expect(created.login).toBe('777001');
    expect((await mt5.getAccount('777001')).rights).toBe('trading_disabled');
  });

  it('returns not found (13) for an unknown login', async () => {
    const err = await captureError(mt5.getAccount('999999'));
    expect(err).toBeInstanceOf(PlatformNotFoundError);
    expect((err as PlatformNotFoundError).platformCode).toBe('13 Not found');
    expect((err as PlatformNotFoundError).retryable).toBe(false);
  });

  it('sends passwords in the JSON body, not in the URL; the wire accepts both content types', async () => {
    const raw = new RawMt5Client(sim.url);
    try {
      await raw.login(MANAGER.login, MANAGER.password);
      const body = JSON.stringify({ PassMain: 'Raw#Main12', PassInvestor: 'Raw#Inv123', Name: 'Raw Form', Email: 'raw@example.test' });
      const res = await raw.request('POST', `/api/user/add?group=${encodeURIComponent(GROUP_USD)}&leverage=50`, body, 'application/x-www-form-urlencoded');
      expect(res.json?.retcode).toBe('0 Done');
      const user = res.json?.answer as Record<string, unknown>;
      expect(user).toMatchObject({ Group: GROUP_USD, Leverage: '50', Name: 'Raw Form', Balance: '0.00', Credit: '0.00' });
      expect(user.PassMain).toBeUndefined();
      // every number on the wire is a string
      for (const key of ['Login', 'Rights', 'Registration', 'Leverage', 'Balance']) expect(typeof user[key], key).toBe('string');
    } finally {
      raw.close();
    }
  });
});

describe('rights', () => {
  it('round-trips TRADE_DISABLED (inverted flag) and login_disabled, keeping the other bits', async () => {
    const { login } = await mt5.createAccount(accountInput());
    const original = sim.account(login)!.rights;

    const disabled = await mt5.setRights(login, 'trading_disabled');
    expect(disabled.rights).toBe('trading_disabled');
    expect(sim.account(login)!.rights).toBe(original | MT5_RIGHT.TRADE_DISABLED);
    expect((await mt5.getAccount(login)).rights).toBe('trading_disabled');

    const full = await mt5.setRights(login, 'full');
    expect(full.rights).toBe('full');
    expect(sim.account(login)!.rights).toBe(original);

    const noLogin = await mt5.setRights(login, 'login_disabled');
    expect(noLogin.rights).toBe('login_disabled');
    expect(sim.account(login)!.rights & MT5_RIGHT.ENABLED).toBe(0n);

    expect((await mt5.setRights(login, 'full')).rights).toBe('full');
    expect(sim.account(login)!.rights).toBe(original);
  });

  it('does not write when the rights are already as asked', async () => {
    const { login } = await mt5.createAccount(accountInput());
    const before = sim.stats().commands['user/update'] ?? 0;
    await mt5.setRights(login, 'full');
    expect((sim.stats().commands['user/update'] ?? 0) - before).toBe(0);
  });

  it('retries a rights change whose answer was lost (idempotent), and reports not found', async () => {
    const { login } = await mt5.createAccount(accountInput());
    sim.failNext({ kind: 'drop_after_apply', command: 'user/update' });
    expect((await mt5.setRights(login, 'trading_disabled')).rights).toBe('trading_disabled');
    expect(await captureError(mt5.setRights('999998', 'full'))).toBeInstanceOf(PlatformNotFoundError);
  });
});

describe('refusals', () => {
  it('maps "not enough permissions" (8): manager without the right, group outside its mask, missing group', async () => {
    const { login } = await mt5.createAccount(accountInput());
    const reader = adapterFor(sim, { login: READER.login, password: READER.password });
    const demoOnly = adapterFor(sim, { login: DEMO_MANAGER.login, password: DEMO_MANAGER.password, groupCurrencies: { [GROUP_USD]: { currency: 'USD', digits: 2 } } });
    try {
      expect((await reader.getAccount(login)).login).toBe(login);
      const noEdit = await captureError(reader.createAccount(accountInput()));
      expect(noEdit).toBeInstanceOf(PlatformPermissionError);
      expect((noEdit as PlatformPermissionError).platformCode).toBe('8 Not enough permissions');
      expect(await captureError(reader.setRights(login, 'trading_disabled'))).toBeInstanceOf(PlatformPermissionError);
      expect(await captureError(reader.balanceOperation({ login, amountMinor: 100n, currency: 'USD', reference: 'no-accountant-1' }))).toBeInstanceOf(
        PlatformPermissionError,
      );

      expect(await captureError(demoOnly.createAccount(accountInput()))).toBeInstanceOf(PlatformPermissionError);
      expect(await captureError(demoOnly.getAccount(login))).toBeInstanceOf(PlatformPermissionError);
      expect((await demoOnly.createAccount(accountInput({ group: GROUP_DEMO }))).login).toMatch(/^\d+$/);

      const missing = adapterFor(sim, { groupCurrencies: { 'real\\nope': { currency: 'USD', digits: 2 } } });
      try {
        expect(await captureError(missing.createAccount(accountInput({ group: 'real\\nope' })))).toBeInstanceOf(PlatformPermissionError);
      } finally {
        await missing.close();
      }
      // asked through group/get, a missing group is simply not found
      expect(await captureError(mt5.createAccount(accountInput({ group: 'real\\nope2' })))).toBeInstanceOf(PlatformNotFoundError);
    } finally {
      await reader.close();
      await demoOnly.close();
    }
  });

  it('checks the password rule, the currency of the group and the reference locally', async () => {
    const before = sim.stats().commands['user/add'] ?? 0;
    for (const bad of ['Sh#1rt', 'nouppercase#1', 'NOLOWER#12', 'NoDigits#ab', 'NoSpecial12a', 'Way#Too#Long#Pass1']) {
      const err = await captureError(mt5.createAccount(accountInput({ mainPassword: bad })));
      expect(err, bad).toBeInstanceOf(PlatformInvalidRequestError);
    }
    const currency = await captureError(mt5.createAccount(accountInput({ group: GROUP_EUR, currency: 'USD' })));
    expect(currency).toBeInstanceOf(PlatformInvalidRequestError);
    expect((currency as Error).message).toMatch(/in EUR, not USD/);
    expect(await captureError(mt5.createAccount(accountInput({ reference: 'x'.repeat(32) })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt5.createAccount(accountInput({ reference: 'has space' })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt5.createAccount(accountInput({ leverage: 0 })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect((sim.stats().commands['user/add'] ?? 0) - before).toBe(0);
  });

  it('maps the server password rule (3006) for a group that asks for longer passwords', async () => {
    const err = await captureError(mt5.createAccount(accountInput({ group: GROUP_STRICT, mainPassword: 'Ten#Chars1' })));
    expect(err).toBeInstanceOf(PlatformInvalidRequestError);
    expect((err as PlatformInvalidRequestError).platformCode).toBe('3006 Invalid account password');
    expect((err as Error).message).toMatch(/password too weak or too short/);
  });

  it('refuses a fixed login that belongs to another reference (3004)', async () => {
    await mt5.createAccount(accountInput({ login: '777100' }));
    const err = await captureError(mt5.createAccount(accountInput({ login: '777100' })));
    expect(err).toBeInstanceOf(PlatformConflictError);
    expect((err as PlatformConflictError).platformCode).toBe('3004 Account already exists');
  });
});

describe('exactly one account per reference', () => {
  it('finds the account created by an attempt whose answer was dropped, instead of creating a second', async () => {
    const input = accountInput();
    sim.failNext({ kind: 'drop_after_apply', command: 'user/add' });
    const created = await mt5.createAccount(input);
    expect(created.alreadyExisted).toBe(true);
    expect(sim.accounts().filter((a) => a.comment === input.reference)).toHaveLength(1);
    expect(sim.accounts().find((a) => a.comment === input.reference)?.login).toBe(created.login);
  });

  it('creates it when the request was lost before being applied', async () => {
    const input = accountInput();
    sim.failNext({ kind: 'drop_before_apply', command: 'user/add' });
    const created = await mt5.createAccount(input);
    expect(created.alreadyExisted).toBe(false);
    expect(sim.accounts().filter((a) => a.comment === input.reference)).toHaveLength(1);
  });

  it('after a timeout, finds the account and says so; a caller retrying later passes previousAttemptAt', async () => {
    const input = accountInput();
    const quick = adapterFor(sim, { timeoutMs: 150, maxAttempts: 1 });
    try {
      sim.failNext({ kind: 'delay', ms: 600, apply: 'after_delay', command: 'user/add' });
      const err = await captureError(quick.createAccount(input));
      expect(err).toBeInstanceOf(PlatformUnavailableError);
      expect((err as PlatformUnavailableError).outcomeUnknown).toBe(true);
      await sim.settled();
      const again = await mt5.createAccount({ ...input, previousAttemptAt: new Date(Date.now() - 5_000) });
      expect(again.alreadyExisted).toBe(true);
      expect(sim.accounts().filter((a) => a.comment === input.reference)).toHaveLength(1);
    } finally {
      await quick.close();
    }
  });
});
