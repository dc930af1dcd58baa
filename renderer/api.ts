// The renderer's only door to the daemon: `window.swapApi` from the Electron preload, or the same
// typed channels over HTTP when the browser host serves the app. Both speak shared/ipc/channels.ts.
// Over HTTP every call carries the secret the host printed in its link (logic/page-token.ts); without it
// the host answers 401 `host-token` and the page says to open that link.
import type { ChannelName, ChannelRequest, ChannelResult, SwapApi } from '../shared/ipc/channels';
import { takePageToken } from './logic/page-token';

declare global {
  interface Window {
    swapApi?: SwapApi;
  }
}

/** A request that hangs (a host killed mid-answer, a stuck connection) must not freeze a poll loop. */
/** settings:set may check nodes and reopen the wallet on new chains (stopping the sandbox takes a while); restore:run reopens it too.
 * The sandbox's calls go on to the sandbox process, which may be busy mining or making an offer: they
 * get the minute the host itself gives them, so a slow machine shows the offer late, not never. */
const LONG_CHANNELS: ReadonlySet<ChannelName> = new Set(['swap:start', 'swap:action', 'settings:set', 'restore:run']);
const SANDBOX_CHANNELS: ReadonlySet<ChannelName> = new Set(['sandbox:offer', 'sandbox:addresses']);
const timeoutMs = (channel: ChannelName): number => (LONG_CHANNELS.has(channel) ? 120_000 : SANDBOX_CHANNELS.has(channel) ? 60_000 : 15_000);

/** Whether the host answered the latest call: any screen's call updates it, so a banner about a host
 * that went away clears as soon as any call reaches the host again. */
type HostListener = (answered: boolean) => void;
const hostListeners = new Set<HostListener>();
export function onHostAnswer(l: HostListener): () => void {
  hostListeners.add(l);
  return () => hostListeners.delete(l);
}
const tell = (answered: boolean) => hostListeners.forEach((l) => l(answered));

/** Read once, on load: the link's token leaves the address bar before any screen reads the URL. */
const pageToken = window.swapApi
  ? null
  : takePageToken({ href: window.location.href, storage: window.sessionStorage, replaceUrl: (u) => window.history.replaceState(window.history.state, '', u) });

const NO_TOKEN_MESSAGE = 'this page was not opened from the link the wallet printed, so the wallet does not let it in; open the link the wallet printed (it ends in ?token=...), or start it again with npm start and open the new link';

const httpApi: SwapApi = {
  async invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResult<C>> {
    try {
      const res = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(pageToken ? { authorization: `Bearer ${pageToken}` } : {}) },
        body: JSON.stringify({ channel, request }),
        signal: AbortSignal.timeout(timeoutMs(channel)),
        cache: 'no-store',
      });
      if (res.status === 401) {
        tell(true);
        return { ok: false, error: { kind: 'host-token', message: pageToken ? `the wallet refused this page's key (it was restarted since): ${NO_TOKEN_MESSAGE}` : NO_TOKEN_MESSAGE } };
      }
      if (!res.ok) return { ok: false, error: { kind: 'host-unreachable', message: `the wallet host answered ${res.status}` } };
      const body = (await res.json()) as ChannelResult<C>;
      tell(true);
      return body;
    } catch (e) {
      console.warn(`swapApi ${channel}: ${String(e)}`);
      if (e instanceof DOMException && e.name === 'TimeoutError') {
        return { ok: false, error: { kind: 'host-timeout', message: `the wallet host did not answer ${channel} within ${timeoutMs(channel) / 1000} s; it may be busy or restarting` } };
      }
      return { ok: false, error: { kind: 'host-unreachable', message: 'the wallet host is not running; start it with npm start' } };
    }
  },
};

export const api: SwapApi = window.swapApi ?? httpApi;
