import { describe, expect, it } from 'vitest';
import { checkOfferFeeRate, feeBand, makerFeeRate } from './fee-band';

const reasonOf = (r: ReturnType<typeof checkOfferFeeRate>) => (r.ok ? 'accepted' : r.error.reason);

describe('the taker fee band', () => {
  it('without an estimate (regtest): floor..50 sat/vB, so 7 sat/vB passes and 500 sat/vB is refused', () => {
    expect(feeBand('regtest', null)).toEqual({ min: 1000, max: 50_000, estimate: null });
    expect(reasonOf(checkOfferFeeRate('regtest', 7000, null))).toBe('accepted');
    expect(reasonOf(checkOfferFeeRate('regtest', 1000, null))).toBe('accepted');
    expect(reasonOf(checkOfferFeeRate('regtest', 50_000, null))).toBe('accepted');
    const high = checkOfferFeeRate('regtest', 500_000, null);
    expect(reasonOf(high)).toBe('above-cap');
    expect(!high.ok && high.error.kind).toBe('offer-fee-out-of-band');
    expect(!high.ok && high.error.message).toMatch(/500 sat\/vB is above the 50 sat\/vB .*no fee estimate.*overpay/);
  });

  it('below the relay floor is refused whatever the estimate says', () => {
    const r = checkOfferFeeRate('regtest', 999, null);
    expect(reasonOf(r)).toBe('below-floor');
    expect(!r.ok && r.error.message).toMatch(/0\.999 sat\/vB is below the 1 sat\/vB nodes relay/);
    expect(reasonOf(checkOfferFeeRate('mainnet', 500, 800))).toBe('below-floor');
  });

  it('with an estimate: half to four times it, inside the network floor and cap', () => {
    expect(feeBand('mainnet', 20_000)).toEqual({ min: 10_000, max: 80_000, estimate: 20_000 });
    expect(reasonOf(checkOfferFeeRate('mainnet', 20_000, 20_000))).toBe('accepted');
    expect(reasonOf(checkOfferFeeRate('mainnet', 10_000, 20_000))).toBe('accepted');
    expect(reasonOf(checkOfferFeeRate('mainnet', 80_000, 20_000))).toBe('accepted');
    const low = checkOfferFeeRate('mainnet', 9_999, 20_000);
    expect(reasonOf(low)).toBe('below-estimate');
    expect(!low.ok && low.error.message).toMatch(/far below your node's estimate \(20 sat\/vB\).*before the timelocks/);
    const high = checkOfferFeeRate('mainnet', 80_001, 20_000);
    expect(reasonOf(high)).toBe('above-estimate');
    expect(!high.ok && high.error.message).toMatch(/far above your node's estimate/);
    // A low estimate never lowers the band under the floor; a huge one never lifts it over the cap.
    expect(feeBand('mainnet', 1200).min).toBe(1000);
    expect(feeBand('mainnet', 900_000).max).toBe(1_000_000);
    expect(reasonOf(checkOfferFeeRate('mainnet', 1_000_001, 900_000))).toBe('above-cap');
  });

  it('mainnet without an estimate: floor..300 sat/vB', () => {
    expect(feeBand('mainnet', null)).toEqual({ min: 1000, max: 300_000, estimate: null });
    expect(reasonOf(checkOfferFeeRate('mainnet', 300_001, null))).toBe('above-cap');
  });
});

describe('the maker fee rate', () => {
  it('is the estimate inside floor..cap, or the floor when the node has none', () => {
    expect(makerFeeRate('regtest', null)).toEqual({ satPerKvB: 1000, source: 'floor' });
    expect(makerFeeRate('mainnet', 12_345.4)).toEqual({ satPerKvB: 12_346, source: 'estimate' });
    expect(makerFeeRate('mainnet', 10)).toEqual({ satPerKvB: 1000, source: 'estimate' });
    expect(makerFeeRate('mainnet', 5_000_000)).toEqual({ satPerKvB: 1_000_000, source: 'estimate' });
  });

  it('a maker and a taker with the same estimate always agree', () => {
    for (const e of [null, 1000, 1500, 7000, 42_000, 999_000]) {
      expect(reasonOf(checkOfferFeeRate('mainnet', makerFeeRate('mainnet', e).satPerKvB, e))).toBe('accepted');
      expect(reasonOf(checkOfferFeeRate('regtest', makerFeeRate('regtest', e).satPerKvB, e))).toBe('accepted');
    }
  });
});
