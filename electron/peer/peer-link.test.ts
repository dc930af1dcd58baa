// The link's protocol over an in-memory socket pair (no TLS: that is the itest's job): hello and
// resend, acks only after the handler, duplicates/gaps dropped, bad frames, handler failure,
// size limits, keepalive and idle timeout.
import { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SwapId } from '../../shared/ids';
import { encodeFrame, FrameDecoder } from './link-frame-codec';
import { decodeEnvelope, envelopeSchema, type Envelope } from './link-envelope';
import { PeerLink, type IncomingMessage, type LinkTiming, type PeerLinkOptions } from './peer-link';

const Body = z.strictObject({ kind: z.literal('note'), n: z.number().int(), pad: z.string().optional() });
type Body = z.infer<typeof Body>;
const swapId = 'ab'.repeat(16) as SwapId;
const KEY_T = '11'.repeat(32);
const KEY_M = '22'.repeat(32);
const fast: Partial<LinkTiming> = { helloTimeoutMs: 500, pingIntervalMs: 1000, idleTimeoutMs: 3000 };

function socketPair(): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const make = (other: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk, _enc, cb) {
        const o = other();
        if (!o.destroyed) o.push(chunk);
        cb();
      },
      destroy(e, cb) {
        const o = other();
        if (!o.destroyed) o.destroy();
        cb(e);
      },
    });
  sides.push(make(() => sides[1]!), make(() => sides[0]!));
  return [sides[0]!, sides[1]!];
}

const links: PeerLink<Body>[] = [];
const mkLink = (o: Partial<PeerLinkOptions<Body>> & { peerKey?: string } = {}) => {
  const l = new PeerLink<Body>({ swapId, bodySchema: Body, timing: fast, ...o, log: o.log ?? (process.env.DBG ? (e) => console.log(JSON.stringify(e)) : undefined) });
  links.push(l);
  return l;
};
afterEach(() => {
  for (const l of links.splice(0)) l.close();
});

