// The headless maker: the wallet's swap node under plain Node against the operator's own nodes, serving
// standing offers (one per quoted side) on a TLS listener, taking many swaps at once. The daemon itself
// refunds and punishes (its nets); here: the composition, the offers' refresh, the take timeout, the
// status file. Order at start (as the sandbox maker): recovery first (every unfinished swap resumes,
// its link waits), then the listener on the configured port (its takers re-dial exactly that port),
// then the offer book reconciled with the resumed swaps, then the offers, then their announcement on
// the configured Nostr relays (maker-publisher.ts), kept in step with the book from then on.
// Guards: the seed stays in the maker's signer process (maker-signer.ts; never logged, never in a file the maker writes);
// a take is durable in the book before its swap exists; a stop ends the announcements and closes the
// listener first (no new take), then links and syncers.
import fs from 'node:fs';
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import { moneroChainOf } from '../../shared/networks/swap-networks';
import { staleTakes, offerOfSwap } from '../../shared/offer/offer-registry';
import { makerFeeRate } from '../../shared/offer/fee-band';
import type { SwapState } from '../../shared/protocol/state';
import { swapView } from '../../shared/protocol/swap-view';
import { workerConfigs, xmrHeightOf } from '../app/wallet-configs';
import { FileMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { OfferBook } from '../daemon/offer-book';
import type { ClientNote } from '../daemon/daemon-ports';
import { serveStandingOffers, type StandingMaker } from '../daemon/standing-offers';
import { startSwapNode, type NodeRecovery, type SwapNode } from '../daemon/swap-node';
import { TakerBindings } from '../peer/peer-files';
import { PeerListener } from '../peer/peer-listener';
import { requestFeeEstimate } from '../syncer/fee-estimate-request';
import { makerRelays, type MakerConfig } from './maker-config';
import type { MakerLog } from './maker-log';
import type { MakerNodes } from './maker-nodes';
import { planOffers } from '../../shared/offer/standing-offer-plan';
import { offerTerms, sideQuotes, writeOffersFile } from './maker-offers';
import type { MakerSecrets } from './maker-secrets';
import { emptyCounts, isOutcome, statusOffers, writeStatus, type FinishedCounts, type MakerStatus } from './maker-status';
import { makerPublisher, type MakerPublisher } from './maker-publisher';
import { startMakerSigner, type MakerSigner } from './maker-signer';
import { makerWallet } from './maker-wallet';

export interface HeadlessMakerOptions {
  readonly config: MakerConfig;
  readonly secrets: MakerSecrets;
  readonly nodes: MakerNodes;
  readonly log: MakerLog;
  /** How often offers, take timeouts and the status are looked at (default 5 s). */
  readonly tickMs?: number;
}

export interface HeadlessMaker {
  readonly port: number;
  readonly identityKey: string;
  /** The maker's Nostr key (hex) once its offers are announced; null before, or with no relay. */
  nostrPubkey(): string | null;
  /** Looks at offers (publish, refresh, revoke), take timeouts and writes the status; the timer calls it too. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** What changes while the maker runs; the status file is made from it. */
interface MakerState {
  phase: MakerStatus['state'];
  readonly counts: FinishedCounts;
  /** Swaps asked to abort after the take timeout (once each): those past the point of abort refused. */
  readonly timeoutAsked: Set<string>;
  readonly startedAt: string;
}

export async function startHeadlessMaker(o: HeadlessMakerOptions): Promise<HeadlessMaker> {
  const dataDir = o.config.data_dir;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const state: MakerState = { phase: 'starting', counts: emptyCounts(), timeoutAsked: new Set(), startedAt: new Date().toISOString() };
  const hooks: { ended?: (id: string) => void; changed?: () => void } = {};
  const signer = await startMakerSigner(o.secrets.seed, { onLog: (line) => signerLog(o, line) });
  let made: { node: SwapNode; client: HeadlessClient };
  try {
    made = await makerNode(o, signer, (id, n) => onNote(o, state, hooks, id, n));
  } catch (e) {
    await signer.stop();
    throw e;
  }
  const { node, client } = made;
  try {
    const recovery = await node.recover();
    if (!recovery.ok) throw new Error(`recovery: ${recovery.error.message}`);
    const r = recovery.value;
    o.log('info', 'maker', 'recovered', { msg: `${r.resumed.length} unfinished swap(s) resumed, ${r.finished.length} finished, ${r.damaged.length} damaged`, resumed: r.resumed });
    for (const id of r.finished) {
      const out = await node.outcomeOf(id);
      if (out && isOutcome(out)) state.counts[out] += 1;
    }
    const listener = await listenOn(o.config, node, r);
    node.serve(listener);
    const book = OfferBook.open(path.join(dataDir, 'offers.json'));
    if (!book.ok) throw new Error(`offer book: ${book.error.message}`);
    book.value.reconcile(new Set(r.resumed));
    const standing = serveStandingOffers({
      node, client, book: book.value, listener, bindings: new TakerBindings(path.join(dataDir, 'daemon', 'peer', 'takers')),
      log: (event, detail) => {
        o.log(event === 'take-refused' ? 'warn' : 'info', 'offers', event, { msg: detail });
        hooks.changed?.();
      },
    });
    hooks.ended = (id) => standing.swapEnded(id);
    const publisher = makerPublisher({ relays: makerRelays(o.config), signer: signer.nostr, identitySeed: node.identitySeed, registry: book.value, log: o.log });
    return running(o, { node, signer, listener, port: listener.port, book: book.value, standing, publisher, state, hooks });
  } catch (e) {
    await node.stop();
    await signer.stop();
    throw e;
  }
}

/** The signer process's JSON log lines (fingerprints only) as the maker's own, component `signer`. */
function signerLog(o: HeadlessMakerOptions, line: string): void {
  let l: { level?: unknown; event?: unknown; swapId?: unknown; detail?: unknown };
  try {
    l = JSON.parse(line) as typeof l;
  } catch {
    return o.log('warn', 'signer', 'output', { msg: line.slice(0, 300) });
  }
  const level = l.level === 'error' || l.level === 'warn' ? l.level : 'info';
  if (level === 'info' && l.event !== 'dleq-proved') return;
  o.log(level, 'signer', String(l.event ?? 'line'), { ...(typeof l.swapId === 'string' ? { swapId: l.swapId } : {}), ...(typeof l.detail === 'string' ? { msg: l.detail } : {}) });
}

async function makerNode(o: HeadlessMakerOptions, signer: MakerSigner, onNoteFn: (id: SwapId, n: ClientNote) => void): Promise<{ node: SwapNode; client: HeadlessClient }> {
  const { config: c, nodes } = o;
  const client = new HeadlessClient({
    signer: signer.swaps,
    chain: { network: nodes.endpoints.btcNetwork },
    moneroNetwork: moneroChainOf(c.network),
    memo: new FileMemoStore(path.join(c.data_dir, 'client')),
    wallet: makerWallet({ payoutAddress: c.bitcoin.payout_address, xmrAddress: nodes.xmrAddress, xmr: nodes.xmr, btc: nodes.btcWallet, xmrHeight: xmrHeightOf(nodes.endpoints.xmr.daemonUrl) }),
    log: (event, detail) => o.log('info', 'client', event, detail ? { msg: detail } : {}),
  });
  const cfg = workerConfigs(path.join(c.data_dir, 'daemon'), nodes.endpoints, c.network === 'regtest' ? 250 : 1000);
  const r = await startSwapNode({
    name: 'maker',
    dataDir: path.join(c.data_dir, 'daemon'),
    chain: { network: nodes.endpoints.btcNetwork },
    client,
    ...cfg,
    log: (l) => {
      if (l.level !== 'debug') o.log(l.level, l.component, l.event, { ...(l.swapId ? { swapId: l.swapId } : {}), ...(l.detail ? { msg: l.detail } : {}) });
    },
    onNote: onNoteFn,
  });
  if (!r.ok) throw new Error(`swap node: ${r.error.message}`);
  return { node: r.value, client };
}

function onNote(o: HeadlessMakerOptions, state: MakerState, hooks: { ended?: (id: string) => void; changed?: () => void }, swapId: SwapId, n: ClientNote): void {
  if (n.kind === 'outcome') {
    if (isOutcome(n.outcome)) state.counts[n.outcome] += 1;
    o.log('info', 'swap', 'outcome', { swapId, outcome: n.outcome, msg: n.outcome });
    hooks.ended?.(swapId);
  } else if (n.kind === 'halted') {
    o.log('error', 'swap', 'halted', { swapId, msg: n.error.message });
  }
  hooks.changed?.();
}

/**
 * The listener on the configured port. A port just released by a stopped maker may take a moment to be
 * free; one another process holds is an error (takers, and every resumed swap's taker, dial that port).
 */
async function listenOn(c: MakerConfig, node: SwapNode, rec: NodeRecovery): Promise<PeerListener> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const l = await PeerListener.listen({ identity: node.identity, host: c.listen.host, port: c.listen.port });
    if (l.ok) return l.value;
    last = l.error.message;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`listen.port ${c.listen.port} (signed in the maker's offers) is not free: ${last}${rec.resumed.length ? `; ${rec.resumed.length} resumed swap(s) need it` : ''}`);
}

