// The schemas of the maker channels (offers:make, offers:list, offers:revoke): the offers a person makes
// in the app, their state and their swaps. Kept beside channels.ts, which lists them in its table.
import { z } from 'zod';
import { SWAP_NETWORK_NAMES } from '../networks/swap-networks';

const Digits = z.string().regex(/^[0-9]{1,30}$/, 'a whole number');
const SwapIdText = z.string().regex(/^[0-9a-f]{32}$/);
const Role = z.enum(['alice', 'bob']);
// Not channels.ts's NetworkSchema: that file imports this one.
const NetworkSchema = z.enum(SWAP_NETWORK_NAMES);

/** What the Make-an-offer screen sends; absent timelocks and fee rate take the network's defaults and the node's estimate. */
export const MakeOfferRequestSchema = z
  .object({
    /** alice: the person sells XMR for BTC; bob: the person buys XMR with BTC. */
    makerRole: Role,
    minBtcSats: Digits,
    maxBtcSats: Digits,
    /** The price: piconero for one whole BTC. */
    xmrPerBtcPiconero: Digits,
    cancelTimelock: z.number().int().optional(),
    punishTimelock: z.number().int().optional(),
    feeSatPerKvB: z.number().int().optional(),
    expiresInSec: z.number().int(),
    capacity: z.number().int(),
    /** The port the wallet listens on for takers (absent: the one in use, or any free one). */
    port: z.number().int().min(1).max(65535).optional(),
    /** The address takers dial, as the offer carries it (absent on regtest: 127.0.0.1). */
    host: z.string().min(1).max(253).optional(),
    /** The person's BTC address (refund for Bob, payout for Alice) and XMR address (payout for Bob, refund for Alice). */
    btcAddress: z.string().min(1).max(200),
    xmrAddress: z.string().min(1).max(200),
  })
  .strict();
export type MakeOfferRequest = z.infer<typeof MakeOfferRequestSchema>;

/** open: takeable; taken: swaps of it run (running of capacity); expired, revoked: no new take. */
export const MadeOfferStateSchema = z.enum(['open', 'taken', 'expired', 'revoked']);
export type MadeOfferState = z.infer<typeof MadeOfferStateSchema>;

export const MadeOfferSchema = z.object({
  offer: z.string().max(4000),
  offerId: SwapIdText,
  network: NetworkSchema,
  makerRole: Role,
  minBtcSats: Digits,
  maxBtcSats: Digits,
  /** XMR at the maximum (the price is exactly this over maxBtcSats). */
  xmrPiconero: Digits,
  feeSatPerKvB: z.number().int().min(0),
  cancelTimelock: z.number().int().min(1),
  punishTimelock: z.number().int().min(1),
  expiresAt: z.number().int().min(0),
  capacity: z.number().int().min(1),
  /** Swaps of it running now. */
  running: z.number().int().min(0),
  state: MadeOfferStateSchema,
  /** host:port takers dial. */
  maker: z.string().max(300),
  takes: z.array(z.object({ swapId: SwapIdText, btcSats: Digits, xmrPiconero: Digits, takenAt: z.number().int().min(0), ended: z.boolean() })).max(1000),
  /** Connected Nostr relays carrying its latest event (0: not announced: no relay, revoked, expired); absent: the wallet announces nothing. */
  announcedOn: z.number().int().min(0).optional(),
});
export type MadeOffer = z.infer<typeof MadeOfferSchema>;

export const OffersListSchema = z.object({
  /** What the form starts with on this network. */
  defaults: z.object({
    network: NetworkSchema,
    cancelTimelock: z.number().int().min(1),
    punishTimelock: z.number().int().min(1),
    /** The node's estimate within floor and cap, or the floor when it has none. */
    feeSatPerKvB: z.number().int().min(1),
    feeSource: z.enum(['estimate', 'floor']),
    minFeeSatPerKvB: z.number().int().min(1),
    maxFeeSatPerKvB: z.number().int().min(1),
    /** The address the offer carries by default (regtest: 127.0.0.1); null: the person must say. */
    host: z.string().max(253).nullable(),
  }),
  /** Where the wallet listens for takers; null: not yet (the first offer starts it). */
  listening: z.object({ host: z.string().max(253), port: z.number().int().min(1).max(65535) }).nullable(),
  offers: z.array(MadeOfferSchema).max(500),
});
export type OffersList = z.infer<typeof OffersListSchema>;

export const OFFER_CHANNELS = {
  /** Signs a standing offer, saves it, and listens for its takers; returns it with its fcswap1… string. */
  'offers:make': { request: MakeOfferRequestSchema, response: MadeOfferSchema },
  'offers:list': { request: z.object({}).strict(), response: OffersListSchema },
  /** No new take from now on; swaps of it already running are not touched. */
  'offers:revoke': { request: z.object({ offerId: SwapIdText }).strict(), response: MadeOfferSchema },
} as const;
