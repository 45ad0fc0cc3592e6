/**
 * Exactly-once balance operations through the MT4 bridge against the
 * simulator's faults (docs/mt4-bridge-protocol.md §5): the answer lost after
 * the operation was applied, the request lost before, answers slower than our
 * timeout, MT4 timeouts and outages, a proxy's 502, a forged answer. Two
 * layers: the bridge answers a repeated reference with the existing operation,
 * and the adapter searches the history for the reference before any resend;
 * most cases run with the bridge's layer switched off to show the adapter's
 * alone is enough.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mt4BridgePlatform } from '../../../src/integrations/platforms/mt4-bridge';
import { PlatformConflictError, PlatformServerAuthError, PlatformUnavailableError } from '../../../src/integrations/platforms/platform-errors';
import type { Mt4BridgeSimulator } from '../../../src/simulators/mt4-bridge';
import { accountInput, adapterFor, captureError, nextRef, startSim } from './mt4-bridge-test-kit';

let sim: Mt4BridgeSimulator;
let mt4: Mt4BridgePlatform;

beforeAll(async () => {
  sim = await startSim();
  mt4 = adapterFor(sim, { timeoutMs: 150 });
});

afterAll(async () => {
  await mt4.close();
  await sim.close();
});

async function newAccount(adapter = mt4): Promise<string> {
  return (await adapter.createAccount(accountInput())).login;
}

function withComment(login: string, comment: string) {
  return sim.deals(login).filter((d) => d.comment === comment);
}

const searches = () => sim.stats().requests['balance.list'] ?? 0;

describe.each([
  ['bridge deduplicates', true],
  ['bridge does not deduplicate', false],
])('one fault at a time (%s)', (_label, dedupe) => {
  beforeAll(() => sim.setDedupe(dedupe));
  afterAll(() => sim.setDedupe(true));

  it('answer dropped after the operation was applied → found by its reference, not applied again', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-drop-after');
    const before = searches();
    sim.failNext({ kind: 'drop_after_apply', endpoint: 'balance.apply' });
    const result = await mt4.balanceOperation({ login, amountMinor: 10_000n, currency: 'USD', reference: ref });
    expect(result.alreadyApplied).toBe(true);
    expect(searches() - before).toBe(1);
    expect(withComment(login, ref)).toEqual([expect.objectContaining({ deal: result.dealId, amountMinor: 10_000n })]);
    expect(sim.account(login)?.balanceMinor).toBe(10_000n);
  });

  it('request dropped before it was applied → searched, not found, sent again once', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-drop-before');
    sim.failNext({ kind: 'drop_before_apply', endpoint: 'balance.apply' });
    const result = await mt4.balanceOperation({ login, amountMinor: 10_000n, currency: 'USD', reference: ref });
    expect(result.alreadyApplied).toBe(false);
    expect(withComment(login, ref)).toHaveLength(1);
  });

  it('applied but answered after our timeout → found', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-slow');
    sim.failNext({ kind: 'delay', ms: 400, apply: 'now', endpoint: 'balance.apply' });
    const result = await mt4.balanceOperation({ login, amountMinor: 7_500n, currency: 'USD', reference: ref });
    expect(result.alreadyApplied).toBe(true);
    expect(withComment(login, ref)).toHaveLength(1);
  });

  it('MT4 timeout (128) after the operation went through → 504, outcome unknown → found', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-128');
    sim.failNext({ kind: 'mt4_error', mt4Code: 128, applied: true, endpoint: 'balance.apply' });
    const result = await mt4.balanceOperation({ login, amountMinor: 2_000n, currency: 'USD', reference: ref });
    expect(result.alreadyApplied).toBe(true);
    expect(withComment(login, ref)).toHaveLength(1);
  });

  it('MT4 not connected (6) and a proxy 502 → searched, not found, resent; applied once', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-6-502');
    sim.failNext({ kind: 'mt4_error', mt4Code: 6, endpoint: 'balance.apply' });
    sim.failNext({ kind: 'http_status', status: 502, endpoint: 'balance.apply' });
    const before = searches();
    const result = await mt4.balanceOperation({ login, amountMinor: 3_000n, currency: 'USD', reference: ref });
    expect(result.alreadyApplied).toBe(false);
    expect(searches() - before).toBe(2);
    expect(withComment(login, ref)).toHaveLength(1);
  });

  it('a forged answer is not believed (outcome unknown); the retry with previousAttemptAt finds the operation', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-forged');
    const startedAt = new Date();
    sim.failNext({ kind: 'bad_response_signature', endpoint: 'balance.apply' });
    const err = await captureError(mt4.balanceOperation({ login, amountMinor: 1_200n, currency: 'USD', reference: ref }));
    expect(err).toBeInstanceOf(PlatformServerAuthError);
    expect((err as PlatformServerAuthError).outcomeUnknown).toBe(true);
    const retry = await mt4.balanceOperation({ login, amountMinor: 1_200n, currency: 'USD', reference: ref, previousAttemptAt: startedAt });
    expect(retry.alreadyApplied).toBe(true);
    expect(withComment(login, ref)).toHaveLength(1);
  });

  it('never resends when it cannot check the history; the later retry finds the operation', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-blind');
    sim.failNext({ kind: 'drop_after_apply', endpoint: 'balance.apply' });
    sim.failNext({ kind: 'mt4_error', mt4Code: 6, endpoint: 'balance.list', count: 4 }); // every try of the search
    const err = await captureError(mt4.balanceOperation({ login, amountMinor: 1_500n, currency: 'USD', reference: ref }));
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect((err as PlatformUnavailableError).outcomeUnknown).toBe(true);
    expect((err as Error).message).toMatch(/could not check whether an earlier attempt was applied/);
    expect(withComment(login, ref)).toHaveLength(1);
    const found = await mt4.balanceOperation({ login, amountMinor: 1_500n, currency: 'USD', reference: ref, previousAttemptAt: new Date(Date.now() - 5000) });
    expect(found.alreadyApplied).toBe(true);
    expect(withComment(login, ref)).toHaveLength(1);
  });

  it('gives up with outcomeUnknown when every attempt is lost; the caller retries later with the same reference', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-give-up');
    const startedAt = new Date();
    sim.failNext({ kind: 'drop_before_apply', endpoint: 'balance.apply', count: 4 });
    const err = await captureError(mt4.balanceOperation({ login, amountMinor: 4_000n, currency: 'USD', reference: ref }));
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect((err as PlatformUnavailableError).outcomeUnknown).toBe(true);
    expect((err as Error).message).toMatch(/gave up after 4 attempts/);
    expect(withComment(login, ref)).toHaveLength(0);
    const retry = await mt4.balanceOperation({ login, amountMinor: 4_000n, currency: 'USD', reference: ref, previousAttemptAt: startedAt });
    expect(retry.alreadyApplied).toBe(false);
    const again = await mt4.balanceOperation({ login, amountMinor: 4_000n, currency: 'USD', reference: ref, previousAttemptAt: startedAt });
    expect(again).toEqual({ dealId: retry.dealId, alreadyApplied: true });
    expect(withComment(login, ref)).toHaveLength(1);
  });

  it('refuses a reference already used for another amount', async () => {
    const login = await newAccount();
    const ref = nextRef('eo-reused');
    await mt4.balanceOperation({ login, amountMinor: 1_000n, currency: 'USD', reference: ref });
    const err = await captureError(mt4.balanceOperation({ login, amountMinor: 2_000n, currency: 'USD', reference: ref, previousAttemptAt: new Date(Date.now() - 5000) }));
    expect(err).toBeInstanceOf(PlatformConflictError);
    expect(withComment(login, ref)).toHaveLength(1);
  });
});

describe('a commit later than the settle delay', () => {
  it('is caught by the bridge: the resend waits for the login and gets the existing operation', async () => {
    const hasty = adapterFor(sim, { timeoutMs: 150, settleDelayMs: 0 });
    try {
      const login = await newAccount(hasty);
      const ref = nextRef('eo-late');
      const dedupedBefore = sim.stats().deduplicated;
      sim.failNext({ kind: 'delay', ms: 250, apply: 'after_delay', endpoint: 'balance.apply' });
      const result = await hasty.balanceOperation({ login, amountMinor: 1_000n, currency: 'USD', reference: ref });
      expect(result.alreadyApplied).toBe(true);
      expect(sim.stats().deduplicated - dedupedBefore).toBe(1);
      await sim.settled();
      expect(withComment(login, ref)).toHaveLength(1);
    } finally {
      await hasty.close();
    }
  });

  it('KNOWN LIMIT without the bridge layer: applied more than once, and visible as a reference repeated in the history', async () => {
    // The MT5 adapter's residual window. Without its lookup, a bridge's per-login lock makes it worse: every resend
    // queued behind the slow first attempt applies in turn. The bridge's lookup under the lock closes it (test above).
    sim.setDedupe(false);
    const hasty = adapterFor(sim, { timeoutMs: 100, settleDelayMs: 0 });
    try {
      const login = await newAccount(hasty);
      const ref = nextRef('eo-too-late');
      sim.failNext({ kind: 'delay', ms: 300, apply: 'after_delay', endpoint: 'balance.apply' });
      await hasty.balanceOperation({ login, amountMinor: 1_000n, currency: 'USD', reference: ref });
      await sim.settled();
      const history = await hasty.listBalanceDeals(login, new Date(Date.now() - 60_000));
      expect(history.filter((d) => d.comment === ref).length).toBeGreaterThanOrEqual(2);
    } finally {
      sim.setDedupe(true);
      await hasty.close();
    }
  });
});

describe('500 balance operations under random faults, bridge deduplication OFF', () => {
  it('moves exactly the intended money, once per reference', async () => {
    sim.setDedupe(false); // the adapter's history search alone
    const busy = adapterFor(sim, { timeoutMs: 150, settleDelayMs: 5, maxAttempts: 10 });
    try {
      const accounts = [await newAccount(busy), await newAccount(busy), await newAccount(busy), await newAccount(busy)];
      const opening = 100_000_000n; // 1,000,000.00 each: no withdrawal below can bounce whatever the order
      for (const login of accounts) await busy.balanceOperation({ login, amountMinor: opening, currency: 'USD', reference: nextRef('open') });
      const statsBefore = sim.stats();

      sim.setRandomFaults({
        seed: 20261125,
        endpoint: 'balance.apply',
        dropAfterApply: 0.1,
        dropBeforeApply: 0.03,
        timeoutAfterApply: { rate: 0.01, ms: 400 },
        mt4TimeoutAfterApply: 0.02,
        mt4Unavailable: 0.02,
      });

      let x = 4242;
      const rand = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 1);
      const ops = Array.from({ length: 500 }, (_, i) => {
        const magnitude = BigInt((rand() % 9999) + 1);
        return { login: accounts[i % accounts.length]!, amountMinor: rand() % 3 === 0 ? -magnitude : magnitude, reference: `eo500-${process.pid}-${i}` };
      });

      const startedAt = Date.now();
      const results: { dealId: string; alreadyApplied: boolean }[] = new Array(ops.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < ops.length) {
            const i = next++;
            results[i] = await busy.balanceOperation({ ...ops[i]!, currency: 'USD' });
          }
        }),
      );
      sim.setRandomFaults(undefined);
      const elapsedMs = Date.now() - startedAt;

      const after = sim.stats();
      const injected = (kind: string) => (after.faults[kind] ?? 0) - (statsBefore.faults[kind] ?? 0);
      expect(injected('drop_after_apply')).toBeGreaterThan(30); // ~10 % of ~560 sends
      expect(injected('drop_before_apply')).toBeGreaterThan(5);
      expect(injected('delay')).toBeGreaterThan(0);
      expect(injected('mt4_error:128:applied')).toBeGreaterThan(3);
      expect(injected('mt4_error:6')).toBeGreaterThan(3);
      expect(after.deduplicated).toBe(statsBefore.deduplicated); // the bridge's layer really was off

      for (const login of accounts) {
        const intended = ops.filter((o) => o.login === login).reduce((sum, o) => sum + o.amountMinor, opening);
        expect(sim.account(login)?.balanceMinor, login).toBe(intended);
        const comments = sim.deals(login).map((d) => d.comment);
        expect(new Set(comments).size, `a reference twice on ${login}`).toBe(comments.length);
      }
      const mine = sim.deals().filter((d) => d.comment.startsWith(`eo500-${process.pid}-`));
      expect(mine).toHaveLength(500);
      const byComment = new Map(mine.map((d) => [d.comment, d]));
      ops.forEach((op, i) => {
        const deal = byComment.get(op.reference)!;
        expect(deal.deal).toBe(results[i]!.dealId);
        expect(deal.amountMinor).toBe(op.amountMinor);
        expect(deal.login).toBe(op.login);
      });
      // every applied-but-unanswered attempt was found by the search, never applied again
      expect(results.filter((r) => r.alreadyApplied)).toHaveLength(injected('drop_after_apply') + injected('delay') + injected('mt4_error:128:applied'));
      for (const login of accounts) {
        const history = await busy.listBalanceDeals(login, new Date(startedAt - 60_000));
        expect(history.reduce((sum, d) => sum + d.amountMinor, 0n)).toBe(sim.account(login)!.balanceMinor);
      }
      expect(elapsedMs).toBeLessThan(10_000);
    } finally {
      sim.setRandomFaults(undefined);
      sim.setDedupe(true);
      await busy.close();
    }
  });
});

describe('200 balance operations with late commits, bridge deduplication ON', () => {
  it('the bridge catches what the settle delay misses: still once per reference', async () => {
    const busy = adapterFor(sim, { timeoutMs: 150, settleDelayMs: 0, maxAttempts: 10 });
    try {
      const accounts = await Promise.all(Array.from({ length: 8 }, () => newAccount(busy)));
      const statsBefore = sim.stats();
      sim.setRandomFaults({ seed: 777, endpoint: 'balance.apply', dropAfterApply: 0.1, timeoutBeforeApply: { rate: 0.04, ms: 200 } });
      const ops = Array.from({ length: 200 }, (_, i) => ({ login: accounts[i % accounts.length]!, amountMinor: BigInt(100 + i), reference: `eolate-${process.pid}-${i}` }));
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < ops.length) {
            const i = next++;
            await busy.balanceOperation({ ...ops[i]!, currency: 'USD' });
          }
        }),
      );
      sim.setRandomFaults(undefined);
      await sim.settled();
      const after = sim.stats();
      expect((after.faults.delay ?? 0) - (statsBefore.faults.delay ?? 0)).toBeGreaterThan(2);
      expect(after.deduplicated - statsBefore.deduplicated).toBeGreaterThan(0);
      for (const login of accounts) {
        const intended = ops.filter((o) => o.login === login).reduce((sum, o) => sum + o.amountMinor, 0n);
        expect(sim.account(login)?.balanceMinor).toBe(intended);
        const comments = sim.deals(login).map((d) => d.comment);
        expect(new Set(comments).size).toBe(comments.length);
      }
    } finally {
      sim.setRandomFaults(undefined);
      await busy.close();
    }
  });
});
