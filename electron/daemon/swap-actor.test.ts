// Unit tests of the swap actor with in-memory fakes: durability before effects, checkpoints before
// the outputs that follow them, halting on a failed append, the restart gate, and checkpoint + replay.
import { describe, expect, it } from 'vitest';
import type { SwapId } from '../../shared/ids';
import type { ClientNote, SwapDecider, SyncerTask } from './daemon-ports';
import { SwapActor, type ActorDeps } from './swap-actor';
import { initialRecord } from './swap-record';
import { bobParams, LOCK_TXID, MemoryTranscript, TOY_DEAL, toyDecider, type ToyState } from '../../rigs/peers/toy-decider.helpers';

const SWAP = '0123456789abcdef0123456789abcdef' as SwapId;
function harness(decider: SwapDecider<ToyState> = toyDecider) {
  const transcript = new MemoryTranscript<ToyState>(decider);
  const journal = transcript.journal;
  const tasks: SyncerTask[] = [];
  const sent: unknown[] = [];
  const requests: unknown[] = [];
  const notes: ClientNote[] = [];
  const logs: string[] = [];
  const deps: ActorDeps<ToyState> = {
    decider,
    transcript,
    syncers: { send: (t) => (tasks.push(t), journal.push(`perform:${t.chain}:${t.task.kind}`)) },
    peer: { send: (_s, m) => (sent.push(m), journal.push(`perform:peer:${m.type}`)) },
    client: {
      request: (_s, r) => (requests.push(r), journal.push(`perform:client:${r.kind}`)),
      notify: (_s, n) => notes.push(n),
    },
    arbitrating: null,
    now: () => 1_700_000_000_000,
    log: (l) => logs.push(`${l.level}:${l.event}:${l.detail ?? ''}`),
  };
  return { transcript, journal, tasks, sent, requests, notes, logs, deps };
}

async function newActor(h: ReturnType<typeof harness>) {
  const genesis = { kind: 'genesis' as const, deal: TOY_DEAL(SWAP), offer: null, createdAt: 0 };
  await h.transcript.create(genesis);
  return new SwapActor(SWAP, initialRecord(h.deps.decider, genesis), h.deps);
}

const height = (h: number) => ({ kind: 'btc-event' as const, event: { kind: 'height' as const, taskId: `${SWAP}:btc:tip` as never, height: h, blockHash: 'cd'.repeat(32) } });
const lockConfs = (n: number | null) => ({
  kind: 'btc-event' as const,
  event: { kind: 'tx-confirmations' as const, taskId: `${SWAP}:btc:lock` as never, txid: LOCK_TXID as never, confirmations: n, blockHash: null, txHex: null },
});

