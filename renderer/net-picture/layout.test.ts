import { describe, expect, it } from 'vitest';
import type { NetSpec } from '../../shared/petri/net';
import { layoutNet } from './layout';

const net: NetSpec = {
  name: 'tiny',
  places: ['start', 'a', 'b', 'end'],
  initial: ['start'],
  terminal: { end: 'swapped' },
  transitions: [
    { id: 't1', title: 'first', kind: 'input', on: 'x', consume: ['start'], produce: ['a'] },
    { id: 't2', title: 'second', kind: 'action', consume: ['a'], produce: ['b'], emits: ['e'] },
    { id: 't3', title: 'third', kind: 'input', on: 'y', consume: ['b'], read: ['a'], produce: ['end'] },
  ],
};

describe('net layout', () => {
  const l = layoutNet(net);
  const x = (id: string) => l.nodes.find((n) => n.id === id)?.x ?? NaN;
  it('draws every place and transition once', () => {
    expect(l.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'end', 'start', 't:t1', 't:t2', 't:t3']);
  });
  it('puts each transition right of its inputs and left of its outputs', () => {
    for (const e of l.edges) {
      if (e.arc === 'produce' || e.arc === 'consume') expect(x(e.from)).toBeLessThan(x(e.to));
    }
    expect(l.edges.filter((e) => e.arc === 'read')).toEqual([{ from: 'a', to: 't:t3', arc: 'read' }]);
  });
  it('is deterministic and sized to fit every node', () => {
    expect(layoutNet(net)).toEqual(l);
    for (const n of l.nodes) {
      expect(n.x).toBeLessThan(l.width);
      expect(n.y).toBeLessThan(l.height);
    }
  });
  it('can hide bookkeeping places', () => {
    expect(layoutNet(net, { hide: ['a'] }).edges.some((e) => e.from === 'a' || e.to === 'a')).toBe(false);
  });
});
