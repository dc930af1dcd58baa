// Bitcoin watch-tx without a tx index: the tx is looked for in the blocks the chain walk reads (from the task's
// fromHeight) and in the mempool the round read; nothing is asked per watch per poll.
// Invariant: confirmations = tip - block height + 1 on the active chain; a reorg un-finds the tx (null, or 0 back in
// the mempool) until the new branch holds it; under the task's bound every change is an event, past it only a move.
import type { TaskId, Txid } from '../../shared/ids';
import { isNewsUnderBound, type ConfStatus } from '../../shared/syncer/confirmation-bound';
import type { BtcTask } from '../../shared/syncer/messages';
import { NodeFailure, type Emit } from './chain-backend';
import { Hex, reportTaskError, type BtcNode } from './btc-node';
import { mayHold, type BlockReader, type ScanBlock } from './btc-block-scan';
import type { MempoolView } from './btc-mempool';
import type { BtcRound } from './btc-tip-walk';

/** Without a fromHeight (old transcripts), a watch looks this many blocks below its bound back from the tip. */
export const TX_LOOKBACK_BEYOND_BOUND = 144;

export interface TxWatch extends BlockReader {
  readonly txid: Txid;
  readonly bound: number;
  /** The task's fromHeight; null: a look-back from the first tip the watch sees. */
  readonly fromHeight: number | null;
  /** Not placed yet: the first round sets scannedUpTo from fromHeight or the look-back. */
  placed: boolean;
  /** Blocks whose txid filter matched (a 4-byte prefix), not yet checked by reading the tx from them, lowest first. */
  candidates: Array<{ readonly height: number; readonly hash: string }>;
  /** The active-chain block the tx was read from. */
  found: { readonly height: number; readonly hash: string } | null;
  hex: string | null;
  last: ConfStatus | null;
}

export function newTxWatch(task: Extract<BtcTask, { kind: 'watch-tx' }>, emit: Emit, id: TaskId): TxWatch {
  const w: TxWatch = {
    txid: task.txid,
    bound: task.confirmationBound,
    fromHeight: task.fromHeight ?? null,
    placed: false,
    scannedUpTo: -1,
    wantsTxs: false,
    candidates: [],
    found: null,
    hex: null,
    last: null,
    read(b: ScanBlock) {
      if (w.found === null && mayHold(b, w.txid)) w.candidates.push({ height: b.height, hash: b.hash });
    },
    unwind(fork: number) {
      if (w.found !== null && w.found.height > fork) w.found = null;
      w.candidates = w.candidates.filter((c) => c.height <= fork);
    },
    gap(from: number, to: number) {
      emit({ kind: 'task-error', taskId: id, error: `blocks ${from}..${to} are pruned on the Bitcoin node: tx ${w.txid} cannot be looked for there (use a node that keeps them)` });
    },
  };
  return w;
}

/** New watches start at their fromHeight, or the look-back below the tip (bounded, documented above). */
export function placeTxWatches(watches: Iterable<TxWatch>, round: BtcRound): void {
  for (const w of watches) {
    if (w.placed) continue;
    const from = w.fromHeight ?? round.height - w.bound - TX_LOOKBACK_BEYOND_BOUND;
    w.scannedUpTo = Math.max(0, Math.min(from, round.height + 1)) - 1;
    w.placed = true;
  }
}

/** After the walk: each watch's status from what the walk and the mempool showed; the raw tx fetched once when found. */
export async function serveTxWatches(node: BtcNode, watches: Map<TaskId, TxWatch>, round: BtcRound, pool: MempoolView, emit: Emit): Promise<void> {
  for (const [id, w] of watches) {
    if (!w.placed || w.scannedUpTo < round.height) continue; // history not read yet: no report
    try {
      const s = await statusOf(node, w, round, pool);
      if (s === null || !isNewsUnderBound(w.last, s, w.bound)) continue;
      w.last = s;
      emit({ kind: 'tx-confirmations', taskId: id, txid: w.txid, confirmations: s.confirmations, blockHash: s.blockHash, txHex: s.confirmations === null ? null : w.hex });
    } catch (e) {
      reportTaskError(emit, id, e);
    }
  }
}

/** The status to report, or null when it cannot be said this round (the tx left the mempool while we fetched it). */
async function statusOf(node: BtcNode, w: TxWatch, round: BtcRound, pool: MempoolView): Promise<ConfStatus | null> {
  while (w.found === null && w.candidates.length > 0) {
    // Reading the bytes from the block confirms a candidate (the block filter only matched a txid prefix).
    const c = w.candidates.shift()!;
    const hex = await rawTx(node, w.txid, c.hash);
    if (hex !== null) {
      w.found = c;
      w.hex = hex;
      w.candidates = [];
    }
  }
  if (w.found !== null) return { confirmations: round.height - w.found.height + 1, blockHash: w.found.hash };
  if (!pool.pool.has(w.txid)) return { confirmations: null, blockHash: null };
  if (w.hex === null) w.hex = await rawTx(node, w.txid, null);
  return w.hex === null ? null : { confirmations: 0, blockHash: null };
}

/** The raw tx from its block (no tx index needed) or from the mempool; null when it is not there. */
async function rawTx(node: BtcNode, txid: string, blockHash: string | null): Promise<string | null> {
  try {
    return await node.call('getrawtransaction', blockHash === null ? [txid, false] : [txid, false, blockHash], Hex);
  } catch (e) {
    if (e instanceof NodeFailure && e.kind === 'rpc') return null;
    throw e;
  }
}

/** What the watches know of a txid: on the active chain or in the mempool (for judging a refused broadcast). */
export function watchedAndSeen(watches: Map<TaskId, TxWatch>, txid: string): boolean {
  for (const w of watches.values()) if (w.txid === txid && w.last !== null && w.last.confirmations !== null) return true;
  return false;
}
