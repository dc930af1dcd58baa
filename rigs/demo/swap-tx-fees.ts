// What each mined swap transaction really paid, read from the node (not from our own builders): the
// fee is the sum of its inputs' values (their previous outputs, by getrawtransaction) minus its
// outputs, over its vsize as the node reports it. Used by the demo and the fee-rate itests.
import type { SwapState } from '../../shared/protocol/state';

export interface PaidFee {
  /** The protocol name (lock, buy, cancel, refund, punish) or 'sweep' for a funding sweep. */
  readonly name: string;
  readonly txid: string;
  readonly feeSats: number;
  readonly vsize: number;
  /** fee / vsize in sat/vB, unrounded. */
  readonly satPerVb: number;
}

interface VerboseTx {
  readonly txid: string;
  readonly vsize: number;
  readonly confirmations?: number;
  readonly vin: ReadonlyArray<{ readonly txid?: string; readonly vout?: number }>;
  readonly vout: ReadonlyArray<{ readonly value: number; readonly n: number }>;
}

const sats = (coins: number): number => Math.round(coins * 1e8);

/** A node's JSON-RPC (the regtest harness's `rpc`, or a client of the sandbox's node); needs -txindex. */
export interface BtcRpc {
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
}

/** The fee a mined transaction paid, from the node; null when the node has no such mined transaction. */
export async function paidFee(btc: BtcRpc, name: string, txid: string): Promise<PaidFee | null> {
  const tx = await btc.rpc<VerboseTx>('getrawtransaction', [txid, true]).catch(() => null);
  if (!tx || !(tx.confirmations && tx.confirmations > 0)) return null;
  let inputs = 0;
  for (const i of tx.vin) {
    if (i.txid === undefined || i.vout === undefined) throw new Error(`${name} ${txid}: a coinbase input in a swap transaction`);
    const prev = await btc.rpc<VerboseTx>('getrawtransaction', [i.txid, true]);
    const out = prev.vout.find((o) => o.n === i.vout);
    if (!out) throw new Error(`${name} ${txid}: input ${i.txid}:${i.vout} not found`);
    inputs += sats(out.value);
  }
  const feeSats = inputs - tx.vout.reduce((s, o) => s + sats(o.value), 0);
  return { name, txid, feeSats, vsize: tx.vsize, satPerVb: feeSats / tx.vsize };
}

/** Every swap transaction either side watched, as [name, txid] (one per txid). */
export function watchedSwapTxs(states: ReadonlyArray<SwapState | undefined>): Array<[string, string]> {
  const byTxid = new Map<string, string>();
  for (const st of states) {
    if (!st) continue;
    for (const [name, w] of Object.entries(st.txs)) byTxid.set(w.txid, name);
    if (st.punishSpend) byTxid.set(st.punishSpend.txid, 'punish');
  }
  return [...byTxid].map(([txid, name]) => [name, txid]);
}

/** What each of these transactions paid, for those the node has mined. */
export async function minedSwapTxFees(btc: BtcRpc, txs: Iterable<readonly [string, string]>): Promise<PaidFee[]> {
  const paid: PaidFee[] = [];
  for (const [name, txid] of txs) {
    const p = await paidFee(btc, name, txid);
    if (p) paid.push(p);
  }
  return paid;
}
