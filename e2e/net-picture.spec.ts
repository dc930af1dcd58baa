// The Petri-net picture in Debian Chromium (issue 22): the "How it works" screen draws both roles' nets
// from their tables through a daemon-free browser host of its own. From the DOM (getBoundingClientRect
// of every node's box, shape and label) it checks, for both nets: no two node boxes intersect, every
// label and shape lies inside its node's box, and at "Fit" the picture is as wide as its box and no node
// is clipped by the SVG or the box. Then the zoom: the + key zooms in, a drag pans, 0 fits again.
// Figures printed: the picture's laid-out width against its box, the scale and the text size on screen.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { ChannelName, SwapView } from '../shared/ipc/channels';
import { LIVE } from '../shared/petri/net-builder';
import type { SwapState } from '../shared/protocol/state';
import { swapView } from '../shared/protocol/swap-view';
import { simulate, type Behaviour } from '../rigs/protocol/swap-sim.helpers';
import { answer } from './sim-views';
import { accessibilityProblems } from './a11y-check';
import { E2E_HOST_TOKEN } from './e2e-host-token';

const port = Number(process.env.FCSWAP_E2E_NET_PORT ?? 47371);
const root = path.resolve(import.meta.dirname, '..');
// The renderer `npm test` builds (dist/renderer), or one built elsewhere for a run beside other work.
const rendererDir = path.resolve(root, process.env.FCSWAP_E2E_NET_RENDERER ?? 'dist/renderer');
const url = `http://127.0.0.1:${port}/`;
let host: ChildProcess | undefined;
let work = '';

test.beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'fc-e2e-net-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/host.ts', '--token', E2E_HOST_TOKEN, '--no-daemon', '--port', String(port), '--data-dir', work, '--renderer-dir', rendererDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  host = child;
  await new Promise<void>((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`the host did not start: ${buf.slice(-2000)}`)), 15_000);
    const read = (b: Buffer) => {
      buf += b.toString();
      if (buf.includes('Swap wallet (browser host) at')) {
        clearTimeout(t);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`the host exited with ${code}: ${buf.slice(-2000)}`)));
  });
});

