// Bitcoin estimate-fee task: one estimatesmartfee, ending the task with one fee-estimate event.
// Invariant: the answer is never below the task's floor, and a node without data still answers (with the floor); only a transport failure keeps the task.
import { z } from 'zod';
import type { TaskId } from '../../shared/ids';
import { NodeFailure, type Emit, type Log } from './chain-backend';
import type { BtcNode } from './btc-node';

const SmartFee = z.object({ feerate: z.number().min(0).optional(), errors: z.array(z.string()).optional() });

/** The node's estimate for the target, never below the task's floor (the floor alone when the node has no data). */
export async function serveFees(node: BtcNode, fees: Map<TaskId, number>, targetBlocks: number, emit: Emit, log: Log): Promise<void> {
  for (const [taskId, floor] of fees) {
    const r = await node.rpc.call('estimatesmartfee', [targetBlocks]);
    if (!r.ok && r.error.kind !== 'rpc-error' && r.error.kind !== 'malformed-response') throw new NodeFailure('transport', r.error.message);
    const p = r.ok ? SmartFee.safeParse(r.value) : null;
    const est = p?.success && p.data.feerate !== undefined ? Math.round(p.data.feerate * 1e8) : 0;
    if (!p?.success || p.data.feerate === undefined) log('info', `btc fee estimate unavailable (${r.ok ? 'no data' : r.error.message}); using floor ${floor} sat/kvB`);
    emit({ kind: 'fee-estimate', taskId, satPerKvB: Math.max(floor, est) });
    fees.delete(taskId);
  }
}
