// Samples the maker's process tree from /proc every 200 ms (Linux only): what counts is every process
// descending from the maker host's pid, i.e. the host itself (`node --import tsx electron/cli/maker.ts`,
// its signer in process), its two syncer workers (forked node processes) and any monero-wallet-rpc a
// sweep has open (a child of the Monero worker). Each sample: the process count and the summed VmRSS.
// Guards: a process that exits mid-read is skipped; samples are bucketed by the phase set by the bench.
import fs from 'node:fs';
import { parseProcStat, parseVmRssKb, sampleOf, treeOf, type ProcEntry, type TreeSample } from './maker-bench-report';

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function allProcesses(): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const text = readOrNull(`/proc/${name}/stat`);
    const e = text ? parseProcStat(text) : null;
    if (e) out.push(e);
  }
  return out;
}

/** One sample of the tree under `root` now. */
export function sampleTree(root: number): TreeSample {
  return sampleOf(treeOf(root, allProcesses()), (pid) => {
    const s = readOrNull(`/proc/${pid}/status`);
    return s ? parseVmRssKb(s) : null;
  });
}

export interface TreeSampler {
  /** Samples from now on go to this phase's list (null: dropped). */
  phase(name: string | null): void;
  samples(name: string): TreeSample[];
  /** The latest sample, for the progress lines. */
  last(): TreeSample | null;
  stop(): void;
}

export function startTreeSampler(root: number, everyMs = 200): TreeSampler {
  const byPhase = new Map<string, TreeSample[]>();
  let current: string | null = null;
  let last: TreeSample | null = null;
  const timer = setInterval(() => {
    last = sampleTree(root);
    if (current === null || last.processes === 0) return;
    const list = byPhase.get(current);
    if (list) list.push(last);
    else byPhase.set(current, [last]);
  }, everyMs);
  return {
    phase: (name) => void (current = name),
    samples: (name) => byPhase.get(name) ?? [],
    last: () => last,
    stop: () => clearInterval(timer),
  };
}
