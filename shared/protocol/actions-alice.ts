// What each of Alice's net actions emits, computed from the tokens it reads.
// Guards watch-before-publish: lock, cancel, refund and punish are watched at the pre-lock checkpoint,
// buy at the post-buy-sig checkpoint, the joint XMR address before it is shown.
import { broadcast, checkpoint, commonEmitters, datum, message, request, send, sweepXmr, watchTx, witnessTx, xmr, type Emitter } from './emit';
import { taskId } from './task-ids';

export const ALICE_EMITTERS: Readonly<Record<string, Emitter>> = {
  ...commonEmitters,
  request_refund_sigs: (s) => [request({ kind: 'sign-refund-procedure', setup: message(s, 'setup', 'core-arbitrating-setup') })],
  checkpoint_prelock: (s) => {
    const b = datum(s, 'refund_bundle', 'refund-procedure');
    return [
      watchTx(s, 'lock', b.lockTxid),
      watchTx(s, 'cancel', b.cancelSigned.txid),
      watchTx(s, 'refund', b.refundTxid),
      watchTx(s, 'punish', b.punishSigned.txid),
      checkpoint('pre-lock'),
    ];
  },
  send_refund_sigs: (s) => {
    const b = datum(s, 'refund_bundle', 'refund-procedure');
    return [send({ type: 'refund-procedure-signatures', swapId: s.deal.swapId, cancelSig: b.cancelSig, refundAdaptorSig: b.refundAdaptorSig })];
  },
  show_xmr: (s) => {
    const b = datum(s, 'refund_bundle', 'refund-procedure');
    return [
      xmr({ kind: 'watch-address', id: taskId(s.deal.swapId, 'xmr', 'watch-address', 'lock'), address: b.xmr.address, viewKey: b.xmr.viewKey, fromHeight: b.xmr.fromHeight }),
      request({ kind: 'lock-xmr', address: b.xmr.address, amount: s.deal.xmrAmount }),
    ];
  },
  withdraw_xmr: (s) => [request({ kind: 'withdraw-xmr-lock', address: datum(s, 'refund_bundle', 'refund-procedure').xmr.address })],
  request_buy: (s) => [request({ kind: 'sign-buy', buySig: message(s, 'buysig', 'buy-procedure-signature') })],
  checkpoint_buy: (s) => [watchTx(s, 'buy', datum(s, 'buy_bundle', 'fully-signed-buy').buySigned.txid), checkpoint('post-buy-sig')],
  publish_buy: (s) => [broadcast(s, 'buy', datum(s, 'buy_bundle', 'fully-signed-buy').buySigned.hex)],
  publish_cancel: (s) => [broadcast(s, 'cancel', datum(s, 'refund_bundle', 'refund-procedure').cancelSigned.hex)],
  publish_punish: (s) => [broadcast(s, 'punish', datum(s, 'refund_bundle', 'refund-procedure').punishSigned.hex)],
  request_kb: (s) => [request({ kind: 'recover-accordant', from: 'refund', txHex: witnessTx(s, 'refund') })],
  sweep_xmr_wait: (s) => [sweepXmr(s)],
  sweep_xmr_blind: (s) => [sweepXmr(s)],
};