test.afterAll(async () => {
  if (host && host.exitCode === null && host.signalCode === null) {
    const exited = new Promise((r) => host?.once('exit', r));
    host.kill('SIGTERM');
    await exited;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}
interface Measured {
  readonly zoom: number;
  readonly box: Rect;
  readonly svg: Rect;
  readonly viewBoxWidth: number;
  readonly fontPx: number;
  readonly nodes: readonly { id: string; box: Rect; shape: Rect; label: Rect }[];
}

/** Every node's box, shape and label rectangle on screen, with the picture's box and SVG. */
async function measure(figure: Locator): Promise<Measured> {
  return figure.evaluate((fig) => {
    const r = (e: Element): Rect => {
      const b = e.getBoundingClientRect();
      return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
    };
    const svg = fig.querySelector('svg');
    const scroller = fig.querySelector('.net-scroll');
    if (!svg || !scroller) throw new Error('no picture');
    const label = svg.querySelector('text.net-label');
    return {
      zoom: Number(fig.getAttribute('data-zoom')),
      box: r(scroller),
      svg: r(svg),
      viewBoxWidth: svg.viewBox.baseVal.width,
      fontPx: label ? Number(getComputedStyle(label).fontSize.replace('px', '')) * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) : 0,
      nodes: [...svg.querySelectorAll('g[data-node]')].map((g) => {
        const shape = g.querySelector('circle, rect.net-transition');
        const text = g.querySelector('text');
        const box = g.querySelector('rect.net-box');
        if (!shape || !text || !box) throw new Error(`node ${g.getAttribute('data-node')} is incomplete`);
        return { id: g.getAttribute('data-node') ?? '', box: r(box), shape: r(shape), label: r(text) };
      }),
    };
  });
}

const EPS = 0.5;
const inside = (a: Rect, b: Rect) => a.left >= b.left - EPS && a.top >= b.top - EPS && a.right <= b.right + EPS && a.bottom <= b.bottom + EPS;
const intersect = (a: Rect, b: Rect) => a.left < b.right - EPS && b.left < a.right - EPS && a.top < b.bottom - EPS && b.top < a.bottom - EPS;

function problems(m: Measured): string[] {
  const out: string[] = [];
  m.nodes.forEach((a, i) => {
    if (!inside(a.label, a.box)) out.push(`label of ${a.id} outside its box`);
    if (!inside(a.shape, a.box)) out.push(`shape of ${a.id} outside its box`);
    for (const b of m.nodes.slice(i + 1)) if (intersect(a.box, b.box)) out.push(`${a.id} intersects ${b.id}`);
  });
  return out;
}

function clipped(m: Measured): string[] {
  return m.nodes.filter((n) => !inside(n.box, m.svg) || !inside(n.box, m.box)).map((n) => `${n.id} clipped`);
}

async function openProtocol(page: Page) {
  await page.goto(`${url}#/protocol`);
  await expect(page.getByTestId('screen-protocol')).toBeVisible();
  await expect(page.locator('figure.net-picture')).toHaveCount(2);
}

test('both nets: no two node boxes intersect, every label inside its box, nothing clipped at Fit', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await openProtocol(page);
  expect(await accessibilityProblems(page)).toEqual([]);
  for (const name of ['Bob', 'Alice']) {
    const figure = page.locator('figure.net-picture', { hasText: `${name}:` });
    const first = await measure(figure);
    expect(problems(first)).toEqual([]);
    // It opens readable: fitted, or zoomed in until the text is 9 px on screen.
    expect(first.fontPx).toBeGreaterThanOrEqual(8.9);
    expect(first.box.right - first.box.left).toBeGreaterThan(900);
    // At its first zoom the swap's frontier (the start place, marked) is in view.
    const start = first.nodes.find((n) => n.id === 'start');
    expect(start && inside(start.shape, first.box)).toBe(true);
    await expect(figure.locator('[data-node="start"][data-marked="true"]')).toHaveCount(1);
    await expect(figure.locator('[data-enabled="true"]')).not.toHaveCount(0);

    await figure.screenshot({ path: `e2e/artifacts/net-picture-${name.toLowerCase()}-first.png` });
    const fit = figure.getByRole('button', { name: 'Fit the whole picture' });
    if (await fit.isEnabled()) await fit.click();
    await expect(figure).toHaveAttribute('data-zoom', '1');
    const m = await measure(figure);
    expect(problems(m)).toEqual([]);
    expect(clipped(m)).toEqual([]);
    expect(m.svg.right - m.svg.left).toBeLessThanOrEqual(m.box.right - m.box.left + EPS);
    await figure.screenshot({ path: `e2e/artifacts/net-picture-${name.toLowerCase()}-fit.png` });
    console.log(
      `${name}: ${m.nodes.length} nodes; laid out ${m.viewBoxWidth} px wide in a ${Math.round(m.box.right - m.box.left)} px box; ` +
        `fit scale ${((m.svg.right - m.svg.left) / m.viewBoxWidth).toFixed(2)} (text ${m.fontPx.toFixed(1)} px); ` +
        `first zoom ${first.zoom.toFixed(2)} (text ${first.fontPx.toFixed(1)} px)`,
    );
  }
  expect(errors).toEqual([]);
});

