// `npm run bench:startup [-- --json]` (issue 9): time from starting the browser host to the resume
// screen with 1,000 swaps on disk (990 finished, 10 stopped after the BTC lock), against an empty
// data dir measured in the same run. Per run: a fresh copy of the data dir, the real host process
// (`node --import tsx electron/cli/host.ts`, daemon and signer on a private keyring, chain nodes on
// closed ports), Debian Chromium launched beforehand. Env: BENCH_RUNS (default 5).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { startPrivateSecretService, type PrivateSecretService } from '../../electron/keychain/private-secret-service';
import { cachedFixture, prepareRunDir, type Fixture } from '../bench/startup-bench-fixture';
import { bundleHostImports, tsxImportArgs } from '../bench/startup-bench-imports';
import { buildReport, humanLine, stat, type Measure, type Samples } from '../bench/startup-bench-report';
import { closedPort, hostCpuMs, newPage, REPO_ROOT, spawnHost, stopHost, timeList, timeScreen, waitDaemonReady, waitListening, type HostRun } from '../bench/startup-bench-run';

const SWAPS = 1000;
const UNFINISHED = 10;
const GOAL_MS = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const json = process.argv.includes('--json');
const say = (l: string) => console.log(l);
// The bench times what `npm start` runs: the bundled host (and its bundled signer and syncer workers).
{
  const b = spawnSync(process.execPath, ['build/build-electron.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`build/build-electron.mjs failed: ${b.stderr}`);
}

let current: HostRun | null = null;
let keyring: PrivateSecretService | null = null;
let browser: Browser | null = null;
let work: string | null = null;
async function cleanup(): Promise<void> {
  if (current) await stopHost(current);
  current = null;
  await browser?.close().catch(() => undefined);
  await keyring?.stop().catch(() => undefined);
  if (work) rmSync(work, { recursive: true, force: true });
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

/** ms of one `node <args>` from spawn to exit. */
async function timeNode(args: string[]): Promise<number> {
  const t0 = performance.now();
  const c = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: 'ignore' });
  const [code] = (await once(c, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited with ${code}`);
  return performance.now() - t0;
}

type Kind = 'api' | 'screen';
let runNo = 0;

/** One host start on a fresh data dir; api runs time the port, swaps:list and the daemon; screen runs the page. */
async function oneRun(kind: Kind, fixture: Fixture | null, env: NodeJS.ProcessEnv, into: Samples): Promise<void> {
  const dir = prepareRunDir(path.join(work!, `run-${runNo++}`), fixture, { btc: await closedPort(), xmr: await closedPort() });
  const port = await closedPort();
  const expected = fixture ? SWAPS : 0;
  const add = (m: Measure, v: number) => (into[m] ??= []).push(v);
  const page = kind === 'screen' ? await newPage(browser!) : null;
  const h = spawnHost(dir, port, env);
  current = h;
  try {
    add('listenMs', await waitListening(h));
    const cpuListen = hostCpuMs(h);
    if (cpuListen !== null) add('hostCpuAtListenMs', cpuListen);
    if (page) {
      const s = await timeScreen(page.page, h, fixture ? UNFINISHED : 0);
      add('screenMs', s.screenMs);
      const cpuScreen = hostCpuMs(h);
      if (cpuScreen !== null) add('hostCpuAtScreenMs', cpuScreen);
      add('pageDomMs', s.domMs);
      add('pageFirstListMs', s.firstListMs);
    } else {
      add('listMs', await timeList(h, expected));
      const d = await waitDaemonReady(h);
      add('daemonReadyMs', d.ms);
      if (d.ownMs !== null) add('daemonOwnMs', d.ownMs);
      add('pollMaxMs', d.maxPollMs);
      if (fixture && !d.message.startsWith(`${UNFINISHED} swap(s) resumed, ${SWAPS - UNFINISHED} finished, 0 damaged`)) {
        throw new Error(`the daemon recovered something else than the fixture: ${d.message}`);
      }
    }
  } finally {
    await page?.close();
    await stopHost(h);
    current = null;
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  work = mkdtempSync(path.join(os.tmpdir(), 'fc-bench-startup-run-'));
  const fixture = await cachedFixture({ swaps: SWAPS, unfinished: UNFINISHED });
  say(
    fixture.generatedMs === null
      ? `fixture: ${SWAPS} swaps from the cache (${fixture.dataDir})`
      : `fixture: ${SWAPS} swaps generated through the transcript store in ${(fixture.generatedMs / 1000).toFixed(1)} s (${fixture.dataDir})`,
  );
  say(`fixture outcomes: ${JSON.stringify(fixture.outcomes)}`);
  keyring = await startPrivateSecretService({ unlock: true });
  const env = { ...process.env, ...keyring.env };
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });

  // Warm-up, not counted: the signer creates the seed in the fresh keyring, tsx fills its cache.
  const scratch: Samples = {};
  await oneRun('api', null, env, scratch);
  await oneRun('screen', fixture, env, scratch);

  const tsx: number[] = [];
  const bare: number[] = [];
  const imports: number[] = [];
  const bundled: number[] = [];
  const bundle = await bundleHostImports();
  const baseline: Samples = {};
  const loaded: Samples = {};
  // Interleaved so a slow moment of the machine hits both sides alike.
  for (let i = 0; i < RUNS; i++) {
    tsx.push(await timeNode(['--import', 'tsx', '-e', '0']));
    bare.push(await timeNode(['-e', '0']));
    imports.push(await timeNode(tsxImportArgs()));
    bundled.push(await timeNode([bundle]));
    for (const kind of ['api', 'screen'] as const) {
      await oneRun(kind, null, env, baseline);
      await oneRun(kind, fixture, env, loaded);
    }
    if (!json) say(`run ${i + 1}/${RUNS}: screen ${Math.round(loaded.screenMs!.at(-1)!)} ms (empty ${Math.round(baseline.screenMs!.at(-1)!)} ms)`);
  }
  const report = buildReport({
    swaps: SWAPS,
    unfinished: UNFINISHED,
    runs: RUNS,
    baseline,
    loaded,
    goalMs: GOAL_MS,
    tsxStartMs: stat(tsx),
    nodeStartMs: stat(bare),
    hostImportsMs: stat(imports),
    hostImportsBundledMs: stat(bundled),
    fixtureGeneratedMs: fixture.generatedMs === null ? null : Math.round(fixture.generatedMs),
  });
  say(humanLine(report));
  say(JSON.stringify(report));
  await cleanup();
  process.exit(0);
} catch (e) {
  console.error(`bench:startup failed: ${e instanceof Error ? e.message : String(e)}`);
  await cleanup();
  process.exit(2);
}
