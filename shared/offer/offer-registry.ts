// The maker's offer registry as pure state: its open offers, the takes of each (running or ended),
// revoked offers. Every change returns a new state; electron/daemon/offer-book.ts keeps it on disk.
// Guards: a take is accepted only for a known, unrevoked, unexpired offer, inside its range, while
// fewer than `capacity` swaps of it run; a refused take returns the state unchanged. Revoking an offer
// refuses new takes only: its running swaps keep running (nothing here touches a swap).
import { z } from 'zod';
import { AmountSchema, SwapIdSchema, type SwapId } from '../ids';
import { appError, err, ok, type Result } from '../result';
import { OfferTermsSchema, type OfferTerms } from './offer-schema';
import { checkTakeAmount, takeSwapId, type TakeError, type TakeRequest } from './standing-offer';

export const TakeRecordSchema = z.strictObject({
  swapId: SwapIdSchema,
  takerKey: z.string(),
  btcSats: AmountSchema,
  xmrPiconero: AmountSchema,
  /** Unix seconds. */
  takenAt: z.number().int().min(0),
  /** The swap reached an outcome (or never started): it no longer counts against the capacity. */
  ended: z.boolean(),
});
export type TakeRecord = z.infer<typeof TakeRecordSchema>;

export const OfferEntrySchema = z.strictObject({
  /** The signed `fcswap1…` string, as published. */
  offer: z.string(),
  terms: OfferTermsSchema,
  revoked: z.boolean(),
  takes: z.array(TakeRecordSchema),
});
export type OfferEntry = z.infer<typeof OfferEntrySchema>;

export const OfferRegistrySchema = z.strictObject({
  version: z.literal(1),
  offers: z.record(z.string(), OfferEntrySchema),
});
export type OfferRegistry = z.infer<typeof OfferRegistrySchema>;

export type OfferStatus = 'open' | 'full' | 'expired' | 'revoked';

export const emptyRegistry = (): OfferRegistry => ({ version: 1, offers: {} });

export const runningTakes = (e: OfferEntry): TakeRecord[] => e.takes.filter((t) => !t.ended);

/** Revoked beats expired beats full: the first reason a take of it would be refused, or open. */
export function offerStatus(e: OfferEntry, nowSec: number): OfferStatus {
  if (e.revoked) return 'revoked';
  if (nowSec >= e.terms.expiresAt) return 'expired';
  if (runningTakes(e).length >= capacityOf(e.terms)) return 'full';
  return 'open';
}

/** A version-1 offer is one swap at a time and, below, one take ever. */
const capacityOf = (t: OfferTerms): number => t.standing?.capacity ?? 1;

export function addOffer(r: OfferRegistry, offer: string, terms: OfferTerms): OfferRegistry {
  if (r.offers[terms.offerId]) return r;
  return { ...r, offers: { ...r.offers, [terms.offerId]: { offer, terms, revoked: false, takes: [] } } };
}

export function revokeOffer(r: OfferRegistry, offerId: string): OfferRegistry {
  const e = r.offers[offerId];
  if (!e || e.revoked) return r;
  return { ...r, offers: { ...r.offers, [offerId]: { ...e, revoked: true } } };
}

/**
 * Checks a take by `takerKey` (proven on the link) naming `swapId`, and returns the take to record.
 * Pure: the registry is not changed (call `recordTake` with the result).
 */
export function checkTake(r: OfferRegistry, req: TakeRequest, takerKey: string, swapId: SwapId, nowSec: number): Result<TakeRecord, TakeError> {
  const e = r.offers[req.offerId];
  if (!e) return err(appError('offer-unknown', `this maker has no offer ${req.offerId}`));
  if (e.revoked) return err(appError('offer-revoked', 'the maker revoked this offer: it takes no new swaps'));
  if (nowSec >= e.terms.expiresAt) return err(appError('offer-expired', `this offer expired at ${new Date(e.terms.expiresAt * 1000).toISOString()}`));
  if (!e.terms.standing) {
    if (swapId !== e.terms.offerId || e.takes.length > 0) return err(appError('take-single-use', 'this is a single-take (version 1) offer: it is taken once, under its own id'));
  } else if (swapId !== takeSwapId(e.terms.offerId, takerKey, req.nonce)) {
    return err(appError('take-bad-swap-id', 'the swap id is not the one derived from this offer, your key and your nonce'));
  }
  if (e.takes.some((t) => t.swapId === swapId)) return err(appError('take-bad-swap-id', 'this swap id was taken already: use a fresh nonce'));
  // The request's own faults first: a take outside the range is refused as such even when the offer is full.
  const amounts = checkTakeAmount(e.terms, BigInt(req.btcSats));
  if (!amounts.ok) return amounts;
  const running = runningTakes(e).length;
  if (running >= capacityOf(e.terms)) return err(appError('offer-full', `this offer runs ${running} swap(s) at once, its capacity: try again when one has ended`));
  return ok({ swapId, takerKey, btcSats: amounts.value.btcSats.toString(), xmrPiconero: amounts.value.xmrPiconero.toString(), takenAt: nowSec, ended: false });
}

export function recordTake(r: OfferRegistry, offerId: string, take: TakeRecord): OfferRegistry {
  const e = r.offers[offerId];
  if (!e) return r;
  return { ...r, offers: { ...r.offers, [offerId]: { ...e, takes: [...e.takes, take] } } };
}

/** A take's swap ended (an outcome, or it never started): it frees its place in the capacity. */
export function endTake(r: OfferRegistry, swapId: string): OfferRegistry {
  for (const [id, e] of Object.entries(r.offers)) {
    const i = e.takes.findIndex((t) => t.swapId === swapId && !t.ended);
    if (i < 0) continue;
    const takes = e.takes.map((t, j) => (j === i ? { ...t, ended: true } : t));
    return { ...r, offers: { ...r.offers, [id]: { ...e, takes } } };
  }
  return r;
}

/** The offer a swap was taken from, if any. */
export function offerOfSwap(r: OfferRegistry, swapId: string): string | undefined {
  return Object.entries(r.offers).find(([, e]) => e.takes.some((t) => t.swapId === swapId))?.[0];
}

/**
 * Running takes taken `timeoutSec` or more ago. The maker asks each one's swap to abort: one whose
 * taker vanished after the accept (before anything was locked) must not hold a place of the offer's
 * capacity forever; a swap past its point of abort refuses, and its timelocks end it instead.
 */
export function staleTakes(r: OfferRegistry, nowSec: number, timeoutSec: number): TakeRecord[] {
  return Object.values(r.offers).flatMap((e) => runningTakes(e).filter((t) => nowSec - t.takenAt >= timeoutSec));
}
