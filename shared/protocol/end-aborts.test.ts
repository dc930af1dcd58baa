// The aborts at the outcome are outputs of the step that reached it (recorded before they are sent) and the
// fold refuses one anywhere else: a tampered file cannot stop a live swap's watches.
import { describe, expect, it } from 'vitest';
import { bobDecider } from './decider';
import { control, peerIn, Run } from '../../rigs/protocol/decider.helpers';
import { fakeCommit, fakeReveal } from '../../rigs/protocol/synthetic';
import { taskId } from './task-ids';
import type { OutputEntry } from './transcript';

describe('end aborts', () => {
  it('the step that reaches the outcome records an abort per standing watch, after its other outputs', () => {
    const r = Run.start('bob');
    r.feed(control('start'));
    r.feed(peerIn(fakeCommit('alice', r.state.deal.swapId)));
    r.feed(peerIn(fakeReveal('alice', r.state.deal.swapId)));
    const standing = Object.keys(r.state.standing);
    expect(standing.length).toBeGreaterThan(0);
    r.feed(peerIn({ type: 'abort', swapId: r.state.deal.swapId }));
    expect(r.outcome).toBe('aborted');
    const aborts = r.entries.filter((e): e is OutputEntry => e.dir === 'out' && (e.kind === 'btc-task' || e.kind === 'xmr-task') && e.task.kind === 'abort');
    expect(aborts.map((e) => (e.kind === 'btc-task' || e.kind === 'xmr-task') && e.task.kind === 'abort' && e.task.target).sort()).toEqual(standing.sort());
    expect(aborts.every((e) => e.cause.by === 'end')).toBe(true);
    expect(aborts.at(-1)!.seq).toBe(r.entries.at(-1)!.seq);
  });

  it('an end abort before the outcome is refused by the fold and changes nothing', () => {
    const r = Run.start('bob');
    r.feed(control('start'));
    const before = r.state;
    const tip = taskId(r.state.deal.swapId, 'btc', 'watch-height', 'tip');
    const forged = { kind: 'btc-task', dir: 'out', task: { kind: 'abort', id: taskId(r.state.deal.swapId, 'btc', 'end', 'watch-height.tip'), target: tip }, cause: { by: 'end', last: true }, swapId: r.state.deal.swapId, seq: r.state.seq, ts: 1 } as OutputEntry;
    const a = bobDecider.apply(before, forged);
    expect(!a.ok && a.error.kind).toBe('transcript-mismatch');
    expect(r.state).toBe(before);
  });
});
