import { useCallback } from 'react';
import { useSubmit } from '../../hooks/useSubmit';

/** A case action's submit state; on success the case view reloads (and `after` runs, e.g. to close the form). */
export function useCaseAction<A extends unknown[], R>(action: (...args: A) => Promise<R>, reload: () => void, after?: () => void) {
  const submit = useSubmit(action);
  const { run } = submit;
  const go = useCallback(
    async (...args: A) => {
      const result = await run(...args);
      if (result.ok) {
        after?.();
        reload();
      }
      return result;
    },
    [run, reload, after],
  );
  return { ...submit, go };
}
