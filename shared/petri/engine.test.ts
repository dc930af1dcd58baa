// Firing rule of the net engine: arcs, token data, and the bugs it refuses (disabled fire, 2 tokens).
// Guards the decider's assumption that a marking is a safe (1-bounded) net state.
import { describe, expect, it } from 'vitest';
import { compileNet, enabledFor, fire, initialMarking, isEnabled, terminalOutcome } from './engine';
import { checkNetSpec, withTerminalGuards, type NetSpec } from './net';

const net: NetSpec = withTerminalGuards({
  name: 'toy',
  places: ['a', 'b', 'c', 'end'],
  initial: ['a'],
  terminal: { end: 'swapped' },
  transitions: [
    { id: 'ab', kind: 'input', on: 'go', title: 'a to b', consume: ['a'], produce: ['b'] },
    { id: 'bc', kind: 'action', title: 'b reads, c appears', read: ['b'], inhibit: ['c'], produce: ['c'], emits: ['x'] },
    { id: 'finish', kind: 'input', on: 'done', title: 'end', read: ['c'], produce: ['end'] },
  ],
});

describe('petri engine', () => {
  it('fires consume/read/inhibit/produce arcs and carries the datum on the first produced place', () => {
    expect(checkNetSpec(net)).toEqual([]);
    const c = compileNet(net);
    let m = initialMarking(net);
    const ab = enabledFor(c, m, 'go');
    expect(ab?.id).toBe('ab');
    m = fire(ab!, m, { hello: 1 });
    expect(m).toEqual({ b: { hello: 1 } });
    const bc = c.byId.get('bc')!;
    expect(isEnabled(bc, m)).toBe(true);
    m = fire(bc, m);
    expect(isEnabled(bc, m)).toBe(false);
    expect(m).toEqual({ b: { hello: 1 }, c: true });
    m = fire(enabledFor(c, m, 'done')!, m);
    expect(terminalOutcome(net, m)).toBe('swapped');
    expect(enabledFor(c, m, 'done')).toBeNull(); // terminal guard
  });
  it('throws on firing a disabled transition or putting a second token on a place', () => {
    const t = net.transitions[0]!;
    expect(() => fire(t, {})).toThrow(/disabled/);
    expect(() => fire({ ...t, id: 'twice', consume: [], produce: ['a'] }, { a: true })).toThrow(/second token/);
  });
  it('rejects tables with unknown places, duplicate ids, or actions that emit nothing', () => {
    const bad: NetSpec = { ...net, transitions: [...net.transitions, { id: 'ab', kind: 'action', title: '', read: ['zz'] }] };
    const errors = checkNetSpec(bad).map((e) => e.message).join(' | ');
    expect(errors).toMatch(/duplicate transition ab/);
    expect(errors).toMatch(/unknown place zz/);
    expect(errors).toMatch(/action must emit/);
  });
});
