// What every list of offers shows of a signed offer's terms (the taker's book, the maker's own offers):
// one mapping, so the two screens cannot disagree on an offer's range, price or deadlines.
// A v1 offer is a range of one amount (min = max); a v2 standing quote says its minimum.
import type { OfferTerms } from './offer-schema';

export interface OfferRange {
  readonly offerId: OfferTerms['offerId'];
  readonly network: OfferTerms['network'];
  readonly makerRole: OfferTerms['makerRole'];
  readonly minBtcSats: OfferTerms['btcSats'];
  readonly maxBtcSats: OfferTerms['btcSats'];
  readonly xmrPiconero: OfferTerms['xmrPiconero'];
  readonly feeSatPerKvB: OfferTerms['fee']['satPerKvB'];
  readonly cancelTimelock: OfferTerms['cancelTimelock'];
  readonly punishTimelock: OfferTerms['punishTimelock'];
  readonly expiresAt: OfferTerms['expiresAt'];
}

export const offerRangeOf = (t: OfferTerms): OfferRange => ({
  offerId: t.offerId,
  network: t.network,
  makerRole: t.makerRole,
  minBtcSats: t.standing?.minBtcSats ?? t.btcSats,
  maxBtcSats: t.btcSats,
  xmrPiconero: t.xmrPiconero,
  feeSatPerKvB: t.fee.satPerKvB,
  cancelTimelock: t.cancelTimelock,
  punishTimelock: t.punishTimelock,
  expiresAt: t.expiresAt,
});
