// One swap's link to the counterparty daemon: an outbox resent after every reconnect, cumulative
// acks, in-order exactly-once delivery per process, keepalive and idle detection, over whatever
// authenticated socket the dialer (taker) or listener (maker) attaches. Guards: a message is acked
// only after the runtime's handler made it durable, and an own message leaves the outbox only once
// the peer acked it; peer messages are hints, the link never interprets them.
import { randomInt } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import type { SwapId } from '../../shared/ids';
import { err, ok, type Result } from '../../shared/result';
import { DEFAULT_MAX_FRAME_BYTES, FrameDecoder } from './link-frame-codec';
import { decodeEnvelope, encodeEnvelope, envelopeSchema, LINK_VERSION, type Envelope, type EnvelopeSchema } from './link-envelope';
import { LinkOutbox, type LinkRestore } from './link-outbox';
import { peerError, type PeerError } from './peer-errors';

export interface LinkTiming {
  /** From socket up to the peer's hello. */
  readonly helloTimeoutMs: number;
  readonly pingIntervalMs: number;
  /** No frame at all for this long (pings included) = the connection is dead. */
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
}

export const DEFAULT_TIMING: LinkTiming = {
  helloTimeoutMs: 10_000,
  pingIntervalMs: 5_000,
  idleTimeoutMs: 20_000,
  connectTimeoutMs: 10_000,
  backoffInitialMs: 250,
  backoffMaxMs: 15_000,
};

export type LinkState = 'connecting' | 'connected' | 'disconnected' | 'closed';
export interface LinkStatus {
  readonly state: LinkState;
  /** Why the last connection ended or the last attempt failed. */
  readonly error?: PeerError;
  /** The authenticated key of the peer (pinned for a taker, bound on first contact for a maker). */
  readonly peerKey?: string;
  /** When disconnected: the next dial attempt is in this many ms (taker only). */
  readonly retryInMs?: number;
}

export interface IncomingMessage<B> {
  readonly seq: number;
  readonly body: B;
  /** The key the sender proved in the TLS handshake: persist it with the first message. */
  readonly peerKey: string;
}
/** Must make the message durable (transcript) before it resolves: the ack goes out after that. */
export type MessageHandler<B> = (m: IncomingMessage<B>) => void | Promise<void>;

export interface LinkLogEvent {
  readonly component: 'peer-link';
  readonly swapId: SwapId;
  readonly level: 'debug' | 'info' | 'warn';
  readonly event: string;
  readonly seq?: number;
  readonly detail?: string;
}

export interface PeerLinkOptions<B> {
  readonly swapId: SwapId;
  /** The protocol's message-body schema (shared/protocol/peer-messages.ts): every body is checked against it, both ways. */
  readonly bodySchema: z.ZodType<B>;
  readonly restore?: LinkRestore<B>;
  readonly maxFrameBytes?: number;
  readonly timing?: Partial<LinkTiming>;
  readonly log?: (e: LinkLogEvent) => void;
}

export interface SessionEnd {
  readonly error: PeerError;
  /** The hello exchange completed: the dialer resets its backoff. */
  readonly established: boolean;
}

interface Session {
  readonly socket: Duplex;
  readonly decoder: FrameDecoder;
  readonly peerKey: string;
  /** The dialer speaks first; the listener answers the hello. */
  readonly initiator: boolean;
  established: boolean;
  ended: boolean;
  socketError?: Error;
  timers: ReturnType<typeof setTimeout>[];
  idle?: ReturnType<typeof setTimeout>;
  resolveEnd: (end: SessionEnd) => void;
}

export class PeerLink<B> {
  readonly swapId: SwapId;
  readonly timing: LinkTiming;
  readonly maxFrameBytes: number;
  private readonly bodySchema: z.ZodType<B>;
  private readonly schema: EnvelopeSchema<B>;
  private readonly outbox: LinkOutbox<B>;
  private readonly log: (e: LinkLogEvent) => void;
  private readonly abort = new AbortController();
  private session: Session | undefined;
  private current: LinkStatus = { state: 'disconnected' };
  private handler: MessageHandler<B> | undefined;
  private waiting: IncomingMessage<B>[] = [];
  private deliveries: Promise<void> = Promise.resolve();
  private readonly ackedHandlers = new Set<(seq: number) => void>();
  private readonly statusHandlers = new Set<(s: LinkStatus) => void>();
  private boundKey: string | undefined;

  constructor(opts: PeerLinkOptions<B> & { readonly peerKey?: string }) {
    this.swapId = opts.swapId;
    this.bodySchema = opts.bodySchema;
    this.schema = envelopeSchema(opts.bodySchema);
    this.timing = { ...DEFAULT_TIMING, ...opts.timing };
    this.maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.log = opts.log ?? (() => {});
    this.boundKey = opts.peerKey;
    if (opts.restore) {
      for (const m of opts.restore.unacked) {
        if (!this.bodySchema.safeParse(JSON.parse(JSON.stringify(m.body))).success) throw new RangeError(`restore: own message ${m.seq} does not match the body schema`);
      }
    }
    this.outbox = new LinkOutbox(opts.restore);
  }

