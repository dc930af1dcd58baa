// The maker's side of the offer book: keeps each of its offers on the relays as a NIP-69 event saying
// what the offer's registry says. The one call a maker makes is `announce(registry)` after each change
// of its offer registry (published, taken, swap ended, revoked); expiry it notices by itself. Guards:
// an event goes out only signed by the signer (which signs only offer events and their deletions);
// every update is newer than the last (created_at strictly grows), so relays and books keep the right
// one; taken to capacity, revoked, expired or gone from the registry: the status changes first, then a
// NIP-09 deletion follows; revoked and expired offers are never published again, and one already expired
// when first seen (a start with an old registry) is not published at all; a relay that (re)connects gets
// every unexpired offer's latest event again, and its deletion if it has one: not only the live ones, or
// a relay that was down when an offer closed (a maker restarting revokes before its relays connect)
// would keep serving the offer's older `pending` event, and books would list an offer nobody can take.
import type { SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { deletionTemplate, nostrKeyBinding, orderTemplate, type OrderState } from '../../shared/offer/nostr-order';
import { offerStatus, runningTakes, type OfferEntry, type OfferRegistry } from '../../shared/offer/offer-registry';
import type { AppError, Result } from '../../shared/result';
import { ok } from '../../shared/result';
import type { NostrEventSigner } from './nostr-signer';
import type { RelayPool } from './relay-pool';

export interface OfferAnnouncerOptions {
  readonly pool: RelayPool;
  readonly signer: NostrEventSigner;
  /** The maker's identity seed (its offers' ed25519 key): signs the binding of the Nostr key, once. */
  readonly identitySeed: Uint8Array;
  readonly nowSec?: () => number;
  readonly log?: (event: string, detail: string) => void;
}

export interface AnnouncedOffer {
  readonly state: OrderState;
  readonly event: SignedNostrEvent;
  /** Revoked or expired: deleted on the relays, never published again. */
  readonly closed: boolean;
}

export interface OfferAnnouncer {
  /** THE call for makers: the registry as it is now; publishes what changed. Calls run one at a time. */
  announce(registry: OfferRegistry): Promise<void>;
  /** What was last published per offer id. */
  announced(): ReadonlyMap<string, AnnouncedOffer>;
  /** The maker's Nostr public key. */
  readonly pubkey: string;
  close(): void;
}

/** What the registry says of an offer, in NIP-69 words. */
export function orderStateOf(e: OfferEntry | undefined, nowSec: number): OrderState {
  if (!e) return { status: 'canceled', remaining: 0 };
  const status = offerStatus(e, nowSec);
  if (status === 'revoked') return { status: 'canceled', remaining: 0 };
  if (status === 'expired') return { status: 'expired', remaining: 0 };
  if (status === 'full') return { status: 'in-progress', remaining: 0 };
  return { status: 'pending', remaining: (e.terms.standing?.capacity ?? 1) - runningTakes(e).length };
}

type Published = AnnouncedOffer & {
  readonly ids: readonly string[];
  readonly terms: OfferEntry['terms'];
  /** The NIP-09 deletion that followed `event` (not pending), once signed: resent with it. */
  deletion?: SignedNostrEvent;
};

const isClosing = (s: OrderState) => s.status === 'canceled' || s.status === 'expired';

class Announcer implements OfferAnnouncer {
  /** Per offer id: what was published, with the offer's terms and every event id it had (for the deletion). */
  private readonly offers = new Map<string, Published>();
  private chain: Promise<void> = Promise.resolve();
  private last: OfferRegistry | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly unsub: () => void;
  private closed = false;

  constructor(
    private readonly o: OfferAnnouncerOptions,
    readonly pubkey: string,
    private readonly binding: string,
  ) {
    // In the announce chain: a resend never interleaves with a sync's event and its deletion.
    this.unsub = o.pool.onConnected((url) => void (this.chain = this.chain.then(() => this.resend(url)).catch((e: unknown) => this.o.log?.('resend-failed', String(e)))));
  }

  announce(registry: OfferRegistry): Promise<void> {
    this.last = registry;
    this.chain = this.chain.then(() => this.sync(registry)).catch((e: unknown) => this.o.log?.('announce-failed', String(e)));
    return this.chain;
  }

  announced(): ReadonlyMap<string, AnnouncedOffer> {
    return this.offers;
  }

  close(): void {
    this.closed = true;
    this.unsub();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
  }

  private now(): number {
    return this.o.nowSec?.() ?? Math.floor(Date.now() / 1000);
  }

  private async sync(registry: OfferRegistry): Promise<void> {
    if (this.closed) return;
    const now = this.now();
    const ids = new Set([...Object.keys(registry.offers), ...this.offers.keys()]);
    for (const id of ids) {
      const entry = registry.offers[id];
      const prev = this.offers.get(id);
      if (prev?.closed) continue;
      // First seen (a start) already expired: books ignore it and relays drop it (NIP-40), so there is
      // nothing to say; otherwise every start would sign and send a closing event and a deletion for
      // every offer the registry ever held.
      if (!prev && entry && entry.terms.expiresAt <= now) continue;
      const state = orderStateOf(entry, now);
      if (prev && prev.state.status === state.status && prev.state.remaining === state.remaining) continue;
      if (!entry && !prev) continue;
      await this.publishState(id, entry ?? null, state, prev, now);
    }
    this.armExpiry(registry);
  }

  private async publishState(id: string, entry: OfferEntry | null, state: OrderState, prev: Published | undefined, now: number): Promise<void> {
    const offer = entry?.offer ?? prev?.event.content;
    const terms = entry?.terms ?? prev?.terms;
    if (!offer || !terms) return;
    const createdAt = Math.max(now, (prev?.event.created_at ?? 0) + 1);
    const signed = await this.o.signer.sign(orderTemplate(offer, terms, state, this.binding, createdAt));
    if (!signed.ok) return this.o.log?.('sign-refused', `${id.slice(0, 8)} ${signed.error.kind}: ${signed.error.message}`);
    const ids = [...(prev?.ids ?? []), signed.value.id];
    const published: Published = { state, event: signed.value, closed: isClosing(state), ids, terms };
    this.offers.set(id, published);
    this.report(id, state, await this.o.pool.publish(signed.value));
    if (state.status === 'pending') return;
    const del = await this.o.signer.sign(deletionTemplate(this.pubkey, id, ids, createdAt));
    if (!del.ok) return;
    published.deletion = del.value;
    this.report(id, state, await this.o.pool.publish(del.value), 'deleted');
  }

  private report(id: string, state: OrderState, outcomes: ReadonlyArray<{ url: string; ok: boolean; message: string }>, what = 'published'): void {
    const good = outcomes.filter((x) => x.ok).length;
    this.o.log?.(`offer-${what}`, `${id.slice(0, 8)} ${state.status} remaining ${state.remaining}: ${good}/${outcomes.length} relays`);
  }

  /**
   * A relay (re)connected: it gets every unexpired offer's latest event again, and the deletion that
   * followed it (a restarted relay may be empty; one that was down may still hold an older `pending`
   * version). Expired ones are left out: relays drop them (NIP-40) and books ignore them.
   */
  private async resend(url: string): Promise<void> {
    if (this.closed) return;
    const now = this.now();
    for (const a of this.offers.values()) {
      if (a.terms.expiresAt <= now) continue;
      await this.o.pool.publishTo(url, a.event);
      if (a.deletion) await this.o.pool.publishTo(url, a.deletion);
    }
  }

  private armExpiry(registry: OfferRegistry): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    const now = this.now();
    const next = Object.values(registry.offers)
      .filter((e) => !this.offers.get(e.terms.offerId)?.closed && e.terms.expiresAt > now)
      .reduce((m, e) => Math.min(m, e.terms.expiresAt), Infinity);
    if (next === Infinity) return;
    this.expiryTimer = setTimeout(() => this.last && void this.announce(this.last), Math.min((next - now) * 1000 + 50, 2 ** 31 - 1));
    this.expiryTimer.unref?.();
  }
}

/** Asks the signer for the Nostr key, binds it to the maker's offer key, and returns the announcer. */
export async function startOfferAnnouncer(o: OfferAnnouncerOptions): Promise<Result<OfferAnnouncer, AppError>> {
  const pk = await o.signer.publicKey();
  if (!pk.ok) return pk;
  return ok(new Announcer(o, pk.value, nostrKeyBinding(o.identitySeed, pk.value)));
}
