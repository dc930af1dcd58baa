// `npm run crash-matrix [-- --json] [--paths happy,refund,punish] [--roles alice,bob] [--max N] [--extra M] [--all] [--points 18,40] [--stride S]`:
// for each path and each role, kill -9 that party's daemon process right after a transcript record
// is durable, restart it (it recovers and re-dials / re-opens its TLS link), and check the swap ends
// in the path's outcome with no coin lost (per chain: both parties' balances before == after + fees).
// A reference run per (path, role) lists the record boundaries; by default every boundary whose step
// performs outputs is crashed (--max N: an evenly spaced N of them; --extra M: also M record-only
// boundaries; --all: every record boundary; --points: just these entries, to re-run a failed point;
// --stride S: every record boundary in S runs per path and role, run i killing the party after
// boundaries i, i+S, i+2S, ... one after another, each kill in a process that recovered from the last). Progress lines go to stdout; with --json the LAST line is
// {"points":n,"runs":n,"recovered":n,"fundsLost":n,"partyGaps":n,"byPath":{...},"wallSec":n} (points: kills; a --stride run kills many times;
// partyGaps: runs where some party's balance change on some chain is off its outcome minus the fees it paid; the run's line names it).
import { ACTING_KINDS } from '../crash-matrix/crash-matrix-party';
import { MATRIX_PATHS, MATRIX_ROLES, runPoint, startMatrixEnv, type MatrixPath, type MatrixRole, type PointResult } from '../crash-matrix/crash-matrix-run';

