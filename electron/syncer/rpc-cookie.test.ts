// The JSON-RPC client's cookie auth against a tiny local HTTP server that checks basic auth as bitcoind does.
// Invariant under test: the cookie is read for the first call and kept, read again on HTTP 401 (a restarted node wrote a
// new one), and a missing cookie file is a typed error naming the path and what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonRpcClient } from './json-rpc-client';
import { createBtcBackend } from './btc-backend';

let server: Server;
let url = '';
let password = 'first';
const seenAuth: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'rpc-cookie-'));
const cookie = join(dir, '.cookie');

beforeAll(async () => {
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seenAuth.push(Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString());
    req.resume();
    req.on('end', () => {
      if (auth !== `Basic ${Buffer.from(`__cookie__:${password}`).toString('base64')}`) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ result: 42, error: null, id: 1 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('cookie auth', () => {
  it('reads the cookie once, and again after a 401 when the node restarted with a new one', async () => {
    writeFileSync(cookie, '__cookie__:first');
    const c = createJsonRpcClient({ url, cookieFile: cookie });
    expect(await c.call('getblockcount')).toEqual({ ok: true, value: 42 });
    expect(await c.call('getblockcount')).toEqual({ ok: true, value: 42 });
    expect(seenAuth).toEqual(['__cookie__:first', '__cookie__:first']);
    // The node restarts: new cookie on disk, the old one refused.
    password = 'second';
    writeFileSync(cookie, '__cookie__:second\n');
    seenAuth.length = 0;
    expect(await c.call('getblockcount')).toEqual({ ok: true, value: 42 });
    expect(seenAuth).toEqual(['__cookie__:first', '__cookie__:second']);
  });

  it('a wrong cookie that stays wrong is the 401 it is (one re-read, no loop)', async () => {
    writeFileSync(cookie, '__cookie__:stale');
    seenAuth.length = 0;
    const r = await createJsonRpcClient({ url, cookieFile: cookie }).call('getblockcount');
    expect(r).toMatchObject({ ok: false, error: { kind: 'http-error', message: expect.stringMatching(/HTTP 401/) } });
    expect(seenAuth).toEqual(['__cookie__:stale', '__cookie__:stale']);
  });

  it('a missing cookie file is a credentials error naming the path and what to do, before any request', async () => {
    seenAuth.length = 0;
    const missing = join(dir, 'nope', '.cookie');
    const r = await createJsonRpcClient({ url, cookieFile: missing }).call('getblockcount');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('credentials');
    expect(r.error.message).toContain(missing);
    expect(r.error.message).toMatch(/ENOENT.*~\/\.bitcoin\/\.cookie.*read access/);
    expect(seenAuth).toEqual([]);
  });

  it('a file that is not a cookie is refused by name', async () => {
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'no colon here');
    const r = await createJsonRpcClient({ url, cookieFile: bad }).call('getblockcount');
    expect(r).toMatchObject({ ok: false, error: { kind: 'credentials', message: expect.stringContaining(bad) } });
  });

  it('the Bitcoin backend with a missing cookie reports the node unusable, naming the file and the fix', async () => {
    const missing = join(dir, 'gone', '.cookie');
    const be = createBtcBackend(
      { chain: 'btc', rpcUrl: url, rpcCookieFile: missing, feeTargetBlocks: 2, pollMs: 10, stallMs: 1e6, rpcTimeoutMs: 1000, maxBackoffMs: 10 },
      () => undefined,
      () => undefined,
    );
    const r = await be.poll();
    expect(r).toEqual({ ok: false, error: expect.stringContaining(`cannot read the Bitcoin node's cookie file ${missing}`) });
  });
});
