import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isNewsUnderBound } from './confirmation-bound';

const s = (confirmations: number | null, blockHash: string | null = confirmations ? 'b1' : null) => ({ confirmations, blockHash });

describe('isNewsUnderBound', () => {
  it('reports every change below the bound and the first reach of it', () => {
    expect(isNewsUnderBound(null, s(null), 3)).toBe(true);
    expect(isNewsUnderBound(s(null), s(0), 3)).toBe(true);
    expect(isNewsUnderBound(s(0), s(1), 3)).toBe(true);
    expect(isNewsUnderBound(s(2), s(3), 3)).toBe(true);
    expect(isNewsUnderBound(s(2), s(2), 3)).toBe(false);
  });
  it('goes quiet past the bound, but speaks again on a reorg', () => {
    expect(isNewsUnderBound(s(3), s(4), 3)).toBe(false);
    expect(isNewsUnderBound(s(9), s(2), 3)).toBe(true);
    expect(isNewsUnderBound(s(9), s(null), 3)).toBe(true);
    expect(isNewsUnderBound(s(9), s(5, 'b2'), 3)).toBe(true);
  });
  it('property: a drop from at-or-past the bound to below it is always news', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (bound, a, b) => {
        const prev = s(bound + a);
        const next = s(Math.min(b, bound - 1));
        expect(isNewsUnderBound(prev, next, bound)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