  // ---- the runtime's side ------------------------------------------------------------------

  /**
   * Queues an own message; the caller has already written it to the transcript as message
   * `nextSeq`. Returns its seq. Nothing is queued on error (body not matching the schema, too big,
   * link closed).
   */
  send(body: B): Result<number, PeerError> {
    if (this.isClosed) return err(peerError('closed', 'the link is closed'));
    let bodyJson: string;
    try {
      bodyJson = JSON.stringify(body);
    } catch (e) {
      return err(peerError('bad-frame', `outgoing body is not JSON-serialisable: ${(e as Error).message}`));
    }
    // Checked as the peer will see it (after JSON), so the peer never drops the link over our own message.
    if (bodyJson === undefined || !this.bodySchema.safeParse(JSON.parse(bodyJson)).success) {
      return err(peerError('bad-frame', 'outgoing body does not match the message schema'));
    }
    // Sized with the largest possible ack, so the frame stays under the limit on every later resend.
    const worst = Buffer.byteLength(this.msgJson(this.outbox.nextSeq, Number.MAX_SAFE_INTEGER, bodyJson));
    if (worst > this.maxFrameBytes) {
      return err(peerError('frame-too-large', `message of ${worst} bytes exceeds the ${this.maxFrameBytes}-byte frame limit`));
    }
    const entry = this.outbox.enqueue(body, bodyJson);
    const s = this.session;
    if (s?.established) this.writeMsg(s, entry.seq, entry.bodyJson);
    return ok(entry.seq);
  }

  /** One handler; messages that arrive before it is set wait for it. */
  onMessage(handler: MessageHandler<B>): void {
    this.handler = handler;
    const queued = this.waiting;
    this.waiting = [];
    for (const m of queued) this.deliver(m);
  }

  /** Called with the peer's cumulative ack each time it advances: own messages up to it can be marked acked. */
  onAcked(h: (uptoSeq: number) => void): () => void {
    this.ackedHandlers.add(h);
    return () => this.ackedHandlers.delete(h);
  }

  onStatus(h: (s: LinkStatus) => void): () => void {
    this.statusHandlers.add(h);
    return () => this.statusHandlers.delete(h);
  }

  get status(): LinkStatus {
    return this.current;
  }
  get nextSeq(): number {
    return this.outbox.nextSeq;
  }
  get lastDeliveredSeq(): number {
    return this.outbox.lastDeliveredSeq;
  }
  get peerAckedSeq(): number {
    return this.outbox.peerAckedSeq;
  }
  get unackedCount(): number {
    return this.outbox.pending.length;
  }
  get peerKey(): string | undefined {
    return this.boundKey;
  }
  get isClosed(): boolean {
    return this.abort.signal.aborted;
  }
  /** Aborts when the link closes: dial loops and backoff sleeps listen to it. */
  get closedSignal(): AbortSignal {
    return this.abort.signal;
  }

  close(): void {
    if (this.isClosed) return;
    this.abort.abort();
    if (this.session) this.endSession(this.session, peerError('closed', 'the link was closed'));
    this.setStatus({ state: 'closed', ...(this.boundKey ? { peerKey: this.boundKey } : {}) });
    this.statusHandlers.clear();
    this.ackedHandlers.clear();
  }

  // ---- the dialer's and listener's side ----------------------------------------------------

  /** Status updates from the connection owner (dialing, backoff); the link adds its peer key. */
  reportStatus(s: LinkStatus): void {
    if (this.isClosed) return;
    this.setStatus({ ...s, ...(this.boundKey ? { peerKey: this.boundKey } : {}) });
  }

  /** The taker side: the socket is authenticated (maker key pinned); we speak first. */
  attachInitiator(socket: Duplex, peerKey: string): Promise<SessionEnd> {
    return this.attach(socket, peerKey, new FrameDecoder(this.maxFrameBytes), true, (s) => {
      this.write(s, this.hello());
      s.timers.push(setTimeout(() => this.endSession(s, peerError('timeout', `no hello from the peer within ${this.timing.helloTimeoutMs} ms`)), this.timing.helloTimeoutMs));
    });
  }

  /**
   * The maker side: the listener already read the taker's hello (to route it here) and checked
   * the taker's key against `peerKey`; frames that came with it are handed over too.
   */
  attachResponder(socket: Duplex, peerKey: string, decoder: FrameDecoder, hello: Envelope<unknown> & { type: 'hello' }, rest: Buffer[]): Promise<SessionEnd> {
    decoder.limit = this.maxFrameBytes;
    return this.attach(socket, peerKey, decoder, false, (s) => {
      this.boundKey ??= peerKey;
      this.onHello(s, hello.ack, hello.body.firstUnacked);
      for (const f of rest) if (!s.ended) this.onFrame(s, f);
    });
  }

