// Monero syncer backend: monerod RPC for tip and tx confirmations, one managed monero-wallet-rpc per address watch or sweep.
// Invariant: keys are checked against the address before any wallet is made (s·G == S, v·G == V), and a sweep happens once: an outgoing transfer already on record ends the task.
import { z } from 'zod';
import type { TaskId, Txid } from '../../shared/ids';
import { fromHex } from '../../shared/hex';
import { DEFAULT_ADDRESS_CONFIRMATION_BOUND, type XmrTask } from '../../shared/syncer/messages';
import type { XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { isNewsUnderBound, type ConfStatus } from '../../shared/syncer/confirmation-bound';
import { decodeMoneroAddress } from '../../shared/crypto/monero-address';
import { checkKeyPair } from '../../shared/crypto/monero-keys';
import { createJsonRpcClient, type JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type ChainBackend, type Emit, type Log, type PollOutcome } from './chain-backend';
import { nodeCall, nodePost } from './node-call';
import { deleteWalletFiles, openWalletSession, walletFilename, type WalletSession } from './monero-wallet-session';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);
const Amount = z.union([z.number().int().min(0), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));
const LastHeader = z.object({ block_header: z.object({ height: z.number().int().min(0), hash: Hash }) });
const GetTransactions = z.object({
  status: z.string(),
  txs: z
    .array(z.object({ tx_hash: Hash, in_pool: z.boolean(), block_height: z.number().int().min(0).optional(), as_hex: Hex.optional() }))
    .optional(),
  missed_tx: z.array(Hash).optional(),
});
const Transfer = z.object({
  txid: Hash,
  amount: Amount,
  height: z.number().int().min(0).optional(),
  confirmations: z.number().int().min(0).optional(),
  unlock_time: z.number().int().min(0).optional(),
});
const Transfers = z.object({
  in: z.array(Transfer).optional(),
  out: z.array(Transfer).optional(),
  pending: z.array(Transfer).optional(),
  pool: z.array(Transfer).optional(),
});
const Balance = z.object({ balance: Amount, unlocked_balance: Amount });
const Swept = z.object({ tx_hash_list: z.array(Hash).optional() });
const Ignore = z.unknown();

type WatchTask = Extract<XmrTask, { kind: 'watch-address' }>;
type SweepTask = Extract<XmrTask, { kind: 'sweep' }>;

interface WalletJob {
  readonly task: WatchTask | SweepTask;
  session: WalletSession | null;
  busy: Promise<void> | null;
  cancelled: boolean;
  done: boolean;
  failures: number;
  retryAt: number;
  lastTipServed: string | null;
  /** watch: last confirmations reported per txid. */
  readonly seen: Map<string, number>;
}

