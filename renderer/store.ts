// The client's view state (zustand): what the daemon told us, plus the current route. Nothing here
// is the source of truth for a swap; it is rebuilt from the daemon's answers after every restart.
import { create } from 'zustand';
import type { AppInfo, AppStatus, Settings, SwapSummary } from '../shared/ipc/channels';
import { api, onHostAnswer } from './api';
import { notifyNew } from './notify';
import { parseRoute, routeHash, type Route } from './routes';

type HostError = { kind: string; message: string };

interface AppState {
  route: Route;
  info: AppInfo | null;
  settings: Settings | null;
  swaps: SwapSummary[];
  /** True once swaps:list answered at least once (so "no swaps" is known, not assumed). */
  swapsLoaded: boolean;
  status: AppStatus | null;
  /** The host itself did not answer a poll (not the daemon: that is in status). */
  hostError: HostError | null;
  /** Last refusal of a settings change, shown with what to do. */
  error: HostError | null;
  /** An offer taken from the offer book, waiting for the wizard to review it (then cleared). */
  takenOffer: { offer: string; yourRole: 'alice' | 'bob' } | null;
  navigate(route: Route): void;
  /** Hands a book offer to the wizard, which reviews it as if it were pasted. */
  takeOffer(offer: string, yourRole: 'alice' | 'bob'): void;
  /** The wizard takes the handed offer, once. */
  consumeTakenOffer(): { offer: string; yourRole: 'alice' | 'bob' } | null;
  syncRoute(): void;
  refresh(): Promise<void>;
  poll(): Promise<void>;
  /** True when saved; a refusal is kept in `error` for the screen and the banner. */
  saveSettings(patch: Partial<Settings>): Promise<boolean>;
}

/** The previous value when the new one is equal: an unchanged poll answer re-renders nothing. */
const same = <T>(prev: T, next: T): T => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next);

export const useApp = create<AppState>((set, get) => ({
  route: parseRoute(window.location.hash),
  info: null,
  settings: null,
  swaps: [],
  swapsLoaded: false,
  status: null,
  hostError: null,
  error: null,
  takenOffer: null,
  navigate(route) {
    window.location.hash = routeHash(route);
    set({ route });
  },
  takeOffer(offer, yourRole) {
    set({ takenOffer: { offer, yourRole } });
    get().navigate({ name: 'wizard' });
  },
  consumeTakenOffer() {
    const t = get().takenOffer;
    if (t) set({ takenOffer: null });
    return t;
  },
  syncRoute() {
    set({ route: parseRoute(window.location.hash) });
  },
  async refresh() {
    const [info, settings] = await Promise.all([api.invoke('app:info', {}), api.invoke('settings:get', {})]);
    set({ info: info.ok ? info.value : get().info, settings: settings.ok ? settings.value : get().settings });
    await get().poll();
  },
  async poll() {
    const [status, swaps] = await Promise.all([api.invoke('app:status', {}), api.invoke('swaps:list', {})]);
    const failed = !status.ok ? status.error : !swaps.ok ? swaps.error : null;
    set({
      status: status.ok ? same(get().status, status.value) : get().status,
      // Keep the last known list when the host hiccups: a running swap must not vanish from view.
      swaps: swaps.ok ? same(get().swaps, swaps.value) : get().swaps,
      swapsLoaded: get().swapsLoaded || swaps.ok,
      hostError: same(get().hostError, failed),
    });
    if (status.ok) notifyNew(status.value.notices, (swapId) => get().navigate(swapId ? { name: 'swap', swapId } : { name: 'resume' }));
  },
  async saveSettings(patch) {
    const r = await api.invoke('settings:set', patch);
    if (r.ok) set({ settings: r.value, error: null });
    else set({ error: r.error });
    return r.ok;
  },
}));

/** Unfinished swaps (running or damaged): the resume screen and the nav count. */
export const isUnfinished = (s: SwapSummary): boolean => s.outcome === 'running' || s.outcome === 'damaged';

// Any call that reaches the host (a screen's own poll included) ends a "host does not answer" banner
// at once: the app-wide poll may be between ticks, or its tick may still wait on the old host.
onHostAnswer((answered) => {
  if (answered && useApp.getState().hostError?.kind === 'host-unreachable') useApp.setState({ hostError: null });
});