interface Running {
  readonly node: SwapNode;
  readonly signer: MakerSigner;
  readonly listener: PeerListener;
  /** The listener's port, read once (a closed listener has none). */
  readonly port: number;
  readonly book: OfferBook;
  readonly standing: StandingMaker;
  /** Announces the book's offers on the relays, started by the first tick (after the offers exist). */
  readonly publisher: MakerPublisher;
  readonly state: MakerState;
  readonly hooks: { changed?: () => void };
}

function running(o: HeadlessMakerOptions, r: Running): HeadlessMaker {
  let statusTimer: NodeJS.Timeout | undefined;
  const writeNow = () => writeStatus(o.config.data_dir, statusOf(o.config, r));
  // Coalesce the bursts of progress notes of many swaps into one write a second: each write's rename
  // costs the event loop a flush on a busy disk (ext4 flushes a file renamed over another), 4.5 s of
  // 224 s with 5 swaps at one write per 200 ms (bench:maker, the maker's CPU profile).
  r.hooks.changed = () => {
    statusTimer ??= setTimeout(() => {
      statusTimer = undefined;
      if (r.state.phase !== 'stopped') writeNow();
    }, 1000);
  };
  let ticking: Promise<void> | null = null;
  const tick = () =>
    (ticking ??= (async () => {
      await maintainOffers(o, r);
      await r.publisher.tick();
      await abortStaleTakes(o, r);
      writeNow();
    })().finally(() => (ticking = null)));
  r.state.phase = 'running';
  const timer = setInterval(() => void tick().catch((e: unknown) => o.log('error', 'maker', 'tick-failed', { msg: (e as Error).message })), o.tickMs ?? 5000);
  o.log('info', 'maker', 'listening', { msg: `${o.config.listen.host}:${r.port} as ${r.node.identity.publicKeyHex}`, port: r.port });
  return {
    port: r.port,
    identityKey: r.node.identity.publicKeyHex,
    nostrPubkey: () => r.publisher.status().pubkey,
    tick,
    async stop() {
      clearInterval(timer);
      r.state.phase = 'stopping';
      writeNow();
      await ticking?.catch(() => undefined);
      // No new announcement and no new take from here on, then the links and the syncers. The offers
      // stay on the relays until they expire: a restart on the same port serves them again.
      r.publisher.close();
      await r.listener.close();
      await r.node.stop();
      // After the node: a swap stopping may still ask for nothing, but nothing may sign after the stop.
      await r.signer.stop();
      clearTimeout(statusTimer);
      r.state.phase = 'stopped';
      writeNow();
      o.log('info', 'maker', 'stopped', { msg: 'listener, links and syncers closed' });
    },
  };
}

