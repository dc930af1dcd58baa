// The Bitcoin backend's tip tracking against a scripted fake node: long outages, shallow and deep reorgs.
// Invariant under test: a jump of many blocks is not a reorg (no rescan from genesis); a real reorg is found at its fork point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBtcBackend } from './btc-backend';
import type { SyncerEvent } from '../../shared/syncer/messages';

let chain: string[] = [];
const calls: string[] = [];
let server: Server;
let url = '';
const hashOf = (tag: string, h: number) => (tag + h.toString(16)).padStart(64, '0').slice(-64);
const build = (tag: string, from: number, to: number, base: string[] = []) => {
  const c = base.slice(0, from);
  for (let h = from; h <= to; h++) c.push(hashOf(tag, h));
  return c;
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { method, params } = JSON.parse(body) as { method: string; params: unknown[] };
      calls.push(method);
      const reply = (result: unknown) => res.end(JSON.stringify({ result, error: null, id: 1 }));
      const heightOf = (hash: string) => chain.indexOf(hash);
      switch (method) {
        case 'getnetworkinfo':
          return reply({ version: 270000, subversion: '/Satoshi:27.0.0/' });
        case 'getblockchaininfo':
          return reply({ chain: 'regtest', pruned: false });
        case 'getbestblockhash':
          return reply(chain.at(-1));
        case 'getblockhash':
          return reply(chain[params[0] as number]);
        case 'getblockheader': {
          const h = heightOf(params[0] as string);
          return reply({ hash: params[0], height: h, confirmations: chain.length - h, ...(h > 0 ? { previousblockhash: chain[h - 1] } : {}) });
        }
        default:
          res.statusCode = 500;
          return res.end(JSON.stringify({ result: null, error: { code: -32601, message: 'nope' }, id: 1 }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('btc tip tracking', () => {
  it('follows a 300-block jump without calling it a reorg, then finds a 3-deep reorg at its fork', async () => {
    const events: SyncerEvent[] = [];
    const logs: string[] = [];
    const be = createBtcBackend(
      { chain: 'btc', rpcUrl: url, feeTargetBlocks: 2, pollMs: 10, stallMs: 1e6, rpcTimeoutMs: 1000, maxBackoffMs: 10 },
      (e) => events.push(e),
      (_l, m) => logs.push(m),
    );
    be.add({ kind: 'watch-height', id: 'h' as never });
    chain = build('a', 0, 10);
    expect(await be.poll()).toMatchObject({ ok: true, height: 10 });
    chain = build('a', 0, 310);
    calls.length = 0;
    expect(await be.poll()).toMatchObject({ ok: true, height: 310, hash: chain[310] });
    expect(logs.filter((l) => l.includes('reorg'))).toEqual([]);
    // One check of the old tip, then remembering at most 200 recent hashes: bounded work.
    expect(calls.filter((c) => c === 'getblockhash').length).toBeLessThanOrEqual(201);

    chain = build('b', 308, 312, chain); // blocks 308..310 replaced, two more on top
    expect(await be.poll()).toMatchObject({ ok: true, height: 312 });
    expect(logs.filter((l) => l.includes('reorg'))).toEqual([expect.stringContaining('fork at 307')]);
    expect(events.filter((e) => e.kind === 'height').map((e) => (e.kind === 'height' ? e.height : 0))).toEqual([10, 310, 312]);
    await be.close();
  });
});
