// The worker's end of its channel to the supervisor: Node's IPC (child_process.fork) or Electron's utilityProcess parentPort.
// Invariant: the worker never imports electron; it only detects which channel its host gave it.
export interface ParentChannel {
  send(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
  /** The parent went away: the worker must release its children and exit. */
  onClose(handler: () => void): void;
}

interface ElectronParentPort {
  postMessage(m: unknown): void;
  on(ev: 'message', h: (e: { data: unknown }) => void): void;
}

export function parentChannel(): ParentChannel {
  const port = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (port) {
    return {
      send: (m) => port.postMessage(m),
      onMessage: (h) => port.on('message', (e) => h(e.data)),
      // A utility process dies with its parent; nothing to watch.
      onClose: () => undefined,
    };
  }
  if (typeof process.send !== 'function') throw new Error('syncer worker: started without an IPC channel (use fork)');
  return {
    send: (m) => {
      if (process.connected) process.send?.(m);
    },
    onMessage: (h) => process.on('message', (m) => h(m)),
    onClose: (h) => process.on('disconnect', h),
  };
}
