// The XMR seller's "Fund the swap" panel, from the view's xmrFunding (the swap's own Monero funding
// wallet): what to pay and where while nothing or too little arrived, then the confirmations Monero
// needs before the swap can spend it, then what became of it. Pure; amounts stay exact (BigInt).
import { fundingNext } from '../../shared/protocol/swap-view-xmr-funding';
import type { SwapView } from '../../shared/ipc/channels';
import { formatXmr, piconeroToXmr } from './format';

type XmrFunding = NonNullable<SwapView['xmrFunding']>;
type Outcome = SwapView['summary']['outcome'];

export type XmrFundingPanel =
  | { readonly kind: 'hidden' }
  /** Pay `payXmr` (the whole amount, or what is still missing) to `address`; `uri` for the QR code. */
  | { readonly kind: 'pay'; readonly state: XmrFunding['state']; readonly title: string; readonly text: string; readonly address: string; readonly payXmr: string; readonly uri: string; readonly received: string | null }
  /** Paid: `current` of `target` confirmations before Monero lets the swap spend it. */
  | { readonly kind: 'confirming'; readonly state: XmrFunding['state']; readonly title: string; readonly text: string; readonly received: string; readonly current: number; readonly target: number }
  | { readonly kind: 'note'; readonly state: XmrFunding['state']; readonly title: string; readonly text: string };

export function xmrFundingPanel(f: SwapView['xmrFunding'], outcome: Outcome): XmrFundingPanel {
  if (!f) return { kind: 'hidden' };
  const running = outcome === 'running';
  const need = BigInt(f.piconero);
  const got = BigInt(f.received);
  const received = formatXmr(f.received, { exact: true });
  const current = Math.min(f.confirmations, f.target);
  switch (f.state) {
    case 'waiting':
    case 'short': {
      if (!running) {
        if (got === 0n) return { kind: 'hidden' };
        return { kind: 'note', state: f.state, title: 'Monero funding', text: `${received} arrived in the swap's funding wallet; it goes back to your Monero refund address once Monero lets it be spent (${f.target} confirmations).` };
      }
      const missing = need > got ? need - got : 0n;
      const payXmr = piconeroToXmr(missing, { exact: true });
      const text =
        f.state === 'waiting'
          ? `Pay exactly this amount to this address, from any Monero wallet: the XMR you sell plus a reserve for the lock's network fee (what it does not use comes back to your Monero refund address). The swap locks the XMR from it by itself once Monero lets the payment be spent (${f.target} confirmations).`
          : `${received} of ${formatXmr(f.piconero, { exact: true })} arrived: pay the remaining amount to the same address. If the swap stops instead, what arrived goes back to your Monero refund address.`;
      return { kind: 'pay', state: f.state, title: '4. Fund the swap', text, address: f.address, payXmr, uri: `monero:${f.address}?tx_amount=${payXmr}`, received: f.state === 'short' ? received : null };
    }
    case 'confirming':
      return {
        kind: 'confirming',
        state: f.state,
        title: 'Monero payment received',
        text: running
          ? `${received} arrived. Monero lets it be spent after ${f.target} confirmations; then the swap locks the XMR from it, as soon as the maker's Bitcoin lock is final.`
          : `${received} arrived; it goes back to your Monero refund address once it has ${f.target} confirmations.`,
        received,
        current,
        target: f.target,
      };
    case 'ready':
      return {
        kind: 'note',
        state: f.state,
        title: 'Monero funding ready',
        text: running
          ? `${received} is spendable (${f.target} of ${f.target} confirmations). The swap locks the XMR from it as soon as the maker's Bitcoin lock is final.`
          : `${received} is spendable and goes back to your Monero refund address.`,
      };
    case 'locked':
      return { kind: 'note', state: f.state, title: 'Monero locked', text: "The swap locked the XMR from its funding wallet; what the lock's fee reserve left goes back to your Monero refund address." };
    case 'returned':
      return { kind: 'note', state: f.state, title: 'Monero returned', text: "What was in the swap's funding wallet went back to your Monero refund address." };
  }
}

/** Whether the swap still waits on the person's Monero payment (the wizard's "Fund" step). */
export const awaitsXmrFunding = (f: SwapView['xmrFunding']): boolean => !!f && (f.state === 'waiting' || f.state === 'short' || f.state === 'confirming');

/**
 * The page's "Next" while the swap's own funding wallet is to lock the XMR: the protocol's words then
 * ask the person to pay the joint lock address by hand (its ask, `asksOf` in shared/protocol), which a
 * funding wallet does itself; paying both would pay twice. The same places as that ask decide it.
 */
export function nextWithFunding(v: Pick<SwapView, 'next' | 'marking' | 'xmrFunding' | 'summary'>): string {
  // The host's view already says it (shared/protocol/swap-view-xmr-funding); the same function here keeps
  // views made without the host (the e2e's simulated ones) saying it too.
  return (v.xmrFunding ? fundingNext(v, v.xmrFunding) : null) ?? v.next;
}
