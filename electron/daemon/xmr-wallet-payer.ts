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

/**
 * Retried for `budgetMs` (backoff 0.5 s doubling to 5 s), not a fixed count: the usual failure is "not
 * enough unlocked money" while an earlier payment's change is still locked (10 Monero blocks), which a
 * handful of quick retries outlasts only on an idle machine. Each attempt first looks for an earlier
 * transfer to the address, so a retry after a payment that did go out never pays twice.
 */
export async function payXmrOnce(w: MoneroWallet, address: string, piconero: bigint, budgetMs = 180_000): Promise<Result<string, AppError>> {
  const t0 = Date.now();
  let last: string | undefined;
  for (let i = 0; ; i++) {
    try {
      await w.rpc('refresh', {});
      const t = await w.rpc<{ out?: OutTransfer[]; pending?: OutTransfer[] }>('get_transfers', { out: true, pending: true });
      const done = [...(t.out ?? []), ...(t.pending ?? [])].find((x) => x.destinations?.some((d) => d.address === address));
      if (done) return ok(done.txid);
      const r = await w.rpc<{ tx_hash: string }>('transfer', { destinations: [{ amount: Number(piconero), address }] });
      return ok(r.tx_hash);
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    const wait = Math.min(500 * 2 ** i, 5_000);
    if (Date.now() - t0 + wait > budgetMs) break;
    await new Promise((r) => setTimeout(r, wait));
  }
  return err(appError('xmr-transfer', `the XMR payment failed for ${Math.round((Date.now() - t0) / 1000)} s: ${last ?? 'no answer'}`));
}
