// Selling XMR through the wizard in Debian Chromium against the browser host with REAL regtest nodes
// (litecoind + monerod + wallet-rpc), the sandbox's maker on the buying side (it is Bob, the person is
// Alice) over the TLS peer link, and the signer on a private gnome-keyring: choose "Sell XMR for BTC",
// review, take the sandbox's addresses, start, pay the swap's own XMR funding address from the sandbox
// wallet, watch its confirmations (the "Fund the swap" heading never back once the payment is seen),
// and reach the swapped end with the BTC received, every txid on the page found in a block by the
// nodes themselves (e2e/node-records.ts). Screenshots of each new screen go to
// e2e/artifacts/sell-xmr-*.png; axe and our own checks run on each.
import { expect, test, type Page } from '@playwright/test';
import { accessibilityProblems } from './a11y-check';
import { describeRows, expectTxsOnNodes } from './node-records';
import { startRealWallet, type RealWallet } from './real-wallet';

const port = Number(process.env.FCSWAP_E2E_SELL_PORT ?? 47351);
let w: RealWallet;

test.describe.configure({ mode: 'serial' });
test.setTimeout(360_000);

test.beforeAll(async () => {
  test.setTimeout(300_000);
  // Blocks a second apart (the sandbox's default): Monero's 10 confirmations take ~10 s, long enough
  // for the page to show them counting, and the whole swap stays near two minutes.
  w = await startRealWallet({ port, blockMs: 1000, ...(process.env['FC_E2E_LOG'] ? { log: 'host' } : {}) });
});
const pageLog: string[] = [];
test.beforeEach(({ page }) => {
  pageLog.length = 0;
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') pageLog.push(`${new Date().toISOString().slice(11, 23)} ${m.type()} ${m.text()}`);
  });
});
// Playwright requires its fixtures argument to be a destructuring pattern, even an empty one.
// eslint-disable-next-line no-empty-pattern
test.afterEach(({}, info) => {
  if (info.status !== info.expectedStatus) console.log(`page console (last 60):\n${pageLog.slice(-60).join('\n')}`);
});
test.afterAll(async () => {
  await w?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/sell-xmr-${name}.png`, fullPage: true });

test('a person sells XMR through the wizard to a swapped end, paying the funding address from the sandbox', async ({ page }) => {
  const t0 = Date.now();
  await page.goto(`${w.url}#/wizard`);
  await expect(page.getByTestId('sandbox-offer')).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByTestId('direction-buy')).toBeChecked();
  await page.getByRole('radio', { name: 'Sell XMR for BTC' }).check();
  // The sandbox maker that buys XMR fills the offer in.
  await expect(page.locator('#offer-hint')).toContainText('it buys XMR', { timeout: 30_000 });
  await expect(page.getByTestId('offer-input')).toHaveValue(/^fcswap1/);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, '1-direction');

  await page.getByTestId('review-offer').click();
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('review')).toHaveAttribute('data-role', 'alice');
  await expect(page.getByTestId('direction-note')).toHaveCount(0);
  await expect(page.getByTestId('you-send')).toContainText('XMR');
  await expect(page.getByTestId('you-receive')).toContainText('BTC');
  await expect(page.getByTestId('worst-case-refund')).toContainText('You pay no Bitcoin fee');
  const btcText = (await page.getByTestId('you-receive').textContent())!.trim();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, '2-review');

  await page.getByTestId('accept-terms').click();
  await page.getByTestId('sandbox-addresses').click();
  await expect(page.getByLabel('Bitcoin receive address')).toHaveValue(/^\w+1/, { timeout: 30_000 });
  await expect(page.getByLabel('Monero refund address')).toHaveValue(/^4/);
  await expect(page.getByTestId('start-swap')).toBeEnabled();
  await shot(page, '3-addresses');
  await page.getByTestId('start-swap').click();
  await expect(page).toHaveURL(/#\/swap\/[0-9a-f]{32}$/, { timeout: 60_000 });
  const id = page.url().split('/').pop()!;

  // The swap's own XMR funding address, with the exact amount, its QR code and copy button.
  const panel = page.getByTestId('xmr-funding');
  await expect(panel).toHaveAttribute('data-state', 'waiting', { timeout: 120_000 });
  await expect(page.getByTestId('xmr-funding-amount')).toHaveText(/^\d+\.\d{12} XMR$/);
  await expect(page.getByTestId('xmr-funding-address')).toHaveText(/^[48][1-9A-HJ-NP-Za-km-z]{94}$/);
  await expect(page.getByRole('img', { name: /^QR code: pay \d+\.\d{12} XMR to / })).toBeVisible();
  await expect(page.getByTestId('copy-xmr-address')).toBeVisible();
  await expect(page.locator('[data-step="fund"]')).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('fund-from-sandbox')).toBeEnabled({ timeout: 60_000 });
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, '4-fund');

  // From the payment on, the panel is sampled: its states in order and each confirmations reading
  // (Monero lets the payment be spent after 10; the swap then locks from it by itself).
  const states: string[] = [];
  const readings: number[] = [];
  let watching = true;
  let confirmingShot = false;
  const fundAfterPaid: string[] = [];
  const watcher = (async () => {
    while (watching) {
      const r = await page
        .evaluate(() => ({
          state: document.querySelector('[data-testid="xmr-funding"]')?.getAttribute('data-state') ?? null,
          conf: document.querySelector('[data-testid="xmr-funding-confirmations"]')?.textContent ?? null,
          fundHeading: [...document.querySelectorAll('h1, h2, h3')].some((h) => /fund the swap/i.test(h.textContent ?? '')),
        }))
        .catch(() => null);
      if (r?.state && states[states.length - 1] !== r.state) states.push(r.state);
      const m = r?.conf?.match(/^(\d+)\/10 confirmations$/);
      if (m) readings.push(Number(m[1]));
      // The "Fund the swap" notice lives as long as its condition: once the payment is seen, never again.
      if (r?.fundHeading && states.some((x) => x !== 'waiting' && x !== 'short')) fundAfterPaid.push(r.state ?? '?');
      if (r?.state === 'confirming' && !confirmingShot) {
        confirmingShot = true;
        await shot(page, '5-confirming');
        expect(await accessibilityProblems(page)).toEqual([]);
      }
      await new Promise((res) => setTimeout(res, 200));
    }
  })();
  await page.getByTestId('fund-from-sandbox').click();
  await expect(panel).toHaveAttribute('data-state', 'locked', { timeout: 180_000 });
  await expect(page.getByTestId('xmr-funding-note')).toContainText('The swap locked the XMR from its funding wallet');
  await shot(page, '5b-progress');
  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 300_000 });
  watching = false;
  await watcher;
  console.log(`XMR funding panel states: ${states.join(' -> ')}; confirmations read: ${[...new Set(readings)].join(', ') || 'none'}`);
  // Never backwards: waiting (short) -> confirming -> ready -> locked, some perhaps between two samples.
  const order = ['waiting', 'short', 'confirming', 'ready', 'locked'];
  expect(states.map((x) => order.indexOf(x))).toEqual([...states.map((x) => order.indexOf(x))].sort((a, b) => a - b));
  expect(states.at(-1)).toBe('locked');
  expect(readings).toEqual([...readings].sort((a, b) => a - b));
  expect(readings.every((n) => n <= 10)).toBe(true);
  expect(fundAfterPaid, 'a "Fund the swap" heading after the payment was seen (states at each reading)').toEqual([]);
  if (states.includes('confirming')) expect(readings.length).toBeGreaterThan(0);
  await expect(page.getByTestId('swap-result')).toContainText(`You sold`);
  await expect(page.getByTestId('swap-result')).toContainText(`received ${btcText}`);
  await expect(page.getByTestId('tx-buy')).toBeVisible();
  await expect(page.getByTestId('tx-xmr-lock')).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, '6-done');
  // Every transaction of the swap on the page, each in a block of its chain by the nodes' own records.
  const { rows, records } = await expectTxsOnNodes(page, w.sandboxFile, { must: ['lock', 'xmr-lock', 'buy'], mustNot: ['cancel', 'refund', 'punish'] });
  console.log(`txids on the page (${rows.every((r) => r.attrs) ? 'data-txid' : 'cell text'}) on the nodes: ${describeRows(rows, records)}`);
  console.log(`sell-XMR swap ${id} through the UI: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  await page.goto(`${w.url}#/history`);
  await expect(page.getByTestId(`history-${id}`)).toContainText(/swapped/i);
  await expect(page.getByTestId(`history-${id}`)).toContainText('Selling XMR for BTC');
});
