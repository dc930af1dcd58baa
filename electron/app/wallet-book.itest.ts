// The wallet's Nostr offer book (#21) on real parts: a relay process of the test's own (startRelayProcess)
// beside the regtest sandbox (real litecoind + monerod, its maker announcing on the sandbox's relay).
// Checked: book:list answers before the daemon runs (the sandbox maker's offers, both relays with their
// sources); the relay list changed in Settings takes effect on the book at once; an offer the person
// makes in the wallet is announced on both relays and a separate taker's book on the test's relay lists
// it with what remains, as does the wallet's own book; the test's relay killed shows failing in the
// wallet's states, restarted on its port it is connected again and both books refill (the announcer
// republishes); revoking the offer removes it from both books; an empty list empties the book.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../shared/hex';
import type { BookOffer, OfferBookView } from '../../shared/ipc/book-channels';
import type { MakeOfferRequest } from '../../shared/ipc/offer-channels';
import { openSandboxWallet } from '../../rigs/app/sandbox-wallet';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { inProcessNostrSigner } from '../nostr/nostr-signer';
import { startOfferBook, type OfferBook } from '../nostr/offer-book';
import { startRelayPool, type RelayPool } from '../nostr/relay-pool';
import { startRelayProcess, type RelayProcess } from '../nostr/relay-process';
import { startSandbox, type Sandbox } from '../sandbox/sandbox-service';
import { createSignerCore } from '../signer/signer-core';
import { HistoryIndex } from './history-index';
import { walletApiWhileOpening, type OpeningState } from './wallet-before-daemon';
import { openWalletBook, walletRelays, type WalletBook } from './wallet-book';
import type { WalletService } from './wallet-service';

const SEED = new Uint8Array(32).fill(21);
let work: string;
let sandbox: Sandbox;
let relay: RelayProcess;
let book: WalletBook;
let taker: { pool: RelayPool; book: OfferBook };
let w: WalletService | null = null;
const figures: Record<string, number | string> = {};

const t0 = () => performance.now();
const ms = (since: number) => Math.round(performance.now() - since);

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, limit = 20_000): Promise<T> {
  const start = Date.now();
  while (Date.now() - start < limit) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  const last = await f();
  throw new Error(`timed out after ${limit} ms waiting for ${what} (${JSON.stringify(last)})`);
}

async function view(api: { browseOffers(): Promise<{ ok: true; value: OfferBookView } | { ok: false; error: { message: string } }> }): Promise<OfferBookView> {
  const r = await api.browseOffers();
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const offerIn = (v: OfferBookView, offerId: string): BookOffer | undefined => v.offers.find((o) => o.offerId === offerId);

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'fc-wallet-book-'));
  const started = t0();
  const [sb, r] = await Promise.all([startSandbox({ dir: path.join(work, 'sandbox'), blockMs: 1000 }), startRelayProcess()]);
  sandbox = sb;
  if (!r.ok) throw new Error(r.error.message);
  relay = r.value;
  figures.sandboxAndRelayStartMs = ms(started);
  const pool = startRelayPool({ relays: [relay.url], backoff: { baseMs: 100, maxMs: 500, factor: 2, jitter: 0 } });
  taker = { pool, book: startOfferBook({ pool }) };
}, 240_000);

