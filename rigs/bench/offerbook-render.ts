// renderMs of `npm run bench:offerbook`: the real Offers screen (renderer/screens/offers.tsx) in Debian
// Chromium against the real browser host (electron/cli/host.ts, its wallet's Nostr book on the bench's
// relay, settings.json naming only that relay; the daemon may still be starting or fail on absent
// nodes: the book answers anyway). The clock starts once the host's book holds the whole book (polled
// over /api/invoke book:list) and the app is open on another screen; it stops when the Offers screen,
// opened as a person would (its route), says every offer is shown and has drawn its rows, measured in
// the page (performance.now, to the next painted frame). Guards nothing; nothing here is mocked.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
/** Debian's Chromium with the flags this machine needs (shared docs: environment.md). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface RenderFigures {
  /** From the whole book in the host's store (the app open on History) to the Offers screen showing it, painted. */
  readonly renderMs: number;
  /** Offers the screen says it shows, and rows it drew (it draws a page at a time, the rest behind "Show more"). */
  readonly shown: number;
  readonly rowsDrawn: number;
  /** Then every row in the DOM, pressing "Show more" until none is left (the person's clicks, timed together). */
  readonly allRowsMs: number;
  readonly allRows: number;
  /** A fresh tab opened straight on #/offers (page load, first poll, render), for comparison. */
  readonly coldMs: number;
  /** Within renderMs: when the screen asked book:list and when the answer had arrived (null: not seen). */
  readonly askedMs: number | null;
  readonly answeredMs: number | null;
  /** From the host's start to its book holding every offer (its start, relay connection and fill). */
  readonly hostFillMs: number;
}

function waitForLine(child: ChildProcess, re: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`browser host: no "${re}" within ${ms} ms:\n${buf.slice(-2000)}`)), ms);
    const on = (b: Buffer) => {
      buf += b.toString();
      const m = buf.match(re);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`browser host exited with ${code}:\n${buf.slice(-2000)}`))));
  });
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(t);
}

