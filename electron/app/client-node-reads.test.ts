// The clients' node reads follow the person's node list: the first node down, the next answers, and
// the fallback is logged; with every node down, the last error comes back (never a made-up answer).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../regtest/free-port';
import { clientNodeReads } from './client-node-reads';
import type { WalletEndpoints } from './wallet-context';

let server: Server;
let up = '';
let down = '';
const asked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const m = JSON.parse(body) as { method: string; id: number };
      asked.push(`${req.url} ${m.method}`);
      const result = m.method === 'scantxoutset' ? { success: true, unspents: [{ txid: 'ab'.repeat(32), vout: 1, amount: 0.0001 }] } : null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result, error: null, id: m.id }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  up = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  down = `http://127.0.0.1:${await freePort()}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const endpoints = (btc: string[], xmr: string[]): WalletEndpoints => ({
  network: 'regtest',
  btcNetwork: {} as WalletEndpoints['btcNetwork'],
  btc: { rpcUrl: btc[0]! },
  btcFallbacks: btc.slice(1).map((rpcUrl) => ({ rpcUrl })),
  xmr: { daemonUrl: xmr[0]! },
  xmrFallbacks: xmr.slice(1).map((daemonUrl) => ({ daemonUrl })),
});

describe('clientNodeReads', () => {
  it('asks the next node when the first does not answer, and logs the fallback', async () => {
    const logs: string[] = [];
    const reads = clientNodeReads(endpoints([down, up], [down]), (l) => logs.push(l));
    const r = await reads.fundingUtxos('rltc1qexample');
    expect(r).toEqual({ ok: true, value: [{ txid: 'ab'.repeat(32), vout: 1, sats: 10_000n }] });
    expect(asked).toContain('/ scantxoutset');
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(new RegExp(`^funding address outputs: answered by ${up.slice(7)} \\(an earlier node failed: `));
  });

  it('asks only the first node while it answers', async () => {
    const logs: string[] = [];
    asked.length = 0;
    const reads = clientNodeReads(endpoints([up, down], [down]), (l) => logs.push(l));
    expect((await reads.fundingUtxos('rltc1qexample')).ok).toBe(true);
    expect(asked).toEqual(['/ scantxoutset']);
    expect(logs).toEqual([]);
  });

  it('gives the last error when no node answers, for Bitcoin and Monero reads', async () => {
    const reads = clientNodeReads(endpoints([down, down], [down, down]), () => undefined);
    const r = await reads.fundingUtxos('rltc1qexample');
    expect(r.ok).toBe(false);
    await expect(reads.xmrHeight()).rejects.toThrow();
  });
});
