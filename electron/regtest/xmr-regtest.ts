// Starts a throwaway monerod --regtest and, on demand, monero-wallet-rpc processes against it.
// Invariant: every daemon and wallet-rpc gets fresh free ports and temp dirs, and is killed on stop or process exit.
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import { removeOnExit, spawnManaged, type ManagedProcess } from './managed-process';
import { freePort } from './free-port';
import { waitReady } from './wait-ready';
import { copyChain, copyMinerWallet, ensureChainTemplate, type ChainTemplate } from './xmr-chain-template';

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
  startWalletRpc(): Promise<WalletRpc>;
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
  stop(): Promise<void>;
}

export async function startXmrRegtest(opts: XmrRegtestOptions = {}): Promise<XmrRegtest> {
  const t0 = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'xmr-regtest-'));
  const forgetDir = removeOnExit(dataDir);
  const rpcPort = await freePort();
  const p2pPort = await freePort();
  const zmqPort = await freePort();
  const daemonUrl = `http://127.0.0.1:${rpcPort}`;
  const client = createJsonRpcClient({ url: daemonUrl, rpcPath: '/json_rpc', timeoutMs: 120_000 });
  const args = [
    '--regtest', '--offline', '--fixed-difficulty', '1', '--keep-fakechain',
    '--data-dir', join(dataDir, 'node'),
    '--p2p-bind-port', String(p2pPort), '--rpc-bind-port', String(rpcPort), '--zmq-rpc-bind-port', String(zmqPort),
    '--no-zmq', '--non-interactive', '--log-level', '0',
    '--log-file', join(dataDir, 'monerod.log'),
  ];
  let template: ChainTemplate | null = null;
  try {
    if (opts.fresh !== true) {
      template = await ensureChainTemplate();
      copyChain(template, join(dataDir, 'node'));
    }
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  let proc: ManagedProcess | null = null;
  const wallets = new Set<WalletRpc>();

  const daemonRpc = async <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => {
    const r = await client.call(method, params);
    if (!r.ok) throw new Error(`monerod ${method}: ${r.error.message}`);
    return r.value as T;
  };
  const daemonPost = async <T>(path: string, body: Record<string, unknown>): Promise<T> => {
    const r = await client.postJson(path, body);
    if (!r.ok) throw new Error(`monerod ${path}: ${r.error.message}`);
    return r.value as T;
  };
  const startNode = async () => {
    proc = spawnManaged('monerod', 'monerod', args, join(dataDir, 'console.log'));
    await waitReady(
      proc,
      async () => {
        const r = await client.call('get_info');
        return r.ok ? null : r.error.message;
      },
      opts.startTimeoutMs ?? 60_000,
      150,
    );
  };
  const stopNode = async () => {
    await proc?.stop(0);
  };
  try {
    await startNode();
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }

  const height = async () => (await daemonRpc<{ height: number }>('get_info')).height - 1;
  const mine = async (n: number, address: string = BURN_ADDRESS) =>
    (await daemonRpc<{ height: number }>('generateblocks', { amount_of_blocks: n, wallet_address: address })).height;

  const startWalletRpc = async (): Promise<WalletRpc> => {
    const port = await freePort();
    const walletDir = mkdtempSync(join(dataDir, 'wallets-'));
    mkdirSync(join(walletDir, 'ringdb'));
    const wproc = spawnManaged('monero-wallet-rpc', 'monero-wallet-rpc', [
      '--daemon-address', `127.0.0.1:${rpcPort}`, '--trusted-daemon', '--rpc-bind-port', String(port),
      '--rpc-bind-ip', '127.0.0.1', '--disable-rpc-login', '--wallet-dir', walletDir, '--daemon-ssl', 'disabled',
      '--shared-ringdb-dir', join(walletDir, 'ringdb'), '--non-interactive', '--log-level', '0',
      '--log-file', join(walletDir, 'wallet-rpc.log'),
    ], join(walletDir, 'console.log'));
    const url = `http://127.0.0.1:${port}`;
    const wclient = createJsonRpcClient({ url, rpcPath: '/json_rpc', timeoutMs: 120_000 });
    await waitReady(wproc, async () => {
      const r = await wclient.call('get_version');
      return r.ok ? null : r.error.message;
    }, 30_000, 100);
    const w: WalletRpc = {
      url,
      port,
      walletDir,
      rpc: async <T>(method: string, params: Record<string, unknown> = {}) => {
        const r = await wclient.call(method, params);
        if (!r.ok) throw new Error(`monero-wallet-rpc ${method}: ${r.error.message}`);
        return r.value as T;
      },
      stop: async () => {
        wallets.delete(w);
        await wproc.stop(0);
      },
    };
    wallets.add(w);
    return w;
  };

  let miner: Promise<FundedWallet> | null = null;
  const minerWallet = (): Promise<FundedWallet> => {
    const t = template;
    if (!t) return Promise.reject(new Error('minerWallet: this regtest was started with fresh: true (no template)'));
    miner ??= (async () => {
      const wallet = await startWalletRpc();
      copyMinerWallet(t, wallet.walletDir);
      await wallet.rpc('open_wallet', { filename: t.minerFilename, password: '' });
      await wallet.rpc('refresh', {});
      return { wallet, address: t.minerAddress, filename: t.minerFilename };
    })();
    return miner;
  };
  // The miner pays one wallet at a time: concurrent transfers would pick the same outputs.
  let minerQueue: Promise<unknown> = Promise.resolve();
  let fundedCount = 0;

  const fundedWallet = async (piconero = 50_000_000_000_000n): Promise<FundedWallet> => {
    if (piconero <= 0n || piconero > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`fundedWallet: amount ${piconero} out of range`);
    // The miner's wallet-rpc (first use) and the new one start in parallel: each spawn costs seconds.
    const [wallet] = await Promise.all([startWalletRpc(), template ? minerWallet() : null]);
    const filename = `funded-${fundedCount++}`;
    await wallet.rpc('create_wallet', { filename, password: '', language: 'English' });
    const { address } = await wallet.rpc<{ address: string }>('get_address', { account_index: 0 });
    if (!template) {
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
      if (BigInt(b.unlocked_balance) >= (template ? piconero : 1n)) break;
      await mine(1);
      await wallet.rpc('refresh', {});
    }
    return { wallet, address, filename };
  };

  if ((opts.initialBlocks ?? 0) > 0) await mine(opts.initialBlocks ?? 0);

  return {
    daemonUrl,
    rpcPort,
    dataDir,
    startMs: Math.round(performance.now() - t0),
    daemonRpc,
    daemonPost,
    mine,
    height,
    startWalletRpc,
    fundedWallet,
    minerWallet,
    restart: async () => {
      await stopNode();
      await startNode();
    },
    stopNode,
    startNode,
    nodePid: () => (proc?.isAlive() ? proc.pid : null),
    stop: async () => {
      await Promise.all([...wallets].map((w) => w.stop()));
      await proc?.stop(0);
      rmSync(dataDir, { recursive: true, force: true });
      forgetDir();
    },
  };
}
