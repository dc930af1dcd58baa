// Test helpers for the runtime: a small decider over the real entry schemas (ask params, send
// commit, checkpoint, watch + broadcast lock, finish on lock confirmation or abort on a bad peer
// message) and an in-memory transcript with fault switches. Invariant they let tests check: the
// actor, not the decider, provides durability ordering, the restart gate and checkpoint + replay.
import type { SwapId, TaskId } from '../../shared/ids';
import type { Deal } from '../../shared/protocol/deal';
import type { InputBody, OutputBody, TranscriptEntry } from '../../shared/protocol/transcript';
import { appError, err, ok, type Result, type AppError } from '../../shared/result';
import type { AppendResult, RecoveredSwap, SwapDecider, SwapGenesis, SwapListing, SwapRecord, TranscriptPort, Outcome } from '../../electron/daemon/daemon-ports';
import { applyRecord, initialRecord } from '../../electron/daemon/swap-record';
import { commitOf } from '../../shared/protocol/reveal-commitment';
import { fakeDeal } from '../protocol/synthetic';

export interface ToyState {
  readonly swapId: string;
  readonly phase: 'start' | 'params' | 'have-params' | 'locking' | 'aborting' | 'end_success' | 'end_abort';
  readonly live: boolean;
  readonly height: number | null;
  readonly commit: unknown;
}

const tid = (s: string, purpose: string) => `${s}:${purpose}` as TaskId;
export const LOCK_TXID = 'ab'.repeat(32);
export const LOCK_HEX = '00'.repeat(60);

function applyIn(s: ToyState, i: InputBody): Result<ToyState, AppError> {
  const no = (why: string) => err(appError('not-enabled', why));
  switch (i.kind) {
    case 'control':
      return ok({ ...s, live: i.control.kind === 'synced' });
    case 'client-datum':
      if (s.phase !== 'params' || i.datum.kind !== 'bob-session-params') return no(`client ${i.datum.kind} in ${s.phase}`);
      return ok({ ...s, phase: 'have-params', commit: i.datum.commit });
    case 'peer-verdict':
      if (s.phase.startsWith('end_')) return no('finished');
      return ok({ ...s, phase: 'aborting' });
    case 'btc-event': {
      const e = i.event;
      if (e.kind === 'height') return ok({ ...s, height: e.height });
      if (e.kind === 'tx-confirmations' && e.taskId === tid(s.swapId, 'btc:lock')) {
        if (s.phase === 'locking' && (e.confirmations ?? 0) >= 1) return ok({ ...s, phase: 'end_success' });
        return ok(s);
      }
      return no(`btc ${e.kind}`);
    }
    default:
      return no(i.kind);
  }
}

/** The action enabled in `s`, as outputs (cause.last on the final one fires it). */
function react(s: ToyState): OutputBody[] {
  if (!s.live) return [];
  const c = (by: string, last: boolean) => ({ by, last });
  switch (s.phase) {
    case 'start':
      return [
        { kind: 'btc-task', dir: 'out', task: { kind: 'watch-height', id: tid(s.swapId, 'btc:tip') }, cause: c('request_params', false) },
        { kind: 'client-request', dir: 'out', request: { kind: 'session-params' }, cause: c('request_params', true) },
      ];
    case 'have-params':
      return [
        { kind: 'peer-out', dir: 'out', msg: s.commit as never, cause: c('lock', false) },
        { kind: 'checkpoint', dir: 'out', name: 'pre-lock', cause: c('lock', false) },
        { kind: 'btc-task', dir: 'out', task: { kind: 'watch-tx', id: tid(s.swapId, 'btc:lock'), txid: LOCK_TXID as never, confirmationBound: 6 }, cause: c('lock', false) },
        { kind: 'btc-task', dir: 'out', task: { kind: 'broadcast', id: tid(s.swapId, 'btc:broadcast-lock'), txHex: LOCK_HEX }, cause: c('lock', true) },
      ];
    case 'aborting':
      return [{ kind: 'peer-out', dir: 'out', msg: { type: 'abort', swapId: s.swapId as SwapId }, cause: c('abort', true) }];
    default:
      return [];
  }
}

