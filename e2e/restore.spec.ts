// Restore from the words and the backup file through the real browser host, the real signer and a real
// keyring, on regtest with the sandbox: wallet A (backup folder set in Settings) takes a sandbox offer as
// the BTC seller and funds it; once its BTC lock is on the node its host stops (the machine dies). Wallet
// B, a second host on an empty data folder with its own keyring (a new machine, its own new seed), is
// restored on #/restore: first with another seed's words and A's file (refused: nothing changed, B's
// seed and data folder as they were), then with A's words and the file: the report says A's swap
// resumes, B's wallet lists it, and the report is still on the Resume screen until dismissed. Nothing
// in the page is stubbed. Screenshots: e2e/artifacts/restore-*.png (and the seed's words on the real host).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ChannelName, ChannelRequest, ChannelResponse } from '../shared/ipc/channels';
import { seedToMnemonic } from '../shared/crypto/seed-mnemonic';
import { accessibilityProblems } from './a11y-check';
import { E2E_HOST_TOKEN } from './e2e-host-token';
import { printPageLogOnFailure, startRealWallet, type RealWallet } from './real-wallet';
import { startExtraHost, type ExtraHost } from './extra-host';

const portA = Number(process.env.FCSWAP_E2E_RESTORE_PORT ?? 47381);
const portB = portA + 1;
const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/restore-${name}.png`, fullPage: true });

let w: RealWallet | undefined;
let b: ExtraHost | undefined;
printPageLogOnFailure(test);
test.afterAll(async () => {
  await b?.stop();
  await w?.stop();
});

/** One channel call to a host, as its page makes it (Origin and the start's secret). */
async function call<C extends ChannelName>(url: string, channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  const res = await fetch(`${url}api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url.slice(0, -1), authorization: `Bearer ${E2E_HOST_TOKEN}` },
    body: JSON.stringify({ channel, request }),
  });
  const a = (await res.json()) as { ok: true; value: ChannelResponse<C> } | { ok: false; error: { kind: string; message: string } };
  if (!a.ok) throw new Error(`${channel}: ${a.error.kind}: ${a.error.message}`);
  return a.value;
}

