// One walk over monerod's active chain serves every Monero address watch of every swap: each block is read once
// (get_block, then its txs' own bytes by /get_transactions in batches, each checked to hash to its txid), parsed once, and handed to each watch that
// is due; a bounded cache of recent blocks lets a watch added later catch up without fetching them again.
// Invariant: a watch only ever reads active-chain blocks in height order; the walk keeps the recent hashes it read and
// a block whose parent is not the one remembered (or a tip that is not) takes every watch back to the fork, where
// `unwind` forgets what was found above it. A round reads at most MAX_BLOCKS_PER_ROUND blocks (a long catch-up is
// spread over rounds, its progress logged), so the tip and the other tasks are never held up.
import { z } from 'zod';
import type { AppError, Result } from '../../shared/result';
import type { OwnedOutput, ParsedMoneroTx, ViewScanKeys } from '../../shared/crypto/monero-output-scan';
import type { JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type Log } from './chain-backend';
import { nodeCall, nodePost } from './node-call';
import { blockHashAt } from './xmr-daemon';

/** Walked block hashes kept for finding a reorg's fork (Monero reorgs deeper than this are not followed). */
export const MAX_REORG_DEPTH = 100;
/** Blocks read per round at most; the rest of a catch-up waits for the next round. */
export const MAX_BLOCKS_PER_ROUND = 100;
/** Recent parsed blocks kept, so a watch added a little later reads them without a call. */
export const MAX_CACHED_BLOCKS = 60;
/** Txs per /get_transactions call (a restricted monerod answers at most 100). */
export const TX_BATCH = 100;

/**
 * The parsing and the view-key scan of one tx: `shared/crypto/monero-tx-blob.ts` and `monero-output-scan.ts`, a
 * port so tests can see it. The tx is read from its bytes, which must hash to its txid: monerod's decoded JSON
 * could carry a flipped encrypted amount with a commitment moved to match (half the time it opens).
 */
export interface MoneroTxScanner {
  parse(txid: string, blobHex: string, prunableHashHex?: string): Result<ParsedMoneroTx, AppError>;
  owned(tx: ParsedMoneroTx, keys: ViewScanKeys): Result<OwnedOutput[], AppError>;
}

export interface XmrBlock {
  readonly height: number;
  readonly hash: string;
  /** Every non-coinbase tx of the block, parsed (a coinbase always has an unlock_time, so it never pays a lock). */
  readonly txs: readonly ParsedMoneroTx[];
}

/** One watch as the walk sees it. */
export interface XmrBlockReader {
  /** Highest active-chain height this watch has read (one below its start at first). */
  scannedUpTo: number;
  read(b: XmrBlock): void;
  /** Blocks above `fork` left the active chain: forget what was found in them. */
  unwind(fork: number): void;
}

export interface XmrChainWalk {
  /** Active-chain hashes of the blocks read (and the tips seen), recent ones only. */
  readonly chain: Map<number, string>;
  readonly cache: Map<number, XmrBlock>;
  /** Blocks fetched from the node (for the calls-per-block figure). */
  blocksFetched: number;
}

export const newXmrChainWalk = (): XmrChainWalk => ({ chain: new Map(), cache: new Map(), blocksFetched: 0 });

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const GetBlock = z.object({
  block_header: z.object({ hash: Hash, height: z.number().int().min(0), prev_hash: Hash }),
  tx_hashes: z.array(Hash).optional(),
});
const Hex = z.string().regex(/^([0-9a-f]{2})*$/);
const TxsAsHex = z.object({
  status: z.string(),
  txs: z
    .array(
      z.object({
        tx_hash: Hash,
        as_hex: Hex.optional(),
        pruned_as_hex: Hex.optional(),
        prunable_as_hex: Hex.optional(),
        prunable_hash: Hash.optional(),
        in_pool: z.boolean().optional(),
      }),
    )
    .optional(),
  missed_tx: z.array(Hash).optional(),
});
const PoolHashes = z.object({ status: z.string(), tx_hashes: z.array(Hash).optional() });

/**
 * Before the walk: a tip that is not the hash we read at its height (a reorg to the same height or shorter chain)
 * takes every watch back to the fork. Costs no call unless something differs.
 */
