// Unit tests of the headless client: two clients answer every datum request of a swap in order
// (no chain: the funding outpoint is made up), each checking the other's transactions; the keys
// recovered from the published buy (Bob) and refund (Alice) open the joint Monero address.
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../shared/crypto/monero-keys';
import { decodeMoneroAddress } from '../../shared/crypto/monero-address';
import { fromHex, toHex } from '../../shared/hex';
import type { Txid } from '../../shared/ids';
import type { RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import { RawTx } from '@scure/btc-signer';
import { hex } from '@scure/base';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { SIGHASH_ALL, sighashSegwitV0 } from '../../shared/crypto/btc-sighash';
import { p2wpkhScriptCode } from '../../shared/crypto/btc-swap-scripts';
import { addressToScript, fromWitnessSig, hash160 } from '../../shared/crypto/btc-swap-txs';
import { ok } from '../../shared/result';
import { MemoryMemoStore } from './client-memo';
import type { FundingUtxo } from './funding-sweep';
import { HeadlessClient, type ClientWallet } from './headless-client';
import { addr, answer, as, chain, client, deal, SWAP } from '../../rigs/client/headless-client.helpers';
import { inProcessSignerWithSeed, type SwapSigner } from './swap-signer';

describe('HeadlessClient', () => {
  it('answers a whole swap and recovers the counterparty share from buy (Bob) and refund (Alice)', async () => {
    const alice = client(7);
    const bob = client(8);
    await alice.register(deal('alice'));
    await bob.register(deal('bob'));
    const ap = as(await answer(alice, { kind: 'session-params' }), 'alice-session-params');
    const bp = as(await answer(bob, { kind: 'session-params' }), 'bob-session-params');
    expect(BigInt(bp.funding.amount)).toBeGreaterThan(1_000_000n);
    await answer(alice, { kind: 'peer-params', reveal: bp.reveal as RevealBob });
    await answer(bob, { kind: 'peer-params', reveal: ap.reveal as RevealAlice });

    const setup = as(await answer(bob, { kind: 'core-arbitrating-transactions', fundingTxid: 'cd'.repeat(32) as Txid, amount: bp.funding.amount }), 'core-arbitrating-transactions');
    const msg = { type: 'core-arbitrating-setup' as const, swapId: SWAP, lock: setup.lock.hex, cancel: setup.cancel.hex, refund: setup.refund.hex, cancelSig: setup.cancelSig };
    const rp = as(await answer(alice, { kind: 'sign-refund-procedure', setup: msg }), 'refund-procedure');
    expect(rp.lockTxid).toBe(setup.lock.txid);
    expect(rp.refundTxid).toBe(setup.refund.txid);
    const lock = as(
      await answer(bob, { kind: 'sign-arbitrating-lock', refundSigs: { type: 'refund-procedure-signatures', swapId: SWAP, cancelSig: rp.cancelSig, refundAdaptorSig: rp.refundAdaptorSig } }),
      'signed-arbitrating-lock',
    );
    // both sides compute the same joint XMR address and view key
    expect(lock.xmr.address).toBe(rp.xmr.address);
    expect(lock.xmr.viewKey).toBe(rp.xmr.viewKey);
    const buy = as(await answer(alice, { kind: 'sign-buy', buySig: { type: 'buy-procedure-signature', swapId: SWAP, buy: lock.buy.hex, buyAdaptorSig: lock.buyAdaptorSig } }), 'fully-signed-buy');

    const jointSpend = toHex(decodeMoneroAddress(rp.xmr.address).ok ? (decodeMoneroAddress(rp.xmr.address) as { value: { publicSpend: Uint8Array } }).value.publicSpend : new Uint8Array());
    const bobSweep = as(await answer(bob, { kind: 'recover-accordant', from: 'buy', txHex: buy.buySigned.hex }), 'accordant-sweep');
    const aliceSweep = as(await answer(alice, { kind: 'recover-accordant', from: 'refund', txHex: lock.refundSigned.hex }), 'accordant-sweep');
    for (const s of [bobSweep, aliceSweep]) {
      const pub = publicKeyOf(fromHex(s.spendKey));
      expect(pub.ok && toHex(pub.value)).toBe(jointSpend);
      expect(s.address).toBe(rp.xmr.address);
      expect(s.fromHeight).toBe(316);
    }
  }, 60_000);

  it('refuses a setup whose lock does not pay the deal amount, and signs nothing', async () => {
    const alice = client(9);
    const bob = client(10);
    const bobOther = client(10);
    await alice.register(deal('alice'));
    await bob.register(deal('bob'));
    await bobOther.register({ ...deal('bob'), btcAmount: '900000' });
    const ap = as(await answer(alice, { kind: 'session-params' }), 'alice-session-params');
    const bp = as(await answer(bob, { kind: 'session-params' }), 'bob-session-params');
    await answer(alice, { kind: 'peer-params', reveal: bp.reveal as RevealBob });
    await answer(bobOther, { kind: 'session-params' });
    await answer(bobOther, { kind: 'peer-params', reveal: ap.reveal as RevealAlice });
    const cheap = as(await answer(bobOther, { kind: 'core-arbitrating-transactions', fundingTxid: 'cd'.repeat(32) as Txid, amount: '900244' }), 'core-arbitrating-transactions');
    const r = await alice.handle(SWAP, { kind: 'sign-refund-procedure', setup: { type: 'core-arbitrating-setup', swapId: SWAP, lock: cheap.lock.hex, cancel: cheap.cancel.hex, refund: cheap.refund.hex, cancelSig: cheap.cancelSig } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe('client-invalid');
    expect(!r.ok && r.error.message).toMatch(/setup refused/);
  }, 60_000);

  it('after a restart (new client, new signer state, same memo and seed) every answer has the same bytes', async () => {
    const alice = client(13);
    const bobMemo = new MemoryMemoStore();
    const bob = client(14, bobMemo);
    await alice.register(deal('alice'));
    await bob.register(deal('bob'));
    const ap = as(await answer(alice, { kind: 'session-params' }), 'alice-session-params');
    const bp = as(await answer(bob, { kind: 'session-params' }), 'bob-session-params');
    await answer(alice, { kind: 'peer-params', reveal: bp.reveal as RevealBob });
    await answer(bob, { kind: 'peer-params', reveal: ap.reveal as RevealAlice });
    const setupReq = { kind: 'core-arbitrating-transactions' as const, fundingTxid: 'cd'.repeat(32) as Txid, amount: bp.funding.amount };
    const setup = as(await answer(bob, setupReq), 'core-arbitrating-transactions');
    const msg = { type: 'core-arbitrating-setup' as const, swapId: SWAP, lock: setup.lock.hex, cancel: setup.cancel.hex, refund: setup.refund.hex, cancelSig: setup.cancelSig };
    const rp = as(await answer(alice, { kind: 'sign-refund-procedure', setup: msg }), 'refund-procedure');
    const lockReq = { kind: 'sign-arbitrating-lock' as const, refundSigs: { type: 'refund-procedure-signatures' as const, swapId: SWAP, cancelSig: rp.cancelSig, refundAdaptorSig: rp.refundAdaptorSig } };
    const lock = await answer(bob, lockReq);
    // The restarted Bob: its signer holds no approval and no order state; the client rebuilds both.
    const bob2 = client(14, bobMemo);
    expect(await answer(bob2, { kind: 'session-params' })).toEqual(bp);
    expect(await answer(bob2, setupReq)).toEqual(setup);
    expect(await answer(bob2, lockReq)).toEqual(lock);
    const bob3 = client(14, bobMemo);
    expect(await answer(bob3, lockReq)).toEqual(lock); // straight to the lock: the signer's order rule is met again
  }, 60_000);

  it('refuses requests for a swap it never agreed to', async () => {
    const r = await client(12).handle(SWAP, { kind: 'session-params' });
    expect(!r.ok && r.error.kind).toBe('client-unknown-swap');
  });
});

describe('HeadlessClient: Bob\'s funding sweep after an abort', () => {
  const UTXOS: FundingUtxo[] = [
    { txid: '11'.repeat(32), vout: 0, sats: 700_000n },
    { txid: '22'.repeat(32), vout: 3, sats: 300_488n },
  ];
  /** Bob with a sweeping wallet; the signer records each sign call, the wallet each broadcast (and the memo then). */
  function bobWith(memo: MemoryMemoStore, utxos: FundingUtxo[] = UTXOS, sweeping = true) {
    const inner = inProcessSignerWithSeed(new Uint8Array(32).fill(31));
    const signs: Array<{ action: string; digest: string }> = [];
    const signer: SwapSigner = { ...inner, sign: (ref, action, d) => (signs.push({ action, digest: hex.encode(d) }), inner.sign(ref, action, d)) };
    const broadcasts: Array<{ hex: string; memoHex: string | undefined }> = [];
    const listed: string[] = [];
    const wallet: ClientWallet = {
      btcAddress: async () => addr(90),
      xmrDestination: async () => 'dest',
      xmrHeight: async () => 321,
      fundingVout: async () => ok(0),
      ...(sweeping
        ? {
            fundingUtxos: async (a: string) => (listed.push(a), ok(utxos)),
            broadcast: async (h: string) => (broadcasts.push({ hex: h, memoHex: memo.get(SWAP)?.fundingSweep?.hex }), ok('txid')),
          }
        : {}),
    };
    return { c: new HeadlessClient({ signer, chain, wallet, memo }), inner, signs, broadcasts, listed };
  }

  it('signs exactly the validated sweep digests with the fund key, writes the memo before broadcasting, and re-broadcasts the same bytes', async () => {
    const memo = new MemoryMemoStore();
    const b = bobWith(memo);
    await b.c.register(deal('bob'));
    const bp = as(await answer(b.c, { kind: 'session-params' }), 'bob-session-params');
    expect(await b.c.handle(SWAP, { kind: 'sweep-funding', address: bp.funding.address })).toEqual({ ok: true, value: null });
    expect(b.listed).toEqual([bp.funding.address]);
    expect(b.broadcasts).toHaveLength(1);
    const sent = b.broadcasts[0]!;
    expect(sent.memoHex).toBe(sent.hex); // on disk before it left

    // The tx: both funding outputs, one output to the person's address, amount = sum - fee.
    const tx = RawTx.decode(hex.decode(sent.hex));
    expect(tx.inputs.map((i) => `${hex.encode(i.txid)}:${i.index}`).sort()).toEqual(UTXOS.map((u) => `${u.txid}:${u.vout}`).sort());
    expect(tx.outputs).toHaveLength(1);
    expect(hex.encode(tx.outputs[0]!.script)).toBe(hex.encode((addressToScript(addr(90), chain.network) as { value: Uint8Array }).value));
    const fee = 1_000_488n - tx.outputs[0]!.amount;
    expect(fee).toBeGreaterThan(0n);
    expect(fee).toBeLessThan(2_000n);

    // Exactly the BIP143 digests of this tx's inputs under the fund key were approved and signed.
    const keys = await b.inner.publicKeys({ swapId: SWAP, role: 'bob' });
    const fund = keys.ok ? keys.value.btc.fund! : new Uint8Array();
    const code = p2wpkhScriptCode(hash160(fund));
    const expected = tx.inputs.map((inp, i) => {
      const u = UTXOS.find((x) => x.txid === hex.encode(inp.txid) && x.vout === inp.index)!;
      const d = sighashSegwitV0(tx, i, code, u.sats, SIGHASH_ALL);
      return d.ok ? hex.encode(d.value) : '';
    });
    expect(b.signs).toEqual(expected.map((digest) => ({ action: 'sign-funding-sweep', digest })));
    tx.witnesses!.forEach((w, i) => {
      expect(hex.encode(w[1]!)).toBe(hex.encode(fund));
      const sig = fromWitnessSig(w[0]!);
      expect(sig.ok && secp256k1.verify(sig.value, hex.decode(expected[i]!), fund, { prehash: false })).toBe(true);
    });

    // Asked again (same client, then a restarted one): the same bytes, nothing listed or signed again.
    expect((await b.c.handle(SWAP, { kind: 'sweep-funding', address: bp.funding.address })).ok).toBe(true);
    const b2 = bobWith(memo, [{ txid: '33'.repeat(32), vout: 0, sats: 5_000_000n }]);
    expect((await b2.c.handle(SWAP, { kind: 'sweep-funding', address: bp.funding.address })).ok).toBe(true);
    expect([b.broadcasts[1]?.hex, b2.broadcasts[0]?.hex]).toEqual([sent.hex, sent.hex]);
    expect(b.signs).toHaveLength(2);
    expect(b2.signs).toEqual([]);
    expect(b2.listed).toEqual([]);
  }, 60_000);

  it('another address, dust, or a wallet that cannot sweep: nothing is signed or broadcast', async () => {
    const memo = new MemoryMemoStore();
    const b = bobWith(memo);
    await b.c.register(deal('bob'));
    const bp = as(await answer(b.c, { kind: 'session-params' }), 'bob-session-params');
    const other = await b.c.handle(SWAP, { kind: 'sweep-funding', address: addr(91) });
    expect(!other.ok && other.error.kind).toBe('client-invalid');

    const dust = bobWith(memo, [{ txid: '44'.repeat(32), vout: 0, sats: 400n }]);
    const d = await dust.c.handle(SWAP, { kind: 'sweep-funding', address: bp.funding.address });
    expect(!d.ok && d.error.kind).toBe('client-wallet');
    expect(!d.ok && d.error.message).toMatch(/dust/);

    const manual = bobWith(memo, UTXOS, false);
    expect(await manual.c.handle(SWAP, { kind: 'sweep-funding', address: bp.funding.address })).toEqual({ ok: true, value: null });
    for (const x of [b, dust, manual]) {
      expect(x.signs).toEqual([]);
      expect(x.broadcasts).toEqual([]);
    }
    expect(memo.get(SWAP)?.fundingSweep).toBeUndefined();
  }, 60_000);
});
