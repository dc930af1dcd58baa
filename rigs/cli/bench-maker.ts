// `npm run -s bench:maker -- --json --swaps N` (issue 25): N concurrent swaps of mixed directions between
// ONE headless maker (a child process) and N in-process takers on real regtest nodes, after a single
// swap in the same run (the baseline). Progress on stderr; the last stdout line is the report
// (rigs/bench/maker-bench-report.ts names every figure). RPC calls are counted at the source by a
// counting proxy between the maker and each node (rigs/bench/maker-bench-proxy.ts), not in the client.
// Options: --swaps N (default 2), --block-ms (steady miner pause, default 1000), --take-concurrency
// (takes in flight, default 1: the maker answers a take only after creating its swap; a take unanswered
// in 15 s is asked again with the same nonce and gets the swap made for it),
// --timeout-min (the N phase's limit, default 25), --cancel/--punish (timelocks in blocks, default
// 300/400: 5 min of blocks at the default pace before an honest swap would refund). Exit 0 with the
// report (even when not every swap swapped: the line says how many), 2 on a failure of the rig.
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { SwapId } from '../../shared/ids';
import { buildMakerReport, peaksOf } from '../bench/maker-bench-report';
import { startTreeSampler, type TreeSampler } from '../bench/maker-bench-proc';
import { startBench, takeAll, type Bench, type Taker, type TakerSide } from '../bench/maker-bench-run';
import { readStatus } from '../../electron/maker/maker-status';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    swaps: { type: 'string', default: '2' },
    'block-ms': { type: 'string', default: '1000' },
    'take-concurrency': { type: 'string', default: '1' },
    'timeout-min': { type: 'string', default: '25' },
    cancel: { type: 'string', default: '300' },
    punish: { type: 'string', default: '400' },
  },
});
const N = Number(values.swaps);
if (!Number.isInteger(N) || N < 2) {
  process.stderr.write('usage: npm run -s bench:maker -- [--json] --swaps N (N >= 2)\n');
  process.exit(2);
}
const t0 = performance.now();
const say = (l: string) => process.stderr.write(`[bench:maker ${((performance.now() - t0) / 1000).toFixed(0)} s] ${l}\n`);
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');

interface PhaseResult {
  readonly wallSec: number;
  readonly swapped: number;
  readonly rpc: { btc: number; xmr: number };
  readonly rpcByKind: Record<string, number>;
  readonly blocks: { btc: number; xmr: number };
  readonly unanswered: number;
  /** From the first take to the last answer (takes one at a time with the default concurrency). */
  readonly takesSec: number;
  readonly orphans: number;
  readonly notSwapped: string[];
}

const counts = (b: Bench) => ({ btc: b.proxies.btc.total(), xmr: b.proxies.xmr.total() });
/** A read of the bench's own (not counted) node calls, asked again on a dropped socket: the nodes are busy under load. */
async function retried<T>(f: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await f();
    } catch (e) {
      if (i === 30) throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
const heights = async (b: Bench) => ({ btc: await retried(() => b.env.btc.rpc<number>('getblockcount')), xmr: await retried(() => b.env.xmr.height()) });
const diffKinds = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(b)
      .map(([k, v]) => [k, v - (a[k] ?? 0)] as const)
      .filter(([, v]) => v > 0)
      .sort((x, y) => y[1] - x[1]),
  );
