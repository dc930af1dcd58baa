// When the swap node asks a client again by itself: a datum request whose answer failed for a reason
// that passes (a node that did not answer, a locked keychain, a signer restarting) is asked again
// with a growing delay, because the daemon asks each request only once per run (the nets re-ask
// only after a restart). Invariant: a request that pays (fund, lock-xmr) is never asked again here:
// a timeout may hide a payment that went through, and payXmrOnce / the person decide that, not a timer.
import type { DatumRequest } from '../../shared/protocol/datum';
import type { AppError } from '../../shared/result';

/** Failure kinds that may pass (client-errors.ts): the node or the signer, not the input. */
const PASSING = new Set(['client-wallet', 'client-signer']);
/** Requests whose answer moves coins: asked again only by the daemon (restart) or the person. */
const PAYS = new Set<DatumRequest['kind']>(['fund', 'lock-xmr']);

export const RETRY_FIRST_MS = 2_000;
export const RETRY_MAX_MS = 60_000;

/** Whether this failed answer is asked again by the queue. */
export function mayAskAgain(req: DatumRequest, error: AppError): boolean {
  return PASSING.has(error.kind) && !PAYS.has(req.kind);
}

/** The wait before attempt `n + 1` (n >= 1 failures so far): 2 s, 4 s, 8 s ... at most 60 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1));
}
