/**
 * Retries of the MT4 bridge adapter (docs/mt4-bridge-protocol.md §5, §7):
 * reads are retried on retryable errors; a write is resent only after the
 * history says an earlier attempt is not there. The same rules as the MT5
 * adapter (mt5-web-api-platform.ts), which keeps its copy inline.
 */
import { PlatformConflictError, PlatformUnavailableError, TradingPlatformError } from '../platform-errors';

export interface RetryPolicy {
  /** Sends of one write (and tries of one read) before giving up. */
  maxAttempts: number;
  /** Wait before try n+1 (n ≥ 1). */
  retryDelayMs: (attempt: number) => number;
  /** Wait after an unknown outcome before searching the history. */
  settleDelayMs: number;
}

export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

export async function withReadRetries<T>(policy: RetryPolicy, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof TradingPlatformError) || !err.retryable || attempt >= policy.maxAttempts) throw err;
      await sleep(policy.retryDelayMs(attempt));
    }
  }
}

/**
 * Sends a write at most `maxAttempts` times. Before every resend after an
 * unknown outcome (and before the first send when `previousAttempt`), `lookup`
 * must have answered "not there"; when it cannot answer, we stop with
 * `outcomeUnknown` rather than send blind.
 */
export async function exactlyOnce<T>(
  policy: RetryPolicy,
  what: string,
  send: () => Promise<T>,
  lookup: () => Promise<T | undefined>,
  previousAttempt: boolean,
): Promise<{ value: T; found: boolean }> {
  async function check(): Promise<T | undefined> {
    try {
      return await withReadRetries(policy, lookup);
    } catch (err) {
      if (err instanceof PlatformConflictError) throw err;
      throw new PlatformUnavailableError(
        `${what}: could not check whether an earlier attempt was applied (${(err as Error).message}); not sending it again. Retry later with the same reference.`,
        err instanceof TradingPlatformError ? err.platformCode : undefined,
        { cause: err, outcomeUnknown: true },
      );
    }
  }
  if (previousAttempt) {
    const found = await check();
    if (found !== undefined) return { value: found, found: true };
  }
  let last: TradingPlatformError | undefined;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    try {
      return { value: await send(), found: false };
    } catch (err) {
      if (!(err instanceof TradingPlatformError) || !err.retryable) throw err;
      last = err;
      if (err.outcomeUnknown) {
        await sleep(policy.settleDelayMs);
        const found = await check();
        if (found !== undefined) return { value: found, found: true };
      }
      if (attempt < policy.maxAttempts) await sleep(policy.retryDelayMs(attempt));
    }
  }
  throw new PlatformUnavailableError(
    `${what}: gave up after ${policy.maxAttempts} attempts (${last!.message})${last!.outcomeUnknown ? '; the last attempt may still be applied: retry later with the same reference' : ''}`,
    last!.platformCode,
    { cause: last, outcomeUnknown: last!.outcomeUnknown },
  );
}