/** Publish what the plan says is due (the fee rate asked of the node then), revoke what it supersedes. */
async function maintainOffers(o: HeadlessMakerOptions, r: Running): Promise<void> {
  const c = o.config;
  const nowSec = Math.floor(Date.now() / 1000);
  const plan = planOffers(r.book.snapshot, sideQuotes(c), {
    nowSec,
    refreshSec: Math.round(c.policy.refresh_minutes * 60),
    expirySec: Math.round(c.policy.offer_expiry_minutes * 60),
    listen: { host: c.listen.public_host, port: r.port },
  });
  if (plan.publish.length === 0 && plan.revoke.length === 0) return;
  const satPerKvB = c.policy.fee_rate_sat_per_vb !== undefined ? Math.round(c.policy.fee_rate_sat_per_vb * 1000) : makerFeeRate(c.network, await requestFeeEstimate(r.node.supervisors.btc)).satPerKvB;
  for (const q of plan.publish) {
    const terms = offerTerms(c, q, { makerKey: r.node.identity.publicKeyHex, port: r.port, nowSec, satPerKvB });
    const offer = r.standing.publish(terms, { nowSec });
    if (!offer.ok) {
      o.log('error', 'offers', 'offer-refused', { msg: `${q.side}: ${offer.error.message}` });
      continue;
    }
    o.log('info', 'offers', 'offer-published', { offerId: terms.offerId, side: q.side, offer: offer.value, msg: `${q.side} ${q.minBtcSats}..${q.btcSats} sats, capacity ${q.capacity}, ${satPerKvB} sat/kvB` });
  }
  for (const id of plan.revoke) {
    r.standing.revoke(id);
    o.log('info', 'offers', 'offer-revoked', { offerId: id, msg: 'superseded or no longer quoted; its running swaps go on' });
  }
  writeOffersFile(c.data_dir, r.book.snapshot, nowSec);
}

