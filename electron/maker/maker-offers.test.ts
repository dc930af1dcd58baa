import { describe, expect, it } from 'vitest';
import { identityKeyOf } from '../../shared/offer/offer';
import { checkOfferTerms } from '../../shared/offer/offer-rules';
import { addOffer, emptyRegistry, revokeOffer, type OfferRegistry } from '../../shared/offer/offer-registry';
import { exampleConfig } from '../../rigs/maker/example-config';
import type { MakerConfig } from './maker-config';
import { planOffers, type SideQuote } from '../../shared/offer/standing-offer-plan';
import { offerTerms, sideQuotes } from './maker-offers';

const NOW = 1_800_000_000;
const config = (edits: Record<string, unknown> = {}): MakerConfig => exampleConfig(edits);
const listen = { host: 'maker.example.org', port: 9737 };
const ctx = (nowSec: number) => ({ nowSec, refreshSec: 45 * 60, expirySec: 60 * 60, listen });
const makerKey = identityKeyOf(new Uint8Array(32).fill(3));
const publish = (book: OfferRegistry, c: MakerConfig, q: SideQuote, nowSec: number) => {
  const t = offerTerms(c, q, { makerKey, port: 9737, nowSec, satPerKvB: 12_000 });
  return { book: addOffer(book, `fcswap1${t.offerId}`, t), id: t.offerId };
};

describe('maker offers', () => {
  it('one quote per side at the side price; the terms pass the network rules as a standing offer', () => {
    const c = config();
    const qs = sideQuotes(c);
    expect(qs.map((q) => [q.side, q.minBtcSats, q.btcSats, q.xmrPiconero, q.capacity, q.cancelTimelock, q.punishTimelock])).toEqual([
      ['sell_xmr', '100000', '5000000', '7880000000000', 4, 72, 144],
      ['buy_xmr', '100000', '5000000', '8120000000000', 4, 72, 144],
    ]);
    const t = offerTerms(c, qs[1]!, { makerKey, port: 9737, nowSec: NOW, satPerKvB: 12_000 });
    expect(t).toMatchObject({ makerRole: 'bob', makerAddress: listen, expiresAt: NOW + 3600, standing: { minBtcSats: '100000', capacity: 4 } });
    expect(checkOfferTerms(t, { nowSec: NOW }).ok).toBe(true);
  });

  it('publishes each side once, keeps it until the refresh, then replaces it (the old one revoked)', () => {
    const c = config();
    const qs = sideQuotes(c);
    expect(planOffers(emptyRegistry(), qs, ctx(NOW))).toEqual({ publish: qs, revoke: [] });
    let book = emptyRegistry();
    const ids: string[] = [];
    for (const q of qs) {
      const p = publish(book, c, q, NOW);
      book = p.book;
      ids.push(p.id);
    }
    expect(planOffers(book, qs, ctx(NOW + 45 * 60 - 1))).toEqual({ publish: [], revoke: [] });
    expect(planOffers(book, qs, ctx(NOW + 45 * 60))).toEqual({ publish: qs, revoke: ids });
    // A revoked (or expired) offer is not current: its side gets a fresh one, nothing else to revoke.
    expect(planOffers(revokeOffer(book, ids[0]!), qs, ctx(NOW + 60))).toEqual({ publish: [qs[0]], revoke: [] });
  });

  it('a changed policy or port replaces the offers; a side no longer quoted has its offers revoked', () => {
    const c = config();
    let book = emptyRegistry();
    const ids: string[] = [];
    for (const q of sideQuotes(c)) {
      const p = publish(book, c, q, NOW);
      book = p.book;
      ids.push(p.id);
    }
    const pricier = sideQuotes(config({ 'policy.price_xmr_per_btc': '170' }));
    expect(planOffers(book, pricier, ctx(NOW + 60))).toEqual({ publish: pricier, revoke: ids });
    expect(planOffers(book, sideQuotes(c), { ...ctx(NOW + 60), listen: { ...listen, port: 9738 } }).revoke).toEqual(ids);
    const sellOnly = sideQuotes(config({ 'policy.buy_xmr': undefined }));
    expect(planOffers(book, sellOnly, ctx(NOW + 60))).toEqual({ publish: [], revoke: [ids[1]] });
  });
});
