// Monero watch-address through a view-only wallet: incoming transfers (mined and in the pool) summed per tx.
// Invariant: a tx with an unlock_time is ignored (never counted as paid); a tx that leaves the wallet's view is reported with confirmations null.
import type { z } from 'zod';
import type { Txid } from '../../shared/ids';
import { DEFAULT_ADDRESS_CONFIRMATION_BOUND } from '../../shared/syncer/messages';
import { ensureSession, Ignore, Transfers, type WalletJob, type WalletJobContext, type WatchTask } from './xmr-wallet-job';

type TxSums = Map<string, { amount: bigint; confirmations: number }>;

export async function serveWatch(ctx: WalletJobContext, job: WalletJob & { task: WatchTask }, height: number): Promise<void> {
  const w = await ensureSession(ctx, job);
  await w.call('refresh', {}, Ignore);
  const tr = await w.call('get_transfers', { in: true, pool: true }, Transfers);
  const bound = job.task.confirmationBound ?? DEFAULT_ADDRESS_CONFIRMATION_BOUND;
  const sums = sumIncoming(ctx, job, tr, height);
  for (const [txid, s] of sums) {
    job.seen.set(txid, s.confirmations);
    ctx.emit({ kind: 'address-tx', taskId: job.task.id, txid: txid as Txid, amount: s.amount.toString(), confirmations: Math.min(s.confirmations, bound), incoming: true, txHex: null });
  }
  for (const txid of [...job.seen.keys()]) {
    if (!sums.has(txid)) {
      // Reorged out and gone from the pool.
      job.seen.delete(txid);
      ctx.emit({ kind: 'tx-confirmations', taskId: job.task.id, txid: txid as Txid, confirmations: null, blockHash: null, txHex: null });
    }
  }
}

/** Incoming amount and confirmations per txid (a tx may pay the address in several transfers). */
function sumIncoming(ctx: WalletJobContext, job: WalletJob, tr: z.infer<typeof Transfers>, height: number): TxSums {
  const sums: TxSums = new Map();
  for (const [list, pool] of [[tr.in ?? [], false], [tr.pool ?? [], true]] as const) {
    for (const x of list) {
      if ((x.unlock_time ?? 0) !== 0) {
        ctx.log('warn', `xmr watch ${job.task.id}: ignoring tx ${x.txid} with unlock_time ${x.unlock_time}`);
        continue;
      }
      const confs = pool ? 0 : (x.confirmations ?? (x.height !== undefined ? Math.max(0, height - x.height + 1) : 0));
      const prev = sums.get(x.txid);
      sums.set(x.txid, { amount: (prev?.amount ?? 0n) + x.amount, confirmations: Math.max(prev?.confirmations ?? 0, confs) });
    }
  }
  return sums;
}
