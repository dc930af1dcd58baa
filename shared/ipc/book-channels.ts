// The schemas of the offer book channel (book:list): the live offers the wallet's relays carry, and
// each relay's state, for the Offers screen and the relay list in Settings. Kept beside channels.ts,
// which lists it in its table. Every offer here passed readOrderEvent (its fcswap1 string verified, its
// tags agreeing with it); taking one hands `offer` to offer:review like a pasted string.
import { z } from 'zod';
import { SWAP_NETWORK_NAMES } from '../networks/swap-networks';

const Digits = z.string().regex(/^[0-9]{1,30}$/, 'a whole number');
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const BookOfferSchema = z.object({
  /** The signed `fcswap1…` string: what "Take" hands to the review step. */
  offer: z.string().max(4000),
  offerId: z.string().regex(/^[0-9a-f]{32}$/),
  network: z.enum(SWAP_NETWORK_NAMES),
  /** The maker's side: alice sells XMR (the person buys XMR with BTC), bob buys XMR (the person sells XMR). */
  makerRole: z.enum(['alice', 'bob']),
  /** The maker's offer key (ed25519; the TLS link pins it) and its Nostr key. */
  makerKey: Hex64,
  nostrPubkey: Hex64,
  /** The BTC range of a take (a single-take offer: min = max). */
  minBtcSats: Digits,
  maxBtcSats: Digits,
  /** XMR at the maximum; the price is exactly xmrPiconero / maxBtcSats. */
  xmrPiconero: Digits,
  /** The price: piconero for one whole BTC (rounded down). */
  xmrPerBtcPiconero: Digits,
  cancelTimelock: z.number().int().min(1),
  punishTimelock: z.number().int().min(1),
  feeSatPerKvB: z.number().int().min(0),
  /** Unix seconds. */
  expiresAt: z.number().int().min(0),
  /** Swaps the maker can start now, of capacity. */
  remaining: z.number().int().min(0),
  capacity: z.number().int().min(1),
  /** Unix seconds of the maker's latest event. */
  updatedAt: z.number().int().min(0),
  /** Unix ms this wallet first saw the offer. */
  firstSeenAt: z.number().int().min(0),
  /** The relays that carry it. */
  relays: z.array(z.string().max(300)).max(16),
});
export type BookOffer = z.infer<typeof BookOfferSchema>;

export const RelayStatusSchema = z.object({
  url: z.string().max(300),
  status: z.enum(['connecting', 'connected', 'failing', 'closed']),
  /** Unix ms of the last event it delivered, or null. */
  lastEventAt: z.number().int().min(0).nullable(),
  lastError: z.string().max(500).nullable(),
  /** Failed attempts since the last good connection. */
  attempts: z.number().int().min(0),
  /** settings: the person's list; default: the network's defaults (no list chosen); sandbox: the sandbox's local relay. */
  source: z.enum(['settings', 'default', 'sandbox']),
});
export type RelayStatus = z.infer<typeof RelayStatusSchema>;

export const OfferBookSchema = z.object({
  /** Live offers of every network (the screen filters, by default to the wallet's), newest event first. */
  offers: z.array(BookOfferSchema).max(5000),
  relays: z.array(RelayStatusSchema).max(17),
  /** Events ignored so far (forged, mismatched, expired, malformed, ...). */
  ignored: z.number().int().min(0),
});
export type OfferBookView = z.infer<typeof OfferBookSchema>;

export const BOOK_CHANNELS = {
  /** The live offer book and the relays' states; polled by the Offers screen and Settings. */
  'book:list': { request: z.object({}).strict(), response: OfferBookSchema },
} as const;
