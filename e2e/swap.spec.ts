// Whole swaps through the UI in Debian Chromium against the browser host with REAL regtest nodes
// (litecoind + monerod), the sandbox maker daemon over the TLS peer link, and the signer process on
// a real (private) gnome-keyring: a happy swap through the wizard, a kill -9 of the host mid-swap
// then the resume screen finishing it, the refund path, a keyboard-only walk through the wizard and
// an accessibility check. The happy swap also pastes the offer wrapped as a chat client sends it,
// mistypes the Monero address once (the field marked, Start held), checks the "Fund the swap" notice
// is gone from the funding seen to the end, closes the page after the BTC lock and finds the swap
// further on in a new page, and checks every txid on the page against litecoind's and monerod's own
// records (e2e/node-records.ts). Screenshots of every step go to e2e/artifacts/swap-*.png.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { a11yProblems } from './a11y-check';
import { chainTip, describeRows, expectTxsOnNodes } from './node-records';
import { startRealWallet, type RealWallet } from './real-wallet';

const port = Number(process.env.FCSWAP_E2E_SWAP_PORT ?? 47331);
let w: RealWallet;

test.describe.configure({ mode: 'serial' });
test.setTimeout(420_000);

test.beforeAll(async () => {
  test.setTimeout(300_000);
  w = await startRealWallet({ port, blockMs: 500, ...(process.env['FC_E2E_LOG'] ? { log: 'host' } : {}) });
});
// The page's own warnings (a failed host call says which channel and why), printed when a test fails.
const pageLog: string[] = [];
const logConsole = (page: Page) =>
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') pageLog.push(`${new Date().toISOString().slice(11, 23)} ${m.type()} ${m.text()}`);
  });
test.beforeEach(({ page }) => {
  pageLog.length = 0;
  logConsole(page);
});
// Playwright requires its fixtures argument to be a destructuring pattern, even an empty one.
// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, info) => {
  if (info.status !== info.expectedStatus) console.log(`page console (last 60):\n${pageLog.slice(-60).join('\n')}`);
});
test.afterAll(async () => {
  await w?.stop();
});

/** axe-core's WCAG 2 A/AA rules plus our own checks (labels, names, landmarks, heading order). */
async function accessibility(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return [...axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length} element(s): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`), ...(await a11yProblems(page))];
}

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/swap-${name}.png`, fullPage: true });

async function waitForDaemon(page: Page) {
  // The wizard's sandbox button is enabled once the daemon and the sandbox are ready.
  await expect(page.getByTestId('sandbox-offer')).toBeEnabled({ timeout: 120_000 });
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** One character of a Monero address changed (the 40th), as a slip of the hand would. */
const typo = (a: string) => `${a.slice(0, 39)}${B58[(B58.indexOf(a[39]!) + 1) % 58]}${a.slice(40)}`;
/** An offer as a chat client passes it on: a line break every 60 characters, indented, a trailing break. */
const wrapped = (offer: string) => `  ${offer.match(/.{1,60}/g)!.join('\n  ')}\n`;

/**
 * Offer -> review -> addresses -> start; returns the swap id from the URL. `typoFirst`: the payout
 * Monero address is first typed with one character changed, which must mark the field and hold the start.
 */
async function startThroughWizard(page: Page, offer: string | null, name: string | null, typoFirst = false): Promise<string> {
  await page.goto(`${w.url}#/wizard`);
  await waitForDaemon(page);
  if (name) await shot(page, `${name}-1-offer`);
  if (offer === null) await page.getByTestId('sandbox-offer').click();
  else {
    // On regtest the wizard pre-fills the sandbox maker's offer; wait for it so a paste is not overwritten.
    await expect(page.getByTestId('offer-input')).toHaveValue(/^fcswap1/, { timeout: 30_000 });
    await page.getByTestId('offer-input').fill(offer);
    await expect(page.getByTestId('offer-input')).toHaveValue(offer);
    await page.getByTestId('review-offer').click();
  }
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('you-send')).toContainText('BTC');
  if (name) await shot(page, `${name}-2-review`);
  await page.getByTestId('accept-terms').click();
  await page.getByTestId('sandbox-addresses').click();
  await expect(page.getByTestId('start-swap')).toBeEnabled({ timeout: 30_000 });
  if (typoFirst) {
    const xmrField = page.getByTestId('xmr-address');
    const right = await xmrField.inputValue();
    expect(right).toMatch(/^[48][1-9A-HJ-NP-Za-km-z]{94}$/);
    await xmrField.fill(typo(right));
    await expect(xmrField).toHaveAttribute('aria-invalid', 'true');
    await expect(xmrField).toHaveAccessibleDescription(/character is wrong/i);
    await expect(page.getByTestId('start-swap')).toBeDisabled();
    if (name) await shot(page, `${name}-3-address-typo`);
    await xmrField.fill(right);
    await expect(xmrField).not.toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('start-swap')).toBeEnabled();
  }
  if (name) await shot(page, `${name}-3-addresses`);
  await page.getByTestId('start-swap').click();
  await expect(page).toHaveURL(/#\/swap\/[0-9a-f]{32}$/, { timeout: 60_000 });
  return page.url().split('/').pop()!;
}

