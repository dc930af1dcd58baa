// The networks an offer may name: a view of the swap-network table (shared/networks/swap-networks.ts):
// wire byte, amount bounds, fee floor and cap, the taker's default finality/safety, default timelocks.
// Guards: an offer for a network not in this table never parses.
import { z } from 'zod';
import { SWAP_NETWORK_NAMES, SWAP_NETWORKS, swapNetworkByWire, type SwapNetwork, type SwapNetworkName } from '../networks/swap-networks';

export type OfferNetwork = SwapNetwork;
export const OFFER_NETWORKS = SWAP_NETWORKS;
export type OfferNetworkName = SwapNetworkName;
export const OFFER_NETWORK_NAMES = SWAP_NETWORK_NAMES;
export const OfferNetworkNameSchema = z.enum(OFFER_NETWORK_NAMES);
export const networkByWire = swapNetworkByWire;
