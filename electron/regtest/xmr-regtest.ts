// Starts a monerod --regtest and, on demand, monero-wallet-rpc processes against it.
// Invariant: by default every daemon and wallet-rpc gets fresh free ports and temp dirs, and is killed on stop
// or process exit. With `dataDir` (the sandbox) the chain and the named wallet dirs are the caller's: stop()
// stores the wallets and stops the daemon cleanly, and the next start reuses them.
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import { removeOnExit, spawnManaged, type ManagedProcess } from './managed-process';
import { freePort } from './free-port';
import { waitReady } from './wait-ready';
import { copyChain, copyMinerWallet, ensureChainTemplate, walletRpcArgs, type ChainTemplate } from './xmr-chain-template';

/** A valid mainnet-format address (the Monero general fund) used when blocks are mined to nobody in particular. */
export const BURN_ADDRESS =
  '44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A';

export interface WalletRpc {
  readonly url: string;
  readonly port: number;
  readonly walletDir: string;
  /** wallet-rpc JSON-RPC (/json_rpc); throws a clear Error on failure. */
  rpc<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export interface FundedWallet {
  readonly wallet: WalletRpc;
  readonly address: string;
  readonly filename: string;
}

export interface XmrRegtestOptions {
  readonly startTimeoutMs?: number;
  /**
   * A data dir to use and keep (created if missing): the chain in `node/`, the template's miner wallet in
   * `wallets-miner/`, named wallet dirs beside them. An existing chain is reused. Default: a temp dir removed on stop.
   */
  readonly dataDir?: string;
  /** Fixed monerod RPC port (the caller checked it is free). Default: a free port. */
  readonly rpcPort?: number;
  /** Blocks mined at start (to BURN_ADDRESS), on top of the template chain if any. Default 0. */
  readonly initialBlocks?: number;
  /**
   * true: start from an empty chain (fundedWallet then mines 120 blocks to each wallet, ~15 s).
   * false (default): start from a copy of a cached pre-mined chain (built once per machine, ~25 s) whose
   * miner wallet funds other wallets by transfer.
   */
  readonly fresh?: boolean;
}

export interface XmrRegtest {
  /** http://127.0.0.1:PORT (monerod RPC; JSON-RPC at /json_rpc, others at /get_info etc.). */
  readonly daemonUrl: string;
  readonly rpcPort: number;
  readonly dataDir: string;
  readonly startMs: number;
  daemonRpc<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** monerod's non-JSON-RPC endpoints, e.g. ('/get_transactions', {txs_hashes: [..]}). */
  daemonPost<T = unknown>(path: string, body: Record<string, unknown>): Promise<T>;
  /** generateblocks; returns the height of the new top block. */
  mine(n: number, address?: string): Promise<number>;
  /** Height of the top block (get_info's `height` is the chain length, one more). */
  height(): Promise<number>;
  /**
   * A wallet-rpc with its own wallet dir. `dir` (a name): `<dataDir>/<dir>`, kept, and stop() stores the
   * wallet before the process exits; default: a fresh temp dir under the data dir.
   */
  startWalletRpc(opts?: { dir?: string }): Promise<WalletRpc>;
  /** Pays `piconero` to `address` (owned by `wallet`) and waits until `wallet` sees it unlocked. */
  fundWallet(wallet: WalletRpc, address: string, piconero: bigint): Promise<void>;
  /** The first block mined on this chain itself (one past the template): its hash tells one chain from another. */
  readonly firstOwnHeight: number;
  /** Hash of the block at `height`. */
  blockHash(height: number): Promise<string>;
  /**
   * A new wallet in its own wallet-rpc, refreshed, with `piconero` (default 50 XMR) unlocked and spendable:
   * paid by the template's miner wallet and buried 10 blocks deep, or (fresh chain) 120 coinbase blocks mined to it.
   */
  fundedWallet(piconero?: bigint): Promise<FundedWallet>;
  /** The wallet that owns the template chain's coinbase (not available with fresh: true). */
  minerWallet(): Promise<FundedWallet>;
  /** Kill (-9) the daemon and start it again on the same ports and data dir. */
  restart(): Promise<void>;
  stopNode(): Promise<void>;
  startNode(): Promise<void>;
  nodePid(): number | null;
  /** Temp data dir: kill everything and remove it. Kept data dir: store the wallets, stop monerod cleanly, keep it. */
  stop(): Promise<void>;
}

/** The template facts a chain needs after its copy: who owns the coinbase, and where the chain's own blocks start. */
type TemplateMeta = Pick<ChainTemplate, 'height' | 'minerAddress' | 'minerFilename'>;
interface PreparedDir {
  readonly dataDir: string;
  readonly keep: boolean;
  readonly template: TemplateMeta | null;
  /** Non-kept: the template cache, from which each miner wallet-rpc gets a copy of the miner's files. */
  readonly templateDir: string | null;
}
const KEPT_META = 'template.json';

/**
 * The data dir with a chain in `node/`. Kept dirs copy the template once (and its miner wallet, and its
 * meta, so a later start never needs the machine's template cache, which a reboot may have cleared).
 */
async function prepareDataDir(opts: XmrRegtestOptions): Promise<PreparedDir> {
  const keep = opts.dataDir !== undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'xmr-regtest-'));
  const forget = keep ? () => undefined : removeOnExit(dataDir);
  const metaFile = join(dataDir, KEPT_META);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (opts.fresh === true) return { dataDir, keep, template: null, templateDir: null };
    if (keep && existsSync(metaFile)) return { dataDir, keep, template: JSON.parse(readFileSync(metaFile, 'utf8')) as TemplateMeta, templateDir: null };
    const t = await ensureChainTemplate();
    // A kept dir without its meta was cut off mid-copy: copy again from scratch.
    rmSync(join(dataDir, 'node'), { recursive: true, force: true });
    copyChain(t, join(dataDir, 'node'));
    const meta: TemplateMeta = { height: t.height, minerAddress: t.minerAddress, minerFilename: t.minerFilename };
    if (!keep) return { dataDir, keep, template: meta, templateDir: t.dir };
    mkdirSync(join(dataDir, 'wallets-miner'), { recursive: true });
    copyMinerWallet(t, join(dataDir, 'wallets-miner'));
    writeFileSync(metaFile, JSON.stringify(meta));
    return { dataDir, keep, template: meta, templateDir: null };
  } catch (e) {
    if (!keep) {
      rmSync(dataDir, { recursive: true, force: true });
      forget();
    }
    throw e;
  }
}

