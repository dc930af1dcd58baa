// The SwapSigner port over the real signer core (in-process, memory keychain): the signer refuses a
// sign without approval; the port approves exactly the digest it then signs (single use); its
// signatures are the bytes `signSwapTx` gives with the same key (what finalize* expects); and the
// headless client asks for a signature only on digests of transactions it validated.
import { describe, expect, it } from 'vitest';
import { buildLock, buildPunish, outpointOf, signSwapTx, swapSighash } from '../../shared/crypto/btc-swap-txs';
import { validateBuy, validateCoreArbitratingSetup } from '../../shared/crypto/btc-swap-validation';
import { fromHex, toHex } from '../../shared/hex';
import type { Txid } from '../../shared/ids';
import type { RevealAlice, RevealBob } from '../../shared/protocol/peer-messages';
import { swapBtcParams } from '../../shared/protocol/swap-btc-params';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { deriveSwapSecrets, masterSeedFromEntropy } from '../signer/key-source';
import { decodeAnswer } from '../signer/signer-client';
import { createSignerCore } from '../signer/signer-core';
import type { SignerRequest } from '../signer/signer-protocol';
import { MemoryMemoStore } from './client-memo';
import { answer, as, chain, client, deal, SWAP } from '../../rigs/client/headless-client.helpers';
import { inProcessSignerWithSeed, swapSignerOver, type SignerRequestFn, type SwapSigner } from './swap-signer';

const SEED = new Uint8Array(32).fill(5);
const DIGEST = new Uint8Array(32).fill(0xcd);
const bob = { swapId: SWAP, role: 'bob' as const };

/** The core behind a raw request function that records every request body. */
function recordedCore() {
  const core = createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(SEED)]]) });
  const sent: SignerRequest[] = [];
  let id = 0;
  const request: SignerRequestFn = async (body) => {
    sent.push(body);
    return decodeAnswer(body.kind, (await core.handle({ id: ++id, body })).result);
  };
  return { request, sent };
}

