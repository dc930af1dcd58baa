// The per-swap clients' own node reads (the funding output, what sits at the funding address, the
// broadcast of a funding sweep, monerod's height) on the person's nodes in order: the first that answers.
// The syncers fail over on their own (node-failover.ts); these reads follow the same list, so a swap
// whose first node died can still find its funding or sweep it back.
// Invariant: a later node is asked only after the earlier ones failed, and such a fallback is logged.
import type { AppError, Result } from '../../shared/result';
import { btcWalletPayer } from '../daemon/btc-wallet-payer';
import { hostOf } from '../syncer/node-failover';
import { xmrHeightOf } from './wallet-configs';
import type { BtcEndpoint, WalletEndpoints } from './wallet-context';

type Payer = ReturnType<typeof btcWalletPayer>;

const payerOf = (n: BtcEndpoint): Payer =>
  btcWalletPayer({ url: n.rpcUrl, user: n.rpcUser ?? '', password: n.rpcPassword ?? '', ...(n.rpcCookieFile !== undefined ? { cookieFile: n.rpcCookieFile } : {}), wallet: '' });

/** Ask each node in turn until one answers ok; the last error when none does. */
async function firstOk<T>(nodes: readonly { host: string; payer: Payer }[], what: string, ask: (p: Payer) => Promise<Result<T, AppError>>, log: (line: string) => void): Promise<Result<T, AppError>> {
  let last: Result<T, AppError> | null = null;
  for (const [i, n] of nodes.entries()) {
    const r = await ask(n.payer);
    if (r.ok) {
      if (i > 0 && last && !last.ok) log(`${what}: answered by ${n.host} (an earlier node failed: ${last.error.message})`);
      return r;
    }
    last = r;
  }
  return last!;
}

export function clientNodeReads(e: WalletEndpoints, log: (line: string) => void) {
  const btc = [e.btc, ...(e.btcFallbacks ?? [])].map((n) => ({ host: hostOf(n.rpcUrl), payer: payerOf(n) }));
  const heights = [e.xmr, ...(e.xmrFallbacks ?? [])].map((n) => ({ host: hostOf(n.daemonUrl), height: xmrHeightOf(n.daemonUrl) }));
  return {
    fundingVout: (txid: string, address: string) => firstOk(btc, 'funding output', (p) => p.fundingVout(txid, address), log),
    fundingUtxos: (address: string) => firstOk(btc, 'funding address outputs', (p) => p.fundingUtxos(address), log),
    broadcast: (hex: string) => firstOk(btc, 'broadcast', (p) => p.broadcast(hex), log),
    async xmrHeight(): Promise<number> {
      let last: unknown = null;
      for (const [i, n] of heights.entries()) {
        try {
          const h = await n.height();
          if (i > 0) log(`monerod height: answered by ${n.host} (an earlier node failed: ${last instanceof Error ? last.message : String(last)})`);
          return h;
        } catch (err) {
          last = err;
        }
      }
      throw last instanceof Error ? last : new Error(String(last));
    },
  };
}
