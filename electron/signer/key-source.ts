// Per-swap keys for the signer, from the 32-byte wallet entropy kept in the keychain. Guards: the
// derivation itself is shared/crypto's (deterministic per seed, swap and role); this file only maps
// the entropy to its BIP39 seed, picks each role's keys, and never lets a secret out of the signer.
//
// Scheme: keychain entry = 32 random bytes = BIP39 entropy (24 words: a paper backup restores it);
// master seed = BIP39 seed of those words (empty passphrase); swap keys = shared/crypto
// deriveSwapKeys(master, swapId, role) (BIP32 m/44'/0'/index'/{0,1,2}' for fund/buy=cancel/
// refund=punish, HKDF Monero shares < 2^252, adaptor secret = spend share as a secp scalar).
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { fromHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { deriveSwapKeys, seedFromMnemonic } from '../../shared/crypto/swap-key-derivation';
import { dleqProve } from '../../shared/crypto/cross-group-dleq';
import { deriveXmrFundingKeys, type XmrFundingKeys } from '../../shared/crypto/xmr-funding-keys';
import type { CryptoResult } from '../../shared/crypto/crypto-error';
import { deriveNostrKey, type NostrKey } from '../../shared/crypto/nostr-key';

export type SwapRole = 'alice' | 'bob';
export type BtcKeyName = 'fund' | 'buy' | 'cancel' | 'refund' | 'punish';

/** Which Bitcoin keys each role holds and reveals (protocol.md section 5). */
export const ROLE_BTC_KEYS: Readonly<Record<SwapRole, readonly BtcKeyName[]>> = {
  alice: ['buy', 'cancel', 'refund', 'punish'],
  bob: ['fund', 'buy', 'cancel', 'refund'],
};

export const SEED_LENGTH = 32;

/** Secrets of one swap for one role, with their public parts. Never leaves the signer process. */
export interface SwapSecrets {
  readonly btc: Readonly<Partial<Record<BtcKeyName, Uint8Array>>>;
  readonly btcPublic: Readonly<Partial<Record<BtcKeyName, Uint8Array>>>;
  /** Monero spend share, 32 bytes little-endian, < 2^252. */
  readonly xmrSpend: Uint8Array;
  readonly xmrSpendPublic: Uint8Array;
  /** Monero view share, 32 bytes little-endian, reduced (revealed to the peer by protocol). */
  readonly xmrView: Uint8Array;
  /** The spend share as a secp256k1 secret (big-endian): decrypts adaptor signatures made to T. */
  readonly adaptorSecret: Uint8Array;
  readonly adaptorPublic: Uint8Array;
}

/** The public parts a swap reveals: compressed secp points, the ed25519 spend point, the view share. */
export interface SwapPublicKeys {
  readonly btc: Readonly<Partial<Record<BtcKeyName, Uint8Array>>>;
  readonly adaptor: Uint8Array;
  readonly xmrSpendPublic: Uint8Array;
  readonly xmrViewPrivate: Uint8Array;
}

/** BIP39 seed of the wallet entropy (PBKDF2, ~once per signer process). */
export function masterSeedFromEntropy(entropy: Uint8Array): Uint8Array {
  if (entropy.length !== SEED_LENGTH) throw new Error('bug: wallet entropy must be 32 bytes'); // checked at load
  const seed = seedFromMnemonic(entropyToMnemonic(entropy, wordlist));
  if (!seed.ok) throw new Error(`bug: own mnemonic refused: ${seed.error.message}`);
  return seed.value;
}

export function deriveSwapSecrets(masterSeed: Uint8Array, swapId: SwapId, role: SwapRole): SwapSecrets {
  const k = deriveSwapKeys(masterSeed, fromHex(swapId), role);
  if (!k.ok) throw new Error(`bug: swap key derivation refused valid input: ${k.error.message}`);
  const btc: Partial<Record<BtcKeyName, Uint8Array>> = {};
  const btcPublic: Partial<Record<BtcKeyName, Uint8Array>> = {};
  for (const name of ROLE_BTC_KEYS[role]) {
    btc[name] = k.value.btc[name].secret;
    btcPublic[name] = k.value.btc[name].public;
  }
  return {
    btc,
    btcPublic,
    xmrSpend: k.value.xmr.spend.secret,
    xmrSpendPublic: k.value.xmr.spend.public,
    xmrView: k.value.xmr.view.secret,
    adaptorSecret: k.value.adaptor.secret,
    adaptorPublic: k.value.adaptor.public,
  };
}

export const publicKeysOf = (s: SwapSecrets): SwapPublicKeys => ({
  btc: s.btcPublic,
  adaptor: s.adaptorPublic,
  xmrSpendPublic: s.xmrSpendPublic,
  xmrViewPrivate: s.xmrView,
});

/** Cross-group DLEQ proof that T (adaptor) and K_s (spend public) share one secret (~1 s). */
export const proveSpendShare = (s: SwapSecrets): CryptoResult<{ proof: Uint8Array }> => dleqProve(s.xmrSpend);

/** The swap's XMR funding wallet (Alice selling XMR): its own derivation, no share of the swap keys. */
export function deriveXmrFundingSecrets(masterSeed: Uint8Array, swapId: SwapId): XmrFundingKeys {
  const k = deriveXmrFundingKeys(masterSeed, fromHex(swapId));
  if (!k.ok) throw new Error(`bug: funding key derivation refused valid input: ${k.error.message}`);
  return k.value;
}

/** The wallet's Nostr key (offer events on relays only): its own derivation, no share of any swap key. */
export function deriveNostrSecrets(masterSeed: Uint8Array): NostrKey {
  const k = deriveNostrKey(masterSeed);
  if (!k.ok) throw new Error(`bug: Nostr key derivation refused valid input: ${k.error.message}`);
  return k.value;
}
