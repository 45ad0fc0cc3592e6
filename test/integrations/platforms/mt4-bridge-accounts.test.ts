/**
 * Accounts through the MT4 bridge adapter and the simulator over real HTTP:
 * create, read, rights (enable / enable_read_only round trip), refusals
 * mapped to typed errors with the MT4 code kept, strict request fields, and
 * one account per reference despite lost answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mt4BridgePlatform } from '../../../src/integrations/platforms/mt4-bridge';
import {
  PlatformConflictError,
  PlatformInvalidRequestError,
  PlatformNotFoundError,
  PlatformPermissionError,
  PlatformUnavailableError,
} from '../../../src/integrations/platforms/platform-errors';
import type { Mt4BridgeSimulator } from '../../../src/simulators/mt4-bridge';
import { GROUP_EUR, GROUP_HOUSE, GROUP_STRICT, GROUP_USD, RawBridgeClient, accountInput, adapterFor, captureError, startSim } from './mt4-bridge-test-kit';

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

const requests = (endpoint: string) => sim.stats().requests[endpoint] ?? 0;

describe('create and read', () => {
  it('creates an account with our reference as its comment, and reads it back', async () => {
    const input = accountInput({ group: GROUP_EUR, currency: 'EUR', leverage: 30, name: 'Jean Dupont', email: 'jean@example.test' });
    const created = await mt4.createAccount(input);
    expect(created).toEqual({ login: expect.stringMatching(/^\d+$/), alreadyExisted: false });

    const account = await mt4.getAccount(created.login);
    expect(account).toEqual({
      login: created.login,
      group: GROUP_EUR,
      currency: 'EUR',
      leverage: 30,
      name: 'Jean Dupont',
      email: 'jean@example.test',
      reference: input.reference,
      rights: 'full',
      rightsRaw: 'enable=1;enable_read_only=0',
      registeredAt: expect.any(Date),
    });
    expect(Math.abs(account.registeredAt!.getTime() - Date.now())).toBeLessThan(5000);
    expect(sim.account(created.login)).toMatchObject({ comment: input.reference, country: 'CY', enable: true, enableReadOnly: false });
  });

  it('creates with a fixed login and initial rights', async () => {
    const created = await mt4.createAccount(accountInput({ login: '777001', rights: 'trading_disabled' }));
    expect(created.login).toBe('777001');
    expect(await mt4.getAccount('777001')).toMatchObject({ rights: 'trading_disabled', rightsRaw: 'enable=1;enable_read_only=1' });
  });

  it('puts passwords only in the body, answers with strings for money and booleans for rights, never echoes passwords', async () => {
    const raw = new RawBridgeClient(sim.url);
    try {
      const body = {
        reference: 'raw-create-1',
        group: GROUP_USD,
        currency: 'USD',
        name: 'Raw Wire',
        email: 'raw@example.test',
        leverage: 50,
        password: 'Raw#Main12',
        investor_password: 'Raw#Inv123',
        enable: true,
        enable_read_only: false,
      };
      const res = await raw.request('POST', '/v1/accounts', JSON.stringify(body));
      expect(res.status).toBe(201);
      expect(res.json).toEqual({
        created: true,
        account: {
          login: expect.stringMatching(/^\d+$/),
          group: GROUP_USD,
          currency: 'USD',
          digits: 2,
          name: 'Raw Wire',
          email: 'raw@example.test',
          country: '',
          leverage: 50,
          comment: 'raw-create-1',
          enable: true,
          enable_read_only: false,
          registered_at: expect.any(Number),
          balance: '0.00',
          credit: '0.00',
        },
      });
      expect(res.text).not.toMatch(/Raw#Main12|Raw#Inv123/);

      // the same reference again: the existing account, 200, nothing created
      const again = await raw.request('POST', '/v1/accounts', JSON.stringify(body));
      expect(again.status).toBe(200);
      expect(again.json).toMatchObject({ created: false, account: { login: (res.json!.account as { login: string }).login } });

      // a field the bridge does not know is refused, not ignored (§8)
      const unknownField = await raw.request('POST', '/v1/accounts', JSON.stringify({ ...body, reference: 'raw-create-2', type: 'credit' }));
      expect(unknownField.status).toBe(400);
      expect(unknownField.json?.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/unknown field.*type/) });
    } finally {
      raw.close();
    }
  });

  it('returns not found for an unknown login', async () => {
    const err = await captureError(mt4.getAccount('999999'));
    expect(err).toBeInstanceOf(PlatformNotFoundError);
    expect((err as PlatformNotFoundError).platformCode).toBe('not_found');
    expect((err as PlatformNotFoundError).retryable).toBe(false);
  });
});

describe('rights', () => {
  it('round-trips enable / enable_read_only for each PlatformRights', async () => {
    const { login } = await mt4.createAccount(accountInput());
    const disabled = await mt4.setRights(login, 'trading_disabled');
    expect(disabled).toMatchObject({ rights: 'trading_disabled', rightsRaw: 'enable=1;enable_read_only=1' });
    expect(sim.account(login)).toMatchObject({ enable: true, enableReadOnly: true });
    expect((await mt4.getAccount(login)).rights).toBe('trading_disabled');

    expect((await mt4.setRights(login, 'login_disabled')).rights).toBe('login_disabled');
    expect(sim.account(login)).toMatchObject({ enable: false, enableReadOnly: true });

    expect((await mt4.setRights(login, 'full')).rights).toBe('full');
    expect(sim.account(login)).toMatchObject({ enable: true, enableReadOnly: false });
  });

  it('resends a rights change whose answer was lost (absolute, harmless), and maps refusals', async () => {
    const { login } = await mt4.createAccount(accountInput());
    const before = requests('account.rights');
    sim.failNext({ kind: 'drop_after_apply', endpoint: 'account.rights' });
    expect((await mt4.setRights(login, 'trading_disabled')).rights).toBe('trading_disabled');
    expect(requests('account.rights') - before).toBe(2);

    sim.failNext({ kind: 'mt4_error', mt4Code: 7, endpoint: 'account.rights' });
    const denied = await captureError(mt4.setRights(login, 'full'));
    expect(denied).toBeInstanceOf(PlatformPermissionError);
    expect((denied as PlatformPermissionError).platformCode).toBe('permission_denied; MT4 7 RET_NOT_ENOUGH_RIGHTS');
    expect(sim.account(login)?.enableReadOnly).toBe(true);
    expect(await captureError(mt4.setRights('999998', 'full'))).toBeInstanceOf(PlatformNotFoundError);
  });
});

describe('refusals', () => {
  it('maps a group outside the bridge, a missing group, a currency mismatch, a weak password', async () => {
    const house = await captureError(mt4.createAccount(accountInput({ group: GROUP_HOUSE })));
    expect(house).toBeInstanceOf(PlatformPermissionError);
    expect(await captureError(mt4.createAccount(accountInput({ group: 'real-nope' })))).toBeInstanceOf(PlatformNotFoundError);

    const currency = await captureError(mt4.createAccount(accountInput({ group: GROUP_EUR, currency: 'USD' })));
    expect(currency).toBeInstanceOf(PlatformInvalidRequestError);
    expect((currency as PlatformInvalidRequestError).platformCode).toBe('currency_mismatch');
    expect((currency as Error).message).toMatch(/in EUR, not USD/);

    const weak = await captureError(mt4.createAccount(accountInput({ group: GROUP_STRICT, mainPassword: 'Ten#Chars1' })));
    expect(weak).toBeInstanceOf(PlatformInvalidRequestError);
    expect((weak as PlatformInvalidRequestError).platformCode).toBe('weak_password; MT4 3 RET_INVALID_DATA');
  });

  it('checks passwords, reference, leverage, group and field lengths locally, sending nothing', async () => {
    const before = requests('account.create');
    for (const bad of ['Sh0rt', 'nouppercase1', 'NOLOWER123', 'NoDigitsHere', 'Sixteen#Chars123']) {
      expect(await captureError(mt4.createAccount(accountInput({ mainPassword: bad }))), bad).toBeInstanceOf(PlatformInvalidRequestError);
    }
    expect(await captureError(mt4.createAccount(accountInput({ reference: 'x'.repeat(32) })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt4.createAccount(accountInput({ reference: 'has space' })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt4.createAccount(accountInput({ leverage: 0 })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt4.createAccount(accountInput({ group: 'sixteen-chars-xx' })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt4.createAccount(accountInput({ email: `${'a'.repeat(40)}@example.test` })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(await captureError(mt4.createAccount(accountInput({ login: '2147483648' })))).toBeInstanceOf(PlatformInvalidRequestError);
    expect(requests('account.create')).toBe(before);
  });

  it('refuses a fixed login that belongs to another reference', async () => {
    await mt4.createAccount(accountInput({ login: '777100' }));
    const err = await captureError(mt4.createAccount(accountInput({ login: '777100' })));
    expect(err).toBeInstanceOf(PlatformConflictError);
    expect((err as PlatformConflictError).platformCode).toBe('login_exists');
  });

  it('refuses a reference already used in another group', async () => {
    const input = accountInput();
    await mt4.createAccount(input);
    const err = await captureError(mt4.createAccount({ ...input, group: GROUP_EUR, currency: 'EUR' }));
    expect(err).toBeInstanceOf(PlatformConflictError);
    expect((err as PlatformConflictError).platformCode).toBe('reference_conflict');
  });
});

describe('exactly one account per reference', () => {
  it('answer lost after creation: found again (the adapter searches before resending)', async () => {
    const input = accountInput();
    sim.failNext({ kind: 'drop_after_apply', endpoint: 'account.create' });
    const before = requests('account.find');
    const created = await mt4.createAccount(input);
    expect(created.alreadyExisted).toBe(true);
    expect(requests('account.find') - before).toBe(1);
    expect(sim.accounts().filter((a) => a.comment === input.reference)).toEqual([expect.objectContaining({ login: created.login })]);
  });

  it('the same with a bridge that does not deduplicate', async () => {
    sim.setDedupe(false);
    try {
      const input = accountInput();
      sim.failNext({ kind: 'drop_after_apply', endpoint: 'account.create' });
      const created = await mt4.createAccount(input);
      expect(created.alreadyExisted).toBe(true);
      expect(sim.accounts().filter((a) => a.comment === input.reference)).toHaveLength(1);
    } finally {
      sim.setDedupe(true);
    }
  });

  it('a fixed login already created for our reference is recognised even by a bridge that does not deduplicate', async () => {
    sim.setDedupe(false);
    try {
      const input = accountInput({ login: '777200' });
      await mt4.createAccount(input); // the earlier attempt whose answer the caller never saw
      const again = await mt4.createAccount(input); // retried without previousAttemptAt: login_exists, but it is ours
      expect(again).toEqual({ login: '777200', alreadyExisted: true });
      expect(await captureError(mt4.createAccount(accountInput({ login: '777200' })))).toBeInstanceOf(PlatformConflictError);
      expect(sim.accounts().filter((a) => a.login === '777200')).toHaveLength(1);
    } finally {
      sim.setDedupe(true);
    }
  });

  it('request lost before creation: created once', async () => {
    const input = accountInput();
    sim.failNext({ kind: 'drop_before_apply', endpoint: 'account.create' });
    const created = await mt4.createAccount(input);
    expect(created.alreadyExisted).toBe(false);
    expect(sim.accounts().filter((a) => a.comment === input.reference)).toHaveLength(1);
  });

  it('after giving up on a slow bridge, a later call with previousAttemptAt finds the account', async () => {
    const input = accountInput();
    const quick = adapterFor(sim, { timeoutMs: 100, maxAttempts: 1 });
    try {
      sim.failNext({ kind: 'delay', ms: 300, apply: 'after_delay', endpoint: 'account.create' });
      const err = await captureError(quick.createAccount(input));
      expect(err).toBeInstanceOf(PlatformUnavailableError);
      expect((err as PlatformUnavailableError).outcomeUnknown).toBe(true);
      await sim.settled();
      const again = await mt4.createAccount({ ...input, previousAttemptAt: new Date(Date.now() - 5_000) });
      expect(again.alreadyExisted).toBe(true);
      expect(sim.accounts().filter((a) => a.comment === input.reference)).toHaveLength(1);
    } finally {
      await quick.close();
    }
  });
});
