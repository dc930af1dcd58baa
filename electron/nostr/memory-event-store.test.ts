// The local relay's store: an addressable event keeps only its newest version (lower id on a tie);
// a NIP-09 deletion removes only its author's events and refuses older versions of a deleted address;
// expired events are never served; the store drops its oldest events beyond its bound.
import { describe, expect, it } from 'vitest';
import type { Event } from '@nostr-relay/common';
import { MemoryEventStore } from './memory-event-store';

const A = 'aa'.repeat(32);
const B = 'bb'.repeat(32);
let n = 0;
const ev = (o: Partial<Event> & { d?: string }): Event => ({
  id: (++n).toString(16).padStart(64, '0'),
  pubkey: A,
  created_at: 100,
  kind: 38383,
  tags: o.d !== undefined ? [['d', o.d]] : [],
  content: '',
  sig: '00'.repeat(64),
  ...o,
});

describe('the local relay store', () => {
  it('keeps the newest version of an address; an older one is a duplicate', () => {
    const s = new MemoryEventStore();
    const v1 = ev({ d: 'x', created_at: 100 });
    const v2 = ev({ d: 'x', created_at: 101 });
    expect(s.upsert(v1).isDuplicate).toBe(false);
    expect(s.upsert(v2).isDuplicate).toBe(false);
    expect(s.upsert(ev({ d: 'x', created_at: 99 })).isDuplicate).toBe(true);
    expect(s.find({ kinds: [38383] }).map((e) => e.id)).toEqual([v2.id]);
    expect(s.find({ kinds: [38383], '#d': ['y'] })).toEqual([]);
  });

  it("deletes only its author's events; a deleted address refuses versions up to the deletion", async () => {
    const s = new MemoryEventStore();
    const mine = ev({ d: 'x', created_at: 100 });
    const theirs = ev({ d: 'x', pubkey: B, created_at: 100 });
    s.upsert(mine);
    s.upsert(theirs);
    await s.deleteByDeletionRequest(ev({ kind: 5, pubkey: B, created_at: 105, tags: [['e', mine.id], ['a', `38383:${A}:x`]] }));
    expect(s.size).toBe(2);
    await s.deleteByDeletionRequest(ev({ kind: 5, pubkey: A, created_at: 105, tags: [['a', `38383:${A}:x`]] }));
    expect(s.find({}).map((e) => e.id)).toEqual([theirs.id]);
    expect(s.upsert(ev({ d: 'x', created_at: 104 })).isDuplicate).toBe(true);
    expect(s.upsert(ev({ d: 'x', created_at: 106 })).isDuplicate).toBe(false);
  });

  it('never serves an expired event, and stays within its bound', () => {
    const s = new MemoryEventStore(3);
    s.upsert(ev({ kind: 1, tags: [['expiration', '1']] }));
    expect(s.find({})).toEqual([]);
    for (let i = 0; i < 5; i++) s.upsert(ev({ kind: 1, created_at: 200 + i }));
    expect(s.size).toBe(3);
    expect(s.find({ limit: 2 }).map((e) => e.created_at)).toEqual([204, 203]);
  });
});