const NEXT: Partial<Record<ToyState['phase'], ToyState['phase']>> = { start: 'params', 'have-params': 'locking', aborting: 'end_abort' };

function applyOut(s: ToyState, o: OutputBody): ToyState {
  if (!('cause' in o) || !o.cause.last || o.cause.by === 'end') return s;
  const n = NEXT[s.phase];
  if (!n) throw new Error(`toy: output fired in ${s.phase}`);
  return { ...s, phase: n };
}

function cascade(s: ToyState): { state: ToyState; outputs: OutputBody[] } {
  const outputs: OutputBody[] = [];
  for (let i = 0; i < 10; i++) {
    const outs = react(s);
    if (outs.length === 0) break;
    for (const o of outs) s = applyOut(s, o);
    outputs.push(...outs);
  }
  return { state: s, outputs };
}

const toyOutcome = (s: ToyState): Outcome | null => (s.phase === 'end_success' ? 'swapped' : s.phase === 'end_abort' ? 'aborted' : null);

/** What the toy's resume would re-send at its end (its tip watch), each aborted under its own id. */
function toyEndAborts(end: ToyState): OutputBody[] {
  const targets = toyDecider.resume(end).flatMap((o) => (o.kind === 'btc-task' ? [o.task.id] : []));
  return targets.map((t, i) => ({
    kind: 'btc-task',
    dir: 'out',
    task: { kind: 'abort', id: tid(end.swapId, `btc:end:${t.split(':').slice(1).join('.')}`), target: t },
    cause: { by: 'end', last: i === targets.length - 1 },
  }));
}

export const toyDecider: SwapDecider<ToyState> = {
  initialState: (d: Deal) => ({ swapId: d.swapId, phase: 'start', live: true, height: null, commit: null }),
  start: (s, _ts) => ok(cascade(s)),
  step(s, input, _ts) {
    const a = applyIn(s, input);
    if (!a.ok) return a;
    const c = cascade(a.value);
    // Like the real step (shared/protocol/end-aborts.ts): the step reaching the end records the aborts of what it leaves.
    return ok(toyOutcome(s) === null && toyOutcome(c.state) !== null ? { ...c, outputs: [...c.outputs, ...toyEndAborts(c.state)] } : c);
  },
  apply(s, e: TranscriptEntry) {
    if (e.dir === 'in') {
      const a = applyIn(s, e as InputBody);
      if (!a.ok) throw new Error(`toy: replayed input refused: ${a.error.message}`);
      return a.value;
    }
    return applyOut(s, e as OutputBody);
  },
  outcome: (s) => toyOutcome(s),
  resume(s) {
    const out: OutputBody[] = [{ kind: 'btc-task', dir: 'out', task: { kind: 'watch-height', id: tid(s.swapId, 'btc:tip') }, cause: { by: 'resume', last: false } }];
    if (s.phase === 'locking')
      out.push({ kind: 'btc-task', dir: 'out', task: { kind: 'watch-tx', id: tid(s.swapId, 'btc:lock'), txid: LOCK_TXID as never, confirmationBound: 6 }, cause: { by: 'resume', last: false } });
    return out;
  },
  // The toy's stand-in for Alice's blind sweep: an abort leaves an XMR sweep standing after the end.
  afterEnd: (s) =>
    s.phase === 'end_abort'
      ? [{ kind: 'xmr-task', dir: 'out', task: { kind: 'sweep', id: tid(s.swapId, 'xmr:sweep:lock'), address: TOY_LOCK_ADDRESS, spendKey: '11'.repeat(32), viewKey: '22'.repeat(32), destination: TOY_SWEEP_TO, fromHeight: 0, minAmount: '1' } as never, cause: { by: 'resume', last: true } }]
      : [],
  mayLeaveTasks: (_role, o) => o === 'aborted',
};
// Address-shaped (the task schema's length) so the index's copy of the sweep reads back like a real one.
export const TOY_LOCK_ADDRESS = `4${'L'.repeat(94)}`;
export const TOY_SWEEP_TO = `4${'D'.repeat(94)}`;

