// The pure swap view: a swap's state -> what the UI shows (summary, steps, deadlines, funding,
// transactions, next, transitions, abort, warnings, asks), shaped by `SwapViewSchema`.
// Guards one source of truth for the person: the host and the history list both derive from the
// folded state here, so what the screen says is what the net allows.
import type { SwapSummary, SwapView } from '../ipc/channels';
import type { SwapState } from './state';
import { deciderFor } from './decider';
import { blocksToDeadline, btcText, clip, fundingOf, viewFacts, xmrLockAddressOf, type ViewFacts } from './swap-view-facts';
import { swapSteps } from './swap-view-steps';
import { storyOf } from './swap-view-story';
import { deadlineWarnings, nextOf, stageOf, xmrAskDetail } from './swap-view-text';
import { transitionsOf } from './swap-view-transitions';

export interface SwapViewInput {
  readonly state: SwapState;
  /** When the swap was created (ms); stands in for `updatedAt` when that is older. */
  readonly genesisCreatedAt: number;
  /** Time of the last transcript entry (ms). */
  readonly updatedAt: number;
  /** The runtime caught up with both chains (after a restart it is false until synced). */
  readonly live: boolean;
  /** Why the transcript could not be folded to its end; the state is then the last good one. */
  readonly damaged?: string | null;
}

type Ask = SwapView['asks'][number];
type Warning = SwapView['warnings'][number];

const TX_ORDER = ['funding', 'lock', 'xmr-lock', 'buy', 'cancel', 'refund', 'punish', 'xmr-sweep', 'btc-sweep'];
const TXID = /^[0-9a-f]{64}$/;
type Tx = SwapView['txs'][number];

function asksOf(f: ViewFacts): Ask[] {
  const { has, s } = f;
  if (f.outcome !== null || f.aborted) return [];
  if (f.role === 'bob') {
    const fund = fundingOf(s);
    // Lives exactly as long as nothing was paid: a payment seen (or anything the payment leads to) ends it.
    if (fund && has('funding_watched') && has('prelock') && !s.funding && !has('funding_seen') && !has('funded'))
      return [{ id: 'fund', title: 'Fund the swap', detail: `Pay exactly ${btcText(fund.sats)} to ${fund.address}` }];
    return [];
  }
  const address = xmrLockAddressOf(s);
  const open = has('xmr_addr_shown') && !has('xmr_seen') && !has('withdrawn') && !has('lock_funding_closed');
  if (address && open && Object.keys(s.xmrDeposits).length === 0) return [{ id: 'lock-xmr', title: 'Lock the XMR', detail: xmrAskDetail(address, s.deal.xmrAmount) }];
  return [];
}

/**
 * Every transaction of the swap, each once, with its chain and the confirmations the steps use (the
 * effective count: a confirmed spend proves its parent at least as deep), so the table and the steps
 * never disagree. null: not seen by the node (yet), or a sweep (not watched after it is sent).
 */
function txsOf(f: ViewFacts): Tx[] {
  const { s, confs: c } = f;
  const eff: Readonly<Record<string, number>> = { lock: c.lock, cancel: c.cancel, buy: c.buy, refund: c.refund, punish: c.punish };
  const out: Tx[] = [];
  if (s.funding) out.push({ name: 'funding', chain: 'btc', txid: s.funding.txid, confs: s.funding.confs });
  for (const [name, w] of Object.entries(s.txs)) {
    const k = Math.max(w.maxConfs, eff[name] ?? -1);
    // Once the swap ended, a prepared alternative that never reached the chain is not part of its story.
    if (f.outcome !== null && k < 0) continue;
    out.push({ name, chain: 'btc', txid: w.txid, confs: k < 0 ? null : Math.max(k, w.confs ?? 0) });
  }
  // Bob watches the cancel output, not a punish tx he cannot know: its spender is the punish.
  if (s.punishSpend && !s.txs['punish']) out.push({ name: 'punish', chain: 'btc', txid: s.punishSpend.txid, confs: Math.max(s.punishSpend.maxConfs, c.punish) });
  for (const [txid, x] of Object.entries(s.xmrDeposits)) if (TXID.test(txid)) out.push({ name: 'xmr-lock', chain: 'xmr', txid, confs: x.confs });
  for (const txid of s.sweepTxids ?? []) if (TXID.test(txid)) out.push({ name: 'xmr-sweep', chain: 'xmr', txid, confs: null });
  const rank = (n: string) => (TX_ORDER.includes(n) ? TX_ORDER.indexOf(n) : TX_ORDER.length);
  return out.sort((a, b) => rank(a.name) - rank(b.name)).slice(0, 20);
}

export function swapView(input: SwapViewInput): SwapView {
  const { state: s } = input;
  const damaged = input.damaged ? input.damaged : null;
  const decider = deciderFor(s.deal.role);
  const na = decider.enabled(s);
  const f = viewFacts(decider.net, s);
  const live = input.live && na.live;
  const asks = asksOf(f);
  const warnings: Warning[] = [];
  if (damaged)
    warnings.push({ code: 'damaged', level: 'danger', message: clip(`This swap's record could not be read (${damaged}). Keep the data folder unchanged and restart the wallet; nothing runs on this swap until then.`, 500) });
  for (const w of na.warnings) warnings.push({ code: w.code, level: 'danger', message: w.message });
  warnings.push(...deadlineWarnings(f));
  if (!live && f.outcome === null)
    warnings.push({ code: 'catching-up', level: 'info', message: 'The chains are catching up after a restart: nothing is done until then. Keep the wallet open.' });
  const next = clip(nextOf(f, na, live, damaged, asks[0]?.detail ?? null), 500);
  // The address is shown only once the daemon watches it (funding_watched): a payment made before the
  // watch started could be missed, so the person never sees an address the swap is not yet looking at.
  const funding = f.role === 'bob' && (s.marking['funding_watched'] !== undefined || s.funding !== null) ? fundingOf(s) : null;
  const summary: SwapSummary = {
    swapId: s.deal.swapId,
    role: s.deal.role,
    stage: clip(stageOf(f, damaged), 200),
    outcome: damaged ? 'damaged' : (f.outcome ?? 'running'),
    btcSats: s.deal.btcAmount,
    xmrPiconero: s.deal.xmrAmount,
    // An ended swap is as new as its end (kept in the state), so the history's order never moves.
    updatedAt: Math.max(0, Math.trunc(f.outcome !== null && s.endedAt !== undefined ? s.endedAt : Math.max(input.updatedAt, input.genesisCreatedAt))),
    next: clip(next, 300),
    blocksToDeadline: blocksToDeadline(f),
    needsAction: asks.length > 0 || warnings.some((w) => w.level === 'danger'),
  };
  return {
    summary,
    live,
    marking: Object.keys(s.marking).slice(0, 200),
    steps: swapSteps(f),
    deadlines: [f.cancel, f.punish].map(({ id, title, blocksLeft, total }) => ({ id, title, blocksLeft, total })),
    funding: funding && { ...funding, seen: s.funding && { txid: s.funding.txid, sats: s.funding.amount, confs: s.funding.confs } },
    txs: txsOf(f),
    story: storyOf(f, input.genesisCreatedAt),
    next,
    transitions: transitionsOf(decider.net, s, na),
    abort: na.abort,
    warnings: warnings.slice(0, 20),
    asks,
  };
}

/** The history list's row: the view's summary (no steps, transitions or nodes needed by the caller). */
export const swapSummary = (input: SwapViewInput): SwapSummary => swapView(input).summary;

