// The adversarial chain: one litecoind and one monerod shared by concurrent swaps, with their mining
// in the test's hand. Guards: every block (each swap's steady miner, each wallet funding) goes through
// one lock per chain, so two generateblocks never run at once on monerod and a reorg holds both chains
// still while it rewrites one (a miner's tick on a held chain is skipped); a reorg only ever disconnects the blocks it names and replaces them with
// a longer chain without the tx (or with a conflicting one), then gives the old blocks back to the node
// (`reconsiderblock`), which keeps the heavier new chain: a real reorg, not a rollback.
import type { BtcRegtest, XmrRegtest } from '../../electron/regtest';

/** One FIFO lock: `run` waits for every earlier holder. */
class ChainLock {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = this.tail;
    this.tail = before.then(() => mine);
    this.holders++;
    await before;
    return () => {
      this.holders--;
      release();
    };
  }
  /** Runs `f` under the lock when nobody holds or waits for it; else `otherwise` at once (a steady miner's tick is skipped, not queued). */
  async tryRun<T>(f: () => Promise<T>, otherwise: () => Promise<T>): Promise<T> {
    return this.holders > 0 ? otherwise() : this.run(f);
  }
  async run<T>(f: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await f();
    } finally {
      release();
    }
  }
}

export interface ChainControl {
  /** The nodes as the swaps see them: the same nodes, with every mine (and funding) through the locks. */
  readonly nodes: { readonly btc: BtcRegtest; readonly xmr: XmrRegtest };
  /** Stops all mining on both chains until the returned release is called. */
  hold(): Promise<() => void>;
}

