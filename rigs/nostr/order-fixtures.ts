// Offers and their order events for the Nostr offer-book tests: a maker identity, a Nostr key bound to
// it, standing offers with a fresh id each, and helpers to sign a tampered event the way an attacker
// with their own Nostr key would.
import { randomBytes } from 'node:crypto';
import { toHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { deriveNostrKey, signNostrEvent, type NostrEventTemplate, type SignedNostrEvent } from '../../shared/crypto/nostr-key';
import { createOffer, identityKeyOf } from '../../shared/offer/offer';
import { nostrKeyBinding, orderTemplate, type OrderState } from '../../shared/offer/nostr-order';
import type { OfferTerms } from '../../shared/offer/offer-schema';

export interface TestMaker {
  readonly identitySeed: Uint8Array;
  readonly makerKey: string;
  readonly nostrSecret: Uint8Array;
  readonly nostrPubkey: string;
  readonly binding: string;
}

/** A maker whose identity and Nostr key come from `fill` (deterministic per fill byte). */
export function testMaker(fill: number): TestMaker {
  const identitySeed = new Uint8Array(32).fill(fill);
  const k = deriveNostrKey(new Uint8Array(64).fill(fill));
  if (!k.ok) throw new Error(k.error.message);
  return { identitySeed, makerKey: identityKeyOf(identitySeed), nostrSecret: k.value.secret, nostrPubkey: k.value.publicKey, binding: nostrKeyBinding(identitySeed, k.value.publicKey) };
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);

/** Standing offer terms of `maker` (capacity 3 unless given), expiring `ttlSec` from `now`. */
export function standingTerms(maker: TestMaker, o: { now?: number; ttlSec?: number; capacity?: number; offerId?: string; makerRole?: 'alice' | 'bob' } = {}): OfferTerms {
  return {
    offerId: (o.offerId ?? toHex(randomBytes(16))) as SwapId,
    network: 'regtest',
    makerRole: o.makerRole ?? 'alice',
    btcSats: '2000000',
    xmrPiconero: '3000000000000',
    cancelTimelock: 60,
    punishTimelock: 80,
    fee: { kind: 'fixed', satPerKvB: 2000 },
    expiresAt: (o.now ?? nowSec()) + (o.ttlSec ?? 3600),
    makerKey: maker.makerKey,
    makerAddress: { host: '127.0.0.1', port: 40123 },
    standing: { minBtcSats: '500000', capacity: o.capacity ?? 3 },
  };
}

export function signedOffer(maker: TestMaker, terms: OfferTerms, now = nowSec()): string {
  const r = createOffer(terms, maker.identitySeed, { nowSec: now });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The maker's own event for `terms` in `state`. */
export function orderEvent(maker: TestMaker, terms: OfferTerms, state: OrderState, createdAt = nowSec(), now = nowSec()): SignedNostrEvent {
  return signNostrEvent(maker.nostrSecret, orderTemplate(signedOffer(maker, terms, now), terms, state, maker.binding, createdAt));
}

/** Any template signed by `secret` (an attacker's or the maker's key). */
export const signWith = (secret: Uint8Array, t: NostrEventTemplate): SignedNostrEvent => signNostrEvent(secret, t);
