// The fee rates a taker accepts in an offer, and the rate a maker signs, from the node's estimate.
// Guards: an offer whose rate would leave the taker's transactions unconfirmed when the timelocks run
// (below the floor, or far below the node's estimate) or that makes the taker overpay (far above the
// estimate, above the network's cap) is refused before anything is signed, with the reason in words.
import { appError, err, ok, type AppError, type Result } from '../result';
import { OFFER_NETWORKS, type OfferNetworkName } from './offer-networks';

/**
 * The confirmation target (blocks) asked of `estimatesmartfee`: the lock, cancel and refund must
 * confirm well inside the cancel/punish timelocks (mainnet's are 72/144 blocks), so a few blocks, not
 * "next block" pricing. Regtest and the test networks have no fee market; 2 is what the syncer used.
 */
export const FEE_TARGET_BLOCKS: Readonly<Record<string, number>> = { mainnet: 6 };
export const feeTargetBlocks = (network: OfferNetworkName): number => FEE_TARGET_BLOCKS[network] ?? 2;

/**
 * The band's top when the node has no estimate (sat/kvB). Regtest: 50 sat/vB lets a test swap at
 * 7 sat/vB through and refuses a typo like 500 sat/vB. Mainnet: a synced node always has an estimate,
 * so this only applies to a node that just started; 300 sat/vB is above the 6-block rates of the
 * worst fee spikes so far (2017, 2021, 2023-24 peaks of ~100-300 sat/vB) and a third of the offer
 * cap (1000 sat/vB, a typo). Test networks: 100 sat/vB (testnet fees are noise, not a market).
 */
export const NO_ESTIMATE_CAP_SAT_PER_KVB: Readonly<Record<string, number>> = { mainnet: 300_000, regtest: 50_000 };
const noEstimateCap = (network: OfferNetworkName): number => Math.min(NO_ESTIMATE_CAP_SAT_PER_KVB[network] ?? 100_000, OFFER_NETWORKS[network].maxFeeSatPerKvB);

/**
 * Half the estimate: estimates of two synced nodes differ by tens of percent, but a rate at half the
 * target's estimate may sit in the mempool for many targets over, while the cancel timelock runs: then
 * the taker's refund races the maker's punish. Four times the estimate: beyond any disagreement
 * between nodes, it only moves the taker's sats (lock fee on top, cancel and refund out of a refund)
 * to the miners.
 */
export const BAND_LOW_FRACTION = 0.5;
export const BAND_HIGH_FACTOR = 4;

export interface FeeBand {
  /** Inclusive bounds, sat/kvB. */
  readonly min: number;
  readonly max: number;
  /** The estimate the band is built on (sat/kvB), or null: the node had none (floor..cap). */
  readonly estimate: number | null;
}

/** The rates a taker accepts given its node's estimate (null: the node has no data, e.g. regtest). */
export function feeBand(network: OfferNetworkName, estimateSatPerKvB: number | null): FeeBand {
  const net = OFFER_NETWORKS[network];
  const floor = net.minFeeSatPerKvB;
  if (estimateSatPerKvB === null || estimateSatPerKvB <= 0) return { min: floor, max: noEstimateCap(network), estimate: null };
  const min = Math.max(floor, Math.ceil(estimateSatPerKvB * BAND_LOW_FRACTION));
  const max = Math.min(net.maxFeeSatPerKvB, Math.max(min, Math.floor(estimateSatPerKvB * BAND_HIGH_FACTOR)));
  return { min, max, estimate: estimateSatPerKvB };
}

export type FeeBandReason = 'below-floor' | 'below-estimate' | 'above-estimate' | 'above-cap';
export type FeeBandError = AppError<'offer-fee-out-of-band'> & { readonly reason: FeeBandReason; readonly band: FeeBand };

const satVb = (satPerKvB: number): string => `${(satPerKvB / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} sat/vB`;

/** Accept the offer's signed rate, or say in plain words why the taker must not sign at it. */
export function checkOfferFeeRate(network: OfferNetworkName, rateSatPerKvB: number, estimateSatPerKvB: number | null): Result<FeeBand, FeeBandError> {
  const band = feeBand(network, estimateSatPerKvB);
  const net = OFFER_NETWORKS[network];
  const rate = satVb(rateSatPerKvB);
  const refuse = (reason: FeeBandReason, why: string): Result<FeeBand, FeeBandError> => err({ ...appError('offer-fee-out-of-band', `${why} Ask the maker for an offer at a current rate.`), reason, band });
  if (rateSatPerKvB < net.minFeeSatPerKvB) return refuse('below-floor', `The offer's fee rate ${rate} is below the ${satVb(net.minFeeSatPerKvB)} nodes relay: its transactions would never confirm.`);
  if (rateSatPerKvB < band.min)
    return refuse('below-estimate', `The offer's fee rate ${rate} is far below your node's estimate (${satVb(band.estimate ?? 0)}): its transactions may not confirm before the timelocks run out, and your refund could come too late.`);
  if (rateSatPerKvB > net.maxFeeSatPerKvB || (band.estimate === null && rateSatPerKvB > band.max))
    return refuse('above-cap', `The offer's fee rate ${rate} is above the ${satVb(band.max)} this wallet accepts on ${network}${band.estimate === null ? " while your node has no fee estimate" : ''}: you would overpay the miners.`);
  if (rateSatPerKvB > band.max) return refuse('above-estimate', `The offer's fee rate ${rate} is far above your node's estimate (${satVb(band.estimate ?? 0)}): you would overpay the miners.`);
  return ok(band);
}

/** The rate a maker signs: the node's estimate within the network's floor and cap, or the floor without one. */
export function makerFeeRate(network: OfferNetworkName, estimateSatPerKvB: number | null): { readonly satPerKvB: number; readonly source: 'estimate' | 'floor' } {
  const net = OFFER_NETWORKS[network];
  if (estimateSatPerKvB === null || estimateSatPerKvB <= 0) return { satPerKvB: net.minFeeSatPerKvB, source: 'floor' };
  return { satPerKvB: Math.min(net.maxFeeSatPerKvB, Math.max(net.minFeeSatPerKvB, Math.ceil(estimateSatPerKvB))), source: 'estimate' };
}
