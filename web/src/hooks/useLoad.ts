import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { ApiError} from '../api/client';
import { isAbortError, toApiError } from '../api/client';

export interface LoadState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads data when `deps` change; aborts the previous request. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): LoadState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    loadRef.current(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(result);
        setLoading(false);
      },
      (caught: unknown) => {
        if (controller.signal.aborted || isAbortError(caught)) return;
        setError(toApiError(caught));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // `deps` is the caller's dependency list, spread on purpose.
  }, [...deps, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload };
}
