// Finished swaps cost the syncers nothing: at its outcome a swap aborts (as recorded outputs) every task it left standing
// but the after-end ones (a blind sweep), records no later syncer event but a sweep's result, and a restarted daemon sends a finished
// swap no task at all (an unfinished one still gets its whole watch set: the re-watch-after-crash rule).
// Toy decider and in-memory transcript (rigs/peers/toy-decider.helpers.ts).
import { describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import type { ClientNote, SyncerTask } from './daemon-ports';
import { SwapDaemon } from './swap-daemon';
import { bobParams, MemoryTranscript, TOY_DEAL, toyDecider, type ToyState, LOCK_TXID } from '../../rigs/peers/toy-decider.helpers';

const SWAP = '0123456789abcdef0123456789abcdef' as SwapId;
const OTHER = 'fedcba9876543210fedcba9876543210' as SwapId;

function node(transcript = new MemoryTranscript<ToyState>(toyDecider)) {
  const tasks: SyncerTask[] = [];
  const notes: ClientNote[] = [];
  const daemon = new SwapDaemon<ToyState>({
    decider: toyDecider,
    transcript,
    syncers: { send: (t) => tasks.push(t) },
    peer: { send: () => undefined },
    client: { request: () => undefined, notify: (_s, n) => notes.push(n) },
    arbitrating: null,
    now: () => 1_700_000_000_000,
  });
  return { daemon, transcript, tasks };
}

const height = (swap: SwapId, h: number) => ({ kind: 'height' as const, taskId: `${swap}:btc:tip` as never, height: h, blockHash: 'cd'.repeat(32) });
const lockConfs = (swap: SwapId, n: number) => ({ kind: 'tx-confirmations' as const, taskId: `${swap}:btc:lock` as never, txid: LOCK_TXID as never, confirmations: n, blockHash: null, txHex: null });
const ids = (ts: readonly SyncerTask[]) => ts.map((t) => (t.task.kind === 'abort' ? `abort:${t.task.target}` : `${t.task.kind}:${t.task.id}`));

describe('a finished swap costs the syncers nothing', () => {
  it('at its outcome every standing watch is aborted, later events are not recorded, and a restart sends it no task', async () => {
    const n = node();
    const done = await n.daemon.createSwap(TOY_DEAL(SWAP), null);
    const live = await n.daemon.createSwap(TOY_DEAL(OTHER), null);
    if (!done.ok || !live.ok) throw new Error('create failed');
    for (const id of [SWAP, OTHER]) await n.daemon.onClientDatum(id, bobParams(id));
    n.tasks.length = 0;
    expect((await n.daemon.onSyncerEvent('btc', lockConfs(SWAP, 1))).status).toBe('applied');
    expect(done.value.outcome).toBe('swapped');
    // The toy's standing set at its end is the tip watch: aborted under the swap's own id, the other swap untouched.
    expect(n.tasks).toEqual([{ chain: 'btc', task: { kind: 'abort', id: `${SWAP}:btc:end:btc.tip`, target: `${SWAP}:btc:tip` } }]);
    // Sent as a recorded output of the step that reached the end (the decider's, end-aborts.ts), never on the side.
    const recorded = n.transcript.logs.get(SWAP)!.entries.filter((e) => e.kind === 'btc-task' && e.task.kind === 'abort');
    expect(recorded.map((e) => e.kind === 'btc-task' && e.task)).toEqual(n.tasks.map((t) => t.task));
    const before = n.transcript.logs.get(SWAP)!.entries.length;
    expect((await n.daemon.onSyncerEvent('btc', height(SWAP, 500))).status).toBe('rejected');
    expect((await n.daemon.onSyncerEvent('btc', { kind: 'task-aborted', taskId: `${SWAP}:btc:tip` as never })).status).toBe('rejected');
    expect(n.transcript.logs.get(SWAP)!.entries.length).toBe(before);
    // The unfinished swap still records its events.
    expect((await n.daemon.onSyncerEvent('btc', height(OTHER, 500))).status).toBe('applied');

    // Restart on the same transcripts: the finished swap gets nothing, the unfinished one its whole watch set.
    const again = node(n.transcript);
    const r = await again.daemon.recoverAll();
    expect(r.ok && r.value.finished).toEqual([SWAP]);
    expect(r.ok && r.value.resumed).toEqual([OTHER]);
    expect(again.tasks.filter((t) => t.task.id.startsWith(SWAP) || (t.task.kind === 'abort' && t.task.target.startsWith(SWAP)))).toEqual([]);
    expect(ids(again.tasks)).toEqual([`watch-height:${OTHER}:btc:tip`, `watch-tx:${OTHER}:btc:lock`]);
  });

  it('an end that leaves a sweep standing keeps it: not aborted, its result still recorded', async () => {
    const n = node();
    const a = await n.daemon.createSwap(TOY_DEAL(SWAP), null);
    if (!a.ok) throw new Error('create failed');
    n.tasks.length = 0;
    // A peer message that fails verification aborts the toy swap; its end leaves the toy's blind sweep standing.
    await a.value.input({ kind: 'peer', msg: { type: 'abort', swapId: OTHER } as never });
    expect(a.value.outcome).toBe('aborted');
    const aborts = n.tasks.filter((t) => t.task.kind === 'abort');
    expect(aborts.map((t) => t.task.kind === 'abort' && t.task.target)).toEqual([`${SWAP}:btc:tip`]);
    expect(aborts.some((t) => t.task.kind === 'abort' && t.task.target === `${SWAP}:xmr:sweep:lock`)).toBe(false);
    const r = await n.daemon.onSyncerEvent('xmr', { kind: 'sweep-result', taskId: `${SWAP}:xmr:sweep:lock` as never, txids: [], ok: false, error: 'nothing to sweep' });
    // It reaches the decider (the toy has no use for it and refuses it; the real one records it and marks the sweep done),
    // where any other event after the end is turned away before it.
    expect(r.status === 'rejected' && r.error.kind).toBe('not-enabled');
    const h = await n.daemon.onSyncerEvent('btc', height(SWAP, 9));
    expect(h.status === 'rejected' && h.error.kind).toBe('swap-finished');
  });
});
