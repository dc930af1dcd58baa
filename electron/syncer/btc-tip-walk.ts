// Bitcoin tip tracking: reads the best block, and on a new tip finds where its chain leaves the one we saw (the reorg's fork).
// Invariant: a jump of many blocks is not a reorg and costs no walk from genesis; at most MAX_REORG_WALK recent hashes are kept.
import type { Log } from './chain-backend';
import { Hash, Header, type BtcNode } from './btc-node';

/** Block hashes remembered for finding a reorg's fork point; deeper reorgs rescan from below what we remember. */
export const MAX_REORG_WALK = 200;

export interface TipWalk {
  tip: { height: number; hash: string } | null;
  /** Active-chain hashes we have seen, by height, for finding the fork point of a reorg. */
  readonly seen: Map<number, string>;
}

/** What one poll round serves its tasks against. forkHeight is null without a reorg. */
export interface BtcRound {
  readonly height: number;
  readonly hash: string;
  readonly tipChanged: boolean;
  readonly forkHeight: number | null;
}

export const newTipWalk = (): TipWalk => ({ tip: null, seen: new Map() });

export async function advanceTip(node: BtcNode, walk: TipWalk, log: Log): Promise<BtcRound> {
  const best = await node.call('getbestblockhash', [], Hash);
  if (walk.tip && walk.tip.hash === best) return { height: walk.tip.height, hash: best, tipChanged: false, forkHeight: null };
  const u = await updateTip(node, walk, best, log);
  walk.tip = { height: u.height, hash: best };
  return { height: u.height, hash: best, tipChanged: true, forkHeight: u.forkHeight };
}

/**
 * Find where the new tip's chain leaves the one we saw (checking remembered heights top-down with getblockhash,
 * so a long outage costs no walk), then remember the new chain's recent hashes.
 */
async function updateTip(node: BtcNode, walk: TipWalk, hash: string, log: Log): Promise<{ height: number; forkHeight: number | null }> {
  const head = await node.call('getblockheader', [hash, true], Header);
  let fork = head.height;
  let reorg = false;
  if (walk.tip) {
    fork = await findFork(node, walk.seen, head.height);
    reorg = fork < walk.tip.height;
    if (reorg) log('warn', `btc reorg: fork at ${fork}, old tip ${walk.tip.height} ${walk.tip.hash}, new tip ${head.height} ${head.hash}`);
  }
  await rememberChain(node, walk.seen, fork, head);
  return { height: head.height, forkHeight: reorg ? fork : null };
}

/** Highest remembered height still on the active chain; forgets the remembered hashes above it. */
async function findFork(node: BtcNode, seen: Map<number, string>, headHeight: number): Promise<number> {
  const remembered = [...seen.keys()].sort((a, b) => b - a);
  const candidates = remembered.filter((h) => h <= headHeight);
  let match: number | null = null;
  for (const h of candidates) {
    if ((await node.call('getblockhash', [h], Hash)) === seen.get(h)) {
      match = h;
      break;
    }
  }
  // No remembered block survived: assume the fork is just below everything we remember.
  const fork = match ?? Math.min(headHeight, remembered.at(-1) ?? headHeight) - 1;
  for (const h of remembered) if (h > fork) seen.delete(h);
  return fork;
}

async function rememberChain(node: BtcNode, seen: Map<number, string>, fork: number, head: { height: number; hash: string }): Promise<void> {
  for (let h = Math.max(fork + 1, head.height - MAX_REORG_WALK + 1, 0); h < head.height; h++) {
    seen.set(h, await node.call('getblockhash', [h], Hash));
  }
  seen.set(head.height, head.hash);
  for (const h of [...seen.keys()]) if (h <= head.height - MAX_REORG_WALK) seen.delete(h);
}
