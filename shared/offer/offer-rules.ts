// The parameter rules a taker (and a maker, before publishing) applies to offer terms: amounts above
// dust and at most the network table's maximum, fee in range, and node `TemporalSafety::valid_params`
// (protocol.md section 3). Guards: no swap starts with timelocks that leave a race window open.
import { temporalSafetyProblem } from '../protocol/temporal-safety';
import { appError, err, ok, type Result } from '../result';
import { OFFER_NETWORKS } from './offer-networks';
import type { OfferError, OfferTerms } from './offer-schema';

export const U64_MAX = (1n << 64n) - 1n;

/** The checker's own view of finality and safety: the deal fixes timelocks, each node its margins. */
export interface TemporalConfig {
  readonly btcFinality: number;
  readonly btcSafety: number;
}

export interface OfferCheckContext {
  /** Unix seconds; passed in so the rules stay pure and testable. */
  readonly nowSec: number;
  /** Defaults to the network table's values. */
  readonly temporal?: TemporalConfig;
}

export function checkOfferTerms(t: OfferTerms, ctx: OfferCheckContext): Result<OfferTerms, OfferError> {
  const net = OFFER_NETWORKS[t.network];
  const btc = BigInt(t.btcSats);
  const xmr = BigInt(t.xmrPiconero);
  if (btc < net.minBtcSats) return err(appError('offer-bad-amount', `BTC amount ${btc} sats is below the ${t.network} dust limit of ${net.minBtcSats} sats`));
  if (btc > net.maxBtcSats) return err(appError('offer-bad-amount', `BTC amount ${btc} sats is above the ${net.maxBtcSats} sats (21 million BTC) there can ever be`));
  if (xmr < net.minXmrPiconero) return err(appError('offer-bad-amount', `XMR amount ${xmr} piconero is below the minimum of ${net.minXmrPiconero}`));
  if (xmr > net.maxXmrPiconero) return err(appError('offer-bad-amount', `XMR amount ${xmr} piconero is above the maximum of ${net.maxXmrPiconero}`));

  const standing = standingProblem(t);
  if (standing) return err(appError('offer-bad-amount', standing));

  const fee = t.fee.satPerKvB;
  if (fee < net.minFeeSatPerKvB || fee > net.maxFeeSatPerKvB) {
    return err(appError('offer-bad-params', `fixed fee ${fee} sat/kvB is outside ${net.minFeeSatPerKvB}..${net.maxFeeSatPerKvB} for ${t.network}`));
  }

  const { btcFinality: finality, btcSafety: safety } = ctx.temporal ?? net;
  const problem = temporalSafetyProblem({ finality, safety, cancel: t.cancelTimelock, punish: t.punishTimelock });
  if (problem) return err(appError('offer-bad-params', problem));

  if (ctx.nowSec >= t.expiresAt) {
    return err(appError('offer-expired', `offer expired at ${new Date(t.expiresAt * 1000).toISOString()}`));
  }
  return ok(t);
}

/** A standing offer's range must be a range of takeable amounts: min at most max, every take above dust. */
function standingProblem(t: OfferTerms): string | null {
  if (!t.standing) return null;
  const net = OFFER_NETWORKS[t.network];
  const min = BigInt(t.standing.minBtcSats);
  const max = BigInt(t.btcSats);
  if (min > max) return `minimum take ${min} sats is above the maximum ${max} sats: the range is empty`;
  if (min < net.minBtcSats) return `minimum take ${min} sats is below the ${t.network} dust limit of ${net.minBtcSats} sats`;
  // The smallest take gets the least XMR: it must still be a lockable amount.
  const xmrAtMin = (min * BigInt(t.xmrPiconero)) / max;
  if (xmrAtMin < net.minXmrPiconero) return `a take of the minimum ${min} sats buys ${xmrAtMin} piconero, below the minimum of ${net.minXmrPiconero}`;
  return null;
}
