// Failover on real nodes (issue 19): the person's wallet has two Bitcoin endpoints, two litecoind regtest
// nodes A and B that follow the sandbox's chain (the sandbox node connects to both with addnode). A whole
// swap against the sandbox maker; once the BTC lock is seen, A is stopped: B takes over, the swap
// completes, and the switch was announced (the syncer's endpoint-switched event, the status line's
// endpoint in use and its notice). Then a wallet with one Bitcoin node: stopped mid-swap, the swap waits
// under a danger notice (a new swap is refused), and completes once the node is back.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandboxWallet, untilSwap } from '../../rigs/app/sandbox-wallet';
import type { SyncerEvent } from '../../shared/syncer/messages';
import { startBtcRegtest, type BtcRegtest } from '../regtest/btc-regtest';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-service';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import type { WalletService } from './wallet-service';

const seed = new Uint8Array(32).fill(9);
let work: string;
let sandbox: Sandbox;
let nodeA: BtcRegtest;
let nodeB: BtcRegtest;

/** A litecoind that listens (the sandbox node dials it) and mines nothing of its own: it follows the sandbox's chain. */
async function follower(): Promise<BtcRegtest> {
  const n = await startBtcRegtest({ initialBlocks: 0, extraArgs: ['-listen=1'] });
  const s = sandbox.info.btc;
  const rpc = createJsonRpcClient({ url: s.rpcUrl, user: s.rpcUser, password: s.rpcPassword });
  const r = await rpc.call('addnode', [`127.0.0.1:${n.p2pPort}`, 'add']);
  if (!r.ok) throw new Error(r.error.message);
  return n;
}

