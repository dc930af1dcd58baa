// The person's standing offers announced on Nostr: the maker's registry (electron/daemon/offer-book.ts)
// kept published on the offer book's relays by startOfferPublisher, signed in the signer process by the
// wallet's Nostr key and bound to the wallet's peer identity, over the book's own relay pool. Guards: a change of relays closes the
// publisher and opens one on the new relays (a slower start that lost the race is closed, never kept);
// no relay: nothing is published; a signer that cannot give the Nostr key leaves the offers unannounced
// (pasted strings still work) and says so in the log, it never stops the offers themselves.
import { startOfferPublisher, type AnnouncedRegistry, type OfferPublisher } from '../nostr/offer-publisher';
import type { NostrEventSigner } from '../nostr/nostr-signer';
import type { RelayPool } from '../nostr/relay-pool';

export interface OffersAnnouncement {
  /** Connected relays carrying the offer's latest event (pending or taken to capacity); 0: not announced (no relay, revoked, expired, not yet). */
  announcedOn(offerId: string): number;
  close(): void;
}

export interface AnnounceOptions {
  readonly registry: AnnouncedRegistry;
  readonly identitySeed: Uint8Array;
  readonly signer: NostrEventSigner;
  /** The relays now, and their changes (the wallet's offer book's). */
  readonly relays: readonly string[];
  /** The book's pool on those relays, borrowed (one connection a relay); absent: the publisher opens its own. */
  readonly pool?: () => RelayPool | null;
  readonly onRelaysChange: (cb: (urls: readonly string[]) => void) => () => void;
  readonly log: (line: string) => void;
}

export function announceOffers(o: AnnounceOptions): OffersAnnouncement {
  let publisher: OfferPublisher | null = null;
  let generation = 0;
  let closed = false;
  const start = (urls: readonly string[]) => {
    const mine = ++generation;
    publisher?.close();
    publisher = null;
    if (urls.length === 0) return;
    const pool = o.pool?.() ?? null;
    void startOfferPublisher({
      ...(pool ? { pool } : { relays: urls }),
      signer: o.signer,
      identitySeed: o.identitySeed,
      registry: o.registry,
      log: (event, detail) => o.log(`offers nostr ${event}: ${detail}`),
    }).then(
      (r) => {
        if (!r.ok) return o.log(`offers not announced on Nostr: ${r.error.message}`);
        if (closed || mine !== generation) return r.value?.close();
        publisher = r.value;
        o.log(`offers announced on ${urls.length} relay(s) as ${r.value?.pubkey.slice(0, 12) ?? '-'}`);
      },
      (e: unknown) => o.log(`offers not announced on Nostr: ${String(e)}`),
    );
  };
  const unsub = o.onRelaysChange(start);
  start(o.relays);
  return {
    announcedOn(offerId) {
      const a = publisher?.announcer().announced().get(offerId);
      if (!publisher || !a || a.closed) return 0;
      return publisher.relays().filter((r) => r.status === 'connected').length;
    },
    close() {
      closed = true;
      unsub();
      publisher?.close();
      publisher = null;
    },
  };
}
