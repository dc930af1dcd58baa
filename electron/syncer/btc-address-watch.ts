// Bitcoin watch-address: scans active-chain blocks from the task's height and the mempool for txs paying or spending the address.
// Invariant: a reorg rescans from its fork; a find that leaves the chain and the mempool is reported with confirmations null, then forgotten.
import { z } from 'zod';
import type { TaskId } from '../../shared/ids';
import { DEFAULT_ADDRESS_CONFIRMATION_BOUND, type BtcTask } from '../../shared/syncer/messages';
import { NodeFailure, type Emit } from './chain-backend';
import { asTxid, Hash, Hex, reportTaskError, sats, txStatus, VerboseTx, type BtcNode, type TxStatus } from './btc-node';
import type { BtcRound } from './btc-tip-walk';

const Block = z.object({ hash: Hash, height: z.number().int().min(0), tx: z.array(VerboseTx) });
type Block = z.infer<typeof Block>;
const ValidateAddress = z.object({ isvalid: z.boolean(), scriptPubKey: Hex.optional() });

interface AddressFind {
  amount: bigint;
  incoming: boolean;
  status: TxStatus | null;
  hex: string | null;
  dropped: boolean;
}

interface AddressWatch {
  readonly address: string;
  readonly bound: number;
  script: string | null;
  /** Highest block height already scanned for this address (fromHeight - 1 at start). */
  scannedUpTo: number;
  readonly finds: Map<string, AddressFind>;
  /** Outputs paying the address, so spends of them count as outgoing. */
  readonly outpoints: Map<string, bigint>;
}

export interface AddressWatches {
  readonly byTask: Map<TaskId, AddressWatch>;
  /** Mempool txids already inspected for address watches (pruned to the live mempool each round). */
  mempoolSeen: Set<string>;
  /** A watch was added since the last mempool scan. */
  added: boolean;
}

export const newAddressWatches = (): AddressWatches => ({ byTask: new Map(), mempoolSeen: new Set(), added: false });

export function watchAddress(watches: AddressWatches, task: Extract<BtcTask, { kind: 'watch-address' }>): void {
  watches.byTask.set(task.id, {
    address: task.address,
    bound: task.confirmationBound ?? DEFAULT_ADDRESS_CONFIRMATION_BOUND,
    script: null,
    scannedUpTo: task.fromHeight - 1,
    finds: new Map(),
    outpoints: new Map(),
  });
  watches.added = true;
}

export async function serveAddressWatches(node: BtcNode, watches: AddressWatches, round: BtcRound, emit: Emit): Promise<void> {
  if (watches.byTask.size === 0) return;
  await scanBlocks(node, watches.byTask, round, emit);
  await scanMempool(node, watches);
  for (const [taskId, w] of watches.byTask) {
    for (const [txid, f] of w.finds) await reportFind(node, { taskId, w, txid, f }, round, emit);
  }
}

/** Each watch reads the blocks it has not scanned yet (from the fork after a reorg); a block is fetched once per round. */
async function scanBlocks(node: BtcNode, byTask: Map<TaskId, AddressWatch>, round: BtcRound, emit: Emit): Promise<void> {
  const blocks = new Map<number, Block>();
  const blockAt = async (h: number) => {
    const have = blocks.get(h);
    if (have) return have;
    const hash = await node.call('getblockhash', [h], Hash);
    const b = await node.call('getblock', [hash, 2], Block);
    blocks.set(h, b);
    return b;
  };
  for (const [taskId, w] of byTask) {
    try {
      if (!(await resolveScript(node, byTask, taskId, w, emit))) continue;
      if (round.forkHeight !== null) w.scannedUpTo = Math.min(w.scannedUpTo, round.forkHeight);
      while (w.scannedUpTo < round.height) {
        const b = await blockAt(w.scannedUpTo + 1);
        for (const tx of b.tx) noteFind(w, tx);
        w.scannedUpTo = b.height;
      }
    } catch (e) {
      reportTaskError(emit, taskId, e);
    }
  }
}

