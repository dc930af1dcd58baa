// What a host prints and what it only logs. A person starting the wallet reads a few headlines (the
// URL, where the seed is kept, ready or what failed); every line, headline or detail, goes to the wallet
// log in the data dir (`logs/wallet.<n>.log`, JSON lines, rotated: electron/log/wallet-log.ts), and
// details to the terminal too with FC_VERBOSE=1.
import { textRecord } from '../log/records';
import { openWalletLog, type WalletLog } from '../log/wallet-log';
import type { WalletApi } from '../../shared/ipc/wallet-api';

export interface HostConsole {
  /** One line the person should read, printed as is; `logged` is what the log keeps instead (a line carrying a secret). */
  headline(line: string, logged?: string): void;
  /** Everything else: into the wallet log (and printed when verbose). */
  detail(line: string): void;
  /** The wallet log these lines go to (the host also writes the daemon's, workers' and signer's records there). */
  readonly log: WalletLog;
}

/** `log`: the host's wallet log if it opened one (its echo then decides what else is printed). */
export function openHostConsole(o: { dataDir: string; verbose?: boolean; print?: (line: string) => void; log?: WalletLog }): HostConsole {
  const print = o.print ?? ((l: string) => console.log(l));
  const log = o.log ?? openWalletLog({ dataDir: o.dataDir, ...(o.verbose ? { echo: print } : {}) });
  return {
    log,
    headline(line, logged = line) {
      log.write(textRecord('host', 'headline', logged), { echo: false });
      print(line);
    },
    detail(line) {
      log.write(textRecord('host', 'detail', line));
    },
  };
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
