// Issue 19, fees, on real regtest nodes (the sandbox: litecoind, monerod, the maker) through the API
// the renderer calls: the sandbox maker's offer signs the node's estimate (regtest has none: the
// floor) and its review shows every fee in sats; an offer whose rate is outside the taker's band
// (500 sat/vB, with no estimate on regtest the band is 1..50 sat/vB) is refused at review and at
// start, before anything is signed: no swap, no transcript, no backup, no memo, no signer call.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import type { SwapId } from '../../shared/ids';
import { createOffer, identityKeyOf } from '../../shared/offer/offer';
import { FileMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSignerWithSeed, type SwapSigner } from '../client/swap-signer';
import { sandboxControl } from '../sandbox/sandbox-info';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-service';
import { ClientBackup, fileKeyValueStore } from './client-backup';
import { startWalletService, type WalletService } from './wallet-service';

const chain = { network: BTC_NETWORKS['litecoin-regtest'] };
let work: string;
let sandbox: Sandbox;
const signerCalls: string[] = [];

/** Every call the client makes to its signer, of any kind (keys, proofs, signatures). */
function countingSigner(inner: SwapSigner): SwapSigner {
  return new Proxy(inner, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => (signerCalls.push(String(prop)), (v as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'fc-fee-band-'));
  sandbox = await startSandbox({ dir: path.join(work, 'sandbox'), blockMs: 500 });
}, 240_000);
afterAll(async () => {
  await Promise.race([sandbox?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
  rmSync(work, { recursive: true, force: true });
});

const dataDir = () => path.join(work, 'wallet');

async function open(): Promise<{ w: WalletService; backup: ClientBackup }> {
  const info = sandbox.info;
  const backup = new ClientBackup(fileKeyValueStore(dataDir()));
  const r = await startWalletService({
    dataDir: dataDir(),
    endpoints: { network: 'regtest', btcNetwork: chain.network, btc: info.btc, xmr: info.xmr },
    backup,
    sandbox: { info, control: sandboxControl(info) },
    pollMs: 250,
    makeClient: (wallet) => new HeadlessClient({ signer: countingSigner(inProcessSignerWithSeed(new Uint8Array(32).fill(3))), chain, wallet, memo: new FileMemoStore(path.join(dataDir(), 'client')) }),
  });
  if (!r.ok) throw new Error(r.error.message);
  return { w: r.value, backup };
}

/** Every file name under dir (recursively). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

/** An offer signed by a maker nobody runs: refused before any dial, so no maker needs to exist. */
function offerAt(satPerKvB: number): { text: string; id: SwapId } {
  const seed = new Uint8Array(randomBytes(32));
  const id = randomBytes(16).toString('hex') as SwapId;
  const nowSec = Math.floor(Date.now() / 1000);
  const o = createOffer(
    {
      offerId: id, network: 'regtest', makerRole: 'alice', btcSats: '1000000', xmrPiconero: '1000000000000', cancelTimelock: 60, punishTimelock: 80,
      fee: { kind: 'fixed', satPerKvB }, expiresAt: nowSec + 3600, makerKey: identityKeyOf(seed), makerAddress: { host: '127.0.0.1', port: 9 },
    },
    seed,
    { nowSec },
  );
  if (!o.ok) throw new Error(o.error.message);
  return { text: o.value, id };
}

describe('fee rates from the chain (real nodes, sandbox maker)', () => {
  it("the sandbox offer signs the regtest floor (no estimate) and the review shows every fee in sats", async () => {
    const { w } = await open();
    try {
      const offer = await w.sandboxOffer();
      if (!offer.ok) throw new Error(offer.error.message);
      const r = await w.reviewOffer(offer.value.offer);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.feeSatPerKvB).toBe(1000);
      expect(r.value.feeEstimateSatPerKvB).toBeNull();
      expect(r.value.fees.map((f) => f.tx)).toEqual(['lock', 'buy', 'cancel', 'refund']);
      const fee = (tx: string) => BigInt(r.value.fees.find((f) => f.tx === tx)!.sats);
      expect(BigInt(r.value.worstCaseRefundSats)).toBe(fee('lock') + fee('cancel') + fee('refund'));
      expect(BigInt(r.value.fundingSats!)).toBe(1_000_000n + fee('lock'));
      // Reviewing signs nothing.
      expect(signerCalls).toEqual([]);
    } finally {
      await w.stop();
    }
  }, 120_000);

  it('an offer at 500 sat/vB is refused before anything is signed or created', async () => {
    const { w, backup } = await open();
    try {
      const high = offerAt(500_000);
      const review = await w.reviewOffer(high.text);
      expect(!review.ok && review.error.kind).toBe('offer-fee-out-of-band');
      expect(!review.ok && review.error.message).toMatch(/500 sat\/vB is above the 50 sat\/vB .*overpay/);
      const start = await w.startSwap({ offer: high.text, btcAddress: sandbox.info.addresses.btc, xmrAddress: sandbox.info.addresses.xmr });
      expect(!start.ok && start.error.kind).toBe('offer-fee-out-of-band');

      expect(signerCalls).toEqual([]);
      expect(w.node.daemon.swapIds).toEqual([]);
      expect(await w.listSwaps()).toEqual([]);
      expect(backup.swap(high.id)).toBeNull();
      expect((await w.getSwap(high.id)).ok).toBe(false);
      // No transcript, checkpoint or memo names the swap anywhere in the wallet's data.
      expect(filesUnder(dataDir()).filter((f) => f.includes(high.id))).toEqual([]);
      expect(new FileMemoStore(path.join(dataDir(), 'client')).get(high.id)).toBeUndefined();
    } finally {
      await w.stop();
    }
  }, 120_000);
});
