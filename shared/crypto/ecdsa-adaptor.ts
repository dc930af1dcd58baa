// ECDSA adaptor signatures on secp256k1 in the dlcspecs format (162 bytes, byte-compatible with
// secp256k1-zkp's ecdsa_adaptor and ecdsa_fun). Invariant: nothing is returned for an input that
// fails the specification's parsing rules or the encryption proof; only nonces are ours to choose.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, concatBytes, randomBytes } from '@noble/curves/utils.js';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import {
  invN,
  isHighS,
  modN,
  parsePoint33,
  parseScalarBE,
  scalarToBytesBE,
  SECP_N,
  SecpPoint,
  type SecpPoint as Point,
} from './secp-codec';
import { taggedHash } from './tagged-hash';

export const ADAPTOR_SIG_LENGTH = 162;

/** A parsed adaptor signature `R || R_a || s_a || b || c` (dlcspecs naming). */
export interface AdaptorSignature {
  readonly R: Point;
  /** x(R) mod n: the `r` of the decrypted ECDSA signature. */
  readonly r: bigint;
  readonly Ra: Point;
  readonly sa: bigint;
  /** DLEQ challenge, reduced mod n as the reference implementation does. */
  readonly proofB: bigint;
  readonly proofC: bigint;
}

const G = SecpPoint.BASE;
const pointBytes = (p: Point): Uint8Array => p.toBytes(true);

/** Parse per secp256k1-zkp `ecdsa_adaptor_sig_deserialize`: R and R_a valid points, x(R) mod n
 *  non-zero, s_a in [1, n-1], challenge taken mod n, response below n. */
export function parseAdaptorSignature(bytes: Uint8Array): CryptoResult<AdaptorSignature> {
  if (bytes.length !== ADAPTOR_SIG_LENGTH) return fail('bad-length', `adaptor signature: expected 162 bytes, got ${bytes.length}`);
  const R = parsePoint33(bytes.subarray(0, 33), 'adaptor signature R');
  if (!R.ok) return R;
  const r = modN(bytesToNumberBE(bytes.subarray(1, 33)));
  if (r === 0n) return fail('bad-scalar', 'adaptor signature: x(R) is zero mod n');
  const Ra = parsePoint33(bytes.subarray(33, 66), 'adaptor signature R_a');
  if (!Ra.ok) return Ra;
  const sa = parseScalarBE(bytes.subarray(66, 98), 'adaptor signature s_a');
  if (!sa.ok) return sa;
  const proofB = modN(bytesToNumberBE(bytes.subarray(98, 130)));
  const proofC = bytesToNumberBE(bytes.subarray(130, 162));
  if (proofC >= SECP_N) return fail('bad-scalar', 'adaptor signature: proof response not below n');
  return ok({ R: R.value, r, Ra: Ra.value, sa: sa.value, proofB, proofC });
}

export function serializeAdaptorSignature(a: AdaptorSignature): Uint8Array {
  return concatBytes(pointBytes(a.R), pointBytes(a.Ra), scalarToBytesBE(a.sa), scalarToBytesBE(a.proofB), scalarToBytesBE(a.proofC));
}

// Challenge b = H("DLEQ"; X || Y || Z || A_G || A_Y) with X = R_a (base G), Y (base 2), Z = R.
function dleqChallenge(X: Point, Y: Point, Z: Point, AG: Point, AY: Point): bigint {
  return modN(bytesToNumberBE(taggedHash('DLEQ', pointBytes(X), pointBytes(Y), pointBytes(Z), pointBytes(AG), pointBytes(AY))));
}

function dleqVerify(X: Point, Y: Point, Z: Point, b: bigint, c: bigint): boolean {
  const negB = modN(-b);
  const AG = G.mulAddUnsafe(c, X, negB);
  const AY = Y.mulAddUnsafe(c, Z, negB);
  if (AG.is0() || AY.is0()) return false;
  return dleqChallenge(X, Y, Z, AG, AY) === b;
}

// Nonces are synthetic (secret, statement, fresh randomness) so a broken RNG alone cannot leak x.
function nonce(tag: string, ...parts: Uint8Array[]): bigint {
  for (let i = 0; i < 8; i++) {
    const k = modN(bytesToNumberBE(taggedHash(tag, ...parts, randomBytes(32))));
    if (k !== 0n) return k;
  }
  throw new Error('nonce derivation returned zero repeatedly'); // unreachable with a working RNG
}

