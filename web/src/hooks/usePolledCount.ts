import { useEffect, useRef, useState } from 'react';

/**
 * A count kept fresh for a navigation badge: loaded at once, again every
 * `intervalMs` while the tab is visible, and whenever `eventName` is fired on
 * window (e.g. after the user read what was counted). Null until known or
 * after a failed load (the badge then shows nothing rather than a stale number).
 */
export function usePolledCount(load: (signal: AbortSignal) => Promise<number>, intervalMs: number, eventName: string): number | null {
  const [count, setCount] = useState<number | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let controller: AbortController | null = null;
    const refresh = () => {
      if (document.visibilityState === 'hidden') return;
      controller?.abort();
      const current = new AbortController();
      controller = current;
      loadRef.current(current.signal).then(
        (value) => {
          if (!current.signal.aborted) setCount(value);
        },
        () => {
          if (!current.signal.aborted) setCount(null);
        },
      );
    };
    refresh();
    const timer = window.setInterval(refresh, intervalMs);
    window.addEventListener(eventName, refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      controller?.abort();
      window.clearInterval(timer);
      window.removeEventListener(eventName, refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [intervalMs, eventName]);

  return count;
}
