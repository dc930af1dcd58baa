// What the wizard's review step shows for an offer, and the checks on the addresses the person types.
// Guards: an offer is shown only after its signature, expiry, temporal rules and the taker's fee band
// passed (every fee is shown in sats, priced by the swap's own builders); a payout
// address must belong to the swap's networks, so no coin is ever sent where it cannot be spent.
import { BTC_NETWORKS, type BtcNetwork } from '../crypto/btc-network';
import type { OfferReview } from '../ipc/channels';
import type { Deal } from '../protocol/deal';
import { appError, err, ok, type AppError, type Result } from '../result';
import { parseOffer } from './offer';
import { compactOfferText } from './offer-damage';
import { dealFromOffer } from './offer-deal';
import { checkOfferFeeRate } from './fee-band';
import { feeLines, swapFees } from './swap-fees';
import type { SwapNetworkName } from '../networks/swap-networks';
import { OFFER_NETWORKS } from './offer-networks';
import { btcAddressProblem, xmrAddressProblem } from './payout-address-check';
import type { VerifiedOffer } from './offer-schema';


export interface ReviewedOffer {
  readonly offer: VerifiedOffer;
  readonly deal: Deal;
  readonly review: OfferReview;
}

/** `feeEstimateSatPerKvB`: the taker's node's estimate (null: none), the band the offer's rate must be in. */
export function reviewOffer(text: string, ctx: { nowSec: number; btc: BtcNetwork; feeEstimateSatPerKvB: number | null; regtestBlockSeconds?: number }): Result<ReviewedOffer, AppError> {
  // Parsed as pasted (a damaged offer's position then says whether line breaks were left out); the
  // compacted text (wrapping removed) is what the review shows and the swap keeps.
  const parsed = parseOffer(text, { nowSec: ctx.nowSec });
  const compact = compactOfferText(text);
  if (!parsed.ok) return err(appError(parsed.error.kind, parsed.error.message));
  const offer = parsed.value;
  const deal = dealFromOffer(offer, 'taker');
  if (!deal.ok) return err(deal.error);
  const net = OFFER_NETWORKS[offer.network];
  // The rate is checked before anything is shown: a refused offer never reaches the signer.
  const band = checkOfferFeeRate(offer.network, offer.fee.satPerKvB, ctx.feeEstimateSatPerKvB);
  if (!band.ok) return err(band.error);
  const fees = swapFees(deal.value, ctx.btc);
  if (!fees.ok) return err(appError('offer-bad-amount', `At the offer's fee rate the swap's transactions do not work: ${fees.error.message}`));
  return ok({
    offer,
    deal: deal.value,
    review: {
      offer: compact,
      offerId: offer.offerId,
      network: offer.network,
      makerRole: offer.makerRole,
      yourRole: deal.value.role,
      btcSats: offer.btcSats,
      xmrPiconero: offer.xmrPiconero,
      ...(offer.standing ? { minBtcSats: offer.standing.minBtcSats } : {}),
      fundingSats: deal.value.role === 'bob' ? fees.value.funding.toString() : null,
      feeSatPerKvB: offer.fee.satPerKvB,
      feeEstimateSatPerKvB: ctx.feeEstimateSatPerKvB,
      fees: feeLines(fees.value, deal.value.role),
      worstCaseRefundSats: fees.value.worstCaseRefund.toString(),
      cancelTimelock: offer.cancelTimelock,
      punishTimelock: offer.punishTimelock,
      finalityBtc: net.btcFinality,
      finalityXmr: net.xmrFinality,
      // Seconds per BTC block the person should expect; regtest has no pace of its own (the sandbox's, else 1 s).
      btcBlockSeconds: offer.network === 'regtest' ? (ctx.regtestBlockSeconds ?? 1) : BTC_NETWORKS[net.btc].blockSeconds,
      expiresAt: offer.expiresAt,
      maker: `${offer.makerAddress.host}:${offer.makerAddress.port}`,
    },
  });
}

/** The person's BTC payout/refund address and XMR receive address, checked against the swap's networks. */
export function checkPayoutAddresses(
  a: { btcAddress: string; xmrAddress: string },
  ctx: { btc: BtcNetwork; network: SwapNetworkName },
): Result<{ btcAddress: string; xmrAddress: string }, AppError & { field: 'btcAddress' | 'xmrAddress' }> {
  const btcAddress = a.btcAddress.trim();
  const xmrAddress = a.xmrAddress.trim();
  // The same sentences the wizard shows as the person types (shared/offer/payout-address-check.ts).
  const b = btcAddressProblem(btcAddress, ctx.network, [ctx.btc.name]);
  if (b) return err({ ...appError('address-invalid', `Bitcoin address: ${b}`), field: 'btcAddress' as const });
  const x = xmrAddressProblem(xmrAddress, ctx.network);
  if (x) return err({ ...appError('address-invalid', `Monero address: ${x}`), field: 'xmrAddress' as const });
  return ok({ btcAddress, xmrAddress });
}
