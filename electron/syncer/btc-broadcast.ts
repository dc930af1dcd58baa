// Bitcoin broadcast task: one sendrawtransaction, ending the task with one event.
// Invariant: a tx the node already knows (mempool or active chain) is a successful broadcast; a transport failure keeps the task for the next round.
import { z } from 'zod';
import type { TaskId } from '../../shared/ids';
import type { SyncerEvent } from '../../shared/syncer/messages';
import { NodeFailure, type Emit } from './chain-backend';
import { asTxid, Hash, txStatus, type BtcNode } from './btc-node';

const Decoded = z.object({ txid: Hash });
/** Bitcoin Core "transaction already in block chain", and the messages for "already in the mempool". */
const ALREADY_KNOWN = /already in block chain|txn-already-known|txn-already-in-mempool|already have transaction/i;

export async function serveBroadcasts(node: BtcNode, broadcasts: Map<TaskId, string>, emit: Emit): Promise<void> {
  for (const [taskId, hex] of broadcasts) {
    emit(await broadcast(node, taskId, hex));
    broadcasts.delete(taskId);
  }
}

async function broadcast(node: BtcNode, taskId: TaskId, hex: string): Promise<SyncerEvent> {
  const r = await node.rpc.call('sendrawtransaction', [hex]);
  if (r.ok) {
    const txid = Hash.safeParse(r.value);
    return txid.success
      ? { kind: 'broadcast-result', taskId, txid: asTxid(txid.data), ok: true, error: null }
      : { kind: 'task-error', taskId, error: `node sent malformed data for sendrawtransaction: ${JSON.stringify(r.value).slice(0, 80)}` };
  }
  if (r.error.kind === 'malformed-response') return { kind: 'task-error', taskId, error: r.error.message };
  if (r.error.kind !== 'rpc-error') throw new NodeFailure('transport', r.error.message); // keep the task; retry when the node is back
  return judgeRejected(node, taskId, hex, r.error.message);
}

/** Rejected: success anyway if the node already has it (mempool or active chain). */
async function judgeRejected(node: BtcNode, taskId: TaskId, hex: string, message: string): Promise<SyncerEvent> {
  let txid: string | null = null;
  try {
    txid = (await node.call('decoderawtransaction', [hex], Decoded)).txid;
  } catch (e) {
    if (e instanceof NodeFailure && e.kind === 'transport') throw e;
  }
  let known = ALREADY_KNOWN.test(message);
  if (!known && txid !== null) {
    const s = await txStatus(node, txid);
    known = s.confirmations !== null;
  }
  return { kind: 'broadcast-result', taskId, txid: txid === null ? null : asTxid(txid), ok: known, error: known ? null : message };
}
