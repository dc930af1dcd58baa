// Bitcoin node prerequisites checked before the first round: the tx index the backend's confirmations depend on.
// Invariant: a node without -txindex is reported as a backend failure naming the fix, never as "tx unknown" on every task.
import { z } from 'zod';
import { toNodeFailure } from './node-call';
import type { BtcNode } from './btc-node';

const IndexInfo = z.object({ txindex: z.object({ synced: z.boolean() }).optional() });

/** null when the node has a tx index (or cannot say: older nodes lack getindexinfo); else what to do about it. */
export async function txIndexProblem(node: BtcNode): Promise<string | null> {
  // Confirmations of arbitrary txs need the tx index; without it a mined tx would read "unknown".
  const r = await node.rpc.call('getindexinfo', []);
  if (!r.ok && r.error.kind !== 'rpc-error') throw toNodeFailure(r.error);
  if (!r.ok) return null;
  const info = IndexInfo.safeParse(r.value);
  if (!info.success || info.data.txindex === undefined) {
    return 'the Bitcoin node runs without -txindex=1: restart it with txindex=1 (the syncer cannot see confirmations otherwise)';
  }
  return null;
}
