// The sandbox's offer book on real nodes and a real relay process: a started sandbox names its local
// Nostr relay in sandbox.json, and a taker's offer book on that relay lists the maker's two standing
// offers (it sells XMR, it buys XMR), each verifying, on regtest, with every place free; the relay
// killed -9 is restarted on its port by the sandbox and the book refills; a headless taker takes one
// over TLS and the book shows one place fewer; the sandbox restarted on its dir comes back with the same
// offers (the take still running) on its relay and a new book lists them again. Prints the seconds
// from opening a book (or from the event) to the listing.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOffer } from '../../shared/offer/offer';
import { appError, err } from '../../shared/result';
import { sandboxBtcChain } from '../../rigs/app/sandbox-wallet';
import { MemoryMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSignerWithSeed } from '../client/swap-signer';
import { takeStandingOffer } from '../daemon/standing-offers';
import { startSwapNode, type SwapNode } from '../daemon/swap-node';
import { startOfferBook, type OfferBook } from '../nostr/offer-book';
import { startRelayPool } from '../nostr/relay-pool';
import type { SandboxInfo } from './sandbox-info';
import { startSandbox, type Sandbox } from './sandbox-service';

const work = mkdtempSync(path.join(os.tmpdir(), 'fc-sandbox-book-'));
const dir = path.join(work, 'sandbox');
const stops: Array<() => unknown> = [];
let sandbox: Sandbox | null = null;
afterAll(async () => {
  for (const s of stops.reverse()) await Promise.resolve(s()).catch(() => undefined);
  await sandbox?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

// The sandbox's lines about its relay and its standing offers (what a person running it would read).
const say = (l: string) => void (/relay|standing|nostr/.test(l) && console.log(`  sandbox ${(performance.now() / 1000).toFixed(2)}: ${l}`));
const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(2);
async function until<T>(what: string, f: () => T | undefined, ms = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function openBook(url: string): OfferBook {
  const pool = startRelayPool({ relays: [url], backoff: { baseMs: 200, maxMs: 1_000, factor: 2, jitter: 0 } });
  const book = startOfferBook({ pool });
  stops.push(() => {
    book.close();
    pool.close();
  });
  return book;
}

/** The maker's two standing offers in `book`, once both are listed with `remaining` as given per role. */
const bothSides = (book: OfferBook, info: SandboxInfo, remaining: { alice: number; bob: number }) => () => {
  const mine = book.list().filter((e) => e.makerKey === info.maker?.key);
  const alice = mine.find((e) => e.terms.makerRole === 'alice');
  const bob = mine.find((e) => e.terms.makerRole === 'bob');
  return alice && bob && mine.length === 2 && alice.remaining === remaining.alice && bob.remaining === remaining.bob ? { alice, bob } : undefined;
};

/** A headless XMR buyer on the sandbox's nodes that never pays its BTC: its take stays running, nothing is locked. */
async function taker(info: SandboxInfo): Promise<{ node: SwapNode; client: HeadlessClient }> {
  const client = new HeadlessClient({
    signer: inProcessSignerWithSeed(new Uint8Array(32).fill(21)),
    chain: sandboxBtcChain,
    moneroNetwork: 'regtest',
    memo: new MemoryMemoStore(),
    wallet: {
      btcAddress: async () => info.addresses.btc,
      xmrDestination: async () => info.addresses.xmr,
      xmrHeight: async () => ((await (await fetch(`${info.xmr.daemonUrl}/get_height`, { method: 'POST' })).json()) as { height: number }).height,
      fundingVout: async () => err(appError('not-funded', 'this taker never funds')),
    },
  });
  const n = await startSwapNode({
    name: 'book-taker',
    dataDir: path.join(work, 'taker'),
    chain: sandboxBtcChain,
    client,
    btc: { chain: 'btc', ...info.btc, feeTargetBlocks: 2, pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 1_000 },
    xmr: { chain: 'xmr', daemonUrl: info.xmr.daemonUrl, walletRpcBin: 'monero-wallet-rpc', walletDir: path.join(work, 'taker-wallets'), walletRpcStartTimeoutMs: 60_000, moneroNetwork: 'regtest', trustedDaemon: true, pollMs: 500, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 1_000 },
  });
  if (!n.ok) throw new Error(n.error.message);
  stops.push(() => n.value.stop());
  return { node: n.value, client };
}

describe('the sandbox offer book (real nodes, a real relay process)', () => {
  it('lists both standing offers, survives a relay crash, shows a take and survives a sandbox restart', async () => {
    let t0 = performance.now();
    sandbox = await startSandbox({ dir, blockMs: 500, say });
    const info = sandbox.info;
    console.log(`sandbox started in ${secs(t0)} s; relay ${info.nostrRelay}`);
    expect(info.nostrRelay).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.relay.url).toBe(info.nostrRelay);

    // A taker's book on the sandbox's relay: both sides, verifying, regtest, every place free.
    t0 = performance.now();
    const book = openBook(info.nostrRelay!);
    const first = await until('both standing offers listed', bothSides(book, info, { alice: 4, bob: 4 }));
    console.log(`both sides listed ${secs(t0)} s after the book opened`);
    const nowSec = Math.floor(Date.now() / 1000);
    for (const e of [first.alice, first.bob]) {
      const parsed = parseOffer(e.offer, { nowSec });
      expect(parsed.ok, e.offerId).toBe(true);
      expect(e.terms).toMatchObject({ network: 'regtest', makerKey: info.maker?.key, makerAddress: { host: '127.0.0.1', port: info.maker?.port } });
      expect(e.capacity).toBe(4);
      expect(e.terms.standing).toMatchObject({ capacity: 4, minBtcSats: '100000' });
      expect(e.terms.expiresAt - nowSec).toBeGreaterThan(50 * 60);
    }
    // The fresh single offers (sandbox:offer) still work beside them.
    const single = await sandbox.newOffer({ makerRole: 'bob' });
    expect(single.ok && parseOffer(single.value, { nowSec }).ok).toBe(true);

    // The relay dies: the sandbox restarts it on its port, the maker republishes, the book refills.
    const pid = sandbox.relay.pid();
    expect(pid).toBeDefined();
    t0 = performance.now();
    console.log(`killing the relay at ${(performance.now() / 1000).toFixed(2)}`);
    process.kill(pid!, 'SIGKILL');
    await until('the relay restarted', () => (sandbox!.relay.restarts() === 1 ? true : undefined), 60_000);
    console.log(`relay killed -9: restarted on its port in ${secs(t0)} s`);
    await until('the book refilled after the relay crash', () => (bothSides(book, info, { alice: 4, bob: 4 })() && book.relays()[0]?.status === 'connected' ? true : undefined), 30_000);
    console.log(`relay killed -9: the book refilled ${secs(t0)} s after the kill`);
    expect(sandbox.relay.pid()).not.toBe(pid);

    // A take of the XMR sale, over TLS to the maker: one place fewer in the book.
    const t = await taker(info);
    t0 = performance.now();
    const taken = await takeStandingOffer({ node: t.node, client: t.client, offer: first.alice.offer, btcSats: 500_000n });
    if (!taken.ok) throw new Error(taken.error.message);
    const afterTake = await until('the take shown in the book', bothSides(book, info, { alice: 3, bob: 4 }));
    console.log(`take accepted and shown (remaining 3 of 4) ${secs(t0)} s after asking`);
    expect(afterTake.alice.offerId).toBe(first.alice.offerId);

    // The sandbox restarted on its dir: the same offers on its relay, the take still running.
    await t.node.stop();
    await sandbox.stop();
    sandbox = null;
    t0 = performance.now();
    sandbox = await startSandbox({ dir, blockMs: 500, say });
    console.log(`sandbox restarted in ${secs(t0)} s; relay ${sandbox.info.nostrRelay} (was ${info.nostrRelay})`);
    expect(sandbox.resumed).toBe(true);
    t0 = performance.now();
    const again = await until('both sides listed by a new book after the restart', bothSides(openBook(sandbox.info.nostrRelay!), sandbox.info, { alice: 3, bob: 4 }));
    console.log(`after the restart both sides listed ${secs(t0)} s after a new book opened`);
    expect([again.alice.offerId, again.bob.offerId]).toEqual([first.alice.offerId, first.bob.offerId]);
    if (sandbox.info.nostrRelay === info.nostrRelay) {
      // The first book, on the same URL, reconnects and refills by itself.
      await until('the first book refilled after the restart', () => (bothSides(book, sandbox!.info, { alice: 3, bob: 4 })() && book.relays()[0]?.status === 'connected' ? true : undefined), 20_000);
    }
  }, 240_000);
});
