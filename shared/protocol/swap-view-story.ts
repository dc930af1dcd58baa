// The whole story of a swap for its page (each line's `what` follows its amount, which names its unit): what the person sent and received, after the fees the swap
// knows, and when it started and ended. Guards the end screen's honesty: amounts come from the state
// (the funding seen, the XMR deposits, the deal) and the fees from the same builders both sides sign
// with (shared/offer/swap-fees.ts), never from a second estimate.
import type { SwapView } from '../ipc/channels';
import { BTC_NETWORKS } from '../crypto/btc-network';
import { swapFees, type SwapFees } from '../offer/swap-fees';
import type { ViewFacts } from './swap-view-facts';
import { fundingOf } from './swap-view-facts';

type Story = NonNullable<SwapView['story']>;
type Line = Story['sent'][number];

// Fee sizes do not depend on the network (payouts are priced as the largest segwit output), so one
// network's encodings price every swap; cached per deal, as a deal never changes.
const feeCache = new Map<string, SwapFees | null>();
function feesOf(f: ViewFacts): SwapFees | null {
  const d = f.s.deal;
  const key = `${d.swapId}:${d.btcAmount}:${d.feeRateSatPerKvB ?? ''}`;
  if (!feeCache.has(key)) {
    const r = swapFees(d, BTC_NETWORKS.regtest);
    if (feeCache.size > 200) feeCache.clear();
    feeCache.set(key, r.ok ? r.value : null);
  }
  return feeCache.get(key) ?? null;
}

const sub = (a: bigint, ...b: bigint[]): string => {
  const v = b.reduce((x, y) => x - y, a);
  return (v < 0n ? 0n : v).toString();
};
const line = (chain: Line['chain'], amount: bigint | string, what: string): Line => ({ chain, amount: amount.toString(), what });

/** The XMR that reached the joint address (the deal's amount until a deposit was seen). */
function xmrLocked(f: ViewFacts): bigint {
  const deposits = Object.values(f.s.xmrDeposits);
  return deposits.length === 0 ? BigInt(f.s.deal.xmrAmount) : deposits.reduce((a, x) => a + BigInt(x.amount), 0n);
}

export function storyOf(f: ViewFacts, startedAt: number): Story {
  const { s, role, outcome } = f;
  const d = s.deal;
  const ended = outcome !== null;
  const endedAt = ended ? (s.endedAt ?? null) : null;
  const base = { startedAt: Math.max(0, Math.trunc(startedAt)), endedAt };
  if (!ended) return { sent: [], received: [], fees: [], ...base };
  const fee = feesOf(f);
  const btc = BigInt(d.btcAmount);
  const seen = (name: string) => (s.txs[name]?.maxConfs ?? -1) >= 0 || (name === 'punish' && s.punishSpend !== null);
  const fees: Line[] = [];
  const paid = (name: keyof SwapFees & ('lock' | 'cancel' | 'buy' | 'refund' | 'punish'), what: string) => {
    if (fee && seen(name)) fees.push(line('btc', fee[name], what));
  };
  const sent: Line[] = [];
  const received: Line[] = [];
  if (role === 'bob') {
    const funded = s.funding?.amount ?? (seen('lock') ? (fundingOf(s)?.sats ?? null) : null);
    if (funded !== null && outcome !== 'aborted') sent.push(line('btc', funded, 'paid into the swap (the amount plus the lock fee)'));
    paid('lock', 'lock fee, paid by you on top of the amount');
    if (outcome === 'swapped') {
      paid('buy', "buy fee, out of the locked BTC (Alice's side)");
      received.push(line('xmr', xmrLocked(f), 'swept to your wallet (before the sweep\'s Monero network fee)'));
    } else if (outcome === 'refunded') {
      paid('cancel', 'cancel fee, out of the locked BTC');
      paid('refund', 'refund fee, out of your refund');
      received.push(line('btc', fee ? sub(btc, fee.cancel, fee.refund) : btc, 'refunded to your address (after the cancel and refund fees)'));
    } else if (outcome === 'punished') {
      paid('cancel', 'cancel fee, out of the locked BTC');
    } else if (outcome === 'aborted' && s.funding) {
      received.push(line('btc', s.funding.amount, 'your wallet sweeps back from the funding address (before its fee)'));
    }
  } else {
    const locked = Object.keys(s.xmrDeposits).length > 0;
    if (locked) sent.push(line('xmr', xmrLocked(f), 'locked at the joint address'));
    if (outcome === 'swapped') {
      paid('buy', 'buy fee, out of the locked BTC');
      received.push(line('btc', fee ? sub(btc, fee.buy) : btc, 'to your address (after the buy fee)'));
    } else if (outcome === 'refunded') {
      paid('cancel', "cancel fee, out of Bob's locked BTC");
      paid('refund', "refund fee, out of Bob's refund");
      if (locked) received.push(line('xmr', xmrLocked(f), "swept back to your wallet (before the sweep's Monero network fee)"));
    } else if (outcome === 'punished') {
      paid('cancel', 'cancel fee, out of the locked BTC');
      paid('punish', 'punish fee, out of the locked BTC');
      received.push(line('btc', fee ? sub(btc, fee.cancel, fee.punish) : btc, 'to your address by punish (after the cancel and punish fees)'));
    }
  }
  return { sent, received, fees, ...base };
}
