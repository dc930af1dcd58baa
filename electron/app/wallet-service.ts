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
import type { RestoreApi, SeedApi, WalletApi } from '../../shared/ipc/wallet-api';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { HeadlessClient } from '../client/headless-client';
import { startSwapNode, type SwapNode } from '../daemon/swap-node';
import { daemonRecord } from '../log/records';
import { HistoryIndex } from './history-index';
import { walletActions } from './wallet-actions';
import { swapExportsApi } from './swap-exports';
import { manualApi } from './manual-command';
import { walletOffers } from './wallet-offers';
import { swapClients, type SwapClients } from './wallet-clients';
import { workerConfigs } from './wallet-configs';
import type { WalletContext, WalletServiceOptions } from './wallet-context';
import { appStatus, watchSyncers } from './wallet-status';
import { walletViews, type WalletViews } from './wallet-views';
import { walletXmrFunding, type WalletXmrFunding } from './wallet-xmr-funding';

export type { WalletEndpoints, WalletServiceOptions } from './wallet-context';

/** The seed channels are the host's (open-wallet.ts: through the signer, before the daemon runs too). */
export interface WalletService extends Omit<WalletApi, keyof SeedApi | keyof RestoreApi> {
  readonly node: SwapNode;
  stop(): Promise<void>;
}

/** Open the index first (history works at once), then the daemon, then recover every unfinished swap. */
export async function startWalletService(o: WalletServiceOptions): Promise<Result<WalletService, AppError>> {
  const log = o.log ?? (() => undefined);
  const index = new HistoryIndex(path.join(o.dataDir, 'daemon'));
  const funding = fundingOf(o, log);
  const clients = swapClients(o, funding);
  const startedAt = Date.now();
  const c = o.sandbox?.info.chains;
  const currentChains = c ? { btc: c.btc.hash, xmr: c.xmr.hash } : undefined;
  // The node notes each swap's changes to the views, which read the swap from the node once it runs.
  let started: SwapNode | undefined;
  // Outcomes free a place in the person's standing offers; the offers exist once the node does.
  const ended: { fn?: (swapId: string) => void } = {};
  const views = walletViews({ backup: o.backup, index, currentChains, actor: (swapId) => started?.daemon.actor(swapId), ...(funding ? { xmrFunding: (id: string) => funding.view(id) } : {}) });
  const nodeR = await startWalletNode(o, clients, views, log, ended);
  if (!nodeR.ok) {
    await funding?.stop();
    return nodeR;
  }
  const node = (started = nodeR.value);
  const health = watchSyncers(node, o.logEvent);
  const ctx: WalletContext = { o, log, index, node, views, clients, currentChains, health, funding };
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
    ...swapExportsApi({ read: (id) => node.readTranscript(id) }, o.dataDir),
    ...manualApi(node.daemon),
    makeOffer: (req) => offers.makeOffer(req),
    listOffers: () => offers.listOffers(),
    revokeOffer: (offerId) => offers.revokeOffer(offerId),
    // The book is opened beside the service (it needs no daemon); a service without one says so.
    browseOffers: async () => (o.book ? o.book.browseOffers() : err(appError('book-unavailable', 'The offer book is not open in this wallet.'))),
    async stop() {
      await recovery.catch(() => undefined);
      await o.backupWriter?.idle();
      await offers.stop();
      index.flush();
      clients.close();
      await node.stop();
      await funding?.stop();
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
      // Any end: nothing more is locked, and what is left in Alice's funding wallet goes back to the person.
      if (n.kind === 'outcome' && o.backup.swap(swapId)?.deal.role === 'alice') void clients.clientFor(swapId)?.endXmrFunding?.(swapId);
      if (n.kind === 'outcome') ended.fn?.(swapId);
      if (n.kind === 'outcome' || (n.kind === 'progress' && n.entry.kind === 'checkpoint')) o.backupWriter?.request(`${n.kind === 'outcome' ? 'outcome' : 'checkpoint'} of ${swapId.slice(0, 8)}`);
      views.refreshSummary(swapId);
    },
  });
}

/** Alice's funding wallets: with a fixed amount, a poll for the page; the clients on the same engine. */
function fundingOf(o: WalletServiceOptions, log: (line: string) => void): WalletXmrFunding | null {
  if (!o.xmrFundingSigner) return null;
  const cfg = workerConfigs(o.dataDir, o.endpoints, o.pollMs ?? 1000);
  return walletXmrFunding({ dataDir: o.dataDir, endpoints: o.endpoints, xmrConfig: cfg.xmr, signer: o.xmrFundingSigner, pollMs: o.pollMs ?? 1000, log });
}

/**
 * After a restart, each funding job not done carries on: a running swap's where it stood (a lock asked
 * and not yet paid is paid once: the store holds the transfer if it was built), an ended swap's sweeps back.
 */
function resumeXmrFunding(ctx: WalletContext, running: ReadonlySet<string>): void {
  if (!ctx.funding) return;
  for (const id of ctx.funding.unfinished()) {
    if (ctx.o.backup.archived().has(id)) continue;
    const c = ctx.clients.clientFor(id);
    if (!c) continue;
    void (running.has(id) ? c.resumeXmrFunding?.(id) : c.endXmrFunding?.(id));
    ctx.funding.watch(id);
  }
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
  resumeXmrFunding(ctx, new Set(r.value.resumed));
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
