// The desktop app in the background, decided here and only wired in electron/main.ts: while a swap is
// unfinished the daemon must stay up (being offline past cancel + punish loses the BTC), so closing the
// window hides it to the tray; quitting asks first and names the nearest safety deadline; the tray shows
// each unfinished swap's state; OS notifications tell a hidden app's person about each deadline that
// comes near and each swap that ends. Pure over swap summaries (swaps:list), tested under plain Node.
// Invariants: nothing here quits while the person has not agreed; each notification is raised once
// (its id is remembered); a swap first seen already finished or already near its deadline at start is
// not announced as news unless the app is hidden then.
import type { Settings, SwapSummary } from '../../shared/ipc/channels';
import { BTC_NETWORKS } from '../../shared/networks/bitcoin-chains';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';

/** Unfinished: the daemon must keep watching it (running, or damaged and waiting for the person). */
export const isUnfinished = (s: SwapSummary): boolean => s.outcome === 'running' || s.outcome === 'damaged';

/** A safety deadline this near (blocks) is announced: about 2 h on mainnet, where cancel is 72 blocks. */
export const DEADLINE_WARN_BLOCKS = 12;

const short = (s: SwapSummary) => s.swapId.slice(0, 8);
const side = (s: SwapSummary) => (s.role === 'bob' ? 'buying XMR' : 'selling XMR');

/** Seconds a Bitcoin block of the Settings' network (the deadlines count Bitcoin blocks); 0 on regtest. */
export const blockSecondsOf = (network: Settings['network']): number => BTC_NETWORKS[SWAP_NETWORKS[network].btc].blockSeconds;

/** "~2 h 10 min" from blocks at the network's pace; '' where blocks have no pace (regtest: mined on demand). */
export function blocksTime(blocks: number, blockSeconds: number): string {
  if (blockSeconds <= 0) return '';
  const min = Math.round((blocks * blockSeconds) / 60);
  if (min < 60) return `~${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `~${h} h ${min % 60} min` : `~${h} h`;
}

/** "in 5 blocks (~50 min)", "now" when none is left. */
export function deadlineText(blocks: number, blockSeconds: number): string {
  if (blocks <= 0) return 'now';
  const t = blocksTime(blocks, blockSeconds);
  return `in ${blocks} block${blocks === 1 ? '' : 's'}${t ? ` (${t})` : ''}`;
}

/** The unfinished swap whose safety deadline is nearest (null when none has one). */
export function nearestDeadline(swaps: readonly SwapSummary[]): (SwapSummary & { blocksToDeadline: number }) | null {
  let best: (SwapSummary & { blocksToDeadline: number }) | null = null;
  for (const s of swaps) {
    if (!isUnfinished(s) || s.blocksToDeadline === null) continue;
    if (!best || s.blocksToDeadline < best.blocksToDeadline) best = s as SwapSummary & { blocksToDeadline: number };
  }
  return best;
}

export type CloseDecision = { readonly kind: 'hide'; readonly notice: string } | { readonly kind: 'close' };

/** What closing the window does: hide to the tray while a swap is unfinished (the daemon keeps watching), else close. */
export function onWindowClose(swaps: readonly SwapSummary[], quitting: boolean): CloseDecision {
  const open = swaps.filter(isUnfinished).length;
  if (quitting || open === 0) return { kind: 'close' };
  return {
    kind: 'hide',
    notice: `Swap Wallet keeps running in the background: ${open} swap${open === 1 ? ' is' : 's are'} not finished. Open it from the tray icon; quit from there.`,
  };
}

export interface TrayView {
  readonly tooltip: string;
  /** One line a swap (disabled menu items), in the menu above Open and Quit. */
  readonly lines: readonly string[];
}

/** The tray's tooltip and the menu lines: each unfinished swap, its stage and its deadline. */
export function trayView(swaps: readonly SwapSummary[], blockSeconds: number): TrayView {
  const open = swaps.filter(isUnfinished).sort((a, b) => (a.blocksToDeadline ?? Infinity) - (b.blocksToDeadline ?? Infinity));
  const lines = open.map((s) => {
    const dl = s.blocksToDeadline === null ? '' : `; safety deadline ${deadlineText(s.blocksToDeadline, blockSeconds)}`;
    return `${short(s)} ${side(s)}: ${s.stage}${dl}${s.needsAction ? ' (needs you)' : ''}`;
  });
  const near = nearestDeadline(open);
  const tooltip =
    open.length === 0
      ? 'Swap Wallet: no swap running'
      : `Swap Wallet: ${open.length} swap${open.length === 1 ? '' : 's'} running${near ? `; nearest safety deadline ${deadlineText(near.blocksToDeadline, blockSeconds)}` : ''}`;
  return { tooltip, lines: lines.length ? lines : ['No swap running'] };
}

export interface QuitConfirmation {
  readonly message: string;
  readonly detail: string;
  /** [keep running, quit]: the safe choice first and the default. */
  readonly buttons: readonly [string, string];
  readonly defaultId: 0;
  readonly cancelId: 0;
}

/** What to ask before quitting, or null when nothing is at risk (no unfinished swap). */
export function quitConfirmation(swaps: readonly SwapSummary[], blockSeconds: number): QuitConfirmation | null {
  const open = swaps.filter(isUnfinished);
  if (open.length === 0) return null;
  const near = nearestDeadline(open);
  const risk = near
    ? `The nearest safety deadline is swap ${short(near)}'s (${side(near)}), ${deadlineText(near.blocksToDeadline, blockSeconds)}: if the wallet is not running then, it cannot cancel, refund or punish in time, and being offline past the cancel and punish timelocks can lose the Bitcoin.`
    : 'No deadline is near yet, but the swap needs the wallet online to finish, and to cancel or refund in time if it stalls.';
  return {
    message: `Quit with ${open.length} swap${open.length === 1 ? '' : 's'} not finished?`,
    detail: `${risk} Keep it running (close the window to leave it in the tray) unless you will start it again well before then.`,
    buttons: ['Keep running', 'Quit anyway'],
    defaultId: 0,
    cancelId: 0,
  };
}

