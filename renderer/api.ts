// The renderer's only door to the daemon: `window.swapApi` from the Electron preload, or the same
// typed channels over HTTP when the browser host serves the app. Both speak shared/ipc/channels.ts.
import type { ChannelName, ChannelRequest, ChannelResult, SwapApi } from '../shared/ipc/channels';

declare global {
  interface Window {
    swapApi?: SwapApi;
  }
}

const httpApi: SwapApi = {
  async invoke<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResult<C>> {
    try {
      const res = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel, request }),
      });
      if (!res.ok) return { ok: false, error: { kind: 'host-unreachable', message: `the wallet host answered ${res.status}` } };
      return (await res.json()) as ChannelResult<C>;
    } catch {
      return { ok: false, error: { kind: 'host-unreachable', message: 'the wallet host is not running; start it with npm start' } };
    }
  },
};

export const api: SwapApi = window.swapApi ?? httpApi;
