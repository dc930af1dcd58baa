// What the wizard's review step shows for an offer, and the checks on the addresses the person types.
// Guards: an offer is shown only after its signature, expiry and temporal rules passed; a payout
// address must belong to the swap's networks, so no coin is ever sent where it cannot be spent.
import { fundingAmount, type SwapBtcParams } from '../crypto/btc-swap-txs';
import { BTC_NETWORKS, type BtcNetwork } from '../crypto/btc-network';
import { secpPublicKey } from '../crypto/ecdsa-adaptor';
import { decodeMoneroAddress, moneroNetworkFor } from '../crypto/monero-address';
import { decodeSegwitAddress } from '../crypto/segwit-address';
import { fromHex } from '../hex';
import type { OfferReview } from '../ipc/channels';
import type { Deal } from '../protocol/deal';
import { appError, err, ok, type AppError, type Result } from '../result';
import { parseOffer } from './offer';
import { dealFromOffer } from './offer-deal';
import type { SwapNetworkName } from '../networks/swap-networks';
import { OFFER_NETWORKS } from './offer-networks';
import type { VerifiedOffer } from './offer-schema';


export interface ReviewedOffer {
  readonly offer: VerifiedOffer;
  readonly deal: Deal;
  readonly review: OfferReview;
}

export function reviewOffer(text: string, ctx: { nowSec: number; btc: BtcNetwork; regtestBlockSeconds?: number }): Result<ReviewedOffer, AppError> {
  const parsed = parseOffer(text.trim(), { nowSec: ctx.nowSec });
  if (!parsed.ok) return err(appError(parsed.error.kind, parsed.error.message));
  const offer = parsed.value;
  const deal = dealFromOffer(offer, 'taker');
  if (!deal.ok) return err(deal.error);
  const net = OFFER_NETWORKS[offer.network];
  const feeRate = offer.fee.kind === 'fixed' ? offer.fee.satPerKvB : 0;
  const funding = deal.value.role === 'bob' ? fundingSats(deal.value, ctx.btc, BigInt(feeRate)) : null;
  return ok({
    offer,
    deal: deal.value,
    review: {
      offer: text.trim(),
      offerId: offer.offerId,
      network: offer.network,
      makerRole: offer.makerRole,
      yourRole: deal.value.role,
      btcSats: offer.btcSats,
      xmrPiconero: offer.xmrPiconero,
      fundingSats: funding?.toString() ?? null,
      feeSatPerKvB: feeRate,
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

/** The lock fee depends only on sizes, so placeholder keys (i·G) price the funding exactly. */
export function fundingSats(deal: Deal, network: BtcNetwork, feeRateSatPerKvB: bigint): bigint | null {
  const pk = (i: number) => secpPublicKey(fromHex(i.toString(16).padStart(64, '0')));
  const placeholder = 'placeholder';
  const p: SwapBtcParams = {
    network,
    amount: BigInt(deal.btcAmount),
    feeRateSatPerKvB,
    cancelTimelock: deal.cancelTimelock,
    punishTimelock: deal.punishTimelock,
    keys: { aliceBuy: pk(1), bobBuy: pk(2), aliceRefund: pk(3), bobRefund: pk(4) },
    aliceAddress: placeholder,
    bobRefundAddress: placeholder,
  };
  const a = fundingAmount(p);
  return a.ok ? a.value : null;
}

/** The person's BTC payout/refund address and XMR receive address, checked against the swap's networks. */
export function checkPayoutAddresses(
  a: { btcAddress: string; xmrAddress: string },
  ctx: { btc: BtcNetwork; network: SwapNetworkName },
): Result<{ btcAddress: string; xmrAddress: string }, AppError> {
  const btcAddress = a.btcAddress.trim();
  const xmrAddress = a.xmrAddress.trim();
  const b = decodeSegwitAddress(btcAddress, ctx.btc.bech32);
  if (!b.ok) return err(appError('address-invalid', `The Bitcoin address is not a ${ctx.btc.bech32}1… segwit address of this network (${b.error.message}). Paste an address from your own wallet.`));
  const x = decodeMoneroAddress(xmrAddress);
  if (!x.ok) return err(appError('address-invalid', `The Monero address does not decode (${x.error.message}). Paste a standard address or subaddress from your own wallet.`));
  // The swap network's Monero chain names the prefix (regtest: mainnet's; stagenet and signet: stagenet's).
  const want = moneroNetworkFor(ctx.network);
  if (x.value.network !== want) return err(appError('address-invalid', `The Monero address is for ${x.value.network}, but this swap runs on ${want}.`));
  if (x.value.kind === 'integrated') return err(appError('address-invalid', 'Integrated Monero addresses are not accepted: use a standard address or a subaddress.'));
  return ok({ btcAddress, xmrAddress });
}
