// Cross-group DLEQ proof (protocol.md 6.2, farcaster-core `crypto/dleq.rs` construction): one
// integer x < 2^252 behind both K = x·B (ed25519) and T = x·G (secp256k1). Invariant: verify accepts
// only a proof whose every field checks; without it an adaptor point could be unrelated to K.
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  bytesToNumberBE,
  bytesToNumberLE,
  concatBytes,
  numberToBytesBE,
  numberToBytesLE,
  randomBytes,
} from '@noble/curves/utils.js';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { DLEQ_BITS, dleqTables, EdB, SecpG } from './dleq-generators';

export { DLEQ_BITS };

type Ed = InstanceType<typeof ed25519.Point>;
type Secp = InstanceType<typeof secp256k1.Point>;
const EdP = ed25519.Point;
const SecpP = secp256k1.Point;
const L = EdP.Fn.ORDER;
const N = SecpP.Fn.ORDER;
const modL = (a: bigint): bigint => ((a % L) + L) % L;
const modN = (a: bigint): bigint => ((a % N) + N) % N;

const RING_LEN = 6 * 32;
/** u16 count + items, three vectors, then two 64-byte proofs of knowledge: 64,898 bytes. */
export const DLEQ_PROOF_LENGTH = 2 + DLEQ_BITS * 32 + 2 + DLEQ_BITS * 33 + 2 + DLEQ_BITS * RING_LEN + 64 + 64;
const OFF_C = 2;
const OFF_D = OFF_C + DLEQ_BITS * 32 + 2;
const OFF_RING = OFF_D + DLEQ_BITS * 33 + 2;
const OFF_POK0 = OFF_RING + DLEQ_BITS * RING_LEN;
const OFF_POK1 = OFF_POK0 + 64;

// Ring challenge: sha256(C_i || D_i || P || Q), read little-endian mod l and big-endian mod n
// (curve25519-dalek and secp256kfun `from_bytes_mod_order`, as in core).
function ringHash(C: Uint8Array, D: Uint8Array, P: Uint8Array, Q: Uint8Array): { l: bigint; n: bigint } {
  const h = sha256.create().update(C).update(D).update(P).update(Q).digest();
  return { l: modL(bytesToNumberLE(h)), n: modN(bytesToNumberBE(h)) };
}

const randomModL = (): bigint => {
  for (;;) {
    const v = modL(bytesToNumberLE(randomBytes(64)));
    if (v !== 0n) return v;
  }
};
const randomModN = (): bigint => {
  for (;;) {
    const v = modN(bytesToNumberBE(randomBytes(64)));
    if (v !== 0n) return v;
  }
};

// Secret-dependent products go through the constant-time ladder; 0 only happens with negligible
// probability and maps to the identity instead of throwing.
const edMul = (P: Ed, s: bigint): Ed => (s === 0n ? EdP.ZERO : P.multiply(s));
const secpMul = (P: Secp, s: bigint): Secp => (s === 0n ? SecpP.ZERO : P.multiply(s));

function u16(n: number): Uint8Array {
  return Uint8Array.of(n & 0xff, n >> 8);
}

function bitsOf(x: bigint): number[] {
  const bits: number[] = [];
  for (let i = 0; i < DLEQ_BITS; i++) bits.push(Number((x >> BigInt(i)) & 1n));
  return bits;
}

export interface DleqStatement {
  /** x·B, 32-byte compressed ed25519 (the Monero spend share). */
  readonly ed25519: Uint8Array;
  /** x·G, 33-byte compressed secp256k1 (the adaptor point). */
  readonly secp256k1: Uint8Array;
}

/** Parse x: 32 bytes little-endian, non-zero, below 2^252 (so it is the same scalar in both groups). */
export function parseDleqScalar(bytes: Uint8Array): CryptoResult<bigint> {
  if (bytes.length !== 32) return fail('bad-length', `scalar: expected 32 bytes, got ${bytes.length}`);
  const x = bytesToNumberLE(bytes);
  if (x >> 252n !== 0n) return fail('bad-scalar', 'scalar: must be below 2^252');
  if (x === 0n) return fail('bad-scalar', 'scalar: zero');
  return ok(x);
}

