// One walk over the active chain's blocks serves every watch (tx and address) of every swap: each block is read once,
// and a bounded cache lets a watch added later read the same history without fetching it again.
// Invariant: a watch only ever reads active-chain blocks in height order; a reorg takes it back to the fork and unwinds
// what it found above it; a block the node has pruned is reported to the watch (a gap), never skipped silently.
import { z } from 'zod';
import { NodeFailure } from './chain-backend';
import { Hash, VerboseTx, type BtcNode } from './btc-node';
import { MAX_REORG_WALK, type BtcRound } from './btc-tip-walk';

/** Blocks kept in the cache (txid prefixes only: ~12 kB for a full mainnet block). */
export const MAX_CACHED_BLOCKS = 1008;
/** Full txs kept in the cache for address watches (a full mainnet block holds ~3000). */
export const MAX_CACHED_FULL_TXS = 20_000;

export interface ScanBlock {
  readonly height: number;
  readonly hash: string;
  /** First 4 bytes of every txid, sorted: a compact "may hold this tx" (a hit is confirmed when the tx is fetched). */
  readonly prefixes: Uint32Array;
  /** Every tx in full (getblock verbosity 2), when an address watch needed this block; null otherwise. */
  readonly txs: readonly VerboseTx[] | null;
}

/** One watch as the walk sees it. */
export interface BlockReader {
  /** Highest active-chain height this watch has read (one below its start at first). */
  scannedUpTo: number;
  /** Needs every tx in full (an address watch), not only the txids. */
  readonly wantsTxs: boolean;
  read(b: ScanBlock): void;
  /** Blocks above `fork` left the active chain: forget what was found in them. */
  unwind(fork: number): void;
  /** Blocks from..to are pruned on the node: tell the task, once. */
  gap(from: number, to: number): void;
}

export interface ChainScan {
  readonly cache: Map<number, ScanBlock>;
  fullTxs: number;
  /** Lowest block height the node still has (0 unless pruned). */
  pruneHeight: number;
}

export const newChainScan = (): ChainScan => ({ cache: new Map(), fullTxs: 0, pruneHeight: 0 });

const prefixOf = (txid: string): number => parseInt(txid.slice(0, 8), 16) >>> 0;

export function mayHold(b: ScanBlock, txid: string): boolean {
  const p = prefixOf(txid);
  let lo = 0;
  let hi = b.prefixes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = b.prefixes[mid]!;
    if (v === p) return true;
    if (v < p) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A reorg: every watch goes back to the fork and forgets its finds above it; cached blocks above it are dropped. */
export function unwindScan(scan: ChainScan, readers: readonly BlockReader[], fork: number): void {
  for (const r of readers) {
    if (r.scannedUpTo > fork) r.scannedUpTo = fork;
    r.unwind(fork);
  }
  for (const [h, b] of scan.cache) if (h > fork) dropCached(scan, h, b);
}

/**
 * Brings every watch up to the round's tip, lowest height first, each block fetched at most once (and not at all
 * when cached). Stops early, leaving the rest for the next round, if the chain moved under the walk. Recent blocks
 * read go into the tip walk's memory (`seen`), so a later reorg below them is found at its real fork.
 */
export async function scanToTip(node: BtcNode, scan: ChainScan, readers: readonly BlockReader[], round: BtcRound, seen: Map<number, string>): Promise<void> {
  if (readers.length === 0) return;
  let h = Math.max(0, Math.min(...readers.map((r) => r.scannedUpTo + 1)));
  for (; h <= round.height; h++) {
    const due = readers.filter((r) => r.scannedUpTo === h - 1);
    if (due.length === 0) continue;
    if (h < scan.pruneHeight) {
      for (const r of due) {
        r.gap(h, scan.pruneHeight - 1);
        r.scannedUpTo = scan.pruneHeight - 1;
      }
      h = scan.pruneHeight - 1;
      continue;
    }
    const b = await blockAt(node, scan, h, due.some((r) => r.wantsTxs), seen);
    if (b === null) return;
    // The tip walk checks the blocks the watches read (a reorg below them is found at its real fork).
    if (round.height - h < MAX_REORG_WALK) seen.set(h, b.hash);
    for (const r of due) {
      r.read(b);
      r.scannedUpTo = h;
    }
  }
}

const Block1 = z.object({ hash: Hash, height: z.number().int().min(0), confirmations: z.number().int(), tx: z.array(Hash) });
const Block2 = z.object({ hash: Hash, height: z.number().int().min(0), confirmations: z.number().int(), tx: z.array(VerboseTx) });
const ChainInfo = z.object({ pruned: z.boolean(), pruneheight: z.number().int().min(0).optional() });

/** The active block at height h, from the cache when it holds that block (in full when needed), else from the node. */
async function blockAt(node: BtcNode, scan: ChainScan, h: number, full: boolean, seen: ReadonlyMap<number, string>): Promise<ScanBlock | null> {
  const c = scan.cache.get(h);
  // Below the heights the tip walk remembers, a cached block is final (the walk assumes no deeper reorg either).
  if (c && (seen.get(h) ?? c.hash) === c.hash && (!full || c.txs !== null)) return c;
  const hash = seen.get(h) ?? (await node.call('getblockhash', [h], Hash));
  const got = await fetchBlock(node, scan, hash, h, full);
  // A block that left the active chain after the tip walk: stop here, the next round's walk finds the fork.
  if (got === null || got.confirmations < 1 || got.height !== h) return null;
  const ids = full ? (got.tx as VerboseTx[]).map((t) => t.txid) : (got.tx as string[]);
  const b: ScanBlock = { height: h, hash, prefixes: Uint32Array.from(ids.map(prefixOf)).sort(), txs: full ? (got.tx as VerboseTx[]) : null };
  remember(scan, b);
  return b;
}

async function fetchBlock(node: BtcNode, scan: ChainScan, hash: string, h: number, full: boolean) {
  try {
    return full ? await node.call('getblock', [hash, 2], Block2) : await node.call('getblock', [hash, 1], Block1);
  } catch (e) {
    if (!(e instanceof NodeFailure) || e.kind !== 'rpc') throw e;
    // Pruned since we last asked? Then the walk reports the gap; anything else is the node's failure.
    const info = await node.call('getblockchaininfo', [], ChainInfo);
    scan.pruneHeight = info.pruned ? (info.pruneheight ?? 0) : 0;
    if (h < scan.pruneHeight) return null;
    throw new NodeFailure('transport', `getblock ${hash} (height ${h}) failed: ${e.message}`);
  }
}

function remember(scan: ChainScan, b: ScanBlock): void {
  const old = scan.cache.get(b.height);
  if (old) dropCached(scan, b.height, old);
  scan.cache.set(b.height, b);
  scan.fullTxs += b.txs?.length ?? 0;
  // Oldest first: drop full txs beyond their budget (keeping the prefixes), then whole blocks beyond theirs.
  for (const [h, e] of scan.cache) {
    if (scan.fullTxs <= MAX_CACHED_FULL_TXS) break;
    if (e.txs === null || h === b.height) continue;
    scan.fullTxs -= e.txs.length;
    scan.cache.set(h, { ...e, txs: null });
  }
  for (const [h, e] of scan.cache) {
    if (scan.cache.size <= MAX_CACHED_BLOCKS) break;
    dropCached(scan, h, e);
  }
}

function dropCached(scan: ChainScan, h: number, b: ScanBlock): void {
  scan.cache.delete(h);
  scan.fullTxs -= b.txs?.length ?? 0;
}
