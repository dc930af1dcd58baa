// Runs `tick` now and then every `ms` after the previous run finished (never two at once), while the
// component is mounted. Slow answers therefore stretch the interval instead of piling up requests.
import { useEffect, useRef } from 'react';

export function usePoll(tick: () => Promise<unknown>, ms: number, key: unknown = null): void {
  const ref = useRef(tick);
  ref.current = tick;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      try {
        await ref.current();
      } finally {
        if (!stopped) timer = setTimeout(() => void loop(), ms);
      }
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [ms, key]);
}
