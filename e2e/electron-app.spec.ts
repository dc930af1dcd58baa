// The real Electron app through Playwright's _electron, where Electron's binary exists. Here (no
// binary can be downloaded) it is skipped with the reason printed; it never counts as a pass.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..');
const pathTxt = path.join(root, 'node_modules/electron/path.txt');
const binary = existsSync(pathTxt) ? path.join(root, 'node_modules/electron/dist', readFileSync(pathTxt, 'utf8').trim()) : '';
const reason = !binary || !existsSync(binary) ? "Electron's binary is not installed on this machine" : !process.env.DISPLAY ? 'no display (DISPLAY unset)' : '';

test('the desktop window opens hardened and shows the shell', async () => {
  if (reason) console.log(`SKIPPED electron-app.spec: ${reason}`);
  test.skip(Boolean(reason), reason);
  const app = await electron.launch({ executablePath: binary, args: [root], env: { ...process.env, FCSWAP_DATA_DIR: path.join(root, 'test-results/electron-data') } });
  const win = await app.firstWindow();
  // No unfinished swap on a fresh data folder: the app opens on the wizard.
  await expect(win.getByTestId('screen-wizard').or(win.getByTestId('screen-resume'))).toBeVisible();
  expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await win.evaluate(() => typeof (window as unknown as { swapApi?: { invoke?: unknown } }).swapApi?.invoke)).toBe('function');
  await win.screenshot({ path: 'e2e/artifacts/electron-shell.png' });
  await app.close();
});