const kinds = (b: Bench) => ({ ...prefixed('btc', b.proxies.btc.byKind()), ...prefixed('xmr', b.proxies.xmr.byKind()) });
const prefixed = (p: string, o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${p} ${k}`, v]));

/** The stage of each unfinished swap, from the maker's status file. */
function stages(b: Bench): string {
  const s = readStatus(b.maker.dataDir);
  if (s.kind !== 'running') return `(maker status: ${s.kind})`;
  const by = new Map<string, number>();
  for (const w of s.status.swaps) by.set(`${w.role}:${w.stage}`, (by.get(`${w.role}:${w.stage}`) ?? 0) + 1);
  return [...by].map(([k, v]) => `${k} x${v}`).join(', ') || 'none running';
}

async function phase(b: Bench, sampler: TreeSampler, name: string, takers: Taker[], timeoutMs: number, concurrency: number): Promise<PhaseResult> {
  const c0 = counts(b);
  const k0 = kinds(b);
  const h0 = await heights(b);
  sampler.phase(name);
  const start = performance.now();
  const makerTakes = () => b.maker.lines.filter((l) => l['event'] === 'take-accepted').length;
  const takes0 = makerTakes();
  const taken = await takeAll(takers, b.maker.offers(), concurrency);
  const takesSec = (performance.now() - start) / 1000;
  // Swaps the maker made for takes no taker went on with (a take asked again under a fresh nonce did that).
  const orphans = makerTakes() - takes0 - taken.swapIds.size;
  // The maker's own time per take (its log's "in N ms"), against the taker's whole ask above.
  const makerMs = b.maker.lines.filter((l) => l['event'] === 'take-accepted').slice(takes0).map((l) => Number(/in (\d+) ms/.exec(String(l['msg']))?.[1] ?? Number.NaN));
  say(`${name}: the maker's own time per accepted take, ms: ${JSON.stringify(makerMs)}`);
  say(`${name}: ${taken.swapIds.size}/${takers.length} takes accepted in ${((performance.now() - start) / 1000).toFixed(1)} s (${taken.unanswered} asked again; each take's seconds ${JSON.stringify(taken.takeSec)})${taken.errors.length ? `; refused: ${taken.errors.join(' | ')}` : ''}`);
  const ids = [...taken.swapIds.keys()];
  const ended = (id: SwapId) => b.maker.outcomes.has(id) && taken.swapIds.get(id)!.outcomes.has(id);
  let last = start;
  let lastSay = performance.now();
  while (ids.some((id) => !ended(id)) && performance.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, 200));
    if (ids.some((id) => !ended(id))) last = performance.now();
    if (performance.now() - lastSay > 15_000) {
      lastSay = performance.now();
      const t = sampler.last();
      // A progress line never ends the run: monerod drops connections when ~45 clients poll it (seen at --swaps 20).
      const h = await heights(b).catch(() => ({ btc: Number.NaN, xmr: Number.NaN }));
      say(
        `${name}: ${ids.filter(ended).length}/${ids.length} ended; maker tree ${t?.processes ?? '?'} processes ${t ? Math.round(t.rssKb / 1024) : '?'} MiB ${JSON.stringify(t?.byName ?? {})}; blocks +${h.btc - h0.btc}/+${h.xmr - h0.xmr}; load ${load()}; running: ${stages(b)}`,
      );
    }
  }
  const wallSec = (last - start) / 1000;
  const c1 = counts(b);
  const h1 = await heights(b);
  sampler.phase(null);
  const outcome = (id: SwapId) => `maker ${b.maker.outcomes.get(id) ?? 'none'} / ${taken.swapIds.get(id)!.name} ${taken.swapIds.get(id)!.outcomes.get(id) ?? 'none'}`;
  const swapped = ids.filter((id) => b.maker.outcomes.get(id) === 'swapped' && taken.swapIds.get(id)!.outcomes.get(id) === 'swapped');
  const notSwapped = ids.filter((id) => !swapped.includes(id)).map((id) => `${id.slice(0, 12)}: ${outcome(id)}`);
  say(`${name}: ${swapped.length}/${takers.length} swapped in ${wallSec.toFixed(1)} s; blocks +${h1.btc - h0.btc}/+${h1.xmr - h0.xmr}; load ${load()}${notSwapped.length ? `; not swapped: ${notSwapped.join(' | ')}; running: ${stages(b)}` : ''}`);
  return {
    wallSec,
    swapped: swapped.length,
    rpc: { btc: c1.btc - c0.btc, xmr: c1.xmr - c0.xmr },
    rpcByKind: diffKinds(k0, kinds(b)),
    blocks: { btc: h1.btc - h0.btc, xmr: h1.xmr - h0.xmr },
    unanswered: taken.unanswered,
    takesSec,
    orphans,
    notSwapped,
  };
}