/** Opens `filename` in `w` if its keys file exists (a kept wallet), else creates it; returns its primary address. */
export async function openOrCreateWallet(w: WalletRpc, filename: string): Promise<{ address: string; created: boolean }> {
  const created = !existsSync(join(w.walletDir, `${filename}.keys`));
  if (created) await w.rpc('create_wallet', { filename, password: '', language: 'English' });
  else await w.rpc('open_wallet', { filename, password: '' });
  const { address } = await w.rpc<{ address: string }>('get_address', { account_index: 0 });
  return { address, created };
}

/** One monero-wallet-rpc against the daemon at `daemonPort`, with `walletDir` as its wallet dir. */
async function spawnWalletRpc(daemonPort: number, walletDir: string, kept: boolean): Promise<WalletRpc> {
  const port = await freePort();
  mkdirSync(join(walletDir, 'ringdb'), { recursive: true });
  const wproc = spawnManaged('monero-wallet-rpc', 'monero-wallet-rpc', walletRpcArgs(daemonPort, port, walletDir, join(walletDir, 'wallet-rpc.log')), join(walletDir, 'console.log'));
  const url = `http://127.0.0.1:${port}`;
  const wclient = createJsonRpcClient({ url, rpcPath: '/json_rpc', timeoutMs: 120_000 });
  await waitReady(wproc, async () => {
    const r = await wclient.call('get_version');
    return r.ok ? null : r.error.message;
  }, 30_000, 100);
  return {
    url,
    port,
    walletDir,
    rpc: async <T>(method: string, params: Record<string, unknown> = {}) => {
      const r = await wclient.call(method, params);
      if (!r.ok) throw new Error(`monero-wallet-rpc ${method}: ${r.error.message}`);
      return r.value as T;
    },
    stop: async () => {
      // A kept wallet's cache holds its outgoing destinations (payXmrOnce reads them): stop_wallet saves it, then exits.
      if (kept && wproc.isAlive() && (await wclient.call('stop_wallet', {})).ok) {
        const t = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref());
        await Promise.race([wproc.exited, t]);
      }
      await wproc.stop(0);
    },
  };
}


interface Node {
  readonly daemonUrl: string;
  readonly rpcPort: number;
  daemonRpc<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  daemonPost<T = unknown>(path: string, body: Record<string, unknown>): Promise<T>;
  startNode(): Promise<void>;
  /** graceful: stop_daemon and wait for a flushed exit (kept chains); else kill -9. */
  stopNode(graceful: boolean): Promise<void>;
  nodePid(): number | null;
}

