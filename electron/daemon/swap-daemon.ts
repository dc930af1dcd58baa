// The daemon: one actor per swap, routing of syncer events (by the swap id inside each task id),
// peer messages and client datums to their actor, and the recovery sequence at start-up.
// Invariants: a damaged or unreplayable transcript is never auto-resumed; a restored swap acts only
// after its chains caught up (the actor's gate); inputs for unknown swaps change nothing.
import type { SwapId } from '../../shared/ids';
import type { Deal } from '../../shared/protocol/deal';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { SyncerEvent } from '../../shared/syncer/messages';
import type { OutputBody } from '../../shared/protocol/transcript';
import type { ClientPort, Logger, SwapGenesis, SwapRecord } from './daemon-ports';
import { taskOwner } from '../../shared/protocol/checks/input-gate';
import { type ActorDeps, SwapActor, type InputOutcome } from './swap-actor';
import { initialRecord } from './swap-record';
import { isSettled } from './swap-settled';

/** The actor's dependencies, with a clock and a logger the daemon defaults. */
export type DaemonDeps<S> = Omit<ActorDeps<S>, 'now' | 'log' | 'setTimer'> & {
  readonly now?: () => number;
  readonly log?: Logger;
};

export interface RecoveryReport {
  readonly resumed: readonly SwapId[];
  readonly finished: readonly SwapId[];
  /** Never resumed automatically: the person is told what to do. */
  readonly damaged: readonly { readonly swapId: SwapId; readonly reason: string }[];
  readonly neverStarted: readonly SwapId[];
  /** Left alone on the owner's word (archived: the chains they ran on are gone). */
  readonly skipped: readonly SwapId[];
}

type RecoveredOne = { readonly kind: 'resumed' | 'finished' | 'never-started' } | { readonly kind: 'damaged'; readonly reason: string };

/** Swaps folded and restored at once at start-up: enough to overlap their disk waits, few enough to bound open files. */
const RECOVER_AT_ONCE = 8;

/** `f` over `xs`, at most `limit` at a time; results in the order of `xs`. */
async function mapPool<T, R>(xs: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(xs.length);
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker));
  return out;
}

const unknownSwap = (id: string): InputOutcome => ({ status: 'rejected', error: appError('swap-unknown', `no running swap ${id}`) });

export class SwapDaemon<S> {
  private readonly actors = new Map<string, SwapActor<S>>();
  /** The end each swap's index entry was last asked to say in this run (so each is written once). */
  private readonly marked = new Map<string, 'ended' | 'settled'>();
  /**
   * Finished swaps whose after-end tasks were re-sent from the index without a fold: folded (woken)
   * only when an event for one of them arrives.
   */
  private readonly dormant = new Set<string>();
  private readonly waking = new Map<string, Promise<SwapActor<S> | undefined>>();
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(private readonly deps: DaemonDeps<S>) {
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? (() => undefined);
  }

  actor(swapId: SwapId): SwapActor<S> | undefined {
    return this.actors.get(swapId);
  }
  get swapIds(): SwapId[] {
    return [...this.actors.keys()] as SwapId[];
  }

  /** A new swap: the genesis is durable before anything is asked of anyone. */
  async createSwap(deal: Deal, offer: string | null): Promise<Result<SwapActor<S>, AppError>> {
    if (this.actors.has(deal.swapId)) return err(appError('swap-exists', `swap ${deal.swapId} is already running`));
    const genesis: SwapGenesis = { kind: 'genesis', deal, offer, createdAt: this.now() };
    const c = await this.deps.transcript.create(genesis);
    if (!c.ok) return c;
    const a = this.makeActor(deal.swapId, initialRecord(this.deps.decider, genesis));
    const s = await a.start();
    if (s.status !== 'applied') return err(s.error);
    return ok(a);
  }

