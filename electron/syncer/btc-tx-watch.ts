// Bitcoin watch-tx: a tx's confirmations on the active chain, asked again only when they can have changed.
// Invariant: under the task's bound every change is an event; past it only a reorg that hits its block is.
import type { TaskId, Txid } from '../../shared/ids';
import { isNewsUnderBound } from '../../shared/syncer/confirmation-bound';
import type { Emit } from './chain-backend';
import { reportTaskError, txStatus, type BtcNode, type TxStatus } from './btc-node';
import type { BtcRound } from './btc-tip-walk';

export interface TxWatch {
  readonly txid: Txid;
  readonly bound: number;
  last: TxStatus | null;
}

export async function serveTxWatches(node: BtcNode, watches: Map<TaskId, TxWatch>, round: BtcRound, emit: Emit): Promise<void> {
  for (const [id, w] of watches) {
    if (!isDue(w, round)) continue;
    try {
      emitTx(emit, id, w, await txStatus(node, w.txid));
    } catch (e) {
      reportTaskError(emit, id, e);
    }
  }
}

/** A known, mined status only moves with the tip; a settled one only when a reorg goes below its block. */
function isDue(w: TxWatch, round: BtcRound): boolean {
  const settled = w.last !== null && w.last.confirmations !== null && w.last.confirmations >= w.bound;
  const hit = round.forkHeight !== null && w.last?.blockHeight != null && w.last.blockHeight > round.forkHeight;
  if (w.last !== null && !round.tipChanged && w.last.confirmations !== 0 && w.last.confirmations !== null) return false;
  return !(settled && !hit);
}

function emitTx(emit: Emit, taskId: TaskId, w: TxWatch, s: TxStatus): void {
  const news = isNewsUnderBound(w.last, s, w.bound);
  w.last = s;
  if (news) emit({ kind: 'tx-confirmations', taskId, txid: w.txid, confirmations: s.confirmations, blockHash: s.blockHash, txHex: s.hex });
}
