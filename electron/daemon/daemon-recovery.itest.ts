// Recovery through the real on-disk transcript store (electron/store): a daemon is dropped mid-swap,
// a new one recovers from checkpoint + replay with no effects, re-sends the watch set, acts only once
// synced; a transcript damaged in the middle is never resumed.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import { appError, err, ok } from '../../shared/result';
import type { ClientNote, SyncerTask } from './daemon-ports';
import { StoreTranscript } from './store-transcript';
import { SwapDaemon } from './swap-daemon';
import { bobParams, LOCK_TXID, TOY_DEAL, TOY_SWEEP_TO, toyDecider, type ToyState } from '../../rigs/peers/toy-decider.helpers';

const SWAP = 'fedcba9876543210fedcba9876543210' as SwapId;
const dirs: string[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const parseToy = (raw: unknown) =>
  typeof raw === 'object' && raw !== null && 'phase' in raw ? ok(raw as ToyState) : err(appError('state-invalid', 'not a toy state'));

async function boot(dir: string) {
  const t = await StoreTranscript.open<ToyState>(dir, toyDecider, parseToy);
  if (!t.ok) throw new Error(t.error.message);
  closers.push(() => t.value.close());
  const tasks: SyncerTask[] = [];
  const sent: { type: string }[] = [];
  const requests: unknown[] = [];
  const notes: ClientNote[] = [];
  const daemon = new SwapDaemon<ToyState>({
    decider: toyDecider,
    transcript: t.value,
    syncers: { send: (x) => tasks.push(x) },
    peer: { send: (_s, m) => sent.push(m) },
    client: { request: (_s, r) => requests.push(r), notify: (_s, n) => notes.push(n) },
    arbitrating: null,
  });
  return { daemon, store: t.value, tasks, sent, requests, notes };
}

const lockConfs = (n: number, swap: SwapId = SWAP) =>
  ({ kind: 'tx-confirmations', taskId: `${swap}:btc:lock`, txid: LOCK_TXID, confirmations: n, blockHash: null, txHex: null }) as never;
const height = (h: number, swap: SwapId = SWAP) => ({ kind: 'height', taskId: `${swap}:btc:tip`, height: h, blockHash: 'cd'.repeat(32) }) as never;

describe('daemon recovery on the real transcript store', () => {
  it('recovers checkpoint + replay equal to the live record, gates actions until synced, then finishes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fc-daemon-'));
    dirs.push(dir);
    const one = await boot(dir);
    const created = await one.daemon.createSwap(TOY_DEAL(SWAP), null);
    if (!created.ok) throw new Error(created.error.message);
    await one.daemon.onClientDatum(SWAP, bobParams(SWAP));
    await one.daemon.onSyncerEvent('btc', height(101));
    const live = one.daemon.actor(SWAP)!.record;
    expect(live.core.phase).toBe('locking');
    expect((await readdir(path.join(dir, 'checkpoints'))).length).toBeGreaterThan(0);
    await closers.shift()!();

    const two = await boot(dir);
    const rep = await two.daemon.recoverAll();
    expect(rep.ok && rep.value.resumed).toEqual([SWAP]);
    const b = two.daemon.actor(SWAP)!;
    // the restore input was appended after the recovered record
    expect(b.record.nextSeq).toBe(live.nextSeq + 1);
    expect(b.record.core.phase).toBe('locking');
    expect(b.status).toBe('syncing');
    expect(two.tasks.map((t) => t.task.kind)).toEqual(['watch-height', 'watch-tx']);
    expect(two.sent).toHaveLength(0);
    await two.daemon.onSyncerEvent('btc', height(102));
    await two.daemon.onSyncerEvent('btc', lockConfs(0));
    expect(b.status).toBe('live');
    expect(two.sent.map((m) => m.type)).toEqual(['commit-bob']);
    await two.daemon.onSyncerEvent('btc', lockConfs(1));
    expect(await b.finished()).toBe('swapped');
    await closers.shift()!();

    const three = await boot(dir);
    const rep3 = await three.daemon.recoverAll();
    expect(rep3.ok && rep3.value.finished).toEqual([SWAP]);
    expect(three.tasks).toHaveLength(0);
  });

  it('re-sends the task a finished swap left standing (a blind sweep), appending nothing; other finished swaps are not folded', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fc-daemon-'));
    dirs.push(dir);
    const one = await boot(dir);
    await one.daemon.createSwap(TOY_DEAL(SWAP), null);
    // A peer message before the setup: the toy aborts, and its end leaves a sweep standing.
    await one.daemon.onPeerMessage(SWAP, { type: 'refund-procedure-signatures', swapId: SWAP, cancelSig: '01'.repeat(64), refundAdaptorSig: '02'.repeat(162) } as never);
    expect(await one.daemon.actor(SWAP)!.finished()).toBe('aborted');
    const OTHER = '0123456789abcdef0123456789abcdef' as SwapId;
    await one.daemon.createSwap(TOY_DEAL(OTHER), null);
    await one.daemon.onClientDatum(OTHER, bobParams(OTHER));
    await one.daemon.onSyncerEvent('btc', height(101, OTHER));
    await one.daemon.onSyncerEvent('btc', lockConfs(1, OTHER));
    expect(await one.daemon.actor(OTHER)!.finished()).toBe('swapped');
    const seqBefore = one.daemon.actor(SWAP)!.record.nextSeq;
    await closers.shift()!();
    // Both ends were written to the index at their outcome: the swapped one settled, the aborted one with its sweep standing.
    const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as { swaps: { swapId: string; settled: boolean; afterEnd: unknown[] | null }[] };
    expect(index.swaps.map((x) => [x.swapId, x.settled, x.afterEnd?.length ?? 0]).sort()).toEqual([[OTHER, true, 0], [SWAP, false, 1]].sort());

    const two = await boot(dir);
    const rep = await two.daemon.recoverAll();
    if (!rep.ok) throw new Error(rep.error.message);
    expect([...rep.value.finished].sort()).toEqual([OTHER, SWAP].sort());
    expect(rep.value.resumed).toEqual([]);
    expect(two.tasks).toEqual([{ chain: 'xmr', task: expect.objectContaining({ kind: 'sweep', id: `${SWAP}:xmr:sweep:lock`, destination: TOY_SWEEP_TO }) }]);
    // Both were answered from the index: no actor, the settled one's transcript not even opened; the
    // aborted one's sweep re-sent from the index, nothing folded or appended.
    expect(two.daemon.actor(OTHER)).toBeUndefined();
    expect(two.store.store.writerState(OTHER)).toBe('unopened');
    expect(two.daemon.actor(SWAP)).toBeUndefined();
    expect(two.sent).toHaveLength(0);
    expect(two.requests).toHaveLength(0);
    // An empty sweep or a task error changes nothing: the swap stays dormant. A sweep that moved funds wakes it.
    const noFunds = await two.daemon.onSyncerEvent('xmr', { kind: 'sweep-result', taskId: `${SWAP}:xmr:sweep:lock`, txids: [], ok: false, error: 'no funds' } as never);
    expect(noFunds.status).toBe('rejected');
    await two.daemon.onSyncerEvent('xmr', { kind: 'task-error', taskId: `${SWAP}:xmr:sweep:lock`, error: 'node unreachable' } as never);
    expect(two.daemon.actor(SWAP)).toBeUndefined();
    await two.daemon.onSyncerEvent('xmr', { kind: 'sweep-result', taskId: `${SWAP}:xmr:sweep:lock`, txids: ['ab'.repeat(32)], ok: true, error: null } as never);
    expect(two.daemon.actor(SWAP)!.record.nextSeq).toBeGreaterThanOrEqual(seqBefore);
    expect(two.daemon.actor(SWAP)!.status).toBe('finished');
  });

  it('never resumes a transcript damaged in the middle, and says so', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fc-daemon-'));
    dirs.push(dir);
    const one = await boot(dir);
    await one.daemon.createSwap(TOY_DEAL(SWAP), null);
    await one.daemon.onClientDatum(SWAP, bobParams(SWAP));
    await one.daemon.onSyncerEvent('btc', height(5));
    await closers.shift()!();
    const file = path.join(dir, 'transcripts', `${SWAP}.fct`);
    const bytes = await readFile(file);
    // flip a byte inside the genesis record's payload (well before the last record)
    bytes[80] = bytes[80]! ^ 0xff;
    await writeFile(file, bytes);
    for (const f of await readdir(path.join(dir, 'checkpoints'))) await rm(path.join(dir, 'checkpoints', f));
    const two = await boot(dir);
    const rep = await two.daemon.recoverAll();
    if (!rep.ok) throw new Error(rep.error.message);
    expect(rep.value.resumed).toEqual([]);
    expect(rep.value.damaged.map((d) => d.swapId)).toEqual([SWAP]);
    expect(two.daemon.actor(SWAP)).toBeUndefined();
    expect(two.tasks).toHaveLength(0);
    expect(two.notes.some((n) => n.kind === 'halted' && n.error.kind === 'transcript-damaged')).toBe(true);
  });
});
