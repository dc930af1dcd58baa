// Named crash boundaries of the crash matrix: a point means "right after the first durable step
// after which this party's folded state is past X", read from the state itself (the net's marking
// and the watched txs), never from a count of steps that shifts when chain events interleave.
// Invariant: the child folds each durable step with the same applyRecord the actor uses, so the
// state it tests is the one the actor holds when it performs that step's outputs (which the kill precedes).
import type { SwapState } from '../../shared/protocol/state';

export const BOUNDARIES = ['btc-lock', 'xmr-lock', 'buy-sig', 'cancel'] as const;
export type Boundary = (typeof BOUNDARIES)[number];

/** What each boundary means, for the test names and the matrix's lines. */
export const BOUNDARY_TEXT: Record<Boundary, string> = {
  'btc-lock': 'after the BTC lock (mined, 1 conf)',
  'xmr-lock': 'after the XMR lock (seen with the deal amount)',
  'buy-sig': 'after the buy signature (Bob: sent; Alice: received)',
  cancel: 'after cancel (final), before refund or punish',
};

/** True once the state is past the boundary (for either role). */
export function pastBoundary(b: Boundary, st: SwapState): boolean {
  const has = (place: string) => place in st.marking;
  switch (b) {
    case 'btc-lock':
      return (st.txs['lock']?.maxConfs ?? -1) >= 1;
    case 'xmr-lock':
      return has('xmr_seen');
    case 'buy-sig':
      return st.deal.role === 'alice' ? has('buysig') : has('buysig_sent');
    case 'cancel':
      return has('C');
  }
}
