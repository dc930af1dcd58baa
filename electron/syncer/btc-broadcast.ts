// Bitcoin broadcast task: one sendrawtransaction, ending the task with one event.
// Invariant: a tx the node already knows (mempool, or the active chain as the watches saw it) is a successful broadcast; a transport failure keeps the task for the next round.
import { z } from 'zod';
import type { TaskId } from '../../shared/ids';
import type { SyncerEvent } from '../../shared/syncer/messages';
import { NodeFailure, type Emit } from './chain-backend';
import { asTxid, Hash, type BtcNode } from './btc-node';

const Decoded = z.object({ txid: Hash });
/** Bitcoin Core "transaction already in block chain", and the messages for "already in the mempool". */
const ALREADY_KNOWN = /already in block chain|outputs already in utxo set|txn-already-known|txn-already-in-mempool|already have transaction/i;

/** Whether the watches saw this txid on the active chain or in the mempool (no tx index to ask). */
export type KnownTx = (txid: string) => boolean;

export async function serveBroadcasts(node: BtcNode, broadcasts: Map<TaskId, string>, known: KnownTx, emit: Emit): Promise<void> {
  for (const [taskId, hex] of broadcasts) {
    emit(await broadcast(node, taskId, hex, known));
    broadcasts.delete(taskId);
  }
}

async function broadcast(node: BtcNode, taskId: TaskId, hex: string, known: KnownTx): Promise<SyncerEvent> {
  const r = await node.rpc.call('sendrawtransaction', [hex]);
  if (r.ok) {
    const txid = Hash.safeParse(r.value);
    return txid.success
      ? { kind: 'broadcast-result', taskId, txid: asTxid(txid.data), ok: true, error: null }
      : { kind: 'task-error', taskId, error: `node sent malformed data for sendrawtransaction: ${JSON.stringify(r.value).slice(0, 80)}` };
  }
  if (r.error.kind === 'malformed-response') return { kind: 'task-error', taskId, error: r.error.message };
  if (r.error.kind !== 'rpc-error') throw new NodeFailure('transport', r.error.message); // keep the task; retry when the node is back
  return judgeRejected(node, { taskId, hex, message: r.error.message }, known);
}

/** Rejected: success anyway if the node already has it (the watches saw it mined or pooled, or it is in the mempool). */
async function judgeRejected(node: BtcNode, r: { taskId: TaskId; hex: string; message: string }, seen: KnownTx): Promise<SyncerEvent> {
  let txid: string | null = null;
  try {
    txid = (await node.call('decoderawtransaction', [r.hex], Decoded)).txid;
  } catch (e) {
    if (e instanceof NodeFailure && e.kind === 'transport') throw e;
  }
  let known = ALREADY_KNOWN.test(r.message);
  if (!known && txid !== null) known = seen(txid) || (await node.rpc.call('getmempoolentry', [txid])).ok;
  return { kind: 'broadcast-result', taskId: r.taskId, txid: txid === null ? null : asTxid(txid), ok: known, error: known ? null : r.message };
}
