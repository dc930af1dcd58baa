// What the app shows of each swap: the protocol's view of the daemon's folded state (cached per record),
// marked archived or chains-gone on the sandbox, and the history summaries kept from those views.
import type { SwapId } from '../../shared/ids';
import type { SwapView } from '../../shared/ipc/channels';
import type { SwapState } from '../../shared/protocol/state';
import { swapView } from '../../shared/protocol/swap-view';
import { withXmrFunding } from '../../shared/protocol/swap-view-xmr-funding';
import type { SwapActor } from '../daemon/swap-actor';
import type { ClientBackup } from './client-backup';
import { archivedSummary, chainsGone, withChainsGone, type ChainIds } from './sandbox-chains';
import type { HistoryIndex } from './history-index';
import type { XmrFundingView } from './xmr-funding-view';

export interface WalletViews {
  /** The swap's view, or null when the daemon runs no actor for it. */
  viewOf(swapId: string): SwapView | null;
  /** Put the swap's current summary in the history index (archived swaps keep theirs). */
  refreshSummary(swapId: SwapId): void;
  /** Drop the cached view (its marks changed without a new record). */
  forget(swapId: string): void;
}

export interface ViewSources {
  readonly backup: ClientBackup;
  readonly index: HistoryIndex;
  readonly currentChains: ChainIds | undefined;
  /** The daemon's actor of a swap (the views are made before the node, which notes its swaps to them). */
  readonly actor: (swapId: SwapId) => SwapActor<SwapState> | undefined;
  /** Alice's XMR funding wallet as last polled (it changes without a new record, so it is not cached). */
  readonly xmrFunding?: (swapId: string) => XmrFundingView | null;
}

export function walletViews(s: ViewSources): WalletViews {
  // On the sandbox: swaps whose chains are gone, and those the person archived (never resumed).
  const gone = (swapId: string) => chainsGone(s.backup.swap(swapId)?.sandboxChains, s.currentChains);
  // Every poll (status, list, the open swap) asks for views; a view is rebuilt only when its swap's
  // record (immutable, replaced on each durable step) or the actor's status changed since.
  const views = new Map<string, { rec: unknown; status: string; view: SwapView }>();
  function viewOf(swapId: string): SwapView | null {
    const v = foldedViewOf(swapId);
    const funding = v && s.xmrFunding ? s.xmrFunding(swapId) : null;
    // The funding wallet pays the joint lock address itself: the person is never asked to pay it by hand,
    // and next (the summary's too) says where the funding stands.
    return v && funding ? withXmrFunding(v, funding) : v;
  }
  function foldedViewOf(swapId: string): SwapView | null {
    const a = s.actor(swapId as SwapId);
    if (!a) return null;
    const rec = a.record;
    const hit = views.get(swapId);
    if (hit && hit.rec === rec && hit.status === a.status) return hit.view;
    const folded = swapView({
      state: rec.core as SwapState,
      genesisCreatedAt: rec.genesis.createdAt,
      updatedAt: Date.now(),
      live: a.status === 'live' || a.status === 'finished',
      damaged: a.status === 'halted' ? 'the daemon stopped this swap: its transcript could not be written' : null,
    });
    const view = s.backup.archived().has(swapId)
      ? { ...folded, summary: archivedSummary(folded.summary, folded.summary.updatedAt) }
      : gone(swapId)
        ? withChainsGone(folded)
        : folded;
    views.set(swapId, { rec, status: a.status, view });
    return view;
  }
  const refreshSummary = (swapId: SwapId) => {
    if (s.backup.archived().has(swapId)) return;
    const v = viewOf(swapId);
    if (v) s.index.put(v.summary);
  };
  return { viewOf, refreshSummary, forget: (swapId) => views.delete(swapId) };
}
