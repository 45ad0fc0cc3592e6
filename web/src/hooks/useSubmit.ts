import { useCallback, useState } from 'react';
import type { ApiError} from '../api/client';
import { toApiError, type FieldErrors } from '../api/client';

export type SubmitOutcome<R> = { ok: true; value: R } | { ok: false; error: ApiError };

export interface SubmitState<A extends unknown[], R> {
  /** Runs the action; never rejects. On failure the error is also kept in `error`. */
  run: (...args: A) => Promise<SubmitOutcome<R>>;
  loading: boolean;
  error: ApiError | null;
  fieldErrors: FieldErrors;
  setError: (error: ApiError | null) => void;
}

/** Loading and error state for a form submission. */
export function useSubmit<A extends unknown[], R>(action: (...args: A) => Promise<R>): SubmitState<A, R> {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = useCallback(
    async (...args: A): Promise<SubmitOutcome<R>> => {
      setLoading(true);
      setError(null);
      try {
        return { ok: true, value: await action(...args) };
      } catch (caught) {
        const apiError = toApiError(caught);
        setError(apiError);
        return { ok: false, error: apiError };
      } finally {
        setLoading(false);
      }
    },
    [action],
  );

  return { run, loading, error, fieldErrors: error ? error.fields : {}, setError };
}
