// One running swap node under plain Node: the daemon over the on-disk transcript store, one syncer
// supervisor per chain (worker processes), peer links per swap, and its headless client. Invariants:
// syncer events and peer messages reach the daemon only through its actors (filtered, durable first);
// a peer message is acked only after the daemon made it durable; stop() tears down every child.
// Links survive restarts: the node's ed25519 identity is a file in its data dir, a maker's bound
// taker key is persisted before the first message is acked, and own message k of a swap is link seq
// k in every lifetime (restored from the transcript; the actor's resend after a restore is dropped).
import path from 'node:path';
import type { SwapId } from '../../shared/ids';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import type { AppError, Result } from '../../shared/result';
import { appError, err, ok } from '../../shared/result';
import type { BtcWorkerConfig, XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { HeadlessClient } from '../client/headless-client';
import { parseOffer } from '../../shared/offer/offer';
import { PeerMessageSchema } from '../../shared/protocol/peer-messages';
import { canonicalJson, restoreFromTranscript, SentMessages } from '../peer/link-restore';
import { dialPeerLink } from '../peer/peer-dialer';
import { loadOrCreateIdentitySeed, TakerBindings } from '../peer/peer-files';
import { identityFromSeed, type PeerIdentity } from '../peer/peer-identity';
import type { LinkLogEvent, LinkTiming, PeerLink } from '../peer/peer-link';
import type { PeerListener } from '../peer/peer-listener';
import type { DialTarget } from '../peer/tls-dial';
import { forkSpawnPort, type SpawnPort } from '../syncer/spawn-port';
import { startSupervisor, type Supervisor } from '../syncer/supervisor';
import { arbitratingChecks } from './arbitrating-checks';
import type { ClientNote, LogLine, Outcome, PeerPort, TranscriptPort } from './daemon-ports';
import { parseSwapState, swapDecider } from './protocol-decider';
import { StoreTranscript } from './store-transcript';
import { startDleqVerifierPool, type DleqVerifierPool } from '../crypto/dleq-verifier-pool';
import { SwapDaemon, type RecoveryReport } from './swap-daemon';
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
  /** The node's peer identity seed (0600, created on first start); default `<dataDir>/peer/identity.key`. */
  readonly identityFile?: string;
  /** Link timing for every link the node opens or dials (tests shorten the redial backoff). */
  readonly linkTiming?: Partial<LinkTiming>;
  readonly linkLog?: (e: LinkLogEvent) => void;
  /** Verify peers' DLEQ proofs in a worker pool, started when a swap begins (default); false: in line. */
  readonly dleqPool?: boolean;
}

type LinkRole = { role: 'maker' } | { role: 'taker'; maker: DialTarget } | { role: 'none'; why: string };

/** Where a resumed swap's link went after `recover()`. */
export type LinkPlan = 'dialed' | 'opened' | 'awaiting-listener' | 'none';
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
  /** Start-up: daemon.recoverAll(), then the link of every resumed swap from its genesis offer. `skip`: swaps left alone (archived). */
  recover(opts?: { skip?: ReadonlySet<string> }): Promise<Result<NodeRecovery, AppError>>;
  link(swapId: SwapId): PeerLink<PeerMessage> | undefined;
  stop(): Promise<void>;
}

