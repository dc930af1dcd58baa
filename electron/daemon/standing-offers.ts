// Standing offers on both sides. The maker publishes version-2 offers into its offer book and answers
// takes on its listener: a take the book accepts becomes a swap of its own (the derived swap id, the
// take's amounts, the taker's key bound before the link opens); a refused one gets its typed reason and
// changes nothing. The taker asks the maker first (electron/peer/take-request.ts) and creates its swap
// only once the take is accepted. Guards: the book's check and record run without an await between
// them, so two takes racing for the last place cannot both get it; revoking an offer only refuses new
// takes; a swap ending frees its place.
import { randomBytes } from 'node:crypto';
import type { SwapId } from '../../shared/ids';
import { createOffer, parseOffer } from '../../shared/offer/offer';
import type { OfferCheckContext, TemporalConfig } from '../../shared/offer/offer-rules';
import type { OfferError, OfferTerms, VerifiedOffer } from '../../shared/offer/offer-schema';
import { offerOfSwap } from '../../shared/offer/offer-registry';
import { checkTakeAmount, dealForTake, takeSwapId, type TakeError, type TakeRequest } from '../../shared/offer/standing-offer';
import { validateDeal, type Deal } from '../../shared/protocol/deal';
import { dealFromOffer } from '../../shared/offer/offer-deal';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { HeadlessClient } from '../client/headless-client';
import type { TakerBindings } from '../peer/peer-files';
import type { PeerListener } from '../peer/peer-listener';
import { requestTake, type TakeAnswerError } from '../peer/take-request';
import type { OfferBook } from './offer-book';
import type { SwapNode } from './swap-node';

type Temporal = TemporalConfig & { readonly xmrFinality?: number };

export interface StandingMakerOptions {
  readonly node: SwapNode;
  /** Only `register` is used: the app's wallet backs the take up before registering it with the swap's own client. */
  readonly client: Pick<HeadlessClient, 'register'>;
  readonly book: OfferBook;
  readonly listener: PeerListener;
  /** The node's taker bindings (`<dataDir>/peer/takers`): a take's key is bound before its link opens. */
  readonly bindings: TakerBindings;
  /** Finality and safety the maker's deals use (default: the offer network's table). */
  readonly temporal?: Temporal;
  readonly nowSec?: () => number;
  readonly log?: (event: string, detail: string) => void;
}

export interface StandingMaker {
  /** Signs and publishes a standing offer (terms with `standing`) in the book; returns the `fcswap1…` string. */
  publish(terms: OfferTerms, ctx: OfferCheckContext): Result<string, OfferError>;
  revoke(offerId: string): void;
  /** Call with each swap outcome of the node: frees the take's place in its offer's capacity. */
  swapEnded(swapId: string): void;
}

export function serveStandingOffers(o: StandingMakerOptions): StandingMaker {
  const now = o.nowSec ?? (() => Math.floor(Date.now() / 1000));
  // Takes being made, by swap id (the take id: derived from the offer, the taker's key and its nonce).
  // A taker that got no answer in time asks again with the same nonce: that ask joins the take in
  // flight and gets its answer, instead of a second swap or a refusal. Once the take is made its link
  // is open, and the listener answers a repeated ask from that link (the swap already made for it).
  const inFlight = new Map<SwapId, { readonly key: string; readonly answer: Promise<Result<void, TakeError>> }>();
  o.listener.acceptTakes((take, swapId, peerKey) => {
    const key = takeKey(take, peerKey);
    const running = inFlight.get(swapId);
    if (running) {
      if (running.key === key) {
        o.log?.('take-asked-again', `${take.offerId.slice(0, 8)} -> swap ${swapId.slice(0, 8)}: joins the take in flight`);
        return running.answer;
      }
      return Promise.resolve(err(appError('take-bad-swap-id', 'this swap id is being taken with other terms: use a fresh nonce')));
    }
    const answer = acceptTake(o, take, swapId, peerKey, now()).finally(() => inFlight.delete(swapId));
    inFlight.set(swapId, { key, answer });
    return answer;
  });
  return {
    publish(terms, ctx) {
      if (!terms.standing) return err(appError('offer-malformed', 'a standing offer needs its range and capacity (terms.standing)'));
      const offer = createOffer(terms, o.node.identitySeed, ctx);
      if (offer.ok) o.book.publish(offer.value, terms);
      return offer;
    },
    revoke: (offerId) => o.book.revoke(offerId),
    swapEnded: (swapId) => {
      if (offerOfSwap(o.book.snapshot, swapId) !== undefined) o.book.end(swapId);
    },
  };
}

/** The same take asked again: the same offer, nonce, amount and taker key (the swap id covers all but the amount). */
const takeKey = (take: TakeRequest, peerKey: string): string => `${take.offerId}|${take.nonce}|${take.btcSats}|${peerKey}`;

