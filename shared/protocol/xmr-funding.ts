// Alice's XMR funding wallet (a taker selling XMR), as the page and the client see it: how much the
// person pays (the lock amount plus a reserve for the lock's network fee, priced from the node's
// estimate), and where the payment
// stands. Monero outputs can be spent only after 10 confirmations, so "paid" is not "ready".
// Pure. Invariant: `ready` only when the confirmed-enough amount covers the whole funding amount.

/** Monero's spendable age: an output needs this many confirmations (CRYPTONOTE_DEFAULT_TX_SPENDABLE_AGE). */
export const XMR_SPENDABLE_CONFIRMATIONS = 10;

/**
 * The weight the lock transfer is priced at: a 1-input 2-output transfer weighs ~1500, each more
 * input ~700; 4000 covers the person paying in up to four payments. Whatever the fee leaves is swept
 * back to the person with the rest.
 */
export const XMR_LOCK_WEIGHT_BOUND = 4000n;

/** The node's fee estimate (monerod get_fee_estimate: piconero per byte, the fee's rounding mask). */
export interface XmrFeeEstimate {
  readonly perByte: bigint;
  readonly quantizationMask?: bigint;
}

/** What the lock's fee may cost at the lowest priority (the lock transfer asks for it). */
export const xmrLockFeeReserve = (fee: XmrFeeEstimate): bigint => fee.perByte * XMR_LOCK_WEIGHT_BOUND + (fee.quantizationMask ?? 0n);

/** The exact amount the person pays into the funding wallet for a lock of `lockPiconero`. */
export const xmrFundingAmount = (lockPiconero: bigint, fee: XmrFeeEstimate): bigint => lockPiconero + xmrLockFeeReserve(fee);

/** One incoming payment of the funding wallet, as the wallet lists it (pool payments: 0 confirmations). */
export interface XmrIncoming {
  readonly txid: string;
  readonly piconero: bigint;
  readonly confirmations: number;
}

export type XmrFundingProgress =
  /** Nothing seen yet. */
  | { readonly kind: 'waiting'; readonly need: bigint }
  /** Less than the funding amount seen (the person pays the rest, or the swap aborts and sweeps it back). */
  | { readonly kind: 'short'; readonly need: bigint; readonly received: bigint }
  /** Enough seen; `confirmations` of the youngest payment, out of XMR_SPENDABLE_CONFIRMATIONS. */
  | { readonly kind: 'confirming'; readonly need: bigint; readonly received: bigint; readonly confirmations: number }
  /** Enough spendable: the lock may be sent. */
  | { readonly kind: 'ready'; readonly need: bigint; readonly received: bigint };

export function xmrFundingProgress(incoming: readonly XmrIncoming[], need: bigint): XmrFundingProgress {
  const seen = new Map<string, XmrIncoming>();
  for (const i of incoming) seen.set(i.txid, { ...i, piconero: (seen.get(i.txid)?.piconero ?? 0n) + i.piconero });
  const all = [...seen.values()];
  const received = all.reduce((s, i) => s + i.piconero, 0n);
  if (received === 0n) return { kind: 'waiting', need };
  if (received < need) return { kind: 'short', need, received };
  const spendable = all.filter((i) => i.confirmations >= XMR_SPENDABLE_CONFIRMATIONS).reduce((s, i) => s + i.piconero, 0n);
  if (spendable >= need) return { kind: 'ready', need, received };
  const youngest = Math.min(...all.map((i) => i.confirmations));
  return { kind: 'confirming', need, received, confirmations: Math.min(youngest, XMR_SPENDABLE_CONFIRMATIONS) };
}
