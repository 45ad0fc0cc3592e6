import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { ApiError} from '../api/client';
import { isAbortError, toApiError } from '../api/client';
import type { Page } from '../api/types';

export interface CursorList<T> {
  items: T[];
  nextCursor: string | null;
  /** First page loading (after a reset). */
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
  loadMore: () => void;
  reload: () => void;
}

type Fetcher<T> = (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>;

/** A cursor-paginated list: reloads from the first page when `deps` change, appends on `loadMore`. */
export function useCursorList<T>(fetchPage: Fetcher<T>, deps: DependencyList): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [nonce, setNonce] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const controllerRef = useRef<AbortController | null>(null);

  const fetchInto = useCallback((cursor: string | null) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setError(null);
    if (cursor === null) setLoading(true);
    else setLoadingMore(true);
    fetchRef.current(cursor, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setItems((previous) => (cursor === null ? page.items : [...previous, ...page.items]));
        setNextCursor(page.nextCursor);
        setLoading(false);
        setLoadingMore(false);
      },
      (caught: unknown) => {
        if (controller.signal.aborted || isAbortError(caught)) return;
        setError(toApiError(caught));
        setLoading(false);
        setLoadingMore(false);
      },
    );
  }, []);

  useEffect(() => {
    fetchInto(null);
    return () => controllerRef.current?.abort();
    // `deps` is the caller's dependency list, spread on purpose.
  }, [fetchInto, nonce, ...deps]);

  const loadMore = useCallback(() => {
    if (nextCursor) fetchInto(nextCursor);
  }, [fetchInto, nextCursor]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  return { items, nextCursor, loading, loadingMore, error, loadMore, reload };
}

/** A cursor list whose first page also carries counts (queues: how many per status/stage), kept from the last reset. */
export function useCountedCursorList<T, C>(
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T> & { counts: C }>,
  deps: DependencyList,
  initialCounts: C,
): { list: CursorList<T>; counts: C } {
  const [counts, setCounts] = useState<C>(initialCounts);
  const list = useCursorList<T>(async (cursor, signal) => {
    const page = await fetchPage(cursor, signal);
    if (cursor === null) setCounts(page.counts);
    return page;
  }, deps);
  return { list, counts };
}
