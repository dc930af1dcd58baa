// One timed start of the browser host as `npm start` runs it (`node dist/electron/host.mjs`) for the startup
// bench: from the spawn to the port answering, to swaps:list returning every summary, to the resume
// screen showing the unfinished swaps in a browser launched beforehand, and to the daemon's own
// "ready" status. Every host is started in its own process group and stopped (then killed) by it.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The bundle `npm start` runs (built by build/build-electron.mjs before the bench). */
const HOST_BUNDLE = path.join(REPO_ROOT, 'dist/electron/host.mjs');

export interface HostRun {
  readonly child: ChildProcess;
  readonly url: string;
  /** performance.now() just before the spawn. */
  readonly t0: number;
  /** The host's stdout + stderr so far (for the error message of a failed run). */
  output(): string;
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as net.AddressInfo).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

/** The API secret the bench's hosts take (`--token`, for tests only); the page gets it from the URL as a person's does. */
export const BENCH_HOST_TOKEN = 'bench-only-host-token-not-a-secret-0123456789';

export function spawnHost(dataDir: string, port: number, env: NodeJS.ProcessEnv): HostRun {
  let out = '';
  const t0 = performance.now();
  // BENCH_HOST_PROF=<dir>: a V8 CPU profile of each host process, written when it stops (to read, not to time).
  const prof = process.env.BENCH_HOST_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_HOST_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, HOST_BUNDLE, '--data-dir', dataDir, '--port', String(port), '--token', BENCH_HOST_TOKEN], {
    cwd: REPO_ROOT,
    env,
    // Own process group: one kill(-pid) reaches the signer process too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  return { child, url: `http://127.0.0.1:${port}/`, t0, output: () => out.slice(-4000) };
}

/** SIGTERM to the host's group (the host stops its daemon, signer and syncer workers), SIGKILL after 10 s. */
export async function stopHost(h: HostRun): Promise<void> {
  const pid = h.child.pid;
  if (pid === undefined) return;
  if (h.child.exitCode !== null || h.child.signalCode !== null) return;
  const exited = once(h.child, 'exit');
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
  // Anything of the group still alive (a child that ignored the parent's exit) goes too.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* the group is empty: expected */
  }
}

/**
 * CPU ms (user + system) the host process itself has used so far, from /proc (Linux; 10 ms ticks).
 * On a busy machine wall times stretch with the load; this is what one start costs on an idle core.
 */
export function hostCpuMs(h: HostRun): number | null {
  try {
    const stat = readFileSync(`/proc/${h.child.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) are utime and stime; f[0] is field 3.
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** ms from the spawn until GET / answers 200. */
export async function waitListening(h: HostRun, timeoutMs = 60_000): Promise<number> {
  for (;;) {
    if (h.child.exitCode !== null) throw new Error(`the host exited (code ${h.child.exitCode}) before listening:\n${h.output()}`);
    try {
      const r = await fetch(h.url, { signal: AbortSignal.timeout(2_000) });
      await r.arrayBuffer();
      if (r.ok) return performance.now() - h.t0;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - h.t0 > timeoutMs) throw new Error(`the host did not listen within ${timeoutMs} ms:\n${h.output()}`);
    await sleep(5);
  }
}

/** POST /api/invoke as the renderer does (the host refuses other origins). */
export async function invoke(h: HostRun, channel: string, request: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }> {
  const origin = h.url.replace(/\/$/, '');
  const r = await fetch(`${origin}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, authorization: `Bearer ${BENCH_HOST_TOKEN}` },
    body: JSON.stringify({ channel, request }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!r.ok) throw new Error(`${channel}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as { ok: boolean; value?: unknown; error?: { kind: string; message: string } };
}

/** ms from the spawn until swaps:list returns `expected` summaries. */
export async function timeList(h: HostRun, expected: number): Promise<number> {
  const r = await invoke(h, 'swaps:list');
  if (!r.ok || !Array.isArray(r.value)) throw new Error(`swaps:list failed: ${JSON.stringify(r.error)}`);
  if (r.value.length !== expected) throw new Error(`swaps:list returned ${r.value.length} summaries, expected ${expected}`);
  return performance.now() - h.t0;
}

export interface DaemonReady {
  /** ms from the spawn until app:status said ready. */
  readonly ms: number;
  /** The daemon's own figure from its status line ("started in X ms"), from startWalletService. */
  readonly ownMs: number | null;
  /** Slowest answer to the renderer's poll (app:status + swaps:list at once) while the daemon started. */
  readonly maxPollMs: number;
  readonly message: string;
}

/** Polls as the renderer does (app:status and swaps:list together) until the daemon is ready. */
export async function waitDaemonReady(h: HostRun, timeoutMs = 120_000): Promise<DaemonReady> {
  let maxPollMs = 0;
  for (;;) {
    const t = performance.now();
    const [r, l] = await Promise.all([invoke(h, 'app:status'), invoke(h, 'swaps:list')]);
    maxPollMs = Math.max(maxPollMs, performance.now() - t);
    if (!l.ok) throw new Error(`swaps:list failed while the daemon started: ${JSON.stringify(l.error)}`);
    const d = r.ok ? (r.value as { daemon: { state: string; message: string } }).daemon : null;
    if (d?.state === 'ready') {
      const m = /started in (\d+) ms/.exec(d.message);
      return { ms: performance.now() - h.t0, ownMs: m ? Number(m[1]) : null, maxPollMs, message: d.message };
    }
    if (d?.state === 'unavailable') throw new Error(`the daemon did not start: ${d.message}\n${h.output()}`);
    if (performance.now() - h.t0 > timeoutMs) throw new Error(`the daemon was not ready within ${timeoutMs} ms (last: ${d?.message ?? JSON.stringify(r.error)})`);
    await sleep(20);
  }
}

export interface ScreenTiming {
  /** ms from the spawn: the page's DOMContentLoaded, its first swaps:list answer, the resume screen shown. */
  readonly domMs: number;
  readonly firstListMs: number;
  readonly screenMs: number;
}

/** A fresh browser page, made before the host starts so its setup is not counted. */
export async function newPage(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  return { page: await context.newPage(), close: () => context.close() };
}

/**
 * Opens url#/resume as soon as the port answers and waits for the resume screen: `cards` resume
 * cards visible (or, with none expected, the empty state after the page's first swaps:list answer).
 */
export async function timeScreen(page: Page, h: HostRun, cards: number): Promise<ScreenTiming> {
  let firstListMs = -1;
  const firstList = new Promise<void>((resolve) => {
    page.on('response', (res) => {
      if (firstListMs < 0 && res.url().endsWith('/api/invoke') && (res.request().postData() ?? '').includes('"swaps:list"')) {
        void res.finished().then(() => {
          if (firstListMs < 0) firstListMs = performance.now() - h.t0;
          resolve();
        });
      }
    });
  });
  await page.goto(`${h.url}?token=${BENCH_HOST_TOKEN}#/resume`, { waitUntil: 'domcontentloaded' });
  const domMs = performance.now() - h.t0;
  if (cards > 0) {
    await page.waitForFunction((n) => document.querySelectorAll('li[data-testid^="resume-"]').length === n, cards, { timeout: 60_000 });
    await page.locator('li[data-testid^="resume-"]').last().waitFor({ state: 'visible' });
  } else {
    await firstList;
    await page.getByTestId('resume-empty').waitFor({ state: 'visible', timeout: 60_000 });
  }
  const screenMs = performance.now() - h.t0;
  await firstList;
  return { domMs, firstListMs, screenMs };
}