/** The renderer as it ships, built now into `dir` (a stale dist/ would measure an old screen). */
function buildRenderer(dir: string, minify: boolean): void {
  const r = spawnSync('npx', ['vite', 'build', '--outDir', dir, '--emptyOutDir', ...(minify ? [] : ['--minify', 'false'])], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/** book:list over the host's API: how many offers it lists, its size and its round trip. */
async function bookList(url: string): Promise<{ offers: number; bytes: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(new URL('/api/invoke', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: new URL(url).origin, authorization: `Bearer ${new URL(url).searchParams.get('token')}` },
    body: JSON.stringify({ channel: 'book:list', request: {} }),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  const r = JSON.parse(text) as { ok: boolean; value?: { offers: unknown[] } };
  return { offers: r.ok ? (r.value?.offers.length ?? 0) : 0, bytes: text.length, ms };
}

// The in-page code is plain JavaScript text: tsx's keepNames would put a `__name` helper into a function
// passed to page.evaluate, and the page has none.
/** In the page: open #/offers (or time the page already loading on it) until the screen says `offers` are shown and has drawn rows, painted. */
const TIME_SCREEN = `(a) => new Promise((resolve, reject) => {
  const t0 = a.from ?? performance.now();
  const count = () => {
    const m = (document.querySelector('[data-testid="book-count"]')?.textContent ?? '').match(/^(\\d+) of (\\d+) live offer/);
    return m ? Number(m[1]) : 0;
  };
  const rows = () => document.querySelectorAll('tr[data-testid^="book-offer-"]').length;
  const done = () => count() >= a.offers && rows() > 0;
  // The book:list answer inside the window: the largest /api/invoke response that started after t0.
  const fetched = () => performance.getEntriesByType('resource')
    .filter((e) => e.name.endsWith('/api/invoke') && e.startTime >= t0)
    .sort((x, y) => y.encodedBodySize - x.encodedBodySize)[0];
  const finish = () => requestAnimationFrame(() => setTimeout(() => {
    const f = fetched();
    resolve({ ms: performance.now() - t0, shown: count(), rows: rows(), askedMs: f ? f.startTime - t0 : null, answeredMs: f ? f.responseEnd - t0 : null });
  }, 0));
  const obs = new MutationObserver(() => {
    if (!done()) return;
    obs.disconnect();
    finish();
  });
  obs.observe(document.body, { childList: true, subtree: true, characterData: true });
  setTimeout(() => {
    obs.disconnect();
    reject(new Error('the Offers screen did not show ' + a.offers + ' offers in 60 s (it says "' + document.querySelector('[data-testid="book-count"]')?.textContent + '")'));
  }, 60000);
  if (a.navigate) window.location.hash = '#/offers';
  else if (done()) {
    obs.disconnect();
    finish();
  }
})`;

/** In the page: press "Show more" until `n` rows are drawn (or no button is left), painted. */
const ALL_ROWS = `async (n) => {
  const t0 = performance.now();
  const rows = () => document.querySelectorAll('tr[data-testid^="book-offer-"]').length;
  for (;;) {
    const more = document.querySelector('[data-testid="book-more"]');
    if (!more || rows() >= n) break;
    const before = rows();
    more.click();
    while (rows() === before) await new Promise((r) => setTimeout(r, 0));
  }
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return { ms: performance.now() - t0, rows: rows() };
}`;

type Screen = { ms: number; shown: number; rows: number; askedMs: number | null; answeredMs: number | null };
const inPage = (fn: string, arg: unknown): string => `(${fn})(${JSON.stringify(arg)})`;

/** Starts a browser host on `relayUrl`, waits for its book to hold `offers`, and times the Offers screen. */
export async function measureRender(relayUrl: string, offers: number, say: (l: string) => void): Promise<RenderFigures> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'fc-bench-book-'));
  let host: ChildProcess | null = null;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const rendererDir = path.join(work, 'renderer');
    say('building the renderer (vite) for the render half');
    // BENCH_RENDER_PROFILE=DIR: the page's CPU profile of the timed render is written there (renderer not minified, so it names functions).
    const profileDir = process.env['BENCH_RENDER_PROFILE'];
    buildRenderer(rendererDir, !profileDir);
    const dataDir = path.join(work, 'data');
    // A regtest wallet whose nodes are absent (its daemon fails to start, the book does not care) and whose only relay is the bench's.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({
        network: 'regtest',
        sandbox: false,
        bitcoinNodes: [{ url: 'http://127.0.0.1:9', auth: { kind: 'none' } }],
        moneroNodes: [{ url: 'http://127.0.0.1:9', trusted: true }],
        relays: [relayUrl],
        dataDir,
      }),
    );
    const tHost = performance.now();
    host = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/host.ts'), '--port', '0', '--data-dir', dataDir, '--renderer-dir', rendererDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FC_VERBOSE: '' },
    });
    // The printed link with this start's secret (?token=): the page takes it from there, bookList sends it.
    const url = (await waitForLine(host, /at (http:\/\/127\.0\.0\.1:\d+\/\S*)/, 60_000))[1]!;
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(new URL('#/history', url).href);
    await page.waitForSelector('[data-testid="screen-history"]');
    for (;;) {
      if ((await bookList(url)).offers >= offers) break;
      if (performance.now() - tHost > 120_000) throw new Error(`the host's book did not reach ${offers} offers in 120 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const hostFillMs = performance.now() - tHost;
    const trips: Array<{ bytes: number; ms: number }> = [];
    for (let i = 0; i < 5; i++) trips.push(await bookList(url));
    const trip = trips.sort((x, y) => x.ms - y.ms)[2]!;
    say(`book:list of the whole book from the host: ${(trip.bytes / 1024).toFixed(0)} KiB, ${trip.ms.toFixed(0)} ms a round trip (median of 5, outside the page)`);
    const cdp = profileDir ? await page.context().newCDPSession(page) : null;
    if (cdp) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
    const warm = (await page.evaluate(inPage(TIME_SCREEN, { offers, navigate: true, from: null }))) as Screen;
    if (cdp && profileDir) {
      const { profile } = await cdp.send('Profiler.stop');
      const file = path.join(path.resolve(profileDir), 'offers-render.cpuprofile');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      say(`the page's CPU profile of the timed render: ${file}`);
    }
    // Every row: the person presses "Show more" until the whole book is drawn.
    const allRows = (await page.evaluate(inPage(ALL_ROWS, offers))) as { ms: number; rows: number };
    const cold = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await cold.goto(new URL('#/offers', url).href);
    // from 0: the page's clock starts at its navigation.
    const coldMs = ((await cold.evaluate(inPage(TIME_SCREEN, { offers, navigate: false, from: 0 }))) as Screen).ms;
    return { renderMs: warm.ms, askedMs: warm.askedMs, answeredMs: warm.answeredMs, shown: warm.shown, rowsDrawn: warm.rows, allRowsMs: allRows.ms, allRows: allRows.rows, coldMs, hostFillMs };
  } finally {
    await browser.close();
    if (host) await stopHost(host);
    rmSync(work, { recursive: true, force: true });
  }
}
