// The person's wallet behind the app's channels: one swap node (daemon + syncer workers + transcript
// store) whose datum requests are answered by the client side (keys in the signer), the peer links
// to makers, the history index and the client backup. Used by the Electron main process and by the
// browser host alike. Invariants: the history answers from the index even while the daemon starts or
// is down; a swap starts only from a verified offer and checked payout addresses, backed up before the
// daemon records its genesis; after a restart every unfinished swap is recovered and its link re-dialed.
// Here: start (the node on its worker configs, recovery) and the composition; beside it the per-swap
// clients (wallet-clients), the views and summaries (wallet-views), status (wallet-status) and the
// actions (wallet-actions), sharing one WalletContext (wallet-context).
import path from 'node:path';
import type { AppStatus } from '../../shared/ipc/channels';
import type { WalletApi } from '../../shared/ipc/wallet-api';
import { ok, type AppError, type Result } from '../../shared/result';
import type { HeadlessClient } from '../client/headless-client';
import { startSwapNode, type SwapNode } from '../daemon/swap-node';
import { daemonRecord } from '../log/records';
import { HistoryIndex } from './history-index';
import { walletActions } from './wallet-actions';
import { walletOffers } from './wallet-offers';
import { swapClients, type SwapClients } from './wallet-clients';
import { workerConfigs } from './wallet-configs';
import type { WalletContext, WalletServiceOptions } from './wallet-context';
import { appStatus, watchSyncers } from './wallet-status';
import { walletViews, type WalletViews } from './wallet-views';

export type { WalletEndpoints, WalletServiceOptions } from './wallet-context';

export interface WalletService extends WalletApi {
  readonly node: SwapNode;
  stop(): Promise<void>;
}

/** Open the index first (history works at once), then the daemon, then recover every unfinished swap. */
export async function startWalletService(o: WalletServiceOptions): Promise<Result<WalletService, AppError>> {
  const log = o.log ?? (() => undefined);
  const index = new HistoryIndex(path.join(o.dataDir, 'daemon'));
  const clients = swapClients(o);
  const startedAt = Date.now();
  const c = o.sandbox?.info.chains;
  const currentChains = c ? { btc: c.btc.hash, xmr: c.xmr.hash } : undefined;
  // The node notes each swap's changes to the views, which read the swap from the node once it runs.
  let started: SwapNode | undefined;
  // Outcomes free a place in the person's standing offers; the offers exist once the node does.
  const ended: { fn?: (swapId: string) => void } = {};
  const views = walletViews({ backup: o.backup, index, currentChains, actor: (swapId) => started?.daemon.actor(swapId) });
  const nodeR = await startWalletNode(o, clients, views, log, ended);
  if (!nodeR.ok) return nodeR;
  const node = (started = nodeR.value);
  const health = watchSyncers(node, o.logEvent);
  const ctx: WalletContext = { o, log, index, node, views, clients, currentChains, health };
  let daemon: AppStatus['daemon'] = { state: 'recovering', message: 'recovering unfinished swaps from their transcripts' };
  const recovery = recoverSwaps(ctx, startedAt, (state) => (daemon = state));
  const offers = walletOffers(ctx, recovery);
  ended.fn = (id) => offers.swapEnded(id);
  const service: WalletService = {
    node,
    status: async () => appStatus(ctx, health, daemon),
    async listSwaps() {
      for (const id of node.daemon.swapIds) views.refreshSummary(id);
      return index.list();
    },
    ...walletActions(ctx, recovery),
    makeOffer: (req) => offers.makeOffer(req),
    listOffers: () => offers.listOffers(),
    revokeOffer: (offerId) => offers.revokeOffer(offerId),
    async stop() {
      await recovery.catch(() => undefined);
      await offers.stop();
      index.flush();
      await node.stop();
    },
  };
  return ok(service);
}

/** The person's swap node: its syncer workers on the endpoints in Settings, datum requests to each swap's client. */
function startWalletNode(o: WalletServiceOptions, clients: SwapClients, views: WalletViews, log: (line: string) => void, ended: { fn?: (swapId: string) => void }): Promise<Result<SwapNode, AppError>> {
  const e = o.endpoints;
  const cfg = workerConfigs(o.dataDir, e, o.pollMs ?? 1000);
  return startSwapNode({
    name: 'wallet',
    dataDir: path.join(o.dataDir, 'daemon'),
    chain: { network: e.btcNetwork },
    client: clients.router as HeadlessClient,
    ...(o.spawnSyncer ? { spawn: o.spawnSyncer } : {}),
    btc: cfg.btc,
    xmr: cfg.xmr,
    log: (l) => (o.logEvent ? o.logEvent(daemonRecord(l)) : l.level === 'error' || l.level === 'warn' || l.event === 'outcome' ? log(`${l.component} ${l.event}${l.detail ? `: ${l.detail}` : ''}`) : undefined),
    onNote: (swapId, n) => {
      if (n.kind === 'halted') log(`swap ${swapId.slice(0, 8)} halted: ${n.error.message}`);
      if (n.kind === 'outcome') ended.fn?.(swapId);
      views.refreshSummary(swapId);
    },
  });
}

/** Resume every unfinished swap (recovery re-dials the maker of each with this node's persistent
 *  identity), mark damaged transcripts in the history, and report the daemon's state. */
async function recoverSwaps(ctx: WalletContext, startedAt: number, report: (state: AppStatus['daemon']) => void): Promise<void> {
  const { index, log } = ctx;
  const r = await ctx.node.recover({ skip: ctx.o.backup.archived() });
  if (!r.ok) {
    report({ state: 'unavailable', message: `recovery failed: ${r.error.message}` });
    return;
  }
  for (const id of r.value.resumed) {
    if (r.value.links[id] !== 'dialed') log(`swap ${id.slice(0, 8)}: no peer link after restart (${r.value.links[id] ?? 'none'})`);
    ctx.views.refreshSummary(id);
  }
  for (const d of r.value.damaged) {
    const prev = index.get(d.swapId);
    if (prev) index.put({ ...prev, outcome: 'damaged', stage: `Transcript damaged: ${d.reason}`.slice(0, 200), needsAction: true, next: 'Do not delete the data folder; see the swap for what to do.' });
  }
  const ready: AppStatus['daemon'] = {
    state: 'ready',
    message: `${r.value.resumed.length} swap(s) resumed, ${r.value.finished.length} finished, ${r.value.damaged.length} damaged (started in ${Date.now() - startedAt} ms)`,
  };
  report(ready);
  log(ready.message);
}
