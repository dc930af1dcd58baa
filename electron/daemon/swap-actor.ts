// One swap's runtime: a serial queue that filters each input, lets the decider step, appends the
// input and its outputs durably as one step, writes the checkpoints the decider marks, and only then
// performs the outputs. Invariants: nothing is performed before it is durable; a failed append or
// checkpoint halts the swap (it emits nothing more); after a restart no action is taken until every
// syncer has reported its tip and the re-watched transactions (pitfall 11.2 #3). A swap that reached its
// outcome (the nets end only on final txs: the safety depth is behind it) aborts every task it left standing
// but the after-end ones (a blind sweep), and records no syncer event but a sweep's result: a finished swap
// costs the syncers nothing, as after a restart, where it is not folded at all.
import { isDeepStrictEqual } from 'node:util';
import type { SwapId, TaskId } from '../../shared/ids';
import type { InputBody, OutputBody, TranscriptEntry } from '../../shared/protocol/transcript';
import type { DleqStatement } from '../../shared/crypto/cross-group-dleq';
import { fromHex } from '../../shared/hex';
import { parsePeerMessage } from '../../shared/protocol/peer-messages';
import { appError, type AppError, type Result } from '../../shared/result';
import type {
  ClientPort,
  Logger,
  Outcome,
  PeerPort,
  RawInput,
  Stepped,
  SwapDecider,
  SwapRecord,
  SyncerPort,
  TranscriptPort,
} from './daemon-ports';
import { filterInput } from '../../shared/protocol/checks/input-gate';
import { revealNeedingDleq, type ArbitratingChecks, type DleqChecked } from '../../shared/protocol/checks/peer-verifier';
import { applyRecord } from './swap-record';

export type ActorStatus = 'live' | 'syncing' | 'halted' | 'finished';

/** What happened to one input: applied (with the outputs performed), rejected (nothing changed), or the swap stopped. */
export type InputOutcome =
  | { readonly status: 'applied'; readonly seq: number; readonly outputs: number }
  | { readonly status: 'rejected'; readonly error: AppError }
  | { readonly status: 'halted'; readonly error: AppError };

export interface ActorDeps<S> {
  readonly decider: SwapDecider<S>;
  readonly transcript: TranscriptPort<S>;
  readonly syncers: SyncerPort;
  readonly peer: PeerPort;
  readonly client: ClientPort;
  readonly arbitrating: ArbitratingChecks | null;
  readonly now: () => number;
  readonly log: Logger;
  /** Loopback timers; injectable so unit tests control time. */
  readonly setTimer?: (atMs: number, fire: () => void) => void;
  /**
   * Verifies a reveal's cross-group DLEQ proof off this thread (a worker pool: ~2 s of CPU that would
   * otherwise stall the process, Electron's main included). Absent or failing: verified in line.
   */
  readonly verifyDleq?: (proof: Uint8Array, statement: DleqStatement) => Promise<Result<boolean, AppError>>;
}

export type HaltKind = 'append-failed' | 'checkpoint-failed' | 'decider-divergence';

export class SwapActor<S> {
  private tail: Promise<unknown> = Promise.resolve();
  private statusValue: ActorStatus;
  private haltError: AppError | null = null;
  /** Restart gate: task ids that must report once before `control:synced` is fed. */
  private awaiting: Set<string> | null = null;
  private readonly outcomeWaiters: Array<(o: Outcome | AppError) => void> = [];

  constructor(
    readonly swapId: SwapId,
    private rec: SwapRecord<S>,
    private readonly deps: ActorDeps<S>,
  ) {
    this.statusValue = deps.decider.outcome(rec.core) ? 'finished' : 'live';
  }

  get status(): ActorStatus {
    return this.statusValue;
  }
  get record(): SwapRecord<S> {
    return this.rec;
  }
  get outcome(): Outcome | null {
    return this.deps.decider.outcome(this.rec.core);
  }

  /** Resolves with the outcome once terminal, or with the error that halted the swap. */
  finished(): Promise<Outcome | AppError> {
    const o = this.outcome;
    if (o) return Promise.resolve(o);
    if (this.haltError) return Promise.resolve(this.haltError);
    return new Promise((resolve) => this.outcomeWaiters.push(resolve));
  }

  /** A new swap: fire what the initial marking enables (ask for params, watch the tips). */
  start(): Promise<InputOutcome> {
    return this.enqueue(async () => {
      const ts = this.deps.now();
      const s = this.deps.decider.start(this.rec.core, ts);
      if (!s.ok) return { status: 'rejected', error: s.error };
      return this.commit(s.value.input ?? null, s.value, ts);
    });
  }

