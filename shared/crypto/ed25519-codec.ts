// Strict decoding of ed25519 points and Monero scalars (32-byte little-endian), as values.
// Invariant: a decoded scalar is reduced mod l; a decoded point is a valid, canonical encoding.
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';

export const EdPoint = ed25519.Point;
export type EdPoint = InstanceType<typeof ed25519.Point>;
/** l = 2^252 + 27742317777372353535851937790883648493 */
export const ED_L = ed25519.Point.Fn.ORDER;

export const modL = (a: bigint): bigint => ((a % ED_L) + ED_L) % ED_L;
export const scalarToBytesLE = (a: bigint): Uint8Array => numberToBytesLE(a, 32);
export const scalarFromBytesLE = (b: Uint8Array): bigint => bytesToNumberLE(b);

/** A reduced scalar (Monero's sc_check): 32 bytes LE, value < l. Zero is allowed here. */
export function parseEdScalar(b: Uint8Array, what: string): CryptoResult<bigint> {
  if (b.length !== 32) return fail('bad-length', `${what}: expected 32 bytes, got ${b.length}`);
  const x = bytesToNumberLE(b);
  if (x >= ED_L) return fail('bad-scalar', `${what}: not reduced mod l`);
  return ok(x);
}

export function parseEdPoint(b: Uint8Array, what: string): CryptoResult<EdPoint> {
  if (b.length !== 32) return fail('bad-length', `${what}: expected 32 bytes, got ${b.length}`);
  try {
    const p = EdPoint.fromBytes(b);
    return ok(p);
  } catch {
    return fail('bad-point', `${what}: not a valid ed25519 point`);
  }
}

/** s·B for any reduced scalar, including 0 (the identity), as Monero computes it. */
export const edBaseMul = (s: bigint): EdPoint => (s === 0n ? EdPoint.ZERO : EdPoint.BASE.multiply(s));
