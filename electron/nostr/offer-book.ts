// The taker's offer book: every live offer on the configured relays, in a store the UI reads. Guards:
// every event passes readOrderEvent (shared/offer/nostr-order.ts) or is ignored and counted by its
// reason; an offer is one entry per maker key and offer id however many relays carry it, and only its
// newest event counts (an older copy from a slow relay never revives it); it is listed only while its
// event says `pending` with places left, it has not expired, a connected relay still carries it and
// its maker did not delete it (NIP-09). A flood of junk costs a schema check per event (the signature
// checks come last, ed25519 through node:crypto: fast-ed25519.ts); each event that passed is remembered
// by id (bounded), so the same event from another relay is not checked twice. Events are read in slices
// of a few ms in arrival order, so a full book or a flood never holds the event loop for long.
import { DELETION_KIND, ORDER_KIND, ORDER_PLATFORM, readOrderEvent, type ListedOrder, type OrderRejectionKind, type ReadOrderContext } from '../../shared/offer/nostr-order';
import type { TemporalConfig } from '../../shared/offer/offer-rules';
import type { VerifiedOffer } from '../../shared/offer/offer-schema';
import type { RelayPool, RelayState } from './relay-pool';
import { initNostrWasm } from 'nostr-wasm';
import { setNostrWasm, verifyEvent as wasmVerifyEvent } from 'nostr-tools/wasm';
import { verifyNostrEvent, type SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { nodeEd25519 } from './fast-ed25519';

/** nostr-wasm (secp256k1's C code) checks a Schnorr signature ~20x faster than pure JS; loaded once. */
let wasmVerify: ((e: SignedNostrEvent) => boolean) | null = null;
const wasmReady = initNostrWasm()
  .then((w) => {
    setNostrWasm(w);
    wasmVerify = (e) => wasmVerifyEvent({ ...e, tags: e.tags.map((t) => [...t]) });
  })
  .catch(() => undefined); // the pure-JS check stays in use

/** How many offers one subscription asks a relay for (NIP-01 `limit`): the book's bound. */
export const BOOK_LIMIT = 5000;
const VERDICTS_KEPT = 50_000;
/** Events read per event-loop turn at most this long (then the loop runs timers and I/O). */
const SLICE_MS = 8;
/** Events waiting to be read; past this, each new one waits for the oldest to be read now (backpressure, as before the queue). */
const QUEUE_MAX = 20_000;
/** While a backlog is read, the list is rebuilt (and subscribers told) at most this often, and once at its end: rebuilding 1,000 entries after every slice cost a tenth of a fill. */
const NOTIFY_BACKLOG_MS = 100;

export interface OfferBookEntry {
  readonly offerId: string;
  readonly makerKey: string;
  /** The maker's Nostr key (bound to makerKey by the maker's signature). */
  readonly pubkey: string;
  /** The signed `fcswap1…` string: what "take" hands to today's review step. */
  readonly offer: string;
  readonly terms: VerifiedOffer;
  /** Swaps the maker can start now, from its latest event; `capacity` from the offer. */
  readonly remaining: number;
  readonly capacity: number;
  readonly eventId: string;
  /** Unix seconds of the latest event. */
  readonly updatedAt: number;
  /** Unix ms this wallet first saw the offer. */
  readonly firstSeenAt: number;
  /** The relays that carry it. */
  readonly relays: readonly string[];
}

export interface OfferBookStats {
  readonly listed: number;
  readonly accepted: number;
  readonly ignored: Readonly<Partial<Record<OrderRejectionKind | 'stale' | 'deleted', number>>>;
}

export interface OfferBook {
  /** Listed offers, newest event first. */
  list(): readonly OfferBookEntry[];
  relays(): RelayState[];
  stats(): OfferBookStats;
  /** Called (at most once per event-loop turn, and every NOTIFY_BACKLOG_MS while a backlog is read) whenever the list or a relay's state changed. */
  onUpdate(cb: (entries: readonly OfferBookEntry[]) => void): () => void;
  close(): void;
}

export interface OfferBookOptions {
  readonly pool: RelayPool;
  readonly nowSec?: () => number;
  /** The taker's finality and safety for the offer rules (default: each network's table). */
  readonly temporal?: TemporalConfig;
}

interface Slot {
  order: ListedOrder;
  relays: Set<string>;
  firstSeenAt: number;
  /** Deleted by its maker at this time (NIP-09): versions up to it never come back. */
  deletedAt: number;
}


class Book implements OfferBook {
  private readonly slots = new Map<string, Slot>();
  /** Orders of events that passed every check, by event id. Refusals are never remembered: an event
   *  carrying a real event's id with a bad signature must not block the real one. */
  private readonly verdicts = new Map<string, ListedOrder>();
  private readonly counts: Partial<Record<OrderRejectionKind | 'stale' | 'deleted', number>> = {};
  private accepted = 0;
  private readonly subscribers = new Set<(entries: readonly OfferBookEntry[]) => void>();
  private ctx: ReadOrderContext & { nowSec: number };
  private readonly unsubs: Array<() => void> = [];
  private readonly sub: { close(): void };
  private notifyQueued = false;
  /** The list changed since subscribers were last told. */
  private dirty = false;
  private lastNotify = 0;
  private listed: readonly OfferBookEntry[] = [];
  private sweep: ReturnType<typeof setInterval>;
  /** Events not read yet, and relays lost after them, in arrival order (from `head` on). */
  private queue: Array<{ raw: unknown; url: string } | { lost: string }> = [];
  private head = 0;
  private draining = false;
  private closed = false;

  constructor(private readonly o: OfferBookOptions) {
    this.ctx = { nowSec: this.now(), verified: new Map(), bound: new Set(), ed25519: nodeEd25519(), ...(o.temporal ? { temporal: o.temporal } : {}) };
    void wasmReady.then(() => wasmVerify && (this.ctx = { ...this.ctx, verifyEvent: wasmVerify }));
    this.sub = o.pool.subscribe({
      filters: [
        { kinds: [ORDER_KIND], '#y': [ORDER_PLATFORM], limit: BOOK_LIMIT },
        { kinds: [DELETION_KIND], '#k': [String(ORDER_KIND)], limit: BOOK_LIMIT },
      ],
      onevent: (e, url) => this.enqueue({ raw: e, url }),
    });
    this.unsubs.push(o.pool.onDisconnected((url) => this.enqueue({ lost: url })), o.pool.onStateChange(() => this.changed()));
    // Offers expire while nobody publishes anything: look once a second.
    this.sweep = setInterval(() => this.expire(), 1000);
    this.sweep.unref?.();
  }

  list = () => this.listed;
  relays = () => this.o.pool.states();
  stats = (): OfferBookStats => ({ listed: this.listed.length, accepted: this.accepted, ignored: { ...this.counts } });

  onUpdate(cb: (entries: readonly OfferBookEntry[]) => void): () => void {
    this.subscribers.add(cb);
    return () => void this.subscribers.delete(cb);
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.head = 0;
    clearInterval(this.sweep);
    this.sub.close();
    this.unsubs.forEach((u) => u());
    this.subscribers.clear();
  }

  private now(): number {
    return this.o.nowSec?.() ?? Math.floor(Date.now() / 1000);
  }

  private count(kind: OrderRejectionKind | 'stale' | 'deleted'): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  /** A relay's loss waits behind the events it sent before it, so none of them lists it again. */
  private enqueue(item: { raw: unknown; url: string } | { lost: string }): void {
    if (this.closed) return;
    if (this.queue.length - this.head >= QUEUE_MAX) this.readNext();
    this.queue.push(item);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => this.drain());
  }

  /** Reads queued events for one slice, then yields to the event loop until the queue is empty. */
  private drain(): void {
    if (this.closed) return;
    const until = performance.now() + SLICE_MS;
    while (this.head < this.queue.length && performance.now() < until) this.readNext();
    const backlog = this.head < this.queue.length;
    if (this.dirty && (!backlog || performance.now() - this.lastNotify >= NOTIFY_BACKLOG_MS)) this.notify();
    if (backlog) return void setImmediate(() => this.drain());
    this.queue = [];
    this.head = 0;
    this.draining = false;
  }

  private readNext(): void {
    const next = this.queue[this.head]!;
    this.queue[this.head++] = undefined as never; // let the event go
    if ('lost' in next) this.relayLost(next.lost);
    else this.onEvent(next.raw, next.url);
  }

  private onEvent(raw: unknown, url: string): void {
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
    const kind = (raw as { kind?: unknown })?.kind;
    if (kind === DELETION_KIND) return this.onDeletion(raw, url);
    const known = id ? this.verdicts.get(id) : undefined;
    // The same event from another relay: its checks passed already; only its expiry moves.
    if (known && this.now() < known.terms.expiresAt) return this.place(known, url);
    this.ctx.nowSec = this.now();
    const r = readOrderEvent(raw, this.ctx);
    if (!r.ok) return this.count(r.error.kind);
    this.remember(r.value.eventId, r.value);
    this.accepted++;
    this.place(r.value, url);
  }

  private remember(id: string, v: ListedOrder): void {
    this.verdicts.set(id, v);
    if (this.verdicts.size > VERDICTS_KEPT) this.verdicts.delete(this.verdicts.keys().next().value as string);
  }

  /** One slot per maker key and offer id: the newest event wins (the lower id on a tie, as relays do). */
  private place(order: ListedOrder, url: string): void {
    const key = `${order.terms.makerKey}:${order.terms.offerId}`;
    const slot = this.slots.get(key);
    if (!slot) {
      this.slots.set(key, { order, relays: new Set([url]), firstSeenAt: Date.now(), deletedAt: -1 });
      return this.changed();
    }
    slot.relays.add(url);
    const newer = order.createdAt > slot.order.createdAt || (order.createdAt === slot.order.createdAt && order.eventId < slot.order.eventId);
    if (order.createdAt <= slot.deletedAt) return this.count('deleted');
    if (!newer) {
      if (order.eventId !== slot.order.eventId) this.count('stale');
      return this.changed();
    }
    slot.order = order;
    this.changed();
  }

  /**
   * NIP-09: only the offer's own Nostr key deletes it, by event id or by address. The deletion's id and
   * Schnorr signature are checked (once, and only when it names a listed offer): a relay that made one
   * up would otherwise hide a maker's offer that honest relays carry.
   */
  private onDeletion(raw: unknown, _url: string): void {
    const e = raw as { id?: unknown; pubkey?: unknown; created_at?: unknown; kind?: unknown; tags?: unknown; content?: unknown; sig?: unknown };
    if (typeof e.pubkey !== 'string' || typeof e.created_at !== 'number' || !Array.isArray(e.tags) || e.tags.length > 200) return this.count('malformed');
    if (typeof e.id !== 'string' || typeof e.sig !== 'string' || typeof e.content !== 'string' || !e.tags.every((t) => Array.isArray(t) && t.every((x) => typeof x === 'string'))) return this.count('malformed');
    const refs = new Set(e.tags.filter((t): t is string[] => typeof t[1] === 'string').map((t) => t[1]!));
    const named = [...this.slots.values()].filter((slot) => {
      const o = slot.order;
      return o.pubkey === e.pubkey && (refs.has(o.eventId) || refs.has(`${ORDER_KIND}:${o.pubkey}:${o.terms.offerId}`));
    });
    if (named.length === 0) return;
    if (!(this.ctx.verifyEvent ?? verifyNostrEvent)(e as SignedNostrEvent)) return this.count('bad-signature');
    for (const slot of named) slot.deletedAt = Math.max(slot.deletedAt, slot.order.createdAt, e.created_at);
    this.changed();
  }

  /** A relay went away: what only it carried is no longer known to be live (it comes back with the relay). */
  private relayLost(url: string): void {
    for (const [key, slot] of this.slots) {
      slot.relays.delete(url);
      if (slot.relays.size === 0) this.slots.delete(key);
    }
    this.changed();
  }

  private expire(): void {
    const now = this.now();
    if (this.listed.some((e) => now >= e.terms.expiresAt)) this.changed();
    for (const [key, slot] of this.slots) if (now >= slot.order.terms.expiresAt) this.slots.delete(key);
  }

  private changed(): void {
    this.dirty = true;
    // A drain in progress tells the subscribers itself (throttled, and at its end).
    if (this.draining || this.notifyQueued) return;
    this.notifyQueued = true;
    setImmediate(() => {
      this.notifyQueued = false;
      if (this.dirty && !this.closed) this.notify();
    });
  }

  private notify(): void {
    this.dirty = false;
    this.lastNotify = performance.now();
    this.listed = this.build();
    this.subscribers.forEach((cb) => cb(this.listed));
  }

  private build(): OfferBookEntry[] {
    const now = this.now();
    const out: OfferBookEntry[] = [];
    for (const s of this.slots.values()) {
      const o = s.order;
      if (o.status !== 'pending' || o.remaining < 1 || now >= o.terms.expiresAt || s.deletedAt >= o.createdAt || s.relays.size === 0) continue;
      out.push({
        offerId: o.terms.offerId, makerKey: o.terms.makerKey, pubkey: o.pubkey, offer: o.offer, terms: o.terms, remaining: o.remaining,
        capacity: o.terms.standing?.capacity ?? 1, eventId: o.eventId, updatedAt: o.createdAt, firstSeenAt: s.firstSeenAt, relays: [...s.relays].sort(),
      });
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt || a.offerId.localeCompare(b.offerId));
  }
}

export const startOfferBook = (o: OfferBookOptions): OfferBook => new Book(o);
