// Alice's per-swap XMR funding wallet (a taker selling XMR): the person pays the swap's XMR here, and
// the swap locks from it into the joint address, or sweeps it back to the person after an abort or a
// refund. Invariants: the same seed and swap id always give the same wallet (a restart, or a person
// restoring with the seed, finds the coins again); its keys share nothing with the swap's key shares
// (own HKDF domain), so revealing one never weakens the other; the view key is the standard one
// derived from the spend key, so any Monero wallet restores it from the spend key alone.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { edBaseMul, modL, scalarToBytesLE } from './ed25519-codec';
import { encodeStandardAddress, type MoneroNetwork } from './monero-address';
import { viewFromSpend, publicKeyOf } from './monero-keys';
import type { KeyPair } from './swap-key-derivation';

export interface XmrFundingKeys {
  /** Secrets 32-byte LE reduced scalars; publics 32-byte ed25519. */
  readonly spend: KeyPair;
  readonly view: KeyPair;
}

/** The funding wallet's spend secret: HKDF of the seed under its own label, reduced mod l, never 0. */
function fundingSpend(seed: Uint8Array, swapId: Uint8Array): bigint {
  const info = concatBytes(utf8ToBytes('fc/xmr-fund/'), swapId, utf8ToBytes('spend'));
  for (let counter = 0; ; counter++) {
    const v = modL(bytesToNumberLE(hkdf(sha256, seed, new Uint8Array(0), concatBytes(info, Uint8Array.of(counter)), 64)));
    if (v !== 0n) return v;
  }
}

export function deriveXmrFundingKeys(seed: Uint8Array, swapId: Uint8Array): CryptoResult<XmrFundingKeys> {
  if (seed.length < 16 || seed.length > 64) return fail('bad-length', 'seed: expected 16..64 bytes');
  if (swapId.length !== 16 && swapId.length !== 32) return fail('bad-length', 'swap id: expected 16 or 32 bytes');
  const s = fundingSpend(seed, swapId);
  const spend = scalarToBytesLE(s);
  const view = viewFromSpend(spend);
  if (!view.ok) return view;
  const viewPublic = publicKeyOf(view.value);
  if (!viewPublic.ok) return viewPublic;
  return ok({ spend: { secret: spend, public: edBaseMul(s).toBytes() }, view: { secret: view.value, public: viewPublic.value } });
}

/** The address the person pays: standard, on the swap's Monero network. */
export const xmrFundingAddressOf = (k: { readonly spend: { readonly public: Uint8Array }; readonly view: { readonly public: Uint8Array } }, network: MoneroNetwork): CryptoResult<string> =>
  encodeStandardAddress(network, k.spend.public, k.view.public);
