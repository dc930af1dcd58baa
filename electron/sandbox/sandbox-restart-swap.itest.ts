// The point of a kept sandbox: a swap running when `npm start` stops finishes after it starts again.
// The person's wallet service takes a sandbox offer and locks its BTC; then the wallet AND the sandbox
// stop (as when the whole app is stopped); the sandbox starts again on the same dir (same chains, the
// maker back on the port its offer carries, its swap resumed) and the wallet after it: the swap ends
// swapped. Real nodes, real maker daemon, real peer link.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SwapView } from '../../shared/ipc/channels';
import { openSandboxWallet, untilSwap } from '../../rigs/app/sandbox-wallet';
import type { WalletService } from '../app/wallet-service';
import { startSandbox, type Sandbox } from './sandbox-service';

const seed = new Uint8Array(32).fill(9);
const work = mkdtempSync(path.join(os.tmpdir(), 'fc-sandbox-swap-'));
const sandboxDir = path.join(work, 'sandbox');
const walletDir = path.join(work, 'wallet');
const stops: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const s of stops.splice(0).reverse()) await Promise.race([s(), new Promise((r) => setTimeout(r, 30_000))]);
  rmSync(work, { recursive: true, force: true });
});

async function sandbox(): Promise<Sandbox> {
  const s = await startSandbox({ dir: sandboxDir, blockMs: 500 });
  stops.push(() => s.stop());
  return s;
}

async function wallet(s: Sandbox): Promise<WalletService> {
  const w = await openSandboxWallet({ dataDir: walletDir, sandbox: s.info, seed });
  stops.push(() => w.stop());
  return w;
}

async function stopAll(): Promise<void> {
  for (const s of stops.splice(0).reverse()) await s();
}

const until = (w: WalletService, swapId: string, cond: (v: SwapView) => boolean, what: string, ms = 240_000) => untilSwap(w, swapId, cond, what, ms);

/** The sandbox maker's offer, taken with the sandbox wallets' addresses; the swap id. */
async function takeSandboxOffer(w: WalletService, s: Sandbox): Promise<string> {
  const offer = await w.sandboxOffer();
  if (!offer.ok) throw new Error(offer.error.message);
  const started = await w.startSwap({ offer: offer.value.offer, btcAddress: s.info.addresses.btc, xmrAddress: s.info.addresses.xmr });
  if (!started.ok) throw new Error(started.error.message);
  return started.value.swapId;
}

describe('a sandbox swap across a restart of the whole app (real nodes)', () => {
  it('locks BTC, stops wallet and sandbox, starts both again: the swap ends swapped', async () => {
    const t0 = Date.now();
    let s = await sandbox();
    let w = await wallet(s);
    const id = await takeSandboxOffer(w, s);
    await until(w, id, (v) => v.funding !== null && v.asks.length > 0, 'the funding ask');
    const paid = await w.act(id, 'fund-from-sandbox');
    if (!paid.ok) throw new Error(paid.error.message);
    await until(w, id, (v) => v.txs.some((t) => t.name === 'lock'), 'the BTC lock broadcast');
    const chains = s.info.chains;
    await stopAll();

    const t1 = Date.now();
    s = await sandbox();
    const restartSec = (Date.now() - t1) / 1000;
    expect(s.info.chains).toEqual(chains);
    expect(s.maker.swapIds()).toContain(id);
    w = await wallet(s);
    const done = await until(w, id, (v) => v.summary.outcome !== 'running', 'the outcome after the restart');
    expect(done.summary.outcome).toBe('swapped');
    expect(done.txs.map((t) => t.name)).toEqual(expect.arrayContaining(['lock', 'buy']));
    console.log(`[sandbox] swap across an app restart: sandbox restart ${restartSec.toFixed(1)} s, swapped ${((Date.now() - t1) / 1000).toFixed(1)} s after it (${((Date.now() - t0) / 1000).toFixed(1)} s in all)`);
  }, 600_000);

  it('a swap whose sandbox chains were deleted says so, can be archived, and is never resumed again', async () => {
    await stopAll(); // the first test's wallet and sandbox still hold the dirs
    let s = await sandbox();
    let w = await wallet(s);
    const id = await takeSandboxOffer(w, s);
    await until(w, id, (v) => v.funding !== null, 'the funding address');
    // Not gone while the chains are the same: archiving is refused.
    const early = await w.act(id, 'archive');
    expect(early.ok).toBe(false);
    const oldChains = s.info.chains;
    await stopAll();

    // The person deletes the sandbox folder by hand: the next sandbox makes new chains.
    rmSync(sandboxDir, { recursive: true, force: true });
    s = await sandbox();
    expect(s.info.chains?.btc.hash).not.toBe(oldChains?.btc.hash);
    w = await wallet(s);
    const gone = await until(w, id, (v) => v.warnings.some((x) => x.code === 'chains-gone'), 'the chains-gone warning', 60_000);
    expect(gone.warnings[0]).toMatchObject({ code: 'chains-gone', level: 'danger' });
    expect(gone.archive?.allowed).toBe(true);
    const st = await w.status();
    expect(st.notices.some((n) => n.swapId === id && n.level === 'danger' && /gone/.test(n.message))).toBe(true);
    const archived = await w.act(id, 'archive');
    expect(archived.ok && archived.value.summary.outcome).toBe('archived');
    expect((await w.listSwaps()).find((x) => x.swapId === id)?.outcome).toBe('archived');
    await stopAll();

    s = await sandbox();
    w = await wallet(s);
    // Not recovered: no actor, and history still says archived.
    expect(w.node.daemon.actor(id as never)).toBeUndefined();
    expect((await w.listSwaps()).find((x) => x.swapId === id)?.outcome).toBe('archived');
  }, 600_000);
});