describe('SwapActor: persist before acting', () => {
  it('makes every output durable before performing it, in order', async () => {
    const h = harness();
    const a = await newActor(h);
    const r = await a.start();
    expect(r).toEqual({ status: 'applied', seq: 1, outputs: 2 });
    expect(h.journal).toEqual(['durable:0:btc-task', 'durable:1:client-request', 'perform:btc:watch-height', 'perform:client:session-params']);
  });

  it('writes the checkpoint the decider marks before performing any output of that step, and checkpoint + replay equals the full fold', async () => {
    const h = harness();
    const a = await newActor(h);
    await a.start();
    h.journal.length = 0;
    const r = await a.input({ kind: 'client', datum: bobParams(SWAP) });
    expect(r.status).toBe('applied');
    const cp = h.journal.indexOf('checkpoint:4');
    expect(cp).toBeGreaterThan(h.journal.indexOf('durable:6:btc-task'));
    expect(h.journal.slice(cp + 1)).toEqual(['perform:peer:commit-bob', 'perform:btc:watch-tx', 'perform:btc:broadcast']);
    const rec = await h.transcript.recover(SWAP);
    expect(rec.ok && rec.value.record).toEqual(h.transcript.fullFold(SWAP));
    expect(rec.ok && rec.value.record).toEqual(a.record);
  });

  it('halts on a failed append: nothing is performed, and every later input is refused', async () => {
    const h = harness();
    const a = await newActor(h);
    h.transcript.failNext = 'append';
    const r = await a.start();
    expect(r.status).toBe('halted');
    expect(h.tasks).toHaveLength(0);
    expect(h.requests).toHaveLength(0);
    expect(a.status).toBe('halted');
    const later = await a.input(height(5));
    expect(later.status).toBe('halted');
    expect(h.transcript.logs.get(SWAP)!.entries).toHaveLength(0);
    expect(h.notes.some((n) => n.kind === 'halted' && n.error.kind === 'append-failed')).toBe(true);
  });

  it('halts on a failed checkpoint: the broadcast that follows it never happens', async () => {
    const h = harness();
    const a = await newActor(h);
    await a.start();
    h.transcript.failNext = 'checkpoint';
    const r = await a.input({ kind: 'client', datum: bobParams(SWAP) });
    expect(r.status).toBe('halted');
    expect(h.tasks.filter((t) => t.task.kind === 'broadcast')).toHaveLength(0);
    expect(h.sent).toHaveLength(0);
  });

  it('rejects malformed and foreign inputs with a typed error and changes nothing', async () => {
    const h = harness();
    const a = await newActor(h);
    await a.start();
    const before = a.record;
    const bad = await a.input({ kind: 'client', datum: { kind: 'bob-session-params', commit: 1 } });
    expect(bad.status === 'rejected' && bad.error.kind).toBe('input-malformed');
    const foreign = await a.input({ kind: 'btc-event', event: { kind: 'height', taskId: 'ffffffffffffffffffffffffffffffff:btc:tip' as never, height: 1, blockHash: 'cd'.repeat(32) } });
    expect(foreign.status === 'rejected' && foreign.error.kind).toBe('input-foreign');
    const notEnabled = await a.input(lockConfs(3));
    expect(notEnabled.status).toBe('applied'); // a watched tx report in any phase is accepted evidence
    const outOfOrder = await a.input({ kind: 'client', datum: { kind: 'abort' } });
    expect(outOfOrder.status === 'rejected' && outOfOrder.error.kind).toBe('not-enabled');
    expect(a.record.nextSeq).toBe(before.nextSeq + 1);
  });

  it('turns a peer message that fails verification into a peer-invalid input that aborts', async () => {
    const h = harness();
    const a = await newActor(h);
    await a.start();
    const msg = { type: 'refund-procedure-signatures', swapId: SWAP, cancelSig: '01'.repeat(64), refundAdaptorSig: '02'.repeat(162) } as const;
    const r = await a.input({ kind: 'peer', msg });
    expect(r.status).toBe('applied');
    const entries = h.transcript.logs.get(SWAP)!.entries;
    const verdict = entries.find((e) => e.kind === 'peer-verdict');
    expect(verdict && verdict.kind === 'peer-verdict' && verdict.verdict.reason).toMatch(/before the setup/);
    expect(h.sent).toEqual([{ type: 'abort', swapId: SWAP }]);
    expect(await a.finished()).toBe('aborted');
  });

  it('processes concurrent inputs one at a time with dense sequence numbers', async () => {
    const h = harness();
    const a = await newActor(h);
    await a.start();
    const rs = await Promise.all([height(1), height(2), height(3), height(4)].map((i) => a.input(i)));
    expect(rs.map((r) => r.status === 'applied' && r.seq)).toEqual([2, 3, 4, 5]);
    expect(a.record.core.height).toBe(4);
  });

  it('halts instead of acting when step and fold disagree (a decider bug)', async () => {
    const broken: SwapDecider<ToyState> = { ...toyDecider, step: (s, i, ts) => { const r = toyDecider.step(s, i, ts); return r.ok ? { ok: true, value: { ...r.value, state: { ...r.value.state, height: 999 } } } : r; } };
    const h = harness(broken);
    const a = await newActor(h);
    await a.start();
    const r = await a.input(height(7));
    expect(r.status === 'halted' && r.error.kind).toBe('decider-divergence');
    expect(h.transcript.logs.get(SWAP)!.entries).toHaveLength(2);
  });
});

describe('SwapActor: restart', () => {
  it('re-sends the watch set, acts only after every tip and watched tx reported, then resends peer messages', async () => {
    const h = harness();
    const a = await newActor(h);
    await a.start();
    await a.input({ kind: 'client', datum: bobParams(SWAP) });
    // crash: a new process recovers from checkpoint + replay, with fresh ports
    const h2 = harness();
    h2.transcript.logs.set(SWAP, structuredClone(h.transcript.logs.get(SWAP)!));
    const rec = await h2.transcript.recover(SWAP);
    if (!rec.ok) throw new Error(rec.error.message);
    const b = new SwapActor(SWAP, rec.value.record, h2.deps);
    expect(b.record).toEqual(a.record);
    await b.restore();
    expect(b.status).toBe('syncing');
    expect(h2.tasks.map((t) => `${t.task.kind}:${t.task.id}`)).toEqual([`watch-height:${SWAP}:btc:tip`, `watch-tx:${SWAP}:btc:lock`]);
    expect(h2.sent).toHaveLength(0);
    await b.input(height(120));
    expect(b.status).toBe('syncing');
    expect(h2.sent).toHaveLength(0);
    await b.input(lockConfs(0));
    expect(b.status).toBe('live');
    expect(h2.sent.map((m) => (m as { type: string }).type)).toEqual(['commit-bob']);
    const entries = h2.transcript.logs.get(SWAP)!.entries;
    expect(entries.filter((e) => e.kind === 'control').map((e) => e.kind === 'control' && e.control.kind)).toEqual(['restored', 'synced']);
    await b.input(lockConfs(1));
    expect(await b.finished()).toBe('swapped');
  });

  it('a swap restored before any action resends the pending client request only once synced', async () => {
    const h = harness();
    const a = await newActor(h);
    await a.start();
    const h2 = harness();
    h2.transcript.logs.set(SWAP, structuredClone(h.transcript.logs.get(SWAP)!));
    const rec = await h2.transcript.recover(SWAP);
    if (!rec.ok) throw new Error(rec.error.message);
    const b = new SwapActor(SWAP, rec.value.record, h2.deps);
    await b.restore();
    expect(h2.requests).toHaveLength(0);
    await b.input(height(3));
    expect(h2.requests).toEqual([{ kind: 'session-params' }]);
  });
});