async function monerodNode(dataDir: string, opts: XmrRegtestOptions): Promise<Node> {
  const rpcPort = opts.rpcPort ?? (await freePort());
  const p2pPort = await freePort();
  const zmqPort = await freePort();
  const daemonUrl = `http://127.0.0.1:${rpcPort}`;
  const client = createJsonRpcClient({ url: daemonUrl, rpcPath: '/json_rpc', timeoutMs: 120_000 });
  const args = [
    '--regtest', '--offline', '--fixed-difficulty', '1', '--keep-fakechain',
    '--data-dir', join(dataDir, 'node'),
    '--p2p-bind-port', String(p2pPort), '--rpc-bind-port', String(rpcPort), '--zmq-rpc-bind-port', String(zmqPort),
    '--no-zmq', '--non-interactive', '--log-level', '0',
    // Every client of a test is on 127.0.0.1: monerod's default of 25 RPC connections per private IP dropped the
    // 26th (bench:maker --swaps 20: 21 nodes' syncer workers and their wallet-rpcs stalled on UND_ERR_SOCKET).
    '--rpc-max-connections-per-private-ip', '1000', '--rpc-max-connections', '1000',
    '--log-file', join(dataDir, 'monerod.log'),
  ];
  let proc: ManagedProcess | null = null;
  const daemonPost = async <T>(path: string, body: Record<string, unknown>): Promise<T> => {
    const r = await client.postJson(path, body);
    if (!r.ok) throw new Error(`monerod ${path}: ${r.error.message}`);
    return r.value as T;
  };
  return {
    daemonUrl,
    rpcPort,
    daemonRpc: async <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => {
      const r = await client.call(method, params);
      if (!r.ok) throw new Error(`monerod ${method}: ${r.error.message}`);
      return r.value as T;
    },
    daemonPost,
    startNode: async () => {
      proc = spawnManaged('monerod', 'monerod', args, join(dataDir, 'console.log'));
      await waitReady(proc, async () => {
        const r = await client.call('get_info');
        return r.ok ? null : r.error.message;
      }, opts.startTimeoutMs ?? 60_000, 150);
    },
    stopNode: async (graceful) => {
      const p = proc;
      if (!p?.isAlive()) return;
      const asked = graceful ? await client.postJson('/stop_daemon', {}) : null;
      await p.stop(asked?.ok ? 30_000 : 0);
    },
    nodePid: () => (proc?.isAlive() ? proc.pid : null),
  };
}

