// The harness hands out free ports with the syncer's helper (one set of handed-out ports per process).
// Invariant: regtest daemons and syncer wallet-rpcs never receive the same port from this process, and a
// fixed port a caller reserved (a kept sandbox's RPC port) is never handed out as a "free" one.
import { createServer } from 'node:net';
import { freePort as syncerFreePort } from '../syncer/free-port';

const reserved = new Set<number>();

export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await syncerFreePort();
    if (!reserved.has(p)) return p;
  }
  throw new Error('freePort: no free port after 50 tries');
}

/** Claims `port` for this process's fixed use: freePort() will not hand it out. */
export function reservePort(port: number): void {
  reserved.add(port);
}

/** Whether nobody listens on 127.0.0.1:port right now (a fixed port from a previous run). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
