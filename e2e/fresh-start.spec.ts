// `npm start` on a fresh machine (issue 17): no D-Bus session, an empty HOME, nothing but the
// checkout. The wallet must start its own sandbox keychain, the sandbox, the daemon, and say so in
// four lines; a whole swap runs through the wizard; a restart finds the same wallet and its history;
// a swap stopped mid-way (the whole `npm start`, sandbox included) resumes to its end; a second
// `npm start` on the same data points at the first. Real litecoind, monerod and gnome-keyring.
// The page is opened as a person opens it: from the link npm start printed (it carries the host's
// secret of this start); opened without it, the page says to open that link and the API refuses it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { freshEnv, npmStart, type NpmStart } from './npm-start';

const port = Number(process.env.FCSWAP_E2E_FRESH_PORT ?? 47341);
const url = `http://127.0.0.1:${port}/`;
const READY = /^sandbox ready: take the sandbox offer in the wizard$/;
let home: string;
let env: Record<string, string>;
let running: NpmStart | null = null;
/** The link the latest start printed: `url` with `?token=` (a new secret each start). */
let link = '';
const logFile = path.resolve('test-results', `e2e-npm-start-${port}.log`);

test.describe.configure({ mode: 'serial' });
// No header from the config: the page must get in with the printed link only.
test.use({ extraHTTPHeaders: {} });
test.setTimeout(600_000);

test.beforeAll(() => {
  mkdirSync('test-results', { recursive: true });
  home = mkdtempSync(path.join(os.tmpdir(), 'fc-fresh-home-'));
  env = freshEnv(home, port);
});
test.afterAll(async () => {
  await running?.stop();
  rmSync(home, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/fresh-${name}.png`, fullPage: true });

/** npm start, up to the ready line; checks the four lines come in order and nothing else is printed. */
async function start(): Promise<NpmStart> {
  const t0 = Date.now();
  const s = npmStart(env, logFile);
  running = s;
  await s.line(READY, 240_000);
  const printed = s.lines.filter((l) => !l.startsWith('[bootstrap]'));
  expect(printed[0]).toMatch(/Electron's binary is not installed|no display is available/);
  expect(printed[1]).toMatch(new RegExp(`^Swap wallet \\(browser host\\) at ${url.replace(/[./]/g, '\\$&')}`));
  expect(printed[2]).toBe('no OS keychain here: using a private sandbox keychain; its keys are worthless');
  expect(printed[3]).toMatch(READY);
  expect(printed).toHaveLength(4);
  link = /at (\S+)/.exec(printed[1]!)![1]!;
  expect(link).toMatch(new RegExp(`^${url.replace(/[./]/g, '\\$&')}\\?token=[A-Za-z0-9_-]{43}$`));
  console.log(`npm start to "sandbox ready": ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return s;
}

async function stop(s: NpmStart) {
  const left = await s.stop();
  expect(left, 'processes left behind by npm start').toEqual([]);
  expect(await s.exited).toBe(0);
  running = null;
}

async function walletId(page: Page): Promise<string> {
  await page.goto(`${url}#/settings`);
  const id = page.getByTestId('wallet-id');
  await expect(id).toHaveText(/^[0-9a-f]{8}$/, { timeout: 60_000 });
  return (await id.textContent())!;
}

async function takeSandboxOffer(page: Page): Promise<string> {
  await page.goto(`${url}#/wizard`);
  await expect(page.getByTestId('sandbox-offer')).toBeEnabled({ timeout: 120_000 });
  await page.getByTestId('sandbox-offer').click();
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('accept-terms').click();
  await page.getByTestId('sandbox-addresses').click();
  await expect(page.getByTestId('start-swap')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('start-swap').click();
  await expect(page).toHaveURL(/#\/swap\/[0-9a-f]{32}$/, { timeout: 60_000 });
  await expect(page.getByTestId('fund-from-sandbox')).toBeEnabled({ timeout: 120_000 });
  await page.getByTestId('fund-from-sandbox').click();
  await expect(page.getByTestId('tx-lock')).toBeVisible({ timeout: 180_000 });
  return page.url().split('/').pop()!;
}

test('fresh machine: npm start swaps through the wizard, a restart keeps the wallet and its history', async ({ page }) => {
  const first = await start();
  // Without the printed link: the page loads, says what to do, and the API refuses a call with the right Host and Origin.
  await page.goto(`${url}#/wizard`);
  await expect(page.getByTestId('banner-host:host-token')).toContainText('Open the link the wallet printed', { timeout: 30_000 });
  const refused = await fetch(`${url}api/invoke`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url.slice(0, -1) }, body: JSON.stringify({ channel: 'app:info', request: {} }) });
  expect(refused.status).toBe(401);
  await page.goto(link);
  // The token left the address bar (the app may add its #/route).
  await expect(page).toHaveURL(new RegExp(`^${url.replace(/[./]/g, '\\$&')}(#/.*)?$`));
  await expect(page.getByTestId('banner-host:host-token')).toHaveCount(0, { timeout: 30_000 });
  await page.goto(`${url}#/wizard`);
  await shot(page, '1-wizard');
  const id = await walletId(page);

  // A second npm start on the same data folder points at the first and exits 0.
  const second = npmStart(env, logFile);
  const said = await second.line(/already running/, 240_000);
  expect(said).toContain(link);
  expect(await second.exited).toBe(0);

  const swapId = await takeSandboxOffer(page);
  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 300_000 });
  await shot(page, '2-swapped');
  await stop(first);

  await start();
  await page.goto(link);
  expect(await walletId(page)).toBe(id);
  await page.goto(`${url}#/history`);
  await expect(page.getByTestId(`history-${swapId}`)).toContainText(/swapped/i, { timeout: 60_000 });
  await shot(page, '3-history-after-restart');
});

test('a sandbox swap stopped after the BTC lock (npm start and sandbox stopped) resumes and ends swapped', async ({ page }) => {
  const first = running ?? (await start());
  await page.goto(link);
  const swapId = await takeSandboxOffer(page);
  await stop(first);

  await start();
  await page.goto(link);
  await page.goto(`${url}#/resume`);
  await expect(page.getByTestId(`resume-${swapId}`)).toBeVisible({ timeout: 60_000 });
  await shot(page, '4-resume');
  await page.getByTestId(`continue-${swapId}`).click();
  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 300_000 });
  await shot(page, '5-resumed-swapped');
});
