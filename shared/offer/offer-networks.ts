// The networks an offer may name, as one data table: wire byte, dust floor, fee floor and the
// taker's default finality/safety. Guards: an offer for a network not in this table never parses.
import { z } from 'zod';

export interface OfferNetwork {
  /** Byte on the wire; never reuse a retired value. */
  readonly wire: number;
  /** Smallest BTC amount (sats): standard dust limit (546, the P2PKH one, the strictest of the output types). */
  readonly minBtcSats: bigint;
  /** Monero has no dust rule; an amount still has to be positive. */
  readonly minXmrPiconero: bigint;
  /** Bitcoin Core's default minimum relay fee; a lower fixed fee would never confirm. */
  readonly minFeeSatPerKvB: number;
  /** A fee above this is a typo (1000 sat/vB), not a strategy. */
  readonly maxFeeSatPerKvB: number;
  /** Taker's default BTC finality (confirmations) and race safety margin (blocks), protocol.md section 12. */
  readonly btcFinality: number;
  readonly btcSafety: number;
  /** Default XMR finality (confirmations) for the deal a taker derives from the offer. */
  readonly xmrFinality: number;
}

export const OFFER_NETWORKS = {
  mainnet: { wire: 0, minBtcSats: 546n, minXmrPiconero: 1n, minFeeSatPerKvB: 1000, maxFeeSatPerKvB: 1_000_000, btcFinality: 6, btcSafety: 7, xmrFinality: 20 },
  testnet: { wire: 1, minBtcSats: 546n, minXmrPiconero: 1n, minFeeSatPerKvB: 1000, maxFeeSatPerKvB: 1_000_000, btcFinality: 1, btcSafety: 3, xmrFinality: 1 },
  regtest: { wire: 2, minBtcSats: 546n, minXmrPiconero: 1n, minFeeSatPerKvB: 1000, maxFeeSatPerKvB: 1_000_000, btcFinality: 1, btcSafety: 3, xmrFinality: 1 },
} as const satisfies Record<string, OfferNetwork>;

export type OfferNetworkName = keyof typeof OFFER_NETWORKS;
export const OFFER_NETWORK_NAMES = Object.keys(OFFER_NETWORKS) as [OfferNetworkName, ...OfferNetworkName[]];
export const OfferNetworkNameSchema = z.enum(OFFER_NETWORK_NAMES);

export function networkByWire(wire: number): OfferNetworkName | undefined {
  return OFFER_NETWORK_NAMES.find((n) => OFFER_NETWORKS[n].wire === wire);
}
