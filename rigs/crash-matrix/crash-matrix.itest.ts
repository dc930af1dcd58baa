// The crash matrix's CI sample on real nodes, one party killed: for each role a kill after the BTC
// lock, after the XMR lock, after the buy signature (happy path), after the BTC lock and after cancel
// (refund path: Alice never locks XMR) and after cancel (punish path: Bob vanishes after his lock),
// 12 points, all in `npm test` (POINTS below). Each point's party daemon is SIGKILLed right after the first durable step past the named
// boundary (crash-boundary.ts), restarted, re-establishes its TLS link, and both parties must reach
// the path's outcome with each party's balances on both chains exactly its outcome minus the fees it
// paid (party-accounting.ts). One litecoind, monerod and miner serve every point; points run CONCURRENCY
// at a time, each with its own wallets and swap id. Both parties killed: crash-matrix-both.itest.ts.
// The full matrix (every acting boundary, both roles, three paths) is `npm run crash-matrix`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNDARY_TEXT, MATRIX_ROLES, type Boundary, type MatrixEnv, type MatrixPath, runPoint, startMatrixEnv } from './crash-matrix-run';
import { limiter } from './point-limiter';

/** Two points at a time: measured, four at once on 2 loaded cores starved the setup's CPU (DLEQ proofs, tsx starts). */
const CONCURRENCY = Number(process.env['FCSWAP_CRASH_CONCURRENCY'] ?? 2);
/**
 * `npm test` runs all 12 (issue #24: for each role a kill after the BTC lock, after the XMR lock and
 * between cancel and refund/punish). Measured (session 10, 2 at a time): 12 of 12 in 1315 s at load 15-29,
 * the same point 4x slower at load 29 than at 15 (restarts of the party children and their syncer workers,
 * and the setup before the BTC lock, are CPU-bound; FCSWAP_MATRIX_LOG=1 prints each point's phases); 6 of
 * them in 170 s at light load, where CI runs it; all 12 in 859 s at load 13-27 (session 11). The punish/Bob failure of session 9 was his return failing
 * to start (tsx missing while node_modules was reinstalled), now reported at once.
 */
const POINTS: ReadonlyArray<readonly [MatrixPath, Boundary]> = [
  ['happy', 'btc-lock'],
  ['happy', 'xmr-lock'],
  ['happy', 'buy-sig'],
  ['refund', 'btc-lock'],
  ['refund', 'cancel'],
  ['punish', 'cancel'],
];

/** FCSWAP_CRASH_ONLY=happy:xmr-lock,...: just these points (to re-run a failure); FCSWAP_MATRIX_LOG=1: the points' progress lines. */
const only = process.env['FCSWAP_CRASH_ONLY']?.split(',');
const chosen = (path: string, boundary: string) => !only || only.includes(`${path}:${boundary}`);
const say = process.env['FCSWAP_MATRIX_LOG'] ? (tag: string) => (l: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${tag} ${l}`) : () => undefined;

let env: MatrixEnv;
const t0 = performance.now();
const slot = limiter(CONCURRENCY);
/**
 * As many points again as run make their wallets while they wait for a slot (Bob's funding waits for
 * blocks): the next points start with wallets ready. The bound keeps few wallets loaded in litecoind.
 */
const ahead = limiter(CONCURRENCY * 2);

beforeAll(async () => {
  // One Alice XMR account for every point that may hold its wallets at once (`ahead`, not `slot`): with fewer, the
  // points waiting for a slot could take every account while the points holding the slots wait for one (a deadlock
  // the first CI run of the ahead change hit: 15 minutes, no CPU).
  env = await startMatrixEnv({ aliceXmrAccounts: CONCURRENCY * 2 });
  console.log(`crash matrix sample: nodes and wallets ready in ${Math.round((performance.now() - t0) / 1000)} s`);
}, 300_000);
afterAll(async () => {
  await Promise.race([env?.stop(), new Promise((r) => setTimeout(r, 30_000))]);
  console.log(`crash matrix sample: ${Math.round((performance.now() - t0) / 1000)} s in all`);
});

describe.concurrent('crash matrix sample (real nodes, real TLS link, kill -9 of one party daemon at a named boundary)', () => {
  for (const role of MATRIX_ROLES) {
    for (const [path, boundary] of POINTS.filter(([p, b]) => chosen(p, b))) {
      it(`${path}: ${role} killed ${BOUNDARY_TEXT[boundary]} recovers to the path's outcome, each party to the sat and piconero`, async () => {
        const r = await ahead(() => {
          const wallets = env.pointWallets(`${path}-${role}-${boundary}`);
          // A failure is reported when the point awaits them, not as an unhandled rejection while it waits.
          wallets.catch(() => undefined);
          return slot(() => runPoint(env, { path, role, crashAfter: null, crashAtBoundary: boundary }, undefined, say(`${path}/${role}@${boundary}`), wallets));
        });
        console.log(`${path}/${role}@${boundary}: killed=${r.crashed} alice=${r.alice} bob=${r.bob} (${r.detail}) ${r.sec} s`);
        expect(r.crashed, 'the crash point was not reached').toBe(true);
        expect(r.recovered, r.detail).toBe(true);
        expect(r.fundsLost, r.detail).toBe(false);
        expect(r.partyGap, r.detail).toBe(false);
      }, 900_000);
    }
  }
});
