// The swap's fee rate: the deal's (signed by the offer; 2000 sat/kvB for deals from before the field),
// every fee the review shows priced by the swap's own builders, and the taker's band applied by the review.
import { describe, expect, it } from 'vitest';
import { BTC_NETWORKS } from '../crypto/btc-network';
import { buildBuy, buildCancel, buildLock, buildRefund, fundingAmount, outpointOf } from '../crypto/btc-swap-txs';
import type { SwapId } from '../ids';
import { dealFeeRate, DealSchema, LEGACY_FEE_RATE_SAT_PER_KVB, validateDeal, type Deal } from '../protocol/deal';
import { createOffer, identityKeyOf, parseOffer } from './offer';
import { dealFromOffer } from './offer-deal';
import { reviewOffer } from './offer-review';
import { feeLines, pricingParams, swapFees } from './swap-fees';

const NET = BTC_NETWORKS['litecoin-regtest'];
const NOW = 1_800_000_000;
const SEED = new Uint8Array(32).fill(9);
/** A deal as transcripts before the fee field wrote it. */
const OLD_DEAL = { swapId: 'ab'.repeat(16) as SwapId, role: 'bob', btcAmount: '1000000', xmrAmount: '1000000000000', cancelTimelock: 60, punishTimelock: 80, finalityBtc: 1, finalityXmr: 1, safety: 3 } as const satisfies Deal;

const offerAt = (satPerKvB: number, makerRole: 'alice' | 'bob' = 'alice'): string => {
  const o = createOffer(
    {
      offerId: 'cd'.repeat(16) as SwapId, network: 'regtest', makerRole, btcSats: '1000000', xmrPiconero: '1000000000000',
      cancelTimelock: 60, punishTimelock: 80, fee: { kind: 'fixed', satPerKvB }, expiresAt: NOW + 3600,
      makerKey: identityKeyOf(SEED), makerAddress: { host: '127.0.0.1', port: 9000 },
    },
    SEED,
    { nowSec: NOW },
  );
  if (!o.ok) throw new Error(o.error.message);
  return o.value;
};

describe('the deal carries the swap fee rate', () => {
  it('an old deal (no field) still parses and folds at the 2000 sat/kvB every earlier swap used', () => {
    expect(DealSchema.safeParse(OLD_DEAL).success).toBe(true);
    expect(validateDeal(OLD_DEAL).ok).toBe(true);
    expect(LEGACY_FEE_RATE_SAT_PER_KVB).toBe(2000);
    expect(dealFeeRate(OLD_DEAL)).toBe(2000n);
    expect(dealFeeRate({ ...OLD_DEAL, feeRateSatPerKvB: 7000 })).toBe(7000n);
    expect(validateDeal({ ...OLD_DEAL, feeRateSatPerKvB: 0 }).ok).toBe(false);
    expect(validateDeal({ ...OLD_DEAL, feeRateSatPerKvB: 7.5 }).ok).toBe(false);
  });

  it('dealFromOffer takes the offer\'s signed rate, on both sides', () => {
    const offer = parseOffer(offerAt(7000), { nowSec: NOW });
    if (!offer.ok) throw new Error(offer.error.message);
    for (const side of ['maker', 'taker'] as const) {
      const d = dealFromOffer(offer.value, side);
      expect(d.ok && d.value.feeRateSatPerKvB).toBe(7000);
    }
  });
});

