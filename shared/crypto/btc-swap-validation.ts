// Checks the counterparty's transactions against the templates we rebuild from the deal.
// Invariant: a peer's tx is accepted only if it equals our template field by field (version,
// lockTime, the one input and its nSequence, the one output's script and amount), and a fee that
// differs from the deal's rate is refused, never ignored (pitfall 11.2 #11).
import { equalBytes } from '@noble/curves/utils.js';
import { hex } from '@scure/base';
import { ok } from '../result';
import { fail, type CryptoResult } from './crypto-error';
import { decodeTx, type DecodedTx } from './btc-sighash';
import {
  buildBuy,
  buildCancel,
  buildRefund,
  outpointOf,
  swapPlan,
  txidOf,
  type Outpoint,
  type SwapBtcParams,
  type UnsignedSwapTx,
} from './btc-swap-txs';
import { RawTx } from '@scure/btc-signer';

function stripped(tx: DecodedTx): Uint8Array {
  return RawTx.encode({ ...tx, segwitFlag: false, witnesses: undefined });
}

/** Field-by-field comparison of a received tx with our template. */
export function matchTemplate(raw: Uint8Array, expected: UnsignedSwapTx): CryptoResult<void> {
  const d = decodeTx(raw);
  if (!d.ok) return d;
  const tx = d.value;
  const k = expected.kind;
  if (tx.version !== 2) return fail('template', `${k}: version ${tx.version}, expected 2`);
  if (tx.lockTime !== 0) return fail('template', `${k}: nLockTime ${tx.lockTime}, expected 0`);
  if (tx.inputs.length !== 1) return fail('template', `${k}: ${tx.inputs.length} inputs, expected 1`);
  if (tx.outputs.length !== 1) return fail('template', `${k}: ${tx.outputs.length} outputs, expected 1`);
  const i = tx.inputs[0]!;
  const o = tx.outputs[0]!;
  if (i.finalScriptSig.length !== 0) return fail('template', `${k}: non-empty scriptSig`);
  if (hex.encode(i.txid) !== expected.input.txid || i.index !== expected.input.vout) return fail('template', `${k}: spends ${hex.encode(i.txid)}:${i.index}, expected ${expected.input.txid}:${expected.input.vout}`);
  if (i.sequence !== expected.input.sequence) return fail('template', `${k}: nSequence ${i.sequence}, expected ${expected.input.sequence}`);
  if (!equalBytes(o.script, expected.output.script)) return fail('template', `${k}: output script is not the agreed destination`);
  if (o.amount !== expected.output.amount) {
    const fee = expected.prevAmount - o.amount;
    return fail('template', `${k}: fee ${fee} sat does not match the deal's ${expected.fee} sat (output ${o.amount}, expected ${expected.output.amount})`);
  }
  if (txidOf(stripped(tx)) !== expected.txid) return fail('template', `${k}: txid differs from the template`);
  return ok(undefined);
}

/** Bob's lock as Alice sees it: exact lock output; segwit inputs only (so its txid cannot change). */
export function validateLock(p: SwapBtcParams, raw: Uint8Array): CryptoResult<Outpoint> {
  const plan = swapPlan(p);
  if (!plan.ok) return plan;
  const d = decodeTx(raw);
  if (!d.ok) return d;
  const tx = d.value;
  if (tx.version !== 2) return fail('template', `lock: version ${tx.version}, expected 2`);
  if (tx.lockTime !== 0) return fail('template', `lock: nLockTime ${tx.lockTime}, expected 0`);
  if (tx.inputs.length < 1) return fail('template', 'lock: no inputs');
  if (tx.inputs.some((i) => i.finalScriptSig.length !== 0)) return fail('template', 'lock: a non-segwit input would make its txid malleable');
  if (tx.outputs.length !== 1) return fail('template', `lock: ${tx.outputs.length} outputs, expected 1`);
  const o = tx.outputs[0]!;
  if (!equalBytes(o.script, plan.value.lockOutputScript)) return fail('template', 'lock: output is not P2WSH of the agreed lock script');
  if (o.amount !== p.amount) return fail('template', `lock: output ${o.amount} sat, expected ${p.amount}`);
  return ok({ txid: txidOf(stripped(tx)), vout: 0 });
}

export interface CoreArbitratingTxs {
  readonly lock: Outpoint;
  readonly cancel: UnsignedSwapTx;
  readonly refund: UnsignedSwapTx;
}

/** Alice's check of `CoreArbitratingSetup`: lock, cancel and refund against the deal. */
export function validateCoreArbitratingSetup(p: SwapBtcParams, lockRaw: Uint8Array, cancelRaw: Uint8Array, refundRaw: Uint8Array): CryptoResult<CoreArbitratingTxs> {
  const lock = validateLock(p, lockRaw);
  if (!lock.ok) return lock;
  const cancel = buildCancel(p, lock.value);
  if (!cancel.ok) return cancel;
  const c = matchTemplate(cancelRaw, cancel.value);
  if (!c.ok) return c;
  const refund = buildRefund(p, outpointOf(cancel.value), cancel.value.output.amount);
  if (!refund.ok) return refund;
  const r = matchTemplate(refundRaw, refund.value);
  if (!r.ok) return r;
  return ok({ lock: lock.value, cancel: cancel.value, refund: refund.value });
}

/** Alice's check of the buy tx in `BuyProcedureSignature`. */
export function validateBuy(p: SwapBtcParams, lock: Outpoint, buyRaw: Uint8Array): CryptoResult<UnsignedSwapTx> {
  const buy = buildBuy(p, lock);
  if (!buy.ok) return buy;
  const m = matchTemplate(buyRaw, buy.value);
  return m.ok ? buy : m;
}
