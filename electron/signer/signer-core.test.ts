// The signer's request handler with the in-memory keychain: seed created once, per-swap keys,
// approvals, the lock order rule, typed refusals of bad input, and no secret in any output.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex, toHex } from '../../shared/hex';
import { SwapIdSchema } from '../../shared/ids';
import { adaptorRecover, ecdsaVerify, secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';
import { addPublicKeys, publicKeyOf } from '../../shared/crypto/monero-keys';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain, type MemoryKeychain } from '../keychain/memory-keychain';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { deriveSwapSecrets, masterSeedFromEntropy } from './key-source';
import { createSignerCore } from './signer-core';
import { RESPONSE_VALUE_SCHEMAS, ResponseEnvelopeSchema, type SignerLogLine } from './signer-protocol';

const SWAP = SwapIdSchema.parse('0123456789abcdef0123456789abcdef');
const SWAP2 = SwapIdSchema.parse('fedcba9876543210fedcba9876543210');
const digest = (label: string) => toHex(sha256(new TextEncoder().encode(label)));

function harness(keychain: MemoryKeychain = createMemoryKeychain()) {
  const logs: SignerLogLine[] = [];
  const sent: unknown[] = [];
  const core = createSignerCore({ keychain, log: (l) => logs.push(l) });
  let id = 0;
  const call = async (body: unknown) => {
    const res = await core.handle({ id: ++id, body });
    sent.push(res);
    expect(ResponseEnvelopeSchema.safeParse(res).success).toBe(true);
    expect(res.id).toBe(id);
    // Every success must match the strict schema of its request kind (no extra fields, e.g. a key).
    const k = (body as { kind?: keyof typeof RESPONSE_VALUE_SCHEMAS } | null)?.kind;
    if (res.result.ok && k) expect(RESPONSE_VALUE_SCHEMAS[k].safeParse(res.result.value).success).toBe(true);
    return res.result;
  };
  const value = async (body: unknown) => {
    const r = await call(body);
    if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };
  const kind = async (body: unknown) => {
    const r = await call(body);
    return r.ok ? 'ok' : r.error.kind;
  };
  return { core, keychain, logs, sent, call, value, kind };
}

type Role = 'alice' | 'bob';
const approveAndSign = async (h: ReturnType<typeof harness>, role: Role, request: { action: string; digest: string } & Record<string, string>) => {
  expect(await h.kind({ kind: 'approve', swapId: SWAP, role, action: request.action, digest: request.digest })).toBe('ok');
  return h.value({ kind: 'sign', swapId: SWAP, role, request });
};

