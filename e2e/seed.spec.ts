// The seed screens in Debian Chromium through the real Node browser host (daemon-free): the words are
// shown only after "nobody is watching", checked at 3 random positions (a wrong pick named by its
// position, never answered), shown again only behind the same confirmation; the restore screen forgives
// a messy paste and names a bad word by position without echoing it. The seed channels are answered in
// the page by the real pure code (seed-mnemonic, seed-backup-check) over a fixed test seed: a layout,
// flow and accessibility test of the renderer; the signer side is tested in electron/signer and
// electron/app (wallet-seed). Elsewhere a banner leads to the seed screen until it is backed up.
// Screenshots: e2e/artifacts/seed-*.png.
import { expect, test, type Page, type Route } from '@playwright/test';
import type { ChannelName } from '../shared/ipc/channels';
import type { SeedStatus } from '../shared/ipc/seed-channels';
import { mnemonicToSeed, seedToMnemonic } from '../shared/crypto/seed-mnemonic';
import { checkSeedPicks } from '../shared/crypto/seed-backup-check';
import { restoreReport } from '../shared/backup/restore-report';
import { accessibilityProblems } from './a11y-check';
import { answer } from './sim-views';

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });
const WORDS = seedToMnemonic(Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff)).split(' ');

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}

/** The seed channels (and a ready status) answered in the page; every other channel goes to the real daemon-free host. */
async function stubSeed(page: Page) {
  const status: SeedStatus = { backedUp: false, fingerprint: '3f9a0c12', createdThisRun: true, required: true, unfinishedSwaps: 0 };
  const asked: { channel: ChannelName; request: unknown }[] = [];
  await page.route('**/api/invoke', async (route: Route) => {
    const { channel, request } = route.request().postDataJSON() as { channel: ChannelName; request: Record<string, unknown> };
    const reply = (body: unknown) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) });
    const refuse = (kind: string, message: string) => reply({ ok: false, error: { kind, message } });
    if (channel.startsWith('seed:') || channel.startsWith('restore:')) asked.push({ channel, request });
    switch (channel) {
      case 'app:status':
        return reply(answer('app:status', { daemon: { state: 'ready', message: 'ready' }, chains: [{ chain: 'btc', height: 812_345, status: 'ok', message: '' }, { chain: 'xmr', height: 3_101_234, status: 'ok', message: '' }], sandbox: { state: 'off', message: 'no sandbox' }, notices: [] }));
      case 'seed:status':
        return reply(answer('seed:status', status));
      case 'seed:words':
        return request.confirm === true ? reply(answer('seed:words', { words: WORDS })) : refuse('ipc-invalid', 'confirm: true required');
      case 'seed:confirm-backup': {
        const r = checkSeedPicks(WORDS, request.picks as { position: number; word: string }[]);
        if (!r.ok) return refuse(r.error.kind, r.error.message);
        status.backedUp = true;
        return reply(answer('seed:confirm-backup', status));
      }
      case 'seed:restore':
      case 'restore:run': {
        // The page's form of the words only (the restore with the real host and a backup file: restore.spec.ts).
        const r = mnemonicToSeed(request.words as string);
        if (!r.ok) return refuse(r.error.kind, r.error.message);
        Object.assign(status, { backedUp: true, createdThisRun: false, fingerprint: 'a1b2c3d4' });
        if (channel === 'seed:restore') return reply(answer('seed:restore', { status, outcome: 'replaced' }));
        return reply(answer('restore:run', { status, outcome: 'replaced', report: restoreReport({ source: 'words', restoredAt: Date.now(), backupWrittenAt: null, swaps: [] }) }));
      }
      default:
        return route.continue();
    }
  });
  return asked;
}

