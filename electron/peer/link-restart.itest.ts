// Links across daemon restarts, over real TLS on loopback, with the runtime's restart rules
// (link-restore.ts, peer-files.ts): the identity is a 0600 file, own messages are restored from a
// stand-in transcript as seqs 1..n, the actor's resend after a restore is dropped, and a maker
// re-opens its swap bound to the persisted taker key. Checked: each side's durable list equals what
// the other sent, in order, once; a stranger is refused after the maker's restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SwapId } from '../../shared/ids';
import { canonicalJson, restoreFromTranscript, SentMessages } from './link-restore';
import { dialPeerLink } from './peer-dialer';
import { loadOrCreateIdentitySeed, TakerBindings } from './peer-files';
import { identityFromSeed, type PeerIdentity } from './peer-identity';
import type { LinkStatus, LinkTiming, PeerLink } from './peer-link';
import { PeerListener } from './peer-listener';

const Body = z.strictObject({ from: z.enum(['maker', 'taker']), n: z.number().int() });
type Body = z.infer<typeof Body>;
const timing: Partial<LinkTiming> = { backoffInitialMs: 20, backoffMaxMs: 200, pingIntervalMs: 1000, idleTimeoutMs: 5000, helloTimeoutMs: 2000, connectTimeoutMs: 2000 };
const swapId = 'ab'.repeat(16) as SwapId;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const until = async (cond: () => boolean, ms = 10_000, what = 'condition') => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-link-restart-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** One side's durable state: a stand-in transcript that outlives its process (own and received messages). */
class Transcript {
  readonly own: Body[] = [];
  readonly got: Body[] = [];
}

/** One process lifetime of a party's runtime: the link is restored from the transcript like swap-node does. */
class Runtime {
  readonly sent: SentMessages;
  link!: PeerLink<Body>;
  deliveries = 0;
  constructor(readonly t: Transcript) {
    this.sent = new SentMessages(t.own);
  }
  attach(link: PeerLink<Body>, onFirstKey?: (k: string) => void): void {
    this.link = link;
    cleanups.push(() => link.close());
    link.onMessage((m) => {
      onFirstKey?.(m.peerKey);
      this.deliveries++;
      // The decider drops a message it already holds; the link acks it anyway.
      if (!this.t.got.some((g) => canonicalJson(g) === canonicalJson(m.body))) this.t.got.push(m.body);
    });
  }
  /** Durable first, then performed (or not: `crashBeforePerform` leaves it only in the transcript). */
  send(body: Body, crashBeforePerform = false): void {
    this.t.own.push(body);
    if (crashBeforePerform) return;
    this.perform(body);
  }
  perform(body: Body): void {
    if (this.sent.add(body)) {
      const r = this.link.send(body);
      if (!r.ok) throw new Error(r.error.message);
    }
  }
  /** The actor's resend of every own message after a restore (swap-actor feedSynced). */
  resendAll(): void {
    for (const m of this.t.own) this.perform(m);
  }
}

function identityIn(dir: string): PeerIdentity {
  const s = loadOrCreateIdentitySeed(path.join(dir, 'peer', 'identity.key'));
  if (!s.ok) throw new Error(s.error.message);
  return identityFromSeed(s.value);
}