export async function startSwapNode(o: SwapNodeOptions): Promise<Result<SwapNode, AppError>> {
  const log = (l: LogLine) => o.log?.({ ...l, node: o.name });
  const decider = swapDecider();
  const t = await StoreTranscript.open<SwapState>(o.dataDir, decider, (raw) => {
    const r = parseSwapState(raw);
    return r.ok ? ok(r.value) : err(r.error);
  });
  if (!t.ok) return t;
  const seed = loadOrCreateIdentitySeed(o.identityFile ?? path.join(o.dataDir, 'peer', 'identity.key'));
  if (!seed.ok) {
    await t.value.close();
    return seed;
  }
  const identity = identityFromSeed(seed.value);
  const bindings = new TakerBindings(path.join(o.dataDir, 'peer', 'takers'));
  let listener: PeerListener | null = null;
  const spawn = o.spawn ?? forkSpawnPort();
  const btc = startSupervisor({ config: o.btc, spawn });
  const xmr = startSupervisor({ config: o.xmr, spawn });
  const links = new Map<string, PeerLink<PeerMessage>>();
  const backlog = new Map<string, PeerMessage[]>();
  const sent = new Map<string, SentMessages>();
  const clientTail = new Map<string, Promise<void>>();
  const clientQueued = new Map<string, Set<string>>();
  const revealGiven = new Set<string>();
  /**
   * A client restarted with its daemon may lack the verified peer reveal: after a restore the synced
   * step's own requests (e.g. sign-refund-procedure) are performed before the actor re-sends
   * peer-params. Give it first, once per swap and process lifetime (peer-params is idempotent).
   */
  const ensurePeerReveal = async (swapId: SwapId, kind: string) => {
    if (kind === 'peer-params') return void revealGiven.add(swapId);
    if (kind === 'session-params' || revealGiven.has(swapId)) return;
    const reveal = daemon.actor(swapId)?.record.evidence.peerReveal;
    if (!reveal) return;
    const r = await o.client.handle(swapId, { kind: 'peer-params', reveal });
    if (r.ok) revealGiven.add(swapId);
  };
  // Started when a swap begins (its first client request), so the workers build their tables while
  // the commitments are exchanged, not after the peer's reveal arrived.
  let pool: DleqVerifierPool | null = null;
  const dleqPool = () => {
    if (!pool) {
      pool = startDleqVerifierPool();
      pool.ready.catch(() => undefined); // a failed start shows in verify(), which falls back in line
    }
    return pool;
  };
  // The ports close over `daemon`; they only run once it exists.
  const daemon: SwapDaemon<SwapState> = new SwapDaemon<SwapState>({
    decider,
    ...(o.dleqPool === false ? {} : { verifyDleq: (proof, statement) => dleqPool().verify(proof, statement) }),
    transcript: o.wrapTranscript ? o.wrapTranscript(t.value) : t.value,
    syncers: {
      send: (x) => {
        const r = x.chain === 'btc' ? btc.send(x.task) : xmr.send(x.task);
        if (!r.ok) log({ component: 'syncer-port', level: 'error', event: 'task-refused', detail: `${x.task.id}: ${r.error.message}` });
      },
    },
    peer: o.peer ?? {
      send: (swapId, msg) => {
        // Already in the link's outbox (restored, or the actor's resend after a restore): the link delivers it.
        if (!sentOf(swapId).add(msg)) return;
        const link = links.get(swapId);
        if (!link) {
          backlog.set(swapId, [...(backlog.get(swapId) ?? []), msg]);
          return;
        }
        const r = link.send(msg);
        if (!r.ok) log({ component: 'peer-port', level: 'warn', event: 'send-failed', swapId, detail: r.error.message });
      },
    },
    client: {
      request: (swapId, req) => {
        if (req.kind === 'session-params' && o.dleqPool !== false) dleqPool();
        // One request at a time per swap, each answered and applied before the next: the client's
        // memo is read-modify-write, and after a restore the same request comes twice (re-ask +
        // pending re-send). An identical request already queued is not asked again.
        const key = canonicalJson(req);
        const queued = clientQueued.get(swapId) ?? new Set<string>();
        clientQueued.set(swapId, queued);
        if (queued.has(key)) return;
        queued.add(key);
        const run = async () => {
          try {
            await ensurePeerReveal(swapId, req.kind);
            const d = await o.client.handle(swapId, req);
            if (!d.ok) {
              log({ component: 'client', level: 'error', event: 'datum-failed', swapId, detail: d.error.message });
              return;
            }
            if (d.value) {
              const r = await daemon.onClientDatum(swapId, d.value);
              if (r.status !== 'applied') log({ component: 'client', level: 'warn', event: 'datum-not-applied', swapId, detail: r.error.message });
            }
          } catch (e) {
            log({ component: 'client', level: 'error', event: 'datum-failed', swapId, detail: e instanceof Error ? e.message : String(e) });
          } finally {
            queued.delete(key);
          }
        };
        const next = (clientTail.get(swapId) ?? Promise.resolve()).then(run);
        clientTail.set(swapId, next);
      },
      notify: (swapId, note) => o.onNote?.(swapId, note),
    },
    arbitrating: arbitratingChecks(o.chain),
    log,
  });

  const unsubs = [btc, xmr].map((sup) =>
    sup.subscribe((e) => {
      if (e.type === 'syncer') void daemon.onSyncerEvent(e.chain, e.event);
      else if (e.type === 'protocol-error') log({ component: `syncer-${e.chain}`, level: 'error', event: 'protocol-error', detail: e.error });
      else if (e.type === 'health') log({ component: `syncer-${e.chain}`, level: 'debug', event: 'health', detail: `${e.health.worker}/${e.health.backend}` });
    }),
  );

  /** Own messages already in the transcript: the link's outbox starts with them, numbered 1..n. */
  const ownMessages = (swapId: SwapId): readonly PeerMessage[] => daemon.actor(swapId)?.record.evidence.peerOut ?? [];
  function sentOf(swapId: SwapId): SentMessages {
    let s = sent.get(swapId);
    if (!s) sent.set(swapId, (s = new SentMessages()));
    return s;
  }
  /** A new link restarts the numbering from the transcript, so what this process queued is forgotten. */
  const restoreFor = (swapId: SwapId) => {
    const own = ownMessages(swapId);
    sent.set(swapId, new SentMessages(own));
    backlog.delete(swapId);
    return restoreFromTranscript(own);
  };
  const linkOpts = (swapId: SwapId) => ({
    swapId,
    bodySchema: PeerMessageSchema as never,
    restore: restoreFor(swapId),
    ...(o.linkTiming ? { timing: o.linkTiming } : {}),
    ...(o.linkLog ? { log: o.linkLog } : {}),
  });
  /** Maker or taker of a swap, from the offer in its genesis (maker: the offer is signed with our key). */
  const plans = new Map<string, LinkRole>();
  const planOf = (swapId: SwapId): LinkRole => {
    const known = plans.get(swapId);
    if (known) return known;
    const p = roleFromGenesis(swapId);
    if (p.role !== 'none') plans.set(swapId, p);
    return p;
  };
  const roleFromGenesis = (swapId: SwapId): LinkRole => {
    const g = daemon.actor(swapId)?.record.genesis;
    if (!g?.offer) return { role: 'none', why: 'no offer in the genesis' };
    // The offer was valid when the swap started; its expiry does not end a running swap.
    const p = parseOffer(g.offer, { nowSec: Math.floor(g.createdAt / 1000) });
    if (!p.ok) return { role: 'none', why: p.error.message };
    if (p.value.makerKey === identity.publicKeyHex) return { role: 'maker' };
    return { role: 'taker', maker: { host: p.value.makerAddress.host, port: p.value.makerAddress.port, key: p.value.makerKey } };
  };

  const node: SwapNode = {
    name: o.name,
    daemon,
    supervisors: { btc, xmr },
    identity,
    identitySeed: seed.value,
    link: (swapId) => links.get(swapId),
    async outcomeOf(swapId) {
      const live = daemon.actor(swapId);
      if (live) return live.outcome;
      const r = await t.value.recover(swapId);
      return r.ok ? decider.outcome(r.value.record.core) : null;
    },
    dialMaker(swapId, maker) {
      links.get(swapId)?.close();
      const link = dialPeerLink<PeerMessage>({ ...linkOpts(swapId), identity, maker });
      node.attachLink(swapId, link);
      return link;
    },
    serve(l) {
      listener = l;
      for (const id of daemon.swapIds) {
        if (links.has(id) || daemon.actor(id)?.status === 'finished' || planOf(id).role !== 'maker') continue;
        const r = node.openOnListener(id);
        if (!r.ok) log({ component: 'peer-port', level: 'error', event: 'open-failed', swapId: id, detail: r.error.message });
      }
    },
    openOnListener(swapId) {
      if (!listener) return err(appError('no-listener', `swap ${swapId}: this node serves no listener yet; call serve(listener) first`));
      links.get(swapId)?.close();
      const takerKey = bindings.get(swapId);
      let link: PeerLink<PeerMessage>;
      try {
        link = listener.open<PeerMessage>({ ...linkOpts(swapId), ...(takerKey ? { takerKey } : {}) });
      } catch (e) {
        return err(appError('link-open-failed', `swap ${swapId}: ${(e as Error).message}`));
      }
      node.attachLink(swapId, link);
      return ok(link);
    },
    async recover(opts) {
      const rep = await daemon.recoverAll(opts);
      if (!rep.ok) return rep;
      const out: Record<string, LinkPlan> = {};
      for (const id of rep.value.resumed) {
        const plan = planOf(id);
        if (links.has(id)) out[id] = 'none';
        else if (plan.role === 'taker') {
          node.dialMaker(id, plan.maker);
          out[id] = 'dialed';
        } else if (plan.role === 'maker') {
          const r = listener ? node.openOnListener(id) : null;
          out[id] = r?.ok ? 'opened' : 'awaiting-listener';
        } else {
          out[id] = 'none';
          log({ component: 'peer-port', level: 'warn', event: 'no-link', swapId: id, detail: plan.why });
        }
      }
      return ok({ ...rep.value, links: out });
    },
    attachLink(swapId, link) {
      links.set(swapId, link);
      let bound = bindings.get(swapId);
      link.onMessage(async (m) => {
        // A maker binds the first taker key durably before acking anything from it: after a restart
        // only that key may resume the swap. (For a taker the maker key is pinned by the offer.)
        if (bound === undefined && planOf(swapId).role === 'maker') {
          const b = bindings.bind(swapId, m.peerKey);
          if (!b.ok) throw new Error(b.error.message);
          bound = m.peerKey;
        }
        const r = await daemon.onPeerMessage(swapId, m.body);
        // Not durable (halted) or no such swap yet: no ack, the peer resends after reconnect.
        if (r.status === 'halted' || (r.status === 'rejected' && r.error.kind === 'swap-unknown')) throw new Error(r.error.message);
      });
      for (const m of backlog.get(swapId) ?? []) link.send(m);
      backlog.delete(swapId);
    },
    async stop() {
      for (const u of unsubs) u();
      for (const l of links.values()) l.close?.();
      await Promise.all([btc.stop(), xmr.stop(), pool?.stop()]);
      await t.value.close();
    },
  };
  return ok(node);
}
