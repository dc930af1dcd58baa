// The real parts behind the swap e2e specs: a sandbox process (litecoind + monerod regtest, the maker
// daemon, funded wallets, a miner), a private gnome-keyring on its own D-Bus (the signer's keytar talks
// to a real Secret Service, never the user's), and the wallet host process, which a test may kill -9
// and start again on the same data folder. Nothing here is mocked.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alive, descendants, kill9 } from './process-tree';
import { startPrivateSecretService, type PrivateSecretService } from '../electron/keychain/private-secret-service';
import type { Page, TestType } from '@playwright/test';
import { E2E_HOST_TOKEN } from './e2e-host-token';

export interface RealWallet {
  readonly url: string;
  readonly sandboxFile: string;
  /** A fresh offer straight from the sandbox maker; lockXmr false = the maker never locks (refund path). */
  offer(lockXmr: boolean): Promise<string>;
  /**
   * kill -9 the wallet host process alone, as a crash would; its children (signer, syncer workers and
   * their wallet-rpc) must notice and exit on their own. Returns the pids still alive 20 s later
   * (orphans), then starts the host again on the same data folder.
   */
  killAndRestartHost(): Promise<{ orphans: number[] }>;
  /** Stops the wallet host alone (SIGTERM), leaving the sandbox and the keyring up (a machine that died; restore.spec). */
  stopHost(): Promise<void>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..');

function waitForLine(child: ChildProcess, re: RegExp, ms: number, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${what}: no "${re}" within ${ms} ms; output:\n${buf.slice(-3000)}`)), ms);
    const on = (b: Buffer) => {
      buf += b.toString();
      const m = buf.match(re);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}; output:\n${buf.slice(-3000)}`));
    });
  });
}

async function stopChild(child: ChildProcess | null, signal: NodeJS.Signals = 'SIGTERM', ms = 30_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const t = setTimeout(() => child.kill('SIGKILL'), ms);
  await exited;
  clearTimeout(t);
}

export async function startRealWallet(opts: { port: number; blockMs?: number; log?: string }): Promise<RealWallet> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'fc-e2e-'));
  const keyring: PrivateSecretService = await startPrivateSecretService({ unlock: true });
  const sandboxDir = path.join(work, 'sandbox');
  const sandboxFile = path.join(sandboxDir, 'sandbox.json');
  const sandbox = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/sandbox.ts', '--dir', sandboxDir, '--block-ms', String(opts.blockMs ?? 500), '--offers', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(sandbox, /sandbox ready/, 240_000, 'the sandbox');
  if (!existsSync(sandboxFile)) throw new Error('the sandbox wrote no info file');
  const info = JSON.parse(readFileSync(sandboxFile, 'utf8')) as { controlUrl: string; token: string };

  // A renderer build of its own: a rebuild of dist/ while the spec runs must not pull the page away.
  const rendererDir = path.join(work, 'renderer');
  const built = spawnSync('npx', ['vite', 'build', '--outDir', rendererDir, '--emptyOutDir'], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build failed: ${built.stderr}`);
  const dataDir = path.join(work, 'wallet');
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const hostLog = path.join(root, 'test-results', `e2e-host-${opts.port}.log`);
  let host: ChildProcess | null = null;
  const startHost = async () => {
    host = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/host.ts', '--token', E2E_HOST_TOKEN, '--port', String(opts.port), '--data-dir', dataDir, '--sandbox-file', sandboxFile, '--renderer-dir', rendererDir], {
      cwd: root,
      // The signer process inherits this: its keytar reaches the private keyring only.
      env: { ...process.env, ...keyring.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (opts.log) host.stdout?.on('data', (b: Buffer) => process.stdout.write(`[host] ${b}`));
    // Every host start's stdout and stderr, kept for a failed run (CI shows only the test's own output).
    const log = createWriteStream(hostLog, { flags: 'a' });
    log.write(`\n=== host start ${new Date().toISOString()}\n`);
    host.stdout?.pipe(log, { end: false });
    host.stderr?.pipe(log, { end: false });
    await waitForLine(host, /Swap wallet \(browser host\) at/, 60_000, 'the wallet host');
  };
  await startHost();

  return {
    url: `http://127.0.0.1:${opts.port}/`,
    sandboxFile,
    async offer(lockXmr) {
      const res = await fetch(`${info.controlUrl}/offer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ lockXmr }),
      });
      const a = (await res.json()) as { ok: boolean; value?: string; error?: { message: string } };
      if (!a.ok || !a.value) throw new Error(`sandbox offer: ${a.error?.message ?? 'failed'}`);
      return a.value;
    },
    async killAndRestartHost() {
      const h = host as ChildProcess | null;
      let orphans: number[] = [];
      if (h?.pid) {
        const before = descendants(h.pid);
        const exited = new Promise((r) => h.once('exit', r));
        h.kill('SIGKILL');
        await exited;
        const t0 = Date.now();
        while (Date.now() - t0 < 20_000) {
          orphans = before.filter(alive);
          if (orphans.length === 0) break;
          await new Promise((r) => setTimeout(r, 250));
        }
        // Never leave them to disturb the next run, but report them.
        for (const p of orphans) kill9(p);
      }
      await startHost();
      return { orphans };
    },
    stopHost: () => stopChild(host),
    async stop() {
      await stopChild(host);
      await stopChild(sandbox, 'SIGINT', 60_000);
      await keyring.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * The page's own warnings and errors (a failed host call says which channel and why), printed when a
 * test fails: CI shows only the test's output. Registers a beforeEach and an afterEach on `t`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function printPageLogOnFailure(t: TestType<any, any>): void {
  const log: string[] = [];
  t.beforeEach(({ page }: { page: Page }) => {
    log.length = 0;
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') log.push(`${new Date().toISOString().slice(11, 23)} ${m.type()} ${m.text()}`);
    });
  });
  // Playwright requires its fixtures argument to be a destructuring pattern, even an empty one.
  // eslint-disable-next-line no-empty-pattern
  t.afterEach(({}, info) => {
    if (info.status !== info.expectedStatus) console.log(`page console (last 60):\n${log.slice(-60).join('\n')}`);
  });
}
