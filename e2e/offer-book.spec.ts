// The offer book end to end (issue 21) in Debian Chromium against the browser host with REAL regtest
// nodes (litecoind + monerod + wallet-rpc), the sandbox's real local Nostr relay (its own process)
// carrying the sandbox maker's standing offers on both sides, the wallet's book reading it, and the
// signer on a private gnome-keyring: the person opens Offers, sees both offers (each verified by the
// wallet), takes the one that sells XMR and swaps to the end paying BTC from the sandbox wallet, then
// takes the one that buys XMR and swaps to the end paying the swap's XMR funding address from the
// sandbox wallet. No offer string is pasted or fetched by the test: both come from the relay.
// Screenshots go to e2e/artifacts/offer-book-*.png; the accessibility check runs on each new screen.
import { expect, test, type Page } from '@playwright/test';
import { accessibilityProblems } from './a11y-check';
import { printPageLogOnFailure, startRealWallet, type RealWallet } from './real-wallet';

const port = Number(process.env.FCSWAP_E2E_BOOK_PORT ?? 47361);
let w: RealWallet;

test.describe.configure({ mode: 'serial' });
test.setTimeout(900_000);

test.beforeAll(async () => {
  test.setTimeout(300_000);
  w = await startRealWallet({ port, blockMs: 1000, ...(process.env['FC_E2E_LOG'] ? { log: 'host' } : {}) });
});
printPageLogOnFailure(test);
test.afterAll(async () => {
  await w?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/offer-book-${name}.png`, fullPage: true });
const secondsSince = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);

/** Opens the book and takes the first live offer of that direction whose Take can act; returns its row's texts. */
async function takeFromBook(page: Page, direction: 'buy' | 'sell', name: string): Promise<{ offerId: string; places: string }> {
  await page.goto(`${w.url}#/offers`);
  await expect(page.getByTestId('screen-offers')).toBeVisible();
  const row = page.locator(`tr[data-direction="${direction}"][data-network="regtest"]`).first();
  await expect(row).toBeVisible({ timeout: 120_000 });
  const offerId = (await row.getAttribute('data-testid'))!.slice('book-offer-'.length);
  const take = page.getByTestId(`take-${offerId}`);
  // Enabled once the daemon is ready (the book answers before it).
  await expect(take).toBeEnabled({ timeout: 120_000 });
  const places = (await row.locator('td').nth(6).textContent())!.trim();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, `${name}-1-book`);
  await take.click();
  return { offerId, places };
}

/** Review (the side chosen in the book, no turn-around note), accept, the sandbox's addresses, start. */
async function reviewAndStart(page: Page, role: 'alice' | 'bob', name: string): Promise<string> {
  await expect(page.getByTestId('review')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('review')).toHaveAttribute('data-role', role);
  await expect(page.getByTestId('direction-note')).toHaveCount(0);
  await expect(page.getByTestId('you-send')).toContainText(role === 'bob' ? 'BTC' : 'XMR');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, `${name}-2-review`);
  await page.getByTestId('accept-terms').click();
  await page.getByTestId('sandbox-addresses').click();
  await expect(page.getByTestId('start-swap')).toBeEnabled({ timeout: 30_000 });
  await page.getByTestId('start-swap').click();
  await expect(page).toHaveURL(/#\/swap\/[0-9a-f]{32}$/, { timeout: 60_000 });
  return page.url().split('/').pop()!;
}

test('a person takes both sandbox offers from the offer book and swaps each to the end', async ({ page }) => {
  // The book: both sides of the sandbox maker, read from its relay.
  const tOpen = Date.now();
  await page.goto(`${w.url}#/offers`);
  await expect(page.locator('tr[data-direction="buy"]').first()).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('tr[data-direction="sell"]').first()).toBeVisible({ timeout: 60_000 });
  console.log(`offer book: both sides listed ${secondsSince(tOpen)} s after opening the screen`);
  await expect(page.getByTestId('book-network')).toHaveValue('regtest');
  await page.goto(`${w.url}#/settings`);
  await expect(page.getByTestId('relay-sandbox')).toContainText('connected', { timeout: 30_000 });
  await shot(page, 'relays');

  // 1. Buy XMR with BTC: the maker sells XMR; the person pays BTC from the sandbox wallet.
  const tBuy = Date.now();
  const buy = await takeFromBook(page, 'buy', 'buy');
  const buyId = await reviewAndStart(page, 'bob', 'buy');
  await expect(page.getByTestId('funding-address')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('fund-from-sandbox')).toBeEnabled({ timeout: 60_000 });
  await shot(page, 'buy-3-fund');
  await page.getByTestId('fund-from-sandbox').click();
  await expect(page.getByTestId('funding-seen')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 300_000 });
  await expect(page.getByTestId('tx-buy')).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'buy-4-done');
  console.log(`buy XMR from the book: offer ${buy.offerId.slice(0, 8)} (places ${buy.places}), swap ${buyId} swapped in ${secondsSince(tBuy)} s`);

  // 2. Sell XMR for BTC: the maker buys XMR; the person pays the swap's XMR funding address from the sandbox.
  const tSell = Date.now();
  const sell = await takeFromBook(page, 'sell', 'sell');
  const sellId = await reviewAndStart(page, 'alice', 'sell');
  const panel = page.getByTestId('xmr-funding');
  await expect(panel).toHaveAttribute('data-state', 'waiting', { timeout: 120_000 });
  await expect(page.getByTestId('fund-from-sandbox')).toBeEnabled({ timeout: 60_000 });
  await shot(page, 'sell-3-fund');
  await page.getByTestId('fund-from-sandbox').click();
  await expect(panel).toHaveAttribute('data-state', 'locked', { timeout: 180_000 });
  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 300_000 });
  await expect(page.getByTestId('swap-result')).toContainText('You sold');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'sell-4-done');
  console.log(`sell XMR from the book: offer ${sell.offerId.slice(0, 8)} (places ${sell.places}), swap ${sellId} swapped in ${secondsSince(tSell)} s`);

  await page.goto(`${w.url}#/history`);
  await expect(page.getByTestId(`history-${buyId}`)).toContainText('Buying XMR with BTC');
  await expect(page.getByTestId(`history-${sellId}`)).toContainText('Selling XMR for BTC');
});
