// Start-up recovery folds and restores the unfinished swaps side by side, a bounded few at a time:
// every one is resumed with its whole watch set, the report keeps the listing's order whatever order
// the folds finish in, and a damaged one among them is reported, not resumed.
// Toy decider and in-memory transcript (rigs/peers/toy-decider.helpers.ts).
import { describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { appError, err } from '../../shared/result';
import type { SyncerTask } from './daemon-ports';
import { SwapDaemon } from './swap-daemon';
import { bobParams, MemoryTranscript, TOY_DEAL, toyDecider, type ToyState } from '../../rigs/peers/toy-decider.helpers';

const idOf = (i: number) => (i.toString(16).padStart(2, '0').repeat(16)) as SwapId;

function daemonOn(transcript: MemoryTranscript<ToyState>) {
  const tasks: SyncerTask[] = [];
  const daemon = new SwapDaemon<ToyState>({
    decider: toyDecider,
    transcript,
    syncers: { send: (t) => tasks.push(t) },
    peer: { send: () => undefined },
    client: { request: () => undefined, notify: () => undefined },
    arbitrating: null,
    now: () => 1_700_000_000_000,
  });
  return { daemon, tasks };
}

describe('start-up recovery of many unfinished swaps', () => {
  it('resumes all of them, a few at a time, in the listing order', async () => {
    const transcript = new MemoryTranscript<ToyState>(toyDecider);
    const first = daemonOn(transcript);
    const ids = Array.from({ length: 20 }, (_, i) => idOf(i + 1));
    for (const id of ids) {
      const c = await first.daemon.createSwap(TOY_DEAL(id), null);
      if (!c.ok) throw new Error(c.error.message);
      await first.daemon.onClientDatum(id, bobParams(id));
    }
    const listed = await transcript.list();
    if (!listed.ok) throw new Error('list failed');
    const damagedId = ids[7]!;
    // Folds that finish out of order (later swaps sooner), and one that fails.
    let inFlight = 0;
    let most = 0;
    const recover = transcript.recover.bind(transcript);
    transcript.recover = async (id: SwapId) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 40 - ids.indexOf(id) * 2));
      inFlight--;
      return id === damagedId ? err(appError('transcript-damaged', 'test: damaged')) : recover(id);
    };
    const again = daemonOn(transcript);
    const r = await again.daemon.recoverAll();
    if (!r.ok) throw new Error(r.error.message);
    const order = listed.value.map((s) => s.swapId).filter((id) => id !== damagedId);
    expect(r.value.resumed).toEqual(order);
    expect(r.value.damaged).toEqual([{ swapId: damagedId, reason: expect.stringContaining('test: damaged') as unknown as string }]);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    for (const id of order) expect(again.tasks.some((t) => t.task.kind === 'watch-height' && t.task.id.startsWith(id))).toBe(true);
    expect(again.tasks.some((t) => t.task.id.startsWith(damagedId))).toBe(false);
    console.log(`recovered ${r.value.resumed.length} swaps, at most ${most} folds at once`);
  });
});
