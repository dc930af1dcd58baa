// The renderer's only door to the daemon: `window.swapApi` from the Electron preload, or the same
// typed channels over HTTP when the browser host serves the app. Both speak shared/ipc/channels.ts.
import type { ChannelName, ChannelRequest, ChannelResult, SwapApi } from '../shared/ipc/channels';

declare global {
  interface Window {
    swapApi?: SwapApi;
  }
}

/** A request that hangs (a host killed mid-answer, a stuck connection) must not freeze a poll loop. */
/** settings:set may check nodes and reopen the wallet on new chains (stopping the sandbox takes a while). */
const timeoutMs = (channel: ChannelName): number => (channel === 'swap:start' || channel === 'swap:action' || channel === 'settings:set' ? 120_000 : 15_000);

/** Whether the host answered the latest call: any screen's call updates it, so a banner about a host
 * that went away clears as soon as any call reaches the host again. */
type HostListener = (answered: boolean) => void;
const hostListeners = new Set<HostListener>();
export function onHostAnswer(l: HostListener): () => void {
  hostListeners.add(l);
  return () => hostListeners.delete(l);
}
const tell = (answered: boolean) => hostListeners.forEach((l) => l(answered));

const httpApi: SwapApi = {
  async invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResult<C>> {
    try {
      const res = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel, request }),
        signal: AbortSignal.timeout(timeoutMs(channel)),
        cache: 'no-store',
      });
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
