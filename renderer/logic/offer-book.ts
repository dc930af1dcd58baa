// The Offers screen and the relay list as pure logic: each book offer as a row in the person's words
// (which way they swap, what they pay and get, the price both ways, timelocks as time on its network),
// the filter and sort of the list, why the list is empty and what to do, and the relay list's edits.
// Guards: an expired offer is never shown, whatever the poll says (the poll may lag the clock); the
// rows are built once per poll answer and sorted by precomputed bigint keys, so 1,000+ offers stay
// cheap to filter and sort on every tick; a row's words are made only when it is drawn. Amounts stay exact (bigint over the daemon's digits).
import type { BookOffer, OfferBookView, RelayStatus } from '../../shared/ipc/book-channels';
import type { Network } from '../../shared/ipc/channels';
import { DEFAULT_RELAYS, RelayUrlSchema } from '../../shared/networks/nostr-relays';
import { directionOf, type Role } from './direction';
import { blocksToTime, btcBlockSecondsOf, formatDuration, formatWhen, piconeroToXmr, satsToBtc, sentence } from './format';

const SATS_PER_BTC = 100_000_000n;
const PICONERO_PER_XMR = 1_000_000_000_000n;

export type BookDirection = 'buy' | 'sell';

/** One offer in the list: what filter and sort need, computed once per poll answer (cheap: no text). */
export interface BookRow {
  readonly key: string;
  readonly offer: BookOffer;
  /** The person's side if they take it: a maker selling XMR (alice) makes the person the BTC seller. */
  readonly yourRole: Role;
  readonly direction: BookDirection;
  readonly price: bigint;
  readonly amount: bigint;
  readonly expiresAtMs: number;
  readonly updatedAtMs: number;
}

/** A row's words, made only for the rows drawn (a page at a time), once per row. */
export interface RowTexts {
  readonly directionLabel: string;
  /** The BTC of a take, a range for a standing offer. */
  readonly btcText: string;
  /** The XMR that BTC buys, over the same range. */
  readonly xmrText: string;
  readonly priceText: string;
  readonly inverseText: string;
  readonly timelockText: string;
  readonly makerShort: string;
  readonly placesText: string;
  readonly relaysText: string;
}

/** A decimal text cut (not rounded) to `places` decimals, trailing zeros dropped: "160.123456789" -> "160.1234". */
export function cutDecimals(text: string, places: number): string {
  const [whole, frac = ''] = text.split('.');
  const f = frac.slice(0, places).replace(/0+$/, '');
  return f ? `${whole}.${f}` : (whole ?? text);
}

const range = (min: string, max: string, unit: string): string => (min === max ? `${max} ${unit}` : `${min} – ${max} ${unit}`);

/** "160.5 XMR per BTC" (cut to 4 decimals: a label, never an amount to pay). */
export const priceText = (xmrPerBtcPiconero: string): string => `${cutDecimals(piconeroToXmr(xmrPerBtcPiconero), 4)} XMR per BTC`;

/** The rate the other way, BTC for one XMR, to the satoshi (rounded down). */
export function inversePriceText(xmrPerBtcPiconero: string): string {
  const p = BigInt(xmrPerBtcPiconero);
  if (p === 0n) return '?';
  return `${satsToBtc((SATS_PER_BTC * PICONERO_PER_XMR) / p)} BTC per XMR`;
}

export function toRow(o: BookOffer): BookRow {
  const yourRole: Role = o.makerRole === 'alice' ? 'bob' : 'alice';
  return {
    key: o.offerId,
    offer: o,
    yourRole,
    direction: yourRole === 'bob' ? 'buy' : 'sell',
    price: BigInt(o.xmrPerBtcPiconero),
    amount: BigInt(o.maxBtcSats),
    expiresAtMs: o.expiresAt * 1000,
    updatedAtMs: o.updatedAt * 1000,
  };
}

