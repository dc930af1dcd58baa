// Monero key algebra: view key from spend key, public keys, the joint swap keys, and the
// "does this spend key really open this address" check. Invariant: no wallet is trusted until
// its private spend key is shown to produce its public spend key (s·B == S).
import { keccak_256 } from '@noble/hashes/sha3.js';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { edBaseMul, modL, parseEdPoint, parseEdScalar, scalarFromBytesLE, scalarToBytesLE } from './ed25519-codec';

/** Monero's Keccak-256 (the pre-FIPS padding), not SHA3-256. */
export const keccak256 = (data: Uint8Array): Uint8Array => keccak_256(data);

/** sc_reduce32: 32 bytes little-endian, reduced mod l. */
export const scReduce32 = (b: Uint8Array): Uint8Array => scalarToBytesLE(modL(scalarFromBytesLE(b)));

/** Private view key derived from the private spend key, as the official wallet does. */
export function viewFromSpend(spend: Uint8Array): CryptoResult<Uint8Array> {
  if (spend.length !== 32) return fail('bad-length', `spend key: expected 32 bytes, got ${spend.length}`);
  return ok(scReduce32(keccak256(spend)));
}

/** secret·B; the secret must already be reduced (`bad-scalar` otherwise). */
export function publicKeyOf(secret: Uint8Array): CryptoResult<Uint8Array> {
  const s = parseEdScalar(secret, 'secret key');
  if (!s.ok) return s;
  return ok(edBaseMul(s.value).toBytes());
}

/** Sum of two reduced scalars mod l: the joint spend key ka + kb, or the joint view key. */
export function addSecrets(a: Uint8Array, b: Uint8Array): CryptoResult<Uint8Array> {
  const x = parseEdScalar(a, 'first secret');
  if (!x.ok) return x;
  const y = parseEdScalar(b, 'second secret');
  if (!y.ok) return y;
  return ok(scalarToBytesLE(modL(x.value + y.value)));
}

/** Sum of two public keys: the joint public spend key K_s^a + K_s^b. */
export function addPublicKeys(a: Uint8Array, b: Uint8Array): CryptoResult<Uint8Array> {
  const P = parseEdPoint(a, 'first public key');
  if (!P.ok) return P;
  const Q = parseEdPoint(b, 'second public key');
  if (!Q.ok) return Q;
  const sum = P.value.add(Q.value);
  if (sum.is0()) return fail('bad-point', 'joint public key is the identity');
  return ok(sum.toBytes());
}

/** ok(undefined) only when secret·B equals the given public key. */
export function checkKeyPair(secret: Uint8Array, pub: Uint8Array): CryptoResult<void> {
  const s = parseEdScalar(secret, 'secret key');
  if (!s.ok) return s;
  const P = parseEdPoint(pub, 'public key');
  if (!P.ok) return P;
  if (!edBaseMul(s.value).equals(P.value)) return fail('mismatch', 'the secret key does not belong to the public key');
  return ok(undefined);
}

export interface JointMoneroKeys {
  readonly spendPublic: Uint8Array;
  readonly viewPrivate: Uint8Array;
  readonly viewPublic: Uint8Array;
}

/** The lock wallet's keys from both parties' shares (RFC-08; core `derive_lock_address`). */
export function jointKeys(spendPublicA: Uint8Array, spendPublicB: Uint8Array, viewA: Uint8Array, viewB: Uint8Array): CryptoResult<JointMoneroKeys> {
  const spendPublic = addPublicKeys(spendPublicA, spendPublicB);
  if (!spendPublic.ok) return spendPublic;
  const viewPrivate = addSecrets(viewA, viewB);
  if (!viewPrivate.ok) return viewPrivate;
  const viewPublic = publicKeyOf(viewPrivate.value);
  if (!viewPublic.ok) return viewPublic;
  return ok({ spendPublic: spendPublic.value, viewPrivate: viewPrivate.value, viewPublic: viewPublic.value });
}
