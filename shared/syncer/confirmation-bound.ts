// Decides whether a transaction's new confirmation status is worth an event under a task's confirmation bound.
// Invariant: below the bound every change is reported; past it only a fall back below it (a reorg) or a move to another block is.
export interface ConfStatus {
  readonly confirmations: number | null;
  readonly blockHash: string | null;
}

export function isNewsUnderBound(prev: ConfStatus | null, next: ConfStatus, bound: number): boolean {
  const past = (s: ConfStatus | null) => s !== null && s.confirmations !== null && s.confirmations >= bound;
  if (prev === null) return true;
  if (past(prev) && past(next)) return prev.blockHash !== next.blockHash;
  return prev.confirmations !== next.confirmations || prev.blockHash !== next.blockHash;
}
