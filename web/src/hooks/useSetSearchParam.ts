import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Sets (or, with null/empty, removes) one query parameter of the address,
 * replacing the history entry: how list pages keep their filters in the URL.
 * It starts from the address as it is now (the router's own `current` is the
 * one of the last render, so two changes in a row would lose the first).
 */
export function useSetSearchParam(): (name: string, value: string | null) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (name, value) =>
      setParams(
        () => {
          const next = new URLSearchParams(window.location.search);
          if (value) next.set(name, value);
          else next.delete(name);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
}
