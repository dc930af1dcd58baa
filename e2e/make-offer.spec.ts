// Make an offer in the app (issue 20 item 3), on REAL regtest nodes in Debian Chromium: host 1 (the
// person, with the sandbox) makes a standing offer that buys XMR on the Make-an-offer screen; host 2, a
// second wallet host (its own data folder, its own private keyring, its own peer identity), takes it by
// pasting the signed string into the wizard, choosing an amount inside the offer's range. Both pay their
// side from the sandbox's wallets (host 1 BTC into its swap's funding address, host 2 XMR into its
// funding wallet) and both reach swapped. Host 2 reads the chains from host 1's sandbox info file: the
// sandbox's Bitcoin is litecoind (rltc addresses), which only the sandbox endpoints speak; host 2 runs
// no sandbox of its own. Screenshots: e2e/artifacts/make-offer-*.png.
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { a11yProblems } from './a11y-check';
import { startRealWallet, type RealWallet } from './real-wallet';
import { startExtraHost, type ExtraHost } from './extra-host';

const port1 = Number(process.env.FCSWAP_E2E_OFFER_PORT ?? 47611);
const port2 = port1 + 1;
let w: RealWallet;
let second: ExtraHost;

test.describe.configure({ mode: 'serial' });
test.setTimeout(600_000);

test.beforeAll(async () => {
  test.setTimeout(360_000);
  w = await startRealWallet({ port: port1, blockMs: 500 });
  second = await startExtraHost({ port: port2, sandboxFile: w.sandboxFile, label: 'host 2' });
});
test.afterAll(async () => {
  await second?.stop();
  await w?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/make-offer-${name}.png`, fullPage: true });

async function accessibility(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return [...axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`), ...(await a11yProblems(page))];
}

/** Host 1: the form, a refused choice marked on its field, then the signed offer; returns its string. */
async function makeOffer(page: Page): Promise<string> {
  await page.goto(`${w.url}#/make-offer`);
  await expect(page.getByTestId('make-offer')).toBeEnabled({ timeout: 180_000 });
  await expect(page.getByTestId('mo-cancel')).toHaveValue('60');
  await page.getByTestId('mo-min').fill('0.002');
  await page.getByTestId('mo-max').fill('0.01');
  await page.getByTestId('mo-price').fill('100');
  await page.getByTestId('mo-capacity').fill('2');
  await page.getByTestId('mo-sandbox-addresses').click();
  await expect(page.getByTestId('mo-btc-address')).toHaveValue(/^rltc1/);
  await shot(page, '1-form');
  expect(await accessibility(page)).toEqual([]);
  // Timelocks the wrong way round: refused on the punish field, nothing made.
  await page.getByTestId('mo-punish').fill('50');
  await page.getByTestId('make-offer').click();
  await expect(page.getByTestId('make-offer-error')).toContainText(/punish/i);
  await expect(page.getByTestId('mo-punish')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '2-refused');
  await page.getByTestId('mo-punish').fill('80');
  await page.getByTestId('make-offer').click();
  await expect(page.getByTestId('signed-offer-text')).toHaveValue(/^fcswap1/, { timeout: 30_000 });
  await expect(page.getByTestId('offer-list').locator('[data-state="open"]')).toHaveCount(1, { timeout: 10_000 });
  await shot(page, '3-signed');
  return page.getByTestId('signed-offer-text').inputValue();
}

/** Host 2: paste the string, sell XMR, an amount inside the range, start; returns the swap id. */
async function takeOffer(page: Page, offer: string): Promise<string> {
  await page.goto(`${second.url}#/wizard`);
  await expect(page.getByTestId('sandbox-offer')).toBeEnabled({ timeout: 180_000 });
  await page.getByTestId('direction-sell').check();
  // The wizard pre-fills the sandbox maker's offer; wait for it so the paste is not overwritten.
  await expect(page.getByTestId('offer-input')).toHaveValue(/^fcswap1/, { timeout: 30_000 });
  await page.getByTestId('offer-input').fill(offer);
  await page.getByTestId('review-offer').click();
  await expect(page.getByTestId('review')).toHaveAttribute('data-role', 'alice', { timeout: 30_000 });
  await page.getByTestId('accept-terms').click();
  await page.getByTestId('take-amount').fill('0.02');
  await expect(page.getByTestId('start-swap')).toHaveAttribute('aria-disabled', 'true');
  await page.getByTestId('take-amount').fill('0.006');
  await page.getByTestId('sandbox-addresses').click();
  await expect(page.getByTestId('start-swap')).not.toHaveAttribute('aria-disabled', 'true', { timeout: 30_000 });
  await shot(page, '4-taker-amount');
  await page.getByTestId('start-swap').click();
  await expect(page).toHaveURL(/#\/swap\/[0-9a-f]{32}$/, { timeout: 60_000 });
  return page.url().split('/').pop()!;
}

test('a person makes an offer; a second wallet host takes it by pasting the string; both swap', async ({ page, browser }) => {
  const t0 = Date.now();
  const offer = await makeOffer(page);
  const taker = await browser.newPage();
  const id = await takeOffer(taker, offer);

  // Host 1: the offer is taken, its swap listed and linked; the person funds the BTC lock.
  await expect(page.getByTestId(`take-${id}`)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('offer-state')).toContainText('taken (1 of 2 running)');
  await shot(page, '5-taken');
  await page.getByTestId(`take-${id}`).click();
  await expect(page).toHaveURL(new RegExp(`#/swap/${id}$`));
  await expect(page.getByTestId('fund-from-sandbox')).toBeEnabled({ timeout: 120_000 });
  await page.getByTestId('fund-from-sandbox').click();
  await expect(page.getByTestId('funding-seen')).toBeVisible({ timeout: 60_000 });

  // Host 2: the XMR into its funding wallet, from the sandbox's.
  await expect(taker.getByTestId('xmr-funding')).toBeVisible({ timeout: 120_000 });
  await expect(taker.getByTestId('fund-from-sandbox')).toBeEnabled({ timeout: 60_000 });
  await taker.getByTestId('fund-from-sandbox').click();

  await expect(page.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 420_000 });
  await expect(taker.getByTestId('swap-outcome')).toContainText(/swapped/i, { timeout: 120_000 });
  await shot(taker, '6-taker-swapped');
  console.log(`make-offer e2e: made, taken and swapped both sides in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Back on the list: the take ended; revoking asks first, then the offer is revoked.
  await page.goto(`${w.url}#/make-offer`);
  await expect(page.getByTestId('offer-state')).toHaveText('open', { timeout: 30_000 });
  await expect(page.getByTestId(`take-${id}`)).toBeVisible();
  await page.getByTestId('revoke').click();
  await expect(page.getByTestId('revoke-confirm')).toBeVisible();
  await shot(page, '7-revoke-confirm');
  await page.getByTestId('revoke-yes').click();
  await expect(page.getByTestId('offer-state')).toHaveText('revoked', { timeout: 10_000 });
  await shot(page, '8-list-revoked');
  expect(await accessibility(page)).toEqual([]);
});
