// Finds TCP ports nobody listens on, by binding port 0 and letting the kernel choose.
// Invariant: ports handed out within one process are distinct, so two nodes of one test never collide.
import { createServer } from 'node:net';

const handedOut = new Set<number>();

function onePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function freePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await onePort();
    if (p > 0 && !handedOut.has(p)) {
      handedOut.add(p);
      return p;
    }
  }
  throw new Error('freePort: no free port after 50 tries');
}
