// A take of an offer: the amount a taker asks for, the swap id both sides derive for it, and the
// closed set of reasons a maker refuses it. A version-2 (standing) offer is taken many times; a
// version-1 offer once, under its own id as before.
//
// Why this swap id: sha256("farcaster-swap/take/v1\0" || offerId || takerKey || takerNonce), first 16
// bytes. The taker key is the ed25519 key the taker proves in the TLS handshake, and the maker computes
// the id itself from that proven key: a taker cannot name (collide with) another taker's swap without
// that taker's private key, and one taker's takes differ by their fresh 16-byte nonce. The id is
// deterministic, so both sides agree on it without a round trip.
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { fromHex, toHex } from '../hex';
import { AmountSchema, SwapIdSchema, type SwapId } from '../ids';
import { validateDeal, type Deal, type DealError } from '../protocol/deal';
import { appError, err, ok, type AppError, type Result } from '../result';
import { dealFromOffer, type OfferSide } from './offer-deal';
import type { TemporalConfig } from './offer-rules';
import { IdentityKeySchema, type OfferTerms, type VerifiedOffer } from './offer-schema';

const TAKE_TAG = Uint8Array.from('farcaster-swap/take/v1\0', (c) => c.charCodeAt(0));

/** What a taker sends with its first hello to a standing offer. */
export const TakeRequestSchema = z.strictObject({
  offerId: SwapIdSchema,
  /** 16 fresh random bytes per take. */
  nonce: z.string().regex(/^[0-9a-f]{32}$/, 'take nonce: 16 bytes as lowercase hex'),
  btcSats: AmountSchema,
});
export type TakeRequest = z.infer<typeof TakeRequestSchema>;

/** Why a maker refuses a take; each is shown to the taker in plain words. Refusing changes nothing on the maker. */
export const TakeRefusalSchema = z.enum([
  'offer-unknown', // the maker has no such offer
  'offer-revoked',
  'offer-expired',
  'offer-full', // as many swaps of it running as its capacity allows
  'take-out-of-range', // the amount is outside the offer's range
  'take-bad-swap-id', // the hello's swap id is not the one derived from the offer, the taker's key and nonce
  'take-single-use', // a version-1 offer is taken under its own id, once
]);
export type TakeRefusal = z.infer<typeof TakeRefusalSchema>;
export type TakeError = AppError<TakeRefusal>;

/** The swap id of one take (see the file comment for why it cannot collide across takers). */
export function takeSwapId(offerId: SwapId, takerKey: string, nonce: string): SwapId {
  const key = IdentityKeySchema.parse(takerKey);
  const n = TakeRequestSchema.shape.nonce.parse(nonce);
  const msg = new Uint8Array(TAKE_TAG.length + 16 + 32 + 16);
  msg.set(TAKE_TAG);
  msg.set(fromHex(offerId), TAKE_TAG.length);
  msg.set(fromHex(key), TAKE_TAG.length + 16);
  msg.set(fromHex(n), TAKE_TAG.length + 48);
  return toHex(sha256(msg).subarray(0, 16)) as SwapId;
}

/** The takeable BTC range of an offer: [min, max] sats; a version-1 offer's one amount. */
export function takeRange(t: OfferTerms): { min: bigint; max: bigint } {
  const max = BigInt(t.btcSats);
  return { min: t.standing ? BigInt(t.standing.minBtcSats) : max, max };
}

/** The XMR a take of `btcSats` gets at the offer's price (xmrPiconero / btcSats), rounded down. */
export function xmrForTake(t: OfferTerms, btcSats: bigint): bigint {
  return (btcSats * BigInt(t.xmrPiconero)) / BigInt(t.btcSats);
}

/** The offer's price in piconero per whole BTC (1e8 sats), rounded down: for display. */
export const pricePiconeroPerBtc = (t: OfferTerms): bigint => xmrForTake(t, 100_000_000n);

/** The amount is inside the offer's range: else a typed refusal in words. */
export function checkTakeAmount(t: OfferTerms, btcSats: bigint): Result<{ btcSats: bigint; xmrPiconero: bigint }, TakeError> {
  const { min, max } = takeRange(t);
  if (btcSats < min || btcSats > max) {
    return err(appError('take-out-of-range', `a take of ${btcSats} sats is outside this offer's range of ${min}..${max} sats`));
  }
  return ok({ btcSats, xmrPiconero: xmrForTake(t, btcSats) });
}

/** The Deal of one take, for either side: the offer's deal with the take's swap id and amounts. */
export function dealForTake(
  offer: VerifiedOffer,
  side: OfferSide,
  take: { readonly swapId: SwapId; readonly btcSats: bigint },
  temporal?: TemporalConfig & { readonly xmrFinality?: number },
): Result<Deal, DealError | TakeError> {
  const amounts = checkTakeAmount(offer, take.btcSats);
  if (!amounts.ok) return amounts;
  const base = dealFromOffer(offer, side, temporal);
  if (!base.ok) return base;
  return validateDeal({ ...base.value, swapId: take.swapId, btcAmount: amounts.value.btcSats.toString(), xmrAmount: amounts.value.xmrPiconero.toString() });
}
