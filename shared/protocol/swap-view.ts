// The pure swap view: a swap's state -> what the UI shows (summary, steps, deadlines, funding,
// transactions, next, transitions, abort, warnings, asks), shaped by `SwapViewSchema`.
// Guards one source of truth for the person: the host and the history list both derive from the
// folded state here, so what the screen says is what the net allows.
import type { SwapSummary, SwapView } from '../ipc/channels';
import type { SwapState } from './state';
import { deciderFor } from './decider';
import { blocksToDeadline, btcText, clip, fundingOf, viewFacts, xmrLockAddressOf, type ViewFacts } from './swap-view-facts';
import { swapSteps } from './swap-view-steps';
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

const TX_ORDER = ['lock', 'xmr-lock', 'buy', 'cancel', 'refund', 'punish'];
const TXID = /^[0-9a-f]{64}$/;

function asksOf(f: ViewFacts): Ask[] {
  const { has, s } = f;
  if (f.outcome !== null || f.aborted) return [];
  if (f.role === 'bob') {
    const fund = fundingOf(s);
    if (fund && has('funding_watched') && has('prelock') && !s.funding)
      return [{ id: 'fund', title: 'Fund the swap', detail: `Pay exactly ${btcText(fund.sats)} to ${fund.address}` }];
    return [];
  }
  const address = xmrLockAddressOf(s);
  const open = has('xmr_addr_shown') && !has('xmr_seen') && !has('withdrawn') && !has('lock_funding_closed');
  if (address && open) return [{ id: 'lock-xmr', title: 'Lock the XMR', detail: xmrAskDetail(address, s.deal.xmrAmount) }];
  return [];
}

function txsOf(s: SwapState): SwapView['txs'] {
  const out: SwapView['txs'] = Object.entries(s.txs).map(([name, w]) => ({ name, txid: w.txid, confs: w.confs }));
  // Bob watches the cancel output, not a punish tx he cannot know: its spender is the punish.
  if (s.punishSpend && !s.txs['punish']) out.push({ name: 'punish', txid: s.punishSpend.txid, confs: s.punishSpend.maxConfs });
  for (const [txid, x] of Object.entries(s.xmrDeposits)) if (TXID.test(txid)) out.push({ name: 'xmr-lock', txid, confs: x.confs });
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
    updatedAt: Math.max(0, Math.trunc(Math.max(input.updatedAt, input.genesisCreatedAt))),
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
    txs: txsOf(s),
    next,
    transitions: transitionsOf(decider.net, s, na),
    abort: na.abort,
    warnings: warnings.slice(0, 20),
    asks,
  };
}

/** The history list's row: the view's summary (no steps, transitions or nodes needed by the caller). */
export const swapSummary = (input: SwapViewInput): SwapSummary => swapView(input).summary;
