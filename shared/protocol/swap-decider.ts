// The one decider interface the runtime meets (the swap actor, the store's fold, recovery), and its
// adapter from the per-role protocol core (decider.ts). `step` decides, `apply` evolves (replay emits
// nothing), `resume` gives the watch set to re-send after a restart. A rejected input is an error
// value and leaves the state as it was. Invariant: the actor records exactly what the core produced;
// a new swap is started with a no-op `control:synced` entry so the first actions are caused by a
// recorded input.
import type { Outcome } from '../petri/net';
import type { Decider } from './decider';
import { deciderFor } from './decider';
import type { Deal, Role } from './deal';
import type { SwapState } from './state';
import type { Emit, InputBody, OutputBody, TranscriptEntry } from './transcript';
import { ok, type AppError, type Result } from '../result';

export type { Outcome };

/** A step the decider accepted: its next state and the outputs to record, then perform, in order. */
export interface Stepped<S> {
  /** A decider that needs an input to start (e.g. a no-op control entry) names it here; it is recorded first. */
  readonly input?: InputBody;
  readonly state: S;
  readonly outputs: readonly OutputBody[];
}

export interface SwapDecider<S> {
  initialState(deal: Deal): S;
  /** Fire the actions enabled in `state` without a new input (the first step of a new swap). */
  start(state: S, ts: number): Result<Stepped<S>, AppError>;
  /** `ts` is the input's timestamp; outputs carry the same one, so step and fold agree exactly. */
  step(state: S, input: InputBody, ts: number): Result<Stepped<S>, AppError>;
  apply(state: S, entry: TranscriptEntry): S;
  outcome(state: S): Outcome | null;
  resume(state: S): readonly OutputBody[];
  /** Tasks that keep standing after the outcome (a blind sweep): re-sent at start-up, never gated. */
  afterEnd(state: S): readonly OutputBody[];
  /** Whether a finished swap of this role and outcome may hold such a task (only those are folded at start-up). */
  mayLeaveTasks(role: Role, outcome: Outcome): boolean;
}

const bodyOf = (e: TranscriptEntry): OutputBody => {
  const { swapId: _s, seq: _q, ts: _t, ...body } = e as TranscriptEntry & Record<string, unknown>;
  return body as unknown as OutputBody;
};

/** Re-sent tasks as outputs of the `resume` cause (the last one closes it). */
const asResumed = (bodies: readonly Emit[]): OutputBody[] => bodies.map((b, i, all) => ({ ...b, cause: { by: 'resume', last: i === all.length - 1 } }) as OutputBody);

export function protocolDecider(d: Decider): SwapDecider<SwapState> {
  const kick: InputBody = { kind: 'control', dir: 'in', control: { kind: 'synced' } };
  const step: SwapDecider<SwapState>['step'] = (s, input, ts) => {
    const r = d.step(s, d.input(s, input, ts));
    if (!r.ok) return r;
    return ok({ state: r.value.state, outputs: r.value.outputs.map(bodyOf) });
  };
  return {
    initialState(deal) {
      const r = d.initialState(deal);
      if (!r.ok) throw new Error(`bug: deal not validated before the swap was created: ${r.error.message}`);
      return r.value;
    },
    start(s, ts) {
      const r = step(s, kick, ts);
      return r.ok ? ok({ ...r.value, input: kick }) : r;
    },
    step,
    apply(s, e) {
      const r = d.apply(s, e);
      // A durable entry the core refuses means the transcript and the code disagree: never guess.
      if (!r.ok) throw new Error(`transcript entry ${e.seq} does not apply: ${r.error.message}`);
      return r.value;
    },
    outcome: (s) => d.outcome(s),
    resume: (s) => asResumed(d.resume(s)),
    // Re-sent, never appended: the task was recorded by the step that left it standing.
    afterEnd: (s) => asResumed(d.afterEnd(s)),
    mayLeaveTasks: (role, o) => role === d.role && d.outcomesLeavingTasks.has(o),
  };
}

export const deciderForRole = (role: Role): SwapDecider<SwapState> => protocolDecider(deciderFor(role));

/** One decider for every swap of a daemon: the state names its role (the store folds all swaps with it). */
export function swapDecider(): SwapDecider<SwapState> {
  const alice = deciderForRole('alice');
  const bob = deciderForRole('bob');
  const of = (s: SwapState) => (s.deal.role === 'alice' ? alice : bob);
  return {
    initialState: (deal) => (deal.role === 'alice' ? alice : bob).initialState(deal),
    start: (s, ts) => of(s).start(s, ts),
    step: (s, i, ts) => of(s).step(s, i, ts),
    apply: (s, e) => of(s).apply(s, e),
    outcome: (s) => of(s).outcome(s),
    resume: (s) => of(s).resume(s),
    afterEnd: (s) => of(s).afterEnd(s),
    mayLeaveTasks: (role, o) => (role === 'alice' ? alice : bob).mayLeaveTasks(role, o),
  };
}


export { parseSwapState } from './decider';