  // ---- internals ---------------------------------------------------------------------------

  private attach(socket: Duplex, peerKey: string, decoder: FrameDecoder, initiator: boolean, start: (s: Session) => void): Promise<SessionEnd> {
    if (this.isClosed) {
      socket.destroy();
      return Promise.resolve({ error: peerError('closed', 'the link is closed'), established: false });
    }
    if (this.boundKey !== undefined && this.boundKey !== peerKey) {
      // The dialer/listener check this first; reaching here is a bug, but never talk to the wrong key.
      socket.destroy();
      return Promise.resolve({ error: peerError('peer-auth-failed', 'peer key differs from the bound key'), established: false });
    }
    if (this.session) this.endSession(this.session, peerError('peer-unreachable', 'replaced by a newer connection'));
    return new Promise<SessionEnd>((resolveEnd) => {
      const s: Session = { socket, decoder, peerKey, initiator, established: false, ended: false, timers: [], resolveEnd };
      this.session = s;
      (socket as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
      socket.on('data', (chunk: Buffer) => this.onData(s, chunk));
      socket.on('error', (e: Error) => {
        s.socketError = e;
      });
      socket.on('close', () => this.endSession(s, peerError('peer-unreachable', `connection closed${s.socketError ? `: ${s.socketError.message}` : ''}`)));
      this.touch(s);
      this.reportStatus({ state: 'connecting' });
      start(s);
    });
  }

  private onData(s: Session, chunk: Buffer): void {
    if (s.ended) return;
    const frames = s.decoder.push(chunk);
    if (!frames.ok) return this.endSession(s, frames.error);
    this.touch(s);
    for (const f of frames.value) {
      if (s.ended) return;
      this.onFrame(s, f);
    }
  }

  private onFrame(s: Session, frame: Buffer): void {
    const decoded = decodeEnvelope(frame, this.schema);
    if (!decoded.ok) return this.endSession(s, decoded.error);
    const env = decoded.value;
    if (env.swapId !== this.swapId) return this.endSession(s, peerError('bad-frame', `frame for swap ${env.swapId} on the link of ${this.swapId}`));
    if (env.type === 'reject') return this.endSession(s, peerError('peer-rejected', `peer refused the session (${env.body.reason}): ${env.body.message}`));
    if (!s.established) {
      if (env.type !== 'hello') return this.endSession(s, peerError('bad-frame', `expected hello, got ${env.type}`));
      if (env.body.version !== LINK_VERSION) return this.endSession(s, peerError('bad-frame', `peer speaks link version ${env.body.version}, we speak ${LINK_VERSION}`));
      return this.onHello(s, env.ack, env.body.firstUnacked);
    }
    if (env.type === 'hello') return this.endSession(s, peerError('bad-frame', 'second hello on one connection'));
    if (!this.applyAck(s, env.ack)) return;
    switch (env.type) {
      case 'msg':
        return this.onMsg(s, env.seq, env.body);
      case 'ping':
        return this.write(s, this.control('pong', { nonce: env.body.nonce }));
      case 'pong':
      case 'ack':
        return;
    }
  }

  private onHello(s: Session, peerAck: number, peerFirstUnacked: number): void {
    if (!this.applyAck(s, peerAck)) return;
    // The peer dropped everything below firstUnacked because we acked it once. If our cursor is
    // older (the runtime restored a count that leaves out inputs it rejected without recording),
    // waiting for those seqs would stall the link forever: skip to where the peer can resume.
    const skipTo = peerFirstUnacked - 1;
    if (skipTo > this.outbox.lastAcceptedSeq && this.outbox.lastAcceptedSeq === this.outbox.lastDeliveredSeq) {
      this.log({ component: 'peer-link', swapId: this.swapId, level: 'warn', event: 'cursor-fast-forward', seq: skipTo, detail: `from ${this.outbox.lastDeliveredSeq}` });
      this.outbox.fastForward(skipTo);
    }
    for (const t of s.timers) clearTimeout(t);
    s.timers = [];
    // Established before the answering hello goes out: the peer may react (resend) before write() returns.
    s.established = true;
    // The responder answers with its own hello; either way the peer now knows our ack.
    if (!s.initiator) this.write(s, this.hello());
    this.log({ component: 'peer-link', swapId: this.swapId, level: 'info', event: 'established', detail: `resending ${this.outbox.pending.length}` });
    for (const e of this.outbox.pending) this.writeMsg(s, e.seq, e.bodyJson);
    if (s.ended) return; // the peer may have hung up while we wrote
    const ping = setInterval(() => this.write(s, this.control('ping', { nonce: randomInt(0, 0xffffffff) })), this.timing.pingIntervalMs);
    s.timers.push(ping);
    this.reportStatus({ state: 'connected' });
  }

  private applyAck(s: Session, ack: number): boolean {
    const r = this.outbox.applyPeerAck(ack);
    if (!r.ok) {
      this.endSession(s, r.error);
      return false;
    }
    if (r.value !== undefined) for (const h of this.ackedHandlers) h(r.value);
    return true;
  }

  private onMsg(s: Session, seq: number, body: B): void {
    const verdict = this.outbox.accept(seq);
    if (verdict === 'duplicate') {
      // Our ack may have been lost with the old connection: repeat it so the peer can drop the message.
      this.log({ component: 'peer-link', swapId: this.swapId, level: 'debug', event: 'duplicate-dropped', seq });
      if (seq <= this.outbox.lastDeliveredSeq) this.write(s, this.control('ack', null));
      return;
    }
    if (verdict === 'gap') {
      // TCP never reorders: a gap is a replay or a broken peer. Ignore it; the resend after reconnect fills it.
      this.log({ component: 'peer-link', swapId: this.swapId, level: 'warn', event: 'out-of-order-dropped', seq, detail: `expected ${this.outbox.lastAcceptedSeq + 1}` });
      return;
    }
    const m: IncomingMessage<B> = { seq, body, peerKey: s.peerKey };
    if (this.handler === undefined) this.waiting.push(m);
    else this.deliver(m);
  }

  private deliver(m: IncomingMessage<B>): void {
    this.deliveries = this.deliveries.then(async () => {
      if (this.isClosed) return;
      try {
        await this.handler?.(m);
      } catch (e) {
        // Not durable, so never acked; stopping the link keeps the peer resending it to a restarted daemon.
        this.failDelivery(m.seq, e);
        return;
      }
      if (this.isClosed) return;
      this.outbox.markDelivered(m.seq);
      const s = this.session;
      if (s?.established) this.write(s, this.control('ack', null));
    });
  }

  private failDelivery(seq: number, e: unknown): void {
    const error = peerError('delivery-failed', `handler for peer message ${seq} failed: ${(e as Error)?.message ?? String(e)}`);
    this.log({ component: 'peer-link', swapId: this.swapId, level: 'warn', event: 'delivery-failed', seq, detail: error.message });
    if (this.session) this.endSession(this.session, error);
    this.abort.abort();
    this.setStatus({ state: 'closed', error });
  }

  private touch(s: Session): void {
    if (s.idle) clearTimeout(s.idle);
    s.idle = setTimeout(() => this.endSession(s, peerError('timeout', `no frame from the peer for ${this.timing.idleTimeoutMs} ms`)), this.timing.idleTimeoutMs);
  }

  private endSession(s: Session, error: PeerError): void {
    if (s.ended) return;
    s.ended = true;
    for (const t of s.timers) clearTimeout(t);
    if (s.idle) clearTimeout(s.idle);
    s.socket.destroy();
    const established = s.established;
    if (this.session === s) {
      this.session = undefined;
      this.log({ component: 'peer-link', swapId: this.swapId, level: 'info', event: 'disconnected', detail: `${error.kind}: ${error.message}` });
      if (!this.isClosed) this.reportStatus({ state: 'disconnected', error });
    }
    s.resolveEnd({ error, established });
  }

  private msgJson(seq: number, ack: number, bodyJson: string): string {
    return `{"type":"msg","swapId":${JSON.stringify(this.swapId)},"seq":${seq},"ack":${ack},"body":${bodyJson}}`;
  }

  private writeMsg(s: Session, seq: number, bodyJson: string): void {
    const json = this.msgJson(seq, this.outbox.lastDeliveredSeq, bodyJson);
    const frame = Buffer.allocUnsafe(4 + Buffer.byteLength(json));
    frame.writeUInt32BE(frame.length - 4, 0);
    frame.write(json, 4, 'utf8');
    this.write(s, frame);
  }

  private hello(): Buffer {
    return this.control('hello', { version: LINK_VERSION, firstUnacked: this.outbox.peerAckedSeq + 1 });
  }

  private control(type: 'hello' | 'ack' | 'ping' | 'pong', body: unknown): Buffer {
    const env = { type, swapId: this.swapId, seq: 0, ack: this.outbox.lastDeliveredSeq, body } as Envelope<B>;
    const r = encodeEnvelope(env, this.maxFrameBytes);
    if (!r.ok) throw new Error(`control frame cannot exceed the limit: ${r.error.message}`);
    return r.value;
  }

  private write(s: Session, frame: Buffer): void {
    if (!s.ended) s.socket.write(frame);
  }

  private setStatus(s: LinkStatus): void {
    this.current = s;
    for (const h of this.statusHandlers) h(s);
  }
}
