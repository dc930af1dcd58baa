// The local sandbox: real regtest nodes (litecoind + monerod), a maker daemon that makes a fresh signed
// offer on request on either side (it sells XMR as Alice, or buys it as Bob) and keeps a standing offer
// per side announced on a local Nostr relay (its own process, so the wallet's offer book works with no
// internet), a funded "your other wallet" on each chain, and a miner.
// A loopback control server (bearer token, 0600 info file) lets the wallet host ask for an offer,
// suggested addresses and a payment from the sandbox's BTC or XMR wallet.
// Everything lives in `dir` and is reused by the next start on the same dir (chains, wallets, the maker
// and its unfinished swaps, the maker's listener port), so a swap running when the sandbox stopped can
// finish after it starts again. Guards: one sandbox per dir (a lock; a dead owner's lock and its
// leftover nodes are taken over); nothing listens beyond 127.0.0.1; stop() stops the nodes cleanly so
// their data is flushed; a first start and a later one differ only in what already exists.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { AppError, Result } from '../../shared/result';
import { freePort, openOrCreateWallet, portIsFree, reservePort, startBtcRegtest, startXmrRegtest, type BtcRegtest, type XmrRegtest } from '../regtest';
import { startSteadyMiner } from '../regtest/steady-miner';
import { startControlServer } from './sandbox-control-server';
import { SandboxInfoSchema, type SandboxInfo } from './sandbox-info';
import { stopLeftovers } from './sandbox-leftovers';
import { startMaker, type OfferTerms } from './sandbox-maker';
import { startSandboxRelay } from './sandbox-relay';
import { startSandboxStanding } from './sandbox-standing-offers';
import { writeFileAtomic } from '../store/atomic-file';
import { lockSandboxDir, readSandboxState, writeSandboxState, type SandboxState } from './sandbox-state';

export interface SandboxOptions {
  /** Where the info file, the chains, the maker's data and the wallets live; reused by the next start. */
  readonly dir: string;
  /** A block on each chain this often. */
  readonly blockMs?: number;
  readonly say?: (line: string) => void;
  /** Maker offer terms (defaults: 0.01 BTC for 1 XMR, cancel 60 / punish 80 blocks: room for a loaded machine). */
  readonly terms?: OfferTerms;
  /** While another sandbox still owns the dir, wait this long for it to stop (default 0: refuse at once). */
  readonly lockWaitMs?: number;
}

export interface Sandbox {
  readonly info: SandboxInfo;
  /** This start reused the chains of an earlier run in the dir. */
  readonly resumed: boolean;
  readonly maker: { readonly key: string; readonly port: number; swapIds(): string[] };
  /** The local Nostr relay (also `info.nostrRelay`): restarted on its port when it dies. */
  readonly relay: { readonly url: string; pid(): number | undefined; restarts(): number };
  /** Looks at the maker's standing offers now (publish, refresh, revoke). */
  refreshStandingOffers(): Promise<void>;
  /** A fresh single-use offer; the maker's side of the swap exists before the string is returned. */
  newOffer(opts?: { lockXmr?: boolean; makerRole?: 'alice' | 'bob' }): Promise<Result<string, AppError>>;
  /** From the sandbox's XMR wallet (the maker's), once per address. */
  payXmr(address: string, piconero: bigint): Promise<Result<string, AppError>>;
  stop(): Promise<void>;
}

/** The maker's XMR: funded with MAKER_XMR on a first start, topped up only when below MAKER_TOP_UP_BELOW. */
const MAKER_XMR = 40_000_000_000_000n;
const MAKER_TOP_UP_BELOW = 10_000_000_000_000n;

