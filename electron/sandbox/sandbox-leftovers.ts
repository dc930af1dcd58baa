// Nodes left running by a sandbox that died without stopping them (kill -9 of the sandbox process: its
// litecoind, monerod and wallet-rpcs run in their own process groups and outlive it). They hold the
// chain's lock files, the wallets and the ports, so the next owner of the dir stops them first.
// Guards: called only by the holder of the dir's lock (so no live sandbox owns them); only the three
// node binaries, and only with an argument inside this dir; SIGTERM first (both nodes flush on it),
// SIGKILL after a grace period. Linux only (/proc); elsewhere nothing is touched and a busy port or a
// held chain lock shows as the node's own start-up error.
import fs from 'node:fs';
import path from 'node:path';

const NODE_BINARIES = new Set(['litecoind', 'monerod', 'monero-wallet-rpc']);

/** Pids of node processes whose command line points inside `dir`. */
export function findLeftovers(dir: string): number[] {
  if (process.platform !== 'linux') return [];
  const inside = `${path.resolve(dir)}${path.sep}`;
  const found: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(e) || Number(e) === process.pid) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (!NODE_BINARIES.has(path.basename(argv[0] ?? ''))) continue;
    if (argv.some((a) => a.includes(inside)) && running(Number(e))) found.push(Number(e));
  }
  return found;
}

/** Alive and not a zombie (an orphan's zombie waits for a reaper that may never come in a container). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
};

/** Stops the leftovers of a dead sandbox on `dir`; returns how many there were. */
export async function stopLeftovers(dir: string, say: (l: string) => void, graceMs = 30_000): Promise<number> {
  const pids = findLeftovers(dir);
  if (pids.length === 0) return 0;
  say(`stopping ${pids.length} node process(es) left running on ${dir} by a sandbox that did not stop them (pids ${pids.join(', ')})`);
  for (const p of pids) signal(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  const stuck = pids.filter(running);
  for (const p of stuck) signal(p, 'SIGKILL');
  for (let i = 0; i < 50 && stuck.some(running); i++) await new Promise((r) => setTimeout(r, 100));
  return pids.length;
}
