import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';

const noJitter: BackoffPolicy = { baseMs: 100, maxMs: 5_000, factor: 2, jitter: 0 };

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(noJitter, a))).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('never gives up: huge attempt numbers still give the cap, not NaN or Infinity', () => {
    expect(backoffDelay(noJitter, 1e9)).toBe(5_000);
    expect(backoffDelay(DEFAULT_BACKOFF, Number.MAX_SAFE_INTEGER, () => 0.5)).toBe(DEFAULT_BACKOFF.maxMs);
  });

  it('property: jittered delay stays within [0, max] and within the jitter band of the raw delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (baseMs, maxMs, factor, jitter, attempt, r) => {
          const p = { baseMs, maxMs, factor, jitter };
          const d = backoffDelay(p, attempt, () => r);
          const raw = Math.min(maxMs, baseMs * Math.pow(factor, Math.min(attempt, 64)));
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(maxMs);
          expect(Math.abs(d - raw)).toBeLessThanOrEqual(raw * jitter / 2 + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
