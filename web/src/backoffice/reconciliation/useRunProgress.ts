import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/client';
import { isAbortError, toApiError } from '../../api/client';
import { reconciliationApi, type ReconciliationRun } from '../../api/reconciliation';
import { isRunning } from './labels';

/** How often a queued or running run is read again. */
export const RUN_POLL_MS = 1500;

/**
 * Follows a run that was just started (runs are executed by a job): reads it
 * every 1.5 s until it completed or failed. A failed read is tried again at the
 * next tick; the last error is kept to show.
 */
export function useRunProgress(started: ReconciliationRun | null): { run: ReconciliationRun | null; error: ApiError | null } {
  const [run, setRun] = useState<ReconciliationRun | null>(started);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setRun(started);
    setError(null);
  }, [started]);

  const id = run?.id ?? null;
  const running = run !== null && isRunning(run.status);
  useEffect(() => {
    if (!id || !running) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      reconciliationApi.run(id, { limit: 1 }, controller.signal).then(
        (detail) => {
          setRun(detail.run);
          setError(null);
          setTick((t) => t + 1);
        },
        (caught: unknown) => {
          if (isAbortError(caught)) return;
          setError(toApiError(caught));
          setTick((t) => t + 1);
        },
      );
    }, RUN_POLL_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [id, running, tick]);

  return { run, error };
}