/** The address's output script, from the node once; an address the node rejects ends its task. */
async function resolveScript(node: BtcNode, byTask: Map<TaskId, AddressWatch>, taskId: TaskId, w: AddressWatch, emit: Emit): Promise<boolean> {
  if (w.script !== null) return true;
  const v = await node.call('validateaddress', [w.address], ValidateAddress);
  if (!v.isvalid || v.scriptPubKey === undefined) {
    emit({ kind: 'task-error', taskId, error: `watch-address: the node rejects address ${w.address}` });
    byTask.delete(taskId);
    return false;
  }
  w.script = v.scriptPubKey;
  return true;
}

/** Mempool: inspect each new txid once. */
async function scanMempool(node: BtcNode, watches: AddressWatches): Promise<void> {
  const pool = await node.call('getrawmempool', [false], z.array(Hash));
  const live = new Set(pool);
  const fresh = pool.filter((t) => !watches.mempoolSeen.has(t));
  watches.mempoolSeen = new Set([...watches.mempoolSeen].filter((t) => live.has(t)));
  if (watches.added) {
    // A new watch must see what is already waiting in the mempool.
    fresh.splice(0, fresh.length, ...pool);
    watches.added = false;
  }
  for (const txid of fresh) {
    let tx: VerboseTx;
    try {
      tx = await node.call('getrawtransaction', [txid, true], VerboseTx);
    } catch (e) {
      if (e instanceof NodeFailure && e.kind === 'rpc') continue; // left the mempool meanwhile
      throw e;
    }
    watches.mempoolSeen.add(txid);
    for (const w of watches.byTask.values()) if (w.script !== null) noteFind(w, tx);
  }
}

/** Which outputs of tx pay the watched script, and which inputs spend earlier ones. */
function match(w: AddressWatch, tx: VerboseTx): { incoming: bigint; outgoing: bigint } {
  let incoming = 0n;
  let outgoing = 0n;
  for (const o of tx.vout) {
    if (o.scriptPubKey.hex === w.script) {
      incoming += sats(o.value);
      w.outpoints.set(`${tx.txid}:${o.n}`, sats(o.value));
    }
  }
  for (const i of tx.vin) {
    if (i.txid === undefined || i.vout === undefined) continue;
    const v = w.outpoints.get(`${i.txid}:${i.vout}`);
    if (v !== undefined) outgoing += v;
  }
  return { incoming, outgoing };
}

function noteFind(w: AddressWatch, tx: VerboseTx): void {
  const { incoming, outgoing } = match(w, tx);
  if (incoming === 0n && outgoing === 0n) return;
  if (w.finds.has(tx.txid)) return;
  // A spend that also pays back to the address (change) is outgoing by its net amount.
  const isIncoming = outgoing === 0n || incoming > outgoing;
  const amount = isIncoming ? incoming - outgoing : outgoing - incoming;
  w.finds.set(tx.txid, { amount, incoming: isIncoming, status: null, hex: tx.hex ?? null, dropped: false });
}

/** Ask a find's status again when it can have changed, and report it as address-tx (or as gone). */
async function reportFind(
  node: BtcNode,
  at: { taskId: TaskId; w: AddressWatch; txid: string; f: AddressFind },
  round: BtcRound,
  emit: Emit,
): Promise<void> {
  const { taskId, w, txid, f } = at;
  try {
    const settled = f.status !== null && f.status.confirmations !== null && f.status.confirmations >= w.bound;
    const hit = round.forkHeight !== null && f.status?.blockHeight != null && f.status.blockHeight > round.forkHeight;
    if (f.status !== null && !round.tipChanged && f.status.confirmations !== 0) return;
    if (settled && !hit) return;
    const s = await txStatus(node, txid);
    f.status = s;
    if (s.confirmations === null) {
      // Reorged out and gone from the mempool: say so with the tx event's "unknown" value, then forget it.
      emit({ kind: 'tx-confirmations', taskId, txid: asTxid(txid), confirmations: null, blockHash: null, txHex: f.hex });
      w.finds.delete(txid);
      return;
    }
    const confirmations = Math.min(s.confirmations, w.bound);
    emit({ kind: 'address-tx', taskId, txid: asTxid(txid), amount: f.amount.toString(), confirmations, incoming: f.incoming, txHex: s.hex ?? f.hex });
  } catch (e) {
    reportTaskError(emit, taskId, e);
  }
}
