// Turns a verified offer into the Deal a decider is created with (shared/protocol/deal.ts), for
// either side. Guards: the taker takes the role opposite the maker's, with the same amounts and
// timelocks and fee rate the maker signed, and the deal passes the decider's own validation.
import { validateDeal, type Deal, type DealError } from '../protocol/deal';
import type { Result } from '../result';
import { OFFER_NETWORKS } from './offer-networks';
import type { TemporalConfig } from './offer-rules';
import type { VerifiedOffer } from './offer-schema';

export type OfferSide = 'maker' | 'taker';

export function dealFromOffer(offer: VerifiedOffer, side: OfferSide, temporal?: TemporalConfig & { readonly xmrFinality?: number }): Result<Deal, DealError> {
  const net = OFFER_NETWORKS[offer.network];
  const role = side === 'maker' ? offer.makerRole : offer.makerRole === 'alice' ? 'bob' : 'alice';
  return validateDeal({
    swapId: offer.offerId,
    role,
    btcAmount: offer.btcSats,
    xmrAmount: offer.xmrPiconero,
    cancelTimelock: offer.cancelTimelock,
    punishTimelock: offer.punishTimelock,
    finalityBtc: temporal?.btcFinality ?? net.btcFinality,
    finalityXmr: temporal?.xmrFinality ?? net.xmrFinality,
    safety: temporal?.btcSafety ?? net.btcSafety,
    // The signed rate, so both sides build and check every transaction at it.
    feeRateSatPerKvB: offer.fee.satPerKvB,
  });
}
