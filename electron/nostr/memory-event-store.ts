// The local relay's event store, in memory: what a relay keeps between a publish and a subscribe.
// Guards (NIP-01, NIP-09, NIP-40): an addressable or replaceable event keeps only its newest version
// (the lower id wins a tie), so an update replaces the old offer; a deletion removes only its own
// author's events, and an address deleted at time T refuses versions from before T; expired events
// are never served; the store is bounded (oldest dropped first), so a flood cannot grow it without end.
import { EventRepository, EventType, EventUtils, type Event, type EventRepositoryUpsertResult, type Filter } from '@nostr-relay/common';
import { matchFilter } from 'nostr-tools/filter';

const addressOf = (e: Event): string | null => {
  const type = EventUtils.getType(e.kind);
  if (type === EventType.REPLACEABLE) return `${e.kind}:${e.pubkey}:`;
  if (type === EventType.PARAMETERIZED_REPLACEABLE) return `${e.kind}:${e.pubkey}:${EventUtils.extractDTagValue(e) ?? ''}`;
  return null;
};

const newer = (a: Event, b: Event): boolean => a.created_at > b.created_at || (a.created_at === b.created_at && a.id < b.id);

export class MemoryEventStore extends EventRepository {
  /** Insertion order = age: the first key is the oldest event. */
  private readonly byId = new Map<string, Event>();
  private readonly byAddress = new Map<string, string>();
  private readonly deletedAt = new Map<string, number>();

  constructor(private readonly maxEvents = 100_000) {
    super();
  }

  isSearchSupported(): boolean {
    return false;
  }

  upsert(e: Event): EventRepositoryUpsertResult {
    if (this.byId.has(e.id)) return { isDuplicate: true };
    const address = addressOf(e);
    if (address) {
      if ((this.deletedAt.get(address) ?? -1) >= e.created_at) return { isDuplicate: true };
      const oldId = this.byAddress.get(address);
      const old = oldId ? this.byId.get(oldId) : undefined;
      if (old && !newer(e, old)) return { isDuplicate: true };
      if (oldId) this.byId.delete(oldId);
      this.byAddress.set(address, e.id);
    }
    this.byId.set(e.id, e);
    while (this.byId.size > this.maxEvents) this.remove(this.byId.keys().next().value as string);
    return { isDuplicate: false };
  }

  find(filter: Filter): Event[] {
    const now = Math.floor(Date.now() / 1000);
    const out: Event[] = [];
    for (const e of this.byId.values()) {
      const exp = EventUtils.extractExpirationTimestamp(e);
      if (exp !== null && exp <= now) continue;
      if (matchFilter(filter as Parameters<typeof matchFilter>[0], e)) out.push(e);
    }
    out.sort((a, b) => b.created_at - a.created_at);
    return filter.limit !== undefined ? out.slice(0, filter.limit) : out;
  }

  override async deleteByDeletionRequest(del: Event): Promise<void> {
    for (const [name, value] of del.tags) {
      if (name === 'e' && value) {
        const e = this.byId.get(value);
        if (e && e.pubkey === del.pubkey) this.remove(value);
      } else if (name === 'a' && value && value.split(':')[1] === del.pubkey) {
        this.deletedAt.set(value, Math.max(del.created_at, this.deletedAt.get(value) ?? 0));
        const id = this.byAddress.get(value);
        const e = id ? this.byId.get(id) : undefined;
        if (id && e && e.created_at <= del.created_at) this.remove(id);
      }
    }
  }

  async destroy(): Promise<void> {
    this.byId.clear();
    this.byAddress.clear();
  }

  get size(): number {
    return this.byId.size;
  }

  private remove(id: string): void {
    const e = this.byId.get(id);
    this.byId.delete(id);
    const address = e ? addressOf(e) : null;
    if (address && this.byAddress.get(address) === id) this.byAddress.delete(address);
  }
}
