// The book's own rules, with the relay connection replaced by a hand-fed pool (what a hostile relay can
// send, which a real relay would refuse to store): a deletion whose signature does not verify hides
// nothing; the maker's own deletion does; a relay lost right after it delivered an offer takes that
// offer with it even though the book reads events later, in slices (the loss waits behind the events).
// The real relay cases are in offer-book.itest.ts.
import { describe, expect, it } from 'vitest';
import { deletionTemplate } from '../../shared/offer/nostr-order';
import { nowSec, orderEvent, signWith, standingTerms, testMaker } from '../../rigs/nostr/order-fixtures';
import { startOfferBook, type OfferBook } from './offer-book';
import type { PoolSubscription, RelayPool } from './relay-pool';

const R1 = 'ws://127.0.0.1:1';
const R2 = 'ws://127.0.0.1:2';

function handFedPool() {
  let sub: PoolSubscription | null = null;
  const lost = new Set<(url: string) => void>();
  const pool: RelayPool = {
    states: () => [],
    subscribe: (s) => ((sub = s), { close: () => void (sub = null) }),
    publish: async () => [],
    publishTo: async () => {
      throw new Error('not in this test');
    },
    onConnected: () => () => undefined,
    onDisconnected: (cb) => (lost.add(cb), () => void lost.delete(cb)),
    onStateChange: () => () => undefined,
    close: () => undefined,
  };
  return { pool, send: (e: unknown, url = R1) => sub!.onevent(e, url), lose: (url: string) => lost.forEach((cb) => cb(url)) };
}

/** Waits until the book's list satisfies `ok` (the book reads in slices and tells its subscribers after). */
async function until(book: OfferBook, ok: (ids: string[]) => boolean): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const ids = book.list().map((e) => e.offerId);
    if (ok(ids)) return ids;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the book never got there: ${JSON.stringify(book.list().map((e) => e.offerId))}`);
}
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('the offer book on a hand-fed pool', () => {
  const maker = testMaker(21);
  const now = nowSec();
  const pending = { status: 'pending', remaining: 3 } as const;

  it('a deletion with a bad signature hides nothing; the maker\'s own deletion does', async () => {
    const { pool, send } = handFedPool();
    const book = startOfferBook({ pool });
    const terms = standingTerms(maker, { now });
    const offer = orderEvent(maker, terms, pending, now - 10, now);
    send(offer);
    send(offer, R2);
    await until(book, (ids) => ids.includes(terms.offerId));
    const deletion = signWith(maker.nostrSecret, deletionTemplate(maker.nostrPubkey, terms.offerId, [offer.id], now));
    const unrelated = signWith(maker.nostrSecret, deletionTemplate(maker.nostrPubkey, 'ff'.repeat(16), [], now));
    // A relay's own invention: the maker's pubkey, the right references, someone else's signature (or an id not its hash).
    send({ ...deletion, sig: unrelated.sig }, R2);
    send({ ...deletion, created_at: now + 5 }, R2);
    // The book reads in slices: wait until both forgeries were read (not a fixed pause: CI may be slow).
    for (let i = 0; i < 500 && (book.stats().ignored['bad-signature'] ?? 0) < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(book.stats().ignored['bad-signature']).toBe(2);
    expect(book.list().map((e) => e.offerId)).toEqual([terms.offerId]);
    send(deletion, R2);
    await until(book, (ids) => ids.length === 0);
    book.close();
  });

  it('a relay lost right after delivering an offer takes it along, though the book reads the offer later', async () => {
    const { pool, send, lose } = handFedPool();
    const book = startOfferBook({ pool });
    const a = standingTerms(maker, { now });
    const b = standingTerms(maker, { now });
    send(orderEvent(maker, a, pending, now, now), R1);
    send(orderEvent(maker, b, pending, now, now), R2);
    lose(R1); // same turn: neither event has been read yet
    await until(book, (ids) => ids.includes(b.offerId));
    await settle();
    expect(book.list().map((e) => e.offerId)).toEqual([b.offerId]);
    book.close();
  });
});