export async function checkTip(daemon: JsonRpcClient, walk: XmrChainWalk, readers: readonly XmrBlockReader[], tip: { height: number; hash: string }, log: Log): Promise<void> {
  const top = Math.max(-1, ...walk.chain.keys());
  if (top < tip.height) return;
  const known = walk.chain.get(tip.height);
  if (known === tip.hash && top === tip.height) return;
  const fork = known === tip.hash ? tip.height : await findFork(daemon, walk, tip.height - 1);
  log('warn', `xmr reorg: fork at ${fork}, walked up to ${top}, new tip ${tip.height} ${tip.hash}`);
  rewind(walk, readers, fork);
}

/**
 * Brings every watch up to the tip, lowest height first, each block fetched at most once (none when cached). A block
 * that does not link to the chain walked so far means a reorg under the walk: rewind to the fork and walk again from
 * there (once in a round; a chain that keeps moving is left to the next round).
 */
export async function walkToTip(
  daemon: JsonRpcClient,
  scanner: MoneroTxScanner,
  walk: XmrChainWalk,
  readers: readonly XmrBlockReader[],
  tip: { height: number; hash: string },
  log: Log,
): Promise<void> {
  if (readers.length === 0) return;
  for (let pass = 0; pass < 2; pass++) if ((await walkOnce(daemon, scanner, walk, readers, tip, log)) === 'done') break;
  for (const k of [...walk.chain.keys()]) if (k <= tip.height - MAX_REORG_DEPTH) walk.chain.delete(k);
}

async function walkOnce(
  daemon: JsonRpcClient,
  scanner: MoneroTxScanner,
  walk: XmrChainWalk,
  readers: readonly XmrBlockReader[],
  tip: { height: number; hash: string },
  log: Log,
): Promise<'done' | 'rewound'> {
  const start = Math.max(0, Math.min(...readers.map((r) => r.scannedUpTo + 1)));
  const end = Math.min(tip.height, start + MAX_BLOCKS_PER_ROUND - 1);
  if (tip.height - start >= MAX_BLOCKS_PER_ROUND) log('info', `xmr catch-up: reading blocks ${start}..${end} of ${tip.height} for ${readers.length} watch(es)`);
  for (let h = start; h <= end; h++) {
    const due = readers.filter((r) => r.scannedUpTo === h - 1);
    if (due.length === 0) continue;
    const b = await blockAt(daemon, scanner, walk, h, log);
    if (b === null) {
      const fork = await findFork(daemon, walk, h - 1);
      log('warn', `xmr reorg under the walk at ${h}: fork at ${fork}`);
      rewind(walk, readers, fork);
      return 'rewound';
    }
    for (const r of due) {
      r.read(b);
      r.scannedUpTo = h;
    }
  }
  return 'done';
}

/** The active block at h, cached or fetched; null when it does not link to the chain walked so far. */
async function blockAt(daemon: JsonRpcClient, scanner: MoneroTxScanner, walk: XmrChainWalk, h: number, log: Log): Promise<XmrBlock | null> {
  const c = walk.cache.get(h);
  if (c && walk.chain.get(h) === c.hash) return c;
  const g = await nodeCall(daemon, 'get_block', { height: h }, GetBlock);
  walk.blocksFetched++;
  const hdr = g.block_header;
  if (hdr.height !== h) throw new NodeFailure('bad-data', `get_block ${h} answered block ${hdr.height}`);
  const parent = walk.chain.get(h - 1);
  const known = walk.chain.get(h);
  if ((parent !== undefined && parent !== hdr.prev_hash) || (known !== undefined && known !== hdr.hash)) return null;
  const txs = await fetchTxs(daemon, scanner, g.tx_hashes ?? [], log);
  const b: XmrBlock = { height: h, hash: hdr.hash, txs };
  walk.chain.set(h, hdr.hash);
  walk.cache.set(h, b);
  for (const k of [...walk.cache.keys()]) if (walk.cache.size > MAX_CACHED_BLOCKS && k !== h) walk.cache.delete(k);
  return b;
}

