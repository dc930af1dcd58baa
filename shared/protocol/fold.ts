// `apply(state, entry)`: the fold step for every transcript entry, in or out. Inputs update what
// the chains reported and fire input transitions; outputs register watches/broadcasts and fire the
// action that caused them. Guards replay: apply emits nothing, and a bad entry changes nothing.
import { appError, err, ok, type AppError, type Result } from '../result';
import { enabledFor, fire, isEnabled, terminalOutcome, type CompiledNet, type Marking } from '../petri/engine';
import type { SyncerEvent } from '../syncer/messages';
import { chainFacts } from './chain-facts';
import type { SwapState, TxWatch } from './state';
import { parseTaskId } from './task-ids';
import { END_CAUSE } from './end-aborts';
import type { InputEntry, OutputEntry, TranscriptEntry } from './transcript';

export type StepErrorKind =
  | 'wrong-swap'
  | 'out-of-order'
  | 'unexpected-input'
  | 'unknown-task'
  | 'datum-invalid'
  | 'transcript-mismatch'
  | 'manual-refused';
export type StepError = AppError<StepErrorKind>;

type R = Result<SwapState, StepError>;
const fail = (kind: StepErrorKind, message: string): R => err(appError(kind, message));

/** Fire every input transition a currently-true chain fact enables, until nothing changes. */
function settle(net: CompiledNet, s: SwapState): SwapState {
  if (terminalOutcome(net.spec, s.marking) !== null) return s;
  const facts = chainFacts(s);
  let m: Marking = s.marking;
  for (let fired = true; fired; ) {
    fired = false;
    for (const f of facts) {
      const t = enabledFor(net, m, `fact:${f}`);
      if (t) {
        m = fire(t, m);
        fired = true;
      }
    }
  }
  return m === s.marking ? s : { ...s, marking: m };
}

function fireInput(net: CompiledNet, s: SwapState, trigger: string, datum: unknown, what: string): R {
  const t = enabledFor(net, s.marking, trigger);
  if (!t) return fail('unexpected-input', `${what} is not expected now`);
  return ok({ ...s, marking: fire(t, s.marking, datum) });
}

/** Name of the watched thing a task id points at, if it is ours and of that chain/kind. */
function nameOf(s: SwapState, id: string, chain: string, kinds: readonly string[]): string | null {
  const p = parseTaskId(id);
  if (!p || p.swapId !== s.deal.swapId || p.chain !== chain || !kinds.includes(p.kind)) return null;
  return p.name;
}

function updateTx(s: SwapState, name: string, confs: number | null, hex: string | null): SwapState {
  const w = s.txs[name];
  if (!w) return s;
  const next: TxWatch = { ...w, confs, maxConfs: confs === null ? w.maxConfs : Math.max(w.maxConfs, confs), hex: hex ?? w.hex };
  let broadcasts = s.broadcasts;
  const b = broadcasts[name];
  // Our own tx fell out of the mempool or a reorg: send it again now (pitfall 11.2 #9).
  if (confs === null && w.maxConfs >= 0 && b && b.status === 'sent') broadcasts = { ...broadcasts, [name]: { ...b, status: 'retry', retryAt: s.btcHeight } };
  return { ...s, txs: { ...s.txs, [name]: next }, broadcasts };
}

function applyBtcEvent(s: SwapState, ev: SyncerEvent): R {
  switch (ev.kind) {
    case 'height':
      return ok(ev.height === s.btcHeight ? s : { ...s, btcHeight: ev.height });
    case 'tx-confirmations': {
      const name = Object.keys(s.txs).find((n) => s.txs[n]?.txid === ev.txid);
      if (!name || !s.standing[ev.taskId]) return fail('unknown-task', `no watch for tx ${ev.txid}`);
      return ok(updateTx(s, name, ev.confirmations, ev.txHex));
    }
    case 'address-tx': {
      const name = nameOf(s, ev.taskId, 'btc', ['watch-address']);
      if (!name || !s.standing[ev.taskId]) return fail('unknown-task', `no address watch ${ev.taskId}`);
      if (name === 'funding') {
        if (!ev.incoming) return ok(s);
        // The first payment decides; a second one is the client's to sweep back.
        if (s.funding && s.funding.txid !== ev.txid) return ok(s);
        return ok({ ...s, funding: { txid: ev.txid, amount: ev.amount, confs: ev.confirmations } });
      }
      if (name === 'cancel-output' && !ev.incoming) {
        // Which tx spent the cancel output decides refund vs punished (pitfall 11.2 #6).
        if (s.txs['refund']?.txid === ev.txid) return ok(updateTx(s, 'refund', ev.confirmations, ev.txHex));
        const prev = s.punishSpend && s.punishSpend.txid === ev.txid ? s.punishSpend.maxConfs : 0;
        return ok({ ...s, punishSpend: { txid: ev.txid, maxConfs: Math.max(prev, ev.confirmations) } });
      }
      return ok(s);
    }
    case 'broadcast-result': {
      const name = nameOf(s, ev.taskId, 'btc', ['broadcast']);
      const b = name ? s.broadcasts[name] : undefined;
      if (!name || !b) return fail('unknown-task', `no broadcast ${ev.taskId}`);
      if (ev.ok) return ok(s);
      // e.g. non-BIP68-final: the timelock is counted from confirmations, so try again next block (#5).
      return ok({ ...s, broadcasts: { ...s.broadcasts, [name]: { ...b, status: 'retry', retryAt: s.btcHeight + 1 } } });
    }
    default:
      return ok(s);
  }
}

