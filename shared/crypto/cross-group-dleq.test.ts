// Cross-group DLEQ: an honest proof verifies; changing any field, or the statement, makes it fail.
// Invariant checked: the verifier binds K = x·B and T = x·G to the same x < 2^252.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../hex';
import { DLEQ_BITS, DLEQ_PROOF_LENGTH, dleqPoints, dleqProve, dleqVerify, dleqVerifyHead, dleqVerifyRings, type DleqStatement } from './cross-group-dleq';
import { dleqTables } from './dleq-generators';

const OFF_C = 2;
const OFF_D = OFF_C + DLEQ_BITS * 32 + 2;
const OFF_RING = OFF_D + DLEQ_BITS * 33 + 2;
const OFF_POK0 = OFF_RING + DLEQ_BITS * 192;
const OFF_POK1 = OFF_POK0 + 64;

const x = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 0xff);
x[31] = 0x0a; // < 2^252, with both 0 and 1 bits everywhere
let proof: Uint8Array;
let st: DleqStatement;

beforeAll(() => {
  const p = dleqProve(x);
  if (!p.ok) throw new Error(p.error.message);
  proof = p.value.proof;
  st = p.value;
});

const flip = (b: Uint8Array, at: number): Uint8Array => {
  const c = b.slice();
  c[at] = c[at]! ^ 0x01;
  return c;
};

describe('cross-group DLEQ', () => {
  it('generators are Monero H and the BIP341 NUMS point', () => {
    const { Gp, Hp } = dleqTables();
    expect(toHex(Gp.toBytes())).toBe('8b655970153799af2aeadc9ff1add0ea6c7251d54154cfa92c173a0dd39c1f94');
    expect(toHex(Hp.toBytes(true))).toBe('0250929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0');
  });

  it('proof has the documented size and an honest proof verifies', () => {
    expect(proof.length).toBe(DLEQ_PROOF_LENGTH);
    expect(DLEQ_PROOF_LENGTH).toBe(64898);
    const pts = dleqPoints(x);
    expect(pts.ok && [toHex(pts.value.ed25519), toHex(pts.value.secp256k1)]).toEqual([toHex(st.ed25519), toHex(st.secp256k1)]);
    expect(dleqVerify(proof, st)).toEqual({ ok: true, value: true });
  });

  it('refuses scalars that are zero or >= 2^252', () => {
    const big = x.slice();
    big[31] = 0x10;
    expect(dleqProve(big)).toMatchObject({ ok: false, error: { kind: 'bad-scalar' } });
    expect(dleqProve(new Uint8Array(32))).toMatchObject({ ok: false, error: { kind: 'bad-scalar' } });
    expect(dleqProve(new Uint8Array(31))).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });

  it('fails for another statement (other K, other T)', () => {
    const other = dleqPoints(new Uint8Array(32).fill(3));
    if (!other.ok) throw new Error('points');
    expect(dleqVerifyHead(proof, { ...st, ed25519: other.value.ed25519 })).toEqual({ ok: true, value: false });
    expect(dleqVerifyHead(proof, { ...st, secp256k1: other.value.secp256k1 })).toEqual({ ok: true, value: false });
    expect(dleqVerifyHead(proof.subarray(1), st)).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });

  it('fails when any commitment, count or proof of knowledge byte changes', () => {
    const spots = [0, 1, OFF_C + 5 * 32, OFF_C + 251 * 32 + 3, OFF_D - 2, OFF_D + 7 * 33 + 1, OFF_D + 200 * 33 + 20, OFF_RING - 2, OFF_POK0 + 1, OFF_POK0 + 40, OFF_POK1 + 2, OFF_POK1 + 50];
    for (const at of spots) expect(dleqVerifyHead(flip(proof, at), st), `byte ${at}`).toEqual({ ok: true, value: false });
  });

  it('fails when any of the six ring scalars of a bit changes (property over bit and field)', () => {
    fc.assert(
      fc.property(fc.nat({ max: DLEQ_BITS - 1 }), fc.nat({ max: 5 }), fc.nat({ max: 31 }), (bit, field, byte) => {
        const at = OFF_RING + bit * 192 + field * 32 + byte;
        const from = Math.max(0, bit - 1);
        expect(dleqVerifyRings(proof, from, bit + 1)).toBe(true);
        expect(dleqVerifyRings(flip(proof, at), from, bit + 1)).toBe(false);
      }),
      { numRuns: 12 },
    );
  });

  it('a tampered ring fails the full verify too', () => {
    expect(dleqVerify(flip(proof, OFF_RING + 100 * 192 + 70), st)).toEqual({ ok: true, value: false });
  });
});
