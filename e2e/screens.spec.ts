// Every screen that renders without a swap daemon, in Debian Chromium through the real Node browser
// host: screenshots (e2e/artifacts/<name>.png), an accessibility check on each, the daemon-unavailable
// warning, settings round-trip, and a keyboard-only walk of the wizard's first step.
import { expect, test, type Page } from '@playwright/test';
import { a11yProblems } from './a11y-check';

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

test('every daemon-free screen renders, warns and passes the accessibility check', async ({ page }) => {
  const errors = collectErrors(page);

  await page.goto('/#/resume');
  await expect(page.getByTestId('screen-resume')).toBeVisible();
  await expect(page.getByTestId('resume-empty')).toContainText('No unfinished swaps');
  await expect(page.getByTestId('host-note')).toHaveText('Browser host (no Electron)');
  await expect(page.getByTestId('status-line')).toBeVisible();
  expect(await a11yProblems(page)).toEqual([]);
  await shot(page, 'resume-empty');

  await page.getByRole('link', { name: 'New swap' }).click();
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'New swap' })).toBeFocused();
  // Without a daemon: the banner says so, and the review button says why it cannot act.
  const banner = page.getByTestId('banner-daemon');
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner).toContainText('Swap daemon unavailable');
  await page.getByLabel('Offer').fill('fcswap1example');
  const review = page.getByRole('button', { name: 'Review offer' });
  await expect(review).toBeDisabled();
  await expect(review).toHaveAccessibleDescription(/swap daemon is not ready/);
  expect(await a11yProblems(page)).toEqual([]);
  await shot(page, 'wizard-offer-daemon-unavailable');

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByTestId('history-empty')).toContainText('No finished swaps yet');
  expect(await a11yProblems(page)).toEqual([]);
  await shot(page, 'history-empty');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('screen-settings')).toBeVisible();
  await page.getByLabel('Network').selectOption('testnet');
  await page.reload();
  await expect(page.getByLabel('Network')).toHaveValue('testnet');
  await page.getByLabel('Network').selectOption('regtest');
  await expect(page.getByLabel('Network')).toHaveValue('regtest');
  await expect(page.getByRole('button', { name: 'Allow desktop notifications' })).toBeVisible();
  expect(await a11yProblems(page)).toEqual([]);
  await shot(page, 'settings');

  await page.getByRole('link', { name: 'How it works' }).click();
  await expect(page.getByTestId('screen-protocol')).toBeVisible();
  await expect(page.getByRole('img', { name: /Bob: sells Bitcoin/ })).toBeVisible();
  await expect(page.locator('[data-node="start"][data-marked="true"]')).toHaveCount(2);
  expect(await a11yProblems(page)).toEqual([]);
  await shot(page, 'protocol');

  await page.goto('/#/swap/' + 'ab'.repeat(16));
  await expect(page.getByTestId('swap-unknown')).toContainText('not known to the daemon');
  expect(await a11yProblems(page)).toEqual([]);
  await shot(page, 'swap-unknown');

  expect(errors).toEqual([]);
});

test('opened without a route and with no unfinished swap, the app goes to a new swap', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await expect(page).toHaveURL(/#\/wizard$/);
});

test('keyboard only: the wizard first step is reachable in order, with visible focus', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/#/wizard');
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await expect(page.getByTestId('banner-daemon')).toBeVisible();
  const order: string[] = [];
  const outlines: string[] = [];
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const name = (el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '').trim();
      const st = getComputedStyle(el);
      return { name: `${el.tagName.toLowerCase()}:${name}`, outline: `${st.outlineStyle} ${st.outlineWidth}`, shadow: st.boxShadow };
    });
    if (!f) break;
    order.push(f.name);
    if (f.outline.startsWith('none')) outlines.push(f.name);
    if (f.name === 'button:Review offer') break;
  }
  const at = (name: string) => order.indexOf(name);
  expect(at('a:Skip to content')).toBe(0);
  expect(at('a:New swap')).toBeGreaterThan(0);
  expect(at('textarea:Offer')).toBeGreaterThan(at('a:Settings'));
  expect(at('button:Review offer')).toBeGreaterThan(at('textarea:Offer'));
  // Every focused control shows a focus ring.
  expect(outlines).toEqual([]);

  // Type an offer with the keyboard, reach the review button, and hear why it cannot act.
  await page.getByLabel('Offer').focus();
  await page.keyboard.type('fcswap1keyboard');
  await page.keyboard.press('Tab');
  let focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
  if (focused === "Use the sandbox maker's offer") {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
  }
  expect(focused).toBe('Review offer');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Review offer' })).toHaveAccessibleDescription(/not ready/);
  await expect(page.getByTestId('review')).toHaveCount(0);

  // The skip link lands on the screen heading.
  await page.reload();
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'New swap' })).toBeFocused();
  expect(errors).toEqual([]);
});

test('the API refuses calls from another origin', async ({ request, baseURL }) => {
  const res = await request.post(`${baseURL}api/invoke`, {
    headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
    data: { channel: 'app:info', request: {} },
  });
  expect(res.status()).toBe(403);
});
