// One call for every maker (the app's wallet, the headless maker, the sandbox's maker): keep a maker's
// offer registry announced on its relays. It opens the relay pool (or borrows the one the wallet's offer
// book holds, so a relay sees one connection from the wallet, not two), starts the announcer with the
// signer's Nostr key, announces the registry as it is now and again after each durable change of it.
// Guards: the registry is read only after it changed on disk (the book's onChange), so a relay never
// hears of an offer the maker could not honour after a crash; no relay configured: nothing opens.
import type { OfferRegistry } from '../../shared/offer/offer-registry';
import type { AppError, Result } from '../../shared/result';
import { ok } from '../../shared/result';
import type { NostrEventSigner } from './nostr-signer';
import { startOfferAnnouncer, type OfferAnnouncer } from './offer-announcer';
import { startRelayPool, type RelayPool, type RelayState } from './relay-pool';

/** The maker's registry as the announcer needs it (electron/daemon/offer-book.ts's OfferBook fits). */
export interface AnnouncedRegistry {
  readonly snapshot: OfferRegistry;
  onChange(cb: (registry: OfferRegistry) => void): () => void;
}

export type OfferPublisherOptions = PublisherCore & ({ readonly relays: readonly string[] } | { readonly pool: RelayPool });

interface PublisherCore {
  readonly signer: NostrEventSigner;
  /** The maker's identity seed (its offers' ed25519 key): binds the Nostr key to it. */
  readonly identitySeed: Uint8Array;
  readonly registry: AnnouncedRegistry;
  readonly log?: (event: string, detail: string) => void;
}

export interface OfferPublisher {
  readonly pubkey: string;
  relays(): RelayState[];
  announcer(): OfferAnnouncer;
  close(): void;
}

/** Null when there is no relay to publish on. A borrowed pool is left open by `close()`: its owner closes it. */
export async function startOfferPublisher(o: OfferPublisherOptions): Promise<Result<OfferPublisher | null, AppError>> {
  if ('relays' in o && o.relays.length === 0) return ok(null);
  const owned = 'relays' in o;
  const pool: RelayPool = 'relays' in o ? startRelayPool({ relays: o.relays }) : o.pool;
  const closePool = () => (owned ? pool.close() : undefined);
  const started = await startOfferAnnouncer({ pool, signer: o.signer, identitySeed: o.identitySeed, ...(o.log ? { log: o.log } : {}) });
  if (!started.ok) {
    closePool();
    return started;
  }
  const announcer = started.value;
  const stop = o.registry.onChange((r) => void announcer.announce(r));
  void announcer.announce(o.registry.snapshot);
  return ok({
    pubkey: announcer.pubkey,
    relays: () => pool.states(),
    announcer: () => announcer,
    close() {
      stop();
      announcer.close();
      closePool();
    },
  });
}
