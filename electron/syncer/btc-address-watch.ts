// Bitcoin watch-address: the chain walk hands each watch every active-chain block from its fromHeight (in full), and
// the round's new mempool txs; a find's confirmations come from the block it was found in, no tx index needed.
// Invariant: a reorg un-finds what was above the fork (the rescan finds it again); a find that leaves the chain and
// the mempool is reported with confirmations null, then forgotten.
import { z } from 'zod';
import type { TaskId } from '../../shared/ids';
import { isNewsUnderBound, type ConfStatus } from '../../shared/syncer/confirmation-bound';
import { DEFAULT_ADDRESS_CONFIRMATION_BOUND, type BtcTask } from '../../shared/syncer/messages';
import type { Emit } from './chain-backend';
import { asTxid, Hex, reportTaskError, sats, type BtcNode, type VerboseTx } from './btc-node';
import type { BlockReader, ScanBlock } from './btc-block-scan';
import { freshMempoolTxs, type MempoolView } from './btc-mempool';
import type { BtcRound } from './btc-tip-walk';

const ValidateAddress = z.object({ isvalid: z.boolean(), scriptPubKey: Hex.optional() });

interface AddressFind {
  readonly amount: bigint;
  readonly incoming: boolean;
  /** The active-chain block it is in; null: in the mempool or gone. */
  at: { readonly height: number; readonly hash: string } | null;
  readonly hex: string | null;
  last: ConfStatus | null;
}

export interface AddressWatch extends BlockReader {
  readonly address: string;
  readonly bound: number;
  script: string | null;
  readonly finds: Map<string, AddressFind>;
  /** Outputs paying the address, so spends of them count as outgoing. */
  readonly outpoints: Map<string, bigint>;
}

export interface AddressWatches {
  readonly byTask: Map<TaskId, AddressWatch>;
}

export const newAddressWatches = (): AddressWatches => ({ byTask: new Map() });

export function watchAddress(watches: AddressWatches, task: Extract<BtcTask, { kind: 'watch-address' }>, pool: MempoolView, emit: Emit): void {
  const w: AddressWatch = {
    address: task.address,
    bound: task.confirmationBound ?? DEFAULT_ADDRESS_CONFIRMATION_BOUND,
    script: null,
    scannedUpTo: task.fromHeight - 1,
    wantsTxs: true,
    finds: new Map(),
    outpoints: new Map(),
    read: (b: ScanBlock) => {
      for (const tx of b.txs ?? []) noteFind(w, tx, { height: b.height, hash: b.hash });
    },
    unwind: (fork: number) => {
      for (const f of w.finds.values()) if (f.at !== null && f.at.height > fork) f.at = null;
    },
    gap: (from: number, to: number) => {
      emit({ kind: 'task-error', taskId: task.id, error: `blocks ${from}..${to} are pruned on the Bitcoin node: payments to ${task.address} there cannot be seen (use a node that keeps them)` });
    },
  };
  watches.byTask.set(task.id, w);
  // A new watch must see what already waits in the mempool.
  pool.inspected.clear();
}

/** Watches whose address the node understood: the ones the chain walk serves this round. */
export async function readyAddressWatches(node: BtcNode, watches: AddressWatches, emit: Emit): Promise<AddressWatch[]> {
  const ready: AddressWatch[] = [];
  for (const [taskId, w] of watches.byTask) {
    try {
      if (await resolveScript(node, watches, taskId, w, emit)) ready.push(w);
    } catch (e) {
      reportTaskError(emit, taskId, e);
    }
  }
  return ready;
}

/** After the walk: new mempool txs, then each find's status reported when it changed. */
export async function serveAddressWatches(node: BtcNode, ready: readonly AddressWatch[], watches: AddressWatches, round: BtcRound, pool: MempoolView, emit: Emit): Promise<void> {
  if (ready.length === 0) return;
  for (const tx of await freshMempoolTxs(node, pool)) for (const w of ready) noteFind(w, tx, null);
  for (const [taskId, w] of watches.byTask) {
    if (w.scannedUpTo < round.height) continue; // history not read yet
    for (const [txid, f] of w.finds) reportFind({ taskId, w, txid, f }, round, pool, emit);
  }
}

/** The address's output script, from the node once; an address the node rejects ends its task. */
async function resolveScript(node: BtcNode, watches: AddressWatches, taskId: TaskId, w: AddressWatch, emit: Emit): Promise<boolean> {
  if (w.script !== null) return true;
  const v = await node.call('validateaddress', [w.address], ValidateAddress);
  if (!v.isvalid || v.scriptPubKey === undefined) {
    emit({ kind: 'task-error', taskId, error: `watch-address: the node rejects address ${w.address}` });
    watches.byTask.delete(taskId);
    return false;
  }
  w.script = v.scriptPubKey;
  return true;
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

function noteFind(w: AddressWatch, tx: VerboseTx, at: AddressFind['at']): void {
  const known = w.finds.get(tx.txid);
  if (known) {
    if (at !== null) known.at = at; // mined, or found again on the new branch after a reorg
    return;
  }
  const { incoming, outgoing } = match(w, tx);
  if (incoming === 0n && outgoing === 0n) return;
  // A spend that also pays back to the address (change) is outgoing by its net amount.
  const isIncoming = outgoing === 0n || incoming > outgoing;
  const amount = isIncoming ? incoming - outgoing : outgoing - incoming;
  w.finds.set(tx.txid, { amount, incoming: isIncoming, at, hex: tx.hex ?? null, last: null });
}

/** A find's status from its block or the mempool, reported as address-tx when it changed (or as gone). */
function reportFind(at: { taskId: TaskId; w: AddressWatch; txid: string; f: AddressFind }, round: BtcRound, pool: MempoolView, emit: Emit): void {
  const { taskId, w, txid, f } = at;
  const confs = f.at !== null ? round.height - f.at.height + 1 : pool.pool.has(txid) ? 0 : null;
  if (confs === null) {
    // Reorged out and gone from the mempool: say so with the tx event's "unknown" value, then forget it.
    emit({ kind: 'tx-confirmations', taskId, txid: asTxid(txid), confirmations: null, blockHash: null, txHex: f.hex });
    w.finds.delete(txid);
    return;
  }
  const s: ConfStatus = { confirmations: Math.min(confs, w.bound), blockHash: f.at?.hash ?? null };
  if (!isNewsUnderBound(f.last, s, w.bound)) return;
  f.last = s;
  emit({ kind: 'address-tx', taskId, txid: asTxid(txid), amount: f.amount.toString(), confirmations: s.confirmations ?? 0, incoming: f.incoming, txHex: f.hex });
}
