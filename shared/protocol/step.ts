// `step(state, input)`: apply one input, then let every enabled action fire (each as output entries
// that are themselves applied), plus re-sends after a restore and due re-broadcasts. Pure: the
// runtime appends the input and outputs durably, performs the outputs in order, and never re-decides.
import { appError, err, ok, type Result } from '../result';
import { isEnabled, terminalOutcome, type CompiledNet } from '../petri/engine';
import { LIVE } from '../petri/net-builder';
import type { Emitter } from './emit';
import { broadcast } from './emit';
import { applyEntry, type StepError } from './fold';
import { resumeTasks } from './resume';
import type { SwapState } from './state';
import { labelOf } from './task-ids';
import { manualCheck, manualEmits, type ManualPlan } from './manual-actions';
import { END_CAUSE, endAborts } from './end-aborts';
import type { Emit, InputEntry, OutputEntry } from './transcript';

export interface StepOutput {
  readonly state: SwapState;
  /** Already numbered; the runtime appends them after the input and performs them in this order. */
  readonly outputs: readonly OutputEntry[];
}

/** Fallback re-broadcast delay when no block arrives (regtest and mainnet alike: a block is ~10 min). */
export const RETRY_TIMER_MS = 10 * 60 * 1000;

/** Which unspent output each broadcast competes for: a retry stops once the other path took it. */
const SPENDS: Readonly<Record<string, string>> = { lock: 'L', buy: 'L', cancel: 'L', refund: 'C', punish: 'C' };

function dueRebroadcast(s: SwapState): Emit | null {
  for (const [name, b] of Object.entries(s.broadcasts)) {
    if (b.status !== 'retry' || s.btcHeight < b.retryAt) continue;
    // The node knows it (mempool or block): nothing to re-send.
    if ((s.txs[name]?.confs ?? null) !== null) continue;
    const resource = SPENDS[name];
    if (resource === undefined || s.marking[resource] === undefined) continue;
    const txHex = lastBroadcastHex(s, name);
    if (!txHex) continue;
    return broadcast(s, name, txHex, b.attempt + 1);
  }
  return null;
}

/** Where the signed bytes of each own broadcast live: the token that carried them in. */
const SIGNED: Readonly<Record<string, readonly [place: string, field: string]>> = {
  'bob:lock': ['lock_bundle', 'lockSigned'],
  'bob:cancel': ['lock_bundle', 'cancelSigned'],
  'bob:refund': ['lock_bundle', 'refundSigned'],
  'alice:buy': ['buy_bundle', 'buySigned'],
  'alice:cancel': ['refund_bundle', 'cancelSigned'],
  'alice:punish': ['refund_bundle', 'punishSigned'],
};

/** The exact bytes we broadcast the first time. */
function lastBroadcastHex(s: SwapState, name: string): string | null {
  const where = SIGNED[`${s.deal.role}:${name}`];
  if (!where) return null;
  const token = s.marking[where[0]] as Record<string, { hex?: string } | undefined> | undefined;
  return token?.[where[1]]?.hex ?? null;
}

export function step(
  net: CompiledNet,
  emitters: Readonly<Record<string, Emitter>>,
  s0: SwapState,
  input: InputEntry,
): Result<StepOutput, StepError> {
  // After the end a verdict on a peer message changes nothing; recording it would let a peer grow a
  // finished swap's transcript at will. Refused here (live), not in the fold, so older transcripts
  // that hold such verdicts still replay.
  if (input.kind === 'peer-verdict' && terminalOutcome(net.spec, s0.marking) !== null)
    return err(appError('unexpected-input', `a verdict on a ${input.verdict.msgType} message after the swap ended is not recorded`));
  // A manual command is checked against the chain as the state knows it; refused, nothing is recorded.
  let manual: ManualPlan | null = null;
  if (input.kind === 'client-datum' && input.datum.kind === 'manual') {
    const c = manualCheck(s0, input.datum.action);
    if (!c.ok) return err(appError('manual-refused', c.error.message));
    manual = c.value;
  }
  const first = applyEntry(net, s0, input);
  if (!first.ok) return first;
  let s = first.value;
  const outputs: OutputEntry[] = [];
  const emit = (bodies: readonly Emit[], by: string) => {
    bodies.forEach((b, i) => {
      const e = { ...b, cause: { by, last: i === bodies.length - 1 }, swapId: s.deal.swapId, seq: s.seq, ts: input.ts } as OutputEntry;
      const r = applyEntry(net, s, e);
      if (!r.ok) throw new Error(`bug: own output rejected: ${r.error.message}`);
      s = r.value;
      outputs.push(e);
    });
  };
  if (s.resumeDue) emit(resumeTasks(s), 'resume');
  if (manual) emit(manualEmits(s, manual, input.seq), 'manual');
  // A refused broadcast waits for the next block; a loopback timer covers a stalled height watch.
  if (input.kind === 'btc-event' && input.event.kind === 'broadcast-result' && !input.event.ok && terminalOutcome(net.spec, s.marking) === null)
    emit([{ kind: 'timer-set', dir: 'out', timer: { kind: 'retry', at: input.ts + RETRY_TIMER_MS } }], 'retry-timer');
  // Caught up after a restore: ask the client again for whatever it had not answered before the crash.
  if (input.kind === 'control' && input.control.kind === 'synced')
    for (const r of net.spec.resends ?? [])
      if (isEnabled(r, s.marking)) {
        const action = r.id.slice('resend:'.length);
        const make = emitters[action];
        if (!make) throw new Error(`bug: no emitter for ${action}`);
        emit(make(s), 'reask');
      }
  for (let guard = 0; guard < 1000; guard++) {
    if (terminalOutcome(net.spec, s.marking) !== null || s.marking[LIVE] === undefined) break;
    const t = net.actions.find((a) => isEnabled(a, s.marking));
    if (t) {
      const make = emitters[t.id];
      if (!make) throw new Error(`bug: no emitter for ${t.id}`);
      const bodies = make(s);
      const labels = bodies.map(labelOf);
      // The checker reasons on the table's labels: the code must emit exactly those.
      if (labels.join(' ') !== (t.emits ?? []).join(' ')) throw new Error(`bug: ${t.id} emits ${labels.join(',')}, table says ${(t.emits ?? []).join(',')}`);
      emit(bodies, t.id);
      continue;
    }
    const rb = dueRebroadcast(s);
    if (rb) {
      emit([rb], 'rebroadcast');
      continue;
    }
    break;
  }
  // The step that reaches the outcome also stops what the end no longer needs watched, recorded here.
  if (terminalOutcome(net.spec, s0.marking) === null && terminalOutcome(net.spec, s.marking) !== null) {
    const aborts = endAborts(s);
    if (aborts.length > 0) emit(aborts, END_CAUSE);
  }
  return ok({ state: s, outputs });
}

