// Monero syncer backend: monerod RPC for tip and tx confirmations, one managed monero-wallet-rpc per address watch or sweep.
// Invariant: keys are checked against the address before any wallet is made (s·G == S, v·G == V), and a sweep happens once: an outgoing transfer already on record ends the task.
import type { TaskId } from '../../shared/ids';
import type { XmrTask } from '../../shared/syncer/messages';
import type { XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { createJsonRpcClient, type JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type ChainBackend, type Emit, type Log, type PollOutcome } from './chain-backend';
import { lastBlockHeader } from './xmr-daemon';
import { serveXmrTxWatches, type XmrTxWatch } from './xmr-tx-watch';
import type { WalletJob, WalletJobContext } from './xmr-wallet-job';
import { admitWalletJob, dropJob, runJob } from './xmr-job-runner';

/** Everything one Monero backend keeps between rounds. */
interface XmrBackendState {
  readonly ctx: WalletJobContext;
  readonly daemon: JsonRpcClient;
  tip: { height: number; hash: string } | null;
  readonly heights: Set<TaskId>;
  readonly txs: Map<TaskId, XmrTxWatch>;
  readonly jobs: Map<TaskId, WalletJob>;
}

export function createXmrBackend(cfg: XmrWorkerConfig, emit: Emit, log: Log, client?: JsonRpcClient): ChainBackend<XmrTask> {
  const login = cfg.daemonLogin ? { auth: 'digest' as const, user: cfg.daemonLogin.user, password: cfg.daemonLogin.password } : {};
  const daemon = client ?? createJsonRpcClient({ url: cfg.daemonUrl, rpcPath: '/json_rpc', timeoutMs: cfg.rpcTimeoutMs, bigIntsAsStrings: true, ...login });
  const s: XmrBackendState = { ctx: { cfg, emit, log }, daemon, tip: null, heights: new Set(), txs: new Map(), jobs: new Map() };
  return {
    add: (task) => addTask(s, task),
    async remove(id) {
      s.heights.delete(id);
      s.txs.delete(id);
      const job = s.jobs.get(id);
      if (!job) return;
      s.jobs.delete(id);
      await dropJob(s.ctx, job);
    },
    poll: () => pollRound(s),
    async close() {
      await Promise.all([...s.jobs.values()].map(async (j) => {
        j.cancelled = true;
        await j.session?.close();
      }));
    },
  };
}

function addTask(s: XmrBackendState, task: XmrTask): void {
  switch (task.kind) {
    case 'watch-height':
      s.heights.add(task.id);
      if (s.tip) s.ctx.emit({ kind: 'height', taskId: task.id, height: s.tip.height, blockHash: s.tip.hash });
      return;
    case 'watch-tx':
      s.txs.set(task.id, { txid: task.txid, bound: task.confirmationBound, last: null });
      return;
    case 'watch-address':
    case 'sweep':
      admitWalletJob(s.ctx, s.jobs, task);
      return;
    case 'abort':
      return;
  }
}

async function pollRound(s: XmrBackendState): Promise<PollOutcome> {
  try {
    const h = await lastBlockHeader(s.daemon);
    const tipChanged = !s.tip || s.tip.hash !== h.hash;
    s.tip = { height: h.height, hash: h.hash };
    for (const id of s.heights) s.ctx.emit({ kind: 'height', taskId: id, height: h.height, blockHash: h.hash });
    await serveXmrTxWatches(s.daemon, s.txs, { tipChanged, height: h.height }, s.ctx.emit);
    for (const job of s.jobs.values()) runJob(s.ctx, job, h.height, h.hash);
    return { ok: true, height: h.height, hash: h.hash };
  } catch (e) {
    if (e instanceof NodeFailure) return { ok: false, error: e.message };
    return { ok: false, error: `xmr backend bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
  }
}