/** Bob's side of the synthetic deal (rigs/protocol/synthetic.ts) for a given swap id. */
export const TOY_DEAL = (swapId: string): Deal => fakeDeal('bob', swapId as SwapId);

/** In-memory transcript with the same contract as the disk store; `failNext` simulates EIO/ENOSPC. */
export class MemoryTranscript<S> implements TranscriptPort<S> {
  readonly logs = new Map<string, { genesis: SwapGenesis; entries: TranscriptEntry[]; checkpoint: { seq: number; record: SwapRecord<S> } | null }>();
  failNext: 'append' | 'checkpoint' | null = null;
  /** Every durable event in order, for ordering assertions against performed effects. */
  readonly journal: string[] = [];

  constructor(private readonly decider: SwapDecider<S>) {}

  async create(genesis: SwapGenesis): Promise<Result<void, AppError>> {
    if (this.logs.has(genesis.deal.swapId)) return err(appError('swap-exists', 'exists'));
    this.logs.set(genesis.deal.swapId, { genesis, entries: [], checkpoint: null });
    return ok(undefined);
  }
  async append(swapId: SwapId, entries: readonly TranscriptEntry[]): Promise<AppendResult> {
    await Promise.resolve();
    if (this.failNext === 'append') {
      this.failNext = null;
      return { status: 'failed', error: appError('io-failed', 'EIO (injected)') };
    }
    const l = this.logs.get(swapId)!;
    l.entries.push(...structuredClone(entries));
    for (const e of entries) this.journal.push(`durable:${e.seq}:${e.kind}`);
    return { status: 'durable' };
  }
  async checkpoint(swapId: SwapId, record: SwapRecord<S>, seq: number): Promise<Result<void, AppError>> {
    if (this.failNext === 'checkpoint') {
      this.failNext = null;
      return err(appError('io-failed', 'EIO (injected)'));
    }
    this.logs.get(swapId)!.checkpoint = { seq, record: structuredClone(record) };
    this.journal.push(`checkpoint:${seq}`);
    return ok(undefined);
  }
  async recover(swapId: SwapId): Promise<Result<RecoveredSwap<S>, AppError>> {
    const l = this.logs.get(swapId);
    if (!l) return err(appError('swap-unknown', swapId));
    let r = l.checkpoint ? structuredClone(l.checkpoint.record) : initialRecord(this.decider, l.genesis);
    for (const e of l.entries) if (e.seq >= r.nextSeq) r = applyRecord(this.decider, r, e);
    return ok({ record: r });
  }
  /** The full fold from genesis, ignoring checkpoints (what checkpoint + replay must equal). */
  fullFold(swapId: SwapId): SwapRecord<S> {
    const l = this.logs.get(swapId)!;
    return l.entries.reduce((r, e) => applyRecord(this.decider, r, e), initialRecord(this.decider, l.genesis));
  }
  async list(): Promise<Result<readonly SwapListing[], AppError>> {
    return ok(
      [...this.logs.entries()].map(([id, l]) => {
        const r = l.entries.reduce((rec, e) => applyRecord(this.decider, rec, e), initialRecord(this.decider, l.genesis));
        const outcome = this.decider.outcome(r.core);
        return { swapId: id as SwapId, finished: outcome !== null, outcome, role: r.genesis.deal.role, damaged: null };
      }),
    );
  }
}

/** Schema-valid (not cryptographically valid) Bob session params for runtime tests. */
const point = (b: string) => '02' + b.repeat(32);

export function bobParams(swapId: string) {
  const reveal = {
    type: 'reveal-bob' as const,
    swapId: swapId as SwapId,
    buy: point('11'),
    cancel: point('11'),
    refund: point('22'),
    adaptor: point('33'),
    address: 'rltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9',
    view: '44'.repeat(32),
    spend: '55'.repeat(32),
    proof: '66'.repeat(64_898),
  };
  return { kind: 'bob-session-params' as const, commit: commitOf(reveal), reveal, funding: { address: 'rltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9', amount: '100400' } };
}