afterAll(async () => {
  console.log('wallet-book itest figures', JSON.stringify(figures));
  taker?.book.close();
  taker?.pool.close();
  await w?.stop().catch(() => undefined);
  book?.close();
  await relay?.stop().catch(() => undefined);
  await Promise.race([sandbox?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
  rmSync(work, { recursive: true, force: true });
});

const request = (): MakeOfferRequest => ({
  makerRole: 'bob',
  minBtcSats: '300000',
  maxBtcSats: '1000000',
  // 100 XMR per BTC.
  xmrPerBtcPiconero: '100000000000000',
  expiresInSec: 3600,
  capacity: 2,
  btcAddress: sandbox.info.addresses.btc,
  xmrAddress: sandbox.info.addresses.xmr,
});

describe('the wallet offer book on real relays', () => {
  it('answers before the daemon, announces the person\'s offer, survives a relay restart, forgets a revoked offer', async () => {
    const sandboxRelay = sandbox.info.nostrRelay ?? null;
    expect(sandboxRelay).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);

    // Regtest with no list in Settings and the sandbox's info not read yet: no relay, an empty answer.
    book = openWalletBook({ relays: walletRelays('regtest', undefined, null), pool: { backoff: { baseMs: 100, maxMs: 500, factor: 2, jitter: 0 } } });
    const s: OpeningState = { service: null, daemon: { state: 'starting', message: 'starting' }, sandbox: { state: 'ready', message: 'ready' }, wallet: undefined, book };
    const api = walletApiWhileOpening(s, new HistoryIndex(path.join(work, 'wallet', 'daemon')));
    expect(await view(api)).toEqual({ offers: [], relays: [], ignored: 0 });

    // Settings' list (the test's relay) and the sandbox's relay: the book opens on both, no daemon yet.
    let at = t0();
    book.setRelays(walletRelays('regtest', [relay.url], sandboxRelay));
    const before = await until('the sandbox maker\'s offers, before the daemon', async () => {
      const v = await view(api);
      return v.offers.length >= 2 && v.relays.every((r) => r.status === 'connected') ? v : undefined;
    });
    figures.bookBeforeDaemonMs = ms(at);
    figures.sandboxOffers = before.offers.length;
    expect(s.service).toBeNull();
    expect(before.relays.map((r) => [r.url, r.source])).toEqual([
      [relay.url, 'settings'],
      [sandboxRelay, 'sandbox'],
    ]);
    expect(new Set(before.offers.map((o) => o.makerRole))).toEqual(new Set(['alice', 'bob']));
    for (const o of before.offers) {
      expect(o.relays).toEqual([sandboxRelay]);
      expect(BigInt(o.xmrPerBtcPiconero)).toBe((BigInt(o.xmrPiconero) * 100_000_000n) / BigInt(o.maxBtcSats));
    }

    // The wallet starts (daemon, syncers, recovery); the book keeps answering meanwhile.
    at = t0();
    const nostrSigner = inProcessNostrSigner(createSignerCore({ keychain: createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(SEED)]]) }));
    const opening = openSandboxWallet({ dataDir: path.join(work, 'wallet'), sandbox: sandbox.info, seed: SEED, nostr: { book, nostrSigner } });
    expect((await view(api)).offers.length).toBeGreaterThanOrEqual(2);
    w = s.service = await opening;
    figures.walletStartMs = ms(at);

    // The person's offer: announced on both relays, seen by a separate taker on the test's relay.
    at = t0();
    const made = await w.makeOffer(request());
    if (!made.ok) throw new Error(made.error.message);
    figures.makeOfferMs = ms(at);
    const offerId = made.value.offerId;
    const seen = await until('the offer in the taker\'s book', () => taker.book.list().find((e) => e.offerId === offerId));
    figures.makeToTakerBookMs = ms(at);
    expect(seen).toMatchObject({ remaining: 2, capacity: 2, offer: made.value.offer, relays: [relay.url] });
    const own = await until('the offer in the wallet\'s book on both relays', async () => {
      const o = offerIn(await view(w!), offerId);
      return o?.relays.length === 2 ? o : undefined;
    });
    figures.makeToWalletBookMs = ms(at);
    expect(own).toMatchObject({ makerRole: 'bob', minBtcSats: '300000', maxBtcSats: '1000000', xmrPerBtcPiconero: '100000000000000', remaining: 2, capacity: 2, network: 'regtest' });
    expect(own.relays).toEqual([relay.url, sandboxRelay].sort());
    const listed = await w.listOffers();
    expect(listed.ok && listed.value.offers.find((o) => o.offerId === offerId)?.announcedOn).toBe(2);

    // The test's relay killed: failing in the wallet's states; the offer stays listed by the sandbox's relay.
    at = t0();
    await relay.kill();
    const failing = await until('the killed relay failing', async () => {
      const v = await view(w!);
      return v.relays.find((r) => r.url === relay.url)?.status === 'failing' ? v : undefined;
    });
    figures.killToFailingMs = ms(at);
    expect(failing.relays.find((r) => r.url === sandboxRelay)?.status).toBe('connected');
    // The list is rebuilt on the next turn after the state change.
    await until('the offer carried by the sandbox\'s relay only', async () => (offerIn(await view(w!), offerId)?.relays.join() === sandboxRelay ? true : undefined));
    await until('the taker\'s book empty', () => (taker.book.list().length === 0 ? true : undefined));

    // Restarted on its port (empty: an in-memory store): connected again, the announcer republishes, both books refill.
    at = t0();
    const again = await startRelayProcess({ port: relay.port });
    if (!again.ok) throw new Error(again.error.message);
    relay = again.value;
    figures.relayRestartMs = ms(at);
    await until('the relay connected again', async () => ((await view(w!)).relays.find((r) => r.url === relay.url)?.status === 'connected' ? true : undefined));
    figures.restartToConnectedMs = ms(at);
    await until('the taker\'s book refilled', () => taker.book.list().find((e) => e.offerId === offerId && e.remaining === 2));
    figures.restartToTakerRefillMs = ms(at);
    await until('the wallet\'s book refilled from both relays', async () => (offerIn(await view(w!), offerId)?.relays.length === 2 ? true : undefined));
    figures.restartToWalletRefillMs = ms(at);

    // Revoked: gone from both books.
    at = t0();
    const revoked = await w.revokeOffer(offerId);
    expect(revoked.ok && revoked.value.state).toBe('revoked');
    await until('the revoked offer gone from the taker\'s book', () => (taker.book.list().some((e) => e.offerId === offerId) ? undefined : true));
    await until('the revoked offer gone from the wallet\'s book', async () => (offerIn(await view(w!), offerId) ? undefined : true));
    figures.revokeToGoneMs = ms(at);
    const after = await w.listOffers();
    expect(after.ok && after.value.offers.find((o) => o.offerId === offerId)?.announcedOn).toBe(0);

    // An empty list in Settings: no relay, no offer, nothing announced; the wallet itself untouched.
    book.setRelays(walletRelays('regtest', [], null));
    expect(await view(w)).toEqual({ offers: [], relays: [], ignored: 0 });
    expect((await w.status()).daemon.state).toBe('ready');
  }, 150_000);
});
