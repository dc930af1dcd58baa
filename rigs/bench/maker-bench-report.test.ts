import { describe, expect, it } from 'vitest';
import { buildMakerReport, parseProcStat, parseVmRssKb, peaksOf, sampleOf, treeOf, type MakerBenchInput } from './maker-bench-report';

describe('the maker bench: /proc parsing', () => {
  it('reads pid, ppid and a name holding spaces and parentheses from /proc/<pid>/stat', () => {
    expect(parseProcStat('4242 (node) S 4100 4242 4100 0 -1 4194560 1234')).toEqual({ pid: 4242, ppid: 4100, comm: 'node' });
    expect(parseProcStat('77 (monero-wallet-r) R 4242 77 1 0')).toEqual({ pid: 77, ppid: 4242, comm: 'monero-wallet-r' });
    expect(parseProcStat('9 (a (b) c) S 1 9 9 0')).toEqual({ pid: 9, ppid: 1, comm: 'a (b) c' });
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (x')).toBeNull();
  });

  it('reads VmRSS in kB from /proc/<pid>/status, null when the process has none', () => {
    expect(parseVmRssKb('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t   81234 kB\nRssAnon:\t 1 kB\n')).toBe(81234);
    expect(parseVmRssKb('Name:\tkthreadd\nState:\tS (sleeping)\n')).toBeNull();
  });

  it('walks the maker tree (workers, a sweep wallet-rpc under a worker) and nothing beside it', () => {
    const all = [
      { pid: 1, ppid: 0, comm: 'init' },
      { pid: 10, ppid: 1, comm: 'node' }, // the bench
      { pid: 20, ppid: 10, comm: 'node' }, // the maker host
      { pid: 21, ppid: 20, comm: 'node' }, // btc worker
      { pid: 22, ppid: 20, comm: 'node' }, // xmr worker
      { pid: 23, ppid: 22, comm: 'monero-wallet-r' }, // a sweep
      { pid: 30, ppid: 10, comm: 'litecoind' },
    ];
    expect(treeOf(20, all).map((e) => e.pid).sort()).toEqual([20, 21, 22, 23]);
    expect(treeOf(99, all)).toEqual([]);
    const rss: Record<number, number> = { 20: 100_000, 21: 50_000, 22: 60_000 };
    expect(sampleOf(treeOf(20, all), (p) => rss[p] ?? null)).toEqual({ processes: 4, rssKb: 210_000, byName: { node: 3, 'monero-wallet-r': 1 } });
  });

  it('takes the process and RSS peaks of a phase separately', () => {
    const p = peaksOf([
      { processes: 3, rssKb: 500, byName: { node: 3 } },
      { processes: 4, rssKb: 400, byName: { node: 3, x: 1 } },
      { processes: 3, rssKb: 700, byName: { node: 3 } },
    ]);
    expect(p).toEqual({ processes: 4, rssKb: 700, byNameAtPeak: { node: 3, x: 1 }, samples: 3 });
    expect(peaksOf([])).toEqual({ processes: 0, rssKb: 0, byNameAtPeak: {}, samples: 0 });
  });
});

describe('the maker bench: report maths', () => {
  const input: MakerBenchInput = {
    swaps: 5,
    swapped: 5,
    wallSec: 180.04,
    singleWallSec: 90,
    single: { processes: 3, rssKb: 300 * 1024, byNameAtPeak: {}, samples: 1 },
    many: { processes: 4, rssKb: 340 * 1024, byNameAtPeak: {}, samples: 1 },
    rpcCalls: { btc: 1000, xmr: 500 },
    blocks: { btc: 100, xmr: 99 },
  };

  it('computes the ratio, the RSS per extra swap and the calls per block per swap', () => {
    expect(buildMakerReport(input)).toEqual({
      swaps: 5,
      swapped: 5,
      wallSec: 180,
      singleWallSec: 90,
      ratioVsSingle: 2,
      peakProcesses: 4,
      rssMbPerSwap: 10,
      rpcPerBlockPerSwap: 3,
      singlePeakProcesses: 3,
      peakRssMb: 340,
      singlePeakRssMb: 300,
      rpcPerBlockPerSwapBtc: 2,
      rpcPerBlockPerSwapXmr: 1.01,
    });
  });

  it('prints the brief\'s keys first, in its order', () => {
    expect(Object.keys(buildMakerReport(input)).slice(0, 8)).toEqual(['swaps', 'swapped', 'wallSec', 'singleWallSec', 'ratioVsSingle', 'peakProcesses', 'rssMbPerSwap', 'rpcPerBlockPerSwap']);
  });

  it('refuses figures that would divide by nothing', () => {
    expect(() => buildMakerReport({ ...input, swaps: 1 })).toThrow(/N >= 2/);
    expect(() => buildMakerReport({ ...input, blocks: { btc: 0, xmr: 0 } })).toThrow(/no block/);
    expect(() => buildMakerReport({ ...input, singleWallSec: 0 })).toThrow(/single swap/);
  });
});
