// Checkpoint encoding without a disk: round-trip, and every truncation, extension or byte flip is refused.
// Invariant: a checkpoint is used whole and valid, or not at all.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-file';

const id = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

describe('checkpoint encoding', () => {
  it('round-trips state and seq (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), fc.integer({ min: 1, max: 0xffffffff }), (state, seq) => {
        const d = decodeCheckpoint(encodeCheckpoint(id, seq, state), id);
        expect(d.ok && [d.value.seq, [...d.value.state]]).toEqual([seq, [...state]]);
      }),
    );
  });

  it('refuses every single-byte flip, every truncation, an extension and another swap', () => {
    const b = encodeCheckpoint(id, 42, new TextEncoder().encode('{"some":"state"}'));
    for (let i = 0; i < b.length; i++) {
      const c = b.slice();
      c[i] = c[i]! ^ 0x01;
      expect(decodeCheckpoint(c, id).ok, `flip at ${i}`).toBe(false);
    }
    for (let n = 0; n < b.length; n++) expect(decodeCheckpoint(b.subarray(0, n), id).ok).toBe(false);
    const longer = new Uint8Array(b.length + 1);
    longer.set(b);
    expect(decodeCheckpoint(longer, id).ok).toBe(false);
    expect(decodeCheckpoint(b, id.map((x) => x ^ 1)).ok).toBe(false);
  });
});
