// Standing (version-2) offers: round trip, the signature over the new fields, bad ranges refused with
// typed errors, old version-1 strings still parse; the per-take swap id; the deal of a take.
import { describe, expect, it } from 'vitest';
import { toHex } from '../hex';
import type { SwapId } from '../ids';
import { encodeTerms, OFFER_VERSION, STANDING_OFFER_VERSION } from './offer-codec';
import { createOffer, identityKeyOf, OFFER_PREFIX, parseOffer, unpackOffer } from './offer';
import type { OfferTerms, VerifiedOffer } from './offer-schema';
import { bech32m } from '@scure/base';
import { checkTakeAmount, dealForTake, pricePiconeroPerBtc, takeRange, takeSwapId, xmrForTake } from './standing-offer';

const NOW = 1_800_000_000;
const ctx = { nowSec: NOW };
const seed = new Uint8Array(32).fill(7);
const OFFER_ID = '00112233445566778899aabbccddeeff' as SwapId;
const v1Terms: OfferTerms = {
  offerId: OFFER_ID, network: 'regtest', makerRole: 'alice', btcSats: '1000000', xmrPiconero: '1000000000000',
  cancelTimelock: 60, punishTimelock: 80, fee: { kind: 'fixed', satPerKvB: 2000 }, expiresAt: 1_900_000_000,
  makerKey: identityKeyOf(seed), makerAddress: { host: '127.0.0.1', port: 40123 },
};
const standing: OfferTerms = { ...v1Terms, btcSats: '2000000', xmrPiconero: '3000000000000', standing: { minBtcSats: '500000', capacity: 3 } };

/** Made by the version-1 code before standing offers existed (commit 55cbaad), from `v1Terms` and `seed`. */
const OLD_V1 =
  'fcswap1qypqqqq3yge5g4txw7yfn24menw7alcqqqqqqqq0gfqqqqqqar222yqqqq7qq5qqqqqq05r387esp6j2d33798zjp2l025rmzvhvt7v4gam2a0470wfyy8h2dy2yd53vpycnydewxqhrqt33njam39dv934ec86f7wxp93989yulgdz33gqw44ef6ge7aslwu0xpnaup8a6508w6zg5nftmd8kv5uv36evr85x8ye7r62wyku0fz0uq4q5khmp35';