/**
 * Txs by hash, read from their bytes (`as_hex`, or monerod's split form `pruned_as_hex` + `prunable_as_hex`, with
 * `prunable_hash` when a pruned node has no prunable part) and parsed; a tx that does not parse or whose bytes do
 * not hash to its txid is logged and left out.
 */
export async function fetchTxs(daemon: JsonRpcClient, scanner: MoneroTxScanner, hashes: readonly string[], log: Log, opts: { allowMissing?: boolean } = {}): Promise<ParsedMoneroTx[]> {
  const out: ParsedMoneroTx[] = [];
  for (let i = 0; i < hashes.length; i += TX_BATCH) {
    const batch = hashes.slice(i, i + TX_BATCH);
    const r = await nodePost(daemon, '/get_transactions', { txs_hashes: batch, decode_as_json: false }, TxsAsHex);
    if (r.status !== 'OK') throw new NodeFailure('bad-data', `get_transactions status ${r.status}`);
    if (!opts.allowMissing && (r.missed_tx ?? []).length > 0) throw new NodeFailure('bad-data', `get_transactions missed ${r.missed_tx!.length} tx(s) of a block`);
    for (const t of r.txs ?? []) {
      if (!batch.includes(t.tx_hash)) continue;
      const split = (t.pruned_as_hex ?? '') + (t.prunable_as_hex ?? '');
      const p = t.as_hex ? scanner.parse(t.tx_hash, t.as_hex) : scanner.parse(t.tx_hash, split, t.prunable_as_hex ? undefined : t.prunable_hash);
      if (p.ok) out.push(p.value);
      else log('warn', `xmr scan: tx ${t.tx_hash} not understood, skipped: ${p.error.message}`);
    }
  }
  return out;
}

/** Highest remembered height at or below `from` still on the active chain; everything above it is forgotten. */
async function findFork(daemon: JsonRpcClient, walk: XmrChainWalk, from: number): Promise<number> {
  const heights = [...walk.chain.keys()].filter((k) => k <= from).sort((a, b) => b - a);
  for (const k of heights) if ((await blockHashAt(daemon, k)) === walk.chain.get(k)) return k;
  // Nothing remembered survived: below everything we remember.
  return Math.min(from, heights.at(-1) ?? from) - 1;
}

function rewind(walk: XmrChainWalk, readers: readonly XmrBlockReader[], fork: number): void {
  for (const k of [...walk.chain.keys()]) if (k > fork) walk.chain.delete(k);
  for (const k of [...walk.cache.keys()]) if (k > fork) walk.cache.delete(k);
  for (const r of readers) {
    if (r.scannedUpTo > fork) r.scannedUpTo = fork;
    r.unwind(fork);
  }
}

/** monerod's tx pool as the watches see it: one hash list a round, each new tx fetched and parsed once. */
export interface XmrPoolView {
  pool: Set<string>;
  inspected: Set<string>;
}

export const newXmrPoolView = (): XmrPoolView => ({ pool: new Set(), inspected: new Set() });
/** Pool txs fetched per round at most (a big pool never stalls a round). */
export const MAX_POOL_FETCH_PER_ROUND = 500;

export async function readPool(daemon: JsonRpcClient, v: XmrPoolView): Promise<void> {
  const r = await nodePost(daemon, '/get_transaction_pool_hashes', {}, PoolHashes);
  if (r.status !== 'OK') throw new NodeFailure('bad-data', `get_transaction_pool_hashes status ${r.status}`);
  v.pool = new Set(r.tx_hashes ?? []);
  for (const t of v.inspected) if (!v.pool.has(t)) v.inspected.delete(t);
}

/** Pool txs not inspected yet, parsed; one that left the pool meanwhile is simply missing. */
export async function freshPoolTxs(daemon: JsonRpcClient, scanner: MoneroTxScanner, v: XmrPoolView, log: Log): Promise<ParsedMoneroTx[]> {
  const fresh = [...v.pool].filter((t) => !v.inspected.has(t)).slice(0, MAX_POOL_FETCH_PER_ROUND);
  if (fresh.length === 0) return [];
  const txs = await fetchTxs(daemon, scanner, fresh, log, { allowMissing: true });
  for (const t of fresh) v.inspected.add(t);
  return txs;
}
