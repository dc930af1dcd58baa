// Retry delays for reconnecting to nodes and restarting workers: exponential, capped, jittered, never giving up.
// Invariant: the delay is always within [0, maxMs] and grows with the attempt number up to the cap; there is no attempt limit.
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /** Growth per attempt (2 = doubling). */
  readonly factor: number;
  /** Fraction of the delay that is randomised (0 = none, 0.5 = +-25%), so many clients do not retry in step. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 30_000, factor: 2, jitter: 0.3 };

/** Delay before retry number `attempt` (0 = first retry). `random` returns [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const a = Math.max(0, Math.floor(attempt));
  // Cap the exponent before exponentiating so huge attempt counts cannot overflow to Infinity/NaN.
  const raw = Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, Math.min(a, 64)));
  const spread = raw * Math.min(Math.max(policy.jitter, 0), 1);
  const d = raw - spread / 2 + spread * random();
  return Math.round(Math.min(policy.maxMs, Math.max(0, d)));
}
