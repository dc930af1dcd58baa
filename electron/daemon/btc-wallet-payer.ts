// The Bitcoin side of a person's wallet for the headless client, over a Bitcoin Core wallet RPC:
// pay the swap's funding address, find the funding output. Invariant: paying is idempotent per
// address (a restarted client that is asked again never pays twice: the wallet's history is checked first).
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { createJsonRpcClient } from '../syncer/json-rpc-client';

export interface BtcWalletEndpoint {
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly wallet: string;
}

const sats = (n: bigint) => `${n / 100_000_000n}.${(n % 100_000_000n).toString().padStart(8, '0')}`;

export function btcWalletPayer(e: BtcWalletEndpoint) {
  const node = createJsonRpcClient({ url: e.url, user: e.user, password: e.password, timeoutMs: 30_000 });
  const wallet = createJsonRpcClient({ url: e.url, user: e.user, password: e.password, timeoutMs: 30_000, rpcPath: `/wallet/${e.wallet}` });
  const call = async <T>(c: typeof node, m: string, p: unknown[]): Promise<Result<T, AppError>> => {
    const r = await c.call(m, p);
    return r.ok ? ok(r.value as T) : err(appError('btc-wallet', `${m}: ${r.error.message}`));
  };
  return {
    async payBtc(address: string, amount: bigint): Promise<Result<string, AppError>> {
      const hist = await call<Array<{ address?: string; category: string; txid: string }>>(wallet, 'listtransactions', ['*', 10_000, 0, true]);
      if (!hist.ok) return hist;
      const done = hist.value.find((t) => t.category === 'send' && t.address === address);
      if (done) return ok(done.txid);
      return call<string>(wallet, 'sendtoaddress', [address, sats(amount)]);
    },
    async fundingVout(txid: string, address: string): Promise<Result<number, AppError>> {
      const tx = await call<{ vout: Array<{ n: number; scriptPubKey: { address?: string; addresses?: string[] } }> }>(node, 'getrawtransaction', [txid, true]);
      if (!tx.ok) return tx;
      const v = tx.value.vout.find((x) => x.scriptPubKey.address === address || x.scriptPubKey.addresses?.includes(address));
      return v ? ok(v.n) : err(appError('btc-wallet', `tx ${txid} does not pay ${address}`));
    },
  };
}
