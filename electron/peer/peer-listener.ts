// The maker's side: one TLS 1.3 listener for all swaps; each connection's first frame (hello)
// names its swap, and the taker's proven key must be the one bound to that swap (the first key
// to connect binds it). A hello for a swap not open yet that carries a take of a standing offer goes
// to the take handler (the maker's offer book), which either opens the swap's link or refuses with a
// typed reason. Guards: no connection reaches a swap's link unless its key is the bound
// one; strangers, unknown swaps and refused takes get a reject frame and nothing else.
import type { AddressInfo } from 'node:net';
import tls, { type TLSSocket } from 'node:tls';
import { z } from 'zod';
import type { SwapId } from '../../shared/ids';
import type { TakeError, TakeRequest } from '../../shared/offer/standing-offer';
import { err, ok, type Result } from '../../shared/result';
import { FrameDecoder } from './link-frame-codec';
import { decodeEnvelope, encodeEnvelope, envelopeSchema, LINK_VERSION, type Envelope, type RejectReason } from './link-envelope';
import { peerError, type PeerError } from './peer-errors';
import { peerKeyOfCertificate, type PeerIdentity } from './peer-identity';
import { DEFAULT_TIMING, PeerLink, type LinkLogEvent, type PeerLinkOptions } from './peer-link';
import { TLS_OPTIONS } from './tls-dial';

export interface ListenOptions {
  readonly identity: PeerIdentity;
  /** Default 127.0.0.1; a maker that takes offers from the internet binds 0.0.0.0 or ::. */
  readonly host?: string;
  /** Default 0 (any free port; read `port` afterwards). */
  readonly port?: number;
  readonly helloTimeoutMs?: number;
  /** Connections held at once (default 256): a flood of idle sockets cannot exhaust the daemon. */
  readonly maxConnections?: number;
  readonly log?: (e: { component: 'peer-listener'; level: 'info' | 'warn'; event: string; detail?: string }) => void;
}

export interface OpenOptions<B> extends PeerLinkOptions<B> {
  /** The taker key persisted for this swap; undefined while the offer is not taken yet. */
  readonly takerKey?: string;
}

/** Accepts a take (then the swap's link is open on this listener, bound to `peerKey`) or refuses it. */
export type TakeHandler = (take: TakeRequest, swapId: SwapId, peerKey: string) => Promise<Result<void, TakeError>>;

const helloSchema = envelopeSchema(z.unknown());
const HELLO_MAX_BYTES = 4096;

export class PeerListener {
  private readonly links = new Map<SwapId, PeerLink<unknown>>();
  private readonly sockets = new Set<TLSSocket>();
  private closed = false;
  private takeHandler: TakeHandler | undefined;

  private constructor(
    private readonly server: tls.Server,
    private readonly opts: ListenOptions,
  ) {
    server.on('secureConnection', (socket: TLSSocket) => this.onConnection(socket));
    server.on('tlsClientError', (e) => this.log('warn', 'tls-client-error', e.message));
  }