export async function startSandbox(o: SandboxOptions): Promise<Sandbox> {
  const say = o.say ?? (() => undefined);
  const teardown = teardownList();
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const lock = await lockSandboxDir(o.dir, o.lockWaitMs ?? 0, say);
  teardown.push(() => lock.release());
  // An info file names a live pid, control URL and token: it goes before the sandbox does, and a
  // previous run's (after a kill -9) goes before anyone could take it for this run's.
  const removeInfo = () => rmSync(path.join(o.dir, 'sandbox.json'), { force: true });
  teardown.push(removeInfo);
  try {
    await stopLeftovers(o.dir, say);
    removeInfo();
    const resumed = existsSync(path.join(o.dir, 'btc', 'regtest'));
    const state = resumed ? readSandboxState(o.dir) : newChainsState(o.dir, say);
    say(resumed ? `resuming the sandbox in ${o.dir}` : `starting a new sandbox in ${o.dir}`);
    const { btc, xmr } = await startNodes(o.dir, state, say);
    teardown.push(() => Promise.all([btc.stop(), xmr.stop()]));
    const chains = await chainIds(btc, xmr);
    await btc.flush(); // the identity block survives even a kill -9 right after a first start
    say(`nodes up: bitcoin height ${await btc.rpc<number>('getblockcount')}, monero height ${await xmr.height()}`);
    const wallets = await startWallets(o.dir, btc, xmr, state, say);
    const relay = await startSandboxRelay({ port: state.relay?.port, say });
    teardown.push(() => relay.stop());
    say(`nostr relay up: ${relay.url}`);
    const maker = await startMaker({ dir: o.dir, btc, xmr, makerXmr: wallets.maker, port: state.maker?.port, payout: state.maker?.btcPayout, say });
    teardown.push(() => maker.stop());
    writeSandboxState(o.dir, { ...state, maker: { port: maker.port, btcPayout: maker.payout }, relay: { port: relay.port } });
    const standing = await startSandboxStanding({
      book: maker.book,
      standing: maker.standing,
      identitySeed: maker.identitySeed,
      makerKey: maker.identityKey,
      port: maker.port,
      relayUrl: relay.url,
      signer: maker.nostrSigner,
      feeRate: () => maker.feeRate(),
      terms: o.terms ?? {},
      say,
    });
    teardown.push(() => standing.stop());

    const blockMs = o.blockMs ?? 1000;
    const miner = durableMiner(btc, xmr, blockMs);
    teardown.push(() => miner.stop());
    const newOffer = (opts?: { lockXmr?: boolean; makerRole?: 'alice' | 'bob' }) => maker.newOffer(o.terms ?? {}, opts?.lockXmr ?? true, opts?.makerRole ?? 'alice');
    const token = randomBytes(24).toString('hex');
    const control = await startControlServer(token, {
      offer: (lockXmr, makerRole) => newOffer({ lockXmr, makerRole }),
      payBtc: (a, sats) => btc.sendTo(a, sats),
      payXmr: (a, piconero) => maker.payXmr(a, piconero),
    });
    teardown.push(() => control.close());

    const info = writeInfo(o.dir, {
      v: 1,
      pid: process.pid,
      controlUrl: control.url,
      token,
      btc: { rpcUrl: btc.rpcUrl, rpcUser: btc.rpcUser, rpcPassword: btc.rpcPassword },
      xmr: { daemonUrl: xmr.daemonUrl },
      addresses: { btc: wallets.yourBtc, xmr: wallets.yourXmr },
      blockMs,
      chains,
      maker: { key: maker.identityKey, port: maker.port },
      nostrRelay: relay.url,
    });
    say(`sandbox ready: ${path.join(o.dir, 'sandbox.json')} (offer book on ${relay.url})`);
    return {
      info,
      resumed,
      maker: { key: maker.identityKey, port: maker.port, swapIds: () => maker.swapIds() },
      relay: { url: relay.url, pid: () => relay.pid(), restarts: () => relay.restarts() },
      refreshStandingOffers: () => standing.tick(),
      newOffer,
      payXmr: maker.payXmr,
      stop: () => teardown.run(),
    };
  } catch (e) {
    await teardown.run();
    throw e;
  }
}

/** Steps undone in reverse order; each runs once, and a failing step does not stop the others. */
function teardownList() {
  const steps: Array<() => unknown> = [];
  return {
    push: (step: () => unknown) => void steps.push(step),
    async run() {
      // The nodes' child handles and grace timers are unref'd: without a ref'd handle, a process whose
      // servers are already closed would exit mid-stop and its exit hook would kill -9 the nodes.
      const hold = setInterval(() => undefined, 60_000);
      try {
        for (const step of steps.splice(0).reverse()) {
          try {
            await step();
          } catch {
            /* keep tearing down: every stop is idempotent */
          }
        }
      } finally {
        clearInterval(hold);
      }
    },
  };
}

/**
 * No BTC chain in the dir (a first start, or a dir kept by an older sandbox, which made new chains each
 * time): whatever else is there belongs to chains that are gone. A maker whose swaps can never finish,
 * or wallets and addresses of another chain, must not come back; only the ports are kept.
 */
function newChainsState(dir: string, say: (l: string) => void): SandboxState {
  for (const stale of ['maker', 'xmr']) {
    if (!existsSync(path.join(dir, stale))) continue;
    say(`removing ${path.join(dir, stale)}: it belongs to chains that are gone`);
    rmSync(path.join(dir, stale), { recursive: true, force: true });
  }
  let old: SandboxState = { v: 1 };
  try {
    old = readSandboxState(dir);
  } catch {
    /* a damaged state of gone chains: nothing in it is needed */
  }
  return { v: 1, ...(old.btc ? { btc: old.btc } : {}), ...(old.xmr ? { xmr: old.xmr } : {}), ...(old.relay ? { relay: old.relay } : {}) };
}

/** The previous run's port when it is still free (tools pointed at it keep working), else a new one. */
async function keptPort(saved: number | undefined, what: string, say: (l: string) => void): Promise<number> {
  if (saved !== undefined && (await portIsFree(saved))) {
    reservePort(saved);
    return saved;
  }
  const p = await freePort();
  if (saved !== undefined) say(`${what} port ${saved} is in use by another process; using ${p}`);
  return p;
}

