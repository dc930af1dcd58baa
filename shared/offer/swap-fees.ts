// The fee of each swap transaction (sats) at a deal's signed rate, before any key exists, for the
// offer review. Invariant: the same builders both sides use price them (sizes do not depend on the
// keys), so what the person reads is what the swap pays; outputs to a person's address are priced as
// the largest segwit output (32-byte program), so each line is exact or a few sats above.
import { OutScript } from '@scure/btc-signer';
import { fromHex } from '../hex';
import type { BtcNetwork } from '../crypto/btc-network';
import { buildBuy, buildCancel, buildLock, buildPunish, buildRefund, fundingAmount, outpointOf, scriptToAddress, type SwapBtcParams } from '../crypto/btc-swap-txs';
import { secpPublicKey } from '../crypto/ecdsa-adaptor';
import type { CryptoResult } from '../crypto/crypto-error';
import { dealFeeRate, type Deal } from '../protocol/deal';
import { ok } from '../result';

export interface SwapFees {
  readonly feeRateSatPerKvB: bigint;
  /** What Bob pays into the funding address: the locked amount plus the lock fee. */
  readonly funding: bigint;
  readonly lock: bigint;
  readonly cancel: bigint;
  readonly refund: bigint;
  readonly buy: bigint;
  readonly punish: bigint;
  /** Bob's BTC cost of a swap that ends in a refund: lock + cancel + refund fees. */
  readonly worstCaseRefund: bigint;
}

/** The deal's Bitcoin parameters with placeholder keys (i·G) and the largest segwit payout outputs. */
export function pricingParams(deal: Deal, network: BtcNetwork): SwapBtcParams {
  const pk = (i: number) => secpPublicKey(fromHex(i.toString(16).padStart(64, '0')));
  const payout = scriptToAddress(OutScript.encode({ type: 'wsh', hash: new Uint8Array(32) }), network);
  return {
    network,
    amount: BigInt(deal.btcAmount),
    feeRateSatPerKvB: dealFeeRate(deal),
    cancelTimelock: deal.cancelTimelock,
    punishTimelock: deal.punishTimelock,
    keys: { aliceBuy: pk(1), bobBuy: pk(2), aliceRefund: pk(3), bobRefund: pk(4) },
    aliceAddress: payout,
    bobRefundAddress: payout,
  };
}

/** Every swap transaction built at the deal's rate; refused when one would have a dust output. */
export function swapFees(deal: Deal, network: BtcNetwork): CryptoResult<SwapFees> {
  const p = pricingParams(deal, network);
  const funding = fundingAmount(p);
  if (!funding.ok) return funding;
  const lock = buildLock(p, { txid: '11'.repeat(32), vout: 0, amount: funding.value }, p.keys.bobBuy);
  if (!lock.ok) return lock;
  const cancel = buildCancel(p, outpointOf(lock.value));
  if (!cancel.ok) return cancel;
  const buy = buildBuy(p, outpointOf(lock.value));
  if (!buy.ok) return buy;
  const refund = buildRefund(p, outpointOf(cancel.value), cancel.value.output.amount);
  if (!refund.ok) return refund;
  const punish = buildPunish(p, outpointOf(cancel.value), cancel.value.output.amount);
  if (!punish.ok) return punish;
  const f = { lock: lock.value.fee, cancel: cancel.value.fee, refund: refund.value.fee, buy: buy.value.fee, punish: punish.value.fee };
  return ok({ feeRateSatPerKvB: p.feeRateSatPerKvB, funding: funding.value, ...f, worstCaseRefund: f.lock + f.cancel + f.refund });
}

export type FeeLineTx = 'lock' | 'cancel' | 'refund' | 'buy' | 'punish';
export interface FeeLine {
  readonly tx: FeeLineTx;
  readonly sats: string;
  /** Who pays it and when, in the person's terms. */
  readonly when: string;
}

/** The fees that touch the person's side, in the order the swap may meet them. */
export function feeLines(f: SwapFees, role: Deal['role']): FeeLine[] {
  const line = (tx: FeeLineTx, when: string): FeeLine => ({ tx, sats: f[tx].toString(), when });
  if (role === 'bob')
    return [
      line('lock', 'you pay it on top of the amount, when the BTC is locked'),
      line('buy', 'out of the locked BTC, when the swap completes'),
      line('cancel', 'out of the locked BTC, if the swap is cancelled'),
      line('refund', 'out of your refund, if the swap is cancelled'),
    ];
  return [
    line('lock', 'the BTC seller pays it on top of the amount'),
    line('buy', 'out of the BTC you receive, when the swap completes'),
    line('cancel', 'out of the locked BTC, if the swap is cancelled'),
    line('punish', 'out of the BTC you take, if the BTC seller never refunds after a cancel'),
  ];
}
