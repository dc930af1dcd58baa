// The daemon-side implementation of every channel in shared/ipc/channels.ts, shared by the Electron
// main process and the browser host, so both expose exactly the same API.
import type { AppInfo, SwapSummary } from '../../shared/ipc/channels';
import type { Handlers } from '../../shared/ipc/validate';
import type { SettingsFile } from './settings-file';

export interface HostContext {
  info: AppInfo;
  settings: SettingsFile;
  /** Swap summaries from the daemon's swap index; empty until a daemon is attached. */
  listSwaps: () => Promise<SwapSummary[]>;
}

export function createHandlers(ctx: HostContext): Handlers {
  return {
    'app:info': async () => ({ ok: true, value: ctx.info }),
    'swaps:list': async () => ({ ok: true, value: await ctx.listSwaps() }),
    'settings:get': async () => ({ ok: true, value: ctx.settings.get() }),
    'settings:set': async (patch) => ({ ok: true, value: await ctx.settings.update(patch) }),
  };
}
