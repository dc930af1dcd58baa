// The person's wallet behind the app's channels: one swap node (daemon + syncer workers + transcript
// store) whose datum requests are answered by the client side (keys in the signer), the peer links
// to makers, the history index and the client backup. Used by the Electron main process and by the
// browser host alike. Invariants: the history answers from the index even while the daemon starts or
// is down; a swap starts only from a verified offer and checked payout addresses, backed up before the
// daemon records its genesis; after a restart every unfinished swap is recovered and its link re-dialed.
import path from 'node:path';
import type { BtcNetwork } from '../../shared/crypto/btc-network';
import type { AppStatus, ChainStatus, OfferReview, SwapAction, SwapView } from '../../shared/ipc/channels';
import type { SwapId } from '../../shared/ids';
import { parseOffer } from '../../shared/offer/offer';
import { checkPayoutAddresses, reviewOffer } from '../../shared/offer/offer-review';
import type { SwapState } from '../../shared/protocol/state';
import { swapView } from '../../shared/protocol/swap-view';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import type { BtcWorkerConfig, XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { ClientWallet, HeadlessClient } from '../client/headless-client';
import { btcWalletPayer } from '../daemon/btc-wallet-payer';
import { startSwapNode, type SwapNode } from '../daemon/swap-node';
import type { WalletApi } from '../../shared/ipc/wallet-api';
import type { SpawnPort } from '../syncer/spawn-port';
import type { SandboxControl, SandboxInfo } from '../sandbox/sandbox-info';
import type { ClientBackup } from './client-backup';
import { archivedSummary, chainsGone, withChainsGone } from './sandbox-chains';
import { SwapIndex } from './swap-index';
import { daemonRecord, workerRecord, type LogSink } from '../log/records';

export interface WalletEndpoints {
  readonly network: 'mainnet' | 'testnet' | 'regtest';
  readonly btcNetwork: BtcNetwork;
  readonly feeRateSatPerKvB: bigint;
  readonly btc: { readonly rpcUrl: string; readonly rpcUser?: string; readonly rpcPassword?: string };
  readonly xmr: { readonly daemonUrl: string };
}

export interface WalletServiceOptions {
  readonly dataDir: string;
  readonly endpoints: WalletEndpoints;
  readonly backup: ClientBackup;
  /** The client side of one swap (its keys live in the signer), for the person's wallet of that swap. */
  readonly makeClient: (wallet: ClientWallet) => Pick<HeadlessClient, 'handle' | 'register'>;
  readonly sandbox?: { readonly info: SandboxInfo; readonly control: SandboxControl } | null;
  readonly log?: (line: string) => void;
  /** The wallet log: every swap node line and every syncer worker log event, structured. */
  readonly logEvent?: LogSink;
  /** Faster polling for tests and the sandbox. */
  readonly pollMs?: number;
  /** How syncer workers start (Electron: utilityProcess); default fork under Node. */
  readonly spawnSyncer?: SpawnPort;
}

export interface WalletService extends WalletApi {
  readonly node: SwapNode;
  stop(): Promise<void>;
}

type Health = { chain: 'btc' | 'xmr'; backend: string; tipHeight: number | null; error: string | null; worker: string };

/** Open the index first (history works at once), then the daemon, then recover every unfinished swap. */
export async function startWalletService(o: WalletServiceOptions): Promise<Result<WalletService, AppError>> {
  const log = o.log ?? (() => undefined);
  const index = new SwapIndex(path.join(o.dataDir, 'daemon'));
  const e = o.endpoints;
  const pollMs = o.pollMs ?? 1000;
  const btcCfg: BtcWorkerConfig = {
    chain: 'btc',
    rpcUrl: e.btc.rpcUrl,
    ...(e.btc.rpcUser !== undefined ? { rpcUser: e.btc.rpcUser } : {}),
    ...(e.btc.rpcPassword !== undefined ? { rpcPassword: e.btc.rpcPassword } : {}),
    feeTargetBlocks: 2,
    pollMs,
    stallMs: e.network === 'regtest' ? 120_000 : 3_600_000,
    rpcTimeoutMs: 10_000,
    maxBackoffMs: 5_000,
  };
  const xmrCfg: XmrWorkerConfig = {
    chain: 'xmr',
    daemonUrl: e.xmr.daemonUrl,
    walletRpcBin: 'monero-wallet-rpc',
    walletDir: path.join(o.dataDir, 'xmr-wallets'),
    walletRpcStartTimeoutMs: 60_000,
    pollMs,
    stallMs: e.network === 'regtest' ? 120_000 : 3_600_000,
    rpcTimeoutMs: 30_000,
    maxBackoffMs: 5_000,
  };
  const btcRpc = btcWalletPayer({ url: e.btc.rpcUrl, user: e.btc.rpcUser ?? '', password: e.btc.rpcPassword ?? '', wallet: '' });
  const xmrHeight = async (): Promise<number> => {
    const r = await fetch(new URL('/get_height', e.xmr.daemonUrl), { method: 'POST', signal: AbortSignal.timeout(10_000) });
    const h = ((await r.json()) as { height?: unknown }).height;
    if (typeof h !== 'number') throw new Error('monerod gave no height');
    return h;
  };

  // One client per swap: the person's addresses differ per swap; the keys all come from the signer.
  const clients = new Map<string, Pick<HeadlessClient, 'handle' | 'register'>>();
  const clientFor = (swapId: string) => {
    let c = clients.get(swapId);
    if (c) return c;
    const b = o.backup.swap(swapId);
    if (!b) return undefined;
    c = o.makeClient({
      btcAddress: async () => b.btcAddress,
      xmrDestination: async () => b.xmrAddress,
      xmrHeight,
      fundingVout: (txid, address) => btcRpc.fundingVout(txid, address),
      // Bob's abort before the lock: the client sweeps the funding address back to his address.
      fundingUtxos: (address) => btcRpc.fundingUtxos(address),
      broadcast: (hex) => btcRpc.broadcast(hex),
    });
    clients.set(swapId, c);
    return c;
  };
  const router: Pick<HeadlessClient, 'handle'> = {
    handle: async (swapId, req) => {
      const c = clientFor(swapId);
      return c ? c.handle(swapId, req) : err(appError('client-unknown-swap', `no backed-up parameters for swap ${swapId}: restore the client backup`));
    },
  };

  const health = new Map<'btc' | 'xmr', Health>();
  const startedAt = Date.now();
  // On the sandbox: swaps whose chains are gone, and those the person archived (never resumed).
  const c = o.sandbox?.info.chains;
  const currentChains = c ? { btc: c.btc.hash, xmr: c.xmr.hash } : undefined;
  const gone = (swapId: string) => chainsGone(o.backup.swap(swapId)?.sandboxChains, currentChains);
  const refreshSummary = (swapId: SwapId) => {
    if (o.backup.archived().has(swapId)) return;
    const v = viewOf(swapId);
    if (v) index.put(v.summary);
  };
  const nodeR = await startSwapNode({
    name: 'wallet',
    dataDir: path.join(o.dataDir, 'daemon'),
    chain: { network: e.btcNetwork, feeRateSatPerKvB: e.feeRateSatPerKvB },
    client: router as HeadlessClient,
    ...(o.spawnSyncer ? { spawn: o.spawnSyncer } : {}),
    btc: btcCfg,
    xmr: xmrCfg,
    log: (l) => (o.logEvent ? o.logEvent(daemonRecord(l)) : l.level === 'error' || l.level === 'warn' || l.event === 'outcome' ? log(`${l.component} ${l.event}${l.detail ? `: ${l.detail}` : ''}`) : undefined),
    onNote: (swapId, n) => {
      if (n.kind === 'halted') log(`swap ${swapId.slice(0, 8)} halted: ${n.error.message}`);
      refreshSummary(swapId);
    },
  });
  if (!nodeR.ok) return nodeR;
  const node = nodeR.value;
  for (const chain of ['btc', 'xmr'] as const) {
    node.supervisors[chain].subscribe((ev) => {
      if (ev.type === 'health') health.set(chain, { chain, backend: ev.health.backend, tipHeight: ev.health.tipHeight, error: ev.health.error, worker: ev.health.worker });
      else if (ev.type === 'log') o.logEvent?.(workerRecord(ev));
    });
  }

  const dial = (swapId: SwapId, offerText: string): Result<void, AppError> => {
    // Expired offers still dial: the swap exists already, only a new take is refused (startSwap checks expiry).
    const offer = parseOffer(offerText, { nowSec: 0 });
    if (!offer.ok) return err(appError(offer.error.kind, offer.error.message));
    node.dialMaker(swapId, { host: offer.value.makerAddress.host, port: offer.value.makerAddress.port, key: offer.value.makerKey });
    return ok(undefined);
  };

  let daemonState: AppStatus['daemon'] = { state: 'recovering', message: 'recovering unfinished swaps from their transcripts' };
  const recovery = (async () => {
    // Recovery re-dials the maker of every resumed swap with this node's persistent identity.
    const r = await node.recover({ skip: o.backup.archived() });
    if (!r.ok) {
      daemonState = { state: 'unavailable', message: `recovery failed: ${r.error.message}` };
      return;
    }
    for (const id of r.value.resumed) {
      if (r.value.links[id] !== 'dialed') log(`swap ${id.slice(0, 8)}: no peer link after restart (${r.value.links[id] ?? 'none'})`);
      refreshSummary(id);
    }
    for (const d of r.value.damaged) {
      const prev = index.get(d.swapId);
      if (prev) index.put({ ...prev, outcome: 'damaged', stage: `Transcript damaged: ${d.reason}`.slice(0, 200), needsAction: true, next: 'Do not delete the data folder; see the swap for what to do.' });
    }
    daemonState = {
      state: 'ready',
      message: `${r.value.resumed.length} swap(s) resumed, ${r.value.finished.length} finished, ${r.value.damaged.length} damaged (started in ${Date.now() - startedAt} ms)`,
    };
    log(daemonState.message);
  })();

  // Every poll (status, list, the open swap) asks for views; a view is rebuilt only when its swap's
  // record (immutable, replaced on each durable step) or the actor's status changed since.
  const views = new Map<string, { rec: unknown; status: string; view: SwapView }>();
  function viewOf(swapId: string): SwapView | null {
    const a = node.daemon.actor(swapId as SwapId);
    if (!a) return null;
    const rec = a.record;
    const hit = views.get(swapId);
    if (hit && hit.rec === rec && hit.status === a.status) return hit.view;
    const folded = swapView({
      state: rec.core as SwapState,
      genesisCreatedAt: rec.genesis.createdAt,
      updatedAt: Date.now(),
      live: a.status === 'live' || a.status === 'finished',
      damaged: a.status === 'halted' ? 'the daemon stopped this swap: its transcript could not be written' : null,
    });
    const view = o.backup.archived().has(swapId)
      ? { ...folded, summary: archivedSummary(folded.summary, folded.summary.updatedAt) }
      : gone(swapId)
        ? withChainsGone(folded)
        : folded;
    views.set(swapId, { rec, status: a.status, view });
    return view;
  }

  const chainStatus = (chain: 'btc' | 'xmr'): ChainStatus => {
    const h = health.get(chain);
    const name = chain === 'btc' ? 'Bitcoin' : 'Monero';
    if (!h) return { chain, height: null, status: 'unknown', message: `${name} syncer starting` };
    if (h.backend === 'unreachable') return { chain, height: h.tipHeight, status: 'unreachable', message: `${name} node unreachable${h.error ? ` (${h.error})` : ''}: check that it runs and the endpoint in Settings` };
    if (h.backend === 'stalled') return { chain, height: h.tipHeight, status: 'stalled', message: `${name} tip has not moved for a long time: the node may be stuck or offline from its network` };
    return { chain, height: h.tipHeight, status: h.backend === 'ok' ? 'ok' : 'unknown', message: h.backend === 'ok' ? `${name} synced` : `${name} syncer ${h.worker}` };
  };

  const service: WalletService = {
    node,
    async status() {
      const notices: AppStatus['notices'] = [];
      for (const id of node.daemon.swapIds) {
        const v = viewOf(id);
        if (!v || v.summary.outcome !== 'running') continue;
        for (const w of v.warnings) if (w.level !== 'info') notices.push({ id: `${id}:${w.code}`, swapId: id, level: w.level, message: w.message });
        for (const a of v.asks) notices.push({ id: `${id}:ask:${a.id}`, swapId: id, level: 'info', message: a.title });
      }
      return {
        daemon: daemonState,
        chains: [chainStatus('btc'), chainStatus('xmr')],
        sandbox: o.sandbox ? { state: 'ready', message: `sandbox on regtest (a block every ${o.sandbox.info.blockMs} ms)` } : { state: 'off', message: 'no sandbox' },
        notices: notices.slice(0, 50),
      };
    },
    async listSwaps() {
      for (const id of node.daemon.swapIds) refreshSummary(id);
      return index.list();
    },
    async sandboxOffer() {
      if (!o.sandbox) return err(appError('sandbox-off', 'The sandbox is off: turn it on in Settings (regtest only) or paste an offer.'));
      const r = await o.sandbox.control.offer(true);
      return r.ok ? ok({ offer: r.value }) : r;
    },
    async sandboxAddresses() {
      if (!o.sandbox) return err(appError('sandbox-off', 'The sandbox is off: paste addresses from your own wallets.'));
      return ok({ btc: o.sandbox.info.addresses.btc, xmr: o.sandbox.info.addresses.xmr });
    },
    async reviewOffer(text): Promise<Result<OfferReview, AppError>> {
      const r = reviewOffer(text, { nowSec: Math.floor(Date.now() / 1000), btc: e.btcNetwork, regtestBlockSeconds: (o.sandbox?.info.blockMs ?? 1000) / 1000 });
      if (!r.ok) return r;
      if (r.value.offer.network !== e.network) return err(appError('offer-wrong-network', `This offer is for ${r.value.offer.network}; the wallet runs on ${e.network}. Change the network in Settings or ask for another offer.`));
      return ok(r.value.review);
    },
    async startSwap(req) {
      await recovery;
      const r = reviewOffer(req.offer, { nowSec: Math.floor(Date.now() / 1000), btc: e.btcNetwork });
      if (!r.ok) return r;
      if (r.value.offer.network !== e.network) return err(appError('offer-wrong-network', `This offer is for ${r.value.offer.network}; the wallet runs on ${e.network}.`));
      const addrs = checkPayoutAddresses(req, { btc: e.btcNetwork, network: e.network });
      if (!addrs.ok) return addrs;
      const deal = r.value.deal;
      if (node.daemon.actor(deal.swapId) || o.backup.swap(deal.swapId)) return err(appError('offer-taken', 'You already took this offer: open it from the Resume screen. Ask the maker for a new offer to swap again.'));
      // The backup comes first: a swap the daemon knows always has its parameters on the client side.
      o.backup.saveSwap({ offer: r.value.review.offer, deal, ...addrs.value, createdAt: Date.now(), ...(currentChains ? { sandboxChains: currentChains } : {}) });
      const c = clientFor(deal.swapId);
      if (!c) return err(appError('client-backup', 'the client backup could not be read back'));
      await c.register(deal);
      const created = await node.daemon.createSwap(deal, r.value.review.offer);
      if (!created.ok) return created;
      const d = dial(deal.swapId, r.value.review.offer);
      if (!d.ok) return d;
      refreshSummary(deal.swapId);
      return ok({ swapId: deal.swapId });
    },
    async getSwap(swapId) {
      const v = viewOf(swapId);
      if (v) return ok(v);
      const s = index.get(swapId);
      if (s) return err(appError('swap-not-running', `This swap is not running in the daemon (${s.outcome}); its summary is in History.`));
      return err(appError('swap-unknown', `No swap ${swapId} in this wallet.`));
    },
    async act(swapId, action: SwapAction) {
      const a = node.daemon.actor(swapId as SwapId);
      if (!a) return err(appError('swap-unknown', `No running swap ${swapId}.`));
      const v = viewOf(swapId);
      if (action === 'archive') {
        if (!v?.archive?.allowed) return err(appError('archive-refused', 'Only a swap whose sandbox chains are gone can be archived; this one can still finish.'));
        o.backup.archive(swapId);
        views.delete(swapId);
        index.put(archivedSummary(v.summary, Date.now()));
        log(`swap ${swapId.slice(0, 8)} archived: its sandbox chains are gone`);
      } else if (action === 'abort') {
        if (!v?.abort.allowed) return err(appError('abort-refused', v?.abort.reason ?? 'abort is not possible now'));
        const r = await node.daemon.onClientDatum(swapId as SwapId, { kind: 'abort' });
        if (r.status !== 'applied') return err(r.error);
      } else {
        if (!o.sandbox) return err(appError('sandbox-off', 'The sandbox is off: pay the funding address from your own wallet.'));
        if (!v?.funding) return err(appError('no-funding', 'This swap has no funding address (only the BTC seller funds).'));
        if (v.funding.seen) return err(appError('already-funded', 'The funding payment was already seen; paying twice would only be swept back after an abort.'));
        const p = await o.sandbox.control.payBtc(v.funding.address, BigInt(v.funding.sats));
        if (!p.ok) return p;
        log(`sandbox paid ${v.funding.sats} sats to ${v.funding.address}: ${p.value.txid}`);
      }
      const after = viewOf(swapId);
      return after ? ok(after) : err(appError('swap-unknown', `No running swap ${swapId}.`));
    },
    async stop() {
      await recovery.catch(() => undefined);
      index.flush();
      await node.stop();
    },
  };
  return ok(service);
}
