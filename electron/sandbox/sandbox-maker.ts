// The sandbox's maker: the counterparty of every sandbox swap, one swap node quoting both sides (Alice,
// selling XMR from the maker's regtest XMR wallet, or Bob, buying XMR with BTC from the sandbox's
// regtest BTC wallet), with a fresh signed offer on request, and standing offers in its offer book
// (kept per side and announced on the sandbox's Nostr relay by sandbox-standing-offers.ts).
// It survives a restart of the sandbox: its seed, daemon data, client memo and refund-path list are
// files under `<dir>/maker/`, and its peer listener comes back on the port its offers carry, so a
// taker's daemon re-dials it and its unfinished swaps resume (recovered, then re-opened on the listener).
// Guards: the listener port is never silently moved while a taken swap depends on it; the refund-path
// offers stay refused after a restart.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BTC_NETWORKS } from '../../shared/crypto/btc-network';
import { SWAP_NETWORKS } from '../../shared/networks/swap-networks';
import { toHex } from '../../shared/hex';
import type { SwapId } from '../../shared/ids';
import { createOffer, identityKeyOf, parseOffer } from '../../shared/offer/offer';
import { dealFromOffer } from '../../shared/offer/offer-deal';
import { makerFeeRate } from '../../shared/offer/fee-band';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { FileMemoStore } from '../client/client-memo';
import { HeadlessClient } from '../client/headless-client';
import { inProcessSigner } from '../client/swap-signer';
import { OfferBook } from '../daemon/offer-book';
import { serveStandingOffers, type StandingMaker } from '../daemon/standing-offers';
import { startSwapNode, type NodeRecovery, type SwapNode } from '../daemon/swap-node';
import { btcWalletPayer } from '../daemon/btc-wallet-payer';
import { payXmrOnce } from '../daemon/xmr-wallet-payer';
import { KEYCHAIN_SERVICE, SEED_ACCOUNT } from '../keychain/keychain-port';
import { createMemoryKeychain } from '../keychain/memory-keychain';
import { inProcessNostrSigner, type NostrEventSigner } from '../nostr/nostr-signer';
import { loadOrCreateIdentitySeed, TakerBindings } from '../peer/peer-files';
import { PeerListener } from '../peer/peer-listener';
import type { BtcRegtest, WalletRpc, XmrRegtest } from '../regtest';
import { createSignerCore } from '../signer/signer-core';
import { writeFileAtomic } from '../store/atomic-file';
import { requestFeeEstimate } from '../syncer/fee-estimate-request';

export const sandboxChain = { network: BTC_NETWORKS['litecoin-regtest'] };

export interface OfferTerms {
  btcSats?: string;
  xmrPiconero?: string;
  cancelTimelock?: number;
  punishTimelock?: number;
  /** A fixed fee rate (sat/kvB) for every offer; unset: the node's estimate, the floor without one. */
  feeRateSatPerKvB?: number;
}

export interface MakerOptions {
  readonly dir: string;
  readonly btc: BtcRegtest;
  readonly xmr: XmrRegtest;
  readonly makerXmr: { readonly wallet: WalletRpc; readonly address: string };
  /** The listener port of the previous run (its offers carry it); unset on a first start. */
  readonly port: number | undefined;
  /** The BTC address of the previous run (unfinished swaps were set up to pay it). */
  readonly payout: string | undefined;
  readonly say: (line: string) => void;
}

export interface Maker {
  /** The maker's peer identity (ed25519, hex): every offer's makerKey. */
  readonly identityKey: string;
  readonly port: number;
  readonly payout: string;
  readonly recovery: NodeRecovery;
  /** Swaps the maker's daemon runs (resumed and new; finished ones from before this start are not listed). */
  swapIds(): string[];
  /** makerRole alice: the maker sells XMR; bob: it buys XMR (funds its BTC lock from the sandbox's BTC wallet). lockXmr false: the refund path, the maker never locks its side (XMR, or BTC as Bob). */
  newOffer(terms: OfferTerms, lockXmr: boolean, makerRole?: 'alice' | 'bob'): Promise<Result<string, AppError>>;
  /** A payment from the maker's XMR wallet, once per address (the sandbox's "pay from the sandbox wallet"). */
  payXmr(address: string, piconero: bigint): Promise<Result<string, AppError>>;
  /** Standing (version-2) offers: published in the maker's offer book, each taken many times. */
  readonly standing: StandingMaker;
  /** The maker's offer book (`<dir>/maker/offers.json`): what its Nostr publisher announces. */
  readonly book: OfferBook;
  /** The maker's peer identity seed: signs its offers and binds its Nostr key to them. */
  readonly identitySeed: Uint8Array;
  /** The maker's Nostr key (derived from its wallet seed) in a signer core of its own, in this process. */
  readonly nostrSigner: NostrEventSigner;
  /** The fee rate a new offer signs: the node's estimate, else the network's floor. */
  feeRate(): Promise<number>;
  stop(): Promise<void>;
}