const until = async (cond: () => boolean, ms = 2000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

/** What the listener does before handing a socket to the maker's link: read the hello frame. */
async function respond(link: PeerLink<Body>, socket: Duplex, peerKey = KEY_T) {
  const decoder = new FrameDecoder();
  const frames: Buffer[] = await new Promise((resolve) => {
    const onData = (c: Buffer) => {
      const r = decoder.push(c);
      if (r.ok && r.value.length > 0) {
        socket.removeListener('data', onData);
        socket.pause();
        resolve(r.value);
      }
    };
    socket.on('data', onData);
  });
  const hello = decodeEnvelope(frames[0]!, envelopeSchema(z.unknown()));
  if (!hello.ok || hello.value.type !== 'hello') throw new Error('first frame is not a hello');
  socket.resume();
  return link.attachResponder(socket, peerKey, decoder, hello.value, frames.slice(1));
}

/** Connects a taker link and a maker link over a fresh pair. */
function connect(taker: PeerLink<Body>, maker: PeerLink<Body>) {
  const [a, b] = socketPair();
  const tEnd = taker.attachInitiator(a, KEY_M);
  const mEnd = respond(maker, b);
  return { a, b, tEnd, mEnd };
}

/** A hand-driven peer: decodes what the link writes, writes whatever frames the test wants. */
function rawPeer(socket: Duplex) {
  const got: Envelope<unknown>[] = [];
  const d = new FrameDecoder();
  socket.on('data', (c: Buffer) => {
    const r = d.push(c);
    if (r.ok) for (const f of r.value) {
      const e = decodeEnvelope(f, envelopeSchema(z.unknown()));
      if (e.ok) got.push(e.value);
    }
  });
  const send = (env: object) => {
    const f = encodeFrame(Buffer.from(JSON.stringify({ swapId, ...env })));
    if (f.ok) socket.write(f.value);
  };
  return { got, send, raw: (b: Buffer) => socket.write(b) };
}

const note = (n: number, pad?: string): Body => (pad === undefined ? { kind: 'note', n } : { kind: 'note', n, pad });
const collect = (link: PeerLink<Body>) => {
  const got: IncomingMessage<Body>[] = [];
  link.onMessage((m) => {
    got.push(m);
  });
  return got;
};

describe('peer link over a socket pair', () => {
  it('exchanges messages both ways in order, acks them, and reports the peer key', async () => {
    const taker = mkLink({ peerKey: KEY_M });
    const maker = mkLink();
    const tGot = collect(taker);
    const mGot = collect(maker);
    const acked: number[] = [];
    taker.onAcked((s) => acked.push(s));
    for (let i = 1; i <= 3; i++) expect(taker.send(note(i))).toEqual({ ok: true, value: i });
    connect(taker, maker);
    await until(() => taker.status.state === 'connected' && maker.status.state === 'connected');
    expect(maker.send(note(100)).ok).toBe(true);
    await until(() => mGot.length === 3 && tGot.length === 1 && taker.unackedCount === 0 && maker.unackedCount === 0);
    expect(mGot.map((m) => [m.seq, m.body.n, m.peerKey])).toEqual([[1, 1, KEY_T], [2, 2, KEY_T], [3, 3, KEY_T]]);
    expect(tGot.map((m) => [m.seq, m.body.n, m.peerKey])).toEqual([[1, 100, KEY_M]]);
    expect(acked.at(-1)).toBe(3);
    expect(maker.peerKey).toBe(KEY_T);
    expect(maker.status.peerKey).toBe(KEY_T);
  });

  it('acks a message only after the handler resolved (persist before ack)', async () => {
    const taker = mkLink({ peerKey: KEY_M });
    const maker = mkLink();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    maker.onMessage(async () => {
      calls++;
      await gate;
    });
    taker.send(note(1));
    connect(taker, maker);
    await until(() => calls === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(taker.peerAckedSeq).toBe(0);
    expect(maker.lastDeliveredSeq).toBe(0);
    release();
    await until(() => taker.peerAckedSeq === 1);
    expect(maker.lastDeliveredSeq).toBe(1);
  });

  it('after a dropped connection, resends exactly the unacked messages; nothing is lost or delivered twice', async () => {
    const taker = mkLink({ peerKey: KEY_M });
    const maker = mkLink();
    const mGot = collect(maker);
    const c1 = connect(taker, maker);
    await until(() => taker.status.state === 'connected');
    taker.send(note(1));
    await until(() => taker.peerAckedSeq === 1);
    // Hold the maker's handler so seq 2 is received but not durable when the connection drops.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    maker.onMessage(async (m) => {
      mGot.push(m);
      if (m.seq === 2) await gate;
    });
    taker.send(note(2));
    await until(() => mGot.length === 2);
    c1.a.destroy();
    expect((await c1.tEnd).error.kind).toBe('peer-unreachable');
    expect(taker.unackedCount).toBe(1);
    taker.send(note(3)); // queued while disconnected
    release();
    await until(() => maker.lastDeliveredSeq === 2);
    connect(taker, maker); // the reconnect resends 3 only: the hello carries the maker's ack of 2
    await until(() => taker.unackedCount === 0 && mGot.length === 3);
    expect(mGot.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(mGot.map((m) => m.body.n)).toEqual([1, 2, 3]);
  });

  it('a message received but not yet durable when the link drops is resent and delivered exactly once', async () => {
    const taker = mkLink({ peerKey: KEY_M });
    const maker = mkLink();
    const seen: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    maker.onMessage(async (m) => {
      seen.push(m.seq);
      await gate;
    });
    const c1 = connect(taker, maker);
    taker.send(note(1));
    await until(() => seen.length === 1);
    c1.a.destroy();
    connect(taker, maker); // taker resends 1 (never acked); the maker still has it in flight
    await until(() => maker.status.state === 'connected');
    await new Promise((r) => setTimeout(r, 30));
    release();
    await until(() => taker.peerAckedSeq === 1);
    expect(seen).toEqual([1]);
  });

  it('restored from a transcript: resends only what the peer lacks, numbering continues', async () => {
    const taker = mkLink({ peerKey: KEY_M, restore: { lastSentSeq: 3, unacked: [1, 2, 3].map((n) => ({ seq: n, body: note(n) })), lastReceivedSeq: 0 } });
    const maker = mkLink({ restore: { lastSentSeq: 0, unacked: [], lastReceivedSeq: 2 }, peerKey: KEY_T });
    const mGot = collect(maker);
    expect(taker.nextSeq).toBe(4);
    connect(taker, maker);
    await until(() => taker.unackedCount === 0);
    expect(mGot.map((m) => m.seq)).toEqual([3]);
    expect(taker.send(note(4))).toEqual({ ok: true, value: 4 });
    await until(() => mGot.length === 2);
    expect(mGot.map((m) => m.seq)).toEqual([3, 4]);
  });

  it('a receiver restored with an older cursor (an input it rejected was never recorded) skips to the sender resume point', async () => {
    // Before the crash the maker received 1..3 and acked all; its transcript holds only 1 and 2
    // (3 was rejected, so not recorded). The taker dropped 1..3 from its outbox and now sends 4.
    const taker = mkLink({ peerKey: KEY_M, restore: { lastSentSeq: 3, unacked: [], lastReceivedSeq: 0 } });
    const events: string[] = [];
    const maker = mkLink({ peerKey: KEY_T, restore: { lastSentSeq: 0, unacked: [], lastReceivedSeq: 2 }, log: (e) => events.push(e.event) });
    const mGot = collect(maker);
    taker.send(note(4));
    connect(taker, maker);
    await until(() => mGot.length === 1 && taker.unackedCount === 0);
    expect(mGot.map((m) => m.seq)).toEqual([4]);
    expect(maker.lastDeliveredSeq).toBe(4);
    expect(events).toContain('cursor-fast-forward');
  });

  it('no fast-forward when the sender still holds the messages: they are resent instead', async () => {
    const taker = mkLink({ peerKey: KEY_M, restore: { lastSentSeq: 3, unacked: [1, 2, 3].map((n) => ({ seq: n, body: note(n) })), lastReceivedSeq: 0 } });
    const events: string[] = [];
    const maker = mkLink({ peerKey: KEY_T, restore: { lastSentSeq: 0, unacked: [], lastReceivedSeq: 1 }, log: (e) => events.push(e.event) });
    const mGot = collect(maker);
    connect(taker, maker);
    await until(() => taker.unackedCount === 0);
    expect(mGot.map((m) => m.seq)).toEqual([2, 3]);
    expect(events).not.toContain('cursor-fast-forward');
  });

  it('replayed and out-of-order frames are ignored; the duplicate is re-acked', async () => {
    const maker = mkLink();
    const mGot = collect(maker);
    const [a, b] = socketPair();
    const peer = rawPeer(a);
    peer.send({ type: 'hello', seq: 0, ack: 0, body: { version: 1, firstUnacked: 1 } });
    void respond(maker, b);
    await until(() => maker.status.state === 'connected');
    peer.send({ type: 'msg', seq: 1, ack: 0, body: note(1) });
    peer.send({ type: 'msg', seq: 1, ack: 0, body: note(1) }); // replay
    peer.send({ type: 'msg', seq: 3, ack: 0, body: note(3) }); // gap
    peer.send({ type: 'msg', seq: 2, ack: 0, body: note(2) });
    peer.send({ type: 'msg', seq: 1, ack: 0, body: note(1) }); // old replay
    await until(() => mGot.length === 2 && peer.got.filter((e) => e.type === 'ack').some((e) => e.ack === 2));
    await new Promise((r) => setTimeout(r, 30));
    expect(mGot.map((m) => m.seq)).toEqual([1, 2]);
    expect(maker.lastDeliveredSeq).toBe(2);
    expect(maker.status.state).toBe('connected');
    expect(peer.got[0]?.type).toBe('hello');
  });

  it.each([
    ['garbage bytes', (p: ReturnType<typeof rawPeer>) => p.raw(Buffer.from([0, 0, 0, 3, 1, 2, 3])), 'bad-frame'],
    ['a body that fails the schema', (p: ReturnType<typeof rawPeer>) => p.send({ type: 'msg', seq: 1, ack: 0, body: { kind: 'note', n: 'x' } }), 'bad-frame'],
    ['an ack of a seq never sent', (p: ReturnType<typeof rawPeer>) => p.send({ type: 'ack', seq: 0, ack: 9, body: null }), 'bad-frame'],
    ['a frame for another swap', (p: ReturnType<typeof rawPeer>) => p.send({ type: 'ack', swapId: 'cd'.repeat(16), seq: 0, ack: 0, body: null }), 'bad-frame'],
    ['a second hello', (p: ReturnType<typeof rawPeer>) => p.send({ type: 'hello', seq: 0, ack: 0, body: { version: 1, firstUnacked: 1 } }), 'bad-frame'],
    ['an oversized frame header', (p: ReturnType<typeof rawPeer>) => p.raw(Buffer.from([0x7f, 0, 0, 0])), 'frame-too-large'],
  ])('%s ends the connection with %s and delivers nothing', async (_n, inject, kind) => {
    const maker = mkLink();
    const mGot = collect(maker);
    const [a, b] = socketPair();
    const peer = rawPeer(a);
    peer.send({ type: 'hello', seq: 0, ack: 0, body: { version: 1, firstUnacked: 1 } });
    const end = respond(maker, b);
    await until(() => maker.status.state === 'connected');
    inject(peer);
    const e = await end;
    expect(e.error.kind).toBe(kind);
    expect(maker.status.state).toBe('disconnected');
    expect(maker.status.error?.kind).toBe(kind);
    expect(mGot).toEqual([]);
    expect(maker.lastDeliveredSeq).toBe(0);
    expect(maker.isClosed).toBe(false);
  });

  it('a failing handler stops the link unacked (delivery-failed); the message is not acked', async () => {
    const taker = mkLink({ peerKey: KEY_M });
    const maker = mkLink();
    maker.onMessage(() => Promise.reject(new Error('disk full')));
    taker.send(note(1));
    connect(taker, maker);
    await until(() => maker.isClosed);
    expect(maker.status.error?.kind).toBe('delivery-failed');
    expect(maker.status.error?.message).toMatch(/disk full/);
    expect(maker.lastDeliveredSeq).toBe(0);
    expect(taker.peerAckedSeq).toBe(0);
    expect(taker.unackedCount).toBe(1);
  });

  it('send refuses an oversized body and a body off-schema, and queues nothing', () => {
    const l = mkLink({ maxFrameBytes: 1000 });
    const big = l.send(note(1, 'x'.repeat(1000)));
    expect(!big.ok && big.error.kind).toBe('frame-too-large');
    const bad = l.send({ kind: 'note', n: 1.5 } as Body);
    expect(!bad.ok && bad.error.kind).toBe('bad-frame');
    expect(l.nextSeq).toBe(1);
    expect(l.unackedCount).toBe(0);
    l.close();
    const closed = l.send(note(1));
    expect(!closed.ok && closed.error.kind).toBe('closed');
  });

  it('keepalive pings hold an idle connection open; a silent peer times out', async () => {
    const timing = { pingIntervalMs: 20, idleTimeoutMs: 120, helloTimeoutMs: 500 };
    const taker = mkLink({ peerKey: KEY_M, timing });
    const maker = mkLink({ timing });
    connect(taker, maker);
    await until(() => taker.status.state === 'connected');
    await new Promise((r) => setTimeout(r, 400));
    expect(taker.status.state).toBe('connected');
    expect(maker.status.state).toBe('connected');

    const silent = mkLink({ timing });
    const [a, b] = socketPair();
    const peer = rawPeer(a);
    peer.send({ type: 'hello', seq: 0, ack: 0, body: { version: 1, firstUnacked: 1 } });
    const t0 = Date.now();
    const e = await respond(silent, b);
    expect(e.error.kind).toBe('timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(peer.got.some((f) => f.type === 'ping')).toBe(true);
  });

  it('an initiator whose peer never says hello times out', async () => {
    const taker = mkLink({ peerKey: KEY_M, timing: { helloTimeoutMs: 60 } });
    const [a] = socketPair();
    const e = await taker.attachInitiator(a, KEY_M);
    expect(e.error.kind).toBe('timeout');
    expect(e.established).toBe(false);
  });

  it('a reject frame ends the session as peer-rejected with the reason', async () => {
    const taker = mkLink({ peerKey: KEY_M });
    const [a, b] = socketPair();
    const peer = rawPeer(b);
    const end = taker.attachInitiator(a, KEY_M);
    peer.send({ type: 'reject', seq: 0, ack: 0, body: { reason: 'unknown-swap', message: 'no such offer' } });
    const e = await end;
    expect(e.error.kind).toBe('peer-rejected');
    expect(e.error.message).toMatch(/unknown-swap/);
  });

  it('refuses to attach a socket whose key is not the bound one', async () => {
    const maker = mkLink({ peerKey: KEY_T });
    const [a] = socketPair();
    const e = await maker.attachInitiator(a, '33'.repeat(32));
    expect(e.error.kind).toBe('peer-auth-failed');
    expect(a.destroyed).toBe(true);
  });
});
