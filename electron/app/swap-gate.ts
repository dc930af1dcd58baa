// No swap starts unless both chains are healthy and synced: each syncer reaches a node whose tip
// moves and is not behind the person's other nodes, and that node says it is synced and on the
// wallet's network. A swap's deadlines are counted in blocks of both chains: starting one blind to a
// chain is starting a clock nobody reads.
// Invariant: a refusal names the chain and what to do (kind 'chain-not-ready'); nothing is saved first.
// And on a real network (every one but regtest) no swap starts, taken or made as an offer, before the
// person confirmed they wrote the seed down (kind 'seed-not-backed-up', pointing at #/seed).
import type { SwapNetworkName } from '../../shared/networks/swap-networks';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { checkBtcNode, checkXmrNode } from './node-check';
import type { WalletEndpoints } from './wallet-context';
import { hostOf } from '../syncer/node-failover';
import type { ChainHealth } from './wallet-status';

type Chain = 'btc' | 'xmr';
const NAME: Record<Chain, string> = { btc: 'Bitcoin', xmr: 'Monero' };
/** The node in use may trail the best of the person's nodes by this many blocks (propagation). */
const MAX_LAG = 2;

export interface GateChecks {
  readonly btc: typeof checkBtcNode;
  readonly xmr: typeof checkXmrNode;
}

const refuse = (chain: Chain, why: string, todo: string): Result<never, AppError> =>
  err(appError('chain-not-ready', `No swap can start: the ${NAME[chain]} node ${why}. ${todo}`));

/** What the syncer's health says of one chain: null when it is fit to start a swap. */
export function healthProblem(health: ChainHealth, chain: Chain): Result<never, AppError> | null {
  const h = health.get(chain);
  if (!h || !reached(health, chain)) {
    return refuse(chain, 'has not been reached yet', 'Wait a few seconds and try again; if this stays, check the nodes in Settings.');
  }
  if (h.backend === 'unreachable') return refuse(chain, `does not answer (${h.error ?? 'no answer'})`, 'Start it, or add a node that answers in Settings.');
  if (h.backend === 'stalled') return refuse(chain, `has seen no new block for a long time (height ${h.tipHeight})`, 'It may be stuck or cut off from its network: check it, or add another node in Settings.');
  const active = h.endpoints.find((e) => e.active);
  const best = Math.max(-1, ...h.endpoints.filter((e) => e.error === null).map((e) => e.height ?? -1));
  if (active?.height != null && best - active.height > MAX_LAG) {
    return refuse(chain, `${active.host} is ${best - active.height} blocks behind your other nodes`, 'Wait until it catches up, or put a synced node first in Settings.');
  }
  return null;
}

const reached = (health: ChainHealth, chain: Chain): boolean => {
  const h = health.get(chain);
  return !!h && h.worker === 'up' && h.backend !== 'unknown' && h.tipHeight !== null;
};

/** Just after a start the syncers have not reported yet: wait for their first word (not for a failing node). */
async function firstReports(health: ChainHealth, waitMs: number): Promise<void> {
  const until = Date.now() + waitMs;
  while (Date.now() < until && !(reached(health, 'btc') && reached(health, 'xmr'))) await new Promise((r) => setTimeout(r, 100));
}

/** Both chains: the syncer's health first (free), then one question to each node in use (synced, right network). */
export async function chainsReadyForSwap(
  health: ChainHealth,
  e: WalletEndpoints,
  checks: GateChecks = { btc: checkBtcNode, xmr: checkXmrNode },
  waitMs = 20_000,
): Promise<Result<void, AppError>> {
  await firstReports(health, waitMs);
  for (const chain of ['btc', 'xmr'] as const) {
    const p = healthProblem(health, chain);
    if (p) return p;
  }
  const inUse = (chain: Chain) => health.get(chain)?.endpoints.find((x) => x.active)?.host;
  const btc = [e.btc, ...(e.btcFallbacks ?? [])].find((x) => hostOf(x.rpcUrl) === inUse('btc')) ?? e.btc;
  const xmr = [e.xmr, ...(e.xmrFallbacks ?? [])].find((x) => hostOf(x.daemonUrl) === inUse('xmr')) ?? e.xmr;
  const [b, x] = await Promise.all([checks.btc(btc, e.network), checks.xmr(xmr, e.network)]);
  if (!b.ok) return refuse('btc', 'is not ready', `${b.error.message} Check it, or the nodes in Settings.`);
  if (!x.ok) return refuse('xmr', 'is not ready', `${x.error.message} Check it, or the nodes in Settings.`);
  return ok(undefined);
}

/**
 * The seed gate: on any network but regtest, the person must have confirmed the seed's words first
 * (a lost computer would otherwise lose a swap's funds). `backedUp` absent counts as not backed up.
 */
export async function seedReadyForSwap(network: SwapNetworkName, backedUp: (() => Promise<boolean>) | undefined): Promise<Result<void, AppError>> {
  if (network === 'regtest') return ok(undefined);
  if (backedUp && (await backedUp())) return ok(undefined);
  return err(
    appError(
      'seed-not-backed-up',
      `No swap can start on ${network} before your wallet seed is backed up: open Seed (#/seed), write down its 24 words and check three of them. Without them a lost computer can lose a swap's funds.`,
    ),
  );
}