async function synced(n: BtcRegtest): Promise<void> {
  const s = sandbox.info.btc;
  const rpc = createJsonRpcClient({ url: s.rpcUrl, user: s.rpcUser, password: s.rpcPassword });
  for (let i = 0; i < 240; i++) {
    const [a, b] = await Promise.all([rpc.call('getblockcount'), n.rpc<number>('getblockcount').catch(() => -1)]);
    if (a.ok && typeof a.value === 'number' && b >= a.value - 1) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the follower node did not catch up with the sandbox chain');
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'fc-failover-'));
  sandbox = await startSandbox({ dir: path.join(work, 'sandbox'), blockMs: 500 });
  [nodeA, nodeB] = await Promise.all([follower(), follower()]);
  await Promise.all([synced(nodeA), synced(nodeB)]);
}, 300_000);
afterAll(async () => {
  await nodeA?.stop().catch(() => undefined);
  await nodeB?.stop().catch(() => undefined);
  await Promise.race([sandbox?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
  rmSync(work, { recursive: true, force: true });
});

const ep = (n: BtcRegtest) => ({ rpcUrl: n.rpcUrl, rpcUser: n.rpcUser, rpcPassword: n.rpcPassword });

function open(name = 'wallet', btc: BtcRegtest[] = [nodeA, nodeB]): Promise<WalletService> {
  const [first, ...more] = btc.map(ep);
  return openSandboxWallet({ dataDir: path.join(work, name), sandbox: sandbox.info, seed, endpoints: { btc: first!, btcFallbacks: more } });
}

/** Connect the sandbox node to a follower now (a restarted follower is otherwise found again only after minutes). */
async function reconnect(n: BtcRegtest): Promise<void> {
  const s = sandbox.info.btc;
  const rpc = createJsonRpcClient({ url: s.rpcUrl, user: s.rpcUser, password: s.rpcPassword });
  await rpc.call('addnode', [`127.0.0.1:${n.p2pPort}`, 'onetry']);
}

const until = untilSwap;

describe('node failover (two real Bitcoin endpoints, the first stopped mid-swap)', () => {
  it('the second endpoint takes over after the BTC lock, the swap completes, the switch is announced', async () => {
    const w = await open();
    const switched: SyncerEvent[] = [];
    w.node.supervisors.btc.subscribe((e) => {
      if (e.type === 'syncer' && e.event.kind === 'endpoint-switched') switched.push(e.event);
    });
    try {
      const t0 = Date.now();
      const before = await w.status();
      const hostA = `127.0.0.1:${nodeA.rpcPort}`;
      const hostB = `127.0.0.1:${nodeB.rpcPort}`;
      const offer = await w.sandboxOffer();
      if (!offer.ok) throw new Error(offer.error.message);
      const started = await w.startSwap({ offer: offer.value.offer, btcAddress: sandbox.info.addresses.btc, xmrAddress: sandbox.info.addresses.xmr });
      if (!started.ok) throw new Error(started.error.message);
      const id = started.value.swapId;
      expect(before.network).toBe('regtest');
      const inUse = (await w.status()).chains.find((c) => c.chain === 'btc');
      expect(inUse?.endpoint).toBe(hostA);
      expect(inUse?.endpoints?.map((e) => e.host)).toEqual([hostA, hostB]);

      await until(w, id, (v) => v.funding !== null && v.asks.length > 0, 'the funding ask');
      const paid = await w.act(id, 'fund-from-sandbox');
      if (!paid.ok) throw new Error(paid.error.message);
      await until(w, id, (v) => v.txs.some((t) => t.name === 'lock' && (t.confs ?? 0) >= 1), 'the BTC lock seen');
      expect(switched).toEqual([]);
      const stoppedAt = Date.now();
      await nodeA.stopNode();

      const done = await until(w, id, (v) => v.summary.outcome !== 'running', 'the outcome after the failover', 240_000);
      expect(done.summary.outcome).toBe('swapped');
      expect(done.txs.map((t) => t.name)).toEqual(expect.arrayContaining(['lock', 'buy']));
      expect(switched.length).toBeGreaterThanOrEqual(1);
      expect(switched[0]).toMatchObject({ kind: 'endpoint-switched', from: hostA, to: hostB, reason: expect.stringContaining(`${hostA} unreachable`) });
      const st = await w.status();
      const btc = st.chains.find((c) => c.chain === 'btc')!;
      expect(btc.endpoint).toBe(hostB);
      expect(btc.switched).toMatchObject({ from: hostA, to: hostB });
      expect(btc.endpoints?.find((e) => e.host === hostA)?.error).not.toBeNull();
      expect(st.notices.some((n) => n.message.startsWith(`Bitcoin: switched to ${hostB}: ${hostA} unreachable`))).toBe(true);
      console.log(`failover swap: A stopped ${((stoppedAt - t0) / 1000).toFixed(1)} s in, switched within ${((btc.switched!.at - stoppedAt) / 1000).toFixed(1)} s, swapped after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      await w.stop();
    }
  }, 480_000);
  it('with its only Bitcoin node stopped mid-swap, the swap waits with a danger notice and completes once the node is back', async () => {
    const w = await open('wallet-single', [nodeB]);
    try {
      const offer = await w.sandboxOffer();
      if (!offer.ok) throw new Error(offer.error.message);
      const started = await w.startSwap({ offer: offer.value.offer, btcAddress: sandbox.info.addresses.btc, xmrAddress: sandbox.info.addresses.xmr });
      if (!started.ok) throw new Error(started.error.message);
      const id = started.value.swapId;
      await until(w, id, (v) => v.funding !== null && v.asks.length > 0, 'the funding ask');
      const paid = await w.act(id, 'fund-from-sandbox');
      if (!paid.ok) throw new Error(paid.error.message);
      await until(w, id, (v) => v.txs.some((t) => t.name === 'lock' && (t.confs ?? 0) >= 1), 'the BTC lock seen');
      await nodeB.stopNode();
      let warned: string | null = null;
      for (let i = 0; i < 120 && !warned; i++) {
        const st = await w.status();
        warned = st.notices.find((n) => n.id === 'btc:unreachable' && n.level === 'danger')?.message ?? null;
        if (!warned) await new Promise((r) => setTimeout(r, 250));
      }
      expect(warned).toMatch(/^Bitcoin node unreachable .*Your running swaps wait for this chain and go on when it is back/s);
      // A new swap is refused meanwhile, saying which chain and what to do.
      const another = await w.sandboxOffer();
      if (!another.ok) throw new Error(another.error.message);
      const refused = await w.startSwap({ offer: another.value.offer, btcAddress: sandbox.info.addresses.btc, xmrAddress: sandbox.info.addresses.xmr });
      expect(refused).toMatchObject({ ok: false, error: { kind: 'chain-not-ready', message: expect.stringContaining('the Bitcoin node does not answer') } });
      await nodeB.startNode();
      await reconnect(nodeB);
      const done = await until(w, id, (v) => v.summary.outcome !== 'running', 'the outcome after the node came back', 240_000);
      expect(done.summary.outcome).toBe('swapped');
      expect((await w.status()).notices.some((n) => n.id === 'btc:unreachable')).toBe(false);
    } finally {
      await w.stop();
    }
  }, 480_000);
});