test('zoom and pan by keyboard and drag, then fit again', async ({ page }) => {
  await openProtocol(page);
  const figure = page.locator('figure.net-picture', { hasText: 'Bob:' });
  const box = figure.locator('.net-scroll');
  // The zoom buttons, then the picture's box, are reached by Tab (disabled buttons skipped); the
  // focused box shows a ring.
  await figure.getByRole('button', { name: 'Zoom in' }).focus();
  for (let i = 0; i < 3 && !(await box.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(box).toBeFocused();
  expect(await box.evaluate((e) => getComputedStyle(e).outlineStyle)).not.toBe('none');
  await page.keyboard.press('0');
  await expect(figure).toHaveAttribute('data-zoom', '1');
  await page.keyboard.press('+');
  await expect(figure).not.toHaveAttribute('data-zoom', '1');
  const zoomed = await measure(figure);
  expect(problems(zoomed)).toEqual([]);
  expect(zoomed.svg.right - zoomed.svg.left).toBeGreaterThan(zoomed.box.right - zoomed.box.left);
  // A drag to the left shows more of the right-hand side.
  const before = await box.evaluate((e) => e.scrollLeft);
  const b = await box.boundingBox();
  if (!b) throw new Error('no box');
  await page.mouse.move(b.x + b.width / 2, b.y + 100);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 - 120, b.y + 100, { steps: 4 });
  await page.mouse.up();
  expect(await box.evaluate((e) => e.scrollLeft)).toBeGreaterThan(before);
  await figure.getByRole('button', { name: 'Zoom out' }).click();
  await expect(figure).toHaveAttribute('data-zoom', '1');
  expect(clipped(await measure(figure))).toEqual([]);
});

// Every stage of a swap, both roles: the swap page draws the same picture at the live marking (views
// the real protocol code computes from simulated runs, answered in the page as e2e/screens.spec.ts
// does). At each sampled marking: no box intersects another, the marked places are the view's, and
// the swap's frontier (its lowest marked place) is in view when the page opens.
const calm: Behaviour = { aliceXmr: 'exact', bobAbortAt: null, bobOffline: 0, aliceOffline: 0, mineBtc: 15, mineXmr: 60, crash: 0, evict: 0 };
function stages(): SwapView[] {
  const t0 = Date.now() - 600_000;
  const views = (p: { snapshots: Map<number, SwapState> }) =>
    [...p.snapshots.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => swapView({ state: s, genesisCreatedAt: t0, updatedAt: t0 + s.seq * 1000, live: true }));
  const happy = simulate(7, calm);
  const refund = simulate(11, { ...calm, aliceXmr: 'never' });
  const out: SwapView[] = [];
  for (const run of [views(happy.bob), views(happy.alice), views(refund.bob), views(refund.alice)]) {
    const seen = new Set<string>();
    const distinct = run.filter((v) => {
      const k = [...v.marking].sort().join(',');
      return seen.has(k) ? false : (seen.add(k), true);
    });
    // Two stages a run, the middle and the last marking (a page load each, ~1 s); the first marking
    // is the "How it works" screen's, checked above.
    out.push(distinct[Math.round((distinct.length - 1) / 2)]!, distinct[distinct.length - 1]!);
  }
  return out;
}

test('the swap page draws the net at every stage, both roles, the frontier in view', async ({ page }) => {
  const t0 = Date.now();
  const all = stages();
  const simulated = Date.now() - t0;
  let current = all[0]!;
  await page.route('**/api/invoke', async (route) => {
    const { channel } = route.request().postDataJSON() as { channel: ChannelName };
    const reply = (body: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
    if (channel === 'swap:get') return reply(answer('swap:get', current));
    if (channel === 'swaps:list') return reply(answer('swaps:list', [current.summary]));
    return route.continue();
  });
  let count = 0;
  for (const [i, view] of all.entries()) {
    current = view;
    // A new page load for each stage (the same swap id within a run), so each opens as a person would.
    if (i === 0 || view.summary.swapId !== all[i - 1]!.summary.swapId) await page.goto(`${url}#/swap/${view.summary.swapId}`);
    else await page.reload();
    const figure = page.locator('figure.net-picture');
    await expect(figure).toBeVisible();
    const shown = view.marking.filter((p) => p !== LIVE).sort();
    await expect(figure.locator('[data-marked="true"]')).toHaveCount(shown.length);
    const m = await measure(figure);
    expect(problems(m)).toEqual([]);
    const markedIds = await figure.locator('[data-marked="true"]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-node') ?? '').sort());
    expect(markedIds).toEqual(shown);
    const quiet = new Set(['prelock', 'lock_pub', 'refund_sigs_sent', 'L']);
    const marked = m.nodes.filter((n) => shown.includes(n.id) && !quiet.has(n.id));
    const frontier = marked.reduce<(typeof marked)[number] | undefined>((a, n) => (!a || n.box.top > a.box.top ? n : a), undefined);
    if (frontier) expect(inside(frontier.shape, m.box), `${view.summary.role} at ${shown.join(',')}: ${frontier.id} in view`).toBe(true);
    count++;
  }
  console.log(`${count} stages drawn (both roles, a swap and a refund); simulated in ${simulated} ms, drawn and measured in ${Date.now() - t0 - simulated} ms`);
});
