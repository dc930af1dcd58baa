// A counting HTTP proxy between the maker and one node (litecoind or monerod): every request the
// maker's process tree sends to that node (JSON-RPC, monerod's other endpoints, the .bin calls of a
// sweep's monero-wallet-rpc) passes here and is counted, by path and JSON-RPC method, then forwarded
// untouched (headers, auth, body) and answered with the node's bytes. A rig: only the bench uses it.
// Guards: a body is buffered only to read its method (the calls are small); a node that drops the
// connection answers the maker 502, as a failing node would.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  /** http://127.0.0.1:<port>: give this to the maker instead of the node's URL. */
  readonly url: string;
  /** Requests so far (a JSON-RPC batch is one request). */
  total(): number;
  /** Requests per `path` or `path method`, e.g. "/json_rpc get_block". */
  byKind(): Record<string, number>;
  close(): Promise<void>;
}

function methodOf(body: Buffer): string | null {
  if (body.length === 0 || body.length > 64_000 || body[0] !== 0x7b) return null;
  try {
    const m = (JSON.parse(body.toString('utf8')) as { method?: unknown }).method;
    return typeof m === 'string' ? m : null;
  } catch {
    return null;
  }
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const to = new URL(target);
  const counts: Record<string, number> = {};
  let total = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const pathOnly = (req.url ?? '/').split('?')[0]!.replace(/^\/wallet\/[^/]+/, '/wallet/*');
      const m = methodOf(body);
      const kind = m ? `${pathOnly} ${m}` : pathOnly;
      counts[kind] = (counts[kind] ?? 0) + 1;
      total += 1;
      const up = http.request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, host: to.host }, agent },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      up.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    total: () => total,
    byKind: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}
