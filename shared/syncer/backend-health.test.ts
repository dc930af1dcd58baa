import { describe, expect, it } from 'vitest';
import { BackendHealth } from './backend-health';

const H = (c: string) => c.repeat(64);

describe('BackendHealth', () => {
  it('emits one unreachable per outage and one recovered when it ends', () => {
    const h = new BackendHealth(10_000);
    expect(h.pollOk(5, H('a'), 0)).toEqual([]);
    expect(h.pollFailed('ECONNREFUSED', 100)).toEqual([{ kind: 'backend-unreachable', error: 'ECONNREFUSED' }]);
    expect(h.pollFailed('ECONNREFUSED', 200)).toEqual([]);
    expect(h.failures).toBe(2);
    expect(h.pollOk(5, H('a'), 300)).toEqual([{ kind: 'backend-recovered' }]);
    expect(h.failures).toBe(0);
    expect(h.pollOk(5, H('a'), 400)).toEqual([]);
  });

  it('reports a stalled tip once per stall and re-arms when the tip moves', () => {
    const h = new BackendHealth(1_000);
    h.pollOk(5, H('a'), 0);
    expect(h.pollOk(5, H('a'), 999)).toEqual([]);
    expect(h.pollOk(5, H('a'), 1_000)).toEqual([{ kind: 'tip-stalled', height: 5, sinceMs: 1_000 }]);
    expect(h.pollOk(5, H('a'), 5_000)).toEqual([]);
    expect(h.pollOk(6, H('b'), 5_100)).toEqual([]);
    expect(h.pollOk(6, H('b'), 6_200)).toEqual([{ kind: 'tip-stalled', height: 6, sinceMs: 1_100 }]);
  });

  it('a first failure before any success is still reported', () => {
    const h = new BackendHealth(1_000);
    expect(h.current.kind).toBe('unknown');
    expect(h.pollFailed('timeout', 0)).toHaveLength(1);
    expect(h.current).toEqual({ kind: 'unreachable', error: 'timeout', sinceMs: 0 });
  });
});
