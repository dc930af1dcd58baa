// The crash matrix's deterministic CI sample on real nodes: one kill per path, both roles covered
// (FCSWAP_CRASH_SAMPLE=all: every path x role, ~12 min). The party's daemon process is killed with
// SIGKILL right after its 5th acting step (Alice: her sign-refund-procedure request; Bob: the pre-lock
// checkpoint with the lock broadcast), restarted, and must re-establish its TLS link and reach the
// path's outcome with no coin lost on either chain. No reference runs: the crash point is counted in
// steps, not records. Measured ~6.5 min on 2 cores. The full matrix is `npm run crash-matrix`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX_PATHS, MATRIX_ROLES, type MatrixPath, type MatrixRole, type MatrixEnv, runPoint, startMatrixEnv } from './crash-matrix-run';

const SAMPLE: ReadonlyArray<readonly [MatrixPath, MatrixRole]> =
  process.env.FCSWAP_CRASH_SAMPLE === 'all'
    ? MATRIX_PATHS.flatMap((p) => MATRIX_ROLES.map((r) => [p, r] as const))
    : [
        ['happy', 'alice'],
        ['refund', 'alice'],
        ['punish', 'bob'],
      ];

let env: MatrixEnv;
const t0 = performance.now();

beforeAll(async () => {
  env = await startMatrixEnv();
}, 300_000);
afterAll(async () => {
  await Promise.race([env?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
  console.log(`crash matrix sample: ${Math.round((performance.now() - t0) / 1000)} s in all`);
});

describe('crash matrix sample (real nodes, real TLS link, kill -9 of one party daemon)', () => {
  for (const [path, role] of SAMPLE) {
    it(`${path}: ${role} killed after its 5th acting step recovers to the path's outcome with no coin lost`, async () => {
      const r = await runPoint(env, { path, role, crashAfter: null, crashAtActingStep: 5 });
      console.log(`${path}/${role}: killed=${r.crashed} alice=${r.alice} bob=${r.bob} (${r.detail}) ${r.sec} s`);
      expect(r.crashed, 'the crash point was not reached').toBe(true);
      expect(r.recovered, r.detail).toBe(true);
      expect(r.fundsLost, r.detail).toBe(false);
    }, 400_000);
  }
});
