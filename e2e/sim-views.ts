// Swap views for the renderer's layout checks, made by the real pure code: the protocol simulator
// runs a swap and shared/protocol/swap-view turns each of Bob's and Alice's states into the exact
// SwapView the daemon would send. Every answer is checked against the channel table before use.
import { CHANNELS, type ChannelName, type ChannelResponse, type SwapView } from '../shared/ipc/channels';
import { simulate, type Behaviour } from '../rigs/protocol/swap-sim.helpers';
import type { SwapState } from '../shared/protocol/state';
import { swapView } from '../shared/protocol/swap-view';

const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };

const statesOf = (p: { snapshots: Map<number, SwapState> }): SwapState[] => [...p.snapshots.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
const viewsOf = (states: SwapState[], t0: number) => states.map((s) => swapView({ state: s, genesisCreatedAt: t0, updatedAt: t0 + s.seq * 1000, live: true }));

export function simulatedViews(now: number) {
  const happy = simulate(7, calm);
  const bob = viewsOf(statesOf(happy.bob), now - 600_000);
  const refund = simulate(11, { ...calm, aliceXmr: 'never' });
  const aliceRefund = viewsOf(statesOf(refund.alice), now - 3_600_000);
  const find = (vs: SwapView[], pred: (v: SwapView) => boolean, what: string) => {
    const v = vs.find(pred);
    if (!v) throw new Error(`the simulated run never showed ${what}`);
    return v;
  };
  const fund = find(bob, (v) => v.funding !== null && v.funding.seen === null && v.asks.length > 0, 'a funding ask');
  const progress = find(bob, (v) => v.summary.outcome === 'running' && v.deadlines.some((d) => d.blocksLeft !== null) && v.txs.some((t) => t.name === 'lock'), 'a confirmed lock');
  const done = bob[bob.length - 1]!;
  const aliceWaiting = find(aliceRefund, (v) => v.summary.outcome === 'running' && v.deadlines.some((d) => d.blocksLeft !== null), 'a running Alice deadline');
  const refunded = aliceRefund[aliceRefund.length - 1]!;
  return { fund, progress, done, aliceWaiting, refunded };
}

/** Validates a host answer against the channel table, as the real host does before sending it. */
export function answer<C extends ChannelName>(channel: C, value: ChannelResponse<C>): { ok: true; value: ChannelResponse<C> } {
  return { ok: true, value: CHANNELS[channel].response.parse(value) as ChannelResponse<C> };
}
