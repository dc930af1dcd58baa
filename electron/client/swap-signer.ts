// The client's narrow port to the signer: exactly what HeadlessClient needs to answer datum requests,
// mapped onto the signer protocol (status, public-keys, dleq-proof, approve, sign). Invariants: no
// private key ever crosses this port (only public keys, the protocol's revealed view share,
// signatures and the joint sweep key); every signature is preceded by an approval of exactly the
// digest the caller passes, so the caller must pass the sighash of the transaction it validated.
//
// Two implementations, one signer-core (one derivation, one policy): `signerProcessSigner` over the
// real signer process (keychain in that process only) and `inProcessSigner` calling the same core in
// this process (tests, demo, sandbox maker).
import type { SwapId } from '../../shared/ids';
import type { XmrFundingKeys } from '../../shared/crypto/xmr-funding-keys';
import { fromHex, toHex } from '../../shared/hex';
import { appError, err, ok, type Result } from '../../shared/result';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT, type Keychain } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import type { BtcKeyName, SwapRole } from '../signer/key-source';
import { decodeAnswer, type SignerClient, type SignerClientError } from '../signer/signer-client';
import { createSignerCore } from '../signer/signer-core';
import type { SignAction, SignerRequest, SignerRequestKind, SignerValue } from '../signer/signer-protocol';

export type { SwapRole };
export interface SwapRef {
  readonly swapId: SwapId;
  readonly role: SwapRole;
}

/** What a swap reveals for one role: compressed secp points, the ed25519 spend point, the view share. */
export interface SwapPublicKeys {
  readonly btc: Readonly<Partial<Record<BtcKeyName, Uint8Array>>>;
  readonly adaptor: Uint8Array;
  readonly xmrSpendPublic: Uint8Array;
  /** The PRIVATE view share: the protocol reveals it to the peer (RevealAlice/RevealBob.view). */
  readonly xmrViewPrivate: Uint8Array;
}

/** `sign-funding-sweep`: Bob, one input of the sweep of his funding address after an abort. */
export type PlainSignAction = 'sign-cancel' | 'sign-refund' | 'sign-punish' | 'sign-buy' | 'sign-lock' | 'sign-funding-sweep';
export type AdaptorSignAction = 'adaptor-sign-refund' | 'adaptor-sign-buy';
export type DecryptAction = 'decrypt-refund' | 'decrypt-buy';
export type SwapSignerError = SignerClientError;
type Answer<T> = Promise<Result<T, SwapSignerError>>;

export interface SweepKeyQuery {
  /** Sighash of OUR adaptor-signed tx now on chain: Bob's buy, Alice's refund. */
  readonly digest: Uint8Array;
  readonly peerAdaptor: Uint8Array;
  /** Our adaptor signature on `digest` (kept in the client memo). */
  readonly adaptorSig: Uint8Array;
  /** The decrypted signature found in the published witness (compact r||s). */
  readonly signature: Uint8Array;
  readonly peerSpendPublic: Uint8Array;
}

export interface SwapSigner {
  publicKeys(s: SwapRef): Answer<SwapPublicKeys>;
  /** Cross-group DLEQ proof that the adaptor point and the Monero spend point share one secret. */
  dleqProof(s: SwapRef): Answer<{ readonly proof: Uint8Array; readonly adaptor: Uint8Array; readonly xmrSpendPublic: Uint8Array }>;
  /**
   * Approve + sign `digest`: a 64-byte compact low-s signature, the format `signSwapTx` returns.
   * `sign-funding-sweep` signs with the funding key and excludes `sign-lock` for the swap (either one).
   */
  sign(s: SwapRef, action: PlainSignAction, digest: Uint8Array): Answer<Uint8Array>;
  /** Approve + adaptor-sign `digest` encrypted to the peer's adaptor point (162 bytes). */
  adaptorSign(s: SwapRef, action: AdaptorSignAction, digest: Uint8Array, peerAdaptor: Uint8Array): Answer<Uint8Array>;
  /** Approve + verify the peer's adaptor signature (to OUR point, under `peerKey`) and decrypt it. */
  decryptPeer(s: SwapRef, action: DecryptAction, digest: Uint8Array, peerKey: Uint8Array, adaptorSig: Uint8Array): Answer<Uint8Array>;
  /** Bob: hand the signer Alice's verified cancel signature (a condition of signing the lock). */
  holdPeerCancel(s: SwapRef, digest: Uint8Array, peerKey: Uint8Array, signature: Uint8Array): Answer<void>;
  /** Approve + recover the peer's spend share and return the JOINT Monero spend key (32 bytes LE). */
  recoverSweepKey(s: SwapRef, q: SweepKeyQuery): Answer<Uint8Array>;
  /** Alice selling XMR: the keys of the swap's XMR funding wallet (for the client that locks or sweeps it). */
  xmrFundingKeys(s: SwapRef): Answer<XmrFundingKeys>;
}