  static listen(opts: ListenOptions): Promise<Result<PeerListener, PeerError>> {
    const server = tls.createServer({
      key: opts.identity.keyPem,
      cert: opts.identity.certPem,
      requestCert: true,
      // Self-signed client certificates are expected; the key is checked against the swap's binding.
      rejectUnauthorized: false,
      ...TLS_OPTIONS,
    });
    return new Promise((resolve) => {
      server.once('error', (e: NodeJS.ErrnoException) => resolve(err(peerError('peer-unreachable', `cannot listen on ${opts.host ?? '127.0.0.1'}:${opts.port ?? 0}: ${e.code ?? e.message}`))));
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
        server.removeAllListeners('error');
        server.on('error', () => {});
        resolve(ok(new PeerListener(server, opts)));
      });
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Registers a swap the maker will accept a taker for (an open offer, or a swap resumed after restart). */
  open<B>(opts: OpenOptions<B>): PeerLink<B> {
    if (this.closed) throw new Error('listener is closed');
    if (this.links.has(opts.swapId)) throw new Error(`a link for swap ${opts.swapId} is already open`);
    const link = new PeerLink<B>({ ...opts, ...(opts.takerKey !== undefined ? { peerKey: opts.takerKey } : {}) });
    this.links.set(opts.swapId, link as PeerLink<unknown>);
    link.closedSignal.addEventListener('abort', () => {
      if (this.links.get(opts.swapId) === (link as PeerLink<unknown>)) this.links.delete(opts.swapId);
    });
    return link;
  }

  /** Standing offers: hellos carrying a take for a swap not open here go to `handler`. */
  acceptTakes(handler: TakeHandler): void {
    this.takeHandler = handler;
  }

  /** Stops accepting, drops every connection and closes every link opened here. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const link of [...this.links.values()]) link.close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: TLSSocket): void {
    if (this.closed) return void socket.destroy();
    if (this.sockets.size >= (this.opts.maxConnections ?? 256)) {
      this.log('warn', 'too-many-connections', `${this.sockets.size} open`);
      return void socket.destroy();
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    const peerKey = peerKeyOfCertificate(socket.getPeerX509Certificate());
    if (peerKey === undefined) {
      this.log('warn', 'no-client-key', 'peer presented no ed25519 certificate');
      return void socket.destroy();
    }
    // Until the swap is known only a hello may arrive; the link raises the limit to its own.
    const decoder = new FrameDecoder(HELLO_MAX_BYTES);
    const helloTimeoutMs = this.opts.helloTimeoutMs ?? DEFAULT_TIMING.helloTimeoutMs;
    const timer = setTimeout(() => {
      this.log('warn', 'hello-timeout', `no hello within ${helloTimeoutMs} ms`);
      socket.destroy();
    }, helloTimeoutMs);
    const onData = (chunk: Buffer) => {
      const frames = decoder.push(chunk);
      if (!frames.ok) {
        clearTimeout(timer);
        this.log('warn', 'bad-first-frame', frames.error.message);
        return void socket.destroy();
      }
      const [first, ...rest] = frames.value;
      if (first === undefined) return;
      clearTimeout(timer);
      socket.removeListener('data', onData);
      socket.pause();
      this.route(socket, peerKey, decoder, first, rest);
    };
    socket.on('data', onData);
  }

  private route(socket: TLSSocket, peerKey: string, decoder: FrameDecoder, first: Buffer, rest: Buffer[]): void {
    const decoded = decodeEnvelope(first, helloSchema);
    if (!decoded.ok || decoded.value.type !== 'hello') {
      this.log('warn', 'bad-hello', decoded.ok ? `first frame is ${decoded.value.type}` : decoded.error.message);
      return void socket.destroy();
    }
    const hello = decoded.value;
    if (hello.body.version !== LINK_VERSION) return this.reject(socket, hello.swapId, 'version', `this maker speaks link version ${LINK_VERSION}`);
    const take = hello.body.take;
    if (!this.links.has(hello.swapId) && take !== undefined && this.takeHandler) {
      void this.takeHandler(take, hello.swapId, peerKey).then(
        (r) => (r.ok ? this.routeToLink(socket, peerKey, decoder, hello, rest) : this.reject(socket, hello.swapId, r.error.kind, r.error.message)),
        (e: Error) => this.reject(socket, hello.swapId, 'unknown-swap', `the maker could not start this swap: ${e.message}`),
      );
      return;
    }
    this.routeToLink(socket, peerKey, decoder, hello, rest);
  }

  private routeToLink(socket: TLSSocket, peerKey: string, decoder: FrameDecoder, hello: Envelope<unknown> & { type: 'hello' }, rest: Buffer[]): void {
    if (this.closed) return void socket.destroy();
    const link = this.links.get(hello.swapId);
    if (link === undefined) return this.reject(socket, hello.swapId, 'unknown-swap', 'this maker has no open offer or swap with that id');
    if (link.peerKey !== undefined && link.peerKey !== peerKey) {
      this.log('warn', 'peer-auth-failed', `swap ${hello.swapId}: key ${peerKey.slice(0, 16)}... is not the bound taker`);
      return this.reject(socket, hello.swapId, 'key-mismatch', 'this swap is bound to another taker key');
    }
    socket.resume();
    void link.attachResponder(socket, peerKey, decoder, hello, rest);
  }

  private reject(socket: TLSSocket, swapId: SwapId, reason: RejectReason, message: string): void {
    this.log('warn', 'rejected', `${swapId}: ${reason}`);
    const frame = encodeEnvelope({ type: 'reject', swapId, seq: 0, ack: 0, body: { reason, message: message.slice(0, 300) } }, 1024);
    if (frame.ok) socket.end(frame.value);
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  private log(level: 'info' | 'warn', event: string, detail?: string): void {
    this.opts.log?.({ component: 'peer-listener', level, event, ...(detail !== undefined ? { detail } : {}) });
  }
}

export type { LinkLogEvent };