  /** Every untrusted input enters here; resolves once it is durable and its outputs were performed. */
  input(raw: RawInput): Promise<InputOutcome> {
    return this.enqueue(async () => {
      // Its watches were aborted at the outcome; a late report changes nothing and is not recorded.
      if (this.statusValue === 'finished' && (raw.kind === 'btc-event' || raw.kind === 'xmr-event') && raw.event.kind !== 'sweep-result') {
        return { status: 'rejected', error: appError('swap-finished', `a ${raw.event.kind} event after the outcome is not recorded`) };
      }
      const dleqChecked = await this.dleqOffThread(raw);
      const v = filterInput(raw, { swapId: this.swapId, deal: this.rec.genesis.deal, evidence: this.rec.evidence, arbitrating: this.deps.arbitrating, ...(dleqChecked ? { dleqChecked } : {}) });
      if (!v.pass) {
        this.log('warn', 'input-rejected', v.error.message);
        return { status: 'rejected', error: v.error };
      }
      const out = await this.stepAndCommit(v.input);
      // A report counts for the restart gate even when the decider had no use for it: the syncer answered.
      if (out.status !== 'halted' && (raw.kind === 'btc-event' || raw.kind === 'xmr-event')) await this.noteSyncProgress(raw.event);
      return out;
    });
  }

  /**
   * After a restart (the record came from checkpoint + replay, nothing was emitted): gate actions,
   * re-send the whole watch set, and feed `control:synced` only once every tip and re-watched tx reported.
   */
  restore(): Promise<InputOutcome> {
    return this.enqueue(async () => {
      if (this.statusValue === 'finished') return { status: 'rejected', error: appError('swap-finished', 'the swap already has an outcome') };
      const r = await this.stepAndCommit({ kind: 'control', dir: 'in', control: { kind: 'restored' } });
      // A crash while already syncing leaves the decider gated: `restored` is then refused, which is fine.
      if (r.status === 'halted') return r;
      this.statusValue = 'syncing';
      const watch = this.deps.decider.resume(this.rec.core);
      const gate = new Set<string>();
      for (const o of watch) {
        if ((o.kind === 'btc-task' || o.kind === 'xmr-task') && (o.task.kind === 'watch-height' || o.task.kind === 'watch-tx')) gate.add(o.task.id);
      }
      this.awaiting = gate;
      this.log('info', 'restore-watch', `${watch.length} tasks re-sent, waiting for ${gate.size} reports`);
      for (const o of watch) this.perform(o);
      if (gate.size === 0) return this.feedSynced();
      return r;
    });
  }

  /**
   * A finished swap after a restart: re-send the tasks its end left standing (a blind sweep). They were
   * made durable by the step that left them; nothing is appended, nothing gated, no action taken.
   */
  resendAfterEnd(): number {
    if (this.statusValue !== 'finished') return 0;
    const tasks = this.deps.decider.afterEnd(this.rec.core);
    for (const o of tasks) this.perform(o);
    if (tasks.length > 0) this.log('info', 'after-end-tasks', `${tasks.length} task(s) standing after the outcome re-sent`);
    return tasks.length;
  }

  /** The DLEQ verdict for a peer reveal, reached in the worker pool; undefined: let the filter verify it. */
  private async dleqOffThread(raw: RawInput): Promise<DleqChecked | undefined> {
    if (!this.deps.verifyDleq || raw.kind !== 'peer') return undefined;
    const m = parsePeerMessage(raw.msg);
    if (!m.ok || m.value.swapId !== this.swapId) return undefined;
    const r = revealNeedingDleq(m.value, this.rec.evidence);
    if (!r) return undefined;
    try {
      const v = await this.deps.verifyDleq(fromHex(r.proof), { ed25519: fromHex(r.spend), secp256k1: fromHex(r.adaptor) });
      if (v.ok) return { proof: r.proof, spend: r.spend, adaptor: r.adaptor, valid: v.value };
      // A malformed proof gets its precise reason from the in-line check, which fails fast on it.
      if (v.error.kind === 'worker-failed') this.log('warn', 'dleq-pool', `${v.error.message}; verifying in line`);
    } catch (e) {
      this.log('warn', 'dleq-pool', `${e instanceof Error ? e.message : String(e)}; verifying in line`);
    }
    return undefined;
  }

  private enqueue(job: () => Promise<InputOutcome>): Promise<InputOutcome> {
    const run = async (): Promise<InputOutcome> => {
      if (this.haltError) return { status: 'halted', error: this.haltError };
      return job();
    };
    const p = this.tail.then(run, run);
    this.tail = p.catch(() => undefined);
    return p;
  }

  private async stepAndCommit(input: InputBody): Promise<InputOutcome> {
    const ts = this.deps.now();
    const s = this.deps.decider.step(this.rec.core, input, ts);
    if (!s.ok) {
      this.log('info', 'input-not-enabled', `${input.kind}: ${s.error.message}`);
      return { status: 'rejected', error: s.error };
    }
    return this.commit(input, s.value, ts);
  }

