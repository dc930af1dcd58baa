// The swap node's peer links: one per swap, dialed to the offer's maker (taker) or opened on the
// node's listener (maker), and the peer port the daemon sends its own messages through. Invariants:
// a peer message reaches the daemon only through `onPeerMessage` and is acked only after it is
// durable; a maker binds the first taker key durably before acking anything from it; own message k
// of a swap is link seq k in every lifetime (a new link's outbox is restored from the transcript and
// what this process queued before is forgotten; the actor's resend after a restore is dropped).
import type { SwapId } from '../../shared/ids';
import { parseOffer } from '../../shared/offer/offer';
import type { PeerMessage } from '../../shared/protocol/peer-messages';
import { PeerMessageSchema } from '../../shared/protocol/peer-messages';
import type { SwapState } from '../../shared/protocol/state';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { restoreFromTranscript, SentMessages } from '../peer/link-restore';
import { dialPeerLink } from '../peer/peer-dialer';
import type { TakerBindings } from '../peer/peer-files';
import type { PeerIdentity } from '../peer/peer-identity';
import type { LinkLogEvent, LinkTiming, PeerLink } from '../peer/peer-link';
import type { PeerListener } from '../peer/peer-listener';
import type { DialTarget } from '../peer/tls-dial';
import type { Logger, PeerPort } from './daemon-ports';
import type { SwapDaemon } from './swap-daemon';

/** Where a resumed swap's link went after `recover()`. */
export type LinkPlan = 'dialed' | 'opened' | 'awaiting-listener' | 'none';

type LinkRole = { role: 'maker' } | { role: 'taker'; maker: DialTarget } | { role: 'none'; why: string };

export interface SwapLinksOptions {
  /** The daemon the links deliver to (it is created after the links: read only once it exists). */
  readonly daemon: () => Pick<SwapDaemon<SwapState>, 'actor' | 'swapIds' | 'onPeerMessage'>;
  readonly identity: PeerIdentity;
  readonly bindings: TakerBindings;
  readonly log: Logger;
  /** Link timing for every link the node opens or dials (tests shorten the redial backoff). */
  readonly linkTiming?: Partial<LinkTiming>;
  readonly linkLog?: (e: LinkLogEvent) => void;
}

export class SwapLinks {
  private readonly links = new Map<string, PeerLink<PeerMessage>>();
  /** Own messages sent before the swap had a link: handed to the link when it is attached. */
  private readonly backlog = new Map<string, PeerMessage[]>();
  private readonly sent = new Map<string, SentMessages>();
  /** Maker or taker of a swap, from the offer in its genesis. */
  private readonly plans = new Map<string, LinkRole>();
  private listener: PeerListener | null = null;

  constructor(private readonly o: SwapLinksOptions) {}

  /** The daemon's peer port: a message already durable goes to the swap's link, or waits for one. */
  readonly peerPort: PeerPort = {
    send: (swapId, msg) => {
      // Already in the link's outbox (restored, or the actor's resend after a restore): the link delivers it.
      if (!this.sentOf(swapId).add(msg)) return;
      const link = this.links.get(swapId);
      if (!link) {
        this.backlog.set(swapId, [...(this.backlog.get(swapId) ?? []), msg]);
        return;
      }
      const r = link.send(msg);
      if (!r.ok) this.o.log({ component: 'peer-port', level: 'warn', event: 'send-failed', swapId, detail: r.error.message });
    },
  };

  get(swapId: SwapId): PeerLink<PeerMessage> | undefined {
    return this.links.get(swapId);
  }

  /** Taker: dial the offer's maker with this node's identity (restored from the transcript) and attach it. */
  dialMaker(swapId: SwapId, maker: DialTarget): PeerLink<PeerMessage> {
    this.links.get(swapId)?.close();
    const link = dialPeerLink<PeerMessage>({ ...this.linkOpts(swapId), identity: this.o.identity, maker });
    this.attach(swapId, link);
    return link;
  }

  /** Maker: the listener this node's swaps are answered on; opens every maker swap that has no link yet. */
  serve(listener: PeerListener): void {
    this.listener = listener;
    const daemon = this.o.daemon();
    for (const id of daemon.swapIds) {
      if (this.links.has(id) || daemon.actor(id)?.status === 'finished' || this.planOf(id).role !== 'maker') continue;
      const r = this.openOnListener(id);
      if (!r.ok) this.o.log({ component: 'peer-port', level: 'error', event: 'open-failed', swapId: id, detail: r.error.message });
    }
  }