  /** Start-up: every unfinished swap from the index is folded (no effects), then restored behind the sync gate. */
  async recoverAll(opts: { skip?: ReadonlySet<string> } = {}): Promise<Result<RecoveryReport, AppError>> {
    const l = await this.deps.transcript.list();
    if (!l.ok) return l;
    const skipped: SwapId[] = [];
    const resumed: SwapId[] = [];
    const finished: SwapId[] = [];
    const damaged: { swapId: SwapId; reason: string }[] = [];
    const neverStarted: SwapId[] = [];
    const toFold: SwapId[] = [];
    for (const s of l.value) {
      if (this.actors.has(s.swapId)) continue;
      if (opts.skip?.has(s.swapId)) {
        skipped.push(s.swapId);
        continue;
      }
      if (s.damaged) {
        damaged.push({ swapId: s.swapId, reason: s.damaged });
        this.deps.client.notify(s.swapId, { kind: 'halted', error: appError('transcript-damaged', s.damaged) });
        continue;
      }
      // A finished swap is not folded, unless its end may have left a task standing (a blind sweep)
      // that the index does not yet know to be done (settled).
      if (s.finished && (s.settled === true || !(s.outcome && s.role && this.deps.decider.mayLeaveTasks(s.role, s.outcome)))) {
        finished.push(s.swapId);
        continue;
      }
      // The index holds what stands after its end: re-sent as is; the swap is folded only if an event comes for it.
      if (s.finished && s.afterEnd && s.afterEnd.length > 0) {
        finished.push(s.swapId);
        this.dormant.add(s.swapId);
        this.marked.set(s.swapId, 'ended');
        this.sendStanding(s.swapId, s.afterEnd);
        continue;
      }
      toFold.push(s.swapId);
    }
    // The swaps to fold are independent (one actor, one file each): they are folded and restored side by
    // side, a few at a time, so one swap's durable `restored` record (an fdatasync) does not hold back the
    // next swap's fold; the report keeps the listing's order.
    const results = await mapPool(toFold, RECOVER_AT_ONCE, (id) => this.recoverOne(id));
    toFold.forEach((swapId, i) => {
      const r = results[i]!;
      if (r.kind === 'resumed') resumed.push(swapId);
      else if (r.kind === 'finished') finished.push(swapId);
      else if (r.kind === 'damaged') damaged.push({ swapId, reason: r.reason });
      else neverStarted.push(swapId);
    });
    this.log({ component: 'daemon', level: 'info', event: 'recovered', detail: `${resumed.length} resumed, ${finished.length} finished, ${damaged.length} damaged` });
    return ok({ resumed, finished, damaged, neverStarted, skipped });
  }

  /** One unfinished swap at start-up: folded (no effects), then restored behind the sync gate. */
  private async recoverOne(swapId: SwapId): Promise<RecoveredOne> {
    const r = await this.deps.transcript.recover(swapId);
    if (!r.ok) {
      if (r.error.kind === 'swap-never-started') return { kind: 'never-started' };
      this.deps.client.notify(swapId, { kind: 'halted', error: r.error });
      return { kind: 'damaged', reason: r.error.message };
    }
    const a = this.makeActor(swapId, r.value.record);
    if (a.status === 'finished') {
      this.noteEnded(swapId); // the index did not say how it ended: next time it will
      a.resendAfterEnd();
      return { kind: 'finished' };
    }
    const out = await a.restore();
    return out.status === 'halted' ? { kind: 'damaged', reason: out.error.message } : { kind: 'resumed' };
  }

  onSyncerEvent(chain: 'btc' | 'xmr', event: SyncerEvent): Promise<InputOutcome> {
    if (!('taskId' in event)) {
      // Backend health: not a swap input; the actors keep their gate until their own tasks report.
      this.log({ component: 'daemon', level: event.kind === 'backend-recovered' ? 'info' : 'warn', event: `${chain}:${event.kind}`, detail: 'error' in event ? event.error : event.kind === 'endpoint-switched' ? `${event.from} -> ${event.to}: ${event.reason}` : undefined });
      return Promise.resolve(unknownSwap('(health event)'));
    }
    const owner = taskOwner(event.taskId);
    const a = this.actors.get(owner);
    const input = { kind: chain === 'btc' ? 'btc-event' : 'xmr-event', event } as const;
    if (a) return a.input(input);
    if (!this.dormant.has(owner)) return Promise.resolve(unknownSwap(owner));
    // A standing sweep reports errors and empty sweeps each round (a blind sweep of an unfunded lock
    // address always does): those fold to the same state, so they do not wake the swap, or every start
    // would fold them all again.
    if (event.kind === 'task-error' || event.kind === 'task-aborted' || (event.kind === 'sweep-result' && !event.ok)) {
      return Promise.resolve({ status: 'rejected', error: appError('swap-dormant', `swap ${owner} ended; a ${event.kind} that changes nothing is not recorded`) });
    }
    return this.wake(owner as SwapId).then((w) => (w ? w.input(input) : unknownSwap(owner)));
  }