/**
 * Samples the page every 250 ms until stopped: each reading where a "Fund the swap" notice is up (the
 * BTC funding card, its ask, or a heading saying so), with the stage shown beside it.
 */
function watchFundNotice(page: Page): { stop(): Promise<{ samples: number; seen: string[] }> } {
  const seen: string[] = [];
  let samples = 0;
  let on = true;
  const loop = (async () => {
    while (on) {
      const r = await page
        .evaluate(() => {
          const found: string[] = [];
          if (document.querySelector('[data-testid="funding"]')) found.push('the funding card');
          if (document.querySelector('[data-testid="ask-fund"]')) found.push('ask-fund');
          for (const h of document.querySelectorAll('h1, h2, h3')) if (/fund the swap/i.test(h.textContent ?? '')) found.push(`heading "${h.textContent}"`);
          return { found, stage: document.querySelector('[data-testid="swap-stage"]')?.textContent ?? '' };
        })
        .catch(() => null);
      if (r) samples++;
      if (r && r.found.length > 0) seen.push(`${r.found.join(', ')} at "${r.stage}"`);
      await new Promise((res) => setTimeout(res, 250));
    }
  })();
  return {
    async stop() {
      on = false;
      await loop;
      return { samples, seen };
    },
  };
}

/** Steps marked done on the swap page. */
const doneSteps = (page: Page) => page.locator('[data-testid^="step-"][data-status="done"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));

async function fund(page: Page, name: string | null) {
  await expect(page.getByTestId('funding-address')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('fund-from-sandbox')).toBeEnabled({ timeout: 60_000 });
  if (name) await shot(page, `${name}-4-fund`);
  await page.getByTestId('fund-from-sandbox').click();
  await expect(page.getByTestId('funding-seen')).toBeVisible({ timeout: 60_000 });
}

test('a happy swap through the wizard: a wrapped pasted offer, a mistyped Monero address held, the page closed mid-swap, every txid on the nodes', async ({ page, context }) => {
  const t0 = Date.now();
  // A fresh sandbox offer pasted as a chat client wraps it: line breaks and indents are ignored.
  const id = await startThroughWizard(page, wrapped(await w.offer(true)), 'happy', true);
  await fund(page, 'happy');
  // The "Fund the swap" notice lives exactly as long as its condition: gone once the payment is seen.
  await expect(page.getByTestId('funding')).toHaveCount(0);
  await expect(page.getByTestId('ask-fund')).toHaveCount(0);
  const fundingTxid = (await page.getByTestId('funding-seen').locator('.mono').textContent())!.trim();
  expect(fundingTxid).toMatch(/^[0-9a-f]{64}$/);
  const fundWatch = watchFundNotice(page);
  await expect(page.getByTestId('tx-lock')).toBeVisible({ timeout: 120_000 });
  await shot(page, 'happy-5-progress');
  expect(await accessibility(page)).toEqual([]);

  // The page closed after the BTC lock: the browser host keeps the swap running without it.
  const watched = await fundWatch.stop();
  const before = await doneSteps(page);
  const beforeStage = (await page.getByTestId('swap-stage').textContent())!.trim();
  const tClosed = Date.now();
  await page.close();
  const tip0 = await chainTip(w.sandboxFile);
  // The sandbox miner mines (a block every 0.5 s): wait for 30 blocks, ~15 s, with no page open.
  await expect.poll(async () => (await chainTip(w.sandboxFile)) - tip0, { timeout: 120_000, intervals: [1000] }).toBeGreaterThanOrEqual(30);
  const page2 = await context.newPage();
  logConsole(page2);
  await page2.goto(`${w.url}#/swap/${id}`);
  await expect(page2.getByTestId('swap-stage')).toBeVisible({ timeout: 30_000 });
  // What the reopened page shows first: further on than at the close (more steps done, or the end).
  const after = await doneSteps(page2);
  const outcome = (await page2.getByTestId('swap-outcome').textContent().catch(() => null)) ?? '';
  const afterStage = (await page2.getByTestId('swap-stage').textContent())!.trim();
  console.log(`page closed ${((Date.now() - tClosed) / 1000).toFixed(1)} s at "${beforeStage}" (${before.length} steps done); reopened at "${afterStage}" (${after.length} steps done${outcome ? `, ${outcome.trim()}` : ''})`);
  expect(before.every((st) => after.includes(st)), 'a step done before the close is undone after').toBe(true);
  expect(after.length > before.length || /swapped/i.test(outcome), 'the swap progressed while the page was closed').toBe(true);
  await shot(page2, 'happy-5b-reopened');
  const fundWatch2 = watchFundNotice(page2);

  await expect(page2.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 300_000 });
  const watched2 = await fundWatch2.stop();
  console.log(`"Fund the swap" notice sampled ${watched.samples + watched2.samples} times after the funding was seen`);
  expect([...watched.seen, ...watched2.seen], 'a "Fund the swap" notice after the funding was seen').toEqual([]);
  await expect(page2.getByTestId('tx-buy')).toBeVisible();
  await shot(page2, 'happy-6-done');
  expect(await accessibility(page2)).toEqual([]);

  // Every transaction of the swap on the page, each in a block of its chain by the nodes' own records.
  const { rows, records } = await expectTxsOnNodes(page2, w.sandboxFile, { must: ['funding', 'lock', 'xmr-lock', 'buy', 'xmr-sweep'], mustNot: ['cancel', 'refund', 'punish'] });
  expect(rows.find((r) => r.name === 'funding')?.txid, 'the funding row is the payment the page saw').toBe(fundingTxid);
  console.log(`txids on the page (${rows.every((r) => r.attrs) ? 'data-txid' : 'cell text'}) on the nodes: ${describeRows(rows, records)}`);
  console.log(`happy swap ${id} through the UI: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await page2.goto(`${w.url}#/history`);
  await expect(page2.getByTestId(`history-${id}`)).toContainText(/swapped/i);
  await shot(page2, 'happy-7-history');
});

test('kill -9 of the host mid-swap: the resume screen shows the swap and finishes it', async ({ page }) => {
  const id = await startThroughWizard(page, null, null);
  await fund(page, null);
  await expect(page.getByTestId('tx-lock')).toBeVisible({ timeout: 120_000 });
  const { orphans } = await w.killAndRestartHost();
  expect(orphans, 'processes left behind by the killed host').toEqual([]);
  await page.goto(`${w.url}#/resume`);
  await expect(page.getByTestId(`resume-${id}`)).toBeVisible({ timeout: 60_000 });
  // The page outlived the host: once the new host answers, the "does not answer" banner goes away.
  // (Not `banners` not.toContainText: with no banner left the container is gone, and that assertion
  // fails on a missing element; it flaked whenever no other banner happened to be up.)
  await expect(page.getByTestId('banners').getByText('does not answer')).toHaveCount(0, { timeout: 30_000 });
  await shot(page, 'resume-1-after-restart');
  await page.getByTestId(`continue-${id}`).click();
  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 300_000 });
  await shot(page, 'resume-2-finished');
});

