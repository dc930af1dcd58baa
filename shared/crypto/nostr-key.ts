// The wallet's Nostr key and the NIP-01 event signature. The key signs only the wallet's offer events
// on Nostr relays (NIP-69 orders and their NIP-09 deletions); the offer's own ed25519 signature stays
// the authority over its terms. Invariants: the same seed always gives the same key (a restored wallet
// speaks under the same Nostr name); the key shares nothing with any swap key or the funding wallets
// (its own HKDF label), so publishing under it reveals nothing about a swap; the event id is NIP-01's
// sha256 of the canonical JSON array, so any Nostr client verifies what this signs.
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { fromHex, toHex } from '../hex';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';

/** The HKDF label of the Nostr key: no other derivation uses it. */
const NOSTR_KEY_INFO = utf8ToBytes('fc/nostr/offer-key/v1');

export interface NostrKey {
  /** 32-byte secp256k1 secret (big-endian); stays in the signer. */
  readonly secret: Uint8Array;
  /** x-only public key, 32 bytes lowercase hex: the event's `pubkey`. */
  readonly publicKey: string;
}

/** An unsigned event (NIP-01): what the wallet asks its signer to sign. */
export interface NostrEventTemplate {
  readonly kind: number;
  readonly created_at: number;
  readonly tags: readonly (readonly string[])[];
  readonly content: string;
}

export interface SignedNostrEvent extends NostrEventTemplate {
  readonly id: string;
  readonly pubkey: string;
  readonly sig: string;
}

/** The Nostr key of a wallet's master seed: HKDF under its own label, the first valid scalar. */
export function deriveNostrKey(masterSeed: Uint8Array): CryptoResult<NostrKey> {
  if (masterSeed.length < 16 || masterSeed.length > 64) return fail('bad-length', 'seed: expected 16..64 bytes');
  const n = secp256k1.Point.Fn.ORDER;
  for (let counter = 0; counter < 256; counter++) {
    const secret = hkdf(sha256, masterSeed, new Uint8Array(0), concatBytes(NOSTR_KEY_INFO, Uint8Array.of(counter)), 32);
    const v = bytesToNumberBE(secret);
    if (v > 0n && v < n) return ok({ secret, publicKey: toHex(schnorr.getPublicKey(secret)) });
  }
  return fail('bad-scalar', 'no valid Nostr key in 256 tries'); // probability ~2^-32000: a broken hash
}

/** NIP-01 event id: sha256 of the UTF-8 JSON of [0, pubkey, created_at, kind, tags, content]. */
export function nostrEventId(pubkey: string, t: NostrEventTemplate): string {
  return toHex(sha256(utf8ToBytes(JSON.stringify([0, pubkey, t.created_at, t.kind, t.tags, t.content]))));
}

/** Signs a template with a Nostr secret (BIP340 Schnorr over the event id, fresh auxiliary randomness). */
export function signNostrEvent(secret: Uint8Array, t: NostrEventTemplate): SignedNostrEvent {
  const pubkey = toHex(schnorr.getPublicKey(secret));
  const id = nostrEventId(pubkey, t);
  const sig = toHex(schnorr.sign(fromHex(id), secret));
  return { kind: t.kind, created_at: t.created_at, tags: t.tags.map((x) => [...x]), content: t.content, id, pubkey, sig };
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

/** The id is the event's own hash and the signature is its pubkey's on that id. Never throws. */
export function verifyNostrEvent(e: SignedNostrEvent): boolean {
  if (!HEX64.test(e.id) || !HEX64.test(e.pubkey) || !HEX128.test(e.sig)) return false;
  if (nostrEventId(e.pubkey, e) !== e.id) return false;
  try {
    return schnorr.verify(fromHex(e.sig), fromHex(e.id), fromHex(e.pubkey));
  } catch {
    return false;
  }
}
