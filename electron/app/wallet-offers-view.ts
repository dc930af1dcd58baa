// What the Make-an-offer screen shows of one offer the person made: its terms, its state and its
// swaps, from the maker's offer book. Pure: the state is read at `nowSec`.
import type { MadeOffer, MadeOfferState } from '../../shared/ipc/offer-channels';
import { offerRangeOf } from '../../shared/offer/offer-range';
import { runningTakes, type OfferEntry } from '../../shared/offer/offer-registry';

/** Revoked beats expired; an offer with swaps of it running is taken (running of capacity), else open. */
export function madeOfferState(e: OfferEntry, nowSec: number): MadeOfferState {
  if (e.revoked) return 'revoked';
  if (nowSec >= e.terms.expiresAt) return 'expired';
  return runningTakes(e).length > 0 ? 'taken' : 'open';
}

export function madeOfferView(e: OfferEntry, nowSec: number): MadeOffer {
  const t = e.terms;
  return {
    offer: e.offer,
    ...offerRangeOf(t),
    capacity: t.standing?.capacity ?? 1,
    running: runningTakes(e).length,
    state: madeOfferState(e, nowSec),
    maker: `${t.makerAddress.host}:${t.makerAddress.port}`,
    // Newest take first: the one the person is most likely looking for.
    takes: [...e.takes].reverse().map((k) => ({ swapId: k.swapId, btcSats: k.btcSats, xmrPiconero: k.xmrPiconero, takenAt: k.takenAt, ended: k.ended })),
  };
}
