// One running swap node under plain Node: the daemon over the on-disk transcript store, one syncer
// supervisor per chain (worker processes), peer links per swap, and its headless client. Invariants:
// syncer events and peer messages reach the daemon only through its actors (filtered, durable first);
// a peer message is acked only after the daemon made it durable; stop() tears down every child.
// Links survive restarts: the node's ed25519 identity is a file in its data dir, a maker's bound
// taker key is persisted before the first message is acked, and own message k of a swap is link seq
// k in every lifetime (restored from the transcript; the actor's resend after a restore is dropped).
// Here: the composition (store, identity, supervisors, daemon, the node's API); the peer links are
// swap-links.ts, the client request queue client-queue.ts.
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import type { AppError, Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { BtcWorkerConfig, XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { HeadlessClient } from '../client/headless-client';
import { loadOrCreateIdentitySeed, TakerBindings } from '../peer/peer-files';
import { identityFromSeed, type PeerIdentity } from '../peer/peer-identity';
import type { LinkLogEvent, LinkTiming, PeerLink } from '../peer/peer-link';
import type { PeerListener } from '../peer/peer-listener';
import type { DialTarget } from '../peer/tls-dial';
import { forkSpawnPort, type SpawnPort } from '../syncer/spawn-port';
import { startSupervisor, type Supervisor } from '../syncer/supervisor';
import { arbitratingChecks } from '../../shared/protocol/checks/arbitrating-checks';
import { clientQueue } from './client-queue';
import type { ClientNote, LogLine, Logger, Outcome, PeerPort, SwapDecider, SyncerPort, TranscriptPort } from './daemon-ports';
import { parseSwapState, swapDecider } from '../../shared/protocol/swap-decider';
import { StoreTranscript } from './store-transcript';
import { startDleqVerifierPool, type DleqVerifierPool } from '../crypto/dleq-verifier-pool';
import { SwapDaemon, type RecoveryReport } from './swap-daemon';
import { SwapLinks, type LinkPlan } from './swap-links';
import type { BtcChainSettings } from '../../shared/protocol/swap-btc-params';

export interface SwapNodeOptions {
  readonly name: string;
  readonly dataDir: string;
  readonly btc: BtcWorkerConfig;
  readonly xmr: XmrWorkerConfig;
  readonly chain: BtcChainSettings;
  readonly client: HeadlessClient;
  readonly log?: (l: LogLine & { node: string }) => void;
  readonly onNote?: (swapId: SwapId, note: ClientNote) => void;
  /** Replaces the peer links (e.g. a parent process relaying messages); unset: attachLink's links. */
  readonly peer?: PeerPort;
  /** How syncer workers start: fork under Node (default), Electron's utilityProcess in the app. */
  readonly spawn?: SpawnPort;
  /** Wraps the transcript port (the crash matrix's fault hook). */
  readonly wrapTranscript?: (t: TranscriptPort<SwapState>) => TranscriptPort<SwapState>;
  /** Wraps the syncer port (a test's hook: e.g. a rogue party holding its own broadcast); unset: the supervisors as they are. */
  readonly wrapSyncers?: (p: SyncerPort) => SyncerPort;
  /** The node's peer identity seed (0600, created on first start); default `<dataDir>/peer/identity.key`. */
  readonly identityFile?: string;
  /** Link timing for every link the node opens or dials (tests shorten the redial backoff). */
  readonly linkTiming?: Partial<LinkTiming>;
  readonly linkLog?: (e: LinkLogEvent) => void;
  /** Verify peers' DLEQ proofs in a worker pool, started when a swap begins (default); false: in line. */
  readonly dleqPool?: boolean;
}

export type { LinkPlan };
export interface NodeRecovery extends RecoveryReport {
  readonly links: Readonly<Record<string, LinkPlan>>;
}

export interface SwapNode {
  readonly name: string;
  readonly daemon: SwapDaemon<SwapState>;
  readonly supervisors: { readonly btc: Supervisor; readonly xmr: Supervisor };
  /** The node's persistent peer identity: a maker's offers carry `identity.publicKeyHex` as makerKey. */
  readonly identity: PeerIdentity;
  /** The identity seed, for signing this node's offers (createOffer); never log or send it. */
  readonly identitySeed: Uint8Array;
  /** Route a swap's own messages to `link`, and the link's deliveries to the daemon (ack after durable). */
  attachLink(swapId: SwapId, link: PeerLink<PeerMessage>): void;
  /** Taker: dial the offer's maker with this node's identity (restored from the transcript) and attach it. */
  dialMaker(swapId: SwapId, maker: DialTarget): PeerLink<PeerMessage>;
  /** Maker: the listener this node's swaps are answered on; opens every maker swap that has no link yet. */
  serve(listener: PeerListener): void;
  /** Maker: open (restored, bound taker key if any) and attach the link of one swap on the served listener. */
  openOnListener(swapId: SwapId): Result<PeerLink<PeerMessage>, AppError>;
  /** The outcome of a swap from its transcript (finished swaps have no actor after a restart). */
  outcomeOf(swapId: SwapId): Promise<Outcome | null>;
  /** A swap's stored records as they are (genesis, then entries), read-only: the swap exports read them. */
  readTranscript(swapId: SwapId): ReturnType<StoreTranscript<SwapState>['store']['read']>;
  /** Start-up: daemon.recoverAll(), then the link of every resumed swap from its genesis offer. `skip`: swaps left alone (archived). */
  recover(opts?: { skip?: ReadonlySet<string> }): Promise<Result<NodeRecovery, AppError>>;
  link(swapId: SwapId): PeerLink<PeerMessage> | undefined;
  stop(): Promise<void>;
}

/** What the node owns and closes: the transcript store, the syncer supervisors, the DLEQ pool. */
interface NodeParts {
  readonly store: StoreTranscript<SwapState>;
  readonly decider: SwapDecider<SwapState>;
  readonly identity: PeerIdentity;
  readonly identitySeed: Uint8Array;
  readonly supervisors: { readonly btc: Supervisor; readonly xmr: Supervisor };
  readonly dleq: LazyDleqPool;
}

/** Open the transcript store, load the peer identity, start both syncer supervisors, then compose the node. */
export async function startSwapNode(o: SwapNodeOptions): Promise<Result<SwapNode, AppError>> {
  const decider = swapDecider();
  const store = await StoreTranscript.open<SwapState>(o.dataDir, decider, (raw) => {
    const r = parseSwapState(raw);
    return r.ok ? ok(r.value) : err(r.error);
  });
  if (!store.ok) return store;
  const seed = loadOrCreateIdentitySeed(o.identityFile ?? path.join(o.dataDir, 'peer', 'identity.key'));
  if (!seed.ok) {
    await store.value.close();
    return seed;
  }
  const identity = identityFromSeed(seed.value);
  const spawn = o.spawn ?? forkSpawnPort();
  const supervisors = { btc: startSupervisor({ config: o.btc, spawn }), xmr: startSupervisor({ config: o.xmr, spawn }) };
  return ok(composeNode(o, { store: store.value, decider, identity, identitySeed: seed.value, supervisors, dleq: lazyDleqPool() }));
}

/** The daemon over the store, its ports (syncers, peer links, client queue), and the node around them. */
function composeNode(o: SwapNodeOptions, p: NodeParts): SwapNode {
  const log = (l: LogLine) => o.log?.({ ...l, node: o.name });
  const { btc, xmr } = p.supervisors;
  const bindings = new TakerBindings(path.join(o.dataDir, 'peer', 'takers'));
  const links = new SwapLinks({ daemon: () => daemon, identity: p.identity, bindings, log, linkTiming: o.linkTiming, linkLog: o.linkLog });
  const syncers: SyncerPort = {
    send: (x) => {
      const r = x.chain === 'btc' ? btc.send(x.task) : xmr.send(x.task);
      if (!r.ok) log({ component: 'syncer-port', level: 'error', event: 'task-refused', detail: `${x.task.id}: ${r.error.message}` });
    },
  };
  // The ports close over `daemon`; they only run once it exists.
  const daemon: SwapDaemon<SwapState> = new SwapDaemon<SwapState>({
    decider: p.decider,
    ...(o.dleqPool === false ? {} : { verifyDleq: (proof, statement) => p.dleq.get().verify(proof, statement) }),
    transcript: o.wrapTranscript ? o.wrapTranscript(p.store) : p.store,
    syncers: o.wrapSyncers ? o.wrapSyncers(syncers) : syncers,
    peer: o.peer ?? links.peerPort,
    // Started when a swap begins (its first client request), so the workers build their tables while
    // the commitments are exchanged, not after the peer's reveal arrived.
    client: clientQueue({ client: o.client, daemon: () => daemon, log, onNote: o.onNote, ...(o.dleqPool === false ? {} : { onSwapBegins: () => void p.dleq.get() }) }),
    arbitrating: arbitratingChecks(o.chain),
    log,
  });
  const unsubs = routeSyncerEvents(p.supervisors, daemon, log);

  const node: SwapNode = {
    name: o.name,
    daemon,
    supervisors: p.supervisors,
    identity: p.identity,
    identitySeed: p.identitySeed,
    link: (swapId) => links.get(swapId),
    async outcomeOf(swapId) {
      const live = daemon.actor(swapId);
      if (live) return live.outcome;
      const r = await p.store.recover(swapId);
      return r.ok ? p.decider.outcome(r.value.record.core) : null;
    },
    readTranscript: (swapId) => p.store.store.read(swapId),
    dialMaker: (swapId, maker) => links.dialMaker(swapId, maker),
    serve: (l) => links.serve(l),
    openOnListener: (swapId) => links.openOnListener(swapId),
    async recover(opts) {
      const rep = await daemon.recoverAll(opts);
      if (!rep.ok) return rep;
      return ok({ ...rep.value, links: links.planResumed(rep.value.resumed) });
    },
    attachLink: (swapId, link) => links.attach(swapId, link),
    async stop() {
      for (const u of unsubs) u();
      links.closeAll();
      await Promise.all([btc.stop(), xmr.stop(), p.dleq.stop()]);
      await p.store.close();
    },
  };
  return node;
}

/** Syncer events to the daemon (through its actors); worker faults and health to the log. */
function routeSyncerEvents(supervisors: NodeParts['supervisors'], daemon: SwapDaemon<SwapState>, log: Logger): (() => void)[] {
  return [supervisors.btc, supervisors.xmr].map((sup) =>
    sup.subscribe((e) => {
      if (e.type === 'syncer') void daemon.onSyncerEvent(e.chain, e.event);
      else if (e.type === 'protocol-error') log({ component: `syncer-${e.chain}`, level: 'error', event: 'protocol-error', detail: e.error });
      else if (e.type === 'health') log({ component: `syncer-${e.chain}`, level: 'debug', event: 'health', detail: `${e.health.worker}/${e.health.backend}` });
    }),
  );
}

interface LazyDleqPool {
  /** The pool, started on first use. */
  get(): DleqVerifierPool;
  /** Stops the pool if it was started. */
  stop(): Promise<void> | undefined;
}

/** DLEQ proofs verified in a worker pool, started only when a swap needs it. */
function lazyDleqPool(): LazyDleqPool {
  let pool: DleqVerifierPool | null = null;
  return {
    get() {
      if (!pool) {
        pool = startDleqVerifierPool();
        pool.ready.catch(() => undefined); // a failed start shows in verify(), which falls back in line
      }
      return pool;
    },
    stop: () => pool?.stop(),
  };
}
