// The maker's standing offers from its policy: one per quoted side (sell_xmr: the maker is Alice;
// buy_xmr: it is Bob), each a version-2 offer (BTC range, price with the side's spread, capacity,
// the policy's timelocks, the fee rate) signed under the node's key and published in the offer book.
// `planOffers` (pure) says what to publish and what to revoke at each tick: a side with no current
// offer, one due for refresh, or one whose terms no longer match the policy (the config changed) gets a
// fresh offer and its older offers are revoked; a side no longer quoted has its offers revoked.
// Guards: revoking refuses new takes only, never touches a running swap; the offers file lists exactly
// the open offers, replaced atomically.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import { offerStatus, type OfferRegistry } from '../../shared/offer/offer-registry';
import type { OfferTerms } from '../../shared/offer/offer-schema';
import { writeFileAtomic } from '../store/atomic-file';
import { sidePrice, timelocksOf, toUnits, xmrForBtc, type MakerConfig } from './maker-config';

export type Side = 'sell_xmr' | 'buy_xmr';
export const SIDES: readonly Side[] = ['sell_xmr', 'buy_xmr'];
export const sideOf = (t: Pick<OfferTerms, 'makerRole'>): Side => (t.makerRole === 'alice' ? 'sell_xmr' : 'buy_xmr');

/** What a side's offer must say, apart from its id, expiry and fee rate (which refreshes may change). */
export interface SideQuote {
  readonly side: Side;
  readonly btcSats: string;
  readonly minBtcSats: string;
  readonly xmrPiconero: string;
  readonly capacity: number;
  readonly cancelTimelock: number;
  readonly punishTimelock: number;
}

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

export interface OfferPlan {
  readonly publish: SideQuote[];
  readonly revoke: string[];
}

export interface PlanContext {
  readonly nowSec: number;
  /** A fresh offer is due once an offer has lived this long (policy.refresh_minutes). */
  readonly refreshSec: number;
  readonly expirySec: number;
  readonly listen: { readonly host: string; readonly port: number };
}

const matches = (t: OfferTerms, q: SideQuote, listen: PlanContext['listen']): boolean =>
  t.btcSats === q.btcSats &&
  t.standing?.minBtcSats === q.minBtcSats &&
  t.xmrPiconero === q.xmrPiconero &&
  t.standing.capacity === q.capacity &&
  t.cancelTimelock === q.cancelTimelock &&
  t.punishTimelock === q.punishTimelock &&
  t.makerAddress.host === listen.host &&
  t.makerAddress.port === listen.port;

/** Pure: the offers to publish (one per side due) and revoke (superseded, or of a side no longer quoted). */
export function planOffers(book: OfferRegistry, quotes: readonly SideQuote[], ctx: PlanContext): OfferPlan {
  const publish: SideQuote[] = [];
  const revoke: string[] = [];
  const live = Object.entries(book.offers).filter(([, e]) => {
    const s = offerStatus(e, ctx.nowSec);
    return s === 'open' || s === 'full';
  });
  for (const side of SIDES) {
    const q = quotes.find((x) => x.side === side);
    const mine = live.filter(([, e]) => sideOf(e.terms) === side).sort(([, a], [, b]) => b.terms.expiresAt - a.terms.expiresAt);
    const newest = mine[0];
    // Born at expiresAt - expirySec: due for refresh once it is refreshSec old.
    const fresh = newest && q && matches(newest[1].terms, q, ctx.listen) && ctx.nowSec < newest[1].terms.expiresAt - ctx.expirySec + ctx.refreshSec;
    if (q && !fresh) publish.push(q);
    for (const [id] of mine) if (!fresh || id !== newest?.[0]) revoke.push(id);
  }
  return { publish, revoke };
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