export interface OsNotice {
  /** Remembered so it is raised once. */
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly swapId: string;
}

/** What was already announced, and each swap's last deadline count (a count going up is a new deadline). */
export interface NoticeMemory {
  readonly seen: ReadonlySet<string>;
  readonly deadlines: ReadonlyMap<string, { readonly blocks: number; readonly epoch: number }>;
}
export const emptyNoticeMemory = (): NoticeMemory => ({ seen: new Set(), deadlines: new Map() });

const ENDED_WORDS: Partial<Record<SwapSummary['outcome'], string>> = {
  swapped: 'swapped: the coins are yours',
  refunded: 'refunded: your coins came back',
  punished: 'punished: the counterparty stayed away past the deadline',
  aborted: 'aborted before any coin was locked',
};

/**
 * The OS notifications to raise now, from the previous poll's summaries (null at the first poll) and
 * this one's: a swap that ended since, a safety deadline that came within DEADLINE_WARN_BLOCKS (once per
 * deadline: when the count goes up, cancel passed and punish is the next one). Raised only while the
 * window is hidden; shown or not, what happened is remembered, so showing the window later raises nothing stale.
 */
export function noticesFor(
  prev: readonly SwapSummary[] | null,
  cur: readonly SwapSummary[],
  memory: NoticeMemory,
  opts: { readonly hidden: boolean; readonly blockSeconds: number },
): { notices: OsNotice[]; memory: NoticeMemory } {
  const seen = new Set(memory.seen);
  const deadlines = new Map(memory.deadlines);
  const before = new Map((prev ?? []).map((s) => [s.swapId, s]));
  const out: OsNotice[] = [];
  const raise = (n: OsNotice) => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    if (opts.hidden) out.push(n);
  };
  for (const s of cur) {
    const was = before.get(s.swapId);
    const ended = ENDED_WORDS[s.outcome];
    if (ended && was && isUnfinished(was)) {
      raise({ id: `ended:${s.swapId}`, title: `Swap ${short(s)} finished`, body: `Swap ${short(s)} (${side(s)}) ${ended}.`, swapId: s.swapId });
    }
    if (!isUnfinished(s) || s.blocksToDeadline === null) continue;
    const last = deadlines.get(s.swapId);
    const epoch = last && s.blocksToDeadline > last.blocks ? last.epoch + 1 : (last?.epoch ?? 0);
    deadlines.set(s.swapId, { blocks: s.blocksToDeadline, epoch });
    if (s.blocksToDeadline <= DEADLINE_WARN_BLOCKS) {
      raise({
        id: `deadline:${s.swapId}:${epoch}`,
        title: `Swap ${short(s)}: safety deadline ${deadlineText(s.blocksToDeadline, opts.blockSeconds)}`,
        body: `${s.next} Keep the wallet running until it is past.`,
        swapId: s.swapId,
      });
    }
  }
  return { notices: out, memory: { seen, deadlines } };
}

/** What app.setLoginItemSettings gets from Settings: start at login, hidden (the tray), or not at all. */
export function loginItemFor(settings: Pick<Settings, 'startAtLogin'>): { openAtLogin: boolean; openAsHidden: boolean; args: string[] } {
  const on = settings.startAtLogin === true;
  return { openAtLogin: on, openAsHidden: on, args: on ? [STARTED_HIDDEN_FLAG] : [] };
}

/** The flag a login start carries (Windows and Linux; macOS tells wasOpenedAsHidden instead). */
export const STARTED_HIDDEN_FLAG = '--started-at-login';

/** Whether this start came from the login item: then the window stays hidden and the tray shows. */
export const startedHidden = (argv: readonly string[], wasOpenedAsHidden: boolean): boolean => wasOpenedAsHidden || argv.includes(STARTED_HIDDEN_FLAG);