describe('signer core: seed and keys', () => {
  it('creates the seed once, then loads the same one (a new signer on the same keychain)', async () => {
    const kc = createMemoryKeychain();
    const first = await harness(kc).value({ kind: 'status' });
    expect(first.seedCreated).toBe(true);
    expect(kc.calls.set).toBe(1);
    const second = await harness(kc).value({ kind: 'status' });
    expect(second).toEqual({ seedFingerprint: first.seedFingerprint, seedCreated: false });
    expect(kc.calls.set).toBe(1);
  });

  it('public keys are deterministic per swap, differ per swap and per role, and survive a restart', async () => {
    const kc = createMemoryKeychain();
    const h1 = harness(kc);
    const a1 = await h1.value({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    const a1again = await harness(kc).value({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    expect(a1again).toEqual(a1);
    const a2 = await h1.value({ kind: 'public-keys', swapId: SWAP2, role: 'alice' });
    const b1 = await h1.value({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    expect(a2.adaptor).not.toBe(a1.adaptor);
    expect(b1.adaptor).not.toBe(a1.adaptor);
    expect(Object.keys(a1.btc as object).sort()).toEqual(['buy', 'cancel', 'punish', 'refund']);
    expect(Object.keys(b1.btc as object).sort()).toEqual(['buy', 'cancel', 'fund', 'refund']);
    // A different wallet (seed) gives different keys for the same swap.
    const other = await harness().value({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    expect(other.adaptor).not.toBe(a1.adaptor);
  });

  it('a locked keychain gives keychain-locked, creates nothing, and the next request after unlock works', async () => {
    const kc = createMemoryKeychain();
    kc.setLocked(true);
    const h = harness(kc);
    expect(await h.kind({ kind: 'public-keys', swapId: SWAP, role: 'bob' })).toBe('keychain-locked');
    expect(kc.calls.set).toBe(0);
    kc.setLocked(false);
    expect((await h.value({ kind: 'status' })).seedCreated).toBe(true);
  });

  it('a corrupt seed entry is reported and never overwritten', async () => {
    const kc = createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, 'not-a-seed']]);
    const h = harness(kc);
    expect(await h.kind({ kind: 'status' })).toBe('seed-corrupt');
    expect(await kc.get(KEYCHAIN_SERVICE, SEED_ACCOUNT)).toEqual({ ok: true, value: 'not-a-seed' });
    expect(kc.calls.set).toBe(0);
  });
});

describe('signer core: validation', () => {
  it('rejects malformed and unknown requests with typed errors and keeps serving', async () => {
    const h = harness();
    expect(await h.kind({ kind: 'launch-missiles' })).toBe('unknown-request');
    expect(await h.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'export-private-key', digest: digest('x') } })).toBe('unknown-request');
    expect(await h.kind({ kind: 'approve', swapId: SWAP, role: 'bob', action: 'export-seed', digest: digest('x') })).toBe('unknown-request');
    expect(await h.kind({ kind: 'public-keys', swapId: 'not-hex', role: 'bob' })).toBe('bad-request');
    expect(await h.kind({ kind: 'public-keys', swapId: SWAP, role: 'carol' })).toBe('bad-request');
    expect(await h.kind({ kind: 'public-keys', swapId: SWAP, role: 'bob', extra: 1 })).toBe('bad-request');
    expect(await h.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-cancel', digest: 'abcd' } })).toBe('bad-request');
    expect(await h.kind(null)).toBe('bad-request');
    for (const raw of [null, 'hello', 42, { id: -1, body: {} }, { body: { kind: 'status' } }]) {
      const res = await h.core.handle(raw);
      expect(res.result.ok).toBe(false);
      expect(res.id).toBe(null);
    }
    expect((await h.core.handle({ id: 9, body: { kind: 'status' }, extra: true })).id).toBe(9);
    expect(await h.kind({ kind: 'status' })).toBe('ok');
  });

  it('property: any junk body gives a schema-valid error response, never a throw', async () => {
    const h = harness();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ kind: fc.constantFrom('sign', 'approve', 'public-keys'), swapId: fc.string(), role: fc.string(), request: fc.anything() })), async (body) => {
        const r = await h.call(body);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});

describe('signer core: approvals and the order rules', () => {
  it('refuses an unapproved signature, signs once approved, and the approval is single use', async () => {
    const h = harness();
    const req = { action: 'sign-cancel', digest: digest('cancel') };
    expect(await h.kind({ kind: 'sign', swapId: SWAP, role: 'alice', request: req })).toBe('not-approved');
    const keys = await h.value({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    const sig = await approveAndSign(h, 'alice', req);
    expect(ecdsaVerify(fromHex(sig.signature as string), fromHex(req.digest), fromHex((keys.btc as Record<string, string>).cancel!))).toBe(true);
    expect(await h.kind({ kind: 'sign', swapId: SWAP, role: 'alice', request: req })).toBe('not-approved');
    // An approval is bound to its digest and its swap.
    await h.value({ kind: 'approve', swapId: SWAP, role: 'alice', action: 'sign-cancel', digest: digest('other') });
    expect(await h.kind({ kind: 'sign', swapId: SWAP, role: 'alice', request: req })).toBe('not-approved');
    expect(await h.kind({ kind: 'sign', swapId: SWAP2, role: 'alice', request: { ...req, digest: digest('other') } })).toBe('not-approved');
  });

  it('refuses actions of the other role', async () => {
    const h = harness();
    expect(await h.kind({ kind: 'approve', swapId: SWAP, role: 'alice', action: 'sign-lock', digest: digest('lock') })).toBe('wrong-role');
    expect(await h.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-punish', digest: digest('p') } })).toBe('wrong-role');
  });

  it('Bob signs the lock only after his cancel, Alice\'s verified cancel and her decrypted refund', async () => {
    const alice = harness();
    const bob = harness();
    const A = await alice.value({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    const B = await bob.value({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    const Abtc = A.btc as Record<string, string>;
    const [dCancel, dRefund, dLock] = [digest('cancel'), digest('refund'), digest('lock')];
    const lockReq = { action: 'sign-lock', digest: dLock };
    await bob.value({ kind: 'approve', swapId: SWAP, role: 'bob', action: 'sign-lock', digest: dLock });
    expect(await bob.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: lockReq })).toBe('policy');

    await approveAndSign(bob, 'bob', { action: 'sign-cancel', digest: dCancel });
    expect(await bob.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: lockReq })).toBe('policy');

    // Alice: refund adaptor signature only after her cancel signature.
    const refundAdaptorReq = { action: 'adaptor-sign-refund', digest: dRefund, peerAdaptor: B.adaptor as string };
    await alice.value({ kind: 'approve', swapId: SWAP, role: 'alice', action: 'adaptor-sign-refund', digest: dRefund });
    expect(await alice.kind({ kind: 'sign', swapId: SWAP, role: 'alice', request: refundAdaptorReq })).toBe('policy');
    const aliceCancel = (await approveAndSign(alice, 'alice', { action: 'sign-cancel', digest: dCancel })).signature as string;
    const refundAdaptor = (await alice.value({ kind: 'sign', swapId: SWAP, role: 'alice', request: refundAdaptorReq })).adaptorSig as string;

    const hold = (d: string, signature: string) => bob.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'hold-peer-cancel', digest: d, peerKey: Abtc.cancel, signature } });
    expect(await hold(digest('not the cancel'), aliceCancel)).toBe('policy');
    expect(await hold(dCancel, '11'.repeat(64))).toBe('bad-signature');
    expect(await hold(dCancel, aliceCancel)).toBe('ok');
    expect(await bob.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: lockReq })).toBe('policy');

    // A refund adaptor signature under the wrong key is refused; the right one decrypts to a valid sig.
    const decryptReq = { action: 'decrypt-refund', digest: dRefund, peerKey: Abtc.refund!, adaptorSig: refundAdaptor };
    await bob.value({ kind: 'approve', swapId: SWAP, role: 'bob', action: 'decrypt-refund', digest: dRefund });
    expect(await bob.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { ...decryptReq, peerKey: Abtc.cancel! } })).toBe('bad-signature');
    const refundSig = (await bob.value({ kind: 'sign', swapId: SWAP, role: 'bob', request: decryptReq })).signature as string;
    expect(ecdsaVerify(fromHex(refundSig), fromHex(dRefund), fromHex(Abtc.refund!))).toBe(true);

    const lockSig = (await bob.value({ kind: 'sign', swapId: SWAP, role: 'bob', request: lockReq })).signature as string;
    expect(ecdsaVerify(fromHex(lockSig), fromHex(dLock), fromHex((B.btc as Record<string, string>).fund!))).toBe(true);

    // Refund path: from the refund witness (Bob's decryption of her signature) Alice gets the sweep key.
    const recover = { action: 'recover-sweep-key', digest: dRefund, peerAdaptor: B.adaptor as string, adaptorSig: refundAdaptor, signature: refundSig, peerSpendPublic: B.xmrSpendPublic as string };
    const joint = (await approveAndSign(alice, 'alice', recover)).xmrSpendKey as string;
    const jointPub = publicKeyOf(fromHex(joint));
    const expected = addPublicKeys(fromHex(A.xmrSpendPublic as string), fromHex(B.xmrSpendPublic as string));
    expect(jointPub.ok && expected.ok && toHex(jointPub.value)).toBe(expected.ok && toHex(expected.value));
  });

  it('Bob\'s funding sweep: fund key, approved digests only, Bob only, and exclusive with the lock', async () => {
    const h = harness();
    const B = await h.value({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    const fund = fromHex((B.btc as Record<string, string>).fund!);
    const [d0, d1] = [digest('sweep input 0'), digest('sweep input 1')];
    expect(await h.kind({ kind: 'approve', swapId: SWAP, role: 'alice', action: 'sign-funding-sweep', digest: d0 })).toBe('wrong-role');
    expect(await h.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-funding-sweep', digest: d0 } })).toBe('not-approved');
    // One signature per input: each approved digest is signed once with the funding key.
    for (const d of [d0, d1]) {
      const sig = (await approveAndSign(h, 'bob', { action: 'sign-funding-sweep', digest: d })).signature as string;
      expect(ecdsaVerify(fromHex(sig), fromHex(d), fund)).toBe(true);
      expect(await h.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-funding-sweep', digest: d } })).toBe('not-approved');
    }
    // Swept: the lock of the same funding is refused whatever else the signer holds.
    await h.value({ kind: 'approve', swapId: SWAP, role: 'bob', action: 'sign-lock', digest: digest('lock') });
    const lock = await h.call({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-lock', digest: digest('lock') } });
    expect(!lock.ok && lock.error.kind).toBe('policy');
    expect(!lock.ok && lock.error.message).toMatch(/swept/);
  });

  it('once Bob\'s lock is signed, a sweep of the same funding is refused', async () => {
    const alice = harness();
    const bob = harness();
    const A = await alice.value({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    const B = await bob.value({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    const Abtc = A.btc as Record<string, string>;
    const [dCancel, dRefund, dLock] = [digest('cancel'), digest('refund'), digest('lock')];
    await approveAndSign(bob, 'bob', { action: 'sign-cancel', digest: dCancel });
    const aliceCancel = (await approveAndSign(alice, 'alice', { action: 'sign-cancel', digest: dCancel })).signature as string;
    const refundAdaptor = (await approveAndSign(alice, 'alice', { action: 'adaptor-sign-refund', digest: dRefund, peerAdaptor: B.adaptor as string })).adaptorSig as string;
    await bob.value({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'hold-peer-cancel', digest: dCancel, peerKey: Abtc.cancel!, signature: aliceCancel } });
    await approveAndSign(bob, 'bob', { action: 'decrypt-refund', digest: dRefund, peerKey: Abtc.refund!, adaptorSig: refundAdaptor });
    await approveAndSign(bob, 'bob', { action: 'sign-lock', digest: dLock });
    await bob.value({ kind: 'approve', swapId: SWAP, role: 'bob', action: 'sign-funding-sweep', digest: digest('sweep') });
    const sweep = await bob.call({ kind: 'sign', swapId: SWAP, role: 'bob', request: { action: 'sign-funding-sweep', digest: digest('sweep') } });
    expect(!sweep.ok && sweep.error.kind).toBe('policy');
    // The rule is per swap: another swap of the same wallet may still sweep its own funding.
    await bob.value({ kind: 'approve', swapId: SWAP2, role: 'bob', action: 'sign-funding-sweep', digest: digest('sweep') });
    expect(await bob.kind({ kind: 'sign', swapId: SWAP2, role: 'bob', request: { action: 'sign-funding-sweep', digest: digest('sweep') } })).toBe('ok');
  });

  it('Alice decrypts Bob\'s buy adaptor signature, and from the published buy Bob recovers her adaptor secret', async () => {
    const alice = harness();
    const bob = harness();
    const A = await alice.value({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    const B = await bob.value({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    const dBuy = digest('buy');
    const buyAdaptor = (await approveAndSign(bob, 'bob', { action: 'adaptor-sign-buy', digest: dBuy, peerAdaptor: A.adaptor as string })).adaptorSig as string;
    const bobBuyKey = (B.btc as Record<string, string>).buy!;
    const decrypted = (await approveAndSign(alice, 'alice', { action: 'decrypt-buy', digest: dBuy, peerKey: bobBuyKey, adaptorSig: buyAdaptor })).signature as string;
    expect(ecdsaVerify(fromHex(decrypted), fromHex(dBuy), fromHex(bobBuyKey))).toBe(true);
    const ka = adaptorRecover(fromHex(A.adaptor as string), fromHex(buyAdaptor), fromHex(decrypted));
    expect(ka.ok && toHex(secpPublicKey(ka.value))).toBe(A.adaptor);

    // Bob's signer turns the published buy into the joint Monero spend key, and only that.
    const recover = { action: 'recover-sweep-key', digest: dBuy, peerAdaptor: A.adaptor as string, adaptorSig: buyAdaptor, signature: decrypted, peerSpendPublic: A.xmrSpendPublic as string };
    expect(await bob.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: recover })).toBe('not-approved');
    await bob.value({ kind: 'approve', swapId: SWAP, role: 'bob', action: 'recover-sweep-key', digest: dBuy });
    expect(await bob.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { ...recover, peerSpendPublic: B.xmrSpendPublic as string } })).toBe('bad-signature');
    expect(await bob.kind({ kind: 'sign', swapId: SWAP, role: 'bob', request: { ...recover, signature: '22'.repeat(64) } })).toBe('bad-signature');
    const joint = (await bob.value({ kind: 'sign', swapId: SWAP, role: 'bob', request: recover })).xmrSpendKey as string;
    const jointPub = publicKeyOf(fromHex(joint));
    const expected = addPublicKeys(fromHex(A.xmrSpendPublic as string), fromHex(B.xmrSpendPublic as string));
    expect(jointPub.ok && expected.ok && toHex(jointPub.value)).toBe(expected.ok && toHex(expected.value));
  });
});

describe('signer core: no secret leaves', () => {
  it('no response or log line contains the seed, a BTC secret key or a spend share', async () => {
    const kc = createMemoryKeychain();
    const alice = harness(kc);
    const bob = harness(createMemoryKeychain());
    const A = await alice.value({ kind: 'public-keys', swapId: SWAP, role: 'alice' });
    const B = await bob.value({ kind: 'public-keys', swapId: SWAP, role: 'bob' });
    await approveAndSign(alice, 'alice', { action: 'sign-cancel', digest: digest('c') });
    await approveAndSign(alice, 'alice', { action: 'adaptor-sign-refund', digest: digest('r'), peerAdaptor: B.adaptor as string });
    await approveAndSign(alice, 'alice', { action: 'sign-punish', digest: digest('p') });
    await approveAndSign(alice, 'alice', { action: 'sign-buy', digest: digest('b') });
    await alice.kind({ kind: 'sign', swapId: SWAP, role: 'alice', request: { action: 'sign-buy', digest: digest('b') } });
    await alice.kind({ kind: 'bogus' });
    expect(A.xmrViewPrivate).toMatch(/^[0-9a-f]{64}$/); // the view share is revealed by protocol

    const stored = await kc.get(KEYCHAIN_SERVICE, SEED_ACCOUNT);
    if (!stored.ok) throw new Error('seed missing');
    const master = masterSeedFromEntropy(fromHex(stored.value));
    const s = deriveSwapSecrets(master, SWAP, 'alice');
    const words = entropyToMnemonic(fromHex(stored.value), wordlist);
    const secrets = [stored.value, toHex(master), words, words.split(' ').slice(0, 3).join(' '), ...Object.values(s.btc).map(toHex), toHex(s.xmrSpend), toHex(s.adaptorSecret)];
    const everything = JSON.stringify([alice.sent, alice.logs]);
    expect(alice.sent.length).toBeGreaterThan(8);
    for (const secret of secrets) expect(everything.includes(secret)).toBe(false);
  });
});
