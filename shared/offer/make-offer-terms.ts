// What a person asks for when they make a standing offer in the app (direction, a BTC range, a price
// in XMR per BTC, timelocks, fee rate, expiry, capacity), turned into the terms the offer signs.
// Guards: every inconsistency (an empty range, a price that buys nothing at the minimum, timelocks that
// break the temporal rules, a fee outside the network's floor and cap) is a typed error naming the field
// the person must change, found before anything is signed, saved or listened on.
import type { SwapId } from '../ids';
import { temporalSafetyProblem } from '../protocol/temporal-safety';
import { appError, err, ok, type AppError, type Result } from '../result';
import { OFFER_NETWORKS, type OfferNetworkName } from './offer-networks';
import { checkOfferTerms } from './offer-rules';
import type { MakerRole, OfferTerms, PeerAddress } from './offer-schema';

export const SATS_PER_BTC = 100_000_000n;
/** At most this many swaps of one offer at once: each runs its own syncer tasks and link. */
export const MAX_OFFER_CAPACITY = 16;
/** An offer lives at least a minute and at most 30 days (a standing quote older than that is stale). */
export const MIN_EXPIRY_SEC = 60;
export const MAX_EXPIRY_SEC = 30 * 24 * 3600;

/** The person's choices, as the make-offer channel carries them (amounts as decimal strings). */
export interface MakeOfferChoices {
  readonly makerRole: MakerRole;
  readonly minBtcSats: string;
  readonly maxBtcSats: string;
  /** The price: piconero for one whole BTC. */
  readonly xmrPerBtcPiconero: string;
  readonly cancelTimelock: number;
  readonly punishTimelock: number;
  readonly feeSatPerKvB: number;
  readonly expiresInSec: number;
  readonly capacity: number;
}

export type MakeOfferField = keyof MakeOfferChoices | 'port' | 'host' | 'btcAddress' | 'xmrAddress';

/** A refused choice: `field` names what to change. */
export type MakeOfferError = AppError<'offer-terms-invalid'> & { readonly field: MakeOfferField };

export const termsError = (field: MakeOfferField, message: string): MakeOfferError => ({ ...appError('offer-terms-invalid', message), field });

/** The XMR at the range's maximum: the offer signs `maxBtcSats` for it, so every take gets the same price. */
export const xmrAtMax = (maxBtcSats: bigint, xmrPerBtcPiconero: bigint): bigint => (maxBtcSats * xmrPerBtcPiconero) / SATS_PER_BTC;

/** The choices checked one field at a time (the first problem is returned), before any signing. */
export function checkMakeOfferChoices(c: MakeOfferChoices, network: OfferNetworkName): Result<{ min: bigint; max: bigint; xmr: bigint }, MakeOfferError> {
  const net = OFFER_NETWORKS[network];
  const min = BigInt(c.minBtcSats);
  const max = BigInt(c.maxBtcSats);
  const price = BigInt(c.xmrPerBtcPiconero);
  if (max < net.minBtcSats) return err(termsError('maxBtcSats', `The maximum, ${max} sats, is below the ${net.minBtcSats}-sat dust limit.`));
  if (max > net.maxBtcSats) return err(termsError('maxBtcSats', `The maximum, ${max} sats, is more than there will ever be (21 million BTC).`));
  if (min < net.minBtcSats) return err(termsError('minBtcSats', `The minimum, ${min} sats, is below the ${net.minBtcSats}-sat dust limit.`));
  if (min > max) return err(termsError('minBtcSats', `The minimum, ${min} sats, is above the maximum, ${max} sats: the range is empty.`));
  if (price <= 0n) return err(termsError('xmrPerBtcPiconero', 'The price must be above zero.'));
  const xmr = xmrAtMax(max, price);
  if (xmr > net.maxXmrPiconero) return err(termsError('xmrPerBtcPiconero', 'The price times the maximum is more XMR than an amount can hold.'));
  if ((min * xmr) / max < net.minXmrPiconero) return err(termsError('xmrPerBtcPiconero', `At this price a take of the minimum, ${min} sats, buys no XMR: raise the price or the minimum.`));
  const fee = c.feeSatPerKvB;
  if (!Number.isInteger(fee) || fee < net.minFeeSatPerKvB || fee > net.maxFeeSatPerKvB) {
    return err(termsError('feeSatPerKvB', `The fee rate must be between ${net.minFeeSatPerKvB / 1000} and ${net.maxFeeSatPerKvB / 1000} sat/vB on ${network}.`));
  }
  const timelocks = timelockProblem(c, network);
  if (timelocks) return err(timelocks);
  if (!Number.isInteger(c.expiresInSec) || c.expiresInSec < MIN_EXPIRY_SEC || c.expiresInSec > MAX_EXPIRY_SEC) {
    return err(termsError('expiresInSec', `The offer must live between ${MIN_EXPIRY_SEC / 60} minute and ${MAX_EXPIRY_SEC / 86400} days.`));
  }
  if (!Number.isInteger(c.capacity) || c.capacity < 1 || c.capacity > MAX_OFFER_CAPACITY) {
    return err(termsError('capacity', `Capacity (swaps at once) must be between 1 and ${MAX_OFFER_CAPACITY}.`));
  }
  return ok({ min, max, xmr });
}

/** The temporal rules with the network's finality and margin; the field named is the timelock to change. */
function timelockProblem(c: MakeOfferChoices, network: OfferNetworkName): MakeOfferError | null {
  const net = OFFER_NETWORKS[network];
  for (const f of ['cancelTimelock', 'punishTimelock'] as const) {
    if (!Number.isInteger(c[f]) || c[f] < 1 || c[f] > 0xffff) return termsError(f, `The ${f === 'cancelTimelock' ? 'cancel' : 'punish'} timelock must be 1..65535 blocks.`);
  }
  const problem = temporalSafetyProblem({ finality: net.btcFinality, safety: net.btcSafety, cancel: c.cancelTimelock, punish: c.punishTimelock });
  if (!problem) return null;
  return termsError(problem.startsWith('punish') ? 'punishTimelock' : 'cancelTimelock', `Timelocks: ${problem}.`);
}

/** The signed terms of the offer: a version-2 standing offer, checked by the same rules a taker applies. */
export function makeOfferTerms(
  c: MakeOfferChoices,
  ctx: { readonly network: OfferNetworkName; readonly nowSec: number; readonly offerId: SwapId; readonly makerKey: string; readonly makerAddress: PeerAddress },
): Result<OfferTerms, MakeOfferError> {
  const checked = checkMakeOfferChoices(c, ctx.network);
  if (!checked.ok) return checked;
  const terms: OfferTerms = {
    offerId: ctx.offerId,
    network: ctx.network,
    makerRole: c.makerRole,
    btcSats: checked.value.max.toString(),
    xmrPiconero: checked.value.xmr.toString(),
    cancelTimelock: c.cancelTimelock,
    punishTimelock: c.punishTimelock,
    fee: { kind: 'fixed', satPerKvB: c.feeSatPerKvB },
    expiresAt: ctx.nowSec + c.expiresInSec,
    makerKey: ctx.makerKey,
    makerAddress: ctx.makerAddress,
    standing: { minBtcSats: checked.value.min.toString(), capacity: c.capacity },
  };
  // The taker's own rules, as a last net: a field this file forgot still never gets signed.
  const rules = checkOfferTerms(terms, { nowSec: ctx.nowSec });
  return rules.ok ? ok(terms) : err(termsError('maxBtcSats', rules.error.message));
}