export function rowTexts(r: BookRow): RowTexts {
  const o = r.offer;
  const max = r.amount;
  const min = BigInt(o.minBtcSats);
  const xmrMax = BigInt(o.xmrPiconero);
  // The XMR at the range's low end, at the same price (what the maker's quote gives for min BTC).
  const xmrMin = max === 0n ? 0n : (xmrMax * min) / max;
  const secs = btcBlockSecondsOf(o.network);
  return {
    directionLabel: directionOf(r.yourRole).label,
    btcText: range(satsToBtc(min), satsToBtc(max), 'BTC'),
    xmrText: range(piconeroToXmr(xmrMin), piconeroToXmr(xmrMax), 'XMR'),
    priceText: priceText(o.xmrPerBtcPiconero),
    inverseText: inversePriceText(o.xmrPerBtcPiconero),
    // Regtest mines on demand: there the blocks alone are said (no time to give).
    timelockText: secs > 0 ? `cancel ${blocksToTime(o.cancelTimelock, secs)}, punish ${blocksToTime(o.punishTimelock, secs)}` : `cancel ${o.cancelTimelock} blocks, punish ${o.punishTimelock} blocks`,
    makerShort: `${o.makerKey.slice(0, 8)}…`,
    placesText: `${o.remaining} of ${o.capacity}`,
    relaysText: `${o.relays.length} relay${o.relays.length === 1 ? '' : 's'}`,
  };
}

export const toRows = (offers: readonly BookOffer[]): BookRow[] => offers.map(toRow);

/** How old the offer's latest event is, and how long this wallet has seen it. */
export function ageText(r: BookRow, now: number): string {
  const updated = formatWhen(r.updatedAtMs, now);
  const seen = formatWhen(r.offer.firstSeenAt, now);
  return updated === seen ? updated : `${updated} (seen ${seen})`;
}

export const expiryText = (r: BookRow, now: number): string => (r.expiresAtMs <= now ? 'expired' : `in ${formatDuration((r.expiresAtMs - now) / 1000)}`);

/** Why "Take" cannot act on this row now, or null. */
export function takeBlocker(r: BookRow, ctx: { now: number; daemonReady: boolean; network: Network | null }): string | null {
  if (!ctx.daemonReady) return 'The swap daemon is not ready yet.';
  if (r.expiresAtMs <= ctx.now) return 'This offer has expired.';
  if (r.offer.remaining === 0) return 'The maker has no place left for a new swap right now.';
  if (ctx.network && r.offer.network !== ctx.network) return `This offer is for ${r.offer.network}; the wallet is on ${ctx.network} (see Settings).`;
  return null;
}

