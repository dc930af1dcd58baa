// The syncer core + Bitcoin backend against a tiny local HTTP server standing in for a node that misbehaves.
// Invariant under test: garbage, wrong shapes, HTTP errors and hangs from a node become typed events; nothing throws, the loop goes on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSyncerCore, type SyncerCore } from './syncer-core';
import { createBtcBackend } from './btc-backend';
import { createJsonRpcClient } from './json-rpc-client';
import type { FromWorker } from '../../shared/syncer/worker-protocol';

type Reply = { status?: number; body: string; hang?: boolean };
let handler: (method: string, params: unknown[]) => Reply = () => ({ body: 'nothing' });
let server: Server;
let url = '';

const H = (c: string) => c.repeat(64);
const json = (result: unknown): Reply => ({ body: JSON.stringify({ result, error: null, id: 1 }) });
/** A well-behaved node with one block and an empty mempool. */
const healthy = (method: string): Reply => {
  switch (method) {
    case 'getbestblockhash':
      return json(H('a'));
    case 'getblockheader':
      return json({ hash: H('a'), height: 7, confirmations: 1 });
    case 'getrawmempool':
      return json([]);
    case 'getblock':
      return json({ hash: H('a'), height: 7, confirmations: 1, tx: [] });
    case 'getnetworkinfo':
      return json({ version: 270000, subversion: '/Satoshi:27.0.0/' });
    case 'getblockchaininfo':
      return json({ chain: 'regtest', blocks: 7, pruned: false });
    default:
      return { status: 500, body: JSON.stringify({ result: null, error: { code: -32601, message: 'Method not found' }, id: 1 }) };
  }
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let m = { method: '', params: [] as unknown[] };
      try {
        m = JSON.parse(body);
      } catch {
        // keep defaults
      }
      const r = handler(m.method, m.params);
      if (r.hang) return; // never answer
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
      res.end(r.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function harness(): { core: SyncerCore; out: FromWorker[]; waitFor: (p: (m: FromWorker) => boolean, ms?: number) => Promise<FromWorker> } {
  const out: FromWorker[] = [];
  const core = createSyncerCore({
    chain: 'btc',
    send: (m) => out.push(m),
    makeBackend: (cfg, emit, log) => {
      if (cfg.chain !== 'btc') throw new Error('btc only');
      return createBtcBackend(cfg, emit, log);
    },
  });
  core.handle({
    type: 'configure',
    config: { chain: 'btc', rpcUrl: url, feeTargetBlocks: 2, pollMs: 20, stallMs: 3_600_000, rpcTimeoutMs: 300, maxBackoffMs: 60 },
  });
  const waitFor = async (p: (m: FromWorker) => boolean, ms = 5_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = out.find(p);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`not seen within ${ms} ms; got ${JSON.stringify(out.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { core, out, waitFor };
}

const unreachable = (m: FromWorker) => m.type === 'event' && m.event.kind === 'backend-unreachable';
const errorOf = (m: FromWorker) => (m.type === 'event' && m.event.kind === 'backend-unreachable' ? m.event.error : '');

describe('bad data from a node', () => {
  it('HTML instead of JSON: backend-unreachable naming the problem, then recovered when the node heals', async () => {
    handler = () => ({ body: '<html>oops</html>' });
    const h = harness();
    expect(errorOf(await h.waitFor(unreachable))).toMatch(/malformed data.*not JSON/);
    handler = healthy;
    await h.waitFor((m) => m.type === 'event' && m.event.kind === 'backend-recovered');
    await h.waitFor((m) => m.type === 'tip' && m.height === 7);
    await h.core.stop();
  });

  it('JSON of the wrong shape is refused by the schema', async () => {
    handler = (method) => (method === 'getbestblockhash' ? json(42) : healthy(method));
    const h = harness();
    expect(errorOf(await h.waitFor(unreachable))).toMatch(/malformed data for getbestblockhash/);
    await h.core.stop();
  });

  it('a wrong answer for one task (a non-hex raw tx) is a task error; the chain stays healthy', async () => {
    handler = (method) => {
      if (method === 'getrawmempool') return json([H('b')]);
      if (method === 'getrawtransaction') return json({ txid: H('c'), vin: [], vout: [] }); // not the raw tx asked for
      return healthy(method);
    };
    const h = harness();
    h.core.handle({ type: 'task', task: { kind: 'watch-tx', id: 't1', txid: H('b'), confirmationBound: 1, fromHeight: 7 } });
    const e = await h.waitFor((m) => m.type === 'event' && m.event.kind === 'task-error');
    expect(e).toMatchObject({ event: { taskId: 't1', error: expect.stringMatching(/malformed data for getrawtransaction/) } });
    expect(h.out.some(unreachable)).toBe(false);
    await h.core.stop();
  });

  it('HTTP 401 and a hanging node are reported, and polling continues with backoff', async () => {
    handler = () => ({ status: 401, body: '' });
    const h = harness();
    expect(errorOf(await h.waitFor(unreachable))).toMatch(/HTTP 401/);
    await h.core.stop();
    handler = () => ({ body: '', hang: true });
    const h2 = harness();
    expect(errorOf(await h2.waitFor(unreachable))).toMatch(/no answer within 300 ms/);
    handler = healthy;
    await h2.waitFor((m) => m.type === 'event' && m.event.kind === 'backend-recovered', 5_000);
    await h2.core.stop();
  });

  it('big integers survive when asked for (Monero amounts above 2^53)', async () => {
    handler = () => ({ body: '{"id":1,"jsonrpc":"2.0","result":{"balance":18446744073709551615,"small":5,"list":[12345678901234567890]}}' });
    const c = createJsonRpcClient({ url, bigIntsAsStrings: true });
    const r = await c.call('get_balance');
    expect(r).toEqual({ ok: true, value: { balance: '18446744073709551615', small: 5, list: ['12345678901234567890'] } });
  });
});

describe('node health beyond bad data', () => {
  it('a node without a tx index is fine: getindexinfo is never asked', async () => {
    const asked: string[] = [];
    handler = (method) => {
      asked.push(method);
      return method === 'getindexinfo' ? json({}) : healthy(method);
    };
    const h = harness();
    await h.waitFor((m) => m.type === 'tip' && m.height === 7);
    expect(h.out.some(unreachable)).toBe(false);
    expect(asked).not.toContain('getindexinfo');
    await h.core.stop();
  });

  it.each([
    ['Bitcoin Core older than 24', { version: 230000, subversion: '/Satoshi:23.0.0/' }, 'regtest', /needs Bitcoin Core 24 or newer; upgrade/],
    ['another node software', { version: 10000, subversion: '/btcd:0.24.0/' }, 'regtest', /not Bitcoin Core/],
  ])('%s is refused with an actionable error', async (_name, info, chain, why) => {
    handler = (method) => (method === 'getnetworkinfo' ? json(info) : method === 'getblockchaininfo' ? json({ chain, pruned: false }) : healthy(method));
    const h = harness();
    expect(errorOf(await h.waitFor(unreachable))).toMatch(why);
    await h.core.stop();
  });

  it('an RPC error from the node check is a problem, never "fine"', async () => {
    handler = (method) =>
      method === 'getblockchaininfo' ? { status: 500, body: JSON.stringify({ result: null, error: { code: -32601, message: 'Method not found' }, id: 1 }) } : healthy(method);
    const h = harness();
    expect(errorOf(await h.waitFor(unreachable))).toMatch(/cannot answer getblockchaininfo.*Method not found/);
    await h.core.stop();
  });


  it('a tip that does not move is reported once as tip-stalled', async () => {
    handler = healthy;
    const out: FromWorker[] = [];
    const core = createSyncerCore({
      chain: 'btc',
      send: (m) => out.push(m),
      makeBackend: (cfg, emit, log) => (cfg.chain === 'btc' ? createBtcBackend(cfg, emit, log) : (null as never)),
    });
    core.handle({ type: 'configure', config: { chain: 'btc', rpcUrl: url, feeTargetBlocks: 2, pollMs: 20, stallMs: 150, rpcTimeoutMs: 300, maxBackoffMs: 60 } });
    await new Promise((r) => setTimeout(r, 600));
    await core.stop();
    const stalls = out.filter((m) => m.type === 'event' && m.event.kind === 'tip-stalled');
    expect(stalls).toHaveLength(1);
    expect(stalls[0]).toMatchObject({ event: { height: 7 } });
  });
});

describe('malformed messages to the worker core', () => {
  it('are rejected with a typed message and change nothing', async () => {
    handler = healthy;
    const h = harness();
    const rejected = () => h.out.filter((m) => m.type === 'rejected');
    h.core.handle('garbage');
    h.core.handle({ type: 'task', task: { kind: 'watch-tx', id: 'x', txid: 'nothex', confirmationBound: 1 } });
    h.core.handle({ type: 'task', task: { kind: 'sweep', id: 'y' } }); // an XMR task at the BTC worker
    h.core.handle({ type: 'configure', config: { chain: 'btc', rpcUrl: url, feeTargetBlocks: 2, pollMs: 20, stallMs: 1e6, rpcTimeoutMs: 300, maxBackoffMs: 60 } });
    expect(rejected().map((m) => (m.type === 'rejected' ? m.error : ''))).toEqual([
      expect.stringMatching(/^malformed message/),
      expect.stringMatching(/^invalid btc task x: txid/),
      expect.stringMatching(/^invalid btc task y/),
      'configure sent twice; keeping the first',
    ]);
    // Still serving: a valid task is answered.
    h.core.handle({ type: 'task', task: { kind: 'watch-height', id: 'h' } });
    expect(await h.waitFor((m) => m.type === 'event' && m.event.kind === 'height')).toMatchObject({ event: { height: 7, blockHash: H('a') } });
    // Same id, different task: a task-error, and the first stays.
    h.core.handle({ type: 'task', task: { kind: 'estimate-fee', id: 'h', floorSatPerKvB: 1 } });
    expect(await h.waitFor((m) => m.type === 'event' && m.event.kind === 'task-error')).toMatchObject({ event: { taskId: 'h' } });
    await h.core.stop();
  });

  it('a task before configure is rejected', () => {
    const out: FromWorker[] = [];
    const core = createSyncerCore({ chain: 'btc', send: (m) => out.push(m), makeBackend: () => { throw new Error('not called'); } });
    core.handle({ type: 'task', task: { kind: 'watch-height', id: 'h' } });
    expect(out).toEqual([{ type: 'rejected', error: 'task h arrived before configure' }]);
  });
});
