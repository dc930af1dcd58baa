// Monero sweep: once the wallet's unlocked balance reaches the task's minimum, sweep_all to the destination, once.
// Invariant: an outgoing transfer already on record ends the task with those txs: a retry or a restart never sweeps twice.
import type { Txid } from '../../shared/ids';
import { NodeFailure } from './chain-backend';
import { Balance, ensureSession, Ignore, Swept, Transfers, type SweepTask, type WalletJob, type WalletJobContext } from './xmr-wallet-job';

export async function serveSweep(ctx: WalletJobContext, job: WalletJob & { task: SweepTask }): Promise<void> {
  const t = job.task;
  const w = await ensureSession(ctx, job);
  await w.call('refresh', {}, Ignore);
  // Swept already (by us before a crash, or a retry): report those txs, never sweep twice.
  const tr = await w.call('get_transfers', { out: true, pending: true }, Transfers);
  const outs = [...new Set([...(tr.out ?? []), ...(tr.pending ?? [])].map((x) => x.txid))];
  if (outs.length > 0) {
    finishSweep(ctx, job, outs);
    return;
  }
  const bal = await w.call('get_balance', { account_index: 0 }, Balance);
  const min = BigInt(t.minAmount);
  if (bal.unlocked_balance < min || bal.unlocked_balance === 0n) {
    ctx.log('debug', `xmr sweep ${t.id}: unlocked ${bal.unlocked_balance} of ${bal.balance}, waiting for ${min}`);
    return;
  }
  try {
    const r = await w.call('sweep_all', { address: t.destination, account_index: 0, unlock_time: 0, do_not_relay: false }, Swept);
    await w.call('store', {}, Ignore).catch(() => undefined);
    finishSweep(ctx, job, r.tx_hash_list ?? []);
  } catch (e) {
    if (e instanceof NodeFailure && e.kind === 'rpc') {
      // e.g. outputs not yet spendable, or a double spend after a crash: retry on the next block.
      ctx.log('warn', `xmr sweep ${t.id}: ${e.message}; retrying next block`);
      job.lastTipServed = null;
      return;
    }
    throw e;
  }
}

function finishSweep(ctx: WalletJobContext, job: WalletJob, txids: string[]): void {
  job.done = true;
  const ok = txids.length > 0;
  ctx.emit({ kind: 'sweep-result', taskId: job.task.id, txids: txids as Txid[], ok, error: ok ? null : 'sweep_all returned no transaction' });
  void job.session?.close();
  job.session = null;
}
