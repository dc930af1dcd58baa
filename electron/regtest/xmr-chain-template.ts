// Builds once per machine a pre-mined monerod regtest chain plus the wallet that owns its coinbase, and hands out copies.
// Invariant: the template is published by an atomic rename, so concurrent builders never expose a half-written chain.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJsonRpcClient } from '../syncer/json-rpc-client';
import { removeOnExit, spawnManaged } from './managed-process';
import { freePort } from './free-port';
import { waitReady } from './wait-ready';

/** The monero-wallet-rpc command line of every regtest wallet: loopback only, no login, its own ring db. */
export function walletRpcArgs(daemonPort: number, rpcPort: number, walletDir: string, logFile: string): string[] {
  return [
    '--daemon-address', `127.0.0.1:${daemonPort}`, '--trusted-daemon', '--rpc-bind-port', String(rpcPort),
    '--rpc-bind-ip', '127.0.0.1', '--disable-rpc-login', '--wallet-dir', walletDir, '--daemon-ssl', 'disabled',
    '--shared-ringdb-dir', join(walletDir, 'ringdb'), '--non-interactive', '--log-level', '0',
    '--log-file', logFile,
  ];
}

/** Blocks in the template: 200 coinbase outputs, 140 of them unlocked at once, plenty of ring-16 decoys. */
export const TEMPLATE_BLOCKS = 200;

export interface ChainTemplate {
  readonly dir: string;
  readonly height: number;
  readonly minerAddress: string;
  readonly minerFilename: string;
}

const monerodVersion = (): string => {
  try {
    return execFileSync('monerod', ['--version'], { encoding: 'utf8' }).replace(/[^A-Za-z0-9.]+/g, '_').slice(0, 80);
  } catch {
    return 'unknown';
  }
};

export function templateRoot(): string {
  return join(tmpdir(), 'farcaster-regtest-cache', `xmr-${monerodVersion()}-${TEMPLATE_BLOCKS}`);
}

function readTemplate(dir: string): ChainTemplate | null {
  const metaFile = join(dir, 'meta.json');
  if (!existsSync(metaFile)) return null;
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { height: number; minerAddress: string; minerFilename: string };
    return { dir, ...meta };
  } catch {
    return null;
  }
}

/** The cached template, built now if missing (about TEMPLATE_BLOCKS x 100 ms once). */
export async function ensureChainTemplate(): Promise<ChainTemplate> {
  const root = templateRoot();
  const have = readTemplate(root);
  if (have) return have;
  mkdirSync(join(root, '..'), { recursive: true });
  const work = mkdtempSync(`${root}.building-`);
  const forgetWork = removeOnExit(work);
  try {
    const rpcPort = await freePort();
    const node = spawnManaged('monerod(template)', 'monerod', [
      '--regtest', '--offline', '--fixed-difficulty', '1', '--keep-fakechain', '--data-dir', join(work, 'node'),
      '--p2p-bind-port', String(await freePort()), '--rpc-bind-port', String(rpcPort),
      '--zmq-rpc-bind-port', String(await freePort()), '--no-zmq', '--non-interactive', '--log-level', '0',
      '--log-file', join(work, 'monerod.log'),
    ], join(work, 'monerod.console.log'));
    const daemon = createJsonRpcClient({ url: `http://127.0.0.1:${rpcPort}`, rpcPath: '/json_rpc', timeoutMs: 120_000 });
    try {
      await waitReady(node, async () => ((await daemon.call('get_info')).ok ? null : 'not ready'), 60_000, 150);
      const walletDir = join(work, 'miner');
      mkdirSync(join(walletDir, 'ringdb'), { recursive: true });
      const wport = await freePort();
      const wproc = spawnManaged('monero-wallet-rpc(template)', 'monero-wallet-rpc', walletRpcArgs(rpcPort, wport, walletDir, join(work, 'wallet-rpc.log')), join(work, 'wallet-rpc.console.log'));
      const wallet = createJsonRpcClient({ url: `http://127.0.0.1:${wport}`, rpcPath: '/json_rpc', timeoutMs: 120_000 });
      const must = async (c: typeof wallet, m: string, p: Record<string, unknown>) => {
        const r = await c.call(m, p);
        if (!r.ok) throw new Error(`chain template: ${m}: ${r.error.message}`);
        return r.value as Record<string, unknown>;
      };
      try {
        await waitReady(wproc, async () => ((await wallet.call('get_version')).ok ? null : 'not ready'), 30_000);
        await must(wallet, 'create_wallet', { filename: 'miner', password: '', language: 'English' });
        const { address } = (await must(wallet, 'get_address', { account_index: 0 })) as { address: string };
        const { height } = (await must(daemon, 'generateblocks', { amount_of_blocks: TEMPLATE_BLOCKS, wallet_address: address })) as {
          height: number;
        };
        await must(wallet, 'refresh', {});
        await must(wallet, 'store', {});
        await must(wallet, 'stop_wallet', {});
        await wproc.waitExit();
        rmSync(join(walletDir, 'ringdb'), { recursive: true, force: true });
        writeFileSync(join(work, 'meta.json'), JSON.stringify({ height, minerAddress: address, minerFilename: 'miner' }));
      } finally {
        await wproc.stop(0);
      }
      // A clean daemon shutdown flushes LMDB, so copies open without recovery.
      await daemon.postJson('/stop_daemon', {});
      await node.stop(30_000);
    } finally {
      await node.stop(0);
    }
    forgetWork();
    try {
      renameSync(work, root);
    } catch {
      // Another process published first: use theirs.
      rmSync(work, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  const built = readTemplate(root);
  if (!built) throw new Error(`chain template at ${root} has no meta.json after build`);
  return built;
}

/** Copy the template's chain into dataDir/node and its miner wallet files into walletDir. */
export function copyChain(t: ChainTemplate, nodeDir: string): void {
  cpSync(join(t.dir, 'node'), nodeDir, { recursive: true });
}

export function copyMinerWallet(t: ChainTemplate, walletDir: string): void {
  for (const f of [t.minerFilename, `${t.minerFilename}.keys`]) {
    cpSync(join(t.dir, 'miner', f), join(walletDir, f));
  }
}