export interface BookFilter {
  readonly direction: 'all' | BookDirection;
  readonly network: 'all' | Network;
}
export type SortKey = 'newest' | 'price' | 'amount';
export interface BookSort {
  readonly key: SortKey;
  readonly dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: BookSort = { key: 'newest', dir: 'desc' };

const cmp = (a: bigint | number, b: bigint | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Live rows (never an expired one) that pass the filter, in the chosen order; ties by offer id so the order is stable. */
export function visibleRows(rows: readonly BookRow[], filter: BookFilter, sort: BookSort, now: number): BookRow[] {
  const out = rows.filter(
    (r) => r.expiresAtMs > now && (filter.direction === 'all' || r.direction === filter.direction) && (filter.network === 'all' || r.offer.network === filter.network),
  );
  const sign = sort.dir === 'asc' ? 1 : -1;
  const key = (r: BookRow): bigint | number => (sort.key === 'price' ? r.price : sort.key === 'amount' ? r.amount : r.updatedAtMs);
  return out.sort((a, b) => sign * cmp(key(a), key(b)) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export const liveCount = (rows: readonly BookRow[], now: number): number => rows.reduce((n, r) => n + (r.expiresAtMs > now ? 1 : 0), 0);

export interface BookEmpty {
  readonly kind: 'loading' | 'unavailable' | 'no-relays' | 'connecting' | 'failing' | 'filtered' | 'no-offers';
  readonly title: string;
  readonly text: string;
  /** Where the person can act: Settings (relays, sandbox), the wizard (paste an offer), or the filters. */
  readonly action: 'settings' | 'wizard' | 'filters' | null;
}

const PASTE = 'You can still paste an offer you were given in New swap.';

/** Why nothing is listed and what to do; null when something is. */
export function emptyBook(input: {
  view: OfferBookView | null;
  error: { kind: string; message: string } | null;
  live: number;
  shown: number;
  network: Network | null;
  sandboxOn: boolean;
}): BookEmpty | null {
  const { view, error, live, shown, network } = input;
  if (shown > 0) return null;
  if (!view) {
    if (!error) return { kind: 'loading', title: 'Loading the offer book…', text: 'Asking the wallet for the offers its relays carry.', action: null };
    return { kind: 'unavailable', title: 'The offer book is not open', text: `${sentence(error.message)} Offers appear here once the wallet runs. ${PASTE}`, action: 'wizard' };
  }
  if (view.relays.length === 0) {
    const text =
      network === 'regtest'
        ? input.sandboxOn
          ? "On regtest the offers come from the sandbox's local relay, which is not running yet; or add a relay of your own in Settings."
          : "On regtest the offers come from the sandbox's local relay: turn the sandbox on in Settings, or add a relay of your own there."
        : 'Add a relay in Settings, or use the defaults there.';
    return { kind: 'no-relays', title: 'No relays to read offers from', text: `${text} ${PASTE}`, action: 'settings' };
  }
  if (live > 0) {
    return { kind: 'filtered', title: 'No offer matches these filters', text: `${live} live offer${live === 1 ? ' is' : 's are'} hidden by the direction or network filter.`, action: 'filters' };
  }
  const connected = view.relays.filter((r) => r.status === 'connected');
  if (connected.length === 0) {
    if (view.relays.some((r) => r.status === 'connecting')) {
      return { kind: 'connecting', title: 'Connecting to the relays…', text: `Offers appear as soon as a relay answers. ${PASTE}`, action: null };
    }
    const errors = view.relays.map((r) => `${r.url}: ${r.lastError ?? r.status}`).join('; ');
    return { kind: 'failing', title: 'No relay answers', text: `Every relay failed (${errors}). Check the relay addresses and your connection in Settings. ${PASTE}`, action: 'settings' };
  }
  const where = network ? ` for ${network}` : '';
  return {
    kind: 'no-offers',
    title: 'No offers yet',
    text: `Connected to ${connected.length} relay${connected.length === 1 ? '' : 's'}; no maker has published an offer${where} yet. New offers appear here on their own. ${PASTE}`,
    action: 'wizard',
  };
}

// ---- the relay list in Settings ----

export const RELAY_SOURCE_TEXT: Readonly<Record<RelayStatus['source'], string>> = {
  settings: 'your list',
  default: 'default',
  sandbox: "the sandbox's local relay",
};

/** A relay's state in words: connected (and its last event), connecting, failing with the last error. */
export function relayStateText(r: RelayStatus, now: number): string {
  const last = r.lastEventAt === null ? 'no event yet' : `last event ${formatWhen(r.lastEventAt, now)}`;
  switch (r.status) {
    case 'connected':
      return `connected · ${last}`;
    case 'connecting':
      return r.attempts > 0 ? `connecting (attempt ${r.attempts + 1}) · ${last}` : `connecting · ${last}`;
    case 'failing':
      return `failing: ${r.lastError ?? 'no answer'} (${r.attempts} attempt${r.attempts === 1 ? '' : 's'}) · ${last}`;
    case 'closed':
      return 'closed';
  }
}

export const MAX_RELAYS = 16;

/** Adds a relay to the person's list, checked as the host will check it; a problem is said, not thrown. */
export function addRelay(list: readonly string[], text: string): { ok: true; list: string[] } | { ok: false; problem: string } {
  const url = text.trim().replace(/\/$/, '');
  if (!url) return { ok: false, problem: 'Enter a relay address (wss://…).' };
  const parsed = RelayUrlSchema.safeParse(url);
  if (!parsed.success) return { ok: false, problem: sentence(parsed.error.issues[0]?.message ?? 'not a relay address') };
  if (list.includes(url)) return { ok: false, problem: 'This relay is already in the list.' };
  if (list.length >= MAX_RELAYS) return { ok: false, problem: `At most ${MAX_RELAYS} relays.` };
  return { ok: true, list: [...list, url] };
}

export const removeRelay = (list: readonly string[], url: string): string[] => list.filter((u) => u !== url);

/** The list being edited: the person's own, or null for the network's defaults. */
export type RelayDraft = readonly string[] | null;

export const draftList = (draft: RelayDraft, network: Network): readonly string[] => draft ?? DEFAULT_RELAYS[network];

export const sameDraft = (a: RelayDraft | undefined, b: RelayDraft | undefined): boolean =>
  (a ?? null) === null ? (b ?? null) === null : (b ?? null) !== null && JSON.stringify(a) === JSON.stringify(b);

/** The settings:set patch for a draft: the person's list, or null to go back to the network's defaults (the list leaves settings). */
export const relaysPatch = (draft: RelayDraft): { relays: string[] | null } => ({ relays: draft === null ? null : [...draft] });