const args = process.argv.slice(2);
const json = args.includes('--json');
const all = args.includes('--all');
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const max = opt('--max') !== undefined ? Number(opt('--max')) : Infinity;
/** Also crash at this many evenly spaced boundaries whose step only records (chain events): the restart gate's cases. */
const extra = Number(opt('--extra') ?? 0);
const stride = opt('--stride') !== undefined ? Number(opt('--stride')) : null;
const onlyPoints = opt('--points')?.split(',').map(Number);
const paths = (opt('--paths')?.split(',') ?? MATRIX_PATHS) as MatrixPath[];
const roles = (opt('--roles')?.split(',') ?? MATRIX_ROLES) as MatrixRole[];
const say = (l: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${l}`);
const spaced = <T>(xs: readonly T[], k: number) => (k >= xs.length ? [...xs] : Array.from({ length: k }, (_, i) => xs[Math.floor((i * xs.length) / k)]!));

const t0 = performance.now();
say('starting litecoind, monerod and the parties\' wallets');
const env = await startMatrixEnv();
let code = 0;
const results: PointResult[] = [];
const refs: PointResult[] = [];
try {
  for (const path of paths) {
    for (const role of roles) {
      const tag = `${path}/${role}`;
      const steps: Array<{ end: number; kinds: string[] }> = [];
      say(`${tag}: reference run (no crash)`);
      const ref = await runPoint(env, { path, role, crashAfter: null }, (lastSeq, kinds) => steps.push({ end: lastSeq + 1, kinds }), (l) => say(`${tag} ${l}`));
      refs.push(ref);
      say(`${tag}: reference alice=${ref.alice} bob=${ref.bob} ${ref.fundsLost ? 'FUNDS LOST' : 'ok'} (${ref.detail}) in ${ref.sec} s; ${steps.length} steps, ${steps.at(-1)?.end ?? 0} records`);
      const acting = steps.filter((s) => s.kinds.some((k) => ACTING_KINDS.includes(k)));
      const quiet = steps.filter((s) => !acting.includes(s));
      const chosen = onlyPoints ?? (all ? steps.map((s) => s.end) : [...new Set([...spaced(acting, max).map((s) => s.end), ...spaced(quiet, extra).map((s) => s.end)])].sort((a, b) => a - b));
      say(`${tag}: acting boundaries ${acting.map((s) => `${s.end}[${[...new Set(s.kinds)].join('+')}]`).join(' ')}`);
      say(`${tag}: crash points (${chosen.length} of ${steps.length} record boundaries, ${acting.length} acting): ${chosen.join(', ')}`);
      if (stride !== null) {
        for (let i = 0; i < Math.min(stride, steps.length); i++) {
          const pts = steps.filter((_, j) => j % stride === i).map((s) => s.end);
          const r = await runPoint(env, { path, role, crashAfter: pts[0] ?? null, crashAlso: pts.slice(1) }, undefined, (l) => (/killed after/.test(l) ? undefined : say(`${tag}~${i} ${l}`)));
          results.push(r);
          say(`${tag}: run ${i + 1}/${stride}: killed ${r.killedAfter.length} times (of ${pts.length} planned) alice=${r.alice} bob=${r.bob} ${r.recovered ? 'recovered' : 'NOT RECOVERED'} ${r.fundsLost ? 'FUNDS LOST' : 'no coin lost'} (${r.detail}) ${r.sec} s`);
        }
        continue;
      }
      for (const p of chosen) {
        const r = await runPoint(env, { path, role, crashAfter: p }, undefined, (l) => say(`${tag}@${p} ${l}`));
        results.push(r);
        say(`${tag}: crash after entry ${p}: killed=${r.crashed} alice=${r.alice} bob=${r.bob} ${r.recovered ? 'recovered' : 'NOT RECOVERED'} ${r.fundsLost ? 'FUNDS LOST' : 'no coin lost'}${r.partyGap ? ' PARTY GAP' : ''} (${r.detail}) ${r.sec} s`);
      }
    }
  }
  // Chain events interleave differently in every run: a late boundary of the reference run may not
  // exist in a shorter one. Such a run had no crash and is reported, not counted as a point.
  const crashedRuns = results.filter((r) => r.crashed);
  const unreached = results.filter((r) => !r.crashed);
  if (unreached.length > 0) say(`not reached in their runs (swap ended first, no crash): ${unreached.map((r) => `${r.path}/${r.role}@${r.crashAfter}`).join(', ')}`);
  // A point is one kill; in a --stride run every kill counts, and all of them recovered when the run did.
  const killsOf = (r: PointResult) => Math.max(r.killedAfter.length, r.crashed ? 1 : 0);
  const points = crashedRuns.reduce((n, r) => n + killsOf(r), 0);
  const recovered = crashedRuns.filter((r) => r.recovered).reduce((n, r) => n + killsOf(r), 0);
  const fundsLost = results.filter((r) => r.fundsLost).length + refs.filter((r) => r.fundsLost).length;
  const partyGaps = results.filter((r) => r.partyGap).length + refs.filter((r) => r.partyGap).length;
  for (const r of [...refs, ...results].filter((x) => x.partyGap)) say(`party gap: ${r.path}/${r.role}@${r.crashAfter ?? 'reference'}: ${r.detail}`);
  const byPath: Record<string, { points: number; recovered: number; fundsLost: number; sec: number }> = {};
  for (const r of results) {
    const k = `${r.path}/${r.role}`;
    const b = (byPath[k] ??= { points: 0, recovered: 0, fundsLost: 0, sec: 0 });
    b.points += killsOf(r);
    if (r.recovered) b.recovered += killsOf(r);
    if (r.fundsLost) b.fundsLost++;
    b.sec = Math.round((b.sec + r.sec) * 10) / 10;
  }
  for (const [k, b] of Object.entries(byPath)) say(`${k}: ${b.points} crash points, ${b.recovered} recovered, ${b.fundsLost} with coins lost, ${b.sec} s`);
  say(`${points} crashes in ${crashedRuns.length} runs, ${recovered} recovered to the path's outcome, ${fundsLost} runs with coins lost or at risk, ${partyGaps} runs with a party's figure off; ${refs.filter((r) => !r.recovered).length} reference runs off their outcome`);
  if (recovered !== points || fundsLost > 0 || partyGaps > 0 || refs.some((r) => !r.recovered)) code = 1;
  if (json) console.log(JSON.stringify({ points, runs: crashedRuns.length, recovered, fundsLost, partyGaps, byPath, wallSec: Math.round((performance.now() - t0) / 1000) }));
} catch (e) {
  console.error(`crash matrix failed: ${e instanceof Error ? e.message : String(e)}`);
  code = 1;
} finally {
  // A teardown that waits on a dead handle must not turn a finished matrix into a hang.
  await Promise.race([env.stop(), new Promise((r) => setTimeout(r, 30_000))]);
}
process.exit(code);
