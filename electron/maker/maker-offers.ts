// The maker's standing offers from its policy: one per quoted side (sell_xmr: the maker is Alice;
// buy_xmr: it is Bob), each a version-2 offer (BTC range, price with the side's spread, capacity,
// the policy's timelocks, the fee rate) signed under the node's key and published in the offer book.
// What to publish and revoke at each tick is shared/offer/standing-offer-plan.ts's `planOffers` (the
// sandbox's maker uses the same rule, with refreshWhenFull).
// Guards: revoking refuses new takes only, never touches a running swap; the offers file lists exactly
// the open offers, replaced atomically.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import { offerStatus, type OfferRegistry } from '../../shared/offer/offer-registry';
import { SIDES, type SideQuote } from '../../shared/offer/standing-offer-plan';
import type { OfferTerms } from '../../shared/offer/offer-schema';
import { writeFileAtomic } from '../store/atomic-file';
import { sidePrice, timelocksOf, toUnits, xmrForBtc, type MakerConfig } from './maker-config';

export function sideQuotes(c: MakerConfig): SideQuote[] {
  const { cancel, punish } = timelocksOf(c);
  return SIDES.flatMap((side) => {
    const s = c.policy[side];
    if (!s) return [];
    const max = toUnits(s.max_btc, 8);
    const xmr = xmrForBtc(max, sidePrice(c.policy.price_xmr_per_btc, side, s.spread_percent));
    return [{ side, btcSats: max.toString(), minBtcSats: toUnits(s.min_btc, 8).toString(), xmrPiconero: xmr.toString(), capacity: s.capacity, cancelTimelock: cancel, punishTimelock: punish }];
  });
}

/** The terms of a fresh offer of `q`, signed by the caller. */
export function offerTerms(c: MakerConfig, q: SideQuote, o: { makerKey: string; port: number; nowSec: number; satPerKvB: number }): OfferTerms {
  return {
    offerId: randomBytes(16).toString('hex') as SwapId,
    network: c.network,
    makerRole: q.side === 'sell_xmr' ? 'alice' : 'bob',
    btcSats: q.btcSats,
    xmrPiconero: q.xmrPiconero,
    cancelTimelock: q.cancelTimelock,
    punishTimelock: q.punishTimelock,
    fee: { kind: 'fixed', satPerKvB: o.satPerKvB },
    expiresAt: o.nowSec + Math.round(c.policy.offer_expiry_minutes * 60),
    makerKey: o.makerKey,
    makerAddress: { host: c.listen.public_host, port: o.port },
    standing: { minBtcSats: q.minBtcSats, capacity: q.capacity },
  };
}

/** `<data_dir>/offers.txt`: one open offer string a line (what a publisher reads and shares). */
export function writeOffersFile(dataDir: string, book: OfferRegistry, nowSec: number): void {
  const open = Object.values(book.offers).filter((e) => ['open', 'full'].includes(offerStatus(e, nowSec)));
  writeFileAtomic(path.join(dataDir, 'offers.txt'), open.map((e) => `${e.offer}\n`).join(''), 0o644);
}