export async function startMaker(o: MakerOptions): Promise<Maker> {
  const payout = o.payout ?? (await o.btc.newAddress('bech32'));
  const noLock = new NoLockList(path.join(o.dir, 'maker', 'no-lock.json'));
  const payXmr = xmrPayer(o.makerXmr.wallet);
  const client = makerClient(o, payout, noLock, payXmr);
  // Outcomes free a standing offer's place; the book exists only once the listener does.
  const ended: { fn?: (swapId: string) => void } = {};
  const node = await makerNode(o, client, noLock, ended);
  try {
    // Recovery first (links wait for the listener), then the listener, which opens every resumed swap's link.
    const recovery = await node.recover();
    if (!recovery.ok) throw new Error(`maker recovery: ${recovery.error.message}`);
    if (recovery.value.resumed.length + recovery.value.damaged.length > 0) {
      o.say(`maker: ${recovery.value.resumed.length} unfinished swap(s) resumed, ${recovery.value.finished.length} finished${recovery.value.damaged.length ? `, ${recovery.value.damaged.length} damaged` : ''}`);
    }
    const listener = await makerListener(o, node, recovery.value);
    node.serve(listener);
    const { standing, book } = standingOffers(o, node, client, listener, recovery.value);
    ended.fn = (id) => standing.swapEnded(id);
    // A second core over the same seed file: the swap signer's core is private to inProcessSigner, and
    // the Nostr key is a pure derivation of the seed, so both cores give the maker the same key.
    const nostrSigner = inProcessNostrSigner(createSignerCore({ keychain: makerKeychain(o.dir) }));
    const feeRate = () => offerFeeRate(node, o.say);
    return { ...offerMaker(node, client, noLock, listener, payout, recovery.value, o.say), payXmr, standing, book, identitySeed: node.identitySeed, nostrSigner, feeRate };
  } catch (e) {
    await node.stop();
    throw e;
  }
}

/**
 * The maker's seed, in a memory keychain read from a 0600 file. The maker is the sandbox's stand-in
 * counterparty on regtest only: its keys guard worthless regtest coins, and keeping them in a file lets
 * it finish its swaps after a restart. Never do this for the person's wallet (its seed is in the OS keychain).
 */
function makerKeychain(dir: string) {
  const seed = loadOrCreateIdentitySeed(path.join(dir, 'maker', 'wallet-seed.key'));
  if (!seed.ok) throw new Error(`sandbox maker seed: ${seed.error.message}`);
  return createMemoryKeychain([[KEYCHAIN_SERVICE, SEED_ACCOUNT, toHex(seed.value)]]);
}

type XmrPay = (address: string, piconero: bigint) => Promise<Result<string, AppError>>;

/**
 * The maker's XMR wallet pays one payment at a time (the maker's locks and the sandbox's payments to the
 * person share it), each once per address.
 */
function xmrPayer(wallet: WalletRpc): XmrPay {
  let tail: Promise<unknown> = Promise.resolve();
  return (address, piconero) => {
    const run = tail.then(async () => {
      const r = await payXmrOnce(wallet, address, piconero);
      // payXmrOnce finds an earlier payment by its destination, which only the wallet's cache knows:
      // store it now, so a kill -9 before the next save cannot make a restarted sandbox pay twice.
      if (r.ok) await wallet.rpc('store', {}).catch(() => undefined);
      return r;
    });
    tail = run.catch(() => undefined);
    return run;
  };
}

function makerClient(o: MakerOptions, payout: string, noLock: NoLockList, payXmr: XmrPay): HeadlessClient {
  const bobPayer = btcWalletPayer({ url: o.btc.rpcUrl, user: o.btc.rpcUser, password: o.btc.rpcPassword, wallet: o.btc.walletName });
  return new HeadlessClient({
    signer: inProcessSigner(makerKeychain(o.dir)),
    chain: sandboxChain,
    moneroNetwork: 'regtest',
    memo: new FileMemoStore(path.join(o.dir, 'maker', 'client')),
    wallet: {
      btcAddress: async () => payout,
      xmrDestination: async () => o.makerXmr.address,
      xmrHeight: () => o.xmr.height(),
      // Bob (the maker buying XMR): funds from the sandbox's BTC wallet, once per funding address; its
      // funding output, and after an abort before the lock the sweep of it back, on the same node.
      ...bobPayer,
      payBtc: async (address, sats) => {
        if (noLock.hasAddress(address)) return err(appError('sandbox-no-lock', 'this sandbox offer plays the refund path: the maker never funds its BTC lock'));
        return bobPayer.payBtc(address, sats);
      },
      payXmr: async (address, piconero) => {
        if (noLock.hasAddress(address)) return err(appError('sandbox-no-lock', 'this sandbox offer plays the refund path: the maker never locks'));
        return payXmr(address, piconero);
      },
    },
    log: (e, d) => o.say(`maker client: ${e} ${d ?? ''}`),
  });
}

