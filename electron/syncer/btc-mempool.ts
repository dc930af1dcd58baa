// The node's mempool as the watches see it: one getrawmempool a round, and only txids not seen before fetched in full
// (and only when an address watch needs their outputs). Readable without a tx index.
// Invariant: a tx is fetched at most once while it stays in the mempool (MAX_FETCH_PER_ROUND bounds a round's work).
import { z } from 'zod';
import { NodeFailure } from './chain-backend';
import { Hash, VerboseTx, type BtcNode } from './btc-node';

/** Mempool txs fetched in full per round; the rest waits for the next round (a big mempool never stalls a round). */
export const MAX_FETCH_PER_ROUND = 500;

export interface MempoolView {
  /** The node's mempool as of this round. */
  pool: Set<string>;
  /** Txids already handed to the address watches (pruned to the live mempool each round). */
  inspected: Set<string>;
}

export const newMempoolView = (): MempoolView => ({ pool: new Set(), inspected: new Set() });

export async function readMempool(node: BtcNode, m: MempoolView): Promise<void> {
  m.pool = new Set(await node.call('getrawmempool', [false], z.array(Hash)));
  for (const t of m.inspected) if (!m.pool.has(t)) m.inspected.delete(t);
}

/** The mempool txs not inspected yet, in full; a tx that left the mempool meanwhile is skipped. */
export async function freshMempoolTxs(node: BtcNode, m: MempoolView): Promise<VerboseTx[]> {
  const out: VerboseTx[] = [];
  for (const txid of m.pool) {
    if (out.length >= MAX_FETCH_PER_ROUND) break;
    if (m.inspected.has(txid)) continue;
    try {
      out.push(await node.call('getrawtransaction', [txid, true], VerboseTx));
    } catch (e) {
      if (!(e instanceof NodeFailure) || e.kind !== 'rpc') throw e; // -5: left the mempool meanwhile
    }
    m.inspected.add(txid);
  }
  return out;
}
