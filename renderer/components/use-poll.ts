// Runs `tick` now and then every `ms` after the previous run finished (never two at once), while the
// component is mounted. Slow answers therefore stretch the interval instead of piling up requests.
// Screens skip ticks while the window is hidden; the app-wide status poll does not (`whenHidden`),
// since desktop notifications matter most when the window is not in view.
import { useEffect, useRef } from 'react';

export function usePoll(tick: () => Promise<unknown>, ms: number, opts: { key?: unknown; whenHidden?: boolean } = {}): void {
  const ref = useRef(tick);
  ref.current = tick;
  const { key = null, whenHidden = false } = opts;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      try {
        if (whenHidden || document.visibilityState !== 'hidden') await ref.current();
      } finally {
        if (!stopped) timer = setTimeout(() => void loop(), ms);
      }
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [ms, key, whenHidden]);
}