export function chainControl(btc: BtcRegtest, xmr: XmrRegtest): ChainControl {
  const locks = { btc: new ChainLock(), xmr: new ChainLock() };
  // Object.create keeps the nodes' getters (the cookie's user/password) and every other member.
  // A mine while the chain is held (a reorg, a wallet funding that mines by itself) is skipped, not queued:
  // the other chain's blocks keep coming, and a held chain gets no burst of blocks when let go.
  const gatedBtc: BtcRegtest = Object.assign(Object.create(btc) as BtcRegtest, { mine: (n: number, a?: string) => locks.btc.tryRun(() => btc.mine(n, a), async () => []) });
  const gatedXmr: XmrRegtest = Object.assign(Object.create(xmr) as XmrRegtest, {
    mine: (n: number, a?: string) => locks.xmr.tryRun(() => xmr.mine(n, a), () => xmr.height()),
    // Funding mines inside the node object: it holds the XMR lock all along.
    fundedWallet: (p?: bigint) => locks.xmr.run(() => xmr.fundedWallet(p)),
    fundWallet: (w: Parameters<XmrRegtest['fundWallet']>[0], a: string, p: bigint) => locks.xmr.run(() => xmr.fundWallet(w, a, p)),
  });
  return {
    nodes: { btc: gatedBtc, xmr: gatedXmr },
    async hold() {
      const [b, x] = await Promise.all([locks.btc.acquire(), locks.xmr.acquire()]);
      return () => (b(), x());
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `f` every 100 ms until it returns a value (not undefined/false/null), or throws after `ms`. */
export async function until<T>(what: string, ms: number, f: () => T | Promise<T>): Promise<NonNullable<T>> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== null && v !== false) return v as NonNullable<T>;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface BlockHeader {
  readonly hash: string;
  readonly height: number;
  readonly tx: readonly string[];
}

/** Height of the block of the active chain holding `txid` (searched from the tip down `back` blocks), or null. */
export async function btcBlockOf(btc: BtcRegtest, txid: string, back = 30): Promise<BlockHeader | null> {
  const tip = await btc.rpc<number>('getblockcount');
  for (let h = tip; h > Math.max(0, tip - back); h--) {
    const b = await btc.rpc<BlockHeader>('getblock', [await btc.rpc<string>('getblockhash', [h]), 1]);
    if (b.tx.includes(txid)) return b;
  }
  return null;
}

export interface BtcReorg {
  /** Blocks disconnected (the tx's block and those above it). */
  readonly depth: number;
  readonly forkHeight: number;
  readonly oldTip: string;
  readonly newTip: string;
}

/**
 * With mining held: disconnects the block holding `txid` and every block above it, mines a chain one
 * block longer that leaves the tx out (it goes back to the mempool), or holds `conflictHex` in its first
 * block instead (the tx is then gone for good), and reconsiders the old blocks (the node stays on the
 * longer chain). Refuses when the tx is deeper than `maxDepth`: the test's claim is a depth.
 */
export async function reorgBtcTx(btc: BtcRegtest, txid: string, o: { maxDepth: number; conflictHex?: string }): Promise<BtcReorg> {
  const block = await btcBlockOf(btc, txid);
  if (!block) throw new Error(`tx ${txid} is in no recent block`);
  const tip = await btc.rpc<number>('getblockcount');
  const depth = tip - block.height + 1;
  if (depth > o.maxDepth) throw new Error(`tx ${txid} is ${depth} blocks deep, more than the ${o.maxDepth} this reorg claims`);
  const oldTip = await btc.rpc<string>('getbestblockhash');
  await btc.rpc('invalidateblock', [block.hash]);
  const to = await btc.newAddress('bech32');
  for (let i = 0; i <= depth; i++) await btc.rpc('generateblock', [to, i === 0 && o.conflictHex ? [o.conflictHex] : []]);
  await btc.rpc('reconsiderblock', [block.hash]);
  const newTip = await btc.rpc<string>('getbestblockhash');
  if (newTip === oldTip) throw new Error('the node went back to the old chain');
  return { depth, forkHeight: block.height, oldTip, newTip };
}

/** monerod: confirmations of `txid` (0: in the pool, null: unknown to the node). */
export async function xmrConfs(xmr: XmrRegtest, txid: string): Promise<number | null> {
  const r = await xmr.daemonPost<{ txs?: Array<{ in_pool: boolean; block_height?: number }> }>('/get_transactions', { txs_hashes: [txid] });
  const t = r.txs?.[0];
  if (!t) return null;
  if (t.in_pool) return 0;
  return (await xmr.height()) - (t.block_height ?? 0) + 1;
}

/**
 * With mining held: pops the block holding `txid` and those above it (monerod returns their txs to its
 * pool), flushes the tx from the pool and mines a new chain one block longer without it: a party
 * watching sees its deposit gone, not only shallower. Returns the tx's hex for `resendXmrTx`.
 * Refuses deeper than `maxDepth`.
 */
export async function reorgXmrTx(xmr: XmrRegtest, txid: string, o: { maxDepth: number }): Promise<{ depth: number; top: number; hex: string; oldHash: string; newHash: string }> {
  const confs = await xmrConfs(xmr, txid);
  if (confs === null || confs < 1) throw new Error(`xmr tx ${txid} is not mined (${confs})`);
  if (confs > o.maxDepth) throw new Error(`xmr tx ${txid} is ${confs} blocks deep, more than the ${o.maxDepth} this reorg claims`);
  const forkHeight = (await xmr.height()) - confs + 1;
  const oldHash = await xmr.blockHash(forkHeight);
  await xmr.daemonPost('/pop_blocks', { nblocks: confs });
  const got = await xmr.daemonPost<{ txs?: Array<{ as_hex: string; in_pool: boolean }> }>('/get_transactions', { txs_hashes: [txid] });
  const t = got.txs?.[0];
  if (!t?.in_pool) throw new Error('after pop_blocks the xmr tx is not back in the pool');
  await xmr.daemonRpc('flush_txpool', { txids: [txid] });
  if ((await xmrConfs(xmr, txid)) !== null) throw new Error('flush_txpool left the xmr tx known');
  const top = await xmr.mine(confs + 1);
  const newHash = await xmr.blockHash(forkHeight);
  if (newHash === oldHash) throw new Error('monerod mined the same block again');
  return { depth: confs, top, hex: t.as_hex, oldHash, newHash };
}

/** Sends a tx taken out by `reorgXmrTx` again: its key images are unspent on the new chain. */
export async function resendXmrTx(xmr: XmrRegtest, hex: string): Promise<void> {
  const r = await xmr.daemonPost<{ status: string; reason?: string }>('/send_raw_transaction', { tx_as_hex: hex, do_not_relay: false });
  if (r.status !== 'OK') throw new Error(`send_raw_transaction: ${r.status} ${r.reason ?? ''}`);
}
