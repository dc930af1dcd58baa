// The headless maker's offers on Nostr: starts the one publisher every maker uses
// (electron/nostr/offer-publisher.ts) over its offer book, once its offers exist, and says how its
// relays are doing, for the status file and the log. Why started after the first look at the offers
// and not at once: the book read at start may still hold offers that look is about to revoke (a
// changed policy); announcing those first would list, then delete, offers nobody can take.
// Guards: a publisher that cannot start (the signer refused its Nostr key) is logged and tried again
// at the next tick, the maker serves its offers by string meanwhile; a relay going down or refusing an
// event is a warning, never a stop: its offers reach it again when it comes back (the announcer).
import { startOfferPublisher, type AnnouncedRegistry, type OfferPublisher } from '../nostr/offer-publisher';
import type { NostrEventSigner } from '../nostr/nostr-signer';
import type { RelayStatus } from '../nostr/relay-pool';
import type { MakerLog } from './maker-log';
import type { MakerStatus } from './maker-status';

/** The status file's `nostr`: the maker's Nostr key once the publisher started, each relay's state. */
export type MakerNostrStatus = NonNullable<MakerStatus['nostr']>;

export interface MakerPublisher {
  /** Starts the publisher if it has not (no relays: nothing to start); logs each relay's new state. */
  tick(): Promise<void>;
  status(): MakerNostrStatus;
  close(): void;
}

export interface MakerPublisherOptions {
  readonly relays: readonly string[];
  readonly signer: NostrEventSigner;
  readonly identitySeed: Uint8Array;
  readonly registry: AnnouncedRegistry;
  readonly log: MakerLog;
}

/** The announcer's "x/y relays" tail: fewer took it than were asked. */
const partial = (detail: string): boolean => {
  const m = / (\d+)\/(\d+) relays$/.exec(detail);
  return m !== null && Number(m[1]) < Number(m[2]);
};

export function makerPublisher(o: MakerPublisherOptions): MakerPublisher {
  let publisher: OfferPublisher | null = null;
  let closed = false;
  /** Kept after close: the stopped maker's status still names its Nostr key. */
  let pubkey: string | null = null;
  const seen = new Map<string, RelayStatus>();
  const announcerLog = (event: string, detail: string) => {
    const level = event === 'sign-refused' || event === 'announce-failed' ? 'error' : partial(detail) ? 'warn' : 'info';
    o.log(level, 'nostr', event, { msg: detail });
  };
  const watchRelays = () => {
    for (const s of publisher?.relays() ?? []) {
      if (seen.get(s.url) === s.status) continue;
      seen.set(s.url, s.status);
      if (s.status === 'connected') o.log('info', 'nostr', 'relay-connected', { relay: s.url, msg: `${s.url}: connected; the open offers are announced there` });
      else if (s.status === 'failing') o.log('warn', 'nostr', 'relay-failing', { relay: s.url, msg: `${s.url}: ${s.lastError ?? 'failing'} (attempt ${s.attempts}; retried with backoff)` });
    }
  };
  return {
    async tick() {
      if (closed || o.relays.length === 0) return;
      if (!publisher) {
        const p = await startOfferPublisher({ relays: o.relays, signer: o.signer, identitySeed: o.identitySeed, registry: o.registry, log: announcerLog });
        if (!p.ok) {
          o.log('error', 'nostr', 'publisher-failed', { msg: `offers not announced on Nostr (tried again at the next tick): ${p.error.kind}: ${p.error.message}` });
          return;
        }
        if (closed) return p.value?.close();
        publisher = p.value;
        pubkey = publisher?.pubkey ?? null;
        o.log('info', 'nostr', 'publishing', { pubkey: publisher?.pubkey, relays: [...o.relays], msg: `offers announced on ${o.relays.length} relay(s) as ${publisher?.pubkey ?? '-'}` });
      }
      watchRelays();
    },
    status() {
      if (!publisher) return { pubkey, relays: o.relays.map((url) => ({ url, status: closed ? ('closed' as const) : ('connecting' as const), lastError: null })) };
      return { pubkey: publisher.pubkey, relays: publisher.relays().map((s) => ({ url: s.url, status: s.status, lastError: s.lastError })) };
    },
    close() {
      closed = true;
      publisher?.close();
      publisher = null;
    },
  };
}