export function dleqPoints(scalar: Uint8Array): CryptoResult<DleqStatement> {
  const x = parseDleqScalar(scalar);
  if (!x.ok) return x;
  return ok({ ed25519: EdB.multiply(x.value).toBytes(), secp256k1: SecpG.multiply(x.value).toBytes(true) });
}

// Per-bit blinders: r_i (mod l) and s_i (mod n) summing to zero, so the commitments sum to K and T.
function blinders(): { r: bigint[]; s: bigint[] } {
  const r: bigint[] = [];
  const s: bigint[] = [];
  let rSum = 0n;
  let sSum = 0n;
  for (let i = 0; i < DLEQ_BITS - 1; i++) {
    const ri = randomModL();
    const si = randomModN();
    r.push(ri);
    s.push(si);
    rSum += ri;
    sSum += si;
  }
  r.push(modL(-rSum));
  s.push(modN(-sSum));
  return { r, s };
}

interface BitCommitments {
  /** C_i = r_i G' + b_i 2^i B and D_i = s_i H' + b_i 2^i G, compressed. */
  readonly Cb: Uint8Array[];
  readonly Db: Uint8Array[];
  /** The real member's nonces and the ring's first challenge. */
  readonly j: bigint[];
  readonly k: bigint[];
  readonly first: { l: bigint; n: bigint }[];
}

// Phase 1: commitments and the real member's nonce points, normalized together.
function commitBits(bits: number[], r: bigint[], s: bigint[]): BitCommitments {
  const { Gp, Hp, pow2B, pow2G } = dleqTables();
  const Cs: Ed[] = [];
  const Ds: Secp[] = [];
  const J: Ed[] = [];
  const Kn: Secp[] = [];
  const j: bigint[] = [];
  const k: bigint[] = [];
  for (let i = 0; i < DLEQ_BITS; i++) {
    const rG = edMul(Gp, r[i]!);
    const sH = secpMul(Hp, s[i]!);
    // Same work for a 0 or a 1 bit (adding the identity), so timing does not follow the secret.
    Cs.push(rG.add(bits[i] ? pow2B[i]! : EdP.ZERO));
    Ds.push(sH.add(bits[i] ? pow2G[i]! : SecpP.ZERO));
    const ji = randomModL();
    const ki = randomModN();
    j.push(ji);
    k.push(ki);
    J.push(Gp.multiply(ji));
    Kn.push(Hp.multiply(ki));
  }
  const Cb = normalizeZ(EdP, Cs).map((p) => p.toBytes());
  const Db = normalizeZ(SecpP, Ds).map((p) => p.toBytes(true));
  const Jb = normalizeZ(EdP, J).map((p) => p.toBytes());
  const Kb = normalizeZ(SecpP, Kn).map((p) => p.toBytes(true));
  const first = Cb.map((c, i) => ringHash(c, Db[i]!, Jb[i]!, Kb[i]!));
  return { Cb, Db, j, k, first };
}

interface SimulatedMembers {
  readonly respL: bigint[];
  readonly respN: bigint[];
  readonly P2b: Uint8Array[];
  readonly Q2b: Uint8Array[];
}

// Phase 2: the simulated member, computed from fixed bases only (we know the blinders).
function simulateMembers(bits: number[], r: bigint[], s: bigint[], first: { l: bigint; n: bigint }[]): SimulatedMembers {
  const { Gp, Hp } = dleqTables();
  const respL: bigint[] = [];
  const respN: bigint[] = [];
  const P2: Ed[] = [];
  const Q2: Secp[] = [];
  for (let i = 0; i < DLEQ_BITS; i++) {
    const e = first[i]!;
    const a = randomModL();
    const b = randomModN();
    respL.push(a);
    respN.push(b);
    const twoI = 1n << BigInt(i);
    if (bits[i] === 0) {
      // first hash closed member 0, so it is e1; simulate member 1: a0 G' - e1 (C - 2^i B)
      P2.push(edMul(Gp, modL(a - e.l * r[i]!)).add(EdB.multiplyUnsafe(modL(e.l * twoI))));
      Q2.push(secpMul(Hp, modN(b - e.n * s[i]!)).add(SecpG.multiplyUnsafe(modN(e.n * twoI))));
    } else {
      // first hash is e0; simulate member 0: a1 G' - e0 C
      P2.push(edMul(Gp, modL(a - e.l * r[i]!)).add(EdB.multiplyUnsafe(modL(-e.l * twoI))));
      Q2.push(secpMul(Hp, modN(b - e.n * s[i]!)).add(SecpG.multiplyUnsafe(modN(-e.n * twoI))));
    }
  }
  const P2b = normalizeZ(EdP, P2).map((p) => p.toBytes());
  const Q2b = normalizeZ(SecpP, Q2).map((p) => p.toBytes(true));
  return { respL, respN, P2b, Q2b };
}

