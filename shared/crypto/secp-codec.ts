// Strict decoding of secp256k1 points and scalars from bytes, as values (never throws on bad input).
// Invariant: a decoded point is on the curve and not the identity; a decoded scalar is in [1, n-1].
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';

export const SecpPoint = secp256k1.Point;
export type SecpPoint = InstanceType<typeof secp256k1.Point>;
export const SECP_N = secp256k1.Point.Fn.ORDER;

export const modN = (a: bigint): bigint => ((a % SECP_N) + SECP_N) % SECP_N;
export const invN = (a: bigint): bigint => secp256k1.Point.Fn.inv(a);
export const scalarToBytesBE = (a: bigint): Uint8Array => numberToBytesBE(a, 32);

/** 33-byte compressed SEC1 point (0x02/0x03 prefix only). */
export function parsePoint33(b: Uint8Array, what: string): CryptoResult<SecpPoint> {
  if (b.length !== 33) return fail('bad-length', `${what}: expected 33 bytes, got ${b.length}`);
  if (b[0] !== 0x02 && b[0] !== 0x03) return fail('bad-point', `${what}: not a compressed point`);
  try {
    const p = SecpPoint.fromBytes(b);
    p.assertValidity();
    return ok(p);
  } catch {
    return fail('bad-point', `${what}: not on secp256k1`);
  }
}

/** 32-byte big-endian scalar in [1, n-1]. */
export function parseScalarBE(b: Uint8Array, what: string): CryptoResult<bigint> {
  if (b.length !== 32) return fail('bad-length', `${what}: expected 32 bytes, got ${b.length}`);
  const x = bytesToNumberBE(b);
  if (x === 0n) return fail('bad-scalar', `${what}: zero`);
  if (x >= SECP_N) return fail('bad-scalar', `${what}: not below the group order`);
  return ok(x);
}

export const isHighS = (s: bigint): boolean => s > SECP_N >> 1n;