/** N taker nodes, alternating sides (a taker-Bob first), started a few at a time (each forks two workers). */
async function takers(b: Bench, prefix: string, n: number, first: TakerSide): Promise<Taker[]> {
  const out: Taker[] = [];
  for (let i = 0; i < n; i += 4) {
    const batch = Array.from({ length: Math.min(4, n - i) }, (_, j) => {
      const k = i + j;
      const side: TakerSide = (k % 2 === 0) === (first === 'bob') ? 'bob' : 'alice';
      return b.taker(`${prefix}${k}-${side}`, side);
    });
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

let bench: Bench | null = null;
let sampler: TreeSampler | null = null;
async function cleanup(): Promise<void> {
  sampler?.stop();
  await bench?.stop();
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  say(`--swaps ${N}, blocks every ${values['block-ms']} ms, timelocks ${values.cancel}/${values.punish}; load ${load()}`);
  bench = await startBench({ swaps: N, blockMs: Number(values['block-ms']), cancelTimelock: Number(values.cancel), punishTimelock: Number(values.punish), say });
  sampler = startTreeSampler(bench.maker.pid);
  say(`maker pid ${bench.maker.pid} serving two offers; starting the steady miner`);
  bench.startMiner();
  const concurrency = Number(values['take-concurrency']);
  // The baseline: one taker-Alice, so the maker is Bob and its sweep's wallet-rpc shows in this phase too.
  const one = await phase(bench, sampler, 'single', await takers(bench, 'single', 1, 'alice'), 15 * 60_000, 1);
  if (one.swapped !== 1) throw new Error(`the single swap did not swap: ${one.notSwapped.join(' | ')}`);
  say(`single: rpc ${JSON.stringify(one.rpc)} over ${JSON.stringify(one.blocks)} blocks`);
  const many = await phase(bench, sampler, 'many', await takers(bench, 'taker', N, 'bob'), Number(values['timeout-min']) * 60_000, concurrency);
  const singlePeaks = peaksOf(sampler.samples('single'));
  const manyPeaks = peaksOf(sampler.samples('many'));
  say(`maker tree at the process peak: single ${JSON.stringify(singlePeaks.byNameAtPeak)}, ${N} swaps ${JSON.stringify(manyPeaks.byNameAtPeak)} (${manyPeaks.samples} samples)`);
  say(`maker RPC calls during the ${N} swaps, by kind: ${JSON.stringify(many.rpcByKind)}`);
  const report = buildMakerReport({ swaps: N, swapped: many.swapped, wallSec: many.wallSec, singleWallSec: one.wallSec, single: singlePeaks, many: manyPeaks, rpcCalls: many.rpc, blocks: many.blocks });
  say(`load average at the end: ${load()} (${os.cpus().length} cores); takes asked again: ${many.unanswered}`);
  if (!values.json) process.stdout.write(`${N} swaps: ${report.swapped} swapped in ${report.wallSec} s (${report.ratioVsSingle}x the single swap's ${report.singleWallSec} s)\n`);
  // Printed before the stop of ~2N+5 processes (nothing after it writes to stdout): a slow stop loses no figure.
  const takes = { takesSec: Math.round(many.takesSec * 10) / 10, takesAskedAgain: many.unanswered, orphanSwaps: many.orphans, takeConcurrency: concurrency };
  process.stdout.write(`${JSON.stringify({ ...report, ...takes })}\n`);
  await cleanup();
  process.exit(0);
} catch (e) {
  say(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  if (bench) say(`maker stderr tail: ${bench.maker.stderr().slice(-2000)}`);
  await cleanup();
  process.exit(2);
}
