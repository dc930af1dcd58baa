// A second wallet host beside the sandbox's (make-offer.spec, restore.spec): its own data folder, its own
// private keyring (a real Secret Service on its own D-Bus), its own peer identity, on the first host's
// sandbox chains. Nothing mocked; stop() removes what it made.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPrivateSecretService } from '../electron/keychain/private-secret-service';
import { E2E_HOST_TOKEN } from './e2e-host-token';

export interface ExtraHost {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..');

/** rendererDir: a renderer build to serve; without one, the host gets a build of its own. */
export async function startExtraHost(opts: { port: number; sandboxFile: string; rendererDir?: string; label: string }): Promise<ExtraHost> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'fc-e2e-extra-host-'));
  const keyring = await startPrivateSecretService({ unlock: true });
  const dataDir = path.join(work, 'wallet');
  let rendererDir = opts.rendererDir;
  if (!rendererDir) {
    rendererDir = path.join(work, 'renderer');
    const built = spawnSync('npx', ['vite', 'build', '--outDir', rendererDir, '--emptyOutDir'], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`vite build failed: ${built.stderr}`);
  }
  const args = ['--import', 'tsx', 'electron/cli/host.ts', '--token', E2E_HOST_TOKEN, '--port', String(opts.port), '--data-dir', dataDir, '--sandbox-file', opts.sandboxFile, '--renderer-dir', rendererDir];
  const host: ChildProcess = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...keyring.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const log = createWriteStream(path.join(root, 'test-results', `e2e-host-${opts.port}.log`), { flags: 'a' });
  host.stdout?.pipe(log, { end: false });
  host.stderr?.pipe(log, { end: false });
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`${opts.label} did not start: ${buf.slice(-2000)}`)), 60_000);
    host.stdout?.on('data', (b: Buffer) => {
      buf += b.toString();
      if (/Swap wallet \(browser host\) at/.test(buf)) {
        clearTimeout(t);
        resolve();
      }
    });
    host.once('exit', (code) => reject(new Error(`${opts.label} exited with ${code}: ${buf.slice(-2000)}`)));
  });
  return {
    url: `http://127.0.0.1:${opts.port}/`,
    dataDir,
    async stop() {
      if (host.exitCode === null && host.signalCode === null) {
        const exited = new Promise((r) => host.once('exit', r));
        host.kill('SIGTERM');
        const k = setTimeout(() => host.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(k);
      }
      await keyring.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
