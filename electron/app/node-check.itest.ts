// The network-switch check on real nodes: a litecoind and a monerod on regtest pass for regtest, and
// are refused for mainnet and stagenet with a sentence that names the node and what is wrong; a node
// that does not answer is refused too. (Litecoin stands in for Bitcoin Core on regtest only.) Through the
// host's settings:set: nodes that pass are saved, a network switch they fail saves nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHostContext } from '../host/host-context';
import { startBtcRegtest, startXmrRegtest, type BtcRegtest, type XmrRegtest } from '../regtest';
import { freePort } from '../regtest/free-port';
import { checkBtcNode, checkXmrNode } from './node-check';

let btc: BtcRegtest;
let xmr: XmrRegtest;

beforeAll(async () => {
  [btc, xmr] = await Promise.all([startBtcRegtest({ initialBlocks: 1 }), startXmrRegtest()]);
}, 180_000);
afterAll(async () => {
  await Promise.all([btc?.stop(), xmr?.stop()]);
});

describe('node check (real litecoind and monerod)', () => {
  it('passes both regtest nodes for regtest', async () => {
    const b = await checkBtcNode({ rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword }, 'regtest');
    expect(b).toMatchObject({ ok: true, value: { host: `127.0.0.1:${btc.rpcPort}` } });
    const x = await checkXmrNode({ daemonUrl: xmr.daemonUrl }, 'regtest');
    expect(x.ok).toBe(true);
  });

  it('refuses them for another network, naming the node and the chain it is on', async () => {
    const b = await checkBtcNode({ rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword }, 'mainnet');
    expect(b).toMatchObject({ ok: false, error: { kind: 'node-check', message: `Bitcoin node 127.0.0.1:${btc.rpcPort} is on the "regtest" chain, not mainnet's "main".` } });
    const x = await checkXmrNode({ daemonUrl: xmr.daemonUrl }, 'stagenet');
    expect(x).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Monero node 127\.0\.0\.1:\d+ is on Monero fakechain, not stagenet\.$/) } });
  });

  it('refuses a wrong login and a node that does not answer', async () => {
    const bad = await checkBtcNode({ rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: 'wrong' }, 'regtest');
    expect(bad).toMatchObject({ ok: false, error: { message: expect.stringContaining('does not answer') } });
    const port = await freePort();
    const none = await checkXmrNode({ daemonUrl: `http://127.0.0.1:${port}` }, 'regtest', 2_000);
    expect(none).toMatchObject({ ok: false, error: { message: expect.stringContaining(`Monero node 127.0.0.1:${port} does not answer`) } });
  });
});

describe('settings:set through the host, checked on real nodes', () => {
  it('saves the person\'s regtest nodes that pass, and saves nothing when a switch to mainnet finds them on regtest', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-settings-check-'));
    try {
      const ctx = await openHostContext({ host: 'browser-host', dataDir: dir });
      const nodes = {
        sandbox: false,
        bitcoinNodes: [{ url: btc.rpcUrl, auth: { kind: 'password' as const, user: btc.rpcUser, password: btc.rpcPassword } }],
        moneroNodes: [{ url: xmr.daemonUrl, trusted: true }],
      };
      const saved = await ctx.changeSettings!(nodes);
      expect(saved).toMatchObject({ ok: true, value: { network: 'regtest', sandbox: false } });
      const onDisk = () => JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'));
      expect(onDisk().bitcoinNodes[0].url).toBe(btc.rpcUrl);
      const refused = await ctx.changeSettings!({ network: 'mainnet' });
      expect(refused).toEqual({ ok: false, error: { kind: 'node-check', message: `Not saved: Bitcoin node 127.0.0.1:${btc.rpcPort} is on the "regtest" chain, not mainnet's "main".` } });
      expect(onDisk().network).toBe('regtest');
      expect(ctx.settings.get().network).toBe('regtest');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