  /** Maker: open (restored, bound taker key if any) and attach the link of one swap on the served listener. */
  openOnListener(swapId: SwapId): Result<PeerLink<PeerMessage>, AppError> {
    if (!this.listener) return err(appError('no-listener', `swap ${swapId}: this node serves no listener yet; call serve(listener) first`));
    this.links.get(swapId)?.close();
    const takerKey = this.o.bindings.get(swapId);
    let link: PeerLink<PeerMessage>;
    try {
      link = this.listener.open<PeerMessage>({ ...this.linkOpts(swapId), ...(takerKey ? { takerKey } : {}) });
    } catch (e) {
      return err(appError('link-open-failed', `swap ${swapId}: ${(e as Error).message}`));
    }
    this.attach(swapId, link);
    return ok(link);
  }

  /** After recovery: the link of every resumed swap, from its genesis offer. */
  planResumed(resumed: readonly SwapId[]): Record<string, LinkPlan> {
    const out: Record<string, LinkPlan> = {};
    for (const id of resumed) {
      const plan = this.planOf(id);
      if (this.links.has(id)) out[id] = 'none';
      else if (plan.role === 'taker') {
        this.dialMaker(id, plan.maker);
        out[id] = 'dialed';
      } else if (plan.role === 'maker') {
        const r = this.listener ? this.openOnListener(id) : null;
        out[id] = r?.ok ? 'opened' : 'awaiting-listener';
      } else {
        out[id] = 'none';
        this.o.log({ component: 'peer-port', level: 'warn', event: 'no-link', swapId: id, detail: plan.why });
      }
    }
    return out;
  }

  /** Route a swap's own messages to `link`, and the link's deliveries to the daemon (ack after durable). */
  attach(swapId: SwapId, link: PeerLink<PeerMessage>): void {
    this.links.set(swapId, link);
    let bound = this.o.bindings.get(swapId);
    link.onMessage(async (m) => {
      // A maker binds the first taker key durably before acking anything from it: after a restart
      // only that key may resume the swap. (For a taker the maker key is pinned by the offer.)
      if (bound === undefined && this.planOf(swapId).role === 'maker') {
        const b = this.o.bindings.bind(swapId, m.peerKey);
        if (!b.ok) throw new Error(b.error.message);
        bound = m.peerKey;
      }
      const r = await this.o.daemon().onPeerMessage(swapId, m.body);
      // Not durable (halted) or no such swap yet: no ack, the peer resends after reconnect.
      if (r.status === 'halted' || (r.status === 'rejected' && r.error.kind === 'swap-unknown')) throw new Error(r.error.message);
    });
    for (const m of this.backlog.get(swapId) ?? []) link.send(m);
    this.backlog.delete(swapId);
  }

  closeAll(): void {
    for (const l of this.links.values()) l.close?.();
  }

  private sentOf(swapId: SwapId): SentMessages {
    let s = this.sent.get(swapId);
    if (!s) this.sent.set(swapId, (s = new SentMessages()));
    return s;
  }

  /** A new link restarts the numbering from the transcript: own messages already there, numbered 1..n. */
  private restoreFor(swapId: SwapId) {
    const own: readonly PeerMessage[] = this.o.daemon().actor(swapId)?.record.evidence.peerOut ?? [];
    this.sent.set(swapId, new SentMessages(own));
    this.backlog.delete(swapId);
    return restoreFromTranscript(own);
  }

  private linkOpts(swapId: SwapId) {
    return {
      swapId,
      bodySchema: PeerMessageSchema as never,
      restore: this.restoreFor(swapId),
      ...(this.o.linkTiming ? { timing: this.o.linkTiming } : {}),
      ...(this.o.linkLog ? { log: this.o.linkLog } : {}),
    };
  }

  private planOf(swapId: SwapId): LinkRole {
    const known = this.plans.get(swapId);
    if (known) return known;
    const p = this.roleFromGenesis(swapId);
    if (p.role !== 'none') this.plans.set(swapId, p);
    return p;
  }

  /** Maker or taker of a swap, from the offer in its genesis (maker: the offer is signed with our key). */
  private roleFromGenesis(swapId: SwapId): LinkRole {
    const g = this.o.daemon().actor(swapId)?.record.genesis;
    if (!g?.offer) return { role: 'none', why: 'no offer in the genesis' };
    // The offer was valid when the swap started; its expiry does not end a running swap.
    const p = parseOffer(g.offer, { nowSec: Math.floor(g.createdAt / 1000) });
    if (!p.ok) return { role: 'none', why: p.error.message };
    if (p.value.makerKey === this.o.identity.publicKeyHex) return { role: 'maker' };
    return { role: 'taker', maker: { host: p.value.makerAddress.host, port: p.value.makerAddress.port, key: p.value.makerKey } };
  }
}
