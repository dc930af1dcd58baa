// Alice's swap view with her XMR funding wallet applied, made once by the host: the wallet pays the
// joint lock address itself, so the hand-paid lock ask goes, and "next" (in the summary too, so the
// Resume card and the history row say the same) tells where the funding stands. Guards one truth: the
// page, the Resume card and the notices all read this view, none recomputes it.
import type { SwapView } from '../ipc/channels';

type XmrFunding = NonNullable<SwapView['xmrFunding']>;

/** What happens next while the lock is asked and the funding wallet pays it; null: the view's own next. */
export function fundingNext(v: Pick<SwapView, 'marking' | 'summary'>, f: XmrFunding): string | null {
  const has = (p: string) => v.marking.includes(p);
  const lockAsked = has('xmr_addr_shown') && !has('xmr_seen') && !has('withdrawn') && !has('lock_funding_closed');
  if (v.summary.outcome !== 'running' || !lockAsked) return null;
  if (f.state === 'waiting' || f.state === 'short') return "Pay the swap's Monero funding address (above); the swap locks the XMR from it once Monero lets the payment be spent.";
  if (f.state === 'confirming') return `The swap locks the XMR from its funding wallet once your payment has ${f.target} confirmations (${Math.min(f.confirmations, f.target)} so far).`;
  return 'The swap is locking the XMR from its funding wallet; then it waits for Bob to take it and release your Bitcoin.';
}

export function withXmrFunding(v: SwapView, f: XmrFunding): SwapView {
  const asks = v.asks.filter((a) => a.id !== 'lock-xmr');
  const next = fundingNext(v, f) ?? v.next;
  // The person has to pay the funding wallet while it waits for (more of) their payment: that is an ask too.
  const toPay = v.summary.outcome === 'running' && (f.state === 'waiting' || f.state === 'short');
  const needsAction = asks.length > 0 || v.warnings.some((w) => w.level === 'danger') || toPay;
  return { ...v, xmrFunding: f, asks, next, summary: { ...v.summary, next: next.slice(0, 300), needsAction } };
}
