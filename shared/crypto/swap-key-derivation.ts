// Per-swap keys derived deterministically from one wallet seed, so the keychain holds only the seed
// (protocol.md 5 "Ours"). Invariant: the same seed and swap id always give the same keys; the key
// aliasing Ac=Ab, Bc=Bb, Ap=Ar is produced here on purpose; the Monero spend share is < 2^252.
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesToNumberLE, numberToBytesBE } from '@noble/curves/utils.js';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { edBaseMul, modL, scalarToBytesLE } from './ed25519-codec';

export type SwapRole = 'alice' | 'bob';

export interface KeyPair {
  readonly secret: Uint8Array;
  readonly public: Uint8Array;
}

export interface SwapKeys {
  readonly index: number;
  /** secp256k1 keys (secret 32 BE, public 33 compressed). `cancel` IS `buy`, `punish` IS `refund`. */
  readonly btc: { readonly fund: KeyPair; readonly buy: KeyPair; readonly cancel: KeyPair; readonly refund: KeyPair; readonly punish: KeyPair };
  /** Monero shares: secrets 32-byte LE reduced scalars; publics 32-byte ed25519. */
  readonly xmr: { readonly spend: KeyPair; readonly view: KeyPair };
  /** The spend share read as a secp256k1 secret (big-endian, same integer) and T = k·G. */
  readonly adaptor: KeyPair;
}

/** BIP32 child numbers under m/44'/0'/index'. Cancel and punish reuse buy and refund deliberately. */
const CHILD = { fund: 0, buy: 1, refund: 2 } as const;

export function seedFromMnemonic(mnemonic: string, passphrase = ''): CryptoResult<Uint8Array> {
  if (!validateMnemonic(mnemonic, wordlist)) return fail('bad-checksum', 'mnemonic: not a valid BIP39 English phrase');
  return ok(mnemonicToSeedSync(mnemonic, passphrase));
}

/** u31(sha256("fc/index" || swapId)): the hardened BIP32 account of a swap. */
export function swapIndex(swapId: Uint8Array): number {
  const h = sha256(concatBytes(utf8ToBytes('fc/index'), swapId));
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) & 0x7fffffff;
}

function secpPair(root: HDKey, path: string): KeyPair {
  const k = root.derive(path);
  if (!k.privateKey || !k.publicKey) throw new Error('bug: BIP32 derivation without a private key');
  return { secret: k.privateKey, public: k.publicKey };
}

function moneroShare(seed: Uint8Array, swapId: Uint8Array, role: SwapRole, kind: 'spend' | 'view'): bigint {
  const info = concatBytes(utf8ToBytes('fc/xmr/'), swapId, utf8ToBytes(role), utf8ToBytes(kind));
  for (let counter = 0; ; counter++) {
    const okm = hkdf(sha256, seed, new Uint8Array(0), concatBytes(info, Uint8Array.of(counter)), 64);
    // spend: mask to 252 bits so the integer is a valid scalar in both groups (cross-group DLEQ);
    // view: 512 bits reduced mod l, as good as uniform.
    const v = kind === 'spend' ? bytesToNumberLE(okm.subarray(0, 32)) & ((1n << 252n) - 1n) : modL(bytesToNumberLE(okm));
    if (v !== 0n) return v;
  }
}

export function deriveSwapKeys(seed: Uint8Array, swapId: Uint8Array, role: SwapRole): CryptoResult<SwapKeys> {
  if (seed.length < 16 || seed.length > 64) return fail('bad-length', 'seed: expected 16..64 bytes');
  if (swapId.length !== 16 && swapId.length !== 32) return fail('bad-length', 'swap id: expected 16 or 32 bytes');
  const index = swapIndex(swapId);
  const root = HDKey.fromMasterSeed(seed);
  const base = `m/44'/0'/${index}'`;
  const fund = secpPair(root, `${base}/${CHILD.fund}'`);
  const buy = secpPair(root, `${base}/${CHILD.buy}'`);
  const refund = secpPair(root, `${base}/${CHILD.refund}'`);
  const spend = moneroShare(seed, swapId, role, 'spend');
  const view = moneroShare(seed, swapId, role, 'view');
  const adaptorSecret = numberToBytesBE(spend, 32);
  return ok({
    index,
    btc: { fund, buy, cancel: buy, refund, punish: refund },
    xmr: {
      spend: { secret: scalarToBytesLE(spend), public: edBaseMul(spend).toBytes() },
      view: { secret: scalarToBytesLE(view), public: edBaseMul(view).toBytes() },
    },
    adaptor: { secret: adaptorSecret, public: secp256k1.getPublicKey(adaptorSecret, true) },
  });
}

/** A recovered adaptor secret (secp, big-endian) as a Monero private key (little-endian). */
export function adaptorSecretToMonero(secretBE: Uint8Array): CryptoResult<Uint8Array> {
  if (secretBE.length !== 32) return fail('bad-length', 'secret: expected 32 bytes');
  const le = secretBE.slice().reverse();
  if (bytesToNumberLE(le) >> 252n !== 0n) return fail('bad-scalar', 'recovered secret is not below 2^252: not a Monero spend share of this protocol');
  return ok(le);
}
