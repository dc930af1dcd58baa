// One running swap node under plain Node: the daemon over the on-disk transcript store, one syncer
// supervisor per chain (worker processes), peer links per swap, and its headless client. Invariants:
// syncer events and peer messages reach the daemon only through its actors (filtered, durable first);
// a peer message is acked only after the daemon made it durable; stop() tears down every child.
import type { SwapId } from '../../shared/ids';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import type { AppError, Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { BtcWorkerConfig, XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import type { HeadlessClient } from '../client/headless-client';
import type { PeerLink } from '../peer/peer-link';
import { forkSpawnPort } from '../syncer/spawn-port';
import { startSupervisor, type Supervisor } from '../syncer/supervisor';
import { arbitratingChecks } from './arbitrating-checks';
import type { ClientNote, LogLine, PeerPort, TranscriptPort } from './daemon-ports';
import { parseSwapState, swapDecider } from './protocol-decider';
import { StoreTranscript } from './store-transcript';
import { SwapDaemon } from './swap-daemon';
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
  /** Wraps the transcript port (the crash matrix's fault hook). */
  readonly wrapTranscript?: (t: TranscriptPort<SwapState>) => TranscriptPort<SwapState>;
}

export interface SwapNode {
  readonly name: string;
  readonly daemon: SwapDaemon<SwapState>;
  readonly supervisors: { readonly btc: Supervisor; readonly xmr: Supervisor };
  /** Route a swap's own messages to `link`, and the link's deliveries to the daemon (ack after durable). */
  attachLink(swapId: SwapId, link: PeerLink<PeerMessage>): void;
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
  const spawn = forkSpawnPort();
  const btc = startSupervisor({ config: o.btc, spawn });
  const xmr = startSupervisor({ config: o.xmr, spawn });
  const links = new Map<string, PeerLink<PeerMessage>>();
  const backlog = new Map<string, PeerMessage[]>();
  // The ports close over `daemon`; they only run once it exists.
  const daemon: SwapDaemon<SwapState> = new SwapDaemon<SwapState>({
    decider,
    transcript: o.wrapTranscript ? o.wrapTranscript(t.value) : t.value,
    syncers: {
      send: (x) => {
        const r = x.chain === 'btc' ? btc.send(x.task) : xmr.send(x.task);
        if (!r.ok) log({ component: 'syncer-port', level: 'error', event: 'task-refused', detail: `${x.task.id}: ${r.error.message}` });
      },
    },
    peer: o.peer ?? {
      send: (swapId, msg) => {
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
        void o.client.handle(swapId, req).then(async (d) => {
          if (!d.ok) {
            log({ component: 'client', level: 'error', event: 'datum-failed', swapId, detail: d.error.message });
            return;
          }
          if (d.value) {
            const r = await daemon.onClientDatum(swapId, d.value);
            if (r.status !== 'applied') log({ component: 'client', level: 'warn', event: 'datum-not-applied', swapId, detail: r.error.message });
          }
        });
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

  return ok({
    name: o.name,
    daemon,
    supervisors: { btc, xmr },
    attachLink(swapId, link) {
      links.set(swapId, link);
      link.onMessage(async (m) => {
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
      await Promise.all([btc.stop(), xmr.stop()]);
      await t.value.close();
    },
  });
}