/** Both nodes on their kept data dirs; if one fails to start, the other is stopped again. */
async function startNodes(dir: string, state: SandboxState, say: (l: string) => void): Promise<{ btc: BtcRegtest; xmr: XmrRegtest }> {
  const btcPort = await keptPort(state.btc?.rpcPort, 'litecoind RPC', say);
  const xmrPort = await keptPort(state.xmr?.rpcPort, 'monerod RPC', say);
  const rpcPassword = state.btc?.rpcPassword ?? randomBytes(12).toString('hex');
  Object.assign(state, { btc: { rpcPort: btcPort, rpcPassword }, xmr: { rpcPort: xmrPort } });
  writeSandboxState(dir, state);
  say('starting litecoind and monerod regtest nodes');
  const [btc, xmr] = await Promise.allSettled([
    startBtcRegtest({ datadir: path.join(dir, 'btc'), rpcPort: btcPort, rpcPassword }),
    startXmrRegtest({ dataDir: path.join(dir, 'xmr'), rpcPort: xmrPort }),
  ]);
  if (btc.status === 'fulfilled' && xmr.status === 'fulfilled') return { btc: btc.value, xmr: xmr.value };
  await Promise.all([btc.status === 'fulfilled' ? btc.value.stop() : null, xmr.status === 'fulfilled' ? xmr.value.stop() : null]);
  throw btc.status === 'rejected' ? btc.reason : (xmr as PromiseRejectedResult).reason;
}

/** How often litecoind's state is written out at most (see BtcRegtest.flush): the most a kill -9 loses. */
const FLUSH_MS = 2_000;

/** The steady miner, with litecoind's chain state flushed after its blocks (at most every FLUSH_MS). */
function durableMiner(btc: BtcRegtest, xmr: XmrRegtest, blockMs: number) {
  let last = 0;
  const mine = async (n: number) => {
    const hashes = await btc.mine(n);
    if (Date.now() - last >= FLUSH_MS) {
      last = Date.now();
      await btc.flush().catch(() => undefined); // a failed flush is retried after the next block
    }
    return hashes;
  };
  return startSteadyMiner({ mine }, xmr, blockMs);
}

/** Each chain's first own block (regtest genesis, and the XMR template, are the same on every sandbox). */
async function chainIds(btc: BtcRegtest, xmr: XmrRegtest): Promise<NonNullable<SandboxInfo['chains']>> {
  const h = await xmr.height();
  if (h < xmr.firstOwnHeight) await xmr.mine(xmr.firstOwnHeight - h);
  return {
    btc: { height: 1, hash: await btc.rpc<string>('getblockhash', [1]) },
    xmr: { height: xmr.firstOwnHeight, hash: await xmr.blockHash(xmr.firstOwnHeight) },
  };
}

interface Wallets {
  readonly maker: { readonly wallet: Awaited<ReturnType<XmrRegtest['startWalletRpc']>>; readonly address: string };
  readonly yourXmr: string;
  readonly yourBtc: string;
}

/** The maker's XMR wallet (funded once, topped up when low) and "your other wallets", all kept in the dir. */
async function startWallets(dir: string, btc: BtcRegtest, xmr: XmrRegtest, state: SandboxState, say: (l: string) => void): Promise<Wallets> {
  const [makerRpc, yourRpc] = await Promise.all([xmr.startWalletRpc({ dir: 'wallets-maker' }), xmr.startWalletRpc({ dir: 'wallets-your' })]);
  const [maker, your] = await Promise.all([openOrCreateWallet(makerRpc, 'maker'), openOrCreateWallet(yourRpc, 'your-xmr')]);
  await makerRpc.rpc('refresh', {});
  const { balance } = await makerRpc.rpc<{ balance: number }>('get_balance', { account_index: 0 });
  if (BigInt(balance) < MAKER_TOP_UP_BELOW) {
    say(maker.created ? "funding the maker's Monero wallet" : `topping up the maker's Monero wallet (${balance} piconero left)`);
    await xmr.fundWallet(makerRpc, maker.address, MAKER_XMR);
    // Saved now rather than at stop: a kill -9 then costs no rescan.
    await makerRpc.rpc('store', {});
  }
  if (state.yourBtc === undefined) {
    state.yourBtc = await btc.newAddress('bech32');
    writeSandboxState(dir, state);
  }
  return { maker: { wallet: makerRpc, address: maker.address }, yourXmr: your.address, yourBtc: state.yourBtc };
}

function writeInfo(dir: string, raw: SandboxInfo): SandboxInfo {
  const info = SandboxInfoSchema.parse(raw);
  writeFileAtomic(path.join(dir, 'sandbox.json'), JSON.stringify(info, null, 2), 0o600);
  return info;
}
