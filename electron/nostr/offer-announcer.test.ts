import { describe, expect, it } from 'vitest';
import type { SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { DELETION_KIND, ORDER_KIND } from '../../shared/offer/nostr-order';
import { addOffer, emptyRegistry, revokeOffer } from '../../shared/offer/offer-registry';
import { ok } from '../../shared/result';
import { nowSec, signedOffer, signWith, standingTerms, testMaker } from '../../rigs/nostr/order-fixtures';
import type { NostrEventSigner } from './nostr-signer';
import { startOfferAnnouncer } from './offer-announcer';
import type { RelayPool } from './relay-pool';

const maker = testMaker(11);
const signer: NostrEventSigner = { publicKey: async () => ok(maker.nostrPubkey), sign: async (t) => ok(signWith(maker.nostrSecret, t)) };

/** A pool that records what is published (one connected relay that accepts everything). */
function recordingPool() {
  const sent: SignedNostrEvent[] = [];
  const pool = {
    states: () => [],
    subscribe: () => ({ close: () => undefined }),
    publish: async (e: SignedNostrEvent) => (sent.push(e), [{ url: 'ws://127.0.0.1:1', ok: true, message: '' }]),
    publishTo: async (url: string, e: SignedNostrEvent) => (sent.push(e), { url, ok: true, message: '' }),
    onConnected: () => () => undefined,
    onDisconnected: () => () => undefined,
    onStateChange: () => () => undefined,
    close: () => undefined,
  } satisfies RelayPool;
  return { pool, sent };
}

describe('offer announcer at a start', () => {
  it('publishes live and recently revoked offers, and nothing for offers already expired when first seen', async () => {
    const now = nowSec();
    const live = standingTerms(maker, { now });
    const revoked = standingTerms(maker, { now });
    const expiredLong = standingTerms(maker, { now: now - 7200, ttlSec: 3600 });
    const expiredRevoked = standingTerms(maker, { now: now - 7200, ttlSec: 3600 });
    let reg = emptyRegistry();
    for (const t of [live, revoked]) reg = addOffer(reg, signedOffer(maker, t, now), t);
    for (const t of [expiredLong, expiredRevoked]) reg = addOffer(reg, signedOffer(maker, t, now - 7200), t);
    reg = revokeOffer(revokeOffer(reg, revoked.offerId), expiredRevoked.offerId);

    const { pool, sent } = recordingPool();
    const a = await startOfferAnnouncer({ pool, signer, identitySeed: maker.identitySeed, nowSec: () => now });
    if (!a.ok) throw new Error(a.error.message);
    await a.value.announce(reg);
    a.value.close();

    const dTag = (e: SignedNostrEvent) => e.tags.find((t) => t[0] === 'd')?.[1];
    const orders = sent.filter((e) => e.kind === ORDER_KIND);
    expect(orders.map(dTag).sort()).toEqual([live.offerId, revoked.offerId].sort());
    expect(orders.find((e) => dTag(e) === revoked.offerId)?.tags.find((t) => t[0] === 's')?.[1]).toBe('canceled');
    // The revoked one is deleted too; nothing at all for the two that expired before this start.
    expect(sent.filter((e) => e.kind === DELETION_KIND)).toHaveLength(1);
    expect(JSON.stringify(sent)).not.toContain(expiredLong.offerId);
    expect(JSON.stringify(sent)).not.toContain(expiredRevoked.offerId);
    expect([...a.value.announced().keys()].sort()).toEqual([live.offerId, revoked.offerId].sort());
  });
});

/** A pool whose one relay is down until `connect()`: publish reaches nobody meanwhile, as at a maker's start. */
function laterPool() {
  const url = 'ws://127.0.0.1:2';
  const sent: SignedNostrEvent[] = [];
  let up = false;
  const onUp = new Set<(url: string) => void>();
  const pool = {
    states: () => [],
    subscribe: () => ({ close: () => undefined }),
    publish: async (e: SignedNostrEvent) => (up ? (sent.push(e), [{ url, ok: true, message: '' }]) : []),
    publishTo: async (u: string, e: SignedNostrEvent) => (up ? (sent.push(e), { url: u, ok: true, message: '' }) : { url: u, ok: false, message: 'not connected' }),
    onConnected: (cb: (url: string) => void) => (onUp.add(cb), () => void onUp.delete(cb)),
    onDisconnected: () => () => undefined,
    onStateChange: () => () => undefined,
    close: () => undefined,
  } satisfies RelayPool;
  const connect = () => {
    up = true;
    onUp.forEach((cb) => cb(url));
  };
  return { pool, sent, connect };
}

describe('offer announcer and a relay that connects late', () => {
  // The headless maker's restart (session 9): its first look revokes the old offers before its relays
  // connect, so the canceled event and the deletion reached nobody, and the connect resent only live
  // offers: the relay kept the old `pending` version and takers' books listed an offer refused as revoked.
  it('gets the revoked offer\'s canceled event and its deletion, the live offer\'s event, and nothing of an expired one', async () => {
    const now = nowSec();
    const live = standingTerms(maker, { now });
    const revoked = standingTerms(maker, { now });
    let reg = emptyRegistry();
    for (const t of [live, revoked]) reg = addOffer(reg, signedOffer(maker, t, now), t);
    reg = revokeOffer(reg, revoked.offerId);

    const { pool, sent, connect } = laterPool();
    let clock = now;
    const a = await startOfferAnnouncer({ pool, signer, identitySeed: maker.identitySeed, nowSec: () => clock });
    if (!a.ok) throw new Error(a.error.message);
    await a.value.announce(reg);
    expect(sent).toEqual([]);
    connect();
    await a.value.announce(reg); // runs after the resend (one chain): nothing changed, nothing new
    const dTag = (e: SignedNostrEvent) => e.tags.find((t) => t[0] === 'd')?.[1];
    const status = (e: SignedNostrEvent) => e.tags.find((t) => t[0] === 's')?.[1];
    const orders = sent.filter((e) => e.kind === ORDER_KIND);
    expect(orders.map((e) => [dTag(e), status(e)]).sort()).toEqual([[live.offerId, 'pending'], [revoked.offerId, 'canceled']].sort());
    const deletions = sent.filter((e) => e.kind === DELETION_KIND);
    expect(deletions).toHaveLength(1);
    expect(deletions[0]!.tags).toContainEqual(['a', `${ORDER_KIND}:${maker.nostrPubkey}:${revoked.offerId}`]);
    expect(deletions[0]!.tags).toContainEqual(['e', orders.find((e) => dTag(e) === revoked.offerId)!.id]);

    // Past both offers' expiry a reconnect sends nothing of them: relays and books drop expired offers.
    sent.length = 0;
    clock = live.expiresAt + 1;
    connect();
    await a.value.announce(revokeOffer(reg, live.offerId));
    a.value.close();
    expect(JSON.stringify(sent.filter((e) => e.kind === ORDER_KIND && status(e) !== 'expired'))).not.toContain(revoked.offerId);
  });
});
