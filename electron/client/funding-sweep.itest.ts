// Issue 8, "nothing lost": Bob aborts after paying his funding address (before the lock); the
// daemon asks his client to sweep it. On a REAL litecoind: two payments reach the swap's funding
// address (P2WPKH of the signer's fund key, derived here from the signer's public key, as the client
// does); the client's answer puts one tx in the node's mempool paying the person's address exactly
// the sum minus the fee; it confirms; asked again (same client, then a restarted one on the same memo
// files) the same tx is re-broadcast, never a second one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feeForVsize } from '../../shared/crypto/btc-fee';
import { startBtcRegtest, type BtcRegtest } from '../regtest';
import { btcWalletPayer } from '../daemon/btc-wallet-payer';
import { FileMemoStore } from './client-memo';
import { fundingAddressOf } from './funding-sweep';
import { HeadlessClient, type ClientWallet } from './headless-client';
import { as, chain, deal, SWAP } from '../../rigs/client/headless-client.helpers';
import { inProcessSignerWithSeed } from './swap-signer';

const SEED = new Uint8Array(32).fill(42);
/** 7 sat/vB: a rate other than the legacy 2 sat/vB, so a sweep priced at the old node-wide rate would fail. */
const RATE = 7000n;
let btc: BtcRegtest;
let dir: string;

beforeAll(async () => {
  btc = await startBtcRegtest();
  dir = mkdtempSync(join(tmpdir(), 'funding-sweep-'));
});
afterAll(async () => {
  await btc?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface VerboseTx {
  txid: string;
  vsize: number;
  confirmations?: number;
  vin: Array<{ txid: string; vout: number }>;
  vout: Array<{ value: number; n: number; scriptPubKey: { address?: string; addresses?: string[] } }>;
}
const sats = (btcValue: number) => BigInt(Math.round(btcValue * 1e8));
const paysTo = (o: VerboseTx['vout'][number], a: string) => o.scriptPubKey.address === a || (o.scriptPubKey.addresses ?? []).includes(a);

describe('funding sweep on a real litecoind', () => {
  it('sweeps every confirmed output at the funding address to the person, once', async () => {
    const person = await btc.newAddress('bech32');
    const payer = btcWalletPayer({ url: btc.rpcUrl, user: btc.rpcUser, password: btc.rpcPassword, wallet: btc.walletName });
    const wallet: ClientWallet = {
      btcAddress: async () => person,
      xmrDestination: async () => 'unused',
      xmrHeight: async () => 0,
      fundingVout: payer.fundingVout,
      fundingUtxos: payer.fundingUtxos,
      broadcast: payer.broadcast,
    };
    const signer = inProcessSignerWithSeed(SEED);
    const memoDir = join(dir, 'client');
    const makeClient = () => new HeadlessClient({ signer, chain, wallet, memo: new FileMemoStore(memoDir) });
    const client = makeClient();
    // The swap's rate is the deal's (signed by the offer), not the legacy 2000: the sweep pays it too.
    await client.register({ ...deal('bob'), feeRateSatPerKvB: Number(RATE) });
    const params = await client.handle(SWAP, { kind: 'session-params' });
    if (!params.ok) throw new Error(params.error.message);
    const funding = as(params.value, 'bob-session-params').funding;

    // The funding address is the P2WPKH of the signer's fund key.
    const keys = await signer.publicKeys({ swapId: SWAP, role: 'bob' });
    if (!keys.ok) throw new Error(keys.error.message);
    expect(funding.address).toBe(fundingAddressOf(keys.value.btc.fund!, chain));

    // Bob paid (the swap's amount, and a second, smaller payment), both confirmed; then he aborted.
    const paid = [BigInt(funding.amount), 250_000n];
    const payTxids = [await btc.sendTo(funding.address, paid[0]!), await btc.sendTo(funding.address, paid[1]!)];
    await btc.mine(1);
    const listed = await payer.fundingUtxos(funding.address);
    expect(listed.ok && listed.value.map((u) => u.sats).sort()).toEqual([...paid].sort());

    const t0 = performance.now();
    expect(await client.handle(SWAP, { kind: 'sweep-funding', address: funding.address })).toEqual({ ok: true, value: null });
    const sweepMs = Math.round(performance.now() - t0);

    const mempool = await btc.rpc<string[]>('getrawmempool');
    expect(mempool).toHaveLength(1);
    const tx = await btc.rpc<VerboseTx>('getrawtransaction', [mempool[0], true]);
    expect(tx.vin.map((i) => i.txid).sort()).toEqual([...payTxids].sort());
    expect(tx.vout).toHaveLength(1);
    expect(paysTo(tx.vout[0]!, person)).toBe(true);
    const total = paid[0]! + paid[1]!;
    const fee = total - sats(tx.vout[0]!.value);
    // Priced with worst-case signatures: at least the deal's rate on the real size, at most a few sat over.
    expect(fee).toBeGreaterThanOrEqual(feeForVsize(RATE, tx.vsize));
    expect(fee - feeForVsize(RATE, tx.vsize)).toBeLessThan(5n * (RATE / 1000n));

    // Asked again while it is in the mempool: the same tx, still the only one.
    expect((await client.handle(SWAP, { kind: 'sweep-funding', address: funding.address })).ok).toBe(true);
    expect(await btc.rpc<string[]>('getrawmempool')).toEqual([tx.txid]);

    await btc.mine(1);
    expect((await btc.rpc<VerboseTx>('getrawtransaction', [tx.txid, true])).confirmations).toBe(1);
    const left = await payer.fundingUtxos(funding.address);
    expect(left.ok && left.value).toEqual([]);
    const received = await payer.fundingUtxos(person);
    expect(received.ok && received.value).toEqual([{ txid: tx.txid, vout: 0, sats: total - fee }]);

    // Asked again once confirmed: the node already has it; a restarted client (new signer state, memo from disk) too.
    expect((await client.handle(SWAP, { kind: 'sweep-funding', address: funding.address })).ok).toBe(true);
    const restarted = makeClient();
    expect((await restarted.handle(SWAP, { kind: 'sweep-funding', address: funding.address })).ok).toBe(true);
    expect(await btc.rpc<string[]>('getrawmempool')).toEqual([]);
    expect(new FileMemoStore(memoDir).get(SWAP)?.fundingSweep?.txid).toBe(tx.txid);
    console.log(`funding-sweep.itest: swept ${total - fee} of ${total} sat (fee ${fee}, vsize ${tx.vsize}) in ${sweepMs} ms`);
  });
});
