// The wallet's connections to its Nostr relays (nostr-tools' AbstractRelay over a bounded `ws`): one
// connection per relay with its state (connecting, connected, failing: the last error, the last event),
// reconnected with exponential backoff forever; subscriptions held by the pool are opened again, whole,
// on every new connection (a restarted relay may have lost everything, so no `since`). Guards: at most
// MAX_SUBSCRIPTIONS held subscriptions, each filter with a limit; messages over the size cap dropped
// before parsing (bounded-websocket.ts); events are handed on unverified: the offer book checks each
// one itself (shared/offer/nostr-order.ts), cheap checks first. Only what a caller publishes goes out,
// and the publisher publishes only signed offer events and their deletions.
import { AbstractRelay } from 'nostr-tools/abstract-relay';
import type { Filter } from 'nostr-tools/filter';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../../shared/syncer/backoff';
import type { SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { boundedWebSocketClass } from './bounded-websocket';

export const MAX_SUBSCRIPTIONS = 8;

export type RelayStatus = 'connecting' | 'connected' | 'failing' | 'closed';
export interface RelayState {
  readonly url: string;
  readonly status: RelayStatus;
  /** Unix ms of the last event this relay delivered, or null. */
  readonly lastEventAt: number | null;
  readonly lastError: string | null;
  /** Failed attempts since the last good connection. */
  readonly attempts: number;
  /** Messages dropped for their size. */
  readonly oversize: number;
}

export interface PoolSubscription {
  readonly filters: readonly Filter[];
  onevent(event: unknown, relayUrl: string): void;
  /** The relay sent everything it stored for this subscription. */
  oneose?(relayUrl: string): void;
}

export interface PublishOutcome {
  readonly url: string;
  readonly ok: boolean;
  readonly message: string;
}

export interface RelayPool {
  states(): RelayState[];
  /** Held until closed: opened on every relay now connected and on each one that connects later. */
  subscribe(sub: PoolSubscription): { close(): void };
  /** To every connected relay; a relay that is down gets it again from whoever listens to `onConnected`. */
  publish(event: SignedNostrEvent): Promise<PublishOutcome[]>;
  /** To one relay, if connected. */
  publishTo(url: string, event: SignedNostrEvent): Promise<PublishOutcome>;
  /** `cb(url)` after each (re)connection, after the held subscriptions were opened on it. */
  onConnected(cb: (url: string) => void): () => void;
  /** `cb(url)` when a relay connection is lost (its events may be gone). */
  onDisconnected(cb: (url: string) => void): () => void;
  onStateChange(cb: (states: RelayState[]) => void): () => void;
  close(): void;
}

export interface RelayPoolOptions {
  readonly relays: readonly string[];
  readonly backoff?: BackoffPolicy;
  readonly connectTimeoutMs?: number;
  readonly publishTimeoutMs?: number;
}

interface Conn {
  state: RelayState;
  relay: AbstractRelay | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** Open nostr-tools subscriptions on the current connection, by held subscription. */
  open: Map<PoolSubscription, { close(): void }>;
}

const listeners = <T>() => {
  const set = new Set<(v: T) => void>();
  return {
    add: (cb: (v: T) => void) => (set.add(cb), () => void set.delete(cb)),
    emit: (v: T) => set.forEach((cb) => cb(v)),
  };
};

class Pool implements RelayPool {
  private readonly policy: BackoffPolicy;
  private readonly held = new Set<PoolSubscription>();
  private readonly connected = listeners<string>();
  private readonly disconnected = listeners<string>();
  private readonly changed = listeners<RelayState[]>();
  private readonly conns: Map<string, Conn>;
  private closed = false;
  readonly onConnected = this.connected.add;
  readonly onDisconnected = this.disconnected.add;
  readonly onStateChange = this.changed.add;

  constructor(private readonly o: RelayPoolOptions) {
    this.policy = o.backoff ?? { ...DEFAULT_BACKOFF, maxMs: 10_000 };
    const fresh = (url: string): Conn => ({ state: { url, status: 'connecting', lastEventAt: null, lastError: null, attempts: 0, oversize: 0 }, relay: null, timer: null, open: new Map() });
    this.conns = new Map([...new Set(o.relays)].map((url) => [url, fresh(url)]));
    for (const c of this.conns.values()) void this.connect(c);
  }

  states(): RelayState[] {
    return [...this.conns.values()].map((c) => c.state);
  }

  subscribe(sub: PoolSubscription): { close(): void } {
    if (this.held.size >= MAX_SUBSCRIPTIONS) throw new RangeError(`bug: more than ${MAX_SUBSCRIPTIONS} relay subscriptions`);
    this.held.add(sub);
    for (const c of this.conns.values()) this.openOn(c, sub);
    return {
      close: () => {
        this.held.delete(sub);
        for (const c of this.conns.values()) {
          c.open.get(sub)?.close();
          c.open.delete(sub);
        }
      },
    };
  }

  async publish(event: SignedNostrEvent): Promise<PublishOutcome[]> {
    const targets = [...this.conns.values()].filter((c) => c.relay?.connected);
    return Promise.all(targets.map((c) => this.publishTo(c, event)));
  }

  /** Publish to one relay now (the publisher's resend to a relay that just came back). */
  async publishTo(c: Conn | string, event: SignedNostrEvent): Promise<PublishOutcome> {
    const conn = typeof c === 'string' ? this.conns.get(c) : c;
    const url = typeof c === 'string' ? c : c.state.url;
    if (!conn?.relay?.connected) return { url, ok: false, message: 'not connected' };
    try {
      return { url, ok: true, message: await conn.relay.publish({ ...event, tags: event.tags.map((t) => [...t]) }) };
    } catch (e) {
      return { url, ok: false, message: String((e as Error)?.message ?? e) };
    }
  }

  close(): void {
    this.closed = true;
    for (const c of this.conns.values()) {
      if (c.timer) clearTimeout(c.timer);
      c.timer = null;
      const r = c.relay;
      c.relay = null;
      r?.close();
      c.state = { ...c.state, status: 'closed' };
    }
  }

  private setState(c: Conn, patch: Partial<RelayState>): void {
    c.state = { ...c.state, ...patch };
    this.changed.emit(this.states());
  }

  private openOn(c: Conn, sub: PoolSubscription): void {
    const relay = c.relay;
    if (!relay?.connected || c.open.has(sub)) return;
    const s = relay.subscribe(
      sub.filters.map((f) => ({ ...f })),
      {
        onevent: (e) => {
          c.state = { ...c.state, lastEventAt: Date.now() };
          sub.onevent(e, c.state.url);
        },
        oneose: () => sub.oneose?.(c.state.url),
        eoseTimeout: 10_000,
      },
    );
    c.open.set(sub, s);
  }

  private lost(c: Conn, why: string): void {
    if (c.relay === null) return;
    c.relay = null;
    c.open.clear();
    if (this.closed) return;
    this.setState(c, { status: 'failing', lastError: why, attempts: c.state.attempts + 1 });
    this.disconnected.emit(c.state.url);
    this.schedule(c);
  }

  private schedule(c: Conn): void {
    if (this.closed || c.timer) return;
    c.timer = setTimeout(() => {
      c.timer = null;
      void this.connect(c);
    }, backoffDelay(this.policy, c.state.attempts - 1));
  }

  private async connect(c: Conn): Promise<void> {
    if (this.closed) return;
    const relay = new AbstractRelay(c.state.url, {
      // nostr-tools' own check is replaced by the book's (cheap checks before any signature).
      verifyEvent: () => true,
      websocketImplementation: boundedWebSocketClass(() => (c.state = { ...c.state, oversize: c.state.oversize + 1 })),
      enablePing: false,
      enableReconnect: false,
    });
    relay.publishTimeout = this.o.publishTimeoutMs ?? 5_000;
    try {
      await relay.connect({ timeout: this.o.connectTimeoutMs ?? 5_000 });
    } catch (e) {
      relay.close();
      if (this.closed) return;
      this.setState(c, { status: 'failing', lastError: String((e as Error)?.message ?? e), attempts: c.state.attempts + 1 });
      return this.schedule(c);
    }
    if (this.closed) return relay.close();
    c.relay = relay;
    relay.onclose = () => this.lost(c, 'connection closed');
    this.setState(c, { status: 'connected', lastError: null, attempts: 0 });
    for (const sub of this.held) this.openOn(c, sub);
    this.connected.emit(c.state.url);
  }
}

export const startRelayPool = (o: RelayPoolOptions): RelayPool => new Pool(o);
