// `npm test`: bootstrap, lint (with layering) beside the typechecks, build, vitest unit, then the real-node
// itests in two lanes, one of them after Playwright in Debian Chromium (refresh build/itest-seconds.json
// from test-reports/itest-seconds.json when the lanes drift apart). Ends with one plain line `N passed, N failed, N skipped` summing all
// suites, and exits non-zero on any failure. `--quick` skips the itests and Playwright (local loop).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bootstrap } from './bootstrap.mjs';

const root = path.resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
// Not under test-results/: Playwright empties that folder when it starts, while a lane may still write here.
const reports = path.join(root, 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', FORCE_COLOR: '0' };

function run(title, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  const sec = ((Date.now() - t0) / 1000).toFixed(1);
  return { ok: r.status === 0, status: r.status, sec };
}

/** A check that is one pass or one fail (lint, a typecheck, a build). */
function check(title, cmd, args) {
  const r = run(title, cmd, args);
  totals[r.ok ? 'passed' : 'failed'] += 1;
  lines.push(`${title}: ${r.ok ? 'passed' : `FAILED (exit ${r.status})`} in ${r.sec}s`);
  return r.ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}


/** Every itest file, as vitest.config.ts's itest project includes them. */
function itestFiles() {
  const walk = (dir) =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((d) => {
      const rel = `${dir}/${d.name}`;
      if (d.isDirectory()) return d.name === 'node_modules' ? [] : walk(rel);
      return d.name.endsWith('.itest.ts') ? [rel] : [];
    });
  return ['electron', 'shared', 'build', 'rigs'].flatMap(walk).sort();
}

// Playwright's own seconds weigh its lane: 980 s in the last CI, before restore.spec (~290 s alone).
const PLAYWRIGHT_SECONDS = 1150;
const UNKNOWN_ITEST_SECONDS = 30;

/** Longest first onto the lighter lane; the first lane starts with Playwright's weight. */
function splitLanes(files, firstLaneStart) {
  const seconds = readJson(path.join(root, 'build', 'itest-seconds.json')) ?? {};
  const weight = (f) => seconds[f] ?? UNKNOWN_ITEST_SECONDS;
  const lanes = [
    { load: firstLaneStart, files: [] },
    { load: 0, files: [] },
  ];
  for (const f of [...files].sort((a, b) => weight(b) - weight(a))) {
    const lane = lanes[0].load <= lanes[1].load ? lanes[0] : lanes[1];
    lane.files.push(f);
    lane.load += weight(f);
  }
  // vitest takes filters as substrings of paths: a file whose path is inside another's would pull it in twice.
  for (const f of files) if (files.some((g) => g !== f && g.includes(f))) throw new Error(`itest path ${f} is part of another's; rename it`);
  return lanes.map((l) => l.files);
}

/** Runs the steps one after another, their output into one log, printed whole at the end. */
async function runLane(name, steps) {
  const t0 = Date.now();
  const logFile = path.join(reports, `${name.replace(/\s+/g, '-')}.log`);
  const log = createWriteStream(logFile);
  for (const step of steps) {
    log.write(`\n=== ${step.title}: ${step.cmd} ${step.args.slice(0, 12).join(' ')}${step.args.length > 12 ? ' ...' : ''}\n`);
    const s0 = Date.now();
    const status = await new Promise((resolve) => {
      const child = spawn(step.cmd, step.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, ...step.env } });
      child.stdout.pipe(log, { end: false });
      child.stderr.pipe(log, { end: false });
      child.on('error', () => resolve(-1));
      child.on('close', (code) => resolve(code ?? -1));
    });
    const r = { ok: status === 0, status, sec: ((Date.now() - s0) / 1000).toFixed(1) };
    log.write(`\n=== ${step.title}: exit ${status} in ${r.sec}s\n`);
    step.done(r);
  }
  await new Promise((resolve) => log.end(resolve));
  console.log(`\n=== ${name} (${steps.map((s) => s.title).join(', ') || 'nothing'})`);
  console.log(readFileSync(logFile, 'utf8'));
  return ((Date.now() - t0) / 1000).toFixed(1);
}

bootstrap();

/** A step of a lane that is one pass or one fail (lint, a typecheck). */
const checkStep = (title, cmd, args) => ({
  title,
  cmd,
  args,
  env: {},
  done: (r) => {
    totals[r.ok ? 'passed' : 'failed'] += 1;
    lines.push(`${title}: ${r.ok ? 'passed' : `FAILED (exit ${r.status})`} in ${r.sec}s`);
  },
});
// Lint and the typechecks are CPU-bound and single-threaded each: one lane a core.
// Every TypeScript file is in one of these programs, tests included (shared/ and renderer/ keep their
// production programs free of Node's types; their tests have programs of their own).
const PROGRAMS = ['shared', 'shared/tsconfig.test.json', 'electron', 'renderer', 'renderer/tsconfig.test.json', 'e2e', 'rigs', 'build', 'tsconfig.tools.json'];
await Promise.all([
  runLane('lint', [checkStep('lint', 'npx', ['eslint', '.', '--max-warnings=0'])]),
  runLane('typecheck', PROGRAMS.map((p) => checkStep(`typecheck ${p}`, 'npx', ['tsc', '-p', p]))),
]);
check('state-space check (both nets: no deadlock, no violation)', 'npx', ['tsx', 'rigs/cli/statespace.ts', '--json']);
const built = check('build renderer', 'npx', ['vite', 'build']) && check('build electron entries', 'node', ['build/build-electron.mjs']);

