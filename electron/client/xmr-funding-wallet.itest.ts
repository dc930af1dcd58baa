// Alice's XMR funding wallet on a REAL monerod regtest + monero-wallet-rpc (issue 20 part G). The keys
// come from the signer (xmr-funding-keys); the person pays from another wallet. Happy: waiting, then
// x/10 confirmations, ready at 10; the lock is refused before that (typed) and paid once (asked again:
// the same txid); the rest is swept back to the refund address, and a second sweep finds nothing.
// Short: less than the funding amount is "short" however deep it is, and is swept back whole minus the fee.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwapIdSchema } from '../../shared/ids';
import { xmrFundingAmount } from '../../shared/protocol/xmr-funding';
import { startXmrRegtest, type FundedWallet, type WalletRpc, type XmrRegtest } from '../regtest';
import { inProcessSignerWithSeed } from './swap-signer';
import { openXmrFundingWallet, type XmrFundingWallet } from './xmr-funding-wallet';

const SEED = new Uint8Array(32).fill(77);
const SWAP_A = SwapIdSchema.parse('a1'.repeat(16));
const SWAP_B = SwapIdSchema.parse('b2'.repeat(16));
const LOCK = 2_000_000_000_000n; // 2 XMR
let NEED: bigint;
let feePerByte: bigint;

let xmr: XmrRegtest;
let payer: FundedWallet;
const rpcs: WalletRpc[] = [];
let lockWallet: { rpc: WalletRpc; address: string };

async function fundingWallet(swapId: typeof SWAP_A): Promise<{ w: XmrFundingWallet; rpc: WalletRpc }> {
  const rpc = await xmr.startWalletRpc();
  rpcs.push(rpc);
  const keys = await inProcessSignerWithSeed(SEED).xmrFundingKeys({ swapId, role: 'alice' });
  if (!keys.ok) throw new Error(keys.error.message);
  const w = await openXmrFundingWallet(rpc, { swapId, keys: keys.value, network: 'mainnet', restoreHeight: (await xmr.height()) - 5 });
  if (!w.ok) throw new Error(w.error.message);
  return { w: w.value, rpc };
}
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { kind: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
};
const pay = async (address: string, piconero: bigint) => {
  return payer.wallet.rpc<{ tx_hash: string }>('transfer', { destinations: [{ amount: Number(piconero), address }] });
};
async function incomingTx(rpc: WalletRpc, txid: string): Promise<bigint | null> {
  await rpc.rpc('refresh', {});
  const t = await rpc.rpc<{ in?: Array<{ txid: string; amount: number }>; pool?: Array<{ txid: string; amount: number }> }>('get_transfers', { in: true, pool: true });
  const hits = [...(t.in ?? []), ...(t.pool ?? [])].filter((x) => x.txid === txid);
  return hits.length ? hits.reduce((s, x) => s + BigInt(x.amount), 0n) : null;
}

beforeAll(async () => {
  xmr = await startXmrRegtest();
  payer = await xmr.fundedWallet(10_000_000_000_000n);
  const est = await xmr.daemonRpc<{ fee: number; quantization_mask: number }>('get_fee_estimate', {});
  feePerByte = BigInt(est.fee);
  NEED = xmrFundingAmount(LOCK, { perByte: feePerByte, quantizationMask: BigInt(est.quantization_mask) });
  const rpc = await xmr.startWalletRpc();
  rpcs.push(rpc);
  await rpc.rpc('create_wallet', { filename: 'joint', password: '', language: 'English' });
  lockWallet = { rpc, address: (await rpc.rpc<{ address: string }>('get_address', { account_index: 0 })).address };
}, 240_000);
afterAll(async () => {
  await Promise.all(rpcs.map((r) => r.stop()));
  await payer?.wallet.stop();
  await xmr?.stop();
});