// Close each ring at the real member and lay out (e0 mod l, e0 mod n, a0, b0, a1, b1) per bit.
function closeRings(bits: number[], r: bigint[], s: bigint[], c: BitCommitments, sim: SimulatedMembers): Uint8Array {
  const ring = new Uint8Array(DLEQ_BITS * RING_LEN);
  for (let i = 0; i < DLEQ_BITS; i++) {
    const second = ringHash(c.Cb[i]!, c.Db[i]!, sim.P2b[i]!, sim.Q2b[i]!);
    let eG0: bigint, eH0: bigint, a0: bigint, b0: bigint, a1: bigint, b1: bigint;
    if (bits[i] === 0) {
      // first = e1, second = e0; close member 0: a1 = j + e0 r
      eG0 = second.l;
      eH0 = second.n;
      a0 = sim.respL[i]!;
      b0 = sim.respN[i]!;
      a1 = modL(c.j[i]! + second.l * r[i]!);
      b1 = modN(c.k[i]! + second.n * s[i]!);
    } else {
      // first = e0, second = e1; close member 1: a0 = j + e1 r
      eG0 = c.first[i]!.l;
      eH0 = c.first[i]!.n;
      a1 = sim.respL[i]!;
      b1 = sim.respN[i]!;
      a0 = modL(c.j[i]! + second.l * r[i]!);
      b0 = modN(c.k[i]! + second.n * s[i]!);
    }
    const o = i * RING_LEN;
    ring.set(numberToBytesLE(eG0, 32), o);
    ring.set(numberToBytesBE(eH0, 32), o + 32);
    ring.set(numberToBytesLE(a0, 32), o + 64);
    ring.set(numberToBytesBE(b0, 32), o + 96);
    ring.set(numberToBytesLE(a1, 32), o + 128);
    ring.set(numberToBytesBE(b1, 32), o + 160);
  }
  return ring;
}

// Proofs of knowledge of x: a Schnorr proof over ed25519 (nonce from x and the C vector) and an
// ECDSA signature over secp256k1, each bound to its commitment vector.
function proofsOfKnowledge(x: bigint, Kbytes: Uint8Array, serC: Uint8Array, serD: Uint8Array): { pok0: Uint8Array; pok1: Uint8Array } {
  const xLE = numberToBytesLE(x, 32);
  const alpha = modL(bytesToNumberLE(keccak_256(concatBytes(keccak_256(xLE), serC))));
  const R0 = EdB.multiply(alpha).toBytes();
  const c0 = modL(bytesToNumberLE(keccak_256(concatBytes(R0, Kbytes, serC))));
  const pok0 = concatBytes(R0, numberToBytesLE(modL(alpha + c0 * x), 32));
  const pok1 = secp256k1.sign(sha256(serD), numberToBytesBE(x, 32), { prehash: false, lowS: true });
  return { pok0, pok1 };
}

export function dleqProve(scalar: Uint8Array): CryptoResult<{ proof: Uint8Array } & DleqStatement> {
  const xr = parseDleqScalar(scalar);
  if (!xr.ok) return xr;
  const x = xr.value;
  const bits = bitsOf(x);
  const { r, s } = blinders();
  const commitments = commitBits(bits, r, s);
  const simulated = simulateMembers(bits, r, s, commitments.first);
  const ring = closeRings(bits, r, s, commitments, simulated);
  const serC = concatBytes(u16(DLEQ_BITS), ...commitments.Cb);
  const serD = concatBytes(u16(DLEQ_BITS), ...commitments.Db);
  const Kbytes = EdB.multiply(x).toBytes();
  const T = SecpG.multiply(x);
  const { pok0, pok1 } = proofsOfKnowledge(x, Kbytes, serC, serD);
  const proof = concatBytes(serC, serD, u16(DLEQ_BITS), ring, pok0, pok1);
  return ok({ proof, ed25519: Kbytes, secp256k1: T.toBytes(true) });
}