/** One signer request/answer round trip: the process client's `request`, or the core called directly. */
export type SignerRequestFn = <K extends SignerRequestKind>(body: Extract<SignerRequest, { kind: K }>) => Answer<SignerValue<K>>;

const badShape = (what: string) => err(appError('bad-response' as const, `signer answered ${what} with another kind of value`));

/** The port over any signer channel: every sign is approve(action, digest) then sign(action, digest). */
export function swapSignerOver(request: SignerRequestFn): SwapSigner {
  const approve = async (s: SwapRef, action: SignAction, digest: string): Answer<void> => {
    const a = await request({ kind: 'approve', swapId: s.swapId, role: s.role, action, digest });
    return a.ok ? ok(undefined) : a;
  };
  const signRequest = async (s: SwapRef, body: Extract<SignerRequest, { kind: 'sign' }>['request']) => {
    // Approvals are single-use and live only in the signer process: approve right before each sign.
    if (body.action !== 'hold-peer-cancel') {
      const a = await approve(s, body.action, body.digest);
      if (!a.ok) return a;
    }
    return request({ kind: 'sign', swapId: s.swapId, role: s.role, request: body });
  };
  return {
    async publicKeys(s) {
      const r = await request({ kind: 'public-keys', swapId: s.swapId, role: s.role });
      if (!r.ok) return r;
      const btc = Object.fromEntries(Object.entries(r.value.btc).map(([k, v]) => [k, fromHex(v)])) as SwapPublicKeys['btc'];
      return ok({ btc, adaptor: fromHex(r.value.adaptor), xmrSpendPublic: fromHex(r.value.xmrSpendPublic), xmrViewPrivate: fromHex(r.value.xmrViewPrivate) });
    },
    async dleqProof(s) {
      const r = await request({ kind: 'dleq-proof', swapId: s.swapId, role: s.role });
      if (!r.ok) return r;
      return ok({ proof: fromHex(r.value.proof), adaptor: fromHex(r.value.adaptor), xmrSpendPublic: fromHex(r.value.xmrSpendPublic) });
    },
    async sign(s, action, digest) {
      const r = await signRequest(s, { action, digest: toHex(digest) });
      if (!r.ok) return r;
      return 'signature' in r.value ? ok(fromHex(r.value.signature)) : badShape(action);
    },
    async adaptorSign(s, action, digest, peerAdaptor) {
      const r = await signRequest(s, { action, digest: toHex(digest), peerAdaptor: toHex(peerAdaptor) });
      if (!r.ok) return r;
      return 'adaptorSig' in r.value ? ok(fromHex(r.value.adaptorSig)) : badShape(action);
    },
    async decryptPeer(s, action, digest, peerKey, adaptorSig) {
      const r = await signRequest(s, { action, digest: toHex(digest), peerKey: toHex(peerKey), adaptorSig: toHex(adaptorSig) });
      if (!r.ok) return r;
      return 'signature' in r.value ? ok(fromHex(r.value.signature)) : badShape(action);
    },
    async holdPeerCancel(s, digest, peerKey, signature) {
      const r = await signRequest(s, { action: 'hold-peer-cancel', digest: toHex(digest), peerKey: toHex(peerKey), signature: toHex(signature) });
      if (!r.ok) return r;
      return 'held' in r.value ? ok(undefined) : badShape('hold-peer-cancel');
    },
    async recoverSweepKey(s, q) {
      const r = await signRequest(s, {
        action: 'recover-sweep-key',
        digest: toHex(q.digest),
        peerAdaptor: toHex(q.peerAdaptor),
        adaptorSig: toHex(q.adaptorSig),
        signature: toHex(q.signature),
        peerSpendPublic: toHex(q.peerSpendPublic),
      });
      if (!r.ok) return r;
      return 'xmrSpendKey' in r.value ? ok(fromHex(r.value.xmrSpendKey)) : badShape('recover-sweep-key');
    },
    async xmrFundingKeys(s) {
      const r = await request({ kind: 'xmr-funding-keys', swapId: s.swapId, role: s.role });
      if (!r.ok) return r;
      return ok({ spend: { secret: fromHex(r.value.spendKey), public: fromHex(r.value.spendPublic) }, view: { secret: fromHex(r.value.viewKey), public: fromHex(r.value.viewPublic) } });
    },
  };
}

/** The real signer process: the keychain and the seed live only in that process. */
export const signerProcessSigner = (client: SignerClient): SwapSigner => swapSignerOver((body) => client.request(body));

/**
 * The same signer core called in this process (tests, demo, the sandbox maker): same derivation,
 * same policy, same answer schemas; only the process boundary is missing.
 */
export function inProcessSigner(keychain: Keychain): SwapSigner {
  const core = createSignerCore({ keychain });
  let id = 0;
  return swapSignerOver(async (body) => decodeAnswer(body.kind, (await core.handle({ id: ++id, body })).result));
}

/** Test and demo support: an in-process signer whose keychain already holds `seed` (32 bytes). */
export const inProcessSignerWithSeed = (seed: Uint8Array): SwapSigner =>
  inProcessSigner(createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(seed)]]));