// Vitest unit tests use both cores on their own. Then the long suites run in two lanes at once: the
// real-node itests split by their measured seconds (build/itest-seconds.json; a file not in it counts
// 30 s) and Playwright, which goes first in the lane that gets the lighter half of the itests. Most of
// their time is spent waiting for blocks and timers, so two lanes cost little CPU each (measured: the
// summary prints each lane's wall time beside the sum of its parts). Each lane writes to its own log,
// printed whole when the lane ends, so a CI log reads one suite at a time.
// The children the code forks (signer, syncer workers, DLEQ workers, the sandbox, the relay) start from
// the bundles just built (electron/child-entry.ts): the tests run the children that ship, and each start
// skips tsx's transform.
const childBundles = built ? { FCSWAP_CHILD_BUNDLES: path.join(root, 'dist', 'electron') } : {};

function countVitest(title, out, r) {
  const rep = readJson(out);
  if (!rep) {
    totals.failed += 1;
    lines.push(`${title}: FAILED to run (exit ${r.status}, no report)`);
    return;
  }
  const skipped = (rep.numPendingTests ?? 0) + (rep.numTodoTests ?? 0);
  // A suite file that fails to load has no tests but is a failure all the same.
  const brokenFiles = (rep.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  totals.passed += rep.numPassedTests;
  totals.failed += rep.numFailedTests + brokenFiles;
  totals.skipped += skipped;
  lines.push(`${title}: ${rep.numPassedTests} passed, ${rep.numFailedTests + brokenFiles} failed, ${skipped} skipped in ${r.sec}s`);
  if (!r.ok && rep.numFailedTests + brokenFiles === 0) {
    totals.failed += 1;
    lines.push(`${title}: exited ${r.status} without a failing test (counted as one failure)`);
  }
  for (const f of rep.testResults ?? []) measured[path.relative(root, f.name)] = Math.round((f.endTime - f.startTime) / 1000);
}

function countPlaywright(out, r) {
  const rep = readJson(out);
  if (!rep?.stats) {
    totals.failed += 1;
    lines.push(`playwright: FAILED to run (exit ${r.status}, no report)`);
    return;
  }
  const s = rep.stats;
  totals.passed += s.expected + (s.flaky ?? 0);
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
  lines.push(`playwright: ${s.expected} passed, ${s.unexpected} failed, ${s.skipped} skipped${s.flaky ? `, ${s.flaky} flaky` : ''} in ${r.sec}s`);
  if (s.unexpected > 0) {
    // The wallet host's own output is not in the test's; show its end so a CI failure can be read.
    for (const f of readdirSync(path.join(root, 'test-results')).filter((n) => /^e2e-host-.*\.log$/.test(n))) {
      const text = readFileSync(path.join(root, 'test-results', f), 'utf8');
      console.log(`\n=== ${f} (last 150 lines)\n${text.split('\n').slice(-150).join('\n')}`);
    }
  }
  if (!r.ok && s.unexpected === 0) {
    totals.failed += 1;
    lines.push(`playwright: exited ${r.status} without a failing test (counted as one failure)`);
  }
}

const measured = {};
{
  const out = path.join(reports, 'vitest-unit.json');
  countVitest('vitest unit', out, run('vitest unit', 'npx', ['vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]));
}

if (!quick) {
  const files = itestFiles();
  const [withPlaywright, alone] = splitLanes(files, built ? PLAYWRIGHT_SECONDS : 0);
  const itestStep = (name, list) => {
    const out = path.join(reports, `vitest-${name}.json`);
    return { title: `vitest ${name} (${list.length} files)`, cmd: 'npx', args: ['vitest', 'run', '--project', 'itest', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...list], env: childBundles, done: (r) => countVitest(`vitest ${name}`, out, r) };
  };
  const pwOut = path.join(reports, 'playwright.json');
  const laneA = [];
  if (built) laneA.push({ title: 'playwright', cmd: 'npx', args: ['playwright', 'test', '--reporter=list,json'], env: { PLAYWRIGHT_JSON_OUTPUT_NAME: pwOut, ...childBundles }, done: (r) => countPlaywright(pwOut, r) });
  else {
    totals.failed += 1;
    lines.push('playwright: not run, the build failed');
  }
  if (withPlaywright.length > 0) laneA.push(itestStep('itest lane 1', withPlaywright));
  const laneB = alone.length > 0 ? [itestStep('itest lane 2', alone)] : [];
  const t0 = Date.now();
  const walls = await Promise.all([runLane('lane 1', laneA), runLane('lane 2', laneB)]);
  lines.push(`lanes: ${walls.map((w, i) => `lane ${i + 1} ${w}s`).join(', ')}; both done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  writeFileSync(path.join(reports, 'itest-seconds.json'), `${JSON.stringify(measured, null, 2)}\n`);
}

console.log('\n=== summary');
for (const l of lines) console.log(`  ${l}`);
if (!existsSync(path.join(root, 'e2e', 'artifacts')) && !quick) console.log('  (no screenshots were written under e2e/artifacts)');
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
