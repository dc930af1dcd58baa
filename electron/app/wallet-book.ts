// The person's view of the Nostr offer book (book:list): the taker's book (electron/nostr/offer-book.ts)
// on the wallet's relays, mapped to the channel's BookOffer, with each relay's state and where it came
// from (the person's list, the network's defaults, the sandbox's local relay). Guards: the book needs
// neither the daemon nor the nodes (it answers while the daemon starts and when nodes are down); a
// change of relays reopens only the pool and the book, never the wallet, and tells those who publish
// on the same relays (the person's own offers); no relay: no pool, an empty book, nothing published.
import type { BookOffer, OfferBookView, RelayStatus } from '../../shared/ipc/book-channels';
import { relaysInUse } from '../../shared/networks/nostr-relays';
import { offerRangeOf } from '../../shared/offer/offer-range';
import type { SwapNetworkName } from '../../shared/networks/swap-networks';
import { ok, type AppError, type Result } from '../../shared/result';
import { startOfferBook, type OfferBook, type OfferBookEntry } from '../nostr/offer-book';
import { startRelayPool, type RelayPool, type RelayPoolOptions, type RelayState } from '../nostr/relay-pool';

export type RelaySource = RelayStatus['source'];
export interface WalletRelay {
  readonly url: string;
  readonly source: RelaySource;
}

/** The relays in use (relaysInUse), each labelled: in the person's list, else the sandbox's, else a default. */
export function walletRelays(network: SwapNetworkName, chosen: readonly string[] | undefined, sandboxRelay: string | null): WalletRelay[] {
  return relaysInUse(network, chosen, sandboxRelay).map((url) => ({
    url,
    source: chosen?.includes(url) ? 'settings' : url === sandboxRelay ? 'sandbox' : 'default',
  }));
}

/** Piconero per whole BTC, rounded down: exactly xmrPiconero / maxBtcSats scaled by 1e8. */
export const pricePerBtc = (xmrPiconero: string, maxBtcSats: string): string => ((BigInt(xmrPiconero) * 100_000_000n) / BigInt(maxBtcSats)).toString();

/** One book entry as the Offers screen reads it (a single-take offer: min = max, capacity 1). */
export function bookOffer(e: OfferBookEntry): BookOffer {
  const t = e.terms;
  return {
    offer: e.offer,
    ...offerRangeOf(t),
    makerKey: e.makerKey,
    nostrPubkey: e.pubkey,
    xmrPerBtcPiconero: pricePerBtc(t.xmrPiconero, t.btcSats),
    remaining: e.remaining,
    capacity: e.capacity,
    updatedAt: e.updatedAt,
    firstSeenAt: e.firstSeenAt,
    relays: e.relays.slice(0, 16),
  };
}

/** A relay's state with its source (a relay no longer in the list is not shown). */
export function relayStatus(s: RelayState, relays: readonly WalletRelay[]): RelayStatus | null {
  const r = relays.find((x) => x.url === s.url);
  return r ? { url: s.url, status: s.status, lastEventAt: s.lastEventAt, lastError: s.lastError?.slice(0, 500) ?? null, attempts: s.attempts, source: r.source } : null;
}

/** The channel's answer: every network's offers (the screen filters), newest first, within the schema's bounds. */
export function bookView(entries: readonly OfferBookEntry[], states: readonly RelayState[], relays: readonly WalletRelay[], ignored: number): OfferBookView {
  return {
    offers: entries.slice(0, 5000).map(bookOffer),
    relays: states.map((s) => relayStatus(s, relays)).filter((s): s is RelayStatus => s !== null).slice(0, 17),
    ignored,
  };
}

export interface WalletBook {
  browseOffers(): Promise<Result<OfferBookView, AppError>>;
  /** The relays in use now. */
  relays(): readonly WalletRelay[];
  /** Reopen the pool and the book on these relays (nothing happens when they are the same). */
  setRelays(relays: readonly WalletRelay[]): void;
  /** `cb(urls)` after each change of relays (the person's offers are published on the same ones). */
  onRelaysChange(cb: (urls: readonly string[]) => void): () => void;
  /** The book's open relay pool (null: no relay), lent to the person's offer publisher; it changes with the relays. */
  pool(): RelayPool | null;
  close(): void;
}

export interface WalletBookOptions {
  readonly relays: readonly WalletRelay[];
  /** Pool options besides the relays (tests: a faster backoff). */
  readonly pool?: Omit<RelayPoolOptions, 'relays'>;
  readonly log?: (line: string) => void;
}

export function openWalletBook(o: WalletBookOptions): WalletBook {
  let relays: readonly WalletRelay[] = [];
  let open: { pool: RelayPool; book: OfferBook } | null = null;
  let closed = false;
  const listeners = new Set<(urls: readonly string[]) => void>();
  const reopen = (next: readonly WalletRelay[]) => {
    const same = next.length === relays.length && next.every((r, i) => r.url === relays[i]!.url);
    relays = next;
    if (same && (open || next.length === 0)) return;
    open?.book.close();
    open?.pool.close();
    open = null;
    if (next.length > 0) {
      const pool = startRelayPool({ ...o.pool, relays: next.map((r) => r.url) });
      open = { pool, book: startOfferBook({ pool }) };
    }
    o.log?.(`offer book on ${next.length} relay(s)${next.length ? `: ${next.map((r) => r.url).join(', ')}` : ''}`);
    if (!same) listeners.forEach((cb) => cb(next.map((r) => r.url)));
  };
  reopen(o.relays);
  return {
    async browseOffers() {
      if (!open) return ok({ offers: [], relays: [], ignored: 0 });
      const ignored = Object.values(open.book.stats().ignored).reduce((a, n) => a + (n ?? 0), 0);
      return ok(bookView(open.book.list(), open.book.relays(), relays, ignored));
    },
    relays: () => relays,
    pool: () => open?.pool ?? null,
    setRelays(next) {
      if (!closed) reopen(next);
    },
    onRelaysChange(cb) {
      listeners.add(cb);
      return () => void listeners.delete(cb);
    },
    close() {
      closed = true;
      listeners.clear();
      open?.book.close();
      open?.pool.close();
      open = null;
    },
  };
}