  /** The after-end tasks of a dormant swap, as its actor would perform them (only tasks stand after an end). */
  private sendStanding(swapId: SwapId, outputs: readonly OutputBody[]): void {
    for (const o of outputs) {
      if (o.kind === 'btc-task') this.deps.syncers.send({ chain: 'btc', task: o.task });
      else if (o.kind === 'xmr-task') this.deps.syncers.send({ chain: 'xmr', task: o.task });
    }
    this.log({ component: 'daemon', level: 'info', event: 'after-end-tasks', detail: `${swapId}: ${outputs.length} task(s) standing after the outcome re-sent from the index` });
  }

  /** Folds a dormant swap (once, however many events arrive meanwhile) so its actor takes the event. */
  private wake(swapId: SwapId): Promise<SwapActor<S> | undefined> {
    const known = this.waking.get(swapId);
    if (known) return known;
    const p = (async () => {
      const r = await this.deps.transcript.recover(swapId);
      this.dormant.delete(swapId);
      if (!r.ok) {
        this.log({ component: 'daemon', level: 'error', event: 'wake-failed', detail: `${swapId}: ${r.error.message}` });
        this.deps.client.notify(swapId, { kind: 'halted', error: r.error });
        return undefined;
      }
      return this.actors.get(swapId) ?? this.makeActor(swapId, r.value.record);
    })();
    this.waking.set(swapId, p);
    void p.finally(() => this.waking.delete(swapId));
    return p;
  }

  /** The peer link acks the message only after this resolves (the input is then durable or rejected). */
  onPeerMessage(swapId: SwapId, msg: PeerMessage): Promise<InputOutcome> {
    const a = this.actors.get(swapId);
    return a ? a.input({ kind: 'peer', msg }) : Promise.resolve(unknownSwap(swapId));
  }

  onClientDatum(swapId: SwapId, datum: unknown): Promise<InputOutcome> {
    const a = this.actors.get(swapId);
    return a ? a.input({ kind: 'client', datum }) : Promise.resolve(unknownSwap(swapId));
  }

  /**
   * Once a swap ended, the index says how, durably, once per kind: settled (it can never act again:
   * the next start does not open its transcript) or ended with tasks standing (the next start re-sends
   * them from the index). After its notes, so only durable records count; a lost mark costs one fold
   * at the next start.
   */
  private noteEnded(swapId: SwapId): void {
    const a = this.actors.get(swapId);
    const mark = this.deps.transcript.markEnded;
    if (!a || a.status !== 'finished' || !mark) return;
    const kind = isSettled(this.deps.decider, a.record) ? 'settled' : 'ended';
    if (this.marked.get(swapId) === kind) return;
    this.marked.set(swapId, kind);
    void mark.call(this.deps.transcript, swapId, a.record).then((r) => {
      if (!r.ok) this.log({ component: 'daemon', level: 'warn', event: 'end-mark', detail: `${swapId}: ${r.error.message} (the next start folds it once)` });
    });
  }

  private makeActor(swapId: SwapId, rec: SwapRecord<S>): SwapActor<S> {
    const client: ClientPort = {
      request: (id, req) => this.deps.client.request(id, req),
      notify: (id, note) => {
        this.deps.client.notify(id, note);
        if (note.kind !== 'halted') this.noteEnded(id);
      },
    };
    const a = new SwapActor<S>(swapId, rec, {
      decider: this.deps.decider,
      transcript: this.deps.transcript,
      syncers: this.deps.syncers,
      peer: this.deps.peer,
      client,
      arbitrating: this.deps.arbitrating,
      now: this.now,
      log: this.log,
      ...(this.deps.verifyDleq ? { verifyDleq: this.deps.verifyDleq } : {}),
    });
    this.actors.set(swapId, a);
    return a;
  }
}
