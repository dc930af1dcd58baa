// Redial backoff: exponential from the initial delay, capped, jittered into [0.5, 1) of the raw value.
import { describe, expect, it } from 'vitest';
import { backoffMs } from './peer-dialer';

describe('backoff', () => {
  it('doubles per attempt up to the cap; jitter keeps it within [raw/2, raw]', () => {
    const lo = (a: number) => backoffMs(a, 100, 5000, () => 0);
    const hi = (a: number) => backoffMs(a, 100, 5000, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 10, 100].map(hi)).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    expect([0, 1, 2, 6].map(lo)).toEqual([50, 100, 200, 2500]);
    for (let i = 0; i < 200; i++) {
      const a = i % 12;
      const raw = Math.min(5000, 100 * 2 ** a);
      const d = backoffMs(a, 100, 5000);
      expect(d).toBeGreaterThanOrEqual(raw / 2);
      expect(d).toBeLessThanOrEqual(raw);
    }
  });
});
