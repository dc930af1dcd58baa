// What stands after a swap's end: only Alice's blind sweep (her refund when no XMR was seen at the
// lock address) leaves a task for the syncer, read from the nets; every other end leaves nothing.
import { describe, expect, it } from 'vitest';
import { deciderFor } from './decider';
import { simulate, type Behaviour } from '../../rigs/protocol/swap-sim.helpers';

const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };

describe('tasks standing after the outcome', () => {
  it('are possible only for a refunded Alice (the nets say which ends emit a sweep)', () => {
    expect([...deciderFor('alice').outcomesLeavingTasks]).toEqual(['refunded']);
    expect([...deciderFor('bob').outcomesLeavingTasks]).toEqual([]);
  });

  it('hold Alice\'s blind sweep when her XMR never arrived, until a sweep result says it swept', () => {
    const r = simulate(7, { ...calm, aliceXmr: 'never' });
    const a = r.alice.d;
    expect(a.outcome(r.alice.state)).toBe('refunded');
    const left = a.afterEnd(r.alice.state);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ kind: 'xmr-task', task: { kind: 'sweep' } });
    // The sweep task is the one the blind-sweep step recorded, not a new one.
    const recorded = r.alice.transcript.filter((e) => e.kind === 'xmr-task' && e.task.kind === 'sweep');
    expect(recorded.map((e) => (e.kind === 'xmr-task' ? e.task : null))).toEqual([left[0]!.kind === 'xmr-task' ? left[0]!.task : null]);
    expect(a.afterEnd({ ...r.alice.state, swept: true })).toEqual([]);
    // The syncer's report after the end is recorded, and the sweep then stands no more.
    const sweep = left[0]!.kind === 'xmr-task' ? left[0]!.task : null;
    const event = { kind: 'sweep-result', taskId: sweep!.id, txids: ['cd'.repeat(32)], ok: true, error: null } as const;
    const stepped = a.step(r.alice.state, a.input(r.alice.state, { kind: 'xmr-event', dir: 'in', event } as never, 1));
    if (!stepped.ok) throw new Error(stepped.error.message);
    expect(a.outcome(stepped.value.state)).toBe('refunded');
    expect(stepped.value.outputs).toEqual([]);
    expect(a.afterEnd(stepped.value.state)).toEqual([]);
    // Bob's end and a live swap leave nothing.
    expect(r.bob.d.afterEnd(r.bob.state)).toEqual([]);
  });

  it('are none after a happy swap, a punish or an abort', () => {
    for (const [b, outcome] of [[calm, 'swapped'], [{ ...calm, bobOffline: 300 }, 'punished'], [{ ...calm, bobAbortAt: 3 }, 'aborted']] as const) {
      const r = simulate(11, b);
      expect(r.alice.d.outcome(r.alice.state)).toBe(outcome);
      expect(r.alice.d.afterEnd(r.alice.state)).toEqual([]);
      expect(r.bob.d.afterEnd(r.bob.state)).toEqual([]);
    }
  });
});