/** A take whose swap has run past the take timeout is asked to abort once; the net refuses if it is past the point of abort. */
async function abortStaleTakes(o: HeadlessMakerOptions, r: Running): Promise<void> {
  const nowSec = Math.floor(Date.now() / 1000);
  for (const t of staleTakes(r.book.snapshot, nowSec, Math.round(o.config.policy.take_timeout_minutes * 60))) {
    if (r.state.timeoutAsked.has(t.swapId)) continue;
    r.state.timeoutAsked.add(t.swapId);
    if (!r.node.daemon.actor(t.swapId)) {
      // No swap runs for it (it never started, or ended unnoticed): its place is free.
      if (offerOfSwap(r.book.snapshot, t.swapId)) r.book.end(t.swapId);
      continue;
    }
    const a = await r.node.daemon.onClientDatum(t.swapId, { kind: 'abort' });
    if (a.status === 'applied') o.log('warn', 'offers', 'take-timeout', { swapId: t.swapId, msg: `no lock within ${o.config.policy.take_timeout_minutes} min of the take: aborted, its place is free again` });
    else o.log('info', 'offers', 'take-timeout-past-abort', { swapId: t.swapId, msg: 'past the point of abort: the swap ends by its timelocks' });
  }
}

function statusOf(c: MakerConfig, r: Running): MakerStatus {
  const nowSec = Math.floor(Date.now() / 1000);
  const swaps = r.node.daemon.swapIds.flatMap((id) => {
    const a = r.node.daemon.actor(id);
    if (!a || a.status === 'finished') return [];
    const rec = a.record;
    const v = swapView({ state: rec.core as SwapState, genesisCreatedAt: rec.genesis.createdAt, updatedAt: Date.now(), live: a.status === 'live', damaged: a.status === 'halted' ? 'halted' : null });
    return [{ swapId: id, role: v.summary.role, stage: v.summary.stage, offerId: offerOfSwap(r.book.snapshot, id) ?? null }];
  });
  return {
    version: 1,
    pid: process.pid,
    state: r.state.phase,
    network: c.network,
    listen: { host: c.listen.public_host, port: r.port },
    startedAt: r.state.startedAt,
    updatedAt: new Date().toISOString(),
    offers: statusOffers(r.book.snapshot, nowSec),
    swaps,
    finished: { ...r.state.counts },
    nostr: r.publisher.status(),
  };
}