function applyXmrEvent(s: SwapState, ev: SyncerEvent): R {
  switch (ev.kind) {
    case 'height':
      return ok(ev.height === s.xmrHeight ? s : { ...s, xmrHeight: ev.height });
    case 'address-tx': {
      const name = nameOf(s, ev.taskId, 'xmr', ['watch-address']);
      if (name !== 'lock' || !s.standing[ev.taskId]) return fail('unknown-task', `no address watch ${ev.taskId}`);
      if (!ev.incoming) return ok(s);
      return ok({ ...s, xmrDeposits: { ...s.xmrDeposits, [ev.txid]: { amount: ev.amount, confs: ev.confirmations } } });
    }
    case 'sweep-result': {
      const name = nameOf(s, ev.taskId, 'xmr', ['sweep']);
      if (!name || !s.standing[ev.taskId]) return fail('unknown-task', `no sweep ${ev.taskId}`);
      // The txids are kept for the person's record (the story at the end); an empty report keeps what was known.
      return ok(ev.ok ? { ...s, swept: true, ...(ev.txids.length > 0 ? { sweepTxids: ev.txids.slice(0, 16) } : {}) } : s);
    }
    case 'tx-confirmations':
    case 'broadcast-result':
      return fail('unknown-task', `no xmr task ${ev.taskId}`);
    default:
      return ok(s);
  }
}

function applyInput(net: CompiledNet, s: SwapState, e: InputEntry): R {
  switch (e.kind) {
    case 'btc-event':
      return applyBtcEvent(s, e.event);
    case 'xmr-event':
      return applyXmrEvent(s, e.event);
    case 'peer-in':
      if (e.msg.swapId !== s.deal.swapId) return fail('wrong-swap', `peer message for swap ${e.msg.swapId}`);
      return fireInput(net, s, `peer:${e.msg.type}`, e.msg, `peer message ${e.msg.type}`);
    case 'peer-verdict': {
      // Before the point of no return a bad message aborts; afterwards the timelocked path stays.
      const t = enabledFor(net, s.marking, 'peer:invalid');
      return ok(t ? { ...s, marking: fire(t, s.marking) } : s);
    }
    case 'client-datum': {
      const d = e.datum;
      // A manual command fires no transition: step checked it (manual-actions.ts) and its outputs are the broadcast.
      if (d.kind === 'manual') return ok(s);
      if (d.kind === 'alice-session-params' || d.kind === 'bob-session-params') {
        const role = d.kind === 'alice-session-params' ? 'alice' : 'bob';
        if (role !== s.deal.role) return fail('datum-invalid', `${d.kind} for a ${s.deal.role} swap`);
        if (d.commit.swapId !== s.deal.swapId || d.reveal.swapId !== s.deal.swapId) return fail('wrong-swap', 'session params of another swap');
      }
      return fireInput(net, s, `client:${d.kind}`, d, `client datum ${d.kind}`);
    }
    case 'control': {
      const t = enabledFor(net, s.marking, `control:${e.control.kind}`);
      const next = t ? { ...s, marking: fire(t, s.marking) } : s;
      // An ended swap stays silent: nothing to re-watch or re-send.
      if (e.control.kind !== 'restored' || terminalOutcome(net.spec, s.marking) !== null) return ok(next);
      // A broadcast appended before the crash may never have left: send it again once synced
      // (still only while the output it spends is unspent), as node re-sends `pending_broadcasts`.
      const broadcasts = Object.fromEntries(
        Object.entries(s.broadcasts).map(([n, b]) => [n, b.status === 'sent' && (s.txs[n]?.maxConfs ?? -1) < 0 ? { ...b, status: 'retry' as const, retryAt: 0 } : b]),
      );
      return ok({ ...next, broadcasts, resumeDue: Object.keys(s.standing).length > 0 });
    }
    case 'timer-fired': {
      // Loopback fallback when no new block arrives: make every pending retry due now.
      if (e.timer.kind !== 'retry') return ok(s);
      const due = Object.entries(s.broadcasts).filter(([, b]) => b.status === 'retry' && b.retryAt > 0);
      if (due.length === 0) return ok(s);
      return ok({ ...s, broadcasts: { ...s.broadcasts, ...Object.fromEntries(due.map(([n, b]) => [n, { ...b, retryAt: 0 }])) } });
    }
  }
}

