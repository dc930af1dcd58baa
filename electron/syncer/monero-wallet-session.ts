// One monero-wallet-rpc process holding one wallet, named deterministically from the syncer task id.
// Invariant: a retry reopens the same file instead of failing on "wallet already exists" (node #928); watch and sweep wallets never share a file (node #298).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { TaskId } from '../../shared/ids';
import { walletRpcArgs } from '../../shared/networks/wallet-rpc-args';
import { xmrNodeOf, type XmrWorkerConfig } from '../../shared/syncer/worker-protocol';
import { createJsonRpcClient, type JsonRpcClient } from './json-rpc-client';
import { spawnChild, type ChildProcessHandle } from './child-processes';
import { freePort } from './free-port';
import { nodeCall } from './node-call';
import { NodeFailure } from './chain-backend';
import { z as zod } from 'zod';

export type WalletRole = 'watch' | 'sweep';

export interface WalletKeys {
  readonly address: string;
  readonly viewKey: string;
  /** Present for sweep wallets only. */
  readonly spendKey?: string;
  readonly restoreHeight: number;
}

export interface WalletSession {
  readonly filename: string;
  call<S extends z.ZodType>(method: string, params: Record<string, unknown>, schema: S): Promise<z.infer<S>>;
  /** Store and stop the wallet-rpc (or kill it if it does not answer). */
  close(): Promise<void>;
  isAlive(): boolean;
}

/** `<role>-<readable id>-<hash>`: stable for a task id, safe as a file name on every OS. */
export function walletFilename(role: WalletRole, taskId: TaskId): string {
  const readable = taskId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60);
  const h = createHash('sha256').update(taskId).digest('hex').slice(0, 12);
  return `${role}-${readable}-${h}`;
}

/** Remove a task's wallet files (wallet cache, keys, address file). */
export function deleteWalletFiles(walletDir: string, filename: string): void {
  if (!existsSync(walletDir)) return;
  for (const f of readdirSync(walletDir)) {
    if (f === filename || f.startsWith(`${filename}.`)) rmSync(join(walletDir, f), { force: true });
  }
}

const Ignore = zod.unknown();

/** A monero-wallet-rpc process with no wallet open yet, behind digest auth with a random password. */
export interface WalletRpcProcess {
  readonly client: JsonRpcClient;
  isAlive(): boolean;
  /** Store the open wallet and stop the process (or kill it if it does not answer). */
  close(): Promise<void>;
}

/**
 * Start a wallet-rpc for the wallet `filename` (its log files are named after it) with the config's
 * daemon, network and trust flags, and wait until it answers.
 */
export async function startWalletRpc(cfg: XmrWorkerConfig, filename: string): Promise<WalletRpcProcess> {
  mkdirSync(join(cfg.walletDir, 'ringdb'), { recursive: true });
  const port = await freePort();
  const rpcPassword = randomBytes(24).toString('hex');
  const loginFile = join(cfg.walletDir, `${filename}.rpc-login.conf`);
  // The monerod login (a node with --rpc-login) rides in the same 0600 file, never in argv.
  const daemonLogin = cfg.daemonLogin ? `daemon-login=${cfg.daemonLogin.user}:${cfg.daemonLogin.password}\n` : '';
  writeFileSync(loginFile, `rpc-login=syncer:${rpcPassword}\n${daemonLogin}`, { mode: 0o600 });
  const proc: ChildProcessHandle = spawnChild(cfg.walletRpcBin, walletRpcArgvOf(cfg, filename, port, loginFile), join(cfg.walletDir, `${filename}.console.log`));
  const client: JsonRpcClient = createJsonRpcClient({
    url: `http://127.0.0.1:${port}`,
    rpcPath: '/json_rpc',
    timeoutMs: Math.max(cfg.rpcTimeoutMs, 60_000),
    bigIntsAsStrings: true,
    auth: 'digest',
    user: 'syncer',
    password: rpcPassword,
  });
  try {
    await waitUntilUp(cfg, proc, client, loginFile);
  } catch (e) {
    await proc.stop(0);
    rmSync(loginFile, { force: true });
    throw e;
  }
  return {
    client,
    isAlive: () => proc.isAlive(),
    async close() {
      if (!proc.isAlive()) return;
      const r = await client.call('stop_wallet');
      await proc.stop(r.ok ? 10_000 : 0);
    },
  };
}

export async function openWalletSession(cfg: XmrWorkerConfig, role: WalletRole, taskId: TaskId, keys: WalletKeys): Promise<WalletSession> {
  const filename = walletFilename(role, taskId);
  const rpc = await startWalletRpc(cfg, filename);
  try {
    await openOrCreateWallet(cfg, rpc.client, filename, keys);
  } catch (e) {
    await rpc.close().catch(() => undefined);
    throw e;
  }
  return {
    filename,
    call: (method, params, schema) => nodeCall(rpc.client, method, params, schema),
    isAlive: rpc.isAlive,
    close: rpc.close,
  };
}

/** The wallet-rpc's argv: network flag and daemon trust from the config, through the pure builder in shared/networks. */
export function walletRpcArgvOf(cfg: XmrWorkerConfig, filename: string, port: number, loginFile: string): string[] {
  const daemon = new URL(cfg.daemonUrl);
  const node = xmrNodeOf(cfg);
  return walletRpcArgs({
    network: node.network,
    trustedDaemon: node.trusted,
    daemonAddress: `${daemon.hostname}:${daemon.port || (daemon.protocol === 'https:' ? '443' : '80')}`,
    daemonSsl: daemon.protocol === 'https:',
    rpcPort: port,
    // The sweep wallet holds a full spend key: only this worker may talk to it (digest auth, random password,
    // passed in a 0600 file that is deleted once the rpc is up, never in argv where `ps` shows it).
    configFile: loginFile,
    walletDir: cfg.walletDir,
    ringdbDir: join(cfg.walletDir, 'ringdb'),
    logFile: join(cfg.walletDir, `${filename}.rpc.log`),
  });
}

/** Wait until the wallet-rpc answers (then its login file goes), or fail when it exits or the start timeout passes. */
async function waitUntilUp(cfg: XmrWorkerConfig, proc: ChildProcessHandle, client: JsonRpcClient, loginFile: string): Promise<void> {
  const deadline = Date.now() + cfg.walletRpcStartTimeoutMs;
  for (;;) {
    if (!proc.isAlive()) throw new NodeFailure('transport', `monero-wallet-rpc exited at start: ${proc.logTail(5)}`);
    if ((await client.call('get_version')).ok) {
      rmSync(loginFile, { force: true });
      return;
    }
    if (Date.now() > deadline) throw new NodeFailure('transport', `monero-wallet-rpc not ready after ${cfg.walletRpcStartTimeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openOrCreateWallet(cfg: XmrWorkerConfig, client: JsonRpcClient, filename: string, keys: WalletKeys): Promise<void> {
  const open = () => nodeCall(client, 'open_wallet', { filename, password: '' }, Ignore);
  if (existsSync(join(cfg.walletDir, `${filename}.keys`))) {
    await open();
    return;
  }
  try {
    await nodeCall(
      client,
      'generate_from_keys',
      {
        filename,
        password: '',
        address: keys.address,
        viewkey: keys.viewKey,
        ...(keys.spendKey !== undefined ? { spendkey: keys.spendKey } : {}),
        restore_height: keys.restoreHeight,
        autosave_current: true,
      },
      Ignore,
    );
  } catch (e) {
    // Created by an earlier attempt that died before we looked: reuse it.
    if (e instanceof NodeFailure && e.kind === 'rpc' && /already exists/i.test(e.message)) await open();
    else throw e;
  }
}
