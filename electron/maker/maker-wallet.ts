// The maker's own wallets as its headless client sees them: BTC goes to the configured payout address
// (Alice's payout, Bob's refund); a Bob-role lock is paid from the operator's Bitcoin Core wallet; an
// Alice-role lock from the hot XMR wallet (a monero-wallet-rpc the operator runs). Both payers are
// idempotent per address (btc-wallet-payer.ts, xmr-wallet-payer.ts): a restarted maker never pays twice.
import type { AppError, Result } from '../../shared/result';
import type { ClientWallet } from '../client/client-wallet';
import { btcWalletPayer, type BtcWalletEndpoint } from '../daemon/btc-wallet-payer';
import { payXmrOnce } from '../daemon/xmr-wallet-payer';
import { createJsonRpcClient } from '../syncer/json-rpc-client';

export interface HotXmrWallet {
  rpc<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
}

/** The operator's monero-wallet-rpc (digest login when it has one), throwing on an RPC error as payXmrOnce expects. */
export function hotXmrWallet(url: string, login?: { user: string; password: string }): HotXmrWallet {
  const c = createJsonRpcClient({ url, rpcPath: '/json_rpc', timeoutMs: 60_000, ...(login ? { auth: 'digest' as const, ...login } : {}) });
  return {
    async rpc<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const r = await c.call(method, params);
      if (!r.ok) throw new Error(`wallet-rpc ${method}: ${r.error.message}`);
      return r.value as T;
    },
  };
}

export interface MakerWalletOptions {
  readonly payoutAddress: string;
  readonly xmrAddress: string;
  readonly xmr: HotXmrWallet;
  readonly btc: BtcWalletEndpoint;
  readonly xmrHeight: () => Promise<number>;
}

export function makerWallet(o: MakerWalletOptions): ClientWallet {
  const btc = btcWalletPayer(o.btc);
  return {
    btcAddress: async () => o.payoutAddress,
    xmrDestination: async () => o.xmrAddress,
    xmrHeight: o.xmrHeight,
    fundingVout: btc.fundingVout,
    fundingUtxos: btc.fundingUtxos,
    broadcast: btc.broadcast,
    payBtc: btc.payBtc,
    async payXmr(address: string, piconero: bigint): Promise<Result<string, AppError>> {
      const r = await payXmrOnce(o.xmr, address, piconero);
      // The earlier payment is found by destination in the wallet's cache: store it now, so a crash
      // before the wallet's own save cannot make a restarted maker pay twice.
      if (r.ok) await o.xmr.rpc('store', {}).catch(() => undefined);
      return r;
    },
  };
}
