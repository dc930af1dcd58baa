// The app shell in Debian Chromium through the real Node host: every route renders its screen, the
// host answers the typed channels, settings round-trip, and a screenshot of each screen is kept.
import { expect, test } from '@playwright/test';

const shot = (name: string) => ({ path: `e2e/artifacts/${name}.png`, fullPage: true });

test('the shell shows every screen and talks to the host', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto('/');
  await expect(page.getByTestId('screen-resume')).toBeVisible();
  await expect(page.getByTestId('resume-empty')).toContainText('No unfinished swaps');
  await expect(page.getByTestId('host-note')).toHaveText('Browser host (no Electron)');
  await page.screenshot(shot('shell-resume'));

  await page.getByRole('link', { name: 'New swap' }).click();
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Review offer' })).toBeDisabled();
  await expect(page.locator('#offer-why')).toContainText('cannot be accepted');
  await page.screenshot(shot('shell-wizard'));

  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByTestId('screen-history')).toContainText('No finished swaps yet');
  await page.screenshot(shot('shell-history'));

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('screen-settings')).toBeVisible();
  await page.getByLabel('Network').selectOption('testnet');
  await page.reload();
  await expect(page.getByLabel('Network')).toHaveValue('testnet');
  await page.getByLabel('Network').selectOption('regtest');
  await expect(page.getByLabel('Network')).toHaveValue('regtest');
  await page.screenshot(shot('shell-settings'));

  await page.getByRole('link', { name: 'How it works' }).click();
  await expect(page.getByTestId('screen-protocol')).toBeVisible();
  await expect(page.getByRole('img', { name: /Bob: sells Bitcoin/ })).toBeVisible();
  await expect(page.locator('[data-node="start"][data-marked="true"]')).toHaveCount(2);
  await page.screenshot(shot('shell-protocol'));

  await page.goto('/#/swap/' + 'ab'.repeat(16));
  await expect(page.getByTestId('screen-swap')).toContainText('not known to the daemon');
  await page.screenshot(shot('shell-swap-detail'));

  expect(errors).toEqual([]);
});

test('the API refuses calls from another origin', async ({ request, baseURL }) => {
  const res = await request.post(`${baseURL}api/invoke`, {
    headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
    data: { channel: 'app:info', request: {} },
  });
  expect(res.status()).toBe(403);
});
