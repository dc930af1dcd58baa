// Figures of the maker bench (issue 25): the /proc parsing of the maker's process tree and the report
// arithmetic, pure so both are unit-tested. Guards: a process line that does not parse is skipped
// (a process may exit between readdir and read), never guessed; a ratio over nothing is an error,
// not a NaN in the printed line.

/** One row of /proc/<pid>/stat: what the tree walk needs. */
export interface ProcEntry {
  readonly pid: number;
  readonly ppid: number;
  /** The executable's name (field 2, without its parentheses; it may hold spaces and parentheses). */
  readonly comm: string;
}

/** /proc/<pid>/stat: `pid (comm) state ppid ...`; comm ends at the LAST ')' (a name may contain one). */
export function parseProcStat(text: string): ProcEntry | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 1).trim().split(/\s+/);
  const ppid = Number(rest[1]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || rest.length < 2) return null;
  return { pid, ppid, comm: text.slice(open + 1, close) };
}

/** VmRSS of /proc/<pid>/status in kB (the kernel's kB are KiB); null when absent (a zombie, a kernel thread). */
export function parseVmRssKb(status: string): number | null {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) : null;
}

/** The root and every descendant of it among `entries` (the root counts only if it is listed). */
export function treeOf(root: number, entries: readonly ProcEntry[]): ProcEntry[] {
  const children = new Map<number, ProcEntry[]>();
  for (const e of entries) {
    const list = children.get(e.ppid);
    if (list) list.push(e);
    else children.set(e.ppid, [e]);
  }
  const self = entries.find((e) => e.pid === root);
  if (!self) return [];
  const out: ProcEntry[] = [];
  const todo = [self];
  const seen = new Set<number>();
  while (todo.length) {
    const e = todo.pop()!;
    if (seen.has(e.pid)) continue;
    seen.add(e.pid);
    out.push(e);
    todo.push(...(children.get(e.pid) ?? []));
  }
  return out;
}

/** One sample of the tree: how many processes, their summed RSS, and how many of each name. */
export interface TreeSample {
  readonly processes: number;
  readonly rssKb: number;
  readonly byName: Readonly<Record<string, number>>;
}

export function sampleOf(tree: readonly ProcEntry[], rssKbOf: (pid: number) => number | null): TreeSample {
  const byName: Record<string, number> = {};
  let rssKb = 0;
  for (const e of tree) {
    byName[e.comm] = (byName[e.comm] ?? 0) + 1;
    rssKb += rssKbOf(e.pid) ?? 0;
  }
  return { processes: tree.length, rssKb, byName };
}

/** The peaks of one phase: processes and RSS peak separately (not necessarily at the same sample). */
export interface PhasePeaks {
  readonly processes: number;
  readonly rssKb: number;
  /** The names at the process-count peak, e.g. { node: 3, 'monero-wallet-r': 1 }. */
  readonly byNameAtPeak: Readonly<Record<string, number>>;
  readonly samples: number;
}

export function peaksOf(samples: readonly TreeSample[]): PhasePeaks {
  let best: TreeSample | null = null;
  let rssKb = 0;
  for (const s of samples) {
    if (!best || s.processes > best.processes) best = s;
    rssKb = Math.max(rssKb, s.rssKb);
  }
  return { processes: best?.processes ?? 0, rssKb, byNameAtPeak: best?.byName ?? {}, samples: samples.length };
}

export interface MakerBenchInput {
  readonly swaps: number;
  /** Swaps that reached `swapped` on both sides in the N-swap phase. */
  readonly swapped: number;
  readonly wallSec: number;
  readonly singleWallSec: number;
  readonly single: PhasePeaks;
  readonly many: PhasePeaks;
  /** Requests the maker's tree sent to litecoind and monerod during the N-swap phase (the counting proxies). */
  readonly rpcCalls: { readonly btc: number; readonly xmr: number };
  /** Blocks mined on each chain during the N-swap phase (the steady miner mines one of each per round). */
  readonly blocks: { readonly btc: number; readonly xmr: number };
}

export interface MakerBenchReport {
  readonly swaps: number;
  readonly swapped: number;
  readonly wallSec: number;
  readonly singleWallSec: number;
  readonly ratioVsSingle: number;
  readonly peakProcesses: number;
  readonly rssMbPerSwap: number;
  readonly rpcPerBlockPerSwap: number;
  readonly singlePeakProcesses: number;
  readonly peakRssMb: number;
  readonly singlePeakRssMb: number;
  /** Per chain: that node's calls / that chain's blocks / swaps. */
  readonly rpcPerBlockPerSwapBtc: number;
  readonly rpcPerBlockPerSwapXmr: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const perBlockPerSwap = (calls: number, blocks: number, swaps: number) => {
  if (blocks <= 0) throw new Error('no block was mined during the N-swap phase: the per-block rate means nothing');
  return calls / blocks / swaps;
};

/**
 * The report. rssMbPerSwap = (peak RSS with N swaps - peak RSS with 1) / (N - 1), in MiB.
 * rpcPerBlockPerSwap = (calls to both nodes) / (blocks: the miner's rounds, one block per chain each,
 * so the larger of the two counts) / N.
 */
export function buildMakerReport(i: MakerBenchInput): MakerBenchReport {
  if (i.swaps < 2) throw new Error('the N-swap phase needs N >= 2 (the per-swap RSS divides by N - 1)');
  if (i.singleWallSec <= 0) throw new Error('the single swap took no time: it did not run');
  const rounds = Math.max(i.blocks.btc, i.blocks.xmr);
  return {
    swaps: i.swaps,
    swapped: i.swapped,
    wallSec: round(i.wallSec, 1),
    singleWallSec: round(i.singleWallSec, 1),
    ratioVsSingle: round(i.wallSec / i.singleWallSec, 2),
    peakProcesses: i.many.processes,
    rssMbPerSwap: round((i.many.rssKb - i.single.rssKb) / 1024 / (i.swaps - 1), 2),
    rpcPerBlockPerSwap: round(perBlockPerSwap(i.rpcCalls.btc + i.rpcCalls.xmr, rounds, i.swaps), 3),
    singlePeakProcesses: i.single.processes,
    peakRssMb: round(i.many.rssKb / 1024, 1),
    singlePeakRssMb: round(i.single.rssKb / 1024, 1),
    rpcPerBlockPerSwapBtc: round(perBlockPerSwap(i.rpcCalls.btc, i.blocks.btc, i.swaps), 3),
    rpcPerBlockPerSwapXmr: round(perBlockPerSwap(i.rpcCalls.xmr, i.blocks.xmr, i.swaps), 3),
  };
}
