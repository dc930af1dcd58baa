// The deterministic run the crash child writes and the crash test checks: step sizes and the seqs
// at which steps end. Invariant: child and test agree on it, so "whole steps only" is checkable.

/** Step k of a run holds 1 + (k mod 3) entries: steps of several records exercise the step-end flag. */
export const stepSize = (k: number) => 1 + (k % 3);

/** Seqs at which a step ends, i.e. the only lengths a recovered transcript may have. */
export function stepBoundaries(upTo: number): Set<number> {
  const s = new Set<number>([0]);
  for (let k = 0, seq = 0; seq < upTo; k++) s.add((seq += stepSize(k)));
  return s;
}
