import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Sets (or, with null/empty, removes) one query parameter of the address,
 * replacing the history entry: how list pages keep their filters in the URL.
 */
export function useSetSearchParam(): (name: string, value: string | null) => void {
  const [, setParams] = useSearchParams();
  return useCallback(
    (name, value) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(name, value);
          else next.delete(name);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
}
