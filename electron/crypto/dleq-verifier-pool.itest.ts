// The DLEQ verifier pool with real worker threads: same answers as the single-threaded verifier.
// Invariant checked: honest proof -> true, tampered ring or wrong statement -> false; workers stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dleqPoints, dleqProve } from '../../shared/crypto/cross-group-dleq';
import { startDleqVerifierPool, type DleqVerifierPool } from './dleq-verifier-pool';

let pool: DleqVerifierPool;
const x = new Uint8Array(32).map((_, i) => (i * 29 + 3) & 0xff);
x[31] = 0x07;
const proof = dleqProve(x);

beforeAll(async () => {
  pool = startDleqVerifierPool(2);
  await pool.ready;
});
afterAll(async () => {
  await pool?.stop();
});

describe('DLEQ verifier pool', () => {
  it('accepts the honest proof and refuses tampering in either half and a wrong statement', async () => {
    if (!proof.ok) throw new Error(proof.error.message);
    const p = proof.value;
    expect(await pool.verify(p.proof, p)).toEqual({ ok: true, value: true });
    for (const at of [2 + 252 * 32 + 2 + 252 * 33 + 2 + 10 * 192 + 5, 2 + 252 * 32 + 2 + 252 * 33 + 2 + 240 * 192 + 100]) {
      const bad = p.proof.slice();
      bad[at] = bad[at]! ^ 1;
      expect(await pool.verify(bad, p)).toEqual({ ok: true, value: false });
    }
    // A byte of the head's part (the first commitments): the head, now checked on a worker, refuses it.
    const badHead = p.proof.slice();
    badHead[2 + 5] = badHead[2 + 5]! ^ 1;
    expect(await pool.verify(badHead, p)).not.toEqual({ ok: true, value: true });
    const other = dleqPoints(new Uint8Array(32).fill(1));
    if (!other.ok) throw new Error('points');
    expect(await pool.verify(p.proof, { ...p, secp256k1: other.value.secp256k1 })).toEqual({ ok: true, value: false });
    expect(await pool.verify(p.proof.subarray(1), p)).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });
});
