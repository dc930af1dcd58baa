// What each of Bob's net actions emits, computed from the tokens it reads.
// Guards watch-before-publish: every tx is watched by an earlier action of the same run.
import type { Txid } from '../ids';
import { broadcast, btc, checkpoint, commonEmitters, datum, message, ownParams, request, send, sweepXmr, watchFrom, watchTx, witnessTx, xmr, type Emitter } from './emit';
import { taskId } from './task-ids';
import type { SwapState } from './state';

const fundingWatch = (s: SwapState) => taskId(s.deal.swapId, 'btc', 'watch-address', 'funding');

export const BOB_EMITTERS: Readonly<Record<string, Emitter>> = {
  ...commonEmitters,
  show_funding: (s) => {
    const own = ownParams(s);
    if (own.kind !== 'bob-session-params') throw new Error('bug: bob without funding params');
    return [
      btc({ kind: 'watch-address', id: fundingWatch(s), address: own.funding.address, fromHeight: watchFrom(s, fundingWatch(s), s.btcHeight) }),
      request({ kind: 'fund', address: own.funding.address, amount: own.funding.amount }),
    ];
  },
  request_setup: (s) => {
    if (!s.funding) throw new Error('bug: setup without funding');
    return [request({ kind: 'core-arbitrating-transactions', fundingTxid: s.funding.txid as Txid, amount: s.funding.amount })];
  },
  checkpoint_prelock: (s) => {
    const b = datum(s, 'setup_bundle', 'core-arbitrating-transactions');
    return [
      watchTx(s, 'lock', b.lock.txid),
      watchTx(s, 'cancel', b.cancel.txid),
      watchTx(s, 'refund', b.refund.txid),
      btc({ kind: 'watch-address', id: taskId(s.deal.swapId, 'btc', 'watch-address', 'cancel-output'), address: b.cancelOutput, fromHeight: s.btcHeight }),
      checkpoint('pre-lock'),
    ];
  },
  send_setup: (s) => {
    const b = datum(s, 'setup_bundle', 'core-arbitrating-transactions');
    return [send({ type: 'core-arbitrating-setup', swapId: s.deal.swapId, lock: b.lock.hex, cancel: b.cancel.hex, refund: b.refund.hex, cancelSig: b.cancelSig })];
  },
  request_lock: (s) => [request({ kind: 'sign-arbitrating-lock', refundSigs: message(s, 'refund_sigs', 'refund-procedure-signatures') })],
  checkpoint_postsigs: (s) => {
    const b = datum(s, 'lock_bundle', 'signed-arbitrating-lock');
    return [
      watchTx(s, 'buy', b.buy.txid),
      xmr({ kind: 'watch-address', id: taskId(s.deal.swapId, 'xmr', 'watch-address', 'lock'), address: b.xmr.address, viewKey: b.xmr.viewKey, fromHeight: b.xmr.fromHeight }),
      checkpoint('post-refund-sigs'),
    ];
  },
  publish_lock: (s) => [broadcast(s, 'lock', datum(s, 'lock_bundle', 'signed-arbitrating-lock').lockSigned.hex)],
  send_buysig: (s) => {
    const b = datum(s, 'lock_bundle', 'signed-arbitrating-lock');
    return [send({ type: 'buy-procedure-signature', swapId: s.deal.swapId, buy: b.buy.hex, buyAdaptorSig: b.buyAdaptorSig })];
  },
  request_ka: (s) => [request({ kind: 'recover-accordant', from: 'buy', txHex: witnessTx(s, 'buy') })],
  sweep_xmr: (s) => [sweepXmr(s)],
  publish_cancel: (s) => [broadcast(s, 'cancel', datum(s, 'lock_bundle', 'signed-arbitrating-lock').cancelSigned.hex)],
  publish_refund: (s) => [broadcast(s, 'refund', datum(s, 'lock_bundle', 'signed-arbitrating-lock').refundSigned.hex)],
  finish_abort_funded: (s) => {
    const own = ownParams(s);
    if (own.kind !== 'bob-session-params') throw new Error('bug: bob without funding params');
    return [request({ kind: 'sweep-funding', address: own.funding.address }), send({ type: 'abort', swapId: s.deal.swapId })];
  },
};
