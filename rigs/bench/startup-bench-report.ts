// Figures of the startup bench: median and min per measure, the loaded/baseline ratio and the goal,
// as one JSON object and one human line. Pure, so the arithmetic is unit-tested.

export interface Stat {
  readonly median: number;
  readonly min: number;
}

export type Measure = 'listenMs' | 'listMs' | 'screenMs' | 'daemonReadyMs' | 'daemonOwnMs' | 'pollMaxMs' | 'pageDomMs' | 'pageFirstListMs' | 'hostCpuAtListenMs' | 'hostCpuAtScreenMs';
export type Samples = Partial<Record<Measure, number[]>>;
export type Stats = Partial<Record<Measure, Stat>>;

/** Median (the lower middle for an even count, so it is always a measured value) and min, rounded to 0.1 ms. */
export function stat(xs: readonly number[]): Stat {
  if (xs.length === 0) throw new Error('stat of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { median: r(s[(s.length - 1) >> 1]!), min: r(s[0]!) };
}

export function stats(samples: Samples): Stats {
  const out: Stats = {};
  for (const [k, xs] of Object.entries(samples) as [Measure, number[]][]) if (xs.length) out[k] = stat(xs);
  return out;
}

export interface StartupReport {
  readonly swaps: number;
  readonly unfinished: number;
  readonly runs: number;
  readonly baseline: Stats;
  readonly loaded: Stats;
  /** loaded / baseline of the median time to the resume screen. */
  readonly ratioScreen: number;
  readonly goalMs: number;
  readonly metGoal: boolean;
  /** `node --import tsx -e 0` and `node -e 0`: the part of every start that is only the TS loader. */
  readonly tsxStartMs: Stat;
  readonly nodeStartMs: Stat;
  /** `node --import tsx` loading the host's module graph without running it. */
  readonly hostImportsMs: Stat;
  /** The same modules as one esbuild bundle under plain node. */
  readonly hostImportsBundledMs: Stat;
  /** Null when the fixture came from the cache. */
  readonly fixtureGeneratedMs: number | null;
}

export function buildReport(o: Omit<StartupReport, 'baseline' | 'loaded' | 'ratioScreen' | 'metGoal'> & { baseline: Samples; loaded: Samples }): StartupReport {
  const baseline = stats(o.baseline);
  const loaded = stats(o.loaded);
  const b = baseline.screenMs?.median;
  const l = loaded.screenMs?.median;
  if (b === undefined || l === undefined) throw new Error('no screen timings: every run failed');
  return { ...o, baseline, loaded, ratioScreen: Math.round((l / b) * 100) / 100, metGoal: l < o.goalMs };
}

export function humanLine(r: StartupReport): string {
  const f = (s: Stat | undefined) => (s ? `${Math.round(s.median)} ms (min ${Math.round(s.min)})` : 'n/a');
  return (
    `start -> resume screen with ${r.swaps} swaps on disk: ${f(r.loaded.screenMs)}, empty data dir ${f(r.baseline.screenMs)}, ` +
    `ratio ${r.ratioScreen}x; goal < ${r.goalMs} ms ${r.metGoal ? 'met' : 'MISSED'}. ` +
    `Port answers ${f(r.loaded.listenMs)} (empty ${f(r.baseline.listenMs)}), swaps:list of ${r.swaps} ${f(r.loaded.listMs)}, ` +
    `host CPU until the screen ${f(r.loaded.hostCpuAtScreenMs)} (empty ${f(r.baseline.hostCpuAtScreenMs)}), daemon ready ${f(r.loaded.daemonReadyMs)} (empty ${f(r.baseline.daemonReadyMs)}), slowest renderer poll meanwhile ${f(r.loaded.pollMaxMs)} (empty ${f(r.baseline.pollMaxMs)}); node alone ${f(r.nodeStartMs)}, with the tsx loader ${f(r.tsxStartMs)}, loading the host's modules ${f(r.hostImportsMs)}, as one bundle ${f(r.hostImportsBundledMs)}.`
  );
}
