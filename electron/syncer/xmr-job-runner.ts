// Runs the Monero wallet jobs: admits a task only when its keys match its address, runs one step at a time per job,
// and backs a failing job off without holding up the poll round.
// Invariant: keys are checked against the address (and the address against the node's chain) before any wallet is made
// (s·G == S, v·G == V); a job never runs two steps at once.
import type { TaskId } from '../../shared/ids';
import { fromHex } from '../../shared/hex';
import { decodeMoneroAddress } from '../../shared/crypto/monero-address';
import { checkKeyPair } from '../../shared/crypto/monero-keys';
import { moneroAddressNetworkOf } from '../../shared/networks/monero-chains';
import { xmrNodeOf, type XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { NodeFailure } from './chain-backend';
import { deleteWalletFiles, walletFilename } from './monero-wallet-session';
import { newWalletJob, type SweepTask, type WalletJob, type WalletJobContext, type WatchTask } from './xmr-wallet-job';
import { serveWatch } from './xmr-address-watch';
import { serveSweep } from './xmr-sweep';

/** null when keys and address agree and the address is of the node's chain; else why not. */
function keyProblem(cfg: XmrWorkerConfig, task: WatchTask | SweepTask): string | null {
  const a = decodeMoneroAddress(task.address);
  if (!a.ok) return `address: ${a.error.message}`;
  if (a.value.kind !== 'standard') return `address must be a standard address, not ${a.value.kind}`;
  // A lock address of another network would never see the coins this node's chain carries.
  const { network } = xmrNodeOf(cfg);
  if (a.value.network !== moneroAddressNetworkOf(network)) return `address is a ${a.value.network} address, the node runs ${network} (${moneroAddressNetworkOf(network)} addresses)`;
  const v = checkKeyPair(fromHex(task.viewKey), a.value.publicView);
  if (!v.ok) return `view key does not match the address (${v.error.message})`;
  if (task.kind === 'sweep') {
    const s = checkKeyPair(fromHex(task.spendKey), a.value.publicSpend);
    if (!s.ok) return `spend key does not match the address (${s.error.message})`;
    const d = decodeMoneroAddress(task.destination);
    if (!d.ok) return `destination: ${d.error.message}`;
    if (d.value.network !== a.value.network) return `destination is a ${d.value.network} address, the lock is ${a.value.network}`;
  }
  return null;
}

/** A job for the task, or its task-error (and a failed sweep-result for a sweep) when its keys do not fit. */
export function admitWalletJob(ctx: WalletJobContext, jobs: Map<TaskId, WalletJob>, task: WatchTask | SweepTask): void {
  const problem = keyProblem(ctx.cfg, task);
  if (problem !== null) {
    ctx.emit({ kind: 'task-error', taskId: task.id, error: `${task.kind}: ${problem}` });
    if (task.kind === 'sweep') ctx.emit({ kind: 'sweep-result', taskId: task.id, txids: [], ok: false, error: problem });
    return;
  }
  jobs.set(task.id, newWalletJob(task));
}

/** Start the job's next step in the background unless one is running, it is done, or it is backing off. */
export function runJob(ctx: WalletJobContext, job: WalletJob, height: number, hash: string): void {
  if (job.busy || job.done || job.cancelled || Date.now() < job.retryAt) return;
  // Sweeps act once per block; watches also look at the pool on every round.
  if (job.task.kind === 'sweep' && job.lastTipServed === hash) return;
  job.busy = (async () => {
    try {
      if (job.task.kind === 'sweep') await serveSweep(ctx, job as WalletJob & { task: SweepTask });
      else await serveWatch(ctx, job as WalletJob & { task: WatchTask }, height);
      job.lastTipServed = hash;
      job.failures = 0;
    } catch (e) {
      if (!job.cancelled) noteFailure(ctx, job, e);
    } finally {
      job.busy = null;
    }
  })();
}

function noteFailure(ctx: WalletJobContext, job: WalletJob, e: unknown): void {
  job.failures++;
  job.retryAt = Date.now() + Math.min(30_000, ctx.cfg.pollMs * 2 ** Math.min(job.failures, 8));
  const msg = e instanceof Error ? e.message : String(e);
  ctx.log('warn', `xmr ${job.task.kind} ${job.task.id}: ${msg} (attempt ${job.failures})`);
  if (!(e instanceof NodeFailure && e.kind === 'transport')) ctx.emit({ kind: 'task-error', taskId: job.task.id, error: msg });
  if (job.session && !job.session.isAlive()) job.session = null;
}

/** Stop a removed job: its wallet-rpc, its running step, then its wallet files. */
export async function dropJob(ctx: WalletJobContext, job: WalletJob): Promise<void> {
  job.cancelled = true;
  await job.session?.close();
  await job.busy;
  await job.session?.close();
  // Temporary wallets go with their task (node #928); the keys stay with the daemon.
  deleteWalletFiles(ctx.cfg.walletDir, walletFilename(job.task.kind === 'sweep' ? 'sweep' : 'watch', job.task.id));
}
