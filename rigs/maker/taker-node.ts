// An in-process swap node on the regtest nodes, as the maker rigs and itests use it for a taker (or a
// maker node beside its own listener): its own peer identity and a fresh in-process signer seed, a memory
// memo, syncer workers on the given litecoind/monerod, outcomes reported by callback. One module for
// what bench:maker (rigs/bench/maker-bench-run.ts), headless-maker.itest and standing-offers.itest each
// built alike. Guards: the caller stops the node (node.stop()); nothing here outlives it.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MemoryMemoStore } from '../../electron/client/client-memo';
import type { ClientWallet } from '../../electron/client/client-wallet';
import { HeadlessClient } from '../../electron/client/headless-client';
import { inProcessSignerWithSeed, type SwapSigner } from '../../electron/client/swap-signer';
import { startSwapNode, type SwapNode } from '../../electron/daemon/swap-node';
import type { SwapId } from '../../shared/ids';
import { MATRIX_CHAIN } from '../crash-matrix/crash-matrix-party';

export interface TakerNodeChains {
  readonly btc: { readonly rpcUrl: string; readonly rpcUser: string; readonly rpcPassword: string };
  readonly xmr: { readonly daemonUrl: string };
}

/** How often the node's syncers poll and how patient they are; the defaults are the itests' (a few nodes). */
export interface TakerNodeTiming {
  readonly btcPollMs: number;
  readonly xmrPollMs: number;
  readonly btcRpcTimeoutMs: number;
  readonly xmrRpcTimeoutMs: number;
  readonly maxBackoffMs: number;
  readonly walletRpcStartTimeoutMs: number;
}

export const ITEST_TAKER_TIMING: TakerNodeTiming = { btcPollMs: 250, xmrPollMs: 500, btcRpcTimeoutMs: 10_000, xmrRpcTimeoutMs: 30_000, maxBackoffMs: 1_000, walletRpcStartTimeoutMs: 60_000 };

export interface TakerNodeOptions {
  readonly name: string;
  /** The node's data dir is `<work>/<name>`, its sweep wallets `<work>/<name>-wallets`. */
  readonly work: string;
  readonly chains: TakerNodeChains;
  readonly wallet: ClientWallet;
  readonly timing?: Partial<TakerNodeTiming>;
  /** Peer link reconnect backoff; the node's default when absent. */
  readonly linkTiming?: { readonly backoffInitialMs: number; readonly backoffMaxMs: number };
  /** The swap signer; default an in-process one over a fresh seed (its DLEQ proofs then run in this thread). */
  readonly signer?: SwapSigner;
  /** Each swap's end as its note says: the outcome, or `halted: <message>`. */
  readonly onEnd?: (swapId: SwapId, outcome: string) => void;
}

export interface TakerNode {
  readonly node: SwapNode;
  readonly client: HeadlessClient;
}

export async function startTakerNode(o: TakerNodeOptions): Promise<TakerNode> {
  const t = { ...ITEST_TAKER_TIMING, ...o.timing };
  const client = new HeadlessClient({ signer: o.signer ?? inProcessSignerWithSeed(new Uint8Array(randomBytes(32))), chain: MATRIX_CHAIN, memo: new MemoryMemoStore(), wallet: o.wallet });
  const { btc, xmr } = o.chains;
  const n = await startSwapNode({
    name: o.name,
    dataDir: path.join(o.work, o.name),
    chain: MATRIX_CHAIN,
    client,
    btc: { chain: 'btc', rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword, feeTargetBlocks: 2, pollMs: t.btcPollMs, stallMs: 3_600_000, rpcTimeoutMs: t.btcRpcTimeoutMs, maxBackoffMs: t.maxBackoffMs },
    xmr: {
      chain: 'xmr',
      daemonUrl: xmr.daemonUrl,
      walletRpcBin: 'monero-wallet-rpc',
      walletDir: path.join(o.work, `${o.name}-wallets`),
      walletRpcStartTimeoutMs: t.walletRpcStartTimeoutMs,
      pollMs: t.xmrPollMs,
      stallMs: 3_600_000,
      rpcTimeoutMs: t.xmrRpcTimeoutMs,
      maxBackoffMs: t.maxBackoffMs,
    },
    ...(o.linkTiming ? { linkTiming: o.linkTiming } : {}),
    onNote: (swapId, note) => {
      if (note.kind === 'outcome') o.onEnd?.(swapId, note.outcome);
      if (note.kind === 'halted') o.onEnd?.(swapId, `halted: ${note.error.message}`);
    },
  });
  if (!n.ok) throw new Error(n.error.message);
  return { node: n.value, client };
}
