// The maker bench's rig: real regtest nodes (litecoind + monerod, the crash matrix's env: wallets
// `alice`/`bob` and XMR wallets with split outputs so concurrent locks never wait for change), a real
// Nostr relay, counting proxies between the maker and each node, ONE headless maker as a child process
// (`node --import tsx electron/cli/maker.ts`, two standing offers), and in-process taker nodes of both
// directions (a taker-Bob takes the sell_xmr offer and pays BTC, a taker-Alice takes buy_xmr and pays XMR).
// A phase = K takes (at most `takeConcurrency` in flight) and the wait until every one of those swaps has
// an outcome on both sides. Guards: the maker's seed is in a 0600 file in the bench's temp dir; every
// process started here is stopped by `stop()` (the maker by SIGTERM, then SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appError, err } from '../../shared/result';
import type { SwapId } from '../../shared/ids';
import type { HeadlessClient } from '../../electron/client/headless-client';
import type { ClientWallet } from '../../electron/client/client-wallet';
import type { SwapSigner } from '../../electron/client/swap-signer';
import { startMakerSigner } from '../../electron/maker/maker-signer';
import { btcWalletPayer } from '../../electron/daemon/btc-wallet-payer';
import { takeStandingOffer } from '../../electron/daemon/standing-offers';
import type { SwapNode } from '../../electron/daemon/swap-node';
import { payXmrOnce } from '../../electron/daemon/xmr-wallet-payer';
import { startRelayProcess, type RelayProcess } from '../../electron/nostr/relay-process';
import { freePort, type FundedWallet } from '../../electron/regtest';
import { startSteadyMiner, type SteadyMiner } from '../../electron/regtest/steady-miner';
import { MATRIX_BTC, settleChains, startMatrixEnv, type MatrixEnv } from '../crash-matrix/crash-matrix-env';
import { startTakerNode } from '../maker/taker-node';
import { startCountingProxy, type CountingProxy } from './maker-bench-proxy';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** 100 XMR per BTC: a take of MATRIX_BTC (0.01 BTC) moves 1 XMR. */
const PRICE = '100';

export type TakerSide = 'bob' | 'alice';

export interface BenchOptions {
  /** Swaps of the N phase (the single phase adds one taker-Alice before them). */
  readonly swaps: number;
  /** The steady miner's pause between rounds (one block per chain a round). */
  readonly blockMs: number;
  /** Blocks after the BTC lock: an honest swap slower than this refunds. */
  readonly cancelTimelock: number;
  readonly punishTimelock: number;
  readonly say: (line: string) => void;
}

export interface Bench {
  readonly env: MatrixEnv;
  readonly maker: MakerChild;
  readonly proxies: { readonly btc: CountingProxy; readonly xmr: CountingProxy };
  startMiner(): SteadyMiner;
  /** A taker node of this side (its own identity and syncer workers; it signs in one of two shared signer processes). */
  taker(name: string, side: TakerSide): Promise<Taker>;
  stop(): Promise<void>;
}

export interface Taker {
  readonly name: string;
  readonly side: TakerSide;
  readonly node: SwapNode;
  readonly client: HeadlessClient;
  /** Outcome per swap of this node, as its notes say ('halted: ...' for a halt). */
  readonly outcomes: Map<string, string>;
}

export interface MakerChild {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly dataDir: string;
  /** The maker's JSON log lines so far. */
  readonly lines: Array<Record<string, unknown>>;
  /** Outcome per swap, from its `outcome` log lines. */
  readonly outcomes: Map<string, string>;
  stderr(): string;
  offers(): { sell: string; buy: string };
  stop(): Promise<number | null>;
}

async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** No keychain bus (the config says keychain = false), no loader flags of a test runner. */
function childEnv(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: '' };
  delete e['NODE_OPTIONS'];
  return e;
}

