/**
 * The MT5 login and session, adapter ↔ simulator over real HTTP: the
 * challenge-response handshake both ways, one keep-alive connection per manager
 * login, re-login when the session expires or the connection goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mt5PasswordHash, mt5RandAnswer } from '../../../src/integrations/platforms/mt5/mt5-auth';
import { PlatformAuthError, PlatformServerAuthError } from '../../../src/integrations/platforms/platform-errors';
import type { Mt5Simulator } from '../../../src/simulators/mt5';
import { MANAGER, RawMt5Client, accountInput, adapterFor, captureError, startSim } from './mt5-test-kit';

let sim: Mt5Simulator;

beforeAll(async () => {
  sim = await startSim();
});

afterAll(async () => {
  await sim.close();
});

describe('handshake', () => {
  it('logs in once and sends every command over one keep-alive connection', async () => {
    const before = sim.stats();
    const mt5 = adapterFor(sim);
    try {
      const { login } = await mt5.createAccount(accountInput());
      for (let i = 0; i < 20; i++) await mt5.getAccount(login);
      await mt5.getBalances(login);
      const after = sim.stats();
      expect(after.connections - before.connections).toBe(1);
      expect(after.authentications - before.authentications).toBe(1);
      expect(mt5.stats()).toMatchObject({ connections: 1, authentications: 1, reauthentications: 0 });
    } finally {
      await mt5.close();
    }
  });

  it('refuses a wrong manager password (not retryable) and never reaches a command', async () => {
    const before = sim.stats();
    const mt5 = adapterFor(sim, { password: 'Wrong#Pass1' });
    try {
      const err = await captureError(mt5.getAccount('500000'));
      expect(err).toBeInstanceOf(PlatformAuthError);
      expect((err as PlatformAuthError).retryable).toBe(false);
      expect((err as PlatformAuthError).platformCode).toBe('1001 Invalid account');
      expect((err as Error).message).toMatch(/wrong manager login or password/);
      const after = sim.stats();
      expect(after.failedAuthentications - before.failedAuthentications).toBe(1);
      expect(after.commands['user/get'] ?? 0).toBe(before.commands['user/get'] ?? 0);
    } finally {
      await mt5.close();
    }
  });

  it('refuses an unknown manager login the same way', async () => {
    const mt5 = adapterFor(sim, { login: '4242' });
    try {
      expect(await captureError(mt5.getAccount('500000'))).toBeInstanceOf(PlatformAuthError);
    } finally {
      await mt5.close();
    }
  });

  it('refuses a server that answers cli_rand_answer wrongly, and sends it nothing', async () => {
    sim.setSpoofedServer(true);
    const before = sim.stats();
    const accountsBefore = sim.accounts().length;
    const mt5 = adapterFor(sim);
    try {
      const err = await captureError(mt5.createAccount(accountInput()));
      expect(err).toBeInstanceOf(PlatformServerAuthError);
      expect((err as PlatformServerAuthError).retryable).toBe(false);
      expect((err as Error).message).toMatch(/failed to prove it knows the manager password/);
      const after = sim.stats();
      // The (spoofed) server accepted our answer, but no command followed: not even the group lookup.
      expect(after.authentications - before.authentications).toBe(1);
      expect(Object.values(after.commands).reduce((a, b) => a + b, 0)).toBe(Object.values(before.commands).reduce((a, b) => a + b, 0));
      expect(sim.accounts()).toHaveLength(accountsBefore);
    } finally {
      sim.setSpoofedServer(false);
      await mt5.close();
    }
  });
});

describe('session', () => {
  it('logs in again when the session expired (403), transparently', async () => {
    const mt5 = adapterFor(sim);
    try {
      const { login } = await mt5.createAccount(accountInput());
      const before = sim.stats();
      sim.expireSessions();
      const account = await mt5.getAccount(login);
      expect(account.login).toBe(login);
      const after = sim.stats();
      expect(after.unauthenticated - before.unauthenticated).toBe(1);
      expect(after.authentications - before.authentications).toBe(1);
      expect(after.connections - before.connections).toBe(0); // same socket, new session
      expect(mt5.stats().reauthentications).toBe(1);
    } finally {
      await mt5.close();
    }
  });

  it('logs in again on a new connection after the server dropped it (restart)', async () => {
    const mt5 = adapterFor(sim);
    try {
      const { login } = await mt5.createAccount(accountInput());
      const before = sim.stats();
      sim.restart();
      await new Promise((r) => setTimeout(r, 20));
      await mt5.getAccount(login);
      const after = sim.stats();
      expect(after.connections - before.connections).toBe(1);
      expect(after.authentications - before.authentications).toBe(1);
      // The adapter saw the socket close and logged in first: no command was refused.
      expect(after.unauthenticated - before.unauthenticated).toBe(0);
    } finally {
      await mt5.close();
    }
  });

  it('re-authenticates when a session expires right before a balance operation, applying it once', async () => {
    const mt5 = adapterFor(sim);
    try {
      const { login } = await mt5.createAccount(accountInput());
      sim.failNext({ kind: 'expire_session', command: 'trade/balance' });
      const result = await mt5.balanceOperation({ login, amountMinor: 12_345n, currency: 'USD', reference: 'dep-expired-1' });
      expect(result.alreadyApplied).toBe(false);
      expect(sim.deals(login).filter((d) => d.comment === 'dep-expired-1')).toHaveLength(1);
      expect(sim.account(login)?.balanceMinor).toBe(12_345n);
      expect(mt5.stats().reauthentications).toBe(1);
    } finally {
      await mt5.close();
    }
  });

  it('pings /api/test/access when idle', async () => {
    const mt5 = adapterFor(sim, { pingIntervalMs: 60 });
    try {
      const { login } = await mt5.createAccount(accountInput());
      const before = sim.stats().commands['test/access'] ?? 0;
      await new Promise((r) => setTimeout(r, 250));
      expect((sim.stats().commands['test/access'] ?? 0) - before).toBeGreaterThanOrEqual(1);
      await mt5.getAccount(login);
      expect(mt5.stats().authentications).toBe(1);
    } finally {
      await mt5.close();
    }
  });

  it('says goodbye with /api/quit on close and refuses calls afterwards', async () => {
    const mt5 = adapterFor(sim);
    await mt5.createAccount(accountInput());
    const before = sim.stats().commands.quit ?? 0;
    await mt5.close();
    expect((sim.stats().commands.quit ?? 0) - before).toBe(1);
    expect((await captureError(mt5.getAccount('500000'))) as Error).toHaveProperty('retryable', true);
  });
});

describe('simulator wire (raw HTTP)', () => {
  it('answers 403 to a command without a login, and the handshake ties the session to the socket', async () => {
    const raw = new RawMt5Client(sim.url);
    try {
      expect((await raw.get('/api/user/get?login=1')).status).toBe(403);
      const srvRand = await raw.start(MANAGER.login);
      expect(srvRand).toMatch(/^[0-9a-f]{32}$/);
      const { res, cliRand } = await raw.answer(MANAGER.password, srvRand);
      expect(res.json).toMatchObject({ retcode: '0 Done', version_access: expect.any(String), version_trade: expect.any(String) });
      expect(res.json?.cli_rand_answer).toBe(mt5RandAnswer(mt5PasswordHash(MANAGER.password), cliRand));
      const ok = await raw.get('/api/test/access');
      expect(ok.json).toEqual({ retcode: '0 Done' });
    } finally {
      raw.close();
    }
  });

  it('fails an auth answer sent more than 10 s after the start', async () => {
    let clock = Date.now();
    const slow = await startSim({ now: () => clock });
    const raw = new RawMt5Client(slow.url);
    try {
      const srvRand = await raw.start(MANAGER.login);
      clock += 10_001;
      const { res } = await raw.answer(MANAGER.password, srvRand);
      expect(res.json?.retcode).toBe('1001 Invalid account');
      expect(slow.stats().authentications).toBe(0);
    } finally {
      raw.close();
      await slow.close();
    }
  });
});