/** ecdsa_adaptor_encrypt(x, Y, message_hash). */
export function adaptorEncrypt(secretKey: Uint8Array, encryptionKey: Uint8Array, messageHash: Uint8Array): CryptoResult<Uint8Array> {
  const x = parseScalarBE(secretKey, 'secret key');
  if (!x.ok) return x;
  const Y = parsePoint33(encryptionKey, 'encryption key');
  if (!Y.ok) return Y;
  if (messageHash.length !== 32) return fail('bad-length', 'message hash: expected 32 bytes');
  const m = modN(bytesToNumberBE(messageHash));
  const k = nonce('fc/ecdsa-adaptor/nonce', secretKey, encryptionKey, messageHash);
  const Ra = G.multiply(k);
  const R = Y.value.multiply(k);
  const r = modN(R.x);
  // r = 0 or s_a = 0 happen with negligible probability; refuse rather than emit an unparsable sig.
  if (r === 0n) return fail('bad-scalar', 'degenerate nonce (x(R) = 0)');
  const sa = modN(invN(k) * (m + r * x.value));
  if (sa === 0n) return fail('bad-scalar', 'degenerate signature (s_a = 0)');
  const a = nonce('fc/ecdsa-adaptor/dleq-nonce', scalarToBytesBE(k), encryptionKey, pointBytes(Ra), pointBytes(R));
  const AG = G.multiply(a);
  const AY = Y.value.multiply(a);
  const b = dleqChallenge(Ra, Y.value, R, AG, AY);
  const c = modN(a + b * k);
  return ok(serializeAdaptorSignature({ R, r, Ra, sa, proofB: b, proofC: c }));
}

/** ecdsa_adaptor_verify(X, Y, message_hash, a): ok(true) only when valid; malformed keys are errors. */
export function adaptorVerify(
  publicKey: Uint8Array,
  encryptionKey: Uint8Array,
  messageHash: Uint8Array,
  adaptorSig: Uint8Array,
): CryptoResult<boolean> {
  const X = parsePoint33(publicKey, 'public key');
  if (!X.ok) return X;
  const Y = parsePoint33(encryptionKey, 'encryption key');
  if (!Y.ok) return Y;
  if (messageHash.length !== 32) return fail('bad-length', 'message hash: expected 32 bytes');
  const a = parseAdaptorSignature(adaptorSig);
  if (!a.ok) return ok(false); // an unparsable signature is simply not valid for these keys
  const s = a.value;
  if (!dleqVerify(s.Ra, Y.value, s.R, s.proofB, s.proofC)) return ok(false);
  const m = modN(bytesToNumberBE(messageHash));
  const sn = invN(s.sa);
  const derived = G.mulAddUnsafe(modN(sn * m), X.value, modN(sn * s.r));
  if (derived.is0()) return ok(false);
  return ok(derived.equals(s.Ra));
}

/** ecdsa_adaptor_decrypt(a, y): 64-byte compact r||s with low s. */
export function adaptorDecrypt(adaptorSig: Uint8Array, decryptionKey: Uint8Array): CryptoResult<Uint8Array> {
  const a = parseAdaptorSignature(adaptorSig);
  if (!a.ok) return a;
  const y = parseScalarBE(decryptionKey, 'decryption key');
  if (!y.ok) return y;
  let s = modN(a.value.sa * invN(y.value));
  if (isHighS(s)) s = SECP_N - s;
  return ok(concatBytes(scalarToBytesBE(a.value.r), scalarToBytesBE(s)));
}

/** ecdsa_adaptor_recover(Y, a, sig): the decryption key y with y·G == Y. */
export function adaptorRecover(encryptionKey: Uint8Array, adaptorSig: Uint8Array, signature: Uint8Array): CryptoResult<Uint8Array> {
  const Y = parsePoint33(encryptionKey, 'encryption key');
  if (!Y.ok) return Y;
  const a = parseAdaptorSignature(adaptorSig);
  if (!a.ok) return a;
  if (signature.length !== 64) return fail('bad-length', 'signature: expected 64-byte compact r||s');
  const r = parseScalarBE(signature.subarray(0, 32), 'signature r');
  if (!r.ok) return r;
  const s = parseScalarBE(signature.subarray(32, 64), 'signature s');
  if (!s.ok) return s;
  if (r.value !== a.value.r) return fail('mismatch', 'the R value of the signature does not match the adaptor signature');
  const y = modN(invN(s.value) * a.value.sa);
  const implied = G.multiply(y);
  if (implied.equals(Y.value)) return ok(scalarToBytesBE(y));
  if (implied.negate().equals(Y.value)) return ok(scalarToBytesBE(SECP_N - y));
  return fail('mismatch', 'the signature does not decrypt this adaptor signature under this encryption key');
}

/** Plain ECDSA over a 32-byte hash (low-s, compact), for the non-adaptor signatures of the protocol. */
export function ecdsaSign(secretKey: Uint8Array, messageHash: Uint8Array): Uint8Array {
  return secp256k1.sign(messageHash, secretKey, { prehash: false, lowS: true });
}

export function ecdsaVerify(signature: Uint8Array, messageHash: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return secp256k1.verify(signature, messageHash, publicKey, { prehash: false, lowS: true });
  } catch {
    return false;
  }
}

export const secpPublicKey = (secretKey: Uint8Array): Uint8Array => secp256k1.getPublicKey(secretKey, true);
