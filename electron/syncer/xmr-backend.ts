// Monero syncer backend over monerod's RPC: the tip, tx confirmations, and every address watch of every swap from one
// walk of the new blocks and one read of the pool a round, scanned in process with each watch's view key
// (xmr-chain-scan.ts, xmr-address-watch.ts). monero-wallet-rpc is opened only to sweep, a few at a time (xmr-job-runner.ts).
// Invariant: keys are checked against the address before any watch or wallet is made (s·G == S, v·G == V), and a sweep
// happens once: an outgoing transfer already on record ends the task.
import type { TaskId } from '../../shared/ids';
import type { XmrTask } from '../../shared/syncer/messages';
import type { XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { scanOwnedOutputs } from '../../shared/crypto/monero-output-scan';
import { parseMoneroTxBlob } from '../../shared/crypto/monero-tx-blob';
import { createJsonRpcClient, type JsonRpcClient } from './json-rpc-client';
import { NodeFailure, type ChainBackend, type Emit, type Log, type PollOutcome } from './chain-backend';
import { lastBlockHeader } from './xmr-daemon';
import { serveXmrTxWatches, type XmrTxWatch } from './xmr-tx-watch';
import type { WalletJob, WalletJobContext } from './xmr-wallet-job';
import { admitWalletJob, dropJob, keyProblem, runSweeps } from './xmr-job-runner';
import { checkTip, freshPoolTxs, newXmrChainWalk, newXmrPoolView, readPool, walkToTip, type MoneroTxScanner, type XmrChainWalk, type XmrPoolView } from './xmr-chain-scan';
import { needsPool, newAddressWatch, noteTx, reportFinds, type XmrAddressWatch } from './xmr-address-watch';

/** The real scanner: shared/crypto/monero-output-scan.ts (derivation, view tag, amount opened against its commitment). */
export const moneroTxScanner: MoneroTxScanner = { parse: parseMoneroTxBlob, owned: scanOwnedOutputs };

/** Everything one Monero backend keeps between rounds. */
interface XmrBackendState {
  readonly ctx: WalletJobContext;
  readonly daemon: JsonRpcClient;
  readonly scanner: MoneroTxScanner;
  tip: { height: number; hash: string } | null;
  readonly heights: Set<TaskId>;
  readonly txs: Map<TaskId, XmrTxWatch>;
  readonly watches: Map<TaskId, XmrAddressWatch>;
  readonly walk: XmrChainWalk;
  readonly pool: XmrPoolView;
  readonly jobs: Map<TaskId, WalletJob>;
  readonly stats: XmrRpcStats;
}

/** Calls made to monerod and blocks walked, for the calls-per-block figure in the log. */
export interface XmrRpcStats {
  calls: number;
  rounds: number;
  /** Calls made by the block walk (get_block, the blocks' txs, fork finding): the part that grows with blocks. */
  walkCalls: number;
  lastLoggedTip: number;
}

export interface XmrBackendOptions {
  readonly client?: JsonRpcClient;
  readonly scanner?: MoneroTxScanner;
}

export function createXmrBackend(cfg: XmrWorkerConfig, emit: Emit, log: Log, opts: XmrBackendOptions = {}): ChainBackend<XmrTask> {
  const login = cfg.daemonLogin ? { auth: 'digest' as const, user: cfg.daemonLogin.user, password: cfg.daemonLogin.password } : {};
  const stats: XmrRpcStats = { calls: 0, rounds: 0, walkCalls: 0, lastLoggedTip: -1 };
  const daemon = counted(opts.client ?? createJsonRpcClient({ url: cfg.daemonUrl, rpcPath: '/json_rpc', timeoutMs: cfg.rpcTimeoutMs, bigIntsAsStrings: true, ...login }), stats);
  const s: XmrBackendState = {
    ctx: { cfg, emit, log },
    daemon,
    scanner: opts.scanner ?? moneroTxScanner,
    tip: null,
    heights: new Set(),
    txs: new Map(),
    watches: new Map(),
    walk: newXmrChainWalk(),
    pool: newXmrPoolView(),
    jobs: new Map(),
    stats,
  };
  return {
    add: (task) => addTask(s, task),
    async remove(id) {
      s.heights.delete(id);
      s.txs.delete(id);
      s.watches.delete(id);
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

/** Counts every call to monerod (the figure the maker bench and the itest print). */
function counted(c: JsonRpcClient, stats: XmrRpcStats): JsonRpcClient {
  return {
    url: c.url,
    call: (m, p) => {
      stats.calls++;
      return c.call(m, p);
    },
    postJson: (path, body) => {
      stats.calls++;
      return c.postJson(path, body);
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
    case 'watch-address': {
      const problem = keyProblem(s.ctx.cfg, task);
      if (problem !== null) {
        s.ctx.emit({ kind: 'task-error', taskId: task.id, error: `${task.kind}: ${problem}` });
        return;
      }
      s.watches.set(task.id, newAddressWatch(task, s.scanner, s.ctx.log));
      // A new watch must see what already waits in the pool.
      s.pool.inspected.clear();
      return;
    }
    case 'sweep':
      admitWalletJob(s.ctx, s.jobs, task);
      return;
    case 'abort':
      return;
  }
}

async function pollRound(s: XmrBackendState): Promise<PollOutcome> {
  try {
    // The pool before the tip: a tx mined in between is then in a block the walk reads, never in neither (a false "dropped").
    const watching = s.watches.size > 0;
    const poolNeeded = [...s.watches.values()].some(needsPool);
    if (poolNeeded) await readPool(s.daemon, s.pool);
    s.stats.rounds++;
    const h = await lastBlockHeader(s.daemon);
    const tipChanged = !s.tip || s.tip.hash !== h.hash;
    s.tip = { height: h.height, hash: h.hash };
    for (const id of s.heights) s.ctx.emit({ kind: 'height', taskId: id, height: h.height, blockHash: h.hash });
    await serveXmrTxWatches(s.daemon, s.txs, { tipChanged, height: h.height }, s.ctx.emit);
    if (watching) await serveAddressWatches(s, s.tip, poolNeeded);
    runSweeps(s.ctx, s.jobs, h.hash);
    return { ok: true, height: h.height, hash: h.hash };
  } catch (e) {
    if (e instanceof NodeFailure) return { ok: false, error: e.message };
    return { ok: false, error: `xmr backend bug: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
  }
}

/** One walk of the blocks not read yet and the round's new pool txs, for every address watch together. */
async function serveAddressWatches(s: XmrBackendState, tip: { height: number; hash: string }, poolRead: boolean): Promise<void> {
  const watches = [...s.watches.values()];
  const log = s.ctx.log;
  await checkTip(s.daemon, s.walk, watches, tip, log);
  const before = s.stats.calls;
  await walkToTip(s.daemon, s.scanner, s.walk, watches, tip, log);
  s.stats.walkCalls += s.stats.calls - before;
  if (poolRead) for (const tx of await freshPoolTxs(s.daemon, s.scanner, s.pool, log)) for (const w of watches) noteTx(w, s.scanner, log, tx, null);
  // A reorg unwound a find while the pool was not read: the next round reads the pool first, then reports (read
  // after the tip, a tx mined in between would be in neither and falsely reported dropped).
  if (poolRead || !watches.some(needsPool)) for (const w of watches) reportFinds(w, tip.height, s.pool, s.ctx.emit);
  if (tip.height !== s.stats.lastLoggedTip) {
    s.stats.lastLoggedTip = tip.height;
    log('debug', `xmr scan: tip ${tip.height}, ${s.watches.size} watch(es), ${s.walk.blocksFetched} block(s) fetched, ${s.stats.calls} monerod call(s) in ${s.stats.rounds} round(s) in all, ${s.stats.walkCalls} of them by the block walk`);
  }
}
