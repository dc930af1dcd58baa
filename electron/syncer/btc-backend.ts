// Bitcoin syncer backend over Bitcoin Core JSON-RPC (bitcoind 24+, or litecoind in regtest tests), no tx index needed:
// one round checks the node (once, and after failures), reads the tip, then one walk of the new blocks and one read of
// the mempool serve every watch of every swap.
// Invariant: confirmations come only from the node's active chain (reorgs lower them; a dropped tx reads null); a tx
// not broadcast yet costs no call per poll; a tx the node already knows is a successful broadcast.
import type { TaskId } from '../../shared/ids';
import type { BtcTask } from '../../shared/syncer/messages';
import type { BtcWorkerConfig } from '../../shared/syncer/worker-protocol';
import { createJsonRpcClient, type JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type ChainBackend, type Emit, type Log, type PollOutcome } from './chain-backend';
import { btcNode, type BtcNode } from './btc-node';
import { advanceTip, newTipWalk, type BtcRound, type TipWalk } from './btc-tip-walk';
import { newTxWatch, placeTxWatches, serveTxWatches, watchedAndSeen, type TxWatch } from './btc-tx-watch';
import { newAddressWatches, readyAddressWatches, serveAddressWatches, watchAddress, type AddressWatches } from './btc-address-watch';
import { newChainScan, scanToTip, unwindScan, type ChainScan } from './btc-block-scan';
import { newMempoolView, readMempool, type MempoolView } from './btc-mempool';
import { serveBroadcasts } from './btc-broadcast';
import { serveFees } from './btc-fee-estimate';
import { checkBtcNode } from './btc-health';

/** Everything one Bitcoin backend keeps between rounds. */
interface BtcBackendState {
  readonly node: BtcNode;
  readonly cfg: BtcWorkerConfig;
  readonly emit: Emit;
  readonly log: Log;
  readonly walk: TipWalk;
  readonly scan: ChainScan;
  readonly pool: MempoolView;
  readonly heights: Set<TaskId>;
  readonly txs: Map<TaskId, TxWatch>;
  readonly addresses: AddressWatches;
  readonly broadcasts: Map<TaskId, string>;
  readonly fees: Map<TaskId, number>;
  /** The node passed checkBtcNode since the last failed round. */
  nodeChecked: boolean;
}

export function btcRpcClient(cfg: BtcWorkerConfig): JsonRpcClient {
  const auth = cfg.rpcCookieFile !== undefined ? { cookieFile: cfg.rpcCookieFile } : { user: cfg.rpcUser, password: cfg.rpcPassword };
  return createJsonRpcClient({ url: cfg.rpcUrl, ...auth, timeoutMs: cfg.rpcTimeoutMs });
}

export function createBtcBackend(cfg: BtcWorkerConfig, emit: Emit, log: Log, client?: JsonRpcClient): ChainBackend<BtcTask> {
  const s: BtcBackendState = {
    node: btcNode(client ?? btcRpcClient(cfg)),
    cfg,
    emit,
    log,
    walk: newTipWalk(),
    scan: newChainScan(),
    pool: newMempoolView(),
    heights: new Set(),
    txs: new Map(),
    addresses: newAddressWatches(),
    broadcasts: new Map(),
    fees: new Map(),
    nodeChecked: false,
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
      s.txs.set(task.id, newTxWatch(task, s.emit, task.id));
      return;
    case 'watch-address':
      watchAddress(s.addresses, task, s.pool, s.emit);
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
    if (!s.nodeChecked) {
      const check = await checkBtcNode(s.node, s.cfg.expectedChain);
      if (!check.ok) return { ok: false, error: check.problem };
      s.scan.pruneHeight = check.pruneHeight;
      s.nodeChecked = true;
    }
    // The mempool before the tip: a tx mined in between is then in a block the walk reads, never in neither (a false "dropped").
    const watching = s.txs.size > 0 || s.addresses.byTask.size > 0;
    if (watching) await readMempool(s.node, s.pool);
    const round = await advanceTip(s.node, s.walk, s.log);
    // At once, before anything can fail: the walk reports each fork only in the round that found it.
    if (round.forkHeight !== null) unwindScan(s.scan, [...s.txs.values(), ...s.addresses.byTask.values()], round.forkHeight);
    for (const id of s.heights) s.emit({ kind: 'height', taskId: id, height: round.height, blockHash: round.hash });
    await serveBroadcasts(s.node, s.broadcasts, (txid) => watchedAndSeen(s.txs, txid), s.emit);
    if (watching) await serveWatches(s, round);
    await serveFees(s.node, s.fees, s.cfg.feeTargetBlocks, s.emit, s.log);
    return { ok: true, height: round.height, hash: round.hash };
  } catch (e) {
    s.nodeChecked = false; // the node may come back as another node (restarted, other settings): check it again
    if (e instanceof NodeFailure) return { ok: false, error: e.message };
    return { ok: false, error: `btc backend bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
  }
}

/** One walk of the blocks not read yet and the round's mempool, for every tx and address watch together. */
async function serveWatches(s: BtcBackendState, round: BtcRound): Promise<void> {
  const ready = await readyAddressWatches(s.node, s.addresses, s.emit);
  const readers = [...s.txs.values(), ...ready];
  placeTxWatches(s.txs.values(), round);
  await scanToTip(s.node, s.scan, readers, round, s.walk.seen);
  await serveTxWatches(s.node, s.txs, round, s.pool, s.emit);
  await serveAddressWatches(s.node, ready, s.addresses, round, s.pool, s.emit);
}
