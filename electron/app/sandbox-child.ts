// The regtest sandbox as a child process of the host (nodes, maker, wallets, miner): started with its
// data dir, its lines logged (the last one shown while it starts), ready when it sends its info file's
// path; stopped with SIGTERM (waiting up to 20 s) after the wallet.
import { fork, type ChildProcess } from 'node:child_process';
import { childEntry } from '../child-entry';

const SANDBOX_CLI = childEntry(import.meta.url, '../cli/sandbox.ts', 'sandbox.mjs');

export interface SandboxChildOptions {
  readonly dir: string;
  /** The sandbox CLI and Node flags (default: the TS entry under tsx). */
  readonly command: { readonly entry: string; readonly execArgv: readonly string[] } | undefined;
  readonly log: (line: string) => void;
  /** What the sandbox is doing while it starts (its last line, without the clock). */
  readonly onProgress: (message: string) => void;
}

/** `ready` resolves with the sandbox's info file, or rejects if it exits first. */
export function spawnSandboxChild(o: SandboxChildOptions): { child: ChildProcess; ready: Promise<string> } {
  let child!: ChildProcess;
  const ready = new Promise<string>((resolve, reject) => {
    o.log(`starting the sandbox in ${o.dir}`);
    const cmd = o.command ?? SANDBOX_CLI;
    child = fork(cmd.entry, ['--dir', o.dir], { execArgv: [...cmd.execArgv], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout?.on('data', (b: Buffer) => {
      const lines = b.toString().trimEnd().split('\n');
      for (const l of lines) o.log(`sandbox: ${l}`);
      // While it starts, the page shows what the sandbox is doing (its lines start with a clock).
      const last = lines.at(-1)?.replace(/^\d\d:\d\d:\d\d\.\d+ /, '');
      if (last && !last.startsWith('OFFER')) o.onProgress(`starting the sandbox: ${last}`.slice(0, 500));
    });
    child.stderr?.on('data', (b: Buffer) => o.log(`sandbox: ${b.toString().trimEnd()}`));
    child.on('message', (m) => {
      const file = (m as { ready?: unknown }).ready;
      if (typeof file === 'string') resolve(file);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (code ${code}) before it was ready; run npm run sandbox to see why`)));
  });
  return { child, ready };
}

/** SIGTERM to a sandbox still running, then wait for its exit (at most 20 s). */
export async function stopSandboxChild(child: ChildProcess | null): Promise<void> {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
  }
}
