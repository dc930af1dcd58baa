// The Monero side of a person's wallet for the headless client: pay the joint lock address once.
// Invariant: paying is idempotent per address (a restarted client asked again finds its earlier
// transfer in the wallet's history and never pays twice); an unrefreshed balance is retried, not failed.
import { appError, err, ok, type AppError, type Result } from '../../shared/result';

interface MoneroWallet {
  rpc<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
}
interface OutTransfer {
  readonly txid: string;
  readonly destinations?: ReadonlyArray<{ readonly address: string }>;
}

export async function payXmrOnce(w: MoneroWallet, address: string, piconero: bigint, attempts = 10): Promise<Result<string, AppError>> {
  let last = '';
  for (let i = 0; i < attempts; i++) {
    try {
      await w.rpc('refresh', {});
      const t = await w.rpc<{ out?: OutTransfer[]; pending?: OutTransfer[] }>('get_transfers', { out: true, pending: true });
      const done = [...(t.out ?? []), ...(t.pending ?? [])].find((x) => x.destinations?.some((d) => d.address === address));
      if (done) return ok(done.txid);
      const r = await w.rpc<{ tx_hash: string }>('transfer', { destinations: [{ amount: Number(piconero), address }] });
      return ok(r.tx_hash);
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return err(appError('xmr-transfer', last));
}
