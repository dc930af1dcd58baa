// Starts the local Nostr relay (relay-main) as a child process and waits for its URL. The sandbox
// starts one for its makers and the wallet; tests start, kill and restart one. From a bundle the entry
// is nostr-relay.mjs beside it (no tsx in a packaged app); from the sources, relay-main.ts under tsx, or
// the freshly built bundle when the tests name it (child-entry.ts: FCSWAP_CHILD_BUNDLES).
// Guards: a relay that does not say where it listens within the timeout is killed and reported, never
// left running; stop() waits for the exit.
import { fork, type ChildProcess } from 'node:child_process';
import { appError, err, ok, type AppError, type Result } from '../../shared/result';
import { childEntry } from '../child-entry';

const FROM_TS = import.meta.url.endsWith('.ts');
export const RELAY_ENTRY = childEntry(import.meta.url, './relay-main.ts', 'nostr-relay.mjs');

export interface RelayProcess {
  /** ws://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** SIGTERM, then SIGKILL after a second; resolves once it exited. */
  stop(): Promise<void>;
  /** SIGKILL at once (a crash, for tests); resolves once it exited. */
  kill(): Promise<void>;
  /** Resolves when the process exits, for whatever reason (a supervisor restarts a relay that died). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface RelayProcessOptions {
  readonly host?: string;
  /** 0 (default) = a free port; a restarted relay passes its old port. */
  readonly port?: number;
  readonly startTimeoutMs?: number;
  readonly entry?: string;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));

export function startRelayProcess(o: RelayProcessOptions = {}): Promise<Result<RelayProcess, AppError<'relay-start'>>> {
  const entry = o.entry ? { entry: o.entry, execArgv: FROM_TS && !o.entry.endsWith('.mjs') ? ['--import', 'tsx'] : [] } : RELAY_ENTRY;
  const child = fork(entry.entry, ['--host', o.host ?? '127.0.0.1', '--port', String(o.port ?? 0)], {
    execArgv: [...entry.execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-2000)));
  child.stdout?.resume();
  const exitedWith = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const end = async (signal: NodeJS.Signals) => {
    const gone = exited(child);
    child.kill(signal);
    const hard = setTimeout(() => child.kill('SIGKILL'), 1000);
    await gone;
    clearTimeout(hard);
  };
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(err(appError('relay-start', `the relay did not start within ${o.startTimeoutMs ?? 30_000} ms: ${stderr.trim()}`)));
    }, o.startTimeoutMs ?? 30_000);
    child.on('message', (m) => {
      const url = (m as { nostrRelay?: unknown }).nostrRelay;
      if (typeof url !== 'string') return;
      clearTimeout(timer);
      resolve(ok({ url, port: Number(new URL(url).port), pid: child.pid, stop: () => end('SIGTERM'), kill: () => end('SIGKILL'), exited: exitedWith }));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(err(appError('relay-start', `the relay exited (code ${code}, signal ${signal}): ${stderr.trim()}`)));
    });
  });
}
