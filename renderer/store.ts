// The client's view state (zustand): what the daemon told us, plus the current route. Nothing here
// is the source of truth for a swap; it is rebuilt from the daemon's answers after every restart.
import { create } from 'zustand';
import type { AppInfo, Settings, SwapSummary } from '../shared/ipc/channels';
import { api } from './api';
import { parseRoute, type Route } from './routes';

interface AppState {
  route: Route;
  info: AppInfo | null;
  settings: Settings | null;
  swaps: SwapSummary[];
  /** Last error from the daemon, shown in the banner with what to do. */
  error: { kind: string; message: string } | null;
  navigate(route: Route): void;
  syncRoute(): void;
  refresh(): Promise<void>;
  saveSettings(patch: Partial<Settings>): Promise<void>;
}

export const useApp = create<AppState>((set) => ({
  route: parseRoute(window.location.hash),
  info: null,
  settings: null,
  swaps: [],
  error: null,
  navigate(route) {
    window.location.hash = route.name === 'swap' ? `#/swap/${route.swapId}` : `#/${route.name}`;
    set({ route });
  },
  syncRoute() {
    set({ route: parseRoute(window.location.hash) });
  },
  async refresh() {
    const [info, settings, swaps] = await Promise.all([
      api.invoke('app:info', {}),
      api.invoke('settings:get', {}),
      api.invoke('swaps:list', {}),
    ]);
    const firstError = [info, settings, swaps].find((r) => !r.ok);
    set({
      info: info.ok ? info.value : null,
      settings: settings.ok ? settings.value : null,
      swaps: swaps.ok ? swaps.value : [],
      error: firstError && !firstError.ok ? firstError.error : null,
    });
  },
  async saveSettings(patch) {
    const r = await api.invoke('settings:set', patch);
    if (r.ok) set({ settings: r.value, error: null });
    else set({ error: r.error });
  },
}));
