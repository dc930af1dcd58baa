// Preload: exposes exactly one object, `window.swapApi`, built from the channel table. The channel
// name is checked here and again in main; the request is validated in main by the same schemas.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_PREFIX, isChannelName } from '../shared/ipc/channel-names';
import type { SwapApi } from '../shared/ipc/channels';

const api: SwapApi = {
  invoke: (channel, request) => {
    if (!isChannelName(channel)) return Promise.resolve({ ok: false, error: { kind: 'ipc-invalid', message: 'unknown channel' } });
    return ipcRenderer.invoke(`${IPC_PREFIX}invoke`, channel, request);
  },
};

contextBridge.exposeInMainWorld('swapApi', Object.freeze(api));