  /** Append input + outputs as one step; checkpoint; then perform. The order is the safety argument. */
  private async commit(input: InputBody | null, stepped: Stepped<S>, ts: number): Promise<InputOutcome> {
    const bodies = input ? [input, ...stepped.outputs] : [...stepped.outputs];
    if (bodies.length === 0) return { status: 'applied', seq: this.rec.nextSeq - 1, outputs: 0 };
    const entries = bodies.map((b, i) => ({ ...b, swapId: this.swapId, seq: this.rec.nextSeq + i, ts }) as TranscriptEntry);

    // Fold first (pure): the states the checkpoints must hold, and the check that step == fold.
    let next = this.rec;
    const checkpoints: Array<{ seq: number; record: SwapRecord<S> }> = [];
    for (const e of entries) {
      next = applyRecord(this.deps.decider, next, e);
      if (e.kind === 'checkpoint') checkpoints.push({ seq: e.seq, record: next });
    }
    if (!isDeepStrictEqual(next.core, stepped.state)) {
      return this.halt('decider-divergence', 'the decider state after step differs from the fold of its entries; refusing to act on it');
    }

    const a = await this.deps.transcript.append(this.swapId, entries);
    if (a.status === 'failed') return this.halt('append-failed', `transcript append failed: ${a.error.message}`);
    this.rec = next;
    for (const c of checkpoints) {
      const w = await this.deps.transcript.checkpoint(this.swapId, c.record, c.seq);
      if (!w.ok) return this.halt('checkpoint-failed', `checkpoint at seq ${c.seq} failed: ${w.error.message}`);
    }
    for (const e of entries) {
      if (e.dir === 'out') this.perform(e);
      this.deps.client.notify(this.swapId, { kind: 'progress', seq: e.seq, entry: e });
    }
    const outcome = this.deps.decider.outcome(this.rec.core);
    if (outcome && this.statusValue !== 'finished') {
      this.statusValue = 'finished';
      this.log('info', 'outcome', outcome);
      this.deps.client.notify(this.swapId, { kind: 'outcome', outcome });
      for (const w of this.outcomeWaiters.splice(0)) w(outcome);
    }
    return { status: 'applied', seq: entries[entries.length - 1]!.seq, outputs: stepped.outputs.length };
  }

  private perform(o: OutputBody): void {
    switch (o.kind) {
      case 'peer-out':
        this.deps.peer.send(this.swapId, o.msg);
        return;
      case 'client-request':
        this.deps.client.request(this.swapId, o.request);
        return;
      case 'btc-task':
        this.deps.syncers.send({ chain: 'btc', task: o.task });
        return;
      case 'xmr-task':
        this.deps.syncers.send({ chain: 'xmr', task: o.task });
        return;
      case 'timer-set':
        this.arm(o.timer.kind, o.timer.at);
        return;
      case 'checkpoint':
        return; // written before any output was performed
    }
  }

  private arm(kind: 'retry' | 'recheck' | 'reconnect', at: number): void {
    const fire = () => void this.input({ kind: 'timer', timerKind: kind, at });
    if (this.deps.setTimer) this.deps.setTimer(at, fire);
    else setTimeout(fire, Math.max(0, at - this.deps.now())).unref();
  }

  private async noteSyncProgress(event: { kind: string } & Partial<{ taskId: TaskId }>): Promise<void> {
    // Only a tip or a tx status is a report; an error event for the task does not open the gate.
    if (!this.awaiting || !event.taskId || !['height', 'tx-confirmations', 'address-tx'].includes(event.kind)) return;
    this.awaiting.delete(event.taskId);
    if (this.awaiting.size === 0) await this.feedSynced();
  }

  /** Chains caught up: let the decider act, then tell the peer and the client where the swap stands. */
  private async feedSynced(): Promise<InputOutcome> {
    this.awaiting = null;
    const r = await this.stepAndCommit({ kind: 'control', dir: 'in', control: { kind: 'synced' } });
    if (r.status === 'halted') return r;
    if (this.statusValue === 'syncing') this.statusValue = 'live';
    this.log('info', 'synced', `resending ${this.rec.evidence.peerOut.length} peer messages, ${this.rec.evidence.clientPending.length} client requests`);
    for (const m of this.rec.evidence.peerOut) this.deps.peer.send(this.swapId, m);
    // A restarted client rebuilds from datum messages: the verified peer reveal first, then what is pending.
    const peer = this.rec.evidence.peerReveal;
    if (peer && !this.rec.evidence.clientPending.some((q) => q.kind === 'peer-params')) this.deps.client.request(this.swapId, { kind: 'peer-params', reveal: peer });
    for (const q of this.rec.evidence.clientPending) this.deps.client.request(this.swapId, q);
    for (const t of this.rec.evidence.timers) this.arm(t.kind, t.at);
    return r;
  }

  private halt(kind: HaltKind, message: string): InputOutcome {
    const error = appError(kind, `swap ${this.swapId} stopped: ${message}`);
    this.haltError = error;
    this.statusValue = 'halted';
    this.log('error', 'halted', error.message);
    this.deps.client.notify(this.swapId, { kind: 'halted', error });
    for (const w of this.outcomeWaiters.splice(0)) w(error);
    return { status: 'halted', error };
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', event: string, detail?: string): void {
    this.deps.log({ component: 'swap-actor', level, event, swapId: this.swapId, seq: this.rec.nextSeq - 1, ...(detail ? { detail } : {}) });
  }
}
