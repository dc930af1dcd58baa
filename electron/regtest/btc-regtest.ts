// Starts a litecoind -regtest (the Bitcoin Core 0.21 stand-in) with a wallet holding mature coins.
// Invariant: by default each instance owns fresh free ports and a temp datadir, and is killed (and its dir
// removed) on stop or exit. With `datadir` (the sandbox) the chain is the caller's: stop() asks the node to
// shut down cleanly (so the next start finds a flushed chain and wallet) and leaves the dir in place.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createJsonRpcClient, type JsonRpcClient } from '../syncer/json-rpc-client';
import { removeOnExit, spawnManaged, type ManagedProcess } from './managed-process';
import { freePort } from './free-port';
import { waitReady } from './wait-ready';

export interface BtcRegtestOptions {
  /** Blocks mined at start to the wallet (>= 101 gives mature coins; CLTV needs > 1351). Default 101. */
  readonly initialBlocks?: number;
  /** Extra litecoind arguments. */
  readonly extraArgs?: readonly string[];
  readonly startTimeoutMs?: number;
  /** A datadir to use and keep (created if missing; an existing chain and wallet are reused). Default: a temp dir removed on stop. */
  readonly datadir?: string;
  /** Fixed RPC port (the caller checked it is free). Default: a free port. */
  readonly rpcPort?: number;
  /** Fixed RPC password (a kept node's credentials stay the same). Default: random. */
  readonly rpcPassword?: string;
  /** Start with -txindex=1 (default true). false: a node as the person runs it, where only blocks and the mempool are readable. */
  readonly txindex?: boolean;
  /**
   * Cookie auth instead of rpcuser/rpcpassword (default false): the node writes `<datadir>/regtest/.cookie` at each
   * start; the harness reads it for its own calls (and again after a restart).
   */
  readonly cookieAuth?: boolean;
}

export interface BtcRegtest {
  /** http://127.0.0.1:PORT; use with rpcUser/rpcPassword (basic auth) or rpcCookieFile, path '/'. */
  readonly rpcUrl: string;
  /** With cookie auth, the cookie's current user and password (read from the file at each access). */
  readonly rpcUser: string;
  readonly rpcPassword: string;
  /** The node's cookie file with cookie auth; null with rpcuser/rpcpassword. */
  readonly rpcCookieFile: string | null;
  readonly rpcPort: number;
  readonly p2pPort: number;
  readonly datadir: string;
  /** Wallet RPC URL (`/wallet/w`) for wallet calls when several wallets are loaded. */
  readonly walletName: string;
  /** Milliseconds from spawn to a funded wallet. */
  readonly startMs: number;
  /** Node RPC; throws a clear Error on any RPC failure (test tooling, not a production path). */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** Mine n blocks to address (default: a fresh wallet address); returns block hashes. */
  mine(n: number, address?: string): Promise<string[]>;
  newAddress(type?: 'bech32' | 'legacy' | 'p2sh-segwit'): Promise<string>;
  /** Send from the funded wallet; returns the txid. Does not mine. */
  sendTo(address: string, sats: bigint | number): Promise<string>;
  /** Stop the node gracefully and start it again on the same ports and datadir (tests of node restarts). */
  restart(): Promise<void>;
  /** Stop only (no restart); the instance can be started again with start(). */
  stopNode(): Promise<void>;
  startNode(): Promise<void>;
  /**
   * Writes the chain state, block index and mempool to disk now. litecoind does so on its own only about
   * hourly and at a clean stop: a kill -9 loses every block since (a young chain all of them, block 1 too).
   */
  flush(): Promise<void>;
  /** Pid of the running node (null when stopped): for tests that kill -9 it. */
  nodePid(): number | null;
  /** Temp datadir: kill the node and remove the dir. Kept datadir: `stop` RPC, wait for a clean exit, keep the dir. */
  stop(): Promise<void>;
}

/** Satoshis to the decimal-string amount Bitcoin Core accepts (exact; no floats). */
export function satsToBtcString(sats: bigint | number): string {
  const s = BigInt(sats);
  if (s < 0n) throw new Error('negative amount');
  return `${s / 100_000_000n}.${(s % 100_000_000n).toString().padStart(8, '0')}`;
}

interface LitecoindConfig {
  readonly datadir: string;
  readonly rpcPort: number;
  readonly p2pPort: number;
  readonly rpcUser: string;
  readonly rpcPassword: string;
  /** Set: cookie auth (no rpcuser/rpcpassword), the cookie at this path. */
  readonly cookieFile: string | null;
  readonly txindex: boolean;
  readonly walletName: string;
  readonly extraArgs: readonly string[];
  readonly startTimeoutMs: number;
}

function litecoindArgs(c: LitecoindConfig): string[] {
  return [
    '-regtest',
    '-server',
    '-rpcbind=127.0.0.1',
    '-rpcallowip=127.0.0.1',
    `-rpcport=${c.rpcPort}`,
    `-port=${c.p2pPort}`,
    ...(c.cookieFile === null ? [`-rpcuser=${c.rpcUser}`, `-rpcpassword=${c.rpcPassword}`] : []),
    '-listen=0',
    '-dnsseed=0',
    '-fallbackfee=0.0001',
    ...(c.txindex ? ['-txindex=1'] : []),
    '-vbparams=mweb:-2:0',
    `-datadir=${c.datadir}`,
    '-printtoconsole=1',
    '-rpcworkqueue=64',
    ...c.extraArgs,
  ];
}

