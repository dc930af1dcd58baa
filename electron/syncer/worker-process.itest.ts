// A real forked syncer worker process fed malformed messages and a node that answers garbage.
// Invariant under test: the process validates its channel: bad input gets a typed rejection or event, never a crash; shutdown exits cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forkSpawnPort, type WorkerHandle } from './spawn-port';
import { FromWorkerSchema, type FromWorker } from '../../shared/syncer/worker-protocol';

let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>I am not a node</html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('syncer worker process', () => {
  it('rejects malformed messages, reports a garbage node, and exits on shutdown', async () => {
    const w: WorkerHandle = forkSpawnPort().spawn('btc');
    const got: FromWorker[] = [];
    const bad: unknown[] = [];
    const exited = new Promise<number | null>((r) => w.onExit((code) => r(code)));
    w.onMessage((m) => {
      const p = FromWorkerSchema.safeParse(m);
      if (p.success) got.push(p.data);
      else bad.push(m);
    });
    const waitFor = async (pred: (m: FromWorker) => boolean, ms = 20_000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const hit = got.find(pred);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`not seen: ${JSON.stringify(got)}`);
    };
    try {
      await waitFor((m) => m.type === 'ready');
      w.send({ type: 'launch-missiles' });
      w.send([1, 2, 3]);
      w.send({ type: 'task', task: { kind: 'watch-tx', id: 'bad id with spaces', txid: 'x', confirmationBound: 0 } });
      w.send({ type: 'configure', config: { chain: 'xmr' } });
      // One rejection per message, each its own IPC message: wait for the fourth, not only for the task's.
      await waitFor(() => got.filter((m) => m.type === 'rejected').length >= 4);
      expect(got.filter((m) => m.type === 'rejected')).toHaveLength(4);
      expect(got.some((m) => m.type === 'rejected' && /invalid btc task/.test(m.error))).toBe(true);
      w.send({ type: 'configure', config: { chain: 'btc', rpcUrl: url, feeTargetBlocks: 2, pollMs: 50, stallMs: 1e6, rpcTimeoutMs: 500, maxBackoffMs: 200 } });
      w.send({ type: 'task', task: { kind: 'watch-height', id: 'h' } });
      const down = await waitFor((m) => m.type === 'event' && m.event.kind === 'backend-unreachable');
      expect(down.type === 'event' && down.event.kind === 'backend-unreachable' ? down.event.error : '').toMatch(/malformed data.*not JSON/);
      expect(bad).toEqual([]); // everything the worker said passed the schema
      w.send({ type: 'shutdown' });
      expect(await exited).toBe(0);
    } finally {
      w.kill();
    }
  });
});