async function makerNode(o: MakerOptions, client: HeadlessClient, noLock: NoLockList, ended: { fn?: (swapId: string) => void }): Promise<SwapNode> {
  const { btc, xmr, say } = o;
  const r = await startSwapNode({
    name: 'maker',
    dataDir: path.join(o.dir, 'maker', 'daemon'),
    chain: sandboxChain,
    client,
    btc: { chain: 'btc', rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword, feeTargetBlocks: 2, pollMs: 250, stallMs: 3_600_000, rpcTimeoutMs: 10_000, maxBackoffMs: 2_000 },
    xmr: { chain: 'xmr', daemonUrl: xmr.daemonUrl, walletRpcBin: 'monero-wallet-rpc', walletDir: path.join(o.dir, 'maker', 'xmr-wallets'), walletRpcStartTimeoutMs: 60_000, moneroNetwork: 'regtest', trustedDaemon: true, pollMs: 500, stallMs: 3_600_000, rpcTimeoutMs: 30_000, maxBackoffMs: 2_000 },
    log: (l) => (l.level === 'error' || l.event === 'outcome' ? say(`maker ${l.component} ${l.event}${l.detail ? `: ${l.detail}` : ''}`) : undefined),
    onNote: (id, n) => {
      if (n.kind === 'outcome') {
        say(`maker swap ${id.slice(0, 8)}: ${n.outcome}`);
        ended.fn?.(id);
      }
      if (n.kind === 'halted') say(`maker swap ${id.slice(0, 8)} halted: ${n.error.message}`);
      // The refund path: remember the joint XMR address (Alice) or the BTC funding address (Bob) so the payer refuses it.
      if (n.kind === 'progress' && n.entry.kind === 'client-request' && (n.entry.request.kind === 'lock-xmr' || n.entry.request.kind === 'fund')) noLock.addressOf(id, n.entry.request.address);
    },
  });
  if (!r.ok) throw new Error(`maker node: ${r.error.message}`);
  return r.value;
}

/**
 * The listener on the previous run's port. A port another process took is an error while a taken swap
 * waits on it (its taker re-dials exactly that port); with no such swap the maker moves and says so.
 */
async function makerListener(o: MakerOptions, node: SwapNode, rec: NodeRecovery): Promise<PeerListener> {
  const listen = (port: number) => PeerListener.listen({ identity: node.identity, port });
  if (o.port === undefined) return must(await listen(0));
  // A port released by a process that just died may take a moment to be free again.
  let last = '';
  for (let i = 0; i < 20; i++) {
    const l = await listen(o.port);
    if (l.ok) return l.value;
    last = l.error.message;
    await new Promise((r) => setTimeout(r, 150));
  }
  const bindings = new TakerBindings(path.join(o.dir, 'maker', 'daemon', 'peer', 'takers'));
  const taken = rec.resumed.filter((id) => bindings.get(id) !== undefined);
  const why = `the maker's listener port ${o.port} (signed in its offers) is in use by another process (${last})`;
  if (taken.length > 0) throw new Error(`${why}: ${taken.length} unfinished sandbox swap(s) need it, their takers re-dial that port. Free port ${o.port} and start the sandbox again.`);
  const l = must(await listen(0));
  o.say(`${why}; no taken swap needs it, so the maker now listens on ${l.port} (offers made before this start cannot be taken)`);
  return l;
}

/** The maker's offer book (`<dir>/maker/offers.json`), reconciled with the swaps that resumed, answering takes on the listener. */
function standingOffers(o: MakerOptions, node: SwapNode, client: HeadlessClient, listener: PeerListener, rec: NodeRecovery): { standing: StandingMaker; book: OfferBook } {
  const book = OfferBook.open(path.join(o.dir, 'maker', 'offers.json'));
  if (!book.ok) throw new Error(`maker offer book: ${book.error.message}`);
  book.value.reconcile(new Set(rec.resumed));
  const bindings = new TakerBindings(path.join(o.dir, 'maker', 'daemon', 'peer', 'takers'));
  const standing = serveStandingOffers({ node, client, book: book.value, listener, bindings, log: (event, detail) => o.say(`maker ${event}: ${detail}`) });
  return { standing, book: book.value };
}

