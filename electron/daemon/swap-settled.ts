// When a swap can never act again: the test that lets a start list it from the index alone (no open,
// no check, no fold of its transcript). Invariant: settled implies an outcome and no task standing
// after it, so skipping the swap at start loses nothing it would have done.
import type { SwapDecider, SwapRecord } from './daemon-ports';

/** Its outcome is reached and no task stands after it (the after-end sweep done, or an end that never leaves one). */
export function isSettled<S>(decider: SwapDecider<S>, record: SwapRecord<S>): boolean {
  const outcome = decider.outcome(record.core);
  if (outcome === null) return false;
  return !decider.mayLeaveTasks(record.genesis.deal.role, outcome) || decider.afterEnd(record.core).length === 0;
}