const must = (t: OfferTerms): string => {
  const r = createOffer(t, seed, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const verified = (s: string): VerifiedOffer => {
  const r = parseOffer(s, ctx);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const repack = (payload: Uint8Array, signature: Uint8Array): string => {
  const b = new Uint8Array(payload.length + signature.length);
  b.set(payload);
  b.set(signature, payload.length);
  return bech32m.encode(OFFER_PREFIX, bech32m.toWords(b), false);
};

describe('standing offer strings (version 2)', () => {
  it('round-trips range, price and capacity, as version 2 with the fcswap1 prefix', () => {
    const s = must(standing);
    expect(s.startsWith('fcswap1')).toBe(true);
    const u = unpackOffer(s);
    expect(u.ok && u.value.payload[0]).toBe(STANDING_OFFER_VERSION);
    expect({ ...verified(s) }).toEqual(standing);
  });

  it('a version-1 offer still encodes as version 1, byte for byte as before', () => {
    expect(must(v1Terms)).toBe(OLD_V1);
    expect(encodeTerms(v1Terms)[0]).toBe(OFFER_VERSION);
  });

  it('an old version-1 string parses to its terms, with no standing part', () => {
    const o = verified(OLD_V1);
    expect({ ...o }).toEqual(v1Terms);
    expect(o.standing).toBeUndefined();
    expect(takeRange(o)).toEqual({ min: 1_000_000n, max: 1_000_000n });
  });

  it('the signature covers the range and the capacity', () => {
    const sig = unpackOffer(must(standing));
    if (!sig.ok) throw new Error('unpack');
    for (const changed of [{ ...standing, standing: { minBtcSats: '500001', capacity: 3 } }, { ...standing, standing: { minBtcSats: '500000', capacity: 4 } }, { ...standing, standing: undefined }]) {
      const r = parseOffer(repack(encodeTerms(changed), sig.value.signature), ctx);
      expect(r.ok ? 'accepted' : r.error.kind).toBe('offer-bad-signature');
    }
  });

  it('a range whose minimum is above its maximum is refused, typed, by the maker and the taker', () => {
    const bad: OfferTerms = { ...standing, standing: { minBtcSats: '2000001', capacity: 1 } };
    const r = createOffer(bad, seed, ctx);
    expect(r.ok ? 'created' : r.error.kind).toBe('offer-bad-amount');
    if (!r.ok) expect(r.error.message).toMatch(/range is empty/);
    // The same bytes signed anyway (a maker not running this code) are refused by the taker.
    const payload = encodeTerms(bad);
    const forged = repack(payload, new Uint8Array(64));
    expect(parseOffer(forged, ctx).ok).toBe(false);
  });

  it('a minimum below dust, or one that buys less XMR than can be locked, is refused as offer-bad-amount', () => {
    const dust = createOffer({ ...standing, standing: { minBtcSats: '1', capacity: 1 } }, seed, ctx);
    expect(!dust.ok && dust.error.kind).toBe('offer-bad-amount');
    const tinyXmr = createOffer({ ...standing, xmrPiconero: '1000', standing: { minBtcSats: '600', capacity: 1 } }, seed, ctx);
    expect(!tinyXmr.ok && tinyXmr.error.message).toMatch(/piconero, below the minimum/);
  });

  it('a capacity of 0 or inconsistent timelocks are refused with typed errors', () => {
    const zero = createOffer({ ...standing, standing: { minBtcSats: '500000', capacity: 0 } }, seed, ctx);
    expect(!zero.ok && zero.error.kind).toBe('offer-malformed');
    const locks = createOffer({ ...standing, cancelTimelock: 80, punishTimelock: 0 }, seed, ctx);
    expect(!locks.ok && locks.error.kind).toBe('offer-malformed');
    const noWindow = createOffer({ ...standing, cancelTimelock: 2 }, seed, ctx);
    expect(!noWindow.ok && noWindow.error.kind).toBe('offer-bad-params');
  });
});

describe('a take of a standing offer', () => {
  const takerA = identityKeyOf(new Uint8Array(32).fill(1));
  const takerB = identityKeyOf(new Uint8Array(32).fill(2));
  const nonce = (n: number) => toHex(new Uint8Array(16).fill(n));

  it('gets a swap id that is deterministic, distinct per taker and per nonce, and never the offer id', () => {
    const a = takeSwapId(OFFER_ID, takerA, nonce(1));
    expect(takeSwapId(OFFER_ID, takerA, nonce(1))).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    const others = [takeSwapId(OFFER_ID, takerB, nonce(1)), takeSwapId(OFFER_ID, takerA, nonce(2)), takeSwapId('ff112233445566778899aabbccddeeff' as SwapId, takerA, nonce(1))];
    expect(new Set([a, ...others, OFFER_ID]).size).toBe(5);
  });

  it('refuses a malformed taker key or nonce (a bug, not a peer input: it throws)', () => {
    expect(() => takeSwapId(OFFER_ID, 'zz', nonce(1))).toThrow();
    expect(() => takeSwapId(OFFER_ID, takerA, 'abc')).toThrow();
  });

  it('prices any amount in the range at the offer price, rounded down; outside the range is take-out-of-range', () => {
    const o = verified(must(standing));
    expect(pricePiconeroPerBtc(o)).toBe(150_000_000_000_000n);
    expect(xmrForTake(o, 2_000_000n)).toBe(3_000_000_000_000n);
    expect(checkTakeAmount(o, 500_000n)).toEqual({ ok: true, value: { btcSats: 500_000n, xmrPiconero: 750_000_000_000n } });
    expect(xmrForTake(o, 3n)).toBe(4_500_000n);
    for (const b of [499_999n, 2_000_001n, 0n]) {
      const r = checkTakeAmount(o, b);
      expect(!r.ok && r.error.kind).toBe('take-out-of-range');
      if (!r.ok) expect(r.error.message).toContain('500000..2000000');
    }
  });

  it('makes the same deal on both sides but for the role: the take id, the take amounts, the offer timelocks and fee', () => {
    const o = verified(must(standing));
    const swapId = takeSwapId(OFFER_ID, takerA, nonce(1));
    const maker = dealForTake(o, 'maker', { swapId, btcSats: 1_000_000n });
    const taker = dealForTake(o, 'taker', { swapId, btcSats: 1_000_000n });
    if (!maker.ok || !taker.ok) throw new Error('deal');
    expect(maker.value).toMatchObject({ swapId, role: 'alice', btcAmount: '1000000', xmrAmount: '1500000000000', cancelTimelock: 60, punishTimelock: 80, feeRateSatPerKvB: 2000 });
    expect({ ...taker.value, role: 'alice' }).toEqual(maker.value);
    expect(taker.value.role).toBe('bob');
    const out = dealForTake(o, 'taker', { swapId, btcSats: 10n });
    expect(!out.ok && out.error.kind).toBe('take-out-of-range');
  });
});
