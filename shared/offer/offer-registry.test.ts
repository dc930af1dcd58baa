// The maker's offer registry: capacity, range, expiry, revoke, single-take version-1 offers, and that
// every refusal leaves the state as it was.
import { describe, expect, it } from 'vitest';
import { toHex } from '../hex';
import type { SwapId } from '../ids';
import { identityKeyOf } from './offer';
import { addOffer, checkTake, emptyRegistry, endTake, offerOfSwap, offerStatus, recordTake, revokeOffer, runningTakes, staleTakes, type OfferRegistry } from './offer-registry';
import type { OfferTerms } from './offer-schema';
import { takeSwapId, type TakeRequest } from './standing-offer';

const NOW = 1_800_000_000;
const OFFER = '00112233445566778899aabbccddeeff' as SwapId;
const terms: OfferTerms = {
  offerId: OFFER, network: 'regtest', makerRole: 'alice', btcSats: '2000000', xmrPiconero: '3000000000000',
  cancelTimelock: 60, punishTimelock: 80, fee: { kind: 'fixed', satPerKvB: 2000 }, expiresAt: NOW + 3600,
  makerKey: identityKeyOf(new Uint8Array(32).fill(7)), makerAddress: { host: '127.0.0.1', port: 40123 },
  standing: { minBtcSats: '500000', capacity: 2 },
};
const taker = (n: number) => identityKeyOf(new Uint8Array(32).fill(n));
const nonce = (n: number) => toHex(new Uint8Array(16).fill(n));
const req = (n: number, btcSats = '1000000'): TakeRequest => ({ offerId: OFFER, nonce: nonce(n), btcSats });
const idOf = (n: number) => takeSwapId(OFFER, taker(n), nonce(n));

/** Checks and records take n; throws on a refusal. */
const take = (r: OfferRegistry, n: number, nowSec = NOW): OfferRegistry => {
  const t = checkTake(r, req(n), taker(n), idOf(n), nowSec);
  if (!t.ok) throw new Error(t.error.message);
  return recordTake(r, OFFER, t.value);
};
const refusal = (r: OfferRegistry, n: number, opts: { btcSats?: string; swapId?: SwapId; nowSec?: number } = {}) => {
  const t = checkTake(r, req(n, opts.btcSats), taker(n), opts.swapId ?? idOf(n), opts.nowSec ?? NOW);
  return t.ok ? 'accepted' : t.error.kind;
};

describe('offer registry', () => {
  const open = addOffer(emptyRegistry(), 'fcswap1...', terms);

  it('accepts takes up to the capacity, each with its amounts at the offer price; the next is offer-full', () => {
    const two = take(take(open, 1), 2);
    expect(runningTakes(two.offers[OFFER]!).map((t) => [t.swapId, t.btcSats, t.xmrPiconero])).toEqual([
      [idOf(1), '1000000', '1500000000000'],
      [idOf(2), '1000000', '1500000000000'],
    ]);
    expect(offerStatus(two.offers[OFFER]!, NOW)).toBe('full');
    expect(refusal(two, 3)).toBe('offer-full');
  });

  it('a take whose swap ended frees its place', () => {
    const two = take(take(open, 1), 2);
    const freed = endTake(two, idOf(1));
    expect(offerStatus(freed.offers[OFFER]!, NOW)).toBe('open');
    expect(refusal(freed, 3)).toBe('accepted');
    expect(freed.offers[OFFER]!.takes).toHaveLength(2);
  });

  it('refuses amounts outside the range, an expired offer, an unknown one, a revoked one', () => {
    expect(refusal(open, 1, { btcSats: '499999' })).toBe('take-out-of-range');
    expect(refusal(open, 1, { btcSats: '2000001' })).toBe('take-out-of-range');
    expect(refusal(open, 1, { btcSats: '500000' })).toBe('accepted');
    expect(refusal(open, 1, { nowSec: terms.expiresAt })).toBe('offer-expired');
    expect(offerStatus(open.offers[OFFER]!, terms.expiresAt)).toBe('expired');
    expect(checkTake(open, { ...req(1), offerId: 'ff112233445566778899aabbccddeeff' as SwapId }, taker(1), idOf(1), NOW).ok).toBe(false);
    const revoked = revokeOffer(open, OFFER);
    expect(refusal(revoked, 1)).toBe('offer-revoked');
    expect(offerStatus(revoked.offers[OFFER]!, NOW)).toBe('revoked');
  });

  it('refuses a swap id not derived from the offer, the taker key and the nonce (no taker can name another taker swap)', () => {
    expect(refusal(open, 1, { swapId: idOf(2) })).toBe('take-bad-swap-id');
    expect(refusal(open, 1, { swapId: OFFER })).toBe('take-bad-swap-id');
    const once = take(open, 1);
    expect(refusal(once, 1)).toBe('take-bad-swap-id'); // the same nonce again
  });

  it('revoking keeps the running takes as they are (nothing here stops a swap)', () => {
    const one = take(open, 1);
    const revoked = revokeOffer(one, OFFER);
    expect(runningTakes(revoked.offers[OFFER]!)).toEqual(runningTakes(one.offers[OFFER]!));
    expect(offerOfSwap(revoked, idOf(1))).toBe(OFFER);
    expect(offerStatus(endTake(revoked, idOf(1)).offers[OFFER]!, NOW)).toBe('revoked');
  });

  it('a refusal returns no new state; adding an offer twice or revoking twice changes nothing', () => {
    const before = JSON.stringify(open);
    for (const r of [refusal(open, 1, { btcSats: '1' }), refusal(revokeOffer(open, OFFER), 1)]) expect(r).not.toBe('accepted');
    expect(JSON.stringify(open)).toBe(before);
    expect(addOffer(open, 'other', terms)).toBe(open);
    const rv = revokeOffer(open, OFFER);
    expect(revokeOffer(rv, OFFER)).toBe(rv);
    expect(endTake(open, idOf(9))).toBe(open);
  });

  it('a version-1 offer is taken once, under its own id', () => {
    const v1: OfferTerms = { ...terms, btcSats: '1000000', xmrPiconero: '1000000000000', standing: undefined };
    const r = addOffer(emptyRegistry(), 'fcswap1...', v1);
    expect(checkTake(r, req(1), taker(1), idOf(1), NOW).ok ? 'accepted' : 'refused').toBe('refused');
    const t = checkTake(r, req(1), taker(1), OFFER, NOW);
    if (!t.ok) throw new Error(t.error.message);
    const taken = endTake(recordTake(r, OFFER, t.value), OFFER);
    const again = checkTake(taken, req(2), taker(2), OFFER, NOW);
    expect(!again.ok && again.error.kind).toBe('take-single-use');
  });

  it('a take that ran past the timeout is stale (its swap is asked to abort); once ended it frees its place and is stale no more', () => {
    const two = take(take(open, 1, NOW), 2, NOW + 500);
    expect(staleTakes(two, NOW + 599, 600)).toEqual([]);
    expect(staleTakes(two, NOW + 600, 600).map((t) => t.swapId)).toEqual([idOf(1)]);
    expect(staleTakes(two, NOW + 1100, 600).map((t) => t.swapId)).toEqual([idOf(1), idOf(2)]);
    expect(refusal(two, 3, { nowSec: NOW + 600 })).toBe('offer-full');
    const aborted = endTake(two, idOf(1));
    expect(staleTakes(aborted, NOW + 1100, 600).map((t) => t.swapId)).toEqual([idOf(2)]);
    expect(refusal(aborted, 3, { nowSec: NOW + 600 })).toBe('accepted');
  });
});