/** A SwapSigner that records the method and digest of every call before passing it on. */
function recording(inner: SwapSigner) {
  const calls: Array<{ method: string; action?: string; digest?: string }> = [];
  const wrapped = Object.fromEntries(
    Object.entries(inner).map(([method, fn]) => [
      method,
      (...args: unknown[]) => {
        const action = typeof args[1] === 'string' ? args[1] : undefined;
        const d = args.find((a, i) => i > 0 && a instanceof Uint8Array && a.length === 32) as Uint8Array | undefined;
        const q = args[1] as { digest?: Uint8Array } | undefined;
        calls.push({ method, ...(action ? { action } : {}), ...(d || q?.digest ? { digest: toHex((d ?? q!.digest)!) } : {}) });
        return (fn as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as SwapSigner;
  return { signer: wrapped, calls, signing: () => calls.filter((c) => c.method !== 'publicKeys' && c.method !== 'dleqProof') };
}

describe('SwapSigner over the signer core', () => {
  it('the signer refuses a sign without approval; the port approves exactly that digest, once', async () => {
    const { request, sent } = recordedCore();
    const raw = await request({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-cancel', digest: toHex(DIGEST) } });
    expect(!raw.ok && raw.error.kind).toBe('not-approved');

    const port = swapSignerOver(request);
    sent.length = 0;
    const sig = await port.sign(bob, 'sign-cancel', DIGEST);
    expect(sig.ok && sig.value.length).toBe(64);
    expect(sent.map((b) => b.kind)).toEqual(['approve', 'sign']);
    expect(sent[0]).toEqual({ kind: 'approve', swapId: SWAP, role: 'bob', action: 'sign-cancel', digest: toHex(DIGEST) });
    // The approval was consumed: replaying the bare sign is refused.
    const replay = await request({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-cancel', digest: toHex(DIGEST) } });
    expect(!replay.ok && replay.error.kind).toBe('not-approved');
    // A role never performs another role's action, approved or not.
    const wrong = await port.sign(bob, 'sign-punish', DIGEST);
    expect(!wrong.ok && wrong.error.kind).toBe('wrong-role');
  });

  it('signatures are the compact low-s bytes signSwapTx makes with the same key, and deterministic', async () => {
    // A real swap tx: Bob's cancel from a two-client run up to the setup.
    const a = client(21);
    const b = client(22);
    await a.register(deal('alice'));
    await b.register(deal('bob'));
    const ap = as(await answer(a, { kind: 'session-params' }), 'alice-session-params');
    const bp = as(await answer(b, { kind: 'session-params' }), 'bob-session-params');
    await answer(b, { kind: 'peer-params', reveal: ap.reveal as RevealAlice });
    const setup = as(await answer(b, { kind: 'core-arbitrating-transactions', fundingTxid: 'cd'.repeat(32) as Txid, amount: bp.funding.amount }), 'core-arbitrating-transactions');
    const p = swapBtcParams(deal('alice'), { alice: ap.reveal as RevealAlice, bob: bp.reveal as RevealBob }, chain);
    if (!p.ok) throw new Error(p.error.message);
    const v = validateCoreArbitratingSetup(p.value, fromHex(setup.lock.hex), fromHex(setup.cancel.hex), fromHex(setup.refund.hex));
    if (!v.ok) throw new Error(v.error.message);
    const secrets = deriveSwapSecrets(masterSeedFromEntropy(new Uint8Array(32).fill(22)), SWAP, 'bob');
    expect(setup.cancelSig).toBe(toHex(signSwapTx(v.value.cancel, secrets.btc.cancel!)));
    const port = inProcessSignerWithSeed(new Uint8Array(32).fill(22));
    const again = await port.sign(bob, 'sign-cancel', swapSighash(v.value.cancel));
    expect(again.ok && toHex(again.value)).toBe(setup.cancelSig);
  });
});

describe('HeadlessClient asks the signer only for what it validated', () => {
  it('every digest it has signed is the sighash of a transaction of the validated setup, punish or buy', async () => {
    const ra = recording(inProcessSignerWithSeed(new Uint8Array(32).fill(31)));
    const rb = recording(inProcessSignerWithSeed(new Uint8Array(32).fill(32)));
    const a = client(31, new MemoryMemoStore(), ra.signer);
    const b = client(32, new MemoryMemoStore(), rb.signer);
    await a.register(deal('alice'));
    await b.register(deal('bob'));
    const ap = as(await answer(a, { kind: 'session-params' }), 'alice-session-params');
    const bp = as(await answer(b, { kind: 'session-params' }), 'bob-session-params');
    expect([...ra.signing(), ...rb.signing()]).toEqual([]); // keys and proofs only so far
    await answer(a, { kind: 'peer-params', reveal: bp.reveal as RevealBob });
    await answer(b, { kind: 'peer-params', reveal: ap.reveal as RevealAlice });
    const setup = as(await answer(b, { kind: 'core-arbitrating-transactions', fundingTxid: 'cd'.repeat(32) as Txid, amount: bp.funding.amount }), 'core-arbitrating-transactions');
    const msg = { type: 'core-arbitrating-setup' as const, swapId: SWAP, lock: setup.lock.hex, cancel: setup.cancel.hex, refund: setup.refund.hex, cancelSig: setup.cancelSig };
    const rp = as(await answer(a, { kind: 'sign-refund-procedure', setup: msg }), 'refund-procedure');
    const lock = as(
      await answer(b, { kind: 'sign-arbitrating-lock', refundSigs: { type: 'refund-procedure-signatures', swapId: SWAP, cancelSig: rp.cancelSig, refundAdaptorSig: rp.refundAdaptorSig } }),
      'signed-arbitrating-lock',
    );

    // A buy that is not the template (one byte of its output changed): nothing is decrypted or signed.
    const before = ra.signing().length;
    const bad = lock.buy.hex.slice(0, -20) + (lock.buy.hex.at(-20) === '0' ? '1' : '0') + lock.buy.hex.slice(-19);
    const refused = await a.handle(SWAP, { kind: 'sign-buy', buySig: { type: 'buy-procedure-signature', swapId: SWAP, buy: bad, buyAdaptorSig: lock.buyAdaptorSig } });
    expect(!refused.ok && refused.error.message).toMatch(/buy refused/);
    expect(ra.signing().length).toBe(before);
    as(await answer(a, { kind: 'sign-buy', buySig: { type: 'buy-procedure-signature', swapId: SWAP, buy: lock.buy.hex, buyAdaptorSig: lock.buyAdaptorSig } }), 'fully-signed-buy');

    const p = swapBtcParams(deal('alice'), { alice: ap.reveal as RevealAlice, bob: bp.reveal as RevealBob }, chain);
    if (!p.ok) throw new Error(p.error.message);
    const v = validateCoreArbitratingSetup(p.value, fromHex(setup.lock.hex), fromHex(setup.cancel.hex), fromHex(setup.refund.hex));
    if (!v.ok) throw new Error(v.error.message);
    const punish = buildPunish(p.value, outpointOf(v.value.cancel), v.value.cancel.output.amount);
    const buy = validateBuy(p.value, v.value.lock, fromHex(lock.buy.hex));
    if (!punish.ok || !buy.ok) throw new Error('templates');
    // Bob's lock spends his funding output with his funding key (public, from his signer).
    const bobKeys = await rb.signer.publicKeys({ swapId: SWAP, role: 'bob' });
    if (!bobKeys.ok) throw new Error(bobKeys.error.message);
    const lockTx = buildLock(p.value, { txid: 'cd'.repeat(32), vout: 1, amount: BigInt(bp.funding.amount) }, bobKeys.value.btc.fund!);
    if (!lockTx.ok) throw new Error(lockTx.error.message);
    expect(lockTx.value.txid).toBe(v.value.lock.txid);
    const valid = new Set([lockTx.value, v.value.cancel, v.value.refund, punish.value, buy.value].map((t) => toHex(swapSighash(t))));
    const all = [...ra.signing(), ...rb.signing()];
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const c of all) expect(valid.has(c.digest ?? ''), `${c.method} ${c.action ?? ''} on an unvalidated digest`).toBe(true);
    // Bob's lock signature came after his signer held Alice's cancel and decrypted her refund.
    const order = rb.signing().map((c) => c.action ?? c.method);
    expect(order.indexOf('sign-lock')).toBeGreaterThan(order.indexOf('holdPeerCancel'));
    expect(order.indexOf('sign-lock')).toBeGreaterThan(order.indexOf('decrypt-refund'));
  }, 60_000);

  it('a setup whose lock does not pay the deal amount makes Alice ask for no signature at all', async () => {
    const ra = recording(inProcessSignerWithSeed(new Uint8Array(32).fill(41)));
    const alice = client(41, new MemoryMemoStore(), ra.signer);
    const bobOther = client(42);
    await alice.register(deal('alice'));
    await bobOther.register({ ...deal('bob'), btcAmount: '900000' });
    const ap = as(await answer(alice, { kind: 'session-params' }), 'alice-session-params');
    const bp = as(await answer(bobOther, { kind: 'session-params' }), 'bob-session-params');
    await answer(alice, { kind: 'peer-params', reveal: bp.reveal as RevealBob });
    await answer(bobOther, { kind: 'peer-params', reveal: ap.reveal as RevealAlice });
    const cheap = as(await answer(bobOther, { kind: 'core-arbitrating-transactions', fundingTxid: 'cd'.repeat(32) as Txid, amount: bp.funding.amount }), 'core-arbitrating-transactions');
    const r = await alice.handle(SWAP, { kind: 'sign-refund-procedure', setup: { type: 'core-arbitrating-setup', swapId: SWAP, lock: cheap.lock.hex, cancel: cheap.cancel.hex, refund: cheap.refund.hex, cancelSig: cheap.cancelSig } });
    expect(!r.ok && r.error.kind).toBe('client-invalid');
    expect(ra.signing()).toEqual([]);
    expect(ra.calls.map((c) => c.method)).toEqual(['publicKeys', 'dleqProof']);
  }, 60_000);
});