interface RingRange {
  readonly from: number;
  readonly to: number;
  readonly Cb: Uint8Array[];
  readonly Db: Uint8Array[];
  readonly Cs: Ed[];
  readonly Ds: Secp[];
  readonly eG0: bigint[];
  readonly eH0: bigint[];
  readonly a0: bigint[];
  readonly b0: bigint[];
  readonly a1: bigint[];
  readonly b1: bigint[];
}

// Decode bits [from, to): points must decode, ring scalars must be canonical (LE < l, BE < n).
function decodeRange(proof: Uint8Array, from: number, to: number): RingRange | undefined {
  const r: RingRange = { from, to, Cb: [], Db: [], Cs: [], Ds: [], eG0: [], eH0: [], a0: [], b0: [], a1: [], b1: [] };
  try {
    for (let i = from; i < to; i++) {
      const c = proof.subarray(OFF_C + i * 32, OFF_C + (i + 1) * 32);
      const d = proof.subarray(OFF_D + i * 33, OFF_D + (i + 1) * 33);
      r.Cb.push(c);
      r.Db.push(d);
      r.Cs.push(EdP.fromBytes(c));
      r.Ds.push(SecpP.fromBytes(d));
    }
  } catch {
    return undefined;
  }
  for (let i = from; i < to; i++) {
    const o = OFF_RING + i * RING_LEN;
    const l = [0, 64, 128].map((d) => bytesToNumberLE(proof.subarray(o + d, o + d + 32)));
    const n = [32, 96, 160].map((d) => bytesToNumberBE(proof.subarray(o + d, o + d + 32)));
    if (l.some((v) => v >= L) || n.some((v) => v >= N)) return undefined;
    r.eG0.push(l[0]!);
    r.a0.push(l[1]!);
    r.a1.push(l[2]!);
    r.eH0.push(n[0]!);
    r.b0.push(n[1]!);
    r.b1.push(n[2]!);
  }
  return r;
}

function checkRings(r: RingRange): boolean {
  const { Gp, Hp } = dleqTables();
  const count = r.to - r.from;
  // Two batched phases so each phase normalizes all its points with one inversion.
  const P1: Ed[] = [];
  const Q1: Secp[] = [];
  for (let k = 0; k < count; k++) {
    // Fixed bases use their precomputed tables; measured faster than one joint Strauss walk here.
    P1.push(Gp.multiplyUnsafe(r.a1[k]!).add(r.Cs[k]!.multiplyUnsafe(modL(-r.eG0[k]!))));
    Q1.push(Hp.multiplyUnsafe(r.b1[k]!).add(r.Ds[k]!.multiplyUnsafe(modN(-r.eH0[k]!))));
  }
  if (Q1.some((q) => q.is0())) return false;
  const P1b = normalizeZ(EdP, P1).map((p) => p.toBytes());
  const Q1b = normalizeZ(SecpP, Q1).map((p) => p.toBytes(true));
  const P0: Ed[] = [];
  const Q0: Secp[] = [];
  for (let k = 0; k < count; k++) {
    const e1 = ringHash(r.Cb[k]!, r.Db[k]!, P1b[k]!, Q1b[k]!);
    const twoI = 1n << BigInt(r.from + k);
    P0.push(Gp.multiplyUnsafe(r.a0[k]!).add(r.Cs[k]!.multiplyUnsafe(modL(-e1.l))).add(EdB.multiplyUnsafe(modL(e1.l * twoI))));
    Q0.push(Hp.multiplyUnsafe(r.b0[k]!).add(r.Ds[k]!.multiplyUnsafe(modN(-e1.n))).add(SecpG.multiplyUnsafe(modN(e1.n * twoI))));
  }
  if (Q0.some((q) => q.is0())) return false;
  const P0b = normalizeZ(EdP, P0).map((p) => p.toBytes());
  const Q0b = normalizeZ(SecpP, Q0).map((p) => p.toBytes(true));
  for (let k = 0; k < count; k++) {
    const e0 = ringHash(r.Cb[k]!, r.Db[k]!, P0b[k]!, Q0b[k]!);
    if (e0.l !== r.eG0[k] || e0.n !== r.eH0[k]) return false;
  }
  return true;
}

/** Ring signatures of bits [from, to) only: lets a caller spread the expensive part over workers.
 *  Sound only together with `dleqVerifyHead` on the same proof and statement. */