async function listen(identity: PeerIdentity, port = 0): Promise<PeerListener> {
  // A killed maker's port is free again at once (SO_REUSEADDR); retry briefly all the same.
  for (let i = 0; ; i++) {
    const r = await PeerListener.listen({ identity, port, helloTimeoutMs: 2000 });
    if (r.ok) {
      cleanups.push(() => r.value.close());
      return r.value;
    }
    if (i > 20) throw new Error(r.error.message);
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe('peer links across restarts (real TLS, persistent identity, restore from the transcript)', () => {
  it('the identity file is created 0600 once and gives the same key on every start; an exposed file is refused', () => {
    const dir = tmpDir();
    const a = identityIn(dir);
    const b = identityIn(dir);
    expect(b.publicKeyHex).toBe(a.publicKeyHex);
    const file = path.join(dir, 'peer', 'identity.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.chmodSync(file, 0o644);
    const r = loadOrCreateIdentitySeed(file);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/chmod 600/);
  });

  it('a taker killed twice (once between durable and sent) resumes with the same key; nothing lost or delivered twice', async () => {
    const makerDir = tmpDir();
    const takerDir = tmpDir();
    const maker = identityIn(makerDir);
    const listener = await listen(maker);
    const mt = new Transcript();
    const tt = new Transcript();
    const m = new Runtime(mt);
    m.attach(listener.open<Body>({ swapId, bodySchema: Body, timing, restore: restoreFromTranscript(mt.own) }));
    const target = { host: '127.0.0.1', port: listener.port, key: maker.publicKeyHex };
    const startTaker = () => {
      const r = new Runtime(tt);
      r.attach(dialPeerLink<Body>({ swapId, bodySchema: Body, identity: identityIn(takerDir), maker: target, timing, restore: restoreFromTranscript(tt.own) }));
      r.resendAll();
      return r;
    };

    let t = startTaker();
    t.send({ from: 'taker', n: 1 });
    m.send({ from: 'maker', n: 1 });
    await until(() => mt.got.length === 1 && tt.got.length === 1 && t.link.unackedCount === 0, 10_000, 'first exchange');
    // Crash 1: the taker's message 2 is durable but was never handed to the link.
    t.send({ from: 'taker', n: 2 }, true);
    t.link.close();
    m.send({ from: 'maker', n: 2 }); // sent while the taker is down
    t = startTaker();
    expect(t.link.nextSeq).toBe(3);
    t.send({ from: 'taker', n: 3 });
    await until(() => mt.got.length === 3 && tt.got.length === 2, 10_000, 'after restart 1');
    // Crash 2 right after a send, before any ack can have come back.
    t.send({ from: 'taker', n: 4 });
    t.link.close();
    t = startTaker();
    m.send({ from: 'maker', n: 3 });
    await until(() => mt.got.length === 4 && tt.got.length === 3 && t.link.unackedCount === 0 && m.link.unackedCount === 0, 10_000, 'after restart 2');

    expect(mt.got).toEqual(tt.own);
    expect(tt.got).toEqual(mt.own);
    expect(tt.own.map((b) => b.n)).toEqual([1, 2, 3, 4]);
    expect(m.link.lastDeliveredSeq).toBe(4); // own message k is link seq k in every lifetime
    expect(m.deliveries).toBe(4); // the maker's link handed each taker message on once
    expect(m.link.peerKey).toBe(identityIn(takerDir).publicKeyHex);
  });

  it('a maker killed and restarted on its offer port re-binds the persisted taker key: the taker reconnects, a stranger is refused', async () => {
    const makerDir = tmpDir();
    const takerDir = tmpDir();
    const maker = identityIn(makerDir);
    const bindings = new TakerBindings(path.join(makerDir, 'peer', 'takers'));
    const mt = new Transcript();
    const tt = new Transcript();
    let listener = await listen(maker);
    const port = listener.port;
    const startMaker = (l: PeerListener) => {
      const r = new Runtime(mt);
      const takerKey = bindings.get(swapId);
      r.attach(l.open<Body>({ swapId, bodySchema: Body, timing, restore: restoreFromTranscript(mt.own), ...(takerKey ? { takerKey } : {}) }), (k) => {
        const b = bindings.bind(swapId, k);
        if (!b.ok) throw new Error(b.error.message);
      });
      r.resendAll();
      return r;
    };
    let m = startMaker(listener);
    const t = new Runtime(tt);
    t.attach(dialPeerLink<Body>({ swapId, bodySchema: Body, identity: identityIn(takerDir), maker: { host: '127.0.0.1', port, key: maker.publicKeyHex }, timing }));
    t.send({ from: 'taker', n: 1 });
    m.send({ from: 'maker', n: 1 });
    await until(() => mt.got.length === 1 && tt.got.length === 1, 10_000, 'first exchange');
    expect(bindings.get(swapId)).toBe(identityIn(takerDir).publicKeyHex);

    m.send({ from: 'maker', n: 2 }, true);
    await listener.close(); // the maker process dies: its sockets and link go with it
    t.send({ from: 'taker', n: 2 }); // queued in the taker's outbox while the maker is down
    listener = await listen(identityIn(makerDir), port);
    m = startMaker(listener);

    const stranger = dialPeerLink<Body>({ swapId, bodySchema: Body, identity: identityFromSeed(new Uint8Array(32).fill(7)), maker: { host: '127.0.0.1', port, key: maker.publicKeyHex }, timing });
    cleanups.push(() => stranger.close());
    const seen: LinkStatus[] = [];
    stranger.onStatus((s) => seen.push(s));
    stranger.send({ from: 'taker', n: 666 });

    await until(() => mt.got.length === 2 && tt.got.length === 2 && t.link.unackedCount === 0 && m.link.unackedCount === 0, 15_000, 'after the maker restart');
    await until(() => seen.some((s) => s.error?.kind === 'peer-rejected'), 10_000, 'stranger rejected');
    expect(mt.got).toEqual(tt.own);
    expect(tt.got).toEqual(mt.own);
    expect(m.link.peerKey).toBe(identityIn(takerDir).publicKeyHex);
  });
});
