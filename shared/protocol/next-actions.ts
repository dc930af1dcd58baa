// `enabled(state)`: what the UI shows as the next steps of a swap: actions about to run (or held
// back until the chains are synced), inputs it waits for, and whether abort is still possible.
// Guards honesty of the UI: it offers exactly what the net allows, with a reason when it does not.
import { isEnabled, terminalOutcome, type CompiledNet } from '../petri/engine';
import { LIVE } from '../petri/net-builder';
import type { Outcome, TransitionSpec } from '../petri/net';
import type { SwapState } from './state';

export interface NextStep {
  readonly id: string;
  readonly title: string;
}
export interface NextActions {
  readonly outcome: Outcome | null;
  /** False after a restore until the runtime reports the chains caught up: no action runs meanwhile. */
  readonly live: boolean;
  /** Actions whose preconditions hold but which wait for `live` (empty while live: they ran already). */
  readonly held: readonly (NextStep & { readonly reason: string })[];
  /** Inputs the swap can use now (peer messages, client data, chain facts). */
  readonly waitingFor: readonly (NextStep & { readonly on: string })[];
  readonly abort: { readonly allowed: boolean; readonly reason: string };
  /** Things the person must know now, derived from the state (so a restart shows them again). */
  readonly warnings: readonly { readonly code: 'refund-outside-safe-window'; readonly message: string }[];
}

const withoutLive = (t: TransitionSpec): TransitionSpec => ({ ...t, read: (t.read ?? []).filter((p) => p !== LIVE) });

export function nextActions(net: CompiledNet, s: SwapState): NextActions {
  const outcome = terminalOutcome(net.spec, s.marking);
  const live = s.marking[LIVE] !== undefined;
  const prelock = s.marking['prelock'] !== undefined;
  const abort =
    outcome !== null
      ? { allowed: false, reason: `the swap ended: ${outcome}` }
      : prelock
        ? { allowed: true, reason: 'nothing is locked yet' }
        : s.marking['aborting'] !== undefined
          ? { allowed: false, reason: 'the abort is in progress' }
          : s.deal.role === 'alice' && s.marking['refund_sigs_sent'] !== undefined && s.marking['xmr_addr_shown'] === undefined
            ? { allowed: true, reason: 'no XMR address was shown yet' }
            : s.deal.role === 'bob'
            ? { allowed: false, reason: 'the BTC lock was broadcast: only cancel then refund can return the BTC' }
            : { allowed: false, reason: 'refund signatures were sent: to back out, do not lock XMR and let cancel run' };
  if (outcome !== null) return { outcome, live, held: [], waitingFor: [], abort, warnings: [] };
  const warnings =
    s.marking['refund_unsafe'] !== undefined
      ? [
          {
            code: 'refund-outside-safe-window' as const,
            message: 'Cancel is past the safe refund window: the counterparty can punish now. Keep the wallet online until the refund confirms.',
          },
        ]
      : [];
  const held = live
    ? []
    : net.actions.filter((t) => isEnabled(withoutLive(t), s.marking)).map((t) => ({ id: t.id, title: t.title, reason: 'waiting for the chains to catch up after a restart' }));
  const waitingFor = net.spec.transitions
    .filter((t) => t.kind === 'input' && t.on && !t.on.startsWith('control:') && t.on !== 'client:abort' && t.on !== 'peer:abort' && t.on !== 'peer:invalid' && isEnabled(t, s.marking))
    .map((t) => ({ id: t.id, title: t.title, on: t.on ?? '' }));
  return { outcome, live, held, waitingFor, abort, warnings };
}
