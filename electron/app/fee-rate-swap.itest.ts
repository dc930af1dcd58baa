// Issue 19, fees, through the whole app on real regtest nodes: the sandbox maker signs 7 sat/vB (not
// the legacy 2), the person's wallet reviews it (the funding amount at 7 sat/vB), takes it, pays the
// funding address from the sandbox wallet and swaps. The funding amount the swap asks for is the one
// the review showed, and every mined swap transaction (lock, buy) pays 7 sat/vB, read from the node:
// fee = its inputs' values minus its outputs, over the vsize the node reports.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feeForVsize } from '../../shared/crypto/btc-fee';
import { openSandboxWallet, untilSwap } from '../../rigs/app/sandbox-wallet';
import { minedSwapTxFees, type BtcRpc } from '../../rigs/demo/swap-tx-fees';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-service';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import type { WalletService } from './wallet-service';

const RATE = 7000n;
let work: string;
let sandbox: Sandbox;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'fc-fee-swap-'));
  sandbox = await startSandbox({ dir: path.join(work, 'sandbox'), blockMs: 500, terms: { feeRateSatPerKvB: Number(RATE) } });
}, 240_000);
afterAll(async () => {
  await Promise.race([sandbox?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
  rmSync(work, { recursive: true, force: true });
});

const open = (): Promise<WalletService> =>
  openSandboxWallet({ dataDir: path.join(work, 'wallet'), sandbox: sandbox.info, seed: new Uint8Array(32).fill(5) });

const until = untilSwap;

/** The sandbox's Bitcoin node (litecoind with -txindex), as the fee reader wants it. */
function sandboxNode(): BtcRpc {
  const c = createJsonRpcClient({ url: sandbox.info.btc.rpcUrl, user: sandbox.info.btc.rpcUser, password: sandbox.info.btc.rpcPassword });
  return {
    async rpc<T>(method: string, params: unknown[] = []): Promise<T> {
      const r = await c.call(method, params);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as T;
    },
  };
}

describe('a swap at 7 sat/vB through the app (real nodes, sandbox maker)', () => {
  it('funds the amount the review showed, and lock and buy each pay 7 sat/vB', async () => {
    const w = await open();
    try {
      const offer = await w.sandboxOffer();
      if (!offer.ok) throw new Error(offer.error.message);
      const review = await w.reviewOffer(offer.value.offer);
      if (!review.ok) throw new Error(review.error.message);
      expect(review.value.feeSatPerKvB).toBe(Number(RATE));
      const lockFee = BigInt(review.value.fees.find((f) => f.tx === 'lock')!.sats);
      expect(BigInt(review.value.fundingSats!)).toBe(1_000_000n + lockFee);

      const started = await w.startSwap({ offer: offer.value.offer, btcAddress: sandbox.info.addresses.btc, xmrAddress: sandbox.info.addresses.xmr });
      if (!started.ok) throw new Error(started.error.message);
      const id = started.value.swapId;
      const toFund = await until(w, id, (v) => v.funding !== null && v.asks.length > 0, 'the funding ask');
      // The swap asks for exactly what the review showed: priced by the same function at the deal's rate.
      expect(toFund.funding?.sats).toBe(review.value.fundingSats);
      const paid = await w.act(id, 'fund-from-sandbox');
      if (!paid.ok) throw new Error(paid.error.message);
      const done = await until(w, id, (v) => v.summary.outcome !== 'running', 'the outcome', 240_000);
      expect(done.summary.outcome).toBe('swapped');

      // Every Bitcoin transaction of the swap the view names (the funding payment is the sandbox wallet's, not the swap's).
      const paidFees = await minedSwapTxFees(sandboxNode(), done.txs.filter((t) => t.chain === 'btc' && t.name !== 'funding').map((t) => [t.name, t.txid] as const));
      console.log(`fee-rate-swap.itest: ${paidFees.map((p) => `${p.name} ${p.feeSats}/${p.vsize} = ${p.satPerVb.toFixed(3)} sat/vB`).join(', ')}`);
      expect(paidFees.map((p) => p.name).sort()).toEqual(['buy', 'lock']);
      for (const p of paidFees) {
        expect(BigInt(p.feeSats), `${p.name}`).toBeGreaterThanOrEqual(feeForVsize(RATE, p.vsize));
        expect(BigInt(p.feeSats), `${p.name}`).toBeLessThanOrEqual(feeForVsize(RATE, p.vsize + 1));
      }
      expect(BigInt(paidFees.find((p) => p.name === 'lock')!.feeSats)).toBe(lockFee);
    } finally {
      await w.stop();
    }
  }, 420_000);
});
