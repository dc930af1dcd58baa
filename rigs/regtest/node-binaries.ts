// Which of the regtest node binaries are not on this machine: a real-node suite is skipped with the
// reason printed (never reported as passed) where they are missing; CI installs them, so it never is.
import { execFileSync } from 'node:child_process';

export const NODE_BINARIES = ['litecoind', 'monerod', 'monero-wallet-rpc'] as const;

/** The missing ones, printed once under the suite's name. */
export function missingNodeBinaries(suite: string): string[] {
  const missing = NODE_BINARIES.filter((b) => {
    try {
      execFileSync('sh', ['-c', `command -v ${b}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) console.log(`${suite}: skipped, missing binaries: ${missing.join(', ')}`);
  return missing;
}
