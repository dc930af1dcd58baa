// A manual command through the real actor and the real swap decider, over an in-memory transcript:
// recorded (the command, then its broadcast) before the broadcast reaches the syncer; refused with
// the reason and nothing recorded or performed when its timelock is closed.
import { describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { swapDecider } from '../../shared/protocol/swap-decider';
import type { SwapState } from '../../shared/protocol/state';
import type { SyncerTask } from '../daemon/daemon-ports';
import { SwapActor, type ActorDeps } from '../daemon/swap-actor';
import type { SwapDaemon } from '../daemon/swap-daemon';
import { applyRecord, initialRecord } from '../daemon/swap-record';
import { Run, txConfs } from '../../rigs/protocol/decider.helpers';
import { MemoryTranscript } from '../../rigs/peers/toy-decider.helpers';
import { feedManual } from './manual-command';

async function bobAfterLock(lockConfs: number) {
  const run = Run.atLock('bob');
  run.feed(txConfs(run.state, 'lock', lockConfs));
  const decider = swapDecider();
  const transcript = new MemoryTranscript<SwapState>(decider);
  const genesis = { kind: 'genesis' as const, deal: run.state.deal, offer: null, createdAt: 0 };
  await transcript.create(genesis);
  await transcript.append(run.state.deal.swapId, run.entries);
  let rec = initialRecord(decider, genesis);
  for (const e of run.entries) rec = applyRecord(decider, rec, e);
  transcript.journal.length = 0;
  const tasks: SyncerTask[] = [];
  const deps: ActorDeps<SwapState> = {
    decider,
    transcript,
    syncers: { send: (t) => (tasks.push(t), transcript.journal.push(`perform:${t.chain}:${t.task.kind}:${t.task.id.split(':')[3]}`)) },
    peer: { send: () => transcript.journal.push('perform:peer') },
    client: { request: () => transcript.journal.push('perform:client'), notify: () => undefined },
    arbitrating: null,
    now: () => 1_700_000_100_000,
    log: () => undefined,
  };
  const swapId = run.state.deal.swapId as SwapId;
  const actor = new SwapActor<SwapState>(swapId, rec, deps);
  const daemon = { actor: (id: SwapId) => (id === swapId ? actor : undefined) } as unknown as SwapDaemon<SwapState>;
  return { daemon, swapId, transcript, tasks, actor };
}

describe('feedManual: the command takes the actor\'s road', () => {
  it('records the command and its broadcast durably, then performs the broadcast', async () => {
    const h = await bobAfterLock(10);
    const seq = h.actor.record.nextSeq;
    const r = await feedManual(h.daemon, h.swapId, 'cancel');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ action: 'cancel', seq, taskId: `${h.swapId}:btc:broadcast:cancel:${(seq + 1) * 1000}` });
    expect(h.transcript.journal).toEqual([`durable:${seq}:client-datum`, `durable:${seq + 1}:btc-task`, 'perform:btc:broadcast:cancel']);
    const stored = h.transcript.logs.get(h.swapId)!.entries;
    expect(stored.at(-2)).toMatchObject({ kind: 'client-datum', datum: { kind: 'manual', action: 'cancel' } });
    expect(stored.at(-1)).toMatchObject({ kind: 'btc-task', cause: { by: 'manual' }, task: { kind: 'broadcast' } });
    expect(h.tasks.at(-1)?.task).toMatchObject({ kind: 'broadcast', id: r.value.taskId });
  });

  it('refused while the timelock is closed: the reason, nothing recorded, nothing performed', async () => {
    const h = await bobAfterLock(4);
    const r = await feedManual(h.daemon, h.swapId, 'cancel');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('manual-refused');
    expect(r.error.message).toContain('The cancel timelock opens in about 6 blocks');
    expect(h.transcript.journal).toEqual([]);
    expect(h.tasks).toEqual([]);
  });

  it('a swap that is not running here is named', async () => {
    const h = await bobAfterLock(10);
    const r = await feedManual(h.daemon, 'ff'.repeat(16) as SwapId, 'refund');
    expect(!r.ok && r.error.kind).toBe('swap-not-running');
  });
});
