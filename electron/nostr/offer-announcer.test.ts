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
