// The wallet's syncer worker configurations (Bitcoin Core JSON-RPC, monerod + monero-wallet-rpc) and
// the plain node reads its per-swap clients use, from the endpoints in Settings.
import path from 'node:path';
import { BTC_NETWORKS } from '../../shared/networks/bitcoin-chains';
import { moneroChainOf, SWAP_NETWORKS } from '../../shared/networks/swap-networks';
import { feeTargetBlocks } from '../../shared/offer/fee-band';
import type { BtcWorkerConfig, XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { BtcEndpoint, WalletEndpoints } from './wallet-context';


export function workerConfigs(dataDir: string, e: WalletEndpoints, pollMs: number): { btc: BtcWorkerConfig; xmr: XmrWorkerConfig } {
  const btc: BtcWorkerConfig = {
    chain: 'btc',
    ...btcAuth(e.btc),
    ...(e.btcFallbacks?.length ? { fallbacks: e.btcFallbacks.map(btcAuth) } : {}),
    expectedChain: BTC_NETWORKS[SWAP_NETWORKS[e.network].btc].coreChain,
    // The confirmation target the maker's offer rate and the taker's band are estimated at.
    feeTargetBlocks: feeTargetBlocks(e.network),
    pollMs,
    stallMs: e.network === 'regtest' ? 120_000 : 3_600_000,
    rpcTimeoutMs: 10_000,
    maxBackoffMs: 5_000,
  };
  const xmr: XmrWorkerConfig = {
    chain: 'xmr',
    daemonUrl: e.xmr.daemonUrl,
    trustedDaemon: e.xmr.trusted ?? true,
    ...(e.xmr.login ? { daemonLogin: e.xmr.login } : {}),
    ...(e.xmrFallbacks?.length
      ? { fallbacks: e.xmrFallbacks.map((f) => ({ daemonUrl: f.daemonUrl, trusted: f.trusted ?? true, ...(f.login ? { daemonLogin: f.login } : {}) })) }
      : {}),
    walletRpcBin: 'monero-wallet-rpc',
    walletDir: path.join(dataDir, 'xmr-wallets'),
    walletRpcStartTimeoutMs: 60_000,
    moneroNetwork: moneroChainOf(e.network),
    pollMs,
    stallMs: e.network === 'regtest' ? 120_000 : 3_600_000,
    rpcTimeoutMs: 30_000,
    maxBackoffMs: 5_000,
  };
  return { btc, xmr };
}

/** One node's URL and login, only the fields it has. */
function btcAuth(n: BtcEndpoint): { rpcUrl: string; rpcUser?: string; rpcPassword?: string; rpcCookieFile?: string } {
  return {
    rpcUrl: n.rpcUrl,
    ...(n.rpcUser !== undefined ? { rpcUser: n.rpcUser } : {}),
    ...(n.rpcPassword !== undefined ? { rpcPassword: n.rpcPassword } : {}),
    ...(n.rpcCookieFile !== undefined ? { rpcCookieFile: n.rpcCookieFile } : {}),
  };
}

/** monerod's current height (the restore height of a swap's Monero wallet). */
export function xmrHeightOf(daemonUrl: string): () => Promise<number> {
  return async () => {
    const r = await fetch(new URL('/get_height', daemonUrl), { method: 'POST', signal: AbortSignal.timeout(10_000) });
    const h = ((await r.json()) as { height?: unknown }).height;
    if (typeof h !== 'number') throw new Error('monerod gave no height');
    return h;
  };
}
