// What a host prints and what it only logs. A person starting the wallet reads a few headlines (the
// URL, where the seed is kept, ready or what failed); every other line goes to a log file in the data
// dir (`logs/host.log`, rotated at 5 MB, one old file kept), and to the terminal too with FC_VERBOSE=1.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { WalletApi } from './api-handlers';

export interface HostConsole {
  /** One line the person should read, printed as is. */
  headline(line: string): void;
  /** Everything else: timestamped into the log file. */
  detail(line: string): void;
  readonly logFile: string;
}

const ROTATE_BYTES = 5 * 1024 * 1024;

export function openHostConsole(o: { dataDir: string; verbose?: boolean; print?: (line: string) => void }): HostConsole {
  const dir = path.join(o.dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const logFile = path.join(dir, 'host.log');
  const print = o.print ?? ((l: string) => console.log(l));
  let written = sizeOf(logFile);
  const write = (line: string) => {
    const text = `${new Date().toISOString()} ${line}\n`;
    if (written + text.length > ROTATE_BYTES) {
      renameSync(logFile, `${logFile}.1`);
      written = 0;
    }
    try {
      appendFileSync(logFile, text, { mode: 0o600 });
      written += Buffer.byteLength(text);
    } catch {
      /* a full disk must not stop the wallet; the terminal still shows headlines */
    }
  };
  return {
    logFile,
    headline(line) {
      write(line);
      print(line);
    },
    detail(line) {
      write(line);
      if (o.verbose) print(`${new Date().toISOString().slice(11, 23)} ${line}`);
    },
  };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Resolves with the line that tells the person the wallet is usable (daemon ready, and the sandbox
 * ready when it is on), or what stopped it; polls the same status the page reads.
 */
export async function readinessHeadline(wallet: Pick<WalletApi, 'status'>, opts: { pollMs?: number; stopped?: () => boolean } = {}): Promise<string | null> {
  for (;;) {
    if (opts.stopped?.()) return null;
    const s = await wallet.status();
    if (s.daemon.state === 'unavailable') return `the wallet did not start: ${s.daemon.message}`;
    if (s.sandbox.state === 'failed') return `the sandbox did not start: ${s.sandbox.message}`;
    if (s.daemon.state === 'ready' && s.sandbox.state === 'ready') return 'sandbox ready: take the sandbox offer in the wizard';
    if (s.daemon.state === 'ready' && s.sandbox.state === 'off') return 'wallet ready: paste an offer in the wizard';
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}
