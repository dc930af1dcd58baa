// Per-swap key derivation from the wallet seed: the secp256k1 role keys, the Monero spend and view
// shares and the adaptor point. Guards: deterministic per (seed, swapId, role), distinct per swap and
// role; isolated here so it can be switched to shared/crypto's derivation once that exists.
//
// Interim scheme (follows protocol.md section 5 "Ours (proposal)" with two deliberate changes):
//   h = sha256("fc/index" || swapId16); i1 = u31(h[0..4]), i2 = u31(h[4..8])
//   secp role key = BIP32(seed) at m/44'/0'/i1'/i2'/role'/k'  (role 1 alice, 2 bob;
//                   k: 1 fund, 2 buy, 3 cancel, 4 refund, 5 punish)
//   Monero spend share = HKDF-SHA256(seed, info "fc/xmr/" || swapId16 || role || "spend"), 32 bytes
//                        little-endian with bytes[31] &= 0x0f (so ka < 2^252 < l: a scalar in both groups)
//   Monero view share  = HKDF-SHA256(seed, info "fc/xmr/" || swapId16 || role || "view") mod l
//   adaptor secret     = the spend share's bytes reversed (big-endian, same integer); T = that * G
// Changes vs the proposal: two 31-bit index levels (62 bits: no collision check against stored swaps
// needed) and the role in the path (the same wallet may be Alice and Bob of one swap, e.g. the demo).
import { HDKey } from '@scure/bip32';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { fromHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { scReduce32, publicKeyOf } from '../../shared/crypto/monero-keys';
import { secpPublicKey } from '../../shared/crypto/ecdsa-adaptor';

export type SwapRole = 'alice' | 'bob';
export type BtcKeyName = 'fund' | 'buy' | 'cancel' | 'refund' | 'punish';

/** Which Bitcoin keys each role holds (protocol.md section 5). */
export const ROLE_BTC_KEYS: Readonly<Record<SwapRole, readonly BtcKeyName[]>> = {
  alice: ['buy', 'cancel', 'refund', 'punish'],
  bob: ['fund', 'buy', 'cancel', 'refund'],
};
const ROLE_INDEX: Readonly<Record<SwapRole, number>> = { alice: 1, bob: 2 };
const KEY_INDEX: Readonly<Record<BtcKeyName, number>> = { fund: 1, buy: 2, cancel: 3, refund: 4, punish: 5 };

export const SEED_LENGTH = 32;

/** Secrets of one swap for one role. Never leaves the signer process. */
export interface SwapSecrets {
  readonly btc: Readonly<Partial<Record<BtcKeyName, Uint8Array>>>;
  /** Monero spend share, 32 bytes little-endian, < 2^252. */
  readonly xmrSpend: Uint8Array;
  /** Monero view share, 32 bytes little-endian, reduced mod l (revealed to the peer by protocol). */
  readonly xmrView: Uint8Array;
  /** The spend share as a secp256k1 secret (big-endian): decrypts adaptor signatures made to T. */
  readonly adaptorSecret: Uint8Array;
}

/** The public parts a swap needs to reveal: compressed secp points, ed25519 points, the view share. */
export interface SwapPublicKeys {
  readonly btc: Readonly<Partial<Record<BtcKeyName, Uint8Array>>>;
  readonly adaptor: Uint8Array;
  readonly xmrSpendPublic: Uint8Array;
  readonly xmrViewPrivate: Uint8Array;
}

const u31 = (b: Uint8Array, at: number): number => (((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0) & 0x7fffffff;

/** The per-swap, per-role account: m/44'/0'/i1'/i2'/role'. */
export function swapAccountPath(swapId: SwapId, role: SwapRole): string {
  const h = sha256(concatBytes(utf8ToBytes('fc/index'), fromHex(swapId)));
  return `m/44'/0'/${u31(h, 0)}'/${u31(h, 4)}'/${ROLE_INDEX[role]}'`;
}

export const swapPath = (swapId: SwapId, role: SwapRole, key: BtcKeyName): string => `${swapAccountPath(swapId, role)}/${KEY_INDEX[key]}'`;

function xmrShare(seed: Uint8Array, swapId: SwapId, role: SwapRole, which: 'spend' | 'view'): Uint8Array {
  const info = concatBytes(utf8ToBytes('fc/xmr/'), fromHex(swapId), utf8ToBytes(role), utf8ToBytes(which));
  return hkdf(sha256, seed, undefined, info, 32);
}

export function deriveSwapSecrets(seed: Uint8Array, swapId: SwapId, role: SwapRole): SwapSecrets {
  if (seed.length !== SEED_LENGTH) throw new Error('bug: seed must be 32 bytes'); // checked at load
  // Derive the account once, then only the last hardened step per key.
  const account = HDKey.fromMasterSeed(seed).derive(swapAccountPath(swapId, role));
  const btc: Partial<Record<BtcKeyName, Uint8Array>> = {};
  for (const k of ROLE_BTC_KEYS[role]) {
    const sk = account.deriveChild(0x80000000 + KEY_INDEX[k]).privateKey;
    if (!sk) throw new Error('bug: BIP32 derivation gave no private key');
    btc[k] = sk;
  }
  const xmrSpend = xmrShare(seed, swapId, role, 'spend');
  xmrSpend[31]! &= 0x0f;
  // A zero spend share has probability 2^-252; refuse it as a bug rather than produce a weak key.
  if (xmrSpend.every((b) => b === 0)) throw new Error('bug: zero spend share');
  const xmrView = scReduce32(xmrShare(seed, swapId, role, 'view'));
  const adaptorSecret = Uint8Array.from(xmrSpend).reverse();
  return { btc, xmrSpend, xmrView, adaptorSecret };
}

export function publicKeysOf(s: SwapSecrets): SwapPublicKeys {
  const btc: Partial<Record<BtcKeyName, Uint8Array>> = {};
  for (const [k, sk] of Object.entries(s.btc) as Array<[BtcKeyName, Uint8Array]>) btc[k] = secpPublicKey(sk);
  const spendPublic = publicKeyOf(s.xmrSpend);
  if (!spendPublic.ok) throw new Error(`bug: spend share is not a scalar: ${spendPublic.error.message}`);
  return { btc, adaptor: secpPublicKey(s.adaptorSecret), xmrSpendPublic: spendPublic.value, xmrViewPrivate: s.xmrView };
}
