import { describe, expect, it } from 'vitest';
import type { SwapId } from '../ids';
import { addOffer, emptyRegistry, endTake, recordTake, revokeOffer, type OfferRegistry } from './offer-registry';
import type { OfferTerms } from './offer-schema';
import { planOffers, roleOf, type SideQuote } from './standing-offer-plan';

const NOW = 1_800_000_000;
const listen = { host: '127.0.0.1', port: 9737 };
const ctx = (nowSec: number, refreshWhenFull = false) => ({ nowSec, refreshSec: 50 * 60, expirySec: 60 * 60, listen, refreshWhenFull });
const quote = (side: SideQuote['side']): SideQuote => ({ side, btcSats: '1000000', minBtcSats: '100000', xmrPiconero: '1000000000000', capacity: 2, cancelTimelock: 60, punishTimelock: 80 });
const quotes = [quote('sell_xmr'), quote('buy_xmr')];
let n = 0;
function publish(book: OfferRegistry, q: SideQuote, nowSec: number): { book: OfferRegistry; id: string } {
  const offerId = (++n).toString(16).padStart(32, '0') as SwapId;
  const terms: OfferTerms = {
    offerId,
    network: 'regtest',
    makerRole: roleOf(q.side),
    btcSats: q.btcSats,
    xmrPiconero: q.xmrPiconero,
    cancelTimelock: q.cancelTimelock,
    punishTimelock: q.punishTimelock,
    fee: { kind: 'fixed', satPerKvB: 2000 },
    expiresAt: nowSec + 3600,
    makerKey: 'aa'.repeat(32),
    makerAddress: listen,
    standing: { minBtcSats: q.minBtcSats, capacity: q.capacity },
  };
  return { book: addOffer(book, `fcswap1${offerId}`, terms), id: offerId };
}
const take = (book: OfferRegistry, offerId: string, i: number) =>
  recordTake(book, offerId, { swapId: `${offerId.slice(0, 30)}f${i}` as SwapId, takerKey: 'bb'.repeat(32), btcSats: '500000', xmrPiconero: '500000000000', takenAt: NOW, ended: false });

describe('standing offer plan', () => {
  it('one offer per side, kept until the refresh, then replaced (the old one revoked)', () => {
    expect(planOffers(emptyRegistry(), quotes, ctx(NOW))).toEqual({ publish: quotes, revoke: [] });
    let book = emptyRegistry();
    const ids: string[] = [];
    for (const q of quotes) ({ book, id: ids[ids.length] } = publish(book, q, NOW));
    expect(planOffers(book, quotes, ctx(NOW + 50 * 60 - 1))).toEqual({ publish: [], revoke: [] });
    expect(planOffers(book, quotes, ctx(NOW + 50 * 60))).toEqual({ publish: quotes, revoke: ids });
    expect(planOffers(revokeOffer(book, ids[0]!), quotes, ctx(NOW + 60))).toEqual({ publish: [quotes[0]], revoke: [] });
    // Expired (no tick came in time): a fresh one, nothing to revoke.
    expect(planOffers(book, quotes, ctx(NOW + 3601))).toEqual({ publish: quotes, revoke: [] });
  });

  it('a full offer is replaced only with refreshWhenFull; a place freed before the look keeps it', () => {
    let book = emptyRegistry();
    const ids: string[] = [];
    for (const q of quotes) ({ book, id: ids[ids.length] } = publish(book, q, NOW));
    book = take(take(book, ids[1]!, 1), ids[1]!, 2);
    expect(planOffers(book, quotes, ctx(NOW + 60))).toEqual({ publish: [], revoke: [] });
    expect(planOffers(book, quotes, ctx(NOW + 60, true))).toEqual({ publish: [quotes[1]], revoke: [ids[1]] });
    const freed = endTake(book, `${ids[1]!.slice(0, 30)}f1`);
    expect(planOffers(freed, quotes, ctx(NOW + 60, true))).toEqual({ publish: [], revoke: [] });
  });

  it('a changed quote or listener replaces the offers; a side no longer quoted has its offers revoked', () => {
    let book = emptyRegistry();
    const ids: string[] = [];
    for (const q of quotes) ({ book, id: ids[ids.length] } = publish(book, q, NOW));
    const bigger = quotes.map((q) => ({ ...q, capacity: 4 }));
    expect(planOffers(book, bigger, ctx(NOW + 60))).toEqual({ publish: bigger, revoke: ids });
    expect(planOffers(book, quotes, { ...ctx(NOW + 60), listen: { ...listen, port: 9738 } }).revoke).toEqual(ids);
    expect(planOffers(book, [quotes[0]!], ctx(NOW + 60))).toEqual({ publish: [], revoke: [ids[1]] });
  });
});