test('seed: shown after "nobody is watching", checked at 3 positions, shown again only behind the confirmation', async ({ page }) => {
  test.setTimeout(180_000); // seven accessibility passes; the shared 2-core machine is slow under load
  const errors = collectErrors(page);
  const asked = await stubSeed(page);
  // Elsewhere in the app, a banner says no swap can start and leads to the seed screen.
  await page.goto('/#/wizard');
  await expect(page.getByTestId('banner-seed')).toContainText('Seed not backed up');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'seed-banner');
  await page.getByRole('button', { name: 'Back up the seed' }).click();
  await expect(page.getByTestId('screen-seed')).toBeVisible();
  await expect(page.getByTestId('banner-seed')).toHaveCount(0);
  await expect(page.getByTestId('seed-state')).toContainText('not backed up yet');
  await expect(page.getByTestId('seed-state')).toContainText('no swap can start');
  await expect(page.getByTestId('seed-what')).toContainText('backup file');
  await expect(page.getByTestId('seed-words')).toHaveCount(0);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'seed-status');

  await page.getByTestId('seed-show').click();
  await expect(page.getByTestId('seed-private')).toContainText('Is nobody watching?');
  await expect(page.getByTestId('seed-words')).toHaveCount(0);
  expect(asked.filter((a) => a.channel === 'seed:words')).toEqual([]);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'seed-confirm');

  await page.getByTestId('seed-private-yes').click();
  await expect(page.getByTestId('seed-words').locator('li')).toHaveCount(24);
  for (const i of [1, 13, 24]) await expect(page.getByTestId(`seed-word-${i}`)).toContainText(WORDS[i - 1]!);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'seed-words');

  await page.getByTestId('seed-written').click();
  await expect(page.getByTestId('seed-words')).toHaveCount(0);
  const inputs = page.getByTestId('seed-check').locator('input');
  await expect(inputs).toHaveCount(3);
  const positions = await inputs.evaluateAll((els) => els.map((e) => Number(e.id.replace('seed-pick-', ''))));
  expect(new Set(positions).size).toBe(3);
  // One wrong pick: named by its position, the right word is not shown.
  const wrongAt = positions[1]!;
  for (const p of positions) await page.getByTestId(`seed-pick-${p}`).fill(p === wrongAt ? (WORDS[p - 1] === 'zoo' ? 'zebra' : 'zoo') : WORDS[p - 1]!);
  await page.getByTestId('seed-check-submit').click();
  await expect(page.getByTestId('seed-check-error')).toContainText(`Word ${wrongAt} is not`);
  await expect(page.getByTestId('seed-check-error')).not.toContainText(WORDS[wrongAt - 1]!);
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'seed-check-error');

  await page.getByTestId(`seed-pick-${wrongAt}`).fill(` ${WORDS[wrongAt - 1]!.toUpperCase()} `);
  await page.getByTestId('seed-check-submit').click();
  await expect(page.getByTestId('seed-done')).toContainText('Backed up');
  await expect(page.getByTestId('seed-state')).toHaveAttribute('data-backed-up', 'true');
  await shot(page, 'seed-backed-up');

  // Again: the words are behind the same confirmation.
  await page.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Show the words again' }).click();
  await expect(page.getByTestId('seed-private')).toBeVisible();
  await expect(page.getByTestId('seed-words')).toHaveCount(0);
  expect(asked.filter((a) => a.channel === 'seed:words').every((a) => (a.request as { confirm?: unknown }).confirm === true)).toBe(true);
  // Backed up: the banner is gone from the rest of the app.
  await page.getByRole('link', { name: 'New swap' }).click();
  await expect(page.getByTestId('screen-wizard')).toBeVisible();
  await expect(page.getByTestId('banner-seed')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('restore: a messy paste is forgiven, a bad word is named by position and not echoed, the text is cleared once restored', async ({ page }) => {
  const errors = collectErrors(page);
  await stubSeed(page);
  await page.goto('/#/seed');
  await page.getByTestId('seed-restore-link').click();
  await expect(page.getByTestId('screen-restore')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Restore from your words' })).toBeFocused();
  const bad = WORDS.map((w, i) => (i === 6 ? 'bitcoinz' : w));
  await page.getByTestId('restore-words').fill(bad.join(' '));
  await page.getByTestId('restore-submit').click();
  await expect(page.getByTestId('restore-error')).toContainText('Word 7 is not a BIP39 English word');
  await expect(page.getByTestId('restore-error')).not.toContainText('bitcoinz');
  await expect(page.getByTestId('restore-words')).toHaveAttribute('aria-invalid', 'true');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'seed-restore-error');

  // Numbered lines, capitals, tabs: as people write them down.
  const messy = WORDS.map((w, i) => `${i + 1}. ${i % 2 ? w.toUpperCase() : w}${i % 4 === 3 ? '\n' : '\t'}`).join('');
  await page.getByTestId('restore-words').fill(messy);
  await page.getByTestId('restore-submit').click();
  await expect(page.getByTestId('restore-done')).toContainText('Seed restored');
  await expect(page.getByTestId('restore-done')).toContainText('a1b2c3d4');
  await expect(page.getByTestId('restore-words')).toHaveValue('');
  // The words alone: the report says the wallet has no record of earlier swaps, and what can be done.
  await expect(page.getByTestId('restore-report-no-record')).toContainText('no record of any swap');
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'seed-restore-done');
  expect(errors).toEqual([]);
});

test('seed without a wallet: the daemon-free host answers, and the screen says why (no words, no crash)', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/#/seed');
  await expect(page.getByTestId('seed-error')).toContainText('not started in this host');
  await page.getByTestId('seed-show').click();
  await page.getByTestId('seed-private-yes').click();
  await expect(page.getByTestId('seed-words')).toHaveCount(0);
  expect(await accessibilityProblems(page)).toEqual([]);
  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});