describe('swap fees at the deal rate', () => {
  it('match the builders both sides use, and scale with the rate', () => {
    const d7 = { ...OLD_DEAL, feeRateSatPerKvB: 7000 };
    const f7 = swapFees(d7, NET);
    const f2 = swapFees(OLD_DEAL, NET);
    if (!f7.ok || !f2.ok) throw new Error('priced');
    const p = pricingParams(d7, NET);
    expect(p.feeRateSatPerKvB).toBe(7000n);
    const funding = fundingAmount(p);
    expect(funding.ok && funding.value).toBe(f7.value.funding);
    expect(f7.value.funding).toBe(1_000_000n + f7.value.lock);
    const lock = buildLock(p, { txid: '22'.repeat(32), vout: 1, amount: f7.value.funding }, p.keys.bobBuy);
    if (!lock.ok) throw new Error(lock.error.message);
    const cancel = buildCancel(p, outpointOf(lock.value));
    if (!cancel.ok) throw new Error(cancel.error.message);
    expect(cancel.value.fee).toBe(f7.value.cancel);
    const buy = buildBuy(p, outpointOf(lock.value));
    expect(buy.ok && buy.value.fee).toBe(f7.value.buy);
    const refund = buildRefund(p, outpointOf(cancel.value), cancel.value.output.amount);
    expect(refund.ok && refund.value.fee).toBe(f7.value.refund);
    expect(f7.value.worstCaseRefund).toBe(f7.value.lock + f7.value.cancel + f7.value.refund);
    // 3.5 times the rate: each fee is 3.5 times, give or take the ceil of one sat.
    for (const k of ['lock', 'cancel', 'refund', 'buy', 'punish'] as const) {
      expect(f7.value[k] * 2n - f2.value[k] * 7n).toBeGreaterThanOrEqual(-7n);
      expect(f7.value[k] * 2n - f2.value[k] * 7n).toBeLessThanOrEqual(7n);
      expect(f7.value[k]).toBeGreaterThan(0n);
    }
  });

  it('an amount the fees would turn into dust is refused', () => {
    expect(swapFees({ ...OLD_DEAL, btcAmount: '2000', feeRateSatPerKvB: 7000 }, NET).ok).toBe(false);
  });

  it('lines per role: Bob sees lock, buy, cancel, refund; Alice lock, buy, cancel, punish', () => {
    const f = swapFees(OLD_DEAL, NET);
    if (!f.ok) throw new Error(f.error.message);
    expect(feeLines(f.value, 'bob').map((l) => l.tx)).toEqual(['lock', 'buy', 'cancel', 'refund']);
    expect(feeLines(f.value, 'alice').map((l) => l.tx)).toEqual(['lock', 'buy', 'cancel', 'punish']);
    expect(feeLines(f.value, 'bob')[0]).toEqual({ tx: 'lock', sats: f.value.lock.toString(), when: expect.stringMatching(/on top of the amount/) });
  });
});

describe('the offer review', () => {
  it('shows every fee in sats at the offer rate, the worst-case refund cost and the funding amount', () => {
    const r = reviewOffer(offerAt(7000), { nowSec: NOW, btc: NET, feeEstimateSatPerKvB: null });
    if (!r.ok) throw new Error(r.error.message);
    const f = swapFees({ ...OLD_DEAL, swapId: r.value.deal.swapId, feeRateSatPerKvB: 7000 }, NET);
    if (!f.ok) throw new Error(f.error.message);
    expect(r.value.deal.feeRateSatPerKvB).toBe(7000);
    expect(r.value.review.yourRole).toBe('bob');
    expect(r.value.review.feeSatPerKvB).toBe(7000);
    expect(r.value.review.feeEstimateSatPerKvB).toBeNull();
    expect(r.value.review.fundingSats).toBe(f.value.funding.toString());
    expect(r.value.review.worstCaseRefundSats).toBe((f.value.lock + f.value.cancel + f.value.refund).toString());
    expect(r.value.review.fees).toEqual(feeLines(f.value, 'bob'));
    const alice = reviewOffer(offerAt(7000, 'bob'), { nowSec: NOW, btc: NET, feeEstimateSatPerKvB: null });
    expect(alice.ok && alice.value.review.fundingSats).toBeNull();
    expect(alice.ok && alice.value.review.fees.map((l) => l.tx)).toEqual(['lock', 'buy', 'cancel', 'punish']);
  });

  it('refuses an offer outside the taker band, with the reason', () => {
    const high = reviewOffer(offerAt(500_000), { nowSec: NOW, btc: NET, feeEstimateSatPerKvB: null });
    expect(!high.ok && high.error.kind).toBe('offer-fee-out-of-band');
    expect(!high.ok && high.error.message).toMatch(/overpay/);
    const low = reviewOffer(offerAt(2000), { nowSec: NOW, btc: NET, feeEstimateSatPerKvB: 10_000 });
    expect(!low.ok && low.error.message).toMatch(/far below your node's estimate/);
    const ok = reviewOffer(offerAt(7000), { nowSec: NOW, btc: NET, feeEstimateSatPerKvB: 6000 });
    expect(ok.ok && ok.value.review.feeEstimateSatPerKvB).toBe(6000);
  });
});
