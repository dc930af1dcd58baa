// The swap decider per role (style.md "The Decider"): initialState, step, apply, isTerminal,
// resume, enabled, recover. Guards the central invariant: state = transcript.reduce(apply, initial),
// and replay emits nothing.
import { appError, err, ok, type Result } from '../result';
import { compileNet, terminalOutcome, type CompiledNet } from '../petri/engine';
import type { NetSpec, Outcome } from '../petri/net';
import { ALICE_EMITTERS } from './actions-alice';
import { BOB_EMITTERS } from './actions-bob';
import { validateDeal, type Deal, type DealError, type Role } from './deal';
import type { Emitter } from './emit';
import { applyEntry, type StepError } from './fold';
import { ALICE_NET } from './net-alice';
import { BOB_NET } from './net-bob';
import { nextActions, type NextActions } from './next-actions';
import { afterEndTasks, outcomesLeavingTasks, resumeTasks } from './resume';
import { makeInitialState, SwapStateSchema, type SwapState } from './state';
import { step, type StepOutput } from './step';
import type { Emit, InputBody, InputEntry, TranscriptEntry } from './transcript';

export interface Decider {
  readonly role: Role;
  readonly net: NetSpec;
  initialState(deal: unknown): Result<SwapState, DealError>;
  /** Pure: apply `input`, decide, return the new state and the numbered outputs to append then perform. */
  step(state: SwapState, input: InputEntry): Result<StepOutput, StepError>;
  /** Fold one recorded entry (input or output). Emits nothing. */
  apply(state: SwapState, entry: TranscriptEntry): Result<SwapState, StepError>;
  isTerminal(state: SwapState): boolean;
  outcome(state: SwapState): Outcome | null;
  /** Standing watch and sweep tasks to re-send after a restart, from the state alone. */
  resume(state: SwapState): Emit[];
  /** Tasks that keep standing after the outcome (a blind sweep), to re-send after a restart. */
  afterEnd(state: SwapState): Emit[];
  /** Outcomes whose swaps may still hold such a task: only they are folded again at start-up. */
  readonly outcomesLeavingTasks: ReadonlySet<Outcome>;
  enabled(state: SwapState): NextActions;
  /** `entries.reduce(apply, from)`, stopping at the first entry that does not apply. */
  recover(from: SwapState, entries: Iterable<TranscriptEntry>): Result<SwapState, StepError & { readonly seq: number }>;
  /** The next input entry for `body` (seq and swap id filled in). */
  input(state: SwapState, body: InputBody, ts: number): InputEntry;
}

function makeDecider(role: Role, spec: NetSpec, emitters: Readonly<Record<string, Emitter>>): Decider {
  const net: CompiledNet = compileNet(spec);
  return {
    role,
    net: spec,
    initialState(raw) {
      const d = validateDeal(raw);
      if (!d.ok) return d;
      if (d.value.role !== role) return err(appError('deal-invalid', `a ${d.value.role} deal given to the ${role} decider`));
      return ok(makeInitialState(spec, d.value as Deal));
    },
    step: (s, input) => step(net, emitters, s, input),
    apply: (s, e) => applyEntry(net, s, e),
    isTerminal: (s) => terminalOutcome(spec, s.marking) !== null,
    outcome: (s) => terminalOutcome(spec, s.marking),
    resume: resumeTasks,
    afterEnd: (s) => (terminalOutcome(spec, s.marking) !== null ? afterEndTasks(s) : []),
    outcomesLeavingTasks: outcomesLeavingTasks(spec),
    enabled: (s) => nextActions(net, s),
    recover(from, entries) {
      let s = from;
      for (const e of entries) {
        const r = applyEntry(net, s, e);
        if (!r.ok) return err({ ...r.error, seq: e.seq });
        s = r.value;
      }
      return ok(s);
    },
    input: (s, body, ts) => ({ ...body, swapId: s.deal.swapId, seq: s.seq, ts }) as InputEntry,
  };
}

export const aliceDecider: Decider = makeDecider('alice', ALICE_NET, ALICE_EMITTERS);
export const bobDecider: Decider = makeDecider('bob', BOB_NET, BOB_EMITTERS);
export const deciderFor = (role: Role): Decider => (role === 'alice' ? aliceDecider : bobDecider);

/** Parse a checkpointed state (JSON) back; a state of the wrong shape is refused, never guessed at. */
export function parseSwapState(raw: unknown): Result<SwapState, { kind: 'state-invalid'; message: string }> {
  const r = SwapStateSchema.safeParse(raw);
  if (r.success) return ok(r.data);
  return err(appError('state-invalid', `checkpoint state rejected: ${r.error.issues[0]?.message ?? 'invalid'}`));
}