/** The listener's take handler: the book decides, then the swap is created and its link opened. */
async function acceptTake(o: StandingMakerOptions, take: TakeRequest, swapId: SwapId, peerKey: string, nowSec: number): Promise<Result<void, TakeError>> {
  const t0 = performance.now();
  const reserved = o.book.reserve(take, peerKey, swapId, nowSec);
  if (!reserved.ok) {
    o.log?.('take-refused', `${take.offerId.slice(0, 8)} ${reserved.error.kind}: ${reserved.error.message}`);
    return reserved;
  }
  const entry = o.book.snapshot.offers[take.offerId];
  try {
    if (!entry) throw new Error(`offer ${take.offerId} left the book`);
    const offer = parseOffer(entry.offer, { nowSec, ...(o.temporal ? { temporal: o.temporal } : {}) });
    if (!offer.ok) throw new Error(offer.error.message);
    const deal = dealForTake(offer.value, 'maker', { swapId, btcSats: BigInt(take.btcSats) }, o.temporal);
    if (!deal.ok) throw new Error(deal.error.message);
    const bound = o.bindings.bind(swapId, peerKey);
    if (!bound.ok) throw new Error(bound.error.message);
    await o.client.register(deal.value);
    const created = await o.node.daemon.createSwap(deal.value, entry.offer);
    if (!created.ok) throw new Error(created.error.message);
    const link = o.node.openOnListener(swapId);
    if (!link.ok) throw new Error(link.error.message);
    // The maker's own share of a take's answer time (book, binding, memo, transcript writes), for bench:maker.
    o.log?.('take-accepted', `${take.offerId.slice(0, 8)} -> swap ${swapId.slice(0, 8)}: ${take.btcSats} sats in ${Math.round(performance.now() - t0)} ms`);
    return ok(undefined);
  } catch (e) {
    // Nothing was started for the taker (or it cannot run): its place is free again.
    o.book.end(swapId);
    throw e;
  }
}

export interface TakeOptions {
  readonly node: Pick<SwapNode, 'identity' | 'daemon' | 'dialMaker'>;
  readonly client: HeadlessClient;
  /** The maker's `fcswap1…` string (version 2). */
  readonly offer: string;
  readonly btcSats: bigint;
  readonly temporal?: Temporal;
  readonly nowSec?: number;
  readonly ask?: AskOptions;
}

export interface AskOptions {
  /** Asks of the same take (same nonce) while the maker does not answer; default 4 (15 s each). */
  readonly attempts?: number;
  /** Each ask's answer timeout (requestTake's default 15 s). */
  readonly timeoutMs?: number;
  /** Called before each ask after the first (the bench counts them). */
  readonly onAskAgain?: (attempt: number, why: string) => void;
  /** The nonce (tests); default 16 fresh random bytes. */
  readonly nonce?: string;
}

export type TakeOfferError = OfferError | TakeAnswerError | AppError;

/**
 * Taker: the deal of a take of `offer`. A version-1 offer is taken under its own id (its `deal` as is);
 * a standing one gets a fresh nonce and the derived swap id, and the maker is asked first: nothing is
 * created here, and a refusal comes back with the maker's typed reason. A take the maker did not answer
 * is asked again with the SAME nonce (so the same swap id): a busy maker answers it with the swap it is
 * making or made for the first ask, never a second swap (a fresh nonce per ask left an orphan swap at
 * the maker, holding an offer place until its take timeout).
 */
export async function askTake(node: Pick<SwapNode, 'identity'>, offer: VerifiedOffer, deal: Deal, btcSats = BigInt(offer.btcSats), o: AskOptions = {}): Promise<Result<Deal, TakeOfferError>> {
  if (!offer.standing) return ok(deal);
  const inRange = checkTakeAmount(offer, btcSats);
  if (!inRange.ok) return inRange;
  const nonce = o.nonce ?? randomBytes(16).toString('hex');
  const swapId = takeSwapId(offer.offerId, node.identity.publicKeyHex, nonce);
  const taken = validateDeal({ ...deal, swapId, btcAmount: btcSats.toString(), xmrAmount: inRange.value.xmrPiconero.toString() });
  if (!taken.ok) return taken;
  const maker = { host: offer.makerAddress.host, port: offer.makerAddress.port, key: offer.makerKey };
  const take = { offerId: offer.offerId, nonce, btcSats: btcSats.toString() };
  const attempts = Math.max(1, o.attempts ?? 4);
  for (let i = 1; ; i++) {
    const answer = await requestTake(maker, node.identity, swapId, take, o.timeoutMs);
    if (answer.ok) return taken;
    if (answer.error.kind !== 'take-unanswered' || i >= attempts) return answer;
    o.onAskAgain?.(i + 1, answer.error.message);
    // A maker that refused the connection outright may be restarting: a moment before the next ask.
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Taker, headless: checks the offer and the amount, asks the maker, and only then creates and dials the swap. */
export async function takeStandingOffer(o: TakeOptions): Promise<Result<{ swapId: SwapId; deal: Deal }, TakeOfferError>> {
  const parsed = parseOffer(o.offer, { nowSec: o.nowSec ?? Math.floor(Date.now() / 1000), ...(o.temporal ? { temporal: o.temporal } : {}) });
  if (!parsed.ok) return parsed;
  const offer: VerifiedOffer = parsed.value;
  if (!offer.standing) return err(appError('offer-not-standing', 'this is a single-take (version 1) offer: take it under its own id'));
  const base = dealFromOffer(offer, 'taker', o.temporal);
  if (!base.ok) return base;
  const deal = await askTake(o.node, offer, base.value, o.btcSats, o.ask);
  if (!deal.ok) return deal;
  await o.client.register(deal.value);
  const created = await o.node.daemon.createSwap(deal.value, o.offer);
  if (!created.ok) return created;
  o.node.dialMaker(deal.value.swapId, { host: offer.makerAddress.host, port: offer.makerAddress.port, key: offer.makerKey });
  return ok({ swapId: deal.value.swapId, deal: deal.value });
}
