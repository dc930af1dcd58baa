// Which status notices deserve a desktop notification: warnings and dangers, each notice id once per
// run of the app (a notice stays in app:status while it holds; repeating it every poll would be spam).
import type { AppStatus, SwapSummary, SwapView } from '../../shared/ipc/channels';
import { isNoticeOf, swapNotices } from '../../shared/protocol/swap-view-notices';

export type Notice = AppStatus['notices'][number];

export interface NotifyPlan {
  /** Notices to show now, in the order the daemon gave them. */
  readonly notify: readonly Notice[];
  /** Ids already shown, including the new ones. */
  readonly seen: ReadonlySet<string>;
}

export function planNotifications(seen: ReadonlySet<string>, notices: readonly Notice[]): NotifyPlan {
  const next = new Set(seen);
  const notify: Notice[] = [];
  for (const n of notices) {
    if (n.level === 'info' || next.has(n.id)) continue;
    next.add(n.id);
    notify.push(n);
  }
  return { notify, seen: next };
}

export interface Banner {
  readonly id: string;
  readonly level: 'info' | 'warning' | 'danger';
  readonly title: string;
  readonly message: string;
  readonly swapId?: string | null;
}

/** The in-app banners for a status: the daemon, each chain, then the notices. */
export function bannersOf(status: AppStatus | null, hostError: { kind: string; message: string } | null): Banner[] {
  const out: Banner[] = [];
  // host-token: the host answers but refuses a page opened without its printed link.
  const hostTitle = hostError?.kind === 'host-token' ? 'Open the link the wallet printed' : 'The wallet host does not answer';
  if (hostError) out.push({ id: `host:${hostError.kind}`, level: 'danger', title: hostTitle, message: hostError.message });
  if (!status) return out;
  const d = status.daemon;
  if (d.state === 'unavailable') out.push({ id: 'daemon', level: 'danger', title: 'Swap daemon unavailable', message: d.message });
  else if (d.state === 'starting' || d.state === 'recovering')
    out.push({ id: 'daemon', level: 'info', title: d.state === 'starting' ? 'Swap daemon starting' : 'Swap daemon recovering your swaps', message: d.message });
  for (const c of status.chains) {
    const name = c.chain === 'btc' ? 'Bitcoin' : 'Monero';
    if (c.status === 'unreachable') out.push({ id: `chain:${c.chain}`, level: 'danger', title: `${name} node unreachable`, message: c.message });
    else if (c.status === 'stalled') out.push({ id: `chain:${c.chain}`, level: 'warning', title: `${name} chain tip stalled`, message: c.message });
  }
  if (status.sandbox.state === 'failed') out.push({ id: 'sandbox', level: 'warning', title: 'Sandbox failed', message: status.sandbox.message });
  for (const n of status.notices) out.push({ id: `notice:${n.id}`, level: n.level, title: n.level === 'danger' ? 'Action needed' : n.level === 'warning' ? 'Attention' : 'Note', message: n.message, swapId: n.swapId });
  return out;
}

/**
 * The app's list and notices with one swap's fresher view applied (the swap page polls its view more
 * often than the app polls the list and status): its summary replaces the listed one and its notices are
 * made again from the view, so the Resume card, the history row and the banners say what the page says.
 * Returns the same objects when nothing changed (no re-render).
 */
export function withFreshView(swaps: readonly SwapSummary[], status: AppStatus | null, view: SwapView): { swaps: readonly SwapSummary[]; status: AppStatus | null } {
  const id = view.summary.swapId;
  const at = swaps.findIndex((x) => x.swapId === id);
  const sameSummary = at >= 0 && JSON.stringify(swaps[at]) === JSON.stringify(view.summary);
  const nextSwaps = sameSummary ? swaps : at >= 0 ? swaps.map((x, i) => (i === at ? view.summary : x)) : [view.summary, ...swaps];
  if (!status) return { swaps: nextSwaps, status };
  const mine = swapNotices(view);
  const before = status.notices.filter((n) => isNoticeOf(n, id));
  if (JSON.stringify(before) === JSON.stringify(mine)) return { swaps: nextSwaps, status };
  const others = status.notices.filter((n) => !isNoticeOf(n, id));
  return { swaps: nextSwaps, status: { ...status, notices: [...others, ...mine].slice(0, 50) } };
}
