// A maker's standing offers kept to its quotes, one per quoted side (sell_xmr: the maker is Alice;
// buy_xmr: it is Bob): `planOffers` says what to publish and what to revoke at each look. A side with
// no current offer, one due for refresh, one whose terms no longer match its quote (the policy or the
// listener changed), or (with `refreshWhenFull`) one taken to capacity gets a fresh offer, and its
// older offers are revoked; a side no longer quoted has its offers revoked. Pure: the caller signs,
// publishes and revokes. Used by the headless maker (electron/maker/maker-offers.ts) and, with
// `refreshWhenFull`, by the regtest sandbox's maker.
// Guards: revoking refuses new takes only, never touches a running swap; an offer is never replaced
// while it is fresh, matches its quote and has places left.
import { offerStatus, type OfferRegistry } from './offer-registry';
import type { OfferTerms } from './offer-schema';

export type Side = 'sell_xmr' | 'buy_xmr';
export const SIDES: readonly Side[] = ['sell_xmr', 'buy_xmr'];
export const sideOf = (t: Pick<OfferTerms, 'makerRole'>): Side => (t.makerRole === 'alice' ? 'sell_xmr' : 'buy_xmr');
export const roleOf = (side: Side): OfferTerms['makerRole'] => (side === 'sell_xmr' ? 'alice' : 'bob');

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

export interface OfferPlan {
  readonly publish: SideQuote[];
  readonly revoke: string[];
}

export interface PlanContext {
  readonly nowSec: number;
  /** A fresh offer is due once an offer has lived this long. */
  readonly refreshSec: number;
  /** How long an offer lives (its expiresAt is its birth plus this). */
  readonly expirySec: number;
  /** Where the maker listens (every offer carries it). */
  readonly listen: { readonly host: string; readonly port: number };
  /** A side whose newest offer is taken to capacity gets a fresh one (the full one is revoked; its swaps go on). */
  readonly refreshWhenFull?: boolean;
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

/** The offers to publish (one per side due) and revoke (superseded, or of a side no longer quoted). */
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
    const young = newest !== undefined && ctx.nowSec < newest[1].terms.expiresAt - ctx.expirySec + ctx.refreshSec;
    const full = newest !== undefined && ctx.refreshWhenFull === true && offerStatus(newest[1], ctx.nowSec) === 'full';
    const fresh = newest && q && matches(newest[1].terms, q, ctx.listen) && young && !full;
    if (q && !fresh) publish.push(q);
    for (const [id] of mine) if (!fresh || id !== newest?.[0]) revoke.push(id);
  }
  return { publish, revoke };
}

