// Unit tests of the headless client: two clients answer every datum request of a swap in order
// (no chain: the funding outpoint is made up), each checking the other's transactions; the keys
// recovered from the published buy (Bob) and refund (Alice) open the joint Monero address.
import { describe, expect, it } from 'vitest';
import { publicKeyOf } from '../../shared/crypto/monero-keys';
import { decodeMoneroAddress } from '../../shared/crypto/monero-address';
import { fromHex, toHex } from '../../shared/hex';
import type { Txid } from '../../shared/ids';
import type { RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import { MemoryMemoStore } from './client-memo';
import { answer, as, client, deal, SWAP } from './headless-client.helpers';

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
