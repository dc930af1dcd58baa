// The person's wallet service on real regtest nodes against the sandbox maker, through the same API
// the renderer calls: take an offer, pay from the sandbox wallet, swap; a swap survives a stop of the
// whole service after the BTC lock (recovered from its transcript, the maker re-dialed); bad input is
// refused with typed errors and changes nothing; the history answers from the index after a stop.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import type { SwapView } from '../../shared/ipc/channels';
import { FileMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { sandboxControl } from '../sandbox/sandbox-info';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-service';
import { ClientBackup, fileKeyValueStore } from './client-backup';
import { HistoryIndex } from './history-index';
import { startWalletService, type WalletService } from './wallet-service';

const chain = { network: BTC_NETWORKS['litecoin-regtest'] };
const seed = new Uint8Array(32).fill(7);
let work: string;
let sandbox: Sandbox;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'fc-wallet-'));
  sandbox = await startSandbox({ dir: path.join(work, 'sandbox'), blockMs: 500 });
}, 240_000);
afterAll(async () => {
  await Promise.race([sandbox?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
  rmSync(work, { recursive: true, force: true });
});

async function open(): Promise<WalletService> {
  const dataDir = path.join(work, 'wallet');
  const info = sandbox.info;
  const r = await startWalletService({
    dataDir,
    endpoints: { network: 'regtest', btcNetwork: chain.network, btc: info.btc, xmr: info.xmr },
    backup: new ClientBackup(fileKeyValueStore(dataDir)),
    sandbox: { info, control: sandboxControl(info) },
    pollMs: 250,
    makeClient: (wallet) => new HeadlessClient({ signer: inProcessSignerWithSeed(seed), chain, wallet, memo: new FileMemoStore(path.join(dataDir, 'client')) }),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

async function until(w: WalletService, swapId: string, cond: (v: SwapView) => boolean, what: string, ms = 180_000): Promise<SwapView> {
  const t0 = Date.now();
  let last: SwapView | null = null;
  while (Date.now() - t0 < ms) {
    const v = await w.getSwap(swapId);
    if (v.ok) {
      last = v.value;
      if (cond(v.value)) return v.value;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timeout waiting for ${what}; last stage: ${last?.summary.stage ?? 'none'}`);
}

describe('wallet service (real nodes, sandbox maker)', () => {
  it('refuses bad input with typed errors and creates nothing', async () => {
    const w = await open();
    try {
      const junk = await w.reviewOffer('fcswap1notanoffer');
      expect(junk.ok).toBe(false);
      if (!junk.ok) expect(junk.error.kind).toBe('offer-encoding');
      const offer = await w.sandboxOffer();
      if (!offer.ok) throw new Error(offer.error.message);
      const badBtc = await w.startSwap({ offer: offer.value.offer, btcAddress: 'bc1qnotours', xmrAddress: sandbox.info.addresses.xmr });
      expect(badBtc.ok).toBe(false);
      if (!badBtc.ok) expect(badBtc.error.kind).toBe('address-invalid');
      const badXmr = await w.startSwap({ offer: offer.value.offer, btcAddress: sandbox.info.addresses.btc, xmrAddress: '4notmonero' });
      expect(badXmr.ok).toBe(false);
      expect(await w.listSwaps()).toEqual([]);
      expect(w.node.daemon.swapIds).toEqual([]);
    } finally {
      await w.stop();
    }
  }, 120_000);

  it('swaps through the API, and finishes a swap after a stop of the whole service after the BTC lock', async () => {
    let w = await open();
    const t0 = Date.now();
    const offer = await w.sandboxOffer();
    if (!offer.ok) throw new Error(offer.error.message);
    const review = await w.reviewOffer(offer.value.offer);
    expect(review.ok && review.value.yourRole).toBe('bob');
    const started = await w.startSwap({ offer: offer.value.offer, btcAddress: sandbox.info.addresses.btc, xmrAddress: sandbox.info.addresses.xmr });
    if (!started.ok) throw new Error(started.error.message);
    const id = started.value.swapId;
    const again = await w.startSwap({ offer: offer.value.offer, btcAddress: sandbox.info.addresses.btc, xmrAddress: sandbox.info.addresses.xmr });
    expect(!again.ok && again.error.kind).toBe('offer-taken');

    const toFund = await until(w, id, (v) => v.funding !== null && v.asks.length > 0, 'the funding ask');
    expect(toFund.summary.needsAction).toBe(true);
    const paid = await w.act(id, 'fund-from-sandbox');
    if (!paid.ok) throw new Error(paid.error.message);
    const twice = await until(w, id, (v) => v.funding?.seen != null, 'the funding payment seen');
    const payTwice = await w.act(id, 'fund-from-sandbox');
    expect(!payTwice.ok && payTwice.error.kind).toBe('already-funded');
    // Whether abort is still allowed depends on how far the swap got meanwhile; it always says why.
    expect(twice.abort.reason.length).toBeGreaterThan(0);

    await until(w, id, (v) => v.txs.some((t) => t.name === 'lock'), 'the BTC lock broadcast');
    const lockedAfter = (Date.now() - t0) / 1000;
    await w.stop();
    // History is readable from the index with no daemon at all.
    const offline = new HistoryIndex(path.join(work, 'wallet', 'daemon')).list();
    expect(offline.map((s) => s.swapId)).toContain(id);

    w = await open();
    try {
      const done = await until(w, id, (v) => v.summary.outcome !== 'running', 'the outcome after restart', 240_000);
      expect(done.summary.outcome).toBe('swapped');
      expect(done.txs.map((t) => t.name)).toEqual(expect.arrayContaining(['lock', 'buy']));
      // A finished swap's record no longer changes: polls get the same view, not a rebuilt one.
      const [p1, p2] = [await w.getSwap(id), await w.getSwap(id)];
      expect(p1.ok && p2.ok && p1.value === p2.value).toBe(true);
      const listed = (await w.listSwaps()).find((s) => s.swapId === id);
      expect(listed?.outcome).toBe('swapped');
      console.log(`wallet swap: locked after ${lockedAfter.toFixed(1)} s, swapped after ${((Date.now() - t0) / 1000).toFixed(1)} s (one full stop + recovery in between)`);
    } finally {
      await w.stop();
    }
  }, 420_000);
});