async function until<T>(what: string, ms: number, f: () => Promise<T | null | undefined | false>): Promise<T> {
  const t0 = Date.now();
  let last = '';
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() - t0 > ms) throw new Error(`${what}: not within ${ms} ms (${last})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const daemonReady = (url: string) => until('the daemon', 180_000, async () => (await call(url, 'app:status', {})).daemon.state === 'ready');

const swapFiles = (dataDir: string) => (existsSync(path.join(dataDir, 'daemon', 'transcripts')) ? readdirSync(path.join(dataDir, 'daemon', 'transcripts')).filter((f) => f.endsWith('.fct')) : []);

test('restore on a new machine from the words and the backup file: another seed\'s words refused with nothing changed, then the swap resumes and the report says so', async ({ page }) => {
  test.setTimeout(900_000);
  const t0 = Date.now();
  w = await startRealWallet({ port: portA, blockMs: 500 });
  // startRealWallet keeps its folders under one work dir: the sandbox's, the renderer build, the wallet.
  const work = path.dirname(path.dirname(w.sandboxFile));
  const backupDir = path.join(work, 'backup-folder');
  await daemonReady(w.url);
  await call(w.url, 'settings:set', { backupDir });
  // The backup folder is read when the wallet opens: a restart of A's host opens it with the folder.
  await w.killAndRestartHost();
  await daemonReady(w.url);

  // The seed screen on the real host: the words behind the confirmation.
  await page.goto(`${w.url}#/seed`);
  await page.getByTestId('seed-show').click();
  await page.getByTestId('seed-private-yes').click();
  await expect(page.getByTestId('seed-words')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'seed-words-real-host');
  const words = (await call(w.url, 'seed:words', { confirm: true })).words.join(' ');

  // A takes a sandbox offer as the BTC seller and funds it; after the BTC lock its machine dies.
  const offer = (await call(w.url, 'sandbox:offer', {})).offer;
  const addr = await call(w.url, 'sandbox:addresses', {});
  const { swapId } = await call(w.url, 'swap:start', { offer, btcAddress: addr.btc, xmrAddress: addr.xmr });
  await until('the funding ask', 180_000, async () => {
    const v = await call(w!.url, 'swap:get', { swapId });
    return v.funding !== null && v.asks.length > 0;
  });
  const opened = statSync(path.join(backupDir, 'fcswap-backup.enc')).size;
  await call(w.url, 'swap:action', { swapId, action: 'fund-from-sandbox' });
  await until('the BTC lock', 300_000, async () => (await call(w!.url, 'swap:get', { swapId })).txs.some((t) => t.chain === 'btc' && t.name === 'lock'));
  const file = path.join(backupDir, 'fcswap-backup.enc');
  const walletLog = path.join(work, 'wallet', 'logs', 'current.log');
  const backupLines = () => (existsSync(walletLog) ? readFileSync(walletLog, 'utf8').split('\n').filter((l) => /backup/.test(l)).slice(-8).join('\n') : 'no wallet log');
  // The writer coalesces: wait until the file holds more than the empty wallet's and stopped changing for 2.5 s.
  let last = '';
  await until(`a backup file with the swap (${opened} bytes at open; the log: ${backupLines()})`, 120_000, async () => {
    const now = existsSync(file) ? `${statSync(file).size}:${statSync(file).mtimeMs}` : '';
    const settled = now !== '' && now === last && statSync(file).size > opened;
    last = now;
    if (!settled) await new Promise((r) => setTimeout(r, 2_500));
    return settled;
  });
  console.log(`restore.spec: the wallet log's backup lines:\n${backupLines()}`);
  await w.stopHost();
  console.log(`restore.spec: A's swap ${swapId.slice(0, 8)} locked and its host stopped after ${((Date.now() - t0) / 1000).toFixed(0)} s; backup ${statSync(file).size} bytes`);

  // B: a new machine with its own new seed.
  const t1 = Date.now();
  b = await startExtraHost({ port: portB, sandboxFile: w.sandboxFile, rendererDir: path.join(work, 'renderer'), label: 'host B' });
  await daemonReady(b.url);
  const seedB = await call(b.url, 'seed:status', {});
  await page.goto(`${b.url}#/restore`);
  await expect(page.getByTestId('screen-restore')).toBeVisible();
  await page.getByTestId('restore-file').setInputFiles(file);

  // Another seed's words with A's file: refused, and nothing changed.
  await page.getByTestId('restore-words').fill(seedToMnemonic(new Uint8Array(32).fill(42)));
  await page.getByTestId('restore-submit').click();
  await expect(page.getByTestId('restore-error')).toContainText('belongs to the seed with fingerprint', { timeout: 60_000 });
  expect((await call(b.url, 'seed:status', {})).fingerprint).toBe(seedB.fingerprint);
  expect(swapFiles(b.dataDir)).toEqual([]);
  expect(await call(b.url, 'swaps:list', {})).toEqual([]);
  await shot(page, 'refused');

  // A's words and A's file: the seed, the swap, the wallet reopened on it, the report.
  await page.getByTestId('restore-words').fill(words);
  await page.getByTestId('restore-submit').click();
  await expect(page.getByTestId('restore-report')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('restore-report-headline')).toContainText('1 swap, 1 resumes');
  await expect(page.getByTestId(`restore-report-${swapId}`)).toHaveAttribute('data-verdict', 'resumes');
  expect((await call(b.url, 'seed:status', {})).fingerprint).not.toBe(seedB.fingerprint);
  expect(swapFiles(b.dataDir)).toEqual([`${swapId}.fct`]);
  await until('the swap listed by B', 120_000, async () => (await call(b!.url, 'swaps:list', {})).some((s) => s.swapId === swapId));
  expect(await accessibilityProblems(page)).toEqual([]);
  await shot(page, 'report');

  // Kept until dismissed: on the Resume screen too.
  await page.goto(`${b.url}#/resume`);
  await expect(page.getByTestId('restore-report')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'resume-with-report');
  await page.getByTestId('restore-report-dismiss').click();
  await expect(page.getByTestId('restore-report')).toHaveCount(0);
  expect(await call(b.url, 'restore:report', {})).toBeNull();
  console.log(`restore.spec: B restored and reopened in ${((Date.now() - t1) / 1000).toFixed(0)} s; whole test ${((Date.now() - t0) / 1000).toFixed(0)} s`);
});