describe('XMR funding wallet on real monerod + wallet-rpc', () => {
  it('waits, counts x/10, locks once at 10, sweeps the rest back once', async () => {
    const { w, rpc } = await fundingWallet(SWAP_A);
    expect(must(await w.progress(NEED))).toEqual({ kind: 'waiting', need: NEED });
    await pay(w.address, NEED);
    expect(must(await w.progress(NEED))).toEqual({ kind: 'confirming', need: NEED, received: NEED, confirmations: 0 });
    await xmr.mine(3);
    expect(must(await w.progress(NEED))).toEqual({ kind: 'confirming', need: NEED, received: NEED, confirmations: 3 });
    const early = await w.lock(lockWallet.address, LOCK);
    expect(early.ok ? 'ok' : early.error.kind).toBe('xmr-funding-not-ready');
    await xmr.mine(7);
    expect(must(await w.progress(NEED)).kind).toBe('ready');

    const bad = await w.lock('not-an-address', LOCK);
    expect(bad.ok ? 'ok' : bad.error.kind).toBe('xmr-funding-bad-address');
    const txid = must(await w.lock(lockWallet.address, LOCK));
    expect(must(await w.lock(lockWallet.address, LOCK))).toBe(txid); // asked again: the same transfer
    expect(await incomingTx(lockWallet.rpc, txid)).toBe(LOCK);

    // Reopened (a restarted client): the same wallet, and it still finds its lock.
    const again = must(await openXmrFundingWallet(rpc, { swapId: SWAP_A, keys: must(await inProcessSignerWithSeed(SEED).xmrFundingKeys({ swapId: SWAP_A, role: 'alice' })), network: 'mainnet', restoreHeight: 0 }));
    expect(again.address).toBe(w.address);
    expect(must(await again.lock(lockWallet.address, LOCK))).toBe(txid);

    // The change of the lock is young: not yet; after 10 blocks, all of it back to the person, once.
    const young = await w.sweepBack(payer.address);
    expect(young.ok ? 'ok' : young.error.kind).toBe('xmr-funding-not-ready');
    await xmr.mine(10);
    const swept = must(await w.sweepBack(payer.address));
    expect(swept).toHaveLength(1);
    const back = await incomingTx(payer.wallet, swept![0]!);
    expect(back).not.toBeNull();
    expect(back!).toBeGreaterThan(0n);
    expect(back!).toBeLessThan(NEED - LOCK); // the reserve less both fees
    expect(must(await w.sweepBack(payer.address))).toBeNull();
  }, 240_000);

  it('short funding stays short at any depth and is swept back whole, minus the fee', async () => {
    const { w } = await fundingWallet(SWAP_B);
    const half = NEED / 2n;
    await xmr.mine(10); // the payer's change of the first test's payment unlocks
    await payer.wallet.rpc('refresh', {});
    await pay(w.address, half);
    await xmr.mine(12);
    expect(must(await w.progress(NEED))).toEqual({ kind: 'short', need: NEED, received: half });
    const early = await w.lock(lockWallet.address, LOCK);
    expect(early.ok ? 'ok' : early.error.kind).toBe('xmr-funding-not-ready');
    const wrongNet = await w.sweepBack('9wviCeWe2D8XS82k2ovp5EUYLzBt9pYNW2LXUFsZiv8S3Mt21FZ5qQaAroko1enzw3eGr9qC7X1D7Geoo2RrAotYPwq9Gm8'); // a stagenet-format address
    expect(wrongNet.ok ? 'ok' : wrongNet.error.kind).toBe('xmr-funding-bad-address');
    const swept = must(await w.sweepBack(payer.address));
    const back = await incomingTx(payer.wallet, swept![0]!);
    expect(back!).toBeGreaterThan(half - feePerByte * 3000n); // a one-input sweep's fee at most
    expect(back!).toBeLessThan(half);
    await xmr.mine(1);
    expect(must(await w.progress(NEED)).kind).toBe('short'); // what came in still counts as received
    expect(must(await w.sweepBack(payer.address))).toBeNull();
  }, 240_000);
});