export async function startBench(o: BenchOptions): Promise<Bench> {
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const sells = Math.ceil(o.swaps / 2);
    const buys = Math.floor(o.swaps / 2) + 1;
    const r = await startRelayProcess();
    if (!r.ok) throw new Error(r.error.message);
    const relay: RelayProcess = r.value;
    stops.push(() => relay.stop());
    o.say('starting litecoind and monerod (the crash matrix env)');
    // The maker as Alice (sell_xmr) locks 1 XMR per taker-Bob from its hot wallet: one output each.
    const env = await startMatrixEnv({ aliceXmrOutputs: sells + 1 });
    stops.push(() => Promise.race([env.stop(), new Promise((res) => setTimeout(res, 30_000))]));
    // Taker-Bobs pay BTC from wallet `alice`; the maker as Bob pays from `bob` (4 outputs from the env, more here).
    const takerBtc = await env.newAddress('alice');
    for (let i = 0; i < sells + 1; i++) await env.btc.sendTo(takerBtc, 3n * MATRIX_BTC);
    const makerBtc = await env.newAddress('bob');
    for (let i = 0; i < buys; i++) await env.btc.sendTo(makerBtc, 3n * MATRIX_BTC);
    await env.btc.mine(1);
    // Taker-Alices pay 1 XMR each from one wallet: one output per payment, unlocked.
    o.say(`funding ${buys} taker-Alice XMR outputs`);
    const takerXmr: FundedWallet = await env.xmr.fundedWallet(BigInt(buys) * 1_300_000_000_000n + 2_000_000_000_000n);
    stops.push(() => takerXmr.wallet.stop());
    await takerXmr.wallet.rpc('transfer', { destinations: Array.from({ length: buys }, () => ({ amount: 1_200_000_000_000, address: takerXmr.address })) });
    await env.xmr.mine(12);
    await takerXmr.wallet.rpc('refresh', {});
    await settleChains(env);

    const [btcProxy, xmrProxy] = await Promise.all([startCountingProxy(env.btc.rpcUrl), startCountingProxy(env.xmr.daemonUrl)]);
    stops.push(() => btcProxy.close(), () => xmrProxy.close());
    const work = path.join(env.work, 'maker-bench');
    fs.mkdirSync(work, { recursive: true });
    const payout = await env.newAddress('bob');
    // Capacity 3N+1 a side: room for orphans of a maker that makes a second swap for a take asked again
    // (the bench's figures before the take id was kept across asks); today's maker makes none.
    const maker = await spawnMaker(o, { work, relay, env, btcUrl: btcProxy.url, xmrUrl: xmrProxy.url, payout, capacity: 3 * o.swaps + 1 });
    stops.push(() => maker.stop());

    // The takers' signing in two signer processes (the maker's kind, each over its own seed; takers share
    // them: keys derive per swap id and role): in this process, N takers' DLEQ proofs held the bench's
    // event loop, and with it the next takes' TLS handshakes and answer timers (seconds a take at --swaps 5).
    const takerSigners = await Promise.all([0, 1].map(() => startMakerSigner(new Uint8Array(randomBytes(32)))));
    stops.push(() => Promise.all(takerSigners.map((s) => s.stop())));
    let nextSigner = 0;
    const xmrHeight = () => env.xmr.height();
    const bobWallet: ClientWallet = { btcAddress: async () => env.newAddress('alice'), xmrDestination: async () => env.bobXmr.address, xmrHeight, ...btcWalletPayer(env.btcWallets.alice) };
    const aliceWallet: ClientWallet = {
      btcAddress: async () => env.newAddress('alice'),
      xmrDestination: async () => takerXmr.address,
      xmrHeight,
      fundingVout: async () => err(appError('no-funding', 'Alice never funds BTC')),
      payXmr: (address, piconero) => payXmrOnce(takerXmr.wallet, address, piconero),
    };
    return {
      env,
      maker,
      proxies: { btc: btcProxy, xmr: xmrProxy },
      startMiner: () => {
        const m = startSteadyMiner(env.btc, env.xmr, o.blockMs);
        stops.push(() => m.stop());
        return m;
      },
      async taker(name, side) {
        const signer = takerSigners[nextSigner++ % takerSigners.length]!.swaps;
        const t = await startTaker(work, env, name, side, side === 'bob' ? bobWallet : aliceWallet, signer);
        stops.push(() => t.node.stop());
        return t;
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function spawnMaker(
  o: BenchOptions,
  p: { work: string; relay: RelayProcess; env: MatrixEnv; btcUrl: string; xmrUrl: string; payout: string; capacity: number },
): Promise<MakerChild> {
  const dataDir = path.join(p.work, 'maker-data');
  const secrets = path.join(p.work, 'secrets.toml');
  fs.writeFileSync(secrets, `seed = "${randomBytes(32).toString('hex')}"\nbitcoin_rpc_password = "${p.env.btc.rpcPassword}"\n`, { mode: 0o600 });
  const port = await freePort();
  const side = `min_btc = "0.005"\nmax_btc = "0.01"\nspread_percent = 0\ncapacity = ${p.capacity}\n`;
  const file = path.join(p.work, 'maker.toml');
  fs.writeFileSync(
    file,
    [
      'network = "regtest"',
      `data_dir = "${dataDir}"`,
      `relays = ["${p.relay.url}"]`,
      '[listen]',
      `host = "127.0.0.1"\nport = ${port}\npublic_host = "127.0.0.1"`,
      '[bitcoin]',
      `nodes = [{ url = "${p.btcUrl}", user = "${p.env.btc.rpcUser}" }]`,
      `wallet = "bob"\npayout_address = "${p.payout}"\nregtest_chain = "litecoin-regtest"`,
      '[monero]',
      `nodes = [{ url = "${p.xmrUrl}", trusted = true }]`,
      '[monero.wallet_rpc]',
      `url = "${p.env.aliceXmr.wallet.url}"`,
      '[secrets]',
      `keychain = false\nfile = "${secrets}"`,
      '[policy]',
      `price_xmr_per_btc = "${PRICE}"\ncancel_timelock = ${o.cancelTimelock}\npunish_timelock = ${o.punishTimelock}\nfee_rate_sat_per_vb = 2`,
      'offer_expiry_minutes = 120\nrefresh_minutes = 100\ntake_timeout_minutes = 60',
      '[policy.sell_xmr]',
      side,
      '[policy.buy_xmr]',
      side,
    ].join('\n'),
  );
  // FCSWAP_BENCH_MAKER_PROF=<dir>: the maker child writes a V8 CPU profile there when it stops (to see where a take's seconds go).
  const prof = process.env['FCSWAP_BENCH_MAKER_PROF'];
  const profArgs = prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
  const child = spawn(process.execPath, [...profArgs, '--import', 'tsx', 'electron/cli/maker.ts', '--config', file], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
  const lines: Array<Record<string, unknown>> = [];
  const outcomes = new Map<string, string>();
  let buf = '';
  let stderr = '';
  // FCSWAP_BENCH_MAKER_LOG=<file>: the maker's JSON log lines kept there too (to explain a swap that stuck).
  const logFile = process.env['FCSWAP_BENCH_MAKER_LOG'];
  child.stdout!.on('data', (b: Buffer) => {
    if (logFile) fs.appendFileSync(logFile, b);
    buf += b.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const text = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let l: Record<string, unknown>;
      try {
        l = JSON.parse(text) as Record<string, unknown>;
      } catch {
        l = { text };
      }
      lines.push(l);
      if (l['component'] === 'swap' && l['event'] === 'outcome') outcomes.set(String(l['swapId']), String(l['outcome']));
      if (l['component'] === 'swap' && l['event'] === 'halted') outcomes.set(String(l['swapId']), `halted: ${String(l['msg'])}`);
    }
  });
  child.stderr!.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const offersFile = path.join(dataDir, 'offers.txt');
  const readOffers = () => (fs.existsSync(offersFile) ? fs.readFileSync(offersFile, 'utf8').trim().split('\n').filter(Boolean) : []);
  await until(() => readOffers().length === 2 || child.exitCode !== null, 120_000, 'the maker\'s two offers in offers.txt');
  if (child.exitCode !== null) throw new Error(`the maker exited ${child.exitCode}: ${stderr.slice(-3000)}`);
  const published = lines.filter((l) => l['event'] === 'offer-published');
  const offerOf = (s: string) => String(published.find((l) => l['side'] === s)?.['offer'] ?? '');
  return {
    child,
    pid: child.pid!,
    dataDir,
    lines,
    outcomes,
    stderr: () => stderr,
    offers: () => ({ sell: offerOf('sell_xmr'), buy: offerOf('buy_xmr') }),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<null>((res) => setTimeout(() => res(null), 30_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      return code;
    },
  };
}

async function startTaker(work: string, env: MatrixEnv, name: string, side: TakerSide, wallet: ClientWallet, signer: SwapSigner): Promise<Taker> {
  const outcomes = new Map<string, string>();
  // Takers poll every second (not the maker's 250 ms): they are not what is measured, and N of them share the 2 cores.
  const t = await startTakerNode({
    name,
    work,
    chains: env,
    wallet,
    signer,
    timing: { btcPollMs: 1000, xmrPollMs: 1000, btcRpcTimeoutMs: 30_000, xmrRpcTimeoutMs: 30_000, maxBackoffMs: 2_000, walletRpcStartTimeoutMs: 120_000 },
    linkTiming: { backoffInitialMs: 250, backoffMaxMs: 2_000 },
    onEnd: (swapId, outcome) => outcomes.set(swapId, outcome),
  });
  return { name, side, ...t, outcomes };
}

/**
 * Takes one offer per taker (a taker-Bob the sell_xmr offer, a taker-Alice buy_xmr), at most
 * `concurrency` takes in flight. A take the maker did not answer in time is asked again by askTake with
 * the same nonce (counted here): the maker answers it with the swap made for the first ask, no orphan.
 */
export async function takeAll(takers: readonly Taker[], offers: { sell: string; buy: string }, concurrency: number): Promise<{ swapIds: Map<SwapId, Taker>; unanswered: number; errors: string[]; takeSec: number[] }> {
  const swapIds = new Map<SwapId, Taker>();
  const errors: string[] = [];
  const takeSec: number[] = [];
  let unanswered = 0;
  const queue = [...takers];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const offer = t.side === 'bob' ? offers.sell : offers.buy;
      const t0 = performance.now();
      const r = await takeStandingOffer({ node: t.node, client: t.client, offer, btcSats: MATRIX_BTC, ask: { attempts: 5, onAskAgain: () => (unanswered += 1) } });
      takeSec.push(Math.round(performance.now() - t0) / 1000);
      if (r.ok) swapIds.set(r.value.swapId, t);
      else errors.push(`${t.name}: ${r.error.kind}: ${r.error.message}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { swapIds, unanswered, errors, takeSec };
}