test('the refund path through the UI: the maker never locks, the daemon cancels and refunds', async ({ page }) => {
  const offer = await w.offer(false);
  const id = await startThroughWizard(page, offer, null);
  await fund(page, null);
  await expect(page.getByTestId('tx-lock')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('abort')).toBeDisabled();
  await shot(page, 'refund-1-locked');
  await expect(page.getByTestId('tx-cancel')).toBeVisible({ timeout: 240_000 });
  await shot(page, 'refund-2-cancelled');
  await expect(page.getByTestId('swap-outcome')).toContainText(/refunded/i, { timeout: 240_000 });
  await expect(page.getByTestId('tx-refund')).toBeVisible();
  await shot(page, 'refund-3-refunded');
  expect(id).toMatch(/^[0-9a-f]{32}$/);
});

test('keyboard only: the wizard can be walked with Tab, Enter and Space', async ({ page }) => {
  await page.goto(`${w.url}#/wizard`);
  await waitForDaemon(page);
  const focusOn = async (testId: string) => {
    for (let i = 0; i < 40; i++) {
      if (await page.getByTestId(testId).evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${testId}`);
  };
  await expect(page.getByTestId('offer-input')).toHaveValue(/^fcswap1/, { timeout: 30_000 });
  await focusOn('review-offer');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 30_000 });
  await focusOn('accept-terms');
  await page.keyboard.press('Enter');
  await focusOn('sandbox-addresses');
  await page.keyboard.press('Space');
  await focusOn('start-swap');
  await expect(page.getByTestId('start-swap')).toBeEnabled();
  await shot(page, 'keyboard-ready-to-start');
  expect(await accessibility(page)).toEqual([]);
});
