// Monero watch-address in process: the chain walk (xmr-chain-scan.ts) hands each watch every active-chain block from
// its fromHeight and the round's new pool txs; each tx is scanned with the swap's view key and public spend key
// (output keys derived from the tx public keys, amounts decrypted and opened against their commitments by
// shared/crypto/monero-output-scan.ts), and the owned amount is summed per tx. No monero-wallet-rpc is involved.
// Invariant: a tx with an unlock_time is ignored (never counted as paid); a find that leaves the chain and the pool
// is reported with confirmations null, then forgotten; confirmations come from the block the walk found it in.
import type { TaskId, Txid } from '../../shared/ids';
import { fromHex } from '../../shared/hex';
import type { ParsedMoneroTx, ViewScanKeys } from '../../shared/crypto/monero-output-scan';
import { decodeMoneroAddress } from '../../shared/crypto/monero-address';
import { isNewsUnderBound, type ConfStatus } from '../../shared/syncer/confirmation-bound';
import { DEFAULT_ADDRESS_CONFIRMATION_BOUND, type XmrTask } from '../../shared/syncer/messages';
import type { Emit, Log } from './chain-backend';
import type { MoneroTxScanner, XmrBlock, XmrBlockReader, XmrPoolView } from './xmr-chain-scan';

export type WatchTask = Extract<XmrTask, { kind: 'watch-address' }>;

interface XmrFind {
  readonly amount: bigint;
  /** The active-chain block it is in; null: in the pool or gone. */
  at: { readonly height: number; readonly hash: string } | null;
  last: ConfStatus | null;
}

export interface XmrAddressWatch extends XmrBlockReader {
  readonly taskId: TaskId;
  readonly bound: number;
  readonly keys: ViewScanKeys;
  readonly finds: Map<string, XmrFind>;
  /** Txs already warned about (an unlock_time, a scan failure): one warning each. */
  readonly warned: Set<string>;
}

/** The watch for an admitted task (its view key already checked against the address). */
export function newAddressWatch(task: WatchTask, scanner: MoneroTxScanner, log: Log): XmrAddressWatch {
  const a = decodeMoneroAddress(task.address);
  if (!a.ok) throw new Error(`watch ${task.id}: address was admitted but does not decode: ${a.error.message}`);
  const w: XmrAddressWatch = {
    taskId: task.id,
    bound: task.confirmationBound ?? DEFAULT_ADDRESS_CONFIRMATION_BOUND,
    keys: { viewSecret: fromHex(task.viewKey), spendPublic: a.value.publicSpend },
    finds: new Map(),
    warned: new Set(),
    scannedUpTo: task.fromHeight - 1,
    read: (b: XmrBlock) => {
      for (const tx of b.txs) noteTx(w, scanner, log, tx, { height: b.height, hash: b.hash });
    },
    unwind: (fork: number) => {
      for (const f of w.finds.values()) if (f.at !== null && f.at.height > fork) f.at = null;
    },
  };
  return w;
}

/** A tx from a block (at) or the pool (null): remembered when it pays the watch. */
export function noteTx(w: XmrAddressWatch, scanner: MoneroTxScanner, log: Log, tx: ParsedMoneroTx, at: XmrFind['at']): void {
  const known = w.finds.get(tx.txid);
  if (known) {
    if (at !== null) known.at = at; // mined, or found again on the new branch after a reorg
    return;
  }
  const owned = scanner.owned(tx, w.keys);
  if (!owned.ok) {
    warnOnce(w, log, tx.txid, `xmr watch ${w.taskId}: tx ${tx.txid} could not be scanned, ignored: ${owned.error.message}`);
    return;
  }
  if (owned.value.length === 0) return;
  if (tx.rctType === 0) {
    // A clear amount (a coinbase or a pre-RingCT tx) has no commitment to check it against; a lock is never one.
    warnOnce(w, log, tx.txid, `xmr watch ${w.taskId}: ignoring tx ${tx.txid}: its amount is not committed (RingCT type 0)`);
    return;
  }
  if (tx.unlockTime !== 0n) {
    warnOnce(w, log, tx.txid, `xmr watch ${w.taskId}: ignoring tx ${tx.txid} with unlock_time ${tx.unlockTime}`);
    return;
  }
  const amount = owned.value.reduce((s, o) => s + o.amount, 0n);
  w.finds.set(tx.txid, { amount, at, last: null });
}

function warnOnce(w: XmrAddressWatch, log: Log, txid: string, message: string): void {
  if (w.warned.has(txid)) return;
  w.warned.add(txid);
  log('warn', message);
}

/**
 * The pool is read only while a watch may still learn from it: one that has seen nothing mined yet, or holds a find
 * that is not in a block (in the pool, or unwound by a reorg). A second payment is still seen once mined.
 */
export const needsPool = (w: XmrAddressWatch): boolean => [...w.finds.values()].every((f) => f.at === null) || [...w.finds.values()].some((f) => f.at === null);

/** After the walk: each find's status, reported as address-tx when it changed (or as gone), once history is read. */
export function reportFinds(w: XmrAddressWatch, tipHeight: number, pool: XmrPoolView, emit: Emit): void {
  if (w.scannedUpTo < tipHeight) return;
  for (const [txid, f] of w.finds) {
    const confs = f.at !== null ? tipHeight - f.at.height + 1 : pool.pool.has(txid) ? 0 : null;
    if (confs === null) {
      // Reorged out and gone from the pool: the tx event's "unknown" value, then forget it.
      emit({ kind: 'tx-confirmations', taskId: w.taskId, txid: txid as Txid, confirmations: null, blockHash: null, txHex: null });
      w.finds.delete(txid);
      continue;
    }
    const s: ConfStatus = { confirmations: Math.min(confs, w.bound), blockHash: f.at?.hash ?? null };
    if (!isNewsUnderBound(f.last, s, w.bound)) continue;
    f.last = s;
    emit({ kind: 'address-tx', taskId: w.taskId, txid: txid as Txid, amount: f.amount.toString(), confirmations: s.confirmations ?? 0, incoming: true, txHex: null });
  }
}
