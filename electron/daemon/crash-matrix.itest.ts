// The crash matrix's deterministic CI sample: a reference swap, then the taker's daemon killed with
// SIGKILL right after its pre-lock boundary and after its first post-lock acting boundary; each run
// must recover to the reference outcome with no coin lost. The full matrix is `npm run crash-matrix`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MatrixEnv, runPoint, startMatrixEnv } from './crash-matrix-run';

const ACTING = ['peer-out', 'client-request', 'btc-task', 'xmr-task', 'checkpoint'];
let env: MatrixEnv;

beforeAll(async () => {
  env = await startMatrixEnv();
}, 300_000);
afterAll(async () => {
  await Promise.race([env?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
});

describe('crash matrix sample (real nodes, kill -9 of the daemon process)', () => {
  it('recovers at the boundaries around the BTC lock with no coin lost', async () => {
    const steps: Array<{ end: number; kinds: string[] }> = [];
    const ref = await runPoint(env, null, (lastSeq, kinds) => steps.push({ end: lastSeq + 1, kinds }));
    expect(ref.recovered, ref.detail).toBe(true);
    expect(ref.fundsLost).toBe(false);
    const acting = steps.filter((s) => s.kinds.some((k) => ACTING.includes(k)));
    const checkpoints = acting.filter((s) => s.kinds.includes('checkpoint'));
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    // The second checkpoint is the pre-lock one (the first is after reveal); crash there and at the
    // first acting step after it.
    const preLock = checkpoints[1]!.end;
    const afterLock = acting.find((s) => s.end > preLock)?.end ?? preLock;
    for (const point of [...new Set([preLock, afterLock])]) {
      const r = await runPoint(env, point);
      console.log(`crash after entry ${point}: killed=${r.crashed} alice=${r.alice} bob=${r.bob} (${r.detail}) ${r.sec} s`);
      expect(r.fundsLost, r.detail).toBe(false);
      // The pre-lock boundary comes before any chain race, so that run must really have been killed.
      if (point === preLock) expect(r.crashed, 'the pre-lock boundary was not reached').toBe(true);
      if (r.crashed) {
        expect(r.recovered, r.detail).toBe(true);
        expect([r.alice, r.bob]).toEqual([ref.alice, ref.bob]);
      }
    }
  }, 600_000);
});