export async function startXmrRegtest(opts: XmrRegtestOptions = {}): Promise<XmrRegtest> {
  const t0 = performance.now();
  const { dataDir, keep, template, templateDir } = await prepareDataDir(opts);
  const forgetDir = keep ? () => undefined : removeOnExit(dataDir);
  const node = await monerodNode(dataDir, opts);
  try {
    await node.startNode();
  } catch (e) {
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const wallets = new Set<WalletRpc>();
  const height = async () => (await node.daemonRpc<{ height: number }>('get_info')).height - 1;
  // Two miners of one monerod (a test's funding and a steady miner) may build on the same tip at once:
  // the later block is "not accepted" (-7). That is a lost race, not a failure: mine again on the new tip.
  const mine = async (n: number, address: string = BURN_ADDRESS): Promise<number> => {
    for (let i = 0; ; i++) {
      try {
        return (await node.daemonRpc<{ height: number }>('generateblocks', { amount_of_blocks: n, wallet_address: address })).height;
      } catch (e) {
        if (i >= 5 || !(e instanceof Error) || !/Block not accepted/.test(e.message)) throw e;
        await new Promise((r) => setTimeout(r, 100 * (i + 1)));
      }
    }
  };

  const startWalletRpc = async (o: { dir?: string } = {}): Promise<WalletRpc> => {
    const walletDir = o.dir ? join(dataDir, o.dir) : mkdtempSync(join(dataDir, 'wallets-'));
    const w = await spawnWalletRpc(node.rpcPort, walletDir, o.dir !== undefined);
    const tracked: WalletRpc = {
      ...w,
      stop: async () => {
        wallets.delete(tracked);
        await w.stop();
      },
    };
    wallets.add(tracked);
    return tracked;
  };
  const funder = minerFunder({ template, templateDir, keep, mine, startWalletRpc });

  if ((opts.initialBlocks ?? 0) > 0) await mine(opts.initialBlocks ?? 0);

  return {
    daemonUrl: node.daemonUrl,
    rpcPort: node.rpcPort,
    dataDir,
    startMs: Math.round(performance.now() - t0),
    daemonRpc: node.daemonRpc,
    daemonPost: node.daemonPost,
    mine,
    height,
    startWalletRpc,
    fundWallet: funder.fundWallet,
    fundedWallet: async (piconero = 50_000_000_000_000n) => {
      if (piconero <= 0n || piconero > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`fundedWallet: amount ${piconero} out of range`);
      // The miner's wallet-rpc (first use) and the new one start in parallel: each spawn costs seconds.
      const [wallet] = await Promise.all([startWalletRpc(), template ? funder.minerWallet() : null]);
      const filename = `funded-${funder.nextIndex()}`;
      await wallet.rpc('create_wallet', { filename, password: '', language: 'English' });
      const { address } = await wallet.rpc<{ address: string }>('get_address', { account_index: 0 });
      await funder.fundWallet(wallet, address, piconero);
      return { wallet, address, filename };
    },
    minerWallet: funder.minerWallet,
    firstOwnHeight: (template?.height ?? 0) + 1,
    blockHash: async (h) => (await node.daemonRpc<{ block_header: { hash: string } }>('get_block_header_by_height', { height: h })).block_header.hash,
    restart: async () => {
      await node.stopNode(false);
      await node.startNode();
    },
    stopNode: () => node.stopNode(false),
    startNode: node.startNode,
    nodePid: node.nodePid,
    stop: async () => {
      await Promise.all([...wallets].map((w) => w.stop()));
      await node.stopNode(keep);
      if (keep) return;
      rmSync(dataDir, { recursive: true, force: true });
      forgetDir();
    },
  };
}

/** Funding from the template's coinbase owner (or, on a fresh chain, by mining coinbase to the wallet). */
function minerFunder(c: {
  template: TemplateMeta | null;
  templateDir: string | null;
  keep: boolean;
  mine: (n: number, address?: string) => Promise<number>;
  startWalletRpc: (o?: { dir?: string }) => Promise<WalletRpc>;
}) {
  const { template: t, mine } = c;
  let miner: Promise<FundedWallet> | null = null;
  const minerWallet = (): Promise<FundedWallet> => {
    if (!t) return Promise.reject(new Error('minerWallet: this regtest was started with fresh: true (no template)'));
    miner ??= (async () => {
      // Kept: the miner's files were copied into wallets-miner with the chain, and its cache is kept with them.
      const wallet = await c.startWalletRpc(c.keep ? { dir: 'wallets-miner' } : {});
      if (c.templateDir) copyMinerWallet({ ...t, dir: c.templateDir }, wallet.walletDir);
      await wallet.rpc('open_wallet', { filename: t.minerFilename, password: '' });
      await wallet.rpc('refresh', {});
      return { wallet, address: t.minerAddress, filename: t.minerFilename };
    })();
    return miner;
  };
  // The miner pays one wallet at a time: concurrent transfers would pick the same outputs.
  let minerQueue: Promise<unknown> = Promise.resolve();
  let fundedCount = 0;
  const fundWallet = async (wallet: WalletRpc, address: string, piconero: bigint): Promise<void> => {
    if (!t) {
      // Coinbase unlocks after 60 blocks: 120 blocks leave 60 spendable outputs and give rings of 16 their decoys.
      await mine(120, address);
    } else {
      const pay = minerQueue.then(async () => {
        const m = await minerWallet();
        await m.wallet.rpc('refresh', {});
        // JSON numbers: amounts up to 2^53 piconero (9007 XMR) are exact.
        await m.wallet.rpc('transfer', { destinations: [{ amount: Number(piconero), address }], ring_size: 16 });
        await mine(10);
      });
      minerQueue = pay.catch(() => undefined);
      await pay;
    }
    await wallet.rpc('refresh', {});
    // The payment may have landed a block late (busy machine): mine until the wallet itself sees it unlocked.
    for (let i = 0; i < 10; i++) {
      const b = await wallet.rpc<{ unlocked_balance: number }>('get_balance', { account_index: 0 });
      if (BigInt(b.unlocked_balance) >= (t ? piconero : 1n)) break;
      await mine(1);
      await wallet.rpc('refresh', {});
    }
  };
  return { minerWallet, fundWallet, nextIndex: () => fundedCount++ };
}
