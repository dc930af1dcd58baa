// The regtest sandbox keeps its chains in the data dir, so its swaps survive a restart. When those
// chains are really gone (the sandbox folder deleted by hand), a swap that ran on them can never
// finish: its transactions exist nowhere. This says so on the swap and lets the person archive it
// (never resumed again, kept in history). Pure: the wallet service applies it to its views.
import type { SwapSummary, SwapView } from '../../shared/ipc/channels';

export interface ChainIds {
  readonly btc: string;
  readonly xmr: string;
}

/** True only when both identities are known and differ: a swap from before chain ids were kept is never called gone. */
export function chainsGone(recorded: ChainIds | undefined, current: ChainIds | undefined): boolean {
  return recorded !== undefined && current !== undefined && (recorded.btc !== current.btc || recorded.xmr !== current.xmr);
}

export const CHAINS_GONE =
  'The sandbox chains this swap ran on are gone (the sandbox folder was deleted or replaced), so none of its transactions exist any more and it can never finish. Its coins were worthless regtest coins. Archive it to take it off the Resume screen; it stays in History.';

/** The view of a running swap whose chains are gone: one danger warning, archiving allowed, nothing else to do. */
export function withChainsGone(view: SwapView): SwapView {
  if (view.summary.outcome !== 'running') return view;
  return {
    ...view,
    summary: { ...view.summary, needsAction: true, next: 'Archive this swap: its sandbox chains are gone.' },
    next: 'Nothing can finish this swap: its sandbox chains are gone. Archive it.',
    warnings: [{ code: 'chains-gone', level: 'danger' as const, message: CHAINS_GONE }, ...view.warnings].slice(0, 20),
    archive: { allowed: true, reason: '' },
  };
}

/** The history line of an archived swap. */
export function archivedSummary(s: SwapSummary, now: number): SwapSummary {
  return { ...s, outcome: 'archived', stage: 'Archived: its sandbox chains are gone', next: 'Nothing: this swap was set aside.', needsAction: false, blocksToDeadline: null, updatedAt: now };
}