export function dleqVerifyRings(proof: Uint8Array, from: number, to: number): boolean {
  if (proof.length !== DLEQ_PROOF_LENGTH || !Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > DLEQ_BITS || from >= to) return false;
  const r = decodeRange(proof, from, to);
  return r !== undefined && checkRings(r);
}

/** Everything but the ring signatures: sizes, statement points, sums, proofs of knowledge. */
export function dleqVerifyHead(proof: Uint8Array, statement: DleqStatement): CryptoResult<boolean> {
  return headWith(proof, statement, undefined);
}

// `decoded`, when given, holds all 252 commitments already decoded (saves a second pass of sqrt's).
function headWith(proof: Uint8Array, statement: DleqStatement, decoded: RingRange | undefined): CryptoResult<boolean> {
  if (proof.length !== DLEQ_PROOF_LENGTH) return fail('bad-length', `DLEQ proof: expected ${DLEQ_PROOF_LENGTH} bytes, got ${proof.length}`);
  if (statement.ed25519.length !== 32) return fail('bad-length', 'ed25519 key: expected 32 bytes');
  if (statement.secp256k1.length !== 33) return fail('bad-length', 'secp256k1 key: expected 33 bytes');
  let K: Ed, T: Secp;
  try {
    K = EdP.fromBytes(statement.ed25519);
  } catch {
    return fail('bad-point', 'ed25519 key: not a valid point');
  }
  try {
    T = SecpP.fromBytes(statement.secp256k1);
  } catch {
    return fail('bad-point', 'secp256k1 key: not a valid point');
  }
  if (K.is0() || !K.isTorsionFree()) return fail('bad-point', 'ed25519 key: identity or not in the prime-order subgroup');
  for (const off of [OFF_C - 2, OFF_D - 2, OFF_RING - 2]) {
    if (proof[off] !== (DLEQ_BITS & 0xff) || proof[off + 1] !== DLEQ_BITS >> 8) return ok(false);
  }
  let sumC = EdP.ZERO;
  let sumD = SecpP.ZERO;
  try {
    for (let i = 0; i < DLEQ_BITS; i++) {
      sumC = sumC.add(decoded ? decoded.Cs[i]! : EdP.fromBytes(proof.subarray(OFF_C + i * 32, OFF_C + (i + 1) * 32)));
      sumD = sumD.add(decoded ? decoded.Ds[i]! : SecpP.fromBytes(proof.subarray(OFF_D + i * 33, OFF_D + (i + 1) * 33)));
    }
  } catch {
    return ok(false);
  }
  if (!sumC.equals(K) || !sumD.equals(T)) return ok(false);
  const serC = proof.subarray(0, OFF_D - 2);
  const serD = proof.subarray(OFF_D - 2, OFF_RING - 2);
  const R0b = proof.subarray(OFF_POK0, OFF_POK0 + 32);
  const z0 = bytesToNumberLE(proof.subarray(OFF_POK0 + 32, OFF_POK0 + 64));
  if (z0 >= L) return ok(false);
  let R0: Ed;
  try {
    R0 = EdP.fromBytes(R0b);
  } catch {
    return ok(false);
  }
  const c0 = modL(bytesToNumberLE(keccak_256(concatBytes(R0b, statement.ed25519, serC))));
  if (!EdB.multiplyUnsafe(z0).equals(R0.add(K.multiplyUnsafe(c0)))) return ok(false);
  try {
    if (!secp256k1.verify(proof.subarray(OFF_POK1, OFF_POK1 + 64), sha256(serD), statement.secp256k1, { prehash: false, lowS: true })) return ok(false);
  } catch {
    return ok(false);
  }
  return ok(true);
}

/** ok(true) iff the proof binds `ed25519` and `secp256k1` to one integer below 2^252. */
export function dleqVerify(proof: Uint8Array, statement: DleqStatement): CryptoResult<boolean> {
  if (proof.length !== DLEQ_PROOF_LENGTH) return fail('bad-length', `DLEQ proof: expected ${DLEQ_PROOF_LENGTH} bytes, got ${proof.length}`);
  const decoded = decodeRange(proof, 0, DLEQ_BITS);
  const head = headWith(proof, statement, decoded);
  if (!head.ok || !head.value || !decoded) return head.ok ? ok(false) : head;
  return ok(checkRings(decoded));
}
