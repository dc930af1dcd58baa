// The spawn interface between the client and the signer process, and its Node implementation
// (child_process.fork through tsx). Guards: the client depends only on SignerTransport, so Electron's
// utilityProcess + MessagePort can replace the fork in main.ts without touching the signer.
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { childEntry } from '../child-entry';

export interface SignerExit {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface SignerTransport {
  readonly pid: number | undefined;
  /** False when the channel is closed (the message was not sent). */
  send(message: unknown): boolean;
  onMessage(cb: (message: unknown) => void): void;
  onExit(cb: (exit: SignerExit) => void): void;
  /** Close the channel: the signer exits on its own (it listens for disconnect). */
  disconnect(): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface SpawnSignerOptions {
  /** Variables merged over the host's environment for the child (e.g. the chosen keychain's D-Bus address). */
  readonly env?: Record<string, string>;
}

export type SpawnSigner = (opts?: SpawnSignerOptions) => SignerTransport;

export interface ForkSignerOptions {
  /** The whole environment of the child (HOME, D-Bus address, ...); defaults to this process's. */
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** One call per line the signer writes to stdout/stderr (JSON log lines). */
  readonly onLog?: (line: string) => void;
  readonly keychainTimeoutMs?: number;
  /** The entry file and Node flags: the TS entry under tsx by default; a bundled host passes its .mjs and []. */
  readonly entry?: string;
  readonly execArgv?: readonly string[];
}

const ENTRY = childEntry(import.meta.url, './signer-main.ts', 'signer-main.mjs');

export function forkSignerProcess(opts: ForkSignerOptions = {}): SignerTransport {
  const env: Record<string, string | undefined> = { ...(opts.env ?? process.env) };
  if (opts.keychainTimeoutMs !== undefined) env.FC_SIGNER_KEYCHAIN_TIMEOUT_MS = String(opts.keychainTimeoutMs);
  const child = fork(opts.entry ?? ENTRY.entry, [], {
    execArgv: [...(opts.execArgv ?? ENTRY.execArgv)],
    env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => opts.onLog?.(line));
  }
  return {
    pid: child.pid,
    // child.send() also returns false when only its backlog is long (a backup of a real swap is ~1 MB):
    // the message is still queued and delivered, so only a disconnected channel is "not sent".
    send: (m) => {
      if (!child.connected) return false;
      child.send(m as object);
      return true;
    },
    onMessage: (cb) => void child.on('message', cb),
    onExit: (cb) => {
      if (child.exitCode !== null || child.signalCode !== null) cb({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => cb({ code, signal }));
    },
    disconnect: () => {
      if (child.connected) child.disconnect();
    },
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}
