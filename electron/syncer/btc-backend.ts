// Bitcoin syncer backend over Bitcoin Core JSON-RPC (bitcoind, or litecoind in tests): one round reads the tip, then serves each task kind.
// Invariant: confirmations come only from the node's active chain (reorgs lower them; a dropped tx reads null), and a tx the node already knows is a successful broadcast.
import type { TaskId } from '../../shared/ids';
import type { BtcTask } from '../../shared/syncer/messages';
import type { BtcWorkerConfig } from '../../shared/syncer/worker-protocol';
import { createJsonRpcClient, type JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type ChainBackend, type Emit, type Log, type PollOutcome } from './chain-backend';
import { btcNode, type BtcNode } from './btc-node';
import { advanceTip, newTipWalk, type TipWalk } from './btc-tip-walk';
import { serveTxWatches, type TxWatch } from './btc-tx-watch';
import { newAddressWatches, serveAddressWatches, watchAddress, type AddressWatches } from './btc-address-watch';
import { serveBroadcasts } from './btc-broadcast';
import { serveFees } from './btc-fee-estimate';
import { txIndexProblem } from './btc-health';

/** Everything one Bitcoin backend keeps between rounds. */
interface BtcBackendState {
  readonly node: BtcNode;
  readonly feeTargetBlocks: number;
  readonly emit: Emit;
  readonly log: Log;
  readonly walk: TipWalk;
  readonly heights: Set<TaskId>;
  readonly txs: Map<TaskId, TxWatch>;
  readonly addresses: AddressWatches;
  readonly broadcasts: Map<TaskId, string>;
  readonly fees: Map<TaskId, number>;
  txIndexChecked: boolean;
}

export function createBtcBackend(cfg: BtcWorkerConfig, emit: Emit, log: Log, client?: JsonRpcClient): ChainBackend<BtcTask> {
  const rpc =
    client ?? createJsonRpcClient({ url: cfg.rpcUrl, user: cfg.rpcUser, password: cfg.rpcPassword, timeoutMs: cfg.rpcTimeoutMs });
  const s: BtcBackendState = {
    node: btcNode(rpc),
    feeTargetBlocks: cfg.feeTargetBlocks,
    emit,
    log,
    walk: newTipWalk(),
    heights: new Set(),
    txs: new Map(),
    addresses: newAddressWatches(),
    broadcasts: new Map(),
    fees: new Map(),
    txIndexChecked: false,
  };
  return {
    add: (task) => addTask(s, task),
    async remove(id) {
      s.heights.delete(id);
      s.txs.delete(id);
      s.addresses.byTask.delete(id);
      s.broadcasts.delete(id);
      s.fees.delete(id);
    },
    poll: () => pollRound(s),
    async close() {},
  };
}

function addTask(s: BtcBackendState, task: BtcTask): void {
  switch (task.kind) {
    case 'watch-height': {
      s.heights.add(task.id);
      const tip = s.walk.tip;
      if (tip) s.emit({ kind: 'height', taskId: task.id, height: tip.height, blockHash: tip.hash });
      return;
    }
    case 'watch-tx':
      s.txs.set(task.id, { txid: task.txid, bound: task.confirmationBound, last: null });
      return;
    case 'watch-address':
      watchAddress(s.addresses, task);
      return;
    case 'broadcast':
      s.broadcasts.set(task.id, task.txHex);
      return;
    case 'estimate-fee':
      s.fees.set(task.id, task.floorSatPerKvB);
      return;
    case 'abort':
      return; // handled by the core
  }
}

async function pollRound(s: BtcBackendState): Promise<PollOutcome> {
  try {
    if (!s.txIndexChecked) {
      const problem = await txIndexProblem(s.node);
      if (problem !== null) return { ok: false, error: problem };
      s.txIndexChecked = true;
    }
    const round = await advanceTip(s.node, s.walk, s.log);
    for (const id of s.heights) s.emit({ kind: 'height', taskId: id, height: round.height, blockHash: round.hash });
    await serveBroadcasts(s.node, s.broadcasts, s.emit);
    await serveTxWatches(s.node, s.txs, round, s.emit);
    await serveAddressWatches(s.node, s.addresses, round, s.emit);
    await serveFees(s.node, s.fees, s.feeTargetBlocks, s.emit, s.log);
    return { ok: true, height: round.height, hash: round.hash };
  } catch (e) {
    if (e instanceof NodeFailure) return { ok: false, error: e.message };
    return { ok: false, error: `btc backend bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
  }
}
