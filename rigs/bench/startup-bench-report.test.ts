import { describe, expect, it } from 'vitest';
import { buildReport, humanLine, stat } from './startup-bench-report';

const common = { swaps: 1000, unfinished: 10, runs: 3, goalMs: 1000, tsxStartMs: stat([200, 210]), nodeStartMs: stat([40]), hostImportsMs: stat([600]), hostImportsBundledMs: stat([150]), fixtureGeneratedMs: null };

describe('startup bench report', () => {
  it('median is a measured value (lower middle for an even count) and min the smallest', () => {
    expect(stat([5, 1, 3])).toEqual({ median: 3, min: 1 });
    expect(stat([4, 1, 3, 2])).toEqual({ median: 2, min: 1 });
    expect(stat([1.234])).toEqual({ median: 1.2, min: 1.2 });
    expect(() => stat([])).toThrow(/no samples/);
  });

  it('ratio is loaded/baseline of the screen medians; the goal is met only below it', () => {
    const r = buildReport({ ...common, baseline: { screenMs: [400, 500, 600] }, loaded: { screenMs: [800, 900, 1200], listMs: [300] } });
    expect(r.ratioScreen).toBe(1.8);
    expect(r.metGoal).toBe(true);
    expect(r.loaded.listMs).toEqual({ median: 300, min: 300 });
    const missed = buildReport({ ...common, baseline: { screenMs: [500] }, loaded: { screenMs: [1000] } });
    expect(missed.metGoal).toBe(false);
    expect(humanLine(missed)).toMatch(/1000 ms \(min 1000\).*goal < 1000 ms MISSED/);
  });

  it('refuses to report without screen timings', () => {
    expect(() => buildReport({ ...common, baseline: {}, loaded: { screenMs: [1] } })).toThrow(/no screen timings/);
  });
});
