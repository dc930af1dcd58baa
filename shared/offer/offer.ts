// Signed offer strings: `fcswap1...` = bech32m(terms || ed25519 signature). A maker creates one, a
// taker parses it. Guards: a taker only ever sees terms that carry the maker key's valid signature,
// pass every parameter rule and have not expired; any altered character or byte is rejected.
//
// Why ed25519 (not BIP340 Schnorr): the same key is the maker's TLS 1.3 identity on the peer link
// (electron/peer), and TLS certificates can carry ed25519 keys but not secp256k1 Schnorr ones: one
// key then binds "who signed these terms" to "who answers at this address".
// Why bech32m: case-insensitive, a 30-bit checksum that catches typos before the signature check,
// and the `fcswap` prefix makes a pasted string self-describing (`fcswap1...`).
import { ed25519 } from '@noble/curves/ed25519.js';
import { bech32m } from '@scure/base';
import { fromHex, toHex } from '../hex';
import { appError, err, ok, type Result } from '../result';
import { asciiBytes, decodeTerms, encodeTerms, SIGNATURE_BYTES } from './offer-codec';
import { compactOfferText, describeOfferDamage } from './offer-damage';
import { checkOfferTerms, type OfferCheckContext } from './offer-rules';
import { OfferTermsSchema, type OfferError, type OfferTerms, type VerifiedOffer } from './offer-schema';

export const OFFER_PREFIX = 'fcswap';
/** Domain separation: an offer signature can never be replayed as a signature on anything else. */
const SIGNING_TAG = asciiBytes('farcaster-swap/offer/v1\0');

const signingMessage = (payload: Uint8Array): Uint8Array => {
  const m = new Uint8Array(SIGNING_TAG.length + payload.length);
  m.set(SIGNING_TAG);
  m.set(payload, SIGNING_TAG.length);
  return m;
};

/** The identity public key (hex) of a 32-byte ed25519 secret seed. */
export const identityKeyOf = (secretSeed: Uint8Array): string => toHex(ed25519.getPublicKey(secretSeed));

/**
 * Builds and signs an offer. `terms.makerKey` must be the public key of `secretSeed`; the terms must
 * pass the same rules a taker applies, so a maker never publishes an offer no taker would accept.
 */
export function createOffer(terms: OfferTerms, secretSeed: Uint8Array, ctx: OfferCheckContext): Result<string, OfferError> {
  const shaped = OfferTermsSchema.safeParse(terms);
  if (!shaped.success) {
    const issue = shaped.error.issues[0];
    return err(appError('offer-malformed', `offer field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`));
  }
  if (secretSeed.length !== 32) return err(appError('offer-bad-key', 'identity secret must be a 32-byte ed25519 seed'));
  if (identityKeyOf(secretSeed) !== shaped.data.makerKey) return err(appError('offer-bad-key', 'makerKey is not the public key of the signing secret'));
  const checked = checkOfferTerms(shaped.data, ctx);
  if (!checked.ok) return checked;
  const payload = encodeTerms(checked.value);
  const signature = ed25519.sign(signingMessage(payload), secretSeed);
  const bytes = new Uint8Array(payload.length + SIGNATURE_BYTES);
  bytes.set(payload);
  bytes.set(signature, payload.length);
  return ok(bech32m.encode(OFFER_PREFIX, bech32m.toWords(bytes), false));
}

/**
 * Splits a pasted offer string into its signed payload and signature (checksum checked, nothing else).
 * Spaces, line breaks and invisible wrap characters anywhere in it are ignored (a chat client wrapped
 * it); a damaged one is refused with where it is damaged, never with the offer repeated.
 */
export function unpackOffer(text: string): Result<{ payload: Uint8Array; signature: Uint8Array }, OfferError> {
  const s = compactOfferText(text);
  if (!s.toLowerCase().startsWith(`${OFFER_PREFIX}1`)) return err(appError('offer-encoding', `An offer starts with "${OFFER_PREFIX}1"; check that the whole offer was pasted.`));
  let bytes: Uint8Array;
  try {
    const decoded = bech32m.decode(s as `${string}1${string}`, false);
    if (decoded.prefix !== OFFER_PREFIX) return err(appError('offer-encoding', `An offer starts with "${OFFER_PREFIX}1"; check that the whole offer was pasted.`));
    bytes = bech32m.fromWords(decoded.words);
  } catch {
    // The library's own message can quote the whole string: it is never passed on.
    const where = describeOfferDamage(s, s !== text.trim());
    return err(appError('offer-encoding', where ?? 'The offer does not decode (its last characters do not form whole bytes). Copy the whole offer again from where it was given.'));
  }
  if (bytes.length <= SIGNATURE_BYTES) return err(appError('offer-malformed', 'offer is too short to hold terms and a signature'));
  return ok({ payload: bytes.subarray(0, bytes.length - SIGNATURE_BYTES), signature: bytes.subarray(bytes.length - SIGNATURE_BYTES) });
}

/**
 * The two ed25519 checks an offer (and a maker's Nostr key binding) needs. The default is noble's, in
 * pure JS (~2 ms a verify); a Node host may pass a faster one (electron/nostr/fast-ed25519.ts) that
 * never accepts what this one refuses.
 */
export interface Ed25519Verifier {
  /** Strict RFC 8032 decoding (canonical y, no x=0 with the sign bit) and not of small order: a small-order key lets anyone forge signatures under it, so it identifies no one. */
  keyIsValid(publicKey: Uint8Array): boolean;
  /** Strict RFC 8032 verification (zip215:false: canonical encodings, S < L, small-order keys refused), the rule OpenSSL applies to the TLS identity. */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

export const nobleEd25519: Ed25519Verifier = {
  keyIsValid: (publicKey) => {
    try {
      return !ed25519.Point.fromBytes(publicKey).isSmallOrder();
    } catch {
      return false;
    }
  },
  verify: (signature, message, publicKey) => {
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
};

/** Checks everything a taker must check before connecting: checksum, layout, key, signature, rules, expiry. */
export function parseOffer(text: string, ctx: OfferCheckContext, verifier: Ed25519Verifier = nobleEd25519): Result<VerifiedOffer, OfferError> {
  const unpacked = unpackOffer(text);
  if (!unpacked.ok) return unpacked;
  const { payload, signature } = unpacked.value;
  const terms = decodeTerms(payload);
  if (!terms.ok) return terms;
  const makerKey = fromHex(terms.value.makerKey);
  if (!verifier.keyIsValid(makerKey)) return err(appError('offer-bad-key', 'maker key is not a valid ed25519 public key'));
  const sigOk = verifier.verify(signature, signingMessage(payload), makerKey);
  if (!sigOk) return err(appError('offer-bad-signature', 'offer signature does not match its terms and maker key: it was altered or forged'));
  const checked = checkOfferTerms(terms.value, ctx);
  if (!checked.ok) return checked;
  return ok(checked.value as VerifiedOffer);
}