function applyOutput(net: CompiledNet, s0: SwapState, e: OutputEntry): R {
  let s = s0;
  if (e.kind === 'btc-task' || e.kind === 'xmr-task') {
    const chain = e.kind === 'btc-task' ? 'btc' : 'xmr';
    const p = parseTaskId(e.task.id);
    if (!p || p.swapId !== s.deal.swapId || p.chain !== chain) return fail('transcript-mismatch', `task ${e.task.id} is not this swap's`);
    const t = e.task;
    if (t.kind === 'broadcast') {
      // Watch before publish, enforced on every path (fold included), not only by the checker.
      if (!s.txs[p.name]) return fail('transcript-mismatch', `broadcast of ${p.name} without a watch on it`);
      s = { ...s, broadcasts: { ...s.broadcasts, [p.name]: { attempt: p.attempt ?? 1, status: 'sent', retryAt: 0 } } };
    } else if (t.kind !== 'abort' && t.kind !== 'estimate-fee') {
      const standing = e.kind === 'btc-task' ? { chain: 'btc' as const, task: e.task } : { chain: 'xmr' as const, task: e.task };
      s = { ...s, standing: { ...s.standing, [t.id]: standing } };
      if (t.kind === 'watch-tx' && !s.txs[p.name]) s = { ...s, txs: { ...s.txs, [p.name]: { txid: t.txid, confs: null, maxConfs: -1, hex: null } } };
    }
  }
  const { by, last } = e.cause;
  if (by === 'resume') {
    if (last) s = { ...s, resumeDue: false };
  } else if (by === END_CAUSE) {
    const t = e.kind === 'btc-task' || e.kind === 'xmr-task' ? e.task : null;
    if (!t || t.kind !== 'abort' || terminalOutcome(net.spec, s.marking) === null) return fail('transcript-mismatch', 'an end abort before the outcome, or of something other than a task');
  } else if (by !== 'rebroadcast' && by !== 'reask' && by !== 'retry-timer' && by !== 'manual') {
    const t = net.byId.get(by);
    if (!t || t.kind !== 'action') return fail('transcript-mismatch', `output caused by unknown action ${by}`);
    if (!isEnabled(t, s.marking)) return fail('transcript-mismatch', `output of ${by}, which is not enabled`);
    if (last) s = { ...s, marking: fire(t, s.marking) };
  }
  return ok(s);
}

/** One fold step. On error the state is unchanged (the caller keeps `s`). */
export function applyEntry(net: CompiledNet, s: SwapState, e: TranscriptEntry): R {
  if (e.seq !== s.seq) return fail('out-of-order', `entry seq ${e.seq}, expected ${s.seq}`);
  if (e.swapId !== s.deal.swapId) return fail('wrong-swap', `entry of swap ${e.swapId}`);
  // Hot path: most of a long transcript is new BTC blocks while a timelock runs.
  if (e.kind === 'btc-event' && e.event.kind === 'height') return ok({ ...s, seq: s.seq + 1, btcHeight: e.event.height });
  const r = e.dir === 'in' ? applyInput(net, s, e) : applyOutput(net, s, e);
  if (!r.ok) return r;
  const moved = r.value;
  // Settle only when facts or marking could have changed: a bare height event stays O(1).
  const next = moved === s || (moved.marking === s.marking && moved.txs === s.txs && moved.funding === s.funding && moved.xmrDeposits === s.xmrDeposits && moved.punishSpend === s.punishSpend && moved.swept === s.swept) ? moved : settle(net, moved);
  // The time the swap ended, from the entry that reached the outcome (the decider has no clock; entries do).
  const ended = next !== s && next.endedAt === undefined && terminalOutcome(net.spec, next.marking) !== null ? { ...next, endedAt: e.ts } : next;
  return ok({ ...ended, seq: s.seq + 1 });
}