/** The litecoind process: start (with its wallet loaded or created), clean stop, kill, and RPC calls. */
function litecoind(c: LitecoindConfig) {
  const rpcUrl = `http://127.0.0.1:${c.rpcPort}`;
  const auth = c.cookieFile === null ? { user: c.rpcUser, password: c.rpcPassword } : { cookieFile: c.cookieFile };
  const node = createJsonRpcClient({ url: rpcUrl, ...auth, timeoutMs: 60_000 });
  const wallet = createJsonRpcClient({ url: rpcUrl, ...auth, timeoutMs: 60_000, rpcPath: `/wallet/${c.walletName}` });
  let proc: ManagedProcess | null = null;
  const call = async <T>(client: JsonRpcClient, method: string, params: unknown[]): Promise<T> => {
    const r = await client.call(method, params);
    if (!r.ok) throw new Error(`litecoind ${method}: ${r.error.message}${proc && !proc.isAlive() ? `\n${proc.logTail()}` : ''}`);
    return r.value as T;
  };
  return {
    rpcUrl,
    node,
    wallet,
    call,
    startNode: async () => {
      proc = spawnManaged('litecoind', 'litecoind', litecoindArgs(c), join(c.datadir, 'console.log'));
      await waitReady(proc, async () => {
        const r = await node.call('getblockcount');
        return r.ok ? null : r.error.message;
      }, c.startTimeoutMs);
      // The wallet is not auto-loaded on restart in 0.21 unless listed in settings; load it if it exists.
      const loaded = await call<string[]>(node, 'listwallets', []);
      if (!loaded.includes(c.walletName)) {
        const l = await node.call('loadwallet', [c.walletName]);
        if (!l.ok) await call(node, 'createwallet', [c.walletName]);
      }
    },
    stopNode: async () => {
      const p = proc;
      if (!p || !p.isAlive()) return;
      const r = await node.call('stop');
      await p.stop(r.ok ? 15_000 : 0);
    },
    kill: async () => {
      await proc?.stop(0);
    },
    nodePid: () => (proc?.isAlive() ? proc.pid : null),
  };
}

export async function startBtcRegtest(opts: BtcRegtestOptions = {}): Promise<BtcRegtest> {
  const t0 = performance.now();
  const keep = opts.datadir !== undefined;
  const datadir = opts.datadir ?? mkdtempSync(join(tmpdir(), 'btc-regtest-'));
  if (keep) mkdirSync(datadir, { recursive: true, mode: 0o700 });
  const forgetDir = keep ? () => undefined : removeOnExit(datadir);
  const c: LitecoindConfig = {
    datadir,
    rpcPort: opts.rpcPort ?? (await freePort()),
    p2pPort: await freePort(),
    rpcUser: 'regtest',
    rpcPassword: opts.rpcPassword ?? randomBytes(12).toString('hex'),
    cookieFile: opts.cookieAuth === true ? join(datadir, 'regtest', '.cookie') : null,
    txindex: opts.txindex ?? true,
    walletName: 'w',
    extraArgs: opts.extraArgs ?? [],
    startTimeoutMs: opts.startTimeoutMs ?? 60_000,
  };
  const ltc = litecoind(c);
  const { node, wallet, call } = ltc;
  try {
    await ltc.startNode();
  } catch (e) {
    if (!keep) rmSync(datadir, { recursive: true, force: true });
    throw e;
  }

  const newAddress = (type: 'bech32' | 'legacy' | 'p2sh-segwit' = 'bech32') => call<string>(wallet, 'getnewaddress', ['', type]);
  const mine = async (n: number, address?: string) => call<string[]>(node, 'generatetoaddress', [n, address ?? (await newAddress())]);
  // A kept chain already has its initial blocks: mine only what is missing (all of them on a new chain).
  const missing = (opts.initialBlocks ?? 101) - (await call<number>(node, 'getblockcount', []));
  if (missing > 0) await mine(missing);

  const cookie = (part: 0 | 1) => (c.cookieFile === null ? null : readFileSync(c.cookieFile, 'utf8').trim().split(':')[part] ?? '');
  return {
    rpcUrl: ltc.rpcUrl,
    get rpcUser() {
      return cookie(0) ?? c.rpcUser;
    },
    get rpcPassword() {
      return cookie(1) ?? c.rpcPassword;
    },
    rpcCookieFile: c.cookieFile,
    rpcPort: c.rpcPort,
    p2pPort: c.p2pPort,
    datadir,
    walletName: c.walletName,
    startMs: Math.round(performance.now() - t0),
    rpc: <T>(method: string, params: unknown[] = []) => call<T>(wallet, method, params),
    mine,
    newAddress,
    sendTo: (address, sats) => call<string>(wallet, 'sendtoaddress', [address, satsToBtcString(sats)]),
    restart: async () => {
      await ltc.stopNode();
      await ltc.startNode();
    },
    stopNode: ltc.stopNode,
    startNode: ltc.startNode,
    flush: async () => {
      // gettxoutsetinfo forces FlushStateToDisk (hash 'none': no UTXO hashing); savemempool writes mempool.dat.
      await call(node, 'gettxoutsetinfo', ['none']);
      await call(node, 'savemempool', []);
    },
    nodePid: ltc.nodePid,
    stop: async () => {
      if (keep) return ltc.stopNode();
      await ltc.kill();
      rmSync(datadir, { recursive: true, force: true });
      forgetDir();
    },
  };
}
