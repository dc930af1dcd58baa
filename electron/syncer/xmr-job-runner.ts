// Runs the Monero sweep jobs (the only tasks that open a monero-wallet-rpc): admits a task only when its keys match its
// address, runs one step at a time per job, at most MAX_OPEN_SWEEPS wallets open at once, and backs a failing job off
// without holding up the poll round. Also the key check of a watch-address task (its watch runs in process).
// Invariant: keys are checked against the address (and the address against the node's chain) before any wallet or
// watch is made (s·G == S, v·G == V); a job never runs two steps at once; a sweep still waiting for its coins gives
// its wallet-rpc up when another sweep waits for a slot (the wallet file stays, reopened at its next turn).
import type { TaskId } from '../../shared/ids';
import { fromHex } from '../../shared/hex';
import { decodeMoneroAddress } from '../../shared/crypto/monero-address';
import { checkKeyPair } from '../../shared/crypto/monero-keys';
import { moneroAddressNetworkOf } from '../../shared/networks/monero-chains';
import { xmrNodeOf, type XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { NodeFailure } from './chain-backend';
import { deleteWalletFiles, walletFilename } from './monero-wallet-session';
import { newWalletJob, type SweepTask, type WalletJob, type WalletJobContext } from './xmr-wallet-job';
import type { WatchTask } from './xmr-address-watch';
import { serveSweep } from './xmr-sweep';

/** monero-wallet-rpc processes open at once for sweeps (each one is a process refreshing against monerod). */
export const MAX_OPEN_SWEEPS = 2;

/** null when keys and address agree and the address is of the node's chain; else why not. */
export function keyProblem(cfg: XmrWorkerConfig, task: WatchTask | SweepTask): string | null {
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

/** A job for the sweep, or its task-error and a failed sweep-result when its keys do not fit. */
export function admitWalletJob(ctx: WalletJobContext, jobs: Map<TaskId, WalletJob>, task: SweepTask): void {
  const problem = keyProblem(ctx.cfg, task);
  if (problem !== null) {
    ctx.emit({ kind: 'task-error', taskId: task.id, error: `${task.kind}: ${problem}` });
    ctx.emit({ kind: 'sweep-result', taskId: task.id, txids: [], ok: false, error: problem });
    return;
  }
  jobs.set(task.id, newWalletJob(task));
}

const holdsWallet = (j: WalletJob): boolean => j.busy !== null || j.session !== null;

/**
 * One round of the sweeps at this tip: the jobs holding a wallet go on; a job served at this tip and still waiting
 * gives its wallet up while others wait for a slot; waiting jobs take the free slots, oldest first.
 */
export function runSweeps(ctx: WalletJobContext, jobs: ReadonlyMap<TaskId, WalletJob>, hash: string): void {
  const live = [...jobs.values()].filter((j) => !j.done && !j.cancelled);
  const queued = live.filter((j) => !holdsWallet(j));
  for (const j of live) {
    if (queued.length > 0 && j.busy === null && j.session !== null && j.lastTipServed === hash) {
      void j.session.close();
      j.session = null;
    }
  }
  let free = MAX_OPEN_SWEEPS - live.filter(holdsWallet).length;
  for (const j of live) {
    if (holdsWallet(j)) runJob(ctx, j, hash);
    else if (free > 0 && j.lastTipServed !== hash) {
      runJob(ctx, j, hash);
      if (j.busy !== null) free--;
    }
  }
}

/** Start the job's next step in the background unless one is running, it is done, or it is backing off. */
function runJob(ctx: WalletJobContext, job: WalletJob, hash: string): void {
  if (job.busy || job.done || job.cancelled || Date.now() < job.retryAt) return;
  // A sweep acts once per block.
  if (job.lastTipServed === hash) return;
  job.busy = (async () => {
    try {
      await serveSweep(ctx, job as WalletJob & { task: SweepTask });
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
  deleteWalletFiles(ctx.cfg.walletDir, walletFilename('sweep', job.task.id));
}