/** null when keys and address agree; else why not. */
function keyProblem(task: WatchTask | SweepTask): string | null {
  const a = decodeMoneroAddress(task.address);
  if (!a.ok) return `address: ${a.error.message}`;
  if (a.value.kind !== 'standard') return `address must be a standard address, not ${a.value.kind}`;
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

export function createXmrBackend(cfg: XmrWorkerConfig, emit: Emit, log: Log, client?: JsonRpcClient): ChainBackend<XmrTask> {
  const daemon = client ?? createJsonRpcClient({ url: cfg.daemonUrl, rpcPath: '/json_rpc', timeoutMs: cfg.rpcTimeoutMs, bigIntsAsStrings: true });
  let tip: { height: number; hash: string } | null = null;
  const heightTasks = new Set<TaskId>();
  const txTasks = new Map<TaskId, { txid: Txid; bound: number; last: (ConfStatus & { hex: string | null }) | null }>();
  const jobs = new Map<TaskId, WalletJob>();

  const taskError = (taskId: TaskId, e: unknown) => emit({ kind: 'task-error', taskId, error: e instanceof Error ? e.message : String(e) });

  async function serveTxs(tipChanged: boolean, height: number) {
    const due = [...txTasks].filter(([, t]) => tipChanged || t.last === null || t.last.confirmations === null || t.last.confirmations === 0);
    if (due.length === 0) return;
    const r = await nodePost(daemon, '/get_transactions', { txs_hashes: [...new Set(due.map(([, t]) => t.txid))], decode_as_json: false }, GetTransactions);
    if (r.status !== 'OK') throw new NodeFailure('bad-data', `get_transactions status ${r.status}`);
    const byId = new Map((r.txs ?? []).map((t) => [t.tx_hash, t]));
    const hashAt = new Map<number, string>();
    for (const [taskId, t] of due) {
      try {
        const tx = byId.get(t.txid);
        let s: ConfStatus & { hex: string | null };
        if (!tx) s = { confirmations: null, blockHash: null, hex: null };
        else if (tx.in_pool || tx.block_height === undefined) s = { confirmations: 0, blockHash: null, hex: tx.as_hex ?? null };
        else {
          const bh = tx.block_height;
          let hash = hashAt.get(bh);
          if (hash === undefined) {
            hash = (await nodeCall(daemon, 'get_block_header_by_height', { height: bh }, LastHeader)).block_header.hash;
            hashAt.set(bh, hash);
          }
          s = { confirmations: Math.max(0, height - bh + 1), blockHash: hash, hex: tx.as_hex ?? null };
        }
        const news = isNewsUnderBound(t.last, s, t.bound);
        t.last = s;
        if (news) emit({ kind: 'tx-confirmations', taskId, txid: t.txid, confirmations: s.confirmations, blockHash: s.blockHash, txHex: s.hex });
      } catch (e) {
        if (e instanceof NodeFailure && e.kind === 'transport') throw e;
        taskError(taskId, e);
      }
    }
  }

  async function ensureSession(job: WalletJob): Promise<WalletSession> {
    if (job.session?.isAlive()) return job.session;
    const t = job.task;
    job.session = await openWalletSession(cfg, t.kind === 'sweep' ? 'sweep' : 'watch', t.id, {
      address: t.address,
      viewKey: t.viewKey,
      ...(t.kind === 'sweep' ? { spendKey: t.spendKey } : {}),
      restoreHeight: t.fromHeight,
    });
    log('info', `xmr ${t.kind} ${t.id}: wallet ${job.session.filename} open`);
    return job.session;
  }

  async function serveWatch(job: WalletJob & { task: WatchTask }, height: number) {
    const w = await ensureSession(job);
    await w.call('refresh', {}, Ignore);
    const tr = await w.call('get_transfers', { in: true, pool: true }, Transfers);
    const bound = job.task.confirmationBound ?? DEFAULT_ADDRESS_CONFIRMATION_BOUND;
    const sums = new Map<string, { amount: bigint; confirmations: number }>();
    for (const [list, pool] of [[tr.in ?? [], false], [tr.pool ?? [], true]] as const) {
      for (const x of list) {
        if ((x.unlock_time ?? 0) !== 0) {
          log('warn', `xmr watch ${job.task.id}: ignoring tx ${x.txid} with unlock_time ${x.unlock_time}`);
          continue;
        }
        const confs = pool ? 0 : (x.confirmations ?? (x.height !== undefined ? Math.max(0, height - x.height + 1) : 0));
        const prev = sums.get(x.txid);
        sums.set(x.txid, { amount: (prev?.amount ?? 0n) + x.amount, confirmations: Math.max(prev?.confirmations ?? 0, confs) });
      }
    }
    for (const [txid, s] of sums) {
      job.seen.set(txid, s.confirmations);
      emit({ kind: 'address-tx', taskId: job.task.id, txid: txid as Txid, amount: s.amount.toString(), confirmations: Math.min(s.confirmations, bound), incoming: true, txHex: null });
    }
    for (const txid of [...job.seen.keys()]) {
      if (!sums.has(txid)) {
        // Reorged out and gone from the pool.
        job.seen.delete(txid);
        emit({ kind: 'tx-confirmations', taskId: job.task.id, txid: txid as Txid, confirmations: null, blockHash: null, txHex: null });
      }
    }
  }

  async function serveSweep(job: WalletJob & { task: SweepTask }) {
    const t = job.task;
    const w = await ensureSession(job);
    await w.call('refresh', {}, Ignore);
    // Swept already (by us before a crash, or a retry): report those txs, never sweep twice.
    const tr = await w.call('get_transfers', { out: true, pending: true }, Transfers);
    const outs = [...new Set([...(tr.out ?? []), ...(tr.pending ?? [])].map((x) => x.txid))];
    if (outs.length > 0) {
      finishSweep(job, outs);
      return;
    }
    const bal = await w.call('get_balance', { account_index: 0 }, Balance);
    const min = BigInt(t.minAmount);
    if (bal.unlocked_balance < min || bal.unlocked_balance === 0n) {
      log('debug', `xmr sweep ${t.id}: unlocked ${bal.unlocked_balance} of ${bal.balance}, waiting for ${min}`);
      return;
    }
    try {
      const r = await w.call('sweep_all', { address: t.destination, account_index: 0, unlock_time: 0, do_not_relay: false }, Swept);
      await w.call('store', {}, Ignore).catch(() => undefined);
      finishSweep(job, r.tx_hash_list ?? []);
    } catch (e) {
      if (e instanceof NodeFailure && e.kind === 'rpc') {
        // e.g. outputs not yet spendable, or a double spend after a crash: retry on the next block.
        log('warn', `xmr sweep ${t.id}: ${e.message}; retrying next block`);
        job.lastTipServed = null;
        return;
      }
      throw e;
    }
  }

  function finishSweep(job: WalletJob, txids: string[]) {
    job.done = true;
    emit({ kind: 'sweep-result', taskId: job.task.id, txids: txids as Txid[], ok: txids.length > 0, error: txids.length > 0 ? null : 'sweep_all returned no transaction' });
    void job.session?.close();
    job.session = null;
  }

  function runJob(job: WalletJob, height: number, hash: string) {
    if (job.busy || job.done || job.cancelled || Date.now() < job.retryAt) return;
    // Sweeps act once per block; watches also look at the pool on every round.
    if (job.task.kind === 'sweep' && job.lastTipServed === hash) return;
    job.busy = (async () => {
      try {
        if (job.task.kind === 'sweep') await serveSweep(job as WalletJob & { task: SweepTask });
        else await serveWatch(job as WalletJob & { task: WatchTask }, height);
        job.lastTipServed = hash;
        job.failures = 0;
      } catch (e) {
        if (job.cancelled) return;
        job.failures++;
        job.retryAt = Date.now() + Math.min(30_000, cfg.pollMs * 2 ** Math.min(job.failures, 8));
        const msg = e instanceof Error ? e.message : String(e);
        log('warn', `xmr ${job.task.kind} ${job.task.id}: ${msg} (attempt ${job.failures})`);
        if (!(e instanceof NodeFailure && e.kind === 'transport')) taskError(job.task.id, e);
        if (job.session && !job.session.isAlive()) job.session = null;
      } finally {
        job.busy = null;
      }
    })();
  }

  return {
    add(task) {
      switch (task.kind) {
        case 'watch-height':
          heightTasks.add(task.id);
          if (tip) emit({ kind: 'height', taskId: task.id, height: tip.height, blockHash: tip.hash });
          return;
        case 'watch-tx':
          txTasks.set(task.id, { txid: task.txid, bound: task.confirmationBound, last: null });
          return;
        case 'watch-address':
        case 'sweep': {
          const problem = keyProblem(task);
          if (problem !== null) {
            emit({ kind: 'task-error', taskId: task.id, error: `${task.kind}: ${problem}` });
            if (task.kind === 'sweep') emit({ kind: 'sweep-result', taskId: task.id, txids: [], ok: false, error: problem });
            return;
          }
          jobs.set(task.id, { task, session: null, busy: null, cancelled: false, done: false, failures: 0, retryAt: 0, lastTipServed: null, seen: new Map() });
          return;
        }
        case 'abort':
          return;
      }
    },
    async remove(id) {
      heightTasks.delete(id);
      txTasks.delete(id);
      const job = jobs.get(id);
      if (!job) return;
      jobs.delete(id);
      job.cancelled = true;
      await job.session?.close();
      await job.busy;
      await job.session?.close();
      // Temporary wallets go with their task (node #928); the keys stay with the daemon.
      deleteWalletFiles(cfg.walletDir, walletFilename(job.task.kind === 'sweep' ? 'sweep' : 'watch', id));
    },
    async poll(): Promise<PollOutcome> {
      try {
        const h = (await nodeCall(daemon, 'get_last_block_header', {}, LastHeader)).block_header;
        const tipChanged = !tip || tip.hash !== h.hash;
        tip = { height: h.height, hash: h.hash };
        for (const id of heightTasks) emit({ kind: 'height', taskId: id, height: h.height, blockHash: h.hash });
        await serveTxs(tipChanged, h.height);
        for (const job of jobs.values()) runJob(job, h.height, h.hash);
        return { ok: true, height: h.height, hash: h.hash };
      } catch (e) {
        if (e instanceof NodeFailure) return { ok: false, error: e.message };
        return { ok: false, error: `xmr backend bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
      }
    },
    async close() {
      await Promise.all([...jobs.values()].map(async (j) => {
        j.cancelled = true;
        await j.session?.close();
      }));
    },
  };
}
