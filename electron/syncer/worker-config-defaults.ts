// Production defaults for the syncer workers' configs (poll periods, stall thresholds, timeouts) per chain.
// Invariant: retries never stop (maxBackoffMs only caps the wait), and a stalled tip is flagged well before any swap timelock matters.
import type { BtcWorkerConfig, XmrWorkerConfig } from '../../shared/syncer/worker-protocol';

export function btcWorkerConfig(node: { rpcUrl: string; rpcUser?: string; rpcPassword?: string }, overrides: Partial<BtcWorkerConfig> = {}): BtcWorkerConfig {
  return {
    chain: 'btc',
    ...node,
    feeTargetBlocks: 2,
    pollMs: 5_000,
    // Bitcoin blocks come every ~10 min; an hour without one is worth a warning.
    stallMs: 60 * 60_000,
    rpcTimeoutMs: 30_000,
    maxBackoffMs: 60_000,
    ...overrides,
  };
}

export function xmrWorkerConfig(
  node: { daemonUrl: string; walletDir: string; walletRpcBin?: string },
  overrides: Partial<XmrWorkerConfig> = {},
): XmrWorkerConfig {
  return {
    chain: 'xmr',
    daemonUrl: node.daemonUrl,
    walletDir: node.walletDir,
    walletRpcBin: node.walletRpcBin ?? 'monero-wallet-rpc',
    walletRpcStartTimeoutMs: 120_000,
    pollMs: 5_000,
    // Monero blocks come every ~2 min.
    stallMs: 20 * 60_000,
    rpcTimeoutMs: 60_000,
    maxBackoffMs: 60_000,
    ...overrides,
  };
}
