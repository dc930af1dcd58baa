import { describe, expect, it } from 'vitest';
import { LIVE } from '../../shared/petri/net-builder';
import type { NetSpec } from '../../shared/petri/net';
import { ALICE_NET } from '../../shared/protocol/net-alice';
import { BOB_NET } from '../../shared/protocol/net-bob';
import { LABEL_GAP, LINE_PX, WRAP_CHARS, layoutNet, shapeHeight, textWidth, wrapLabel, type NodeBox } from './layout';

const tiny: NetSpec = {
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

const overlap = (a: NodeBox, b: NodeBox) =>
  Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;

describe('wrapLabel', () => {
  it('keeps every word, whole, in order, over lines no longer than the limit unless one word is', () => {
    const s = 'An XMR lock below the deal amount: no buy, wait for cancel';
    const lines = wrapLabel(s);
    expect(lines.join(' ')).toBe(s);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(WRAP_CHARS);
    expect(wrapLabel('a_very_long_place_name_without_spaces', 10)).toEqual(['a_very_long_place_name_without_spaces']);
  });
});

describe('net layout (tiny net)', () => {
  const l = layoutNet(tiny);
  const y = (id: string) => l.nodes.find((n) => n.id === id)?.y ?? NaN;
  it('draws every place and transition once', () => {
    expect(l.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'end', 'start', 't:t1', 't:t2', 't:t3']);
  });
  it('puts each transition below its inputs and above its outputs, arcs routed from node to node', () => {
    for (const e of l.edges) if (e.arc !== 'read') expect(y(e.from)).toBeLessThan(y(e.to));
    expect(l.edges.filter((e) => e.arc === 'read').map((e) => [e.from, e.to])).toEqual([['a', 't:t3']]);
    for (const e of l.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });
  it('can hide bookkeeping places', () => {
    expect(layoutNet(tiny, { hide: ['a'] }).edges.some((e) => e.from === 'a' || e.to === 'a')).toBe(false);
  });
});

// Both roles' nets as the app draws them (the LIVE bookkeeping place hidden, as every screen does).
describe.each([
  ['Bob', BOB_NET],
  ['Alice', ALICE_NET],
])('%s net layout', (_name, net) => {
  const l = layoutNet(net, { hide: [LIVE] });
  it('draws every shown place and every transition, each label whole', () => {
    expect(l.nodes).toHaveLength(net.places.length - 1 + net.transitions.length);
    for (const n of l.nodes) expect(n.lines.join(' ')).toBe(n.label.split(/\s+/).join(' '));
  });
  it('no two node boxes intersect', () => {
    const hits: string[] = [];
    l.nodes.forEach((a, i) => l.nodes.slice(i + 1).forEach((b) => overlap(a, b) && hits.push(`${a.id} x ${b.id}`)));
    expect(hits).toEqual([]);
  });
  it('every label and shape lies inside its box, and every box inside the picture', () => {
    for (const n of l.nodes) {
      for (const line of n.lines) expect(textWidth(line)).toBeLessThanOrEqual(n.width);
      expect(shapeHeight(n.kind) + LABEL_GAP + n.lines.length * LINE_PX).toBeLessThanOrEqual(n.height);
      expect(n.x - n.width / 2).toBeGreaterThanOrEqual(0);
      expect(n.y - n.height / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width / 2).toBeLessThanOrEqual(l.width);
      expect(n.y + n.height / 2).toBeLessThanOrEqual(l.height);
    }
  });
  it('is deterministic (a fresh copy of the table lays out the same)', () => {
    const again = layoutNet(structuredClone(net), { hide: [LIVE] });
    expect(again).toEqual(l);
    console.log(`${net.name}: ${l.width} x ${l.height} px, quiet reads: ${l.quiet.join(', ')}`);
  });
});
