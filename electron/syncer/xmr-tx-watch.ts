// Monero watch-tx: one get_transactions for every due watch, confirmations counted from the tip monerod reported this round.
// Invariant: under the task's bound every change is an event; a tx monerod no longer knows reads null.
import type { z } from 'zod';
import type { TaskId, Txid } from '../../shared/ids';
import { isNewsUnderBound, type ConfStatus } from '../../shared/syncer/confirmation-bound';
import type { JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type Emit } from './chain-backend';
import { nodePost } from './node-call';
import { blockHashAt, GetTransactions } from './xmr-daemon';

type XmrTxStatus = ConfStatus & { hex: string | null };
type DaemonTx = NonNullable<z.infer<typeof GetTransactions>['txs']>[number];

export interface XmrTxWatch {
  readonly txid: Txid;
  readonly bound: number;
  last: XmrTxStatus | null;
}

export async function serveXmrTxWatches(
  daemon: JsonRpcClient,
  watches: Map<TaskId, XmrTxWatch>,
  round: { tipChanged: boolean; height: number },
  emit: Emit,
): Promise<void> {
  const due = [...watches].filter(([, t]) => round.tipChanged || t.last === null || t.last.confirmations === null || t.last.confirmations === 0);
  if (due.length === 0) return;
  const r = await nodePost(daemon, '/get_transactions', { txs_hashes: [...new Set(due.map(([, t]) => t.txid))], decode_as_json: false }, GetTransactions);
  if (r.status !== 'OK') throw new NodeFailure('bad-data', `get_transactions status ${r.status}`);
  const byId = new Map((r.txs ?? []).map((t) => [t.tx_hash, t]));
  const hashAt = new Map<number, string>();
  for (const [taskId, t] of due) {
    try {
      const s = await statusOf(daemon, byId.get(t.txid), round.height, hashAt);
      const news = isNewsUnderBound(t.last, s, t.bound);
      t.last = s;
      if (news) emit({ kind: 'tx-confirmations', taskId, txid: t.txid, confirmations: s.confirmations, blockHash: s.blockHash, txHex: s.hex });
    } catch (e) {
      if (e instanceof NodeFailure && e.kind === 'transport') throw e;
      emit({ kind: 'task-error', taskId, error: e instanceof Error ? e.message : String(e) });
    }
  }
}

/** A tx's status at this tip; block hashes are asked once per height per round. */
async function statusOf(daemon: JsonRpcClient, tx: DaemonTx | undefined, height: number, hashAt: Map<number, string>): Promise<XmrTxStatus> {
  if (!tx) return { confirmations: null, blockHash: null, hex: null };
  if (tx.in_pool || tx.block_height === undefined) return { confirmations: 0, blockHash: null, hex: tx.as_hex ?? null };
  const bh = tx.block_height;
  let hash = hashAt.get(bh);
  if (hash === undefined) {
    hash = await blockHashAt(daemon, bh);
    hashAt.set(bh, hash);
  }
  return { confirmations: Math.max(0, height - bh + 1), blockHash: hash, hex: tx.as_hex ?? null };
}
