// A whole swap served by a Bitcoin node as a person runs one (issue #19): litecoind (the Bitcoin Core stand-in)
// started without -txindex and with cookie auth only (no rpcuser/rpcpassword), both parties' syncers logging in
// with the cookie file. Checked: the swap completes on both sides with the coins where they belong; the node had
// no tx index and refused anything but the cookie, so every answer the syncers got came through it.
import { describe, expect, it } from 'vitest';
import { runDemo } from './regtest-demo';
import type { BtcRegtest } from '../../electron/regtest';
import { missingNodeBinaries } from '../regtest/node-binaries';

const missing = missingNodeBinaries('own-btc-node.itest');

describe.skipIf(missing.length > 0)('a whole swap on a Bitcoin node without -txindex, with cookie auth', () => {
  it('completes, on a node with no tx index that takes only its cookie', async () => {
    const node: { indexInfo?: unknown; cookieFile?: string | null; wrongLogin?: number; noLogin?: number; height?: number } = {};
    const inspect = async (btc: BtcRegtest) => {
      node.indexInfo = await btc.rpc('getindexinfo');
      node.cookieFile = btc.rpcCookieFile;
      node.height = await btc.rpc<number>('getblockcount');
      const ask = (authorization?: string) =>
        fetch(btc.rpcUrl, { method: 'POST', headers: authorization ? { authorization } : {}, body: '{"method":"getblockcount","params":[]}' }).then((r) => r.status);
      node.wrongLogin = await ask(`Basic ${Buffer.from('regtest:anything').toString('base64')}`);
      node.noLogin = await ask();
    };
    const lines: string[] = [];
    const r = await runDemo({ path: 'happy', btcNode: { txindex: false, cookieAuth: true }, onBtcNode: inspect, progress: (l) => lines.push(l) });
    console.log(`own btc node (no txindex, cookie): ${r.wallSec} s, BTC ${r.btcSats} sats to Alice, chain at ${node.height}`);
    expect(r.alice).toBe('swapped');
    expect(r.bob).toBe('swapped');
    expect(r.btcSats).toBeGreaterThan(1_000_000 - 5_000);
    expect(r.btcSats).toBeLessThan(1_000_000);
    expect(BigInt(r.xmrPiconero)).toBeGreaterThan(1_000_000_000_000n - 10_000_000_000n);
    // The node: no tx index, a cookie, and nothing but the cookie let in.
    expect(node.indexInfo).toEqual({});
    expect(node.cookieFile).toMatch(/regtest\/\.cookie$/);
    expect(node.wrongLogin).toBe(401);
    expect(node.noLogin).toBe(401);
    // The swap's txs were watched, and found by scanning blocks (there is no tx index to ask).
    expect(lines.filter((l) => / btc-task watch-tx /.test(l)).length).toBeGreaterThanOrEqual(6);
  }, 300_000);
});