function must(l: Awaited<ReturnType<typeof PeerListener.listen>>): PeerListener {
  if (!l.ok) throw new Error(`maker listener: ${l.error.message}`);
  return l.value;
}

function offerMaker(node: SwapNode, client: HeadlessClient, noLock: NoLockList, listener: PeerListener, payout: string, recovery: NodeRecovery, say: (l: string) => void): Omit<Maker, 'standing' | 'payXmr' | 'book' | 'identitySeed' | 'nostrSigner' | 'feeRate'> {
  const seed = node.identitySeed;
  return {
    identityKey: node.identity.publicKeyHex,
    port: listener.port,
    payout,
    recovery,
    swapIds: () => node.daemon.swapIds,
    async newOffer(t, lockXmr, makerRole = 'alice') {
      const offerId = randomBytes(16).toString('hex') as SwapId;
      const satPerKvB = t.feeRateSatPerKvB ?? (await offerFeeRate(node, say));
      const nowSec = Math.floor(Date.now() / 1000);
      const offer = createOffer(
        {
          offerId,
          network: 'regtest',
          makerRole,
          btcSats: t.btcSats ?? '1000000',
          xmrPiconero: t.xmrPiconero ?? '1000000000000',
          cancelTimelock: t.cancelTimelock ?? SWAP_NETWORKS.regtest.cancelTimelock,
          punishTimelock: t.punishTimelock ?? SWAP_NETWORKS.regtest.punishTimelock,
          fee: { kind: 'fixed', satPerKvB },
          expiresAt: nowSec + 24 * 3600,
          makerKey: identityKeyOf(seed),
          makerAddress: { host: '127.0.0.1', port: listener.port },
        },
        seed,
        { nowSec },
      );
      if (!offer.ok) return offer;
      const parsed = parseOffer(offer.value, { nowSec });
      if (!parsed.ok) return parsed;
      const deal = dealFromOffer(parsed.value, 'maker');
      if (!deal.ok) return deal;
      if (!lockXmr) noLock.addSwap(offerId);
      await client.register(deal.value);
      const created = await node.daemon.createSwap(deal.value, offer.value);
      if (!created.ok) return created;
      const link = node.openOnListener(offerId);
      if (!link.ok) return link;
      say(`maker offer ${offerId.slice(0, 8)} (maker ${makerRole === 'alice' ? 'sells' : 'buys'} XMR)${lockXmr ? '' : ` (refund path: the maker will not lock its ${makerRole === 'alice' ? 'XMR' : 'BTC'})`}`);
      return ok(offer.value);
    },
    async stop() {
      await node.stop();
      await listener.close();
    },
  };
}

/** The rate a sandbox offer signs: the node's estimate, else (regtest usually has no data) the floor. */
async function offerFeeRate(node: SwapNode, say: (l: string) => void): Promise<number> {
  const r = makerFeeRate('regtest', await requestFeeEstimate(node.supervisors.btc));
  if (r.source === 'floor') say(`maker fee rate: the node has no fee estimate (regtest), so offers sign the floor, ${r.satPerKvB} sat/kvB`);
  return r.satPerKvB;
}

/** Refund-path offers (the maker never locks XMR) and their joint addresses, on disk: a restart keeps refusing. */
class NoLockList {
  private readonly swaps = new Set<string>();
  private readonly addresses = new Set<string>();
  constructor(private readonly file: string) {
    if (!existsSync(file)) return;
    const v = JSON.parse(readFileSync(file, 'utf8')) as { swaps?: string[]; addresses?: string[] };
    for (const s of v.swaps ?? []) this.swaps.add(s);
    for (const a of v.addresses ?? []) this.addresses.add(a);
  }
  addSwap(swapId: string): void {
    this.swaps.add(swapId);
    this.save();
  }
  /** The swap's lock request named its joint address: refuse paying it if the swap is a refund-path one. */
  addressOf(swapId: string, address: string): void {
    if (!this.swaps.has(swapId) || this.addresses.has(address)) return;
    this.addresses.add(address);
    this.save();
  }
  hasAddress(address: string): boolean {
    return this.addresses.has(address);
  }
  private save(): void {
    writeFileAtomic(this.file, JSON.stringify({ swaps: [...this.swaps], addresses: [...this.addresses] }), 0o600);
  }
}
