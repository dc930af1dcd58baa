// Serves the renderer on 127.0.0.1 with the same typed channels the preload exposes (POST /api/invoke),
// for browsers and tests where Electron cannot run. Loopback only; Host and Origin are checked so no
// other web page (or DNS-rebinding trick) can call the wallet's API, and every API call must carry the
// secret of this start (host-token.ts: `Authorization: Bearer ...`) so no other local process can either.
// The static page loads without it (it takes the secret from the printed URL).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dispatch, type Handlers } from '../../shared/ipc/validate';
import { RESTORE_BACKUP_MAX_BASE64 } from '../../shared/ipc/restore-channels';
import { CONTENT_SECURITY_POLICY } from '../security';
import { bearerMatches, TOKEN_REFUSED, urlWithToken } from './host-token';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** A call's body: a restore carries the backup file (base64, bounded by its channel); the secret is checked before any byte is read. */
const MAX_BODY = RESTORE_BACKUP_MAX_BASE64 + 64 * 1024;

export interface BrowserHost {
  /** The page's address without the secret (the origin and `/`). */
  url: string;
  /** The address a person opens: `url` with `?token=` the secret, printed once. */
  openUrl: string;
  close(): Promise<void>;
}

export interface BrowserHostOptions {
  rendererDir: string;
  handlers: Handlers;
  port?: number;
  /** This start's secret (host-token.ts): every API call must carry it. */
  token: string;
}

const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  if (!opts.token) throw new Error('the browser host needs a token (host-token.ts newHostToken)');
  const root = path.resolve(opts.rendererDir);
  let origin = '';

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    const host = req.headers.host ?? '';
    if (`http://${host}` !== origin) return send(421, 'wrong host');

    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/api/invoke') {
      if (req.method !== 'POST') return send(405, 'POST only');
      if (req.headers.origin !== origin) return send(403, 'cross-origin call refused');
      // Before the body is read: a call without this start's secret reaches no handler.
      if (!bearerMatches(req.headers.authorization, opts.token)) return send(401, JSON.stringify(TOKEN_REFUSED), 'application/json');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(415, 'JSON only');
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          send(413, 'request too large');
          req.destroy();
        } else chunks.push(c);
      });
      // The handler answers every error itself; `void` marks the promise as deliberately not awaited by Node's emitter.
      req.on('end', () => void (async () => {
        if (size > MAX_BODY) return;
        let body: { channel?: unknown; request?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return send(200, JSON.stringify({ ok: false, error: { kind: 'ipc-invalid', message: 'body is not JSON' } }), 'application/json');
        }
        const result = await dispatch(opts.handlers, body?.channel, body?.request);
        // No kept-alive API sockets: after a host restart the page never waits on a connection to the old one.
        res.setHeader('Connection', 'close');
        send(200, JSON.stringify(result), 'application/json');
      })().catch((e: unknown) => send(500, `host error: ${e instanceof Error ? e.message : String(e)}`)));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'GET only');
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep)) return send(403, 'outside the app');
    stat(file).then(
      (st) => {
        if (!st.isFile()) return send(404, 'not found');
        res.writeHead(200, { ...securityHeaders, 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
      },
      () => send(404, 'not found'),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    openUrl: urlWithToken(`${origin}/`, opts.token),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
